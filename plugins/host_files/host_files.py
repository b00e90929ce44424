"""Files for static hosts: ``_headers``, ``_redirects`` and plain redirect pages.

- ``_headers`` (Netlify, Cloudflare Pages): the security headers in HEADERS for
  every path, with a Content-Security-Policy that allows only what the site
  uses (``default-src 'none'``, no ``unsafe-inline``), and long caching for
  hashed assets. DEPLOY.md's nginx snippet sets the same headers.
- every HTML page (and every redirect page) carries the same policy in a
  ``<meta http-equiv="Content-Security-Policy">``, less what a meta element
  cannot hold (``frame-ancestors``): GitHub Pages sends no headers of ours.
- ``redirect_from: [old/path/, ...]`` in an article's or page's front matter
  adds ``/old/path/ /new/path/ 301`` to ``_redirects`` and writes a plain HTML
  page at the old path (a link and ``<meta http-equiv="refresh">``) for hosts
  that read no redirect files, such as GitHub Pages. A value must be a plain
  path of the site: a space, line break, full URL, ``*`` or ``..`` is refused,
  as it could add rules to ``_redirects`` or send readers to another site.
- ``content/redirects.yml`` (a list of ``from:``/``to:`` site paths, written by
  ``invoke import-wordpress`` for the old site's category and tag archives)
  adds redirects that belong to no page. Each works once the page it leads to
  is written: an old archive waits until an article is published in it.

Setting (merged over DEFAULTS):
    HOST_FILES = {
        "enabled": False,   # _headers, _redirects, redirect pages: publishconf.py turns it on
        "meta_csp": True,   # the policy in every page's <meta>; `invoke livereload` turns
                            # it off, as the live preview's refresh script is inline
        "redirects_file": "redirects.yml",  # in the content folder: old addresses that
                            # are not pages (an old site's archives); see below
    }
"""

from __future__ import annotations

import html
import os
import re

from pelican import signals

from site_core import Problem, build_state, display_path, plugin_settings, report, scheme_of

DEFAULTS = {"enabled": False, "meta_csp": True, "redirects_file": "redirects.yml"}

# Everything the pages load comes from the site itself: one stylesheet, and
# the scripts and data of the site search when it is on.
CSP = {
    "default-src": ["'none'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    # Pagefind's search runs WebAssembly: 'wasm-unsafe-eval' allows compiling it
    # and nothing else (no eval of JavaScript, no inline scripts).
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "connect-src": ["'self'"],
    "font-src": ["'self'"],
    "manifest-src": ["'self'"],
    "worker-src": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
}


# A policy in a <meta> element cannot hold these; they stay in _headers.
NOT_IN_META = ("frame-ancestors", "report-uri", "sandbox")


def content_security_policy(policy: dict[str, list[str]] = CSP) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items())


def meta_content_security_policy(policy: dict[str, list[str]] = CSP) -> str:
    """The same policy for ``<meta http-equiv="Content-Security-Policy">``, which
    every page carries so that hosts that set no headers (GitHub Pages) still
    enforce it."""
    return content_security_policy(
        {name: sources for name, sources in policy.items() if name not in NOT_IN_META})


HEADERS = {
    "Content-Security-Policy": content_security_policy(),
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
    ),
    "X-Frame-Options": "DENY",
}
IMMUTABLE = "public, max-age=31536000, immutable"


def settings_for(settings: dict) -> dict:
    return plugin_settings(settings, "HOST_FILES", DEFAULTS)


def headers_file(theme_static_dir: str, own_policies: dict[str, str] | None = None) -> str:
    """Netlify / Cloudflare Pages ``_headers``: path pattern, then indented headers.

    ``own_policies`` maps a folder (the editor's ``admin``) to the policy it has instead
    of the readers' one, in a later rule: Netlify keeps the later rule's value of a
    header. Cloudflare Pages joins both values, which a browser enforces as two
    policies, so there the editor is blocked (DEPLOY.md); its ``! Header`` line that
    would detach the first is not Netlify syntax, and one file serves both hosts."""
    lines = ["/*"]
    lines += [f"  {name}: {value}" for name, value in HEADERS.items()]
    lines += ["", f"/{theme_static_dir}/*", f"  Cache-Control: {IMMUTABLE}", ""]
    for folder, policy in (own_policies or {}).items():
        lines += [f"/{folder}/*", f"  Content-Security-Policy: {policy}",
                  "  X-Robots-Tag: noindex", ""]
    return "\n".join(lines)


def normalise(path: str) -> str:
    path = "/" + str(path).strip().lstrip("/")
    return path


# A plain path of this site: folders of letters, digits and - _ . ~ % + only.
# Anything else could add a rule to _redirects (a space or a line break), send
# readers to another site (a full URL), or catch more than one address (*).
PLAIN_SEGMENT = re.compile(r"^[A-Za-z0-9._~%+-]+$")


REDIRECT_FIX = ("Give each old address once, as the path after the domain name, "
                "like old/address/ (no https://, spaces, * or ..).")
# An old site's page at a file address (WordPress's /%postname%.html permalinks):
# its redirect page is written at that very file.
PAGE_FILE = re.compile(r"\.html?$", re.IGNORECASE)


def redirect_path_problem(value: str) -> str | None:
    """What is wrong with one ``redirect_from`` value, or None for a plain site path."""
    text = str(value).strip()
    if not text or text == "/":
        return "is the home page, which cannot move"
    if any(character.isspace() or ord(character) < 32 or ord(character) == 127
           for character in text):
        return "has a space or a line break inside it"
    if "://" in text or text.startswith("//") or scheme_of(text) is not None:
        return "is a full address: only a path of this site can redirect"
    if "*" in text:
        return "has a *, which would catch many addresses"
    segments = text.strip("/").split("/")
    if any(segment in ("..", ".") for segment in segments):
        return "goes up or across folders with . or .."
    if not all(PLAIN_SEGMENT.match(segment) for segment in segments):
        return "has characters other than letters, digits and - _ . ~ % +"
    if not text.endswith("/") and not PAGE_FILE.search(segments[-1]):
        return "does not end in '/'"
    return None


def redirect_page_file(output: str, source: str) -> str:
    """Where the redirect page for an old address is written: the folder's index.html,
    or the old page's own file (old-page.html)."""
    relative = source.strip("/")
    return os.path.join(output, relative) if PAGE_FILE.search(relative) \
        else os.path.join(output, relative, "index.html")


def redirects_file(redirects: list[tuple[str, str]]) -> str:
    """Netlify / Cloudflare Pages ``_redirects``: ``from to 301`` per line."""
    lines = [f"{source} {target} 301\n" for source, target in sorted(redirects)]
    return "".join(lines) or "# No redirects: add redirect_from to a page's front matter.\n"


def redirect_page(target_url: str) -> str:
    url = html.escape(target_url, quote=True)
    policy = html.escape(meta_content_security_policy(), quote=True)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        f"<title>This page has moved</title>\n"
        f'<meta http-equiv="refresh" content="0; url={url}">\n'
        f'<link rel="canonical" href="{url}">\n<meta name="robots" content="noindex">\n'
        "</head>\n<body>\n"
        f'<p>This page has moved to <a href="{url}">{url}</a>.</p>\n'
        "</body>\n</html>\n"
    )


def redirect_sources(content) -> list[str]:
    value = content.metadata.get("redirect_from") or []
    return [value] if isinstance(value, str) else [str(item) for item in value]


def redirect_from_problem(content, source, wrong: str) -> Problem:
    """The message for one refused ``redirect_from`` value, on that field's line."""
    return Problem(display_path(content.source_path),
                   getattr(content, "front_matter_lines", {}).get("redirect_from", 1),
                   "redirect_from", f"'{repr(str(source))[1:-1][:80]}' {wrong}", REDIRECT_FIX)


def plan_redirects(contents) -> tuple[list[tuple[str, str, object]], list[Problem]]:
    """(old path, new path, content) for every redirect_from, and the mistakes."""
    redirects, problems, taken = [], [], {}
    for content in sorted(contents, key=lambda item: item.source_path):
        for source in redirect_sources(content):
            wrong = redirect_path_problem(source)
            path = normalise(source)
            if wrong is None and taken.setdefault(path, content) is not content:
                wrong = f"is already the old address of {display_path(taken[path].source_path)}"
            if wrong is not None:
                problems.append(redirect_from_problem(content, source, wrong))
                continue
            redirects.append((path, "/" + content.url, content))
    return redirects, problems


def unpublished_problems(contents) -> list[Problem]:
    """redirect_from mistakes in drafts and hidden pages: refused now, not on the
    day they are published."""
    return [
        redirect_from_problem(content, source, wrong)
        for content in sorted(contents, key=lambda item: item.source_path)
        for source in redirect_sources(content)
        for wrong in [redirect_path_problem(source)] if wrong is not None
    ]


def read_redirects_file(path: str, shown: str) -> tuple[list[tuple[str, str]], list[Problem]]:
    """(old path, new path) pairs of a redirects.yml, and its mistakes; reads one file."""
    import yaml

    try:
        with open(path, encoding="utf-8") as file:
            text = file.read()
        entries = yaml.safe_load(text) or []
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        return [], [Problem(shown, getattr(getattr(error, "problem_mark", None), "line", 0) + 1,
                            "redirects", f"the file cannot be read ({error.__class__.__name__})",
                            "Write one '- from: /old/path/' and '  to: /new/path/' per redirect.")]
    lines = text.splitlines()

    def line_of(value: str) -> int:
        return next((number for number, line in enumerate(lines, 1) if str(value) in line), 1)

    pairs, problems = [], []
    if not isinstance(entries, list):
        entries = [entries]
    for entry in entries:
        source = entry.get("from") if isinstance(entry, dict) else None
        target = entry.get("to") if isinstance(entry, dict) else None
        if not isinstance(source, str) or not isinstance(target, str):
            problems.append(Problem(shown, line_of(entry) if entry else 1, "redirects",
                                    f"'{entry}' is not a from: and to: pair",
                                    "Write '- from: /old/path/' and '  to: /new/path/'."))
            continue
        for name, value in (("from", source), ("to", target)):
            wrong = redirect_path_problem(value)
            if wrong:
                problems.append(Problem(shown, line_of(value), f"redirects {name}",
                                        f"'{repr(value)[1:-1][:80]}' {wrong}", REDIRECT_FIX))
                break
        else:
            pairs.append((normalise(source), normalise(target)))
    return pairs, problems


def collect(generators) -> None:
    """Check redirect_from and redirects.yml before anything is written (guardrails
    stops on errors)."""
    def of(*names):
        return [content for generator in generators for name in names
                for content in getattr(generator, name, [])]

    redirects, problems = plan_redirects(of("articles", "pages"))
    problems += unpublished_problems(of("drafts", "hidden_articles", "hidden_pages",
                                        "draft_pages"))
    pairs = [(source, target) for source, target, _content in redirects]
    settings = generators[0].settings if generators else {}
    name = settings_for(settings)["redirects_file"] if settings else ""
    path = os.path.join(settings.get("PATH", ""), name) if name else ""
    if path and os.path.isfile(path):
        extra, found = read_redirects_file(path, display_path(path))
        problems += found
        taken = {source for source, _target in pairs}
        for source, target in extra:
            if source in taken:
                problems.append(Problem(display_path(path), 1, "redirects from",
                                        f"'{source}' is also a page's redirect_from",
                                        "Keep one of the two."))
            else:
                pairs.append((source, target))
                taken.add(source)
    for problem in problems:
        report(problem)
    if generators:  # written on finalized, once the pages they lead to exist
        build_state(settings).parts["host_files.redirects"] = pairs


def write_host_files(pelican) -> None:
    """Runs after postprocess has written every page (it is later in PLUGINS)."""
    from engine import finish_file
    from engine import settings_for as postprocess_settings

    settings = pelican.settings
    redirects = build_state(settings).parts.get("host_files.redirects", [])
    if not settings_for(settings)["enabled"]:
        return
    output = settings["OUTPUT_PATH"]
    config = postprocess_settings(settings)
    # Only to pages this build wrote: an old archive waits for its first article.
    redirects = [(source, target) for source, target in redirects
                 if os.path.exists(os.path.join(output, target.strip("/"), "index.html"))]
    for source, target in redirects:
        page = redirect_page_file(output, source)
        if not os.path.exists(page):  # a real page there wins; the host file still redirects
            finish_file(page, redirect_page(settings.get("SITEURL", "") + target).encode(), config)
    from editor import headers_policies

    finish_file(os.path.join(output, "_headers"),
                headers_file(settings["THEME_STATIC_DIR"], headers_policies(settings)).encode(),
                config)
    finish_file(os.path.join(output, "_redirects"),
                redirects_file([(s, t) for s, t in redirects]).encode(), config)


def add_policy_to_templates(generator) -> None:
    """Templates print the policy in every page's head (theme/templates/base.html)."""
    env = getattr(generator, "env", None)
    if env is not None and settings_for(generator.settings)["meta_csp"]:
        env.globals["content_security_policy"] = meta_content_security_policy()


def register():
    signals.generator_init.connect(add_policy_to_templates)
    signals.all_generators_finalized.connect(collect)
    signals.finalized.connect(write_host_files)
