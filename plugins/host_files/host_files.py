"""Files for static hosts: ``_headers``, ``_redirects`` and plain redirect pages.

- ``_headers`` (Netlify, Cloudflare Pages): the security headers in HEADERS for
  every path, with a Content-Security-Policy that allows only what the site
  uses (``default-src 'none'``, no ``unsafe-inline``), and long caching for
  hashed assets. DEPLOY.md's nginx snippet sets the same headers.
- ``redirect_from: [old/path/, ...]`` in an article's or page's front matter
  adds ``/old/path/ /new/path/ 301`` to ``_redirects`` and writes a plain HTML
  page at the old path (a link and ``<meta http-equiv="refresh">``) for hosts
  that read no redirect files, such as GitHub Pages.

Setting (merged over DEFAULTS):
    HOST_FILES = {"enabled": False}   # publishconf.py turns it on
"""

from __future__ import annotations

import html
import os

from pelican import signals

from guardrails import Problem, plugin_settings, report
from guardrails.guardrails import display_path

DEFAULTS = {"enabled": False}

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


def content_security_policy(policy: dict[str, list[str]] = CSP) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items())


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


def headers_file(theme_static_dir: str) -> str:
    """Netlify / Cloudflare Pages ``_headers``: path pattern, then indented headers."""
    lines = ["/*"]
    lines += [f"  {name}: {value}" for name, value in HEADERS.items()]
    lines += ["", f"/{theme_static_dir}/*", f"  Cache-Control: {IMMUTABLE}", ""]
    return "\n".join(lines)


def normalise(path: str) -> str:
    path = "/" + str(path).strip().lstrip("/")
    return path


def redirects_file(redirects: list[tuple[str, str]]) -> str:
    """Netlify / Cloudflare Pages ``_redirects``: ``from to 301`` per line."""
    lines = [f"{source} {target} 301\n" for source, target in sorted(redirects)]
    return "".join(lines) or "# No redirects: add redirect_from to a page's front matter.\n"


def redirect_page(target_url: str) -> str:
    url = html.escape(target_url, quote=True)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
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


def plan_redirects(contents) -> tuple[list[tuple[str, str, object]], list[Problem]]:
    """(old path, new path, content) for every redirect_from, and the mistakes."""
    redirects, problems, taken = [], [], {}
    for content in sorted(contents, key=lambda item: item.source_path):
        for source in redirect_sources(content):
            path = normalise(source)
            owner = taken.setdefault(path, content)
            if owner is not content or not path.endswith("/") or path == "/":
                problems.append(Problem(
                    display_path(content.source_path),
                    getattr(content, "front_matter_lines", {}).get("redirect_from", 1),
                    "redirect_from",
                    f"'{source}' is used twice, or is not a folder path ending in '/'",
                    "Give each old address once, as a path like old/address/.",
                ))
                continue
            redirects.append((path, "/" + content.url, content))
    return redirects, problems


_redirects: list = []


def collect(generators) -> None:
    """Check redirect_from before anything is written (guardrails stops on errors)."""
    contents = [
        content for generator in generators
        for name in ("articles", "pages")
        for content in getattr(generator, name, [])
    ]
    redirects, problems = plan_redirects(contents)
    for problem in problems:
        report(problem)
    _redirects[:] = [(source, target) for source, target, _content in redirects]


def write_host_files(pelican) -> None:
    """Runs after postprocess has written every page (it is later in PLUGINS)."""
    from postprocess.postprocess import finish_file, settings_for as postprocess_settings

    settings = pelican.settings
    redirects, _redirects[:] = list(_redirects), []
    if not settings_for(settings)["enabled"]:
        return
    output = settings["OUTPUT_PATH"]
    config = postprocess_settings(settings)
    for source, target in redirects:
        page = os.path.join(output, source.strip("/"), "index.html")
        if not os.path.exists(page):  # a real page there wins; the host file still redirects
            finish_file(page, redirect_page(settings.get("SITEURL", "") + target).encode(), config)
    finish_file(os.path.join(output, "_headers"),
                headers_file(settings["THEME_STATIC_DIR"]).encode(), config)
    finish_file(os.path.join(output, "_redirects"),
                redirects_file([(s, t) for s, t in redirects]).encode(), config)


def register():
    signals.all_generators_finalized.connect(collect)
    signals.finalized.connect(write_host_files)
