"""The writers' form editor at ``/admin/``: Decap CMS, configured from our content model.

Clinic staff who do not want to write YAML front matter edit in a form with a
preview. Decap CMS (npm ``decap-cms``, pinned in package.json, copied from
``node_modules`` into the site: never a CDN) is a single-page app that reads and
writes the Markdown files in the repository through the git host's API, and
proposes every change as a branch and pull request (``editorial_workflow``).

What this plugin adds to Decap, and why no official plugin does it:

- ``editor_config(settings, people, services)`` (pure) builds Decap's whole
  configuration from ``content_model.SCHEMAS``: every field of every content type,
  its widget, whether it is required, its help text, its choices from their real
  sources (categories from CONTENT_MODEL, people from content/people.yml, services
  from content/services/, languages from LANGUAGES), the summary limit and the
  slug pattern. It is never written by hand, so the form cannot drift from what
  the build accepts; ``tests/test_editor.py`` checks it field by field.
- ``admin/editor.js`` (ours): a front matter format that writes back only the
  lines whose value the writer changed (Decap's own format re-serialises every
  key), the content blocks as editor components that write exactly our ``///``
  syntax, and a preview styled by the theme's own CSS, with each block drawn from
  the HTML our theme macros render (``block_templates``).
- ``/admin/`` gets its own Content-Security-Policy (``EDITOR_CSP``) in its
  ``<meta>`` and ``_headers``: only it names other hosts (the GitHub API); reader
  pages keep the strict one. It carries ``noindex`` and is written outside
  Pelican's writer, so no sitemap, feed, search index or reader page knows it.

Setting (merged over DEFAULTS):
    EDITOR = {
        "enabled": True,          # write /admin/ (when Decap is installed: npm ci)
        "save_as": "admin",       # the folder of the output it is written to
        "repo": "",               # owner/name of the GitHub repository (publishconf.py
                                  # takes GITHUB_REPOSITORY on GitHub Actions)
        "branch": "main",         # pull requests are opened against it
        "auth_site_domain": "",   # the Netlify site that signs writers in to GitHub
                                  # (Decap's documented sign-in; WRITING.md)
        "local_backend": "http://127.0.0.1:8081/api/v1",  # decap-server (`invoke editor`),
                                  # so a writer on a clone edits with no sign-in;
                                  # publishconf.py sets "" (production never looks for it)
    }
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
from pathlib import Path

from markupsafe import Markup
from pelican import signals

from site_core import Problem, plugin_settings, report

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
DECAP_DIST = ROOT / "node_modules" / "decap-cms" / "dist"
JS_YAML = ROOT / "node_modules" / "js-yaml" / "dist" / "js-yaml.min.js"

DEFAULTS = {"enabled": True, "save_as": "admin", "repo": "", "branch": "main",
            "auth_site_domain": "", "local_backend": "http://127.0.0.1:8081/api/v1"}

# What the editor may load and talk to, and nothing else. Decap compiles its
# configuration schema with ajv, which evaluates generated code ('unsafe-eval'), and
# styles its React components with inline <style> elements ('unsafe-inline'): both
# stay on /admin/, which only clinic staff open. The GitHub API is the
# git host the editor reads and writes through; avatars are the signed-in writer's;
# blob: is a picture being uploaded, read back by the editor before it is saved.
# tests/test_editor_browser.py fails on any request this policy refuses.
EDITOR_CSP = {
    "default-src": ["'none'"],
    "script-src": ["'self'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "blob:", "https://avatars.githubusercontent.com"],
    "connect-src": ["'self'", "blob:", "https://api.github.com"],
    "font-src": ["'self'"],
    "manifest-src": ["'self'"],
    "form-action": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
}

# Decap's widgets for our schema's field types.
WIDGETS = {
    "text": {"widget": "string"},
    "date": {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD",
             "time_format": False, "picker_utc": True},
    "list": {"widget": "list"},
    "references": {"widget": "list"},
    "yes/no": {"widget": "boolean"},
    "number": {"widget": "number", "value_type": "int"},
    "choice": {"widget": "select"},
    "person": {"widget": "select"},
}
TO_PUBLISH = "Needed before it is published (a draft may leave it empty): "
SUMMARY_HINT = "One plain sentence of at most {limit} characters; search engines show it."
SLUG_HINT = "Lower-case letters, digits and dashes only, e.g. knee-pain."
# The form shows fields in the order `invoke new` writes them; the rest follow.
FORM_ORDER = ("title", "slug", "lang", "date", "summary", "category", "tags", "author",
              "services", "translated_by", "translated_from", "reviewed_by", "last_reviewed",
              "status")
# Fields that must be present even when empty (``services: []``): the format writes them.
ALWAYS_WRITTEN = ("tags", "services")


def settings_for(settings: dict) -> dict:
    return plugin_settings(settings, "EDITOR", DEFAULTS)


def content_security_policy(local_backend: str = "") -> dict[str, list[str]]:
    """The editor's policy; a local build also lets it talk to decap-server."""
    policy = {name: list(sources) for name, sources in EDITOR_CSP.items()}
    if local_backend:
        origin = "/".join(local_backend.split("/")[:3])
        policy["connect-src"].append(origin)
    return policy


def policy_text(policy: dict[str, list[str]], *, meta: bool = False) -> str:
    from host_files import NOT_IN_META
    from host_files import content_security_policy as as_text

    return as_text({name: sources for name, sources in policy.items()
                    if not (meta and name in NOT_IN_META)})


def headers_policies(settings: dict) -> dict[str, str]:
    """The editor's folder and its policy, for host_files' ``_headers``."""
    options = settings_for(settings)
    if not options["enabled"]:
        return {}
    return {options["save_as"]: policy_text(content_security_policy(options["local_backend"]))}


# --- The configuration, from the content model -----------------------------------

def field_config(name: str, field, *, kind: str, rules: dict, choices: dict) -> dict:
    """One Decap field from one content model Field."""
    from content_model import SLUG_PATTERN

    config = {"name": name, "label": name.replace("_", " ").capitalize(),
              **WIDGETS.get(field.type, {"widget": "string"})}
    hint = field.help[:1].upper() + field.help[1:] + "." if field.help else ""
    if field.required == "to publish":
        hint = TO_PUBLISH + hint
    config["required"] = field.required is True and name not in ALWAYS_WRITTEN
    if field.type == "date" and not config["required"]:
        config["default"] = ""
    options = None
    if field.type == "person":
        options = choices["people"]
    elif field.choices:
        options = [{"label": value, "value": value} for value in field.choices]
    elif name == "category":
        options = [{"label": value, "value": value} for value in rules["categories"]]
    elif name == "services":
        options = choices["services"]
        config.update(widget="select", multiple=True)
    elif name == "lang":
        options = choices["languages"]
    if options is not None:
        config["widget"] = "select" if config["widget"] in ("string", "select") else config["widget"]
        config["options"] = options
    if name == "summary":
        limit = rules["summary_max_length"]
        config["widget"] = "text"
        config["pattern"] = [f"^[\\s\\S]{{0,{limit}}}$",
                             f"At most {limit} characters: search engines cut longer text."]
        hint = SUMMARY_HINT.format(limit=limit)
    if name == "slug":
        config["pattern"] = [SLUG_PATTERN.pattern, SLUG_HINT]
    if name == "references":
        config["fields"] = [
            {"name": "title", "label": "Title", "widget": "string", "required": True},
            {"name": "url", "label": "Web address", "widget": "string", "required": False,
             "pattern": ["^https?://", "A web address starts with https://"]},
            {"name": "publisher", "label": "Publisher", "widget": "string", "required": False},
            {"name": "year", "label": "Year", "widget": "number", "value_type": "int",
             "required": False},
        ]
    if name == "status" and kind in ("article", "translation"):
        config["default"] = "draft"  # as `invoke new`: a new article starts as a draft
    if hint:
        config["hint"] = hint
    return config


def collection_fields(kind: str, rules: dict, choices: dict, *, lang: str = "") -> list[dict]:
    from content_model import SCHEMAS

    fields = []
    schema = SCHEMAS[kind]
    order = [name for name in FORM_ORDER if name in schema]
    for name, field in [(name, schema[name]) for name in order + [
            name for name in schema if name not in order]]:
        config = field_config(name, field, kind=kind, rules=rules, choices=choices)
        if name == "lang" and lang:
            # Which language a collection holds is its filter: the field is fixed.
            config = {"name": "lang", "label": "Language", "widget": "hidden", "default": lang}
        fields.append(config)
    fields.append({"name": "body", "label": "Text", "widget": "markdown",
                   "hint": "Write in Markdown; add key points, urgent help, do and don't, "
                           "questions and figures with the + button (WRITING.md, Content blocks)."})
    return fields


def editor_config(settings: dict, people: list[dict], services: list[dict]) -> dict:
    """Decap's configuration (pure): one collection per content type and language."""
    from content_model import settings_for as model_settings
    from services import settings_for as services_settings

    options = settings_for(settings)
    rules = model_settings(settings)
    default_lang = settings.get("DEFAULT_LANG", "en")
    languages = [lang for lang in settings.get("LANGUAGES", []) if lang != default_lang]
    choices = {
        "people": [{"label": person["name"], "value": person["id"]} for person in people],
        "services": [{"label": service["title"], "value": service["slug"]}
                     for service in services],
        "languages": [{"label": lang, "value": lang} for lang in languages],
    }
    content = "content"
    articles = settings["ARTICLE_PATHS"][0].strip("/") if settings.get("ARTICLE_PATHS") else "articles"
    backend = {"name": "github", "repo": options["repo"], "branch": options["branch"],
               "squash_merges": True}
    if options["auth_site_domain"]:
        backend["site_domain"] = options["auth_site_domain"]
    common = {"create": True, "extension": "md", "summary": "{{title}}"}
    collections = [
        {**common, "name": "articles", "label": "Articles", "label_singular": "Article",
         "folder": f"{content}/{articles}", "format": "apollo-article",
         "slug": "{{slug}}", "filter": {"field": "lang", "value": default_lang},
         "fields": collection_fields("article", rules, choices, lang=default_lang)},
    ]
    for lang in languages:
        collections.append(
            {**common, "name": f"translations-{lang}", "label": f"Translations ({lang})",
             "label_singular": f"Translation ({lang})", "folder": f"{content}/{articles}",
             "format": f"apollo-translation-{lang}", "path": f"{{{{slug}}}}.{lang}",
             "slug": "{{fields.slug}}", "filter": {"field": "lang", "value": lang},
             "fields": collection_fields("translation", rules, choices, lang=lang)})
    collections += [
        {**common, "name": "services", "label": "Service pages", "label_singular": "Service page",
         "folder": f"{content}/{services_settings(settings)['path']}", "format": "apollo-service",
         "slug": "{{fields.slug}}", "fields": collection_fields("service", rules, choices)},
        {**common, "name": "pages", "label": "Site pages", "label_singular": "Site page",
         "folder": f"{content}/pages", "format": "apollo-page", "slug": "{{fields.slug}}",
         "fields": collection_fields("page", rules, choices)},
    ]
    config = {
        "load_config_file": False,
        "backend": backend,
        "publish_mode": "editorial_workflow",
        "media_folder": f"{content}/images",
        "public_folder": "{static}/images",
        "site_url": settings.get("SITEURL") or "/",
        "locale": "en",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "editor": {"preview": True},
        "collections": collections,
    }
    if options["local_backend"]:
        config["local_backend"] = {"url": options["local_backend"]}
    return config


def people_choices(settings: dict) -> list[dict]:
    from people import load_people

    people, _problems = load_people(settings)
    return [{"id": person_id, "name": person.name} for person_id, person in people.items()]


def service_choices(settings: dict) -> list[dict]:
    """Each service page's slug and title, read from content/services/ as the build reads it."""
    from front_matter import parse_front_matter, read_source
    from services import settings_for as services_settings

    folder = Path(settings["PATH"]) / services_settings(settings)["path"]
    found = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        fields = parse_front_matter(read_source(str(path)), str(path))[0]
        if isinstance(fields.get("slug"), str) and isinstance(fields.get("title"), str):
            found.append({"slug": fields["slug"], "title": fields["title"]})
    return found


# --- The blocks' preview HTML, from the theme's own macros ---------------------------

# Markers where the writer's text goes (the preview replaces them); HTML ones are
# marked safe so that the macros put them in as they are.
HTML, QUESTION, ANSWER = (Markup(f"\x01{name}\x01")  # noqa: S704 - fixed markers, no input
                          for name in ("HTML", "QUESTION", "ANSWER"))
HEADING, CAPTION = "\x01HEADING\x01", "\x01CAPTION\x01"
BLOCK_MACROS = {"key-points": ("key_points", {}), "urgent": ("urgent", {}),
                "do": ("do_dont", {"kind": "do"}), "dont": ("do_dont", {"kind": "dont"})}
DEFAULT_LEVELS = {"key-points": 2, "urgent": 2, "do": 3, "dont": 3}


def block_templates(settings: dict) -> dict:
    """Each block's HTML as the theme's macro renders it, with markers where the
    writer's text goes: the preview fills them in, so it shows the site's markup."""
    from content_blocks import component_environment, render_component
    from content_blocks import settings_for as blocks_settings

    environment = component_environment(os.path.join(settings["THEME"], "templates"))
    folder = blocks_settings(settings)["components"]

    def render(macro: str, params: dict) -> str:
        return render_component(environment, folder, macro, params)

    templates = {}
    for block, (macro, extra) in BLOCK_MACROS.items():
        templates[block] = {
            "default_level": DEFAULT_LEVELS[block],
            "levels": {str(level): {
                "heading": render(macro, {**extra, "html": HTML, "heading": HEADING,
                                          "level": level}),
                "default": render(macro, {**extra, "html": HTML, "level": level}),
            } for level in (2, 3, 4)}}
    templates["figure"] = {"caption": render("figure", {"html": HTML, "caption": CAPTION}),
                           "plain": render("figure", {"html": HTML})}
    templates["questions"] = {"html": render("qa", {"items": [
        {"question": QUESTION, "answer": ANSWER}], "lead": ""})}
    return templates


# --- Writing /admin/ --------------------------------------------------------------

def index_html(settings: dict, policy: dict) -> str:
    site = settings.get("SITENAME", "")
    return "\n".join([
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy_text(policy, meta=True)}">',
        '<meta name="robots" content="noindex, nofollow">',
        '<meta name="referrer" content="same-origin">',
        f"<title>Editor | {Markup.escape(site)}</title>",
        # editor.js first: it asks Decap to wait for the configuration it loads.
        '<script src="editor.js"></script>',
        '<script src="js-yaml.min.js"></script>',
        '<script src="decap-cms.js"></script>',
        "</head>",
        "<body></body>",
        "</html>",
        "",
    ])


def bundle_files(dist: Path) -> list[Path]:
    """Decap's app, the chunks it loads on demand and its WebAssembly (no source maps)."""
    return sorted(path for path in dist.iterdir()
                  if path.name.endswith("decap-cms.js") or path.suffix == ".wasm")


def copy_if_changed(source: Path, target: Path) -> None:
    if target.exists() and filecmp.cmp(source, target, shallow=False):
        return
    shutil.copyfile(source, target)


def write_if_changed(target: Path, text: str) -> None:
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return
    target.write_text(text, encoding="utf-8")


def write_editor(pelican) -> None:
    """Writes /admin/: the page, its configuration, our script, the theme's CSS and Decap."""
    settings = pelican.settings
    options = settings_for(settings)
    if not options["enabled"]:
        return
    if not (DECAP_DIST / "decap-cms.js").is_file() or not JS_YAML.is_file():
        report(Problem("package.json", 1, "editor",
                       "Decap CMS is not installed, so the editor at /admin/ is not written",
                       "Run 'npm ci' (or 'invoke test-tools') to install it.", severity="advice"))
        return
    target = Path(settings["OUTPUT_PATH"]) / options["save_as"]
    target.mkdir(parents=True, exist_ok=True)
    config = editor_config(settings, people_choices(settings), service_choices(settings))
    policy = content_security_policy(options["local_backend"])
    data = {"config": config, "blocks": block_templates(settings),
            "always_written": list(ALWAYS_WRITTEN), "field_types": field_types(),
            "default_lang": settings.get("DEFAULT_LANG", "en"), "alt_hint": alt_text_hint()}
    write_if_changed(target / "index.html", index_html(settings, policy))
    write_if_changed(target / "config.json", json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    copy_if_changed(HERE / "admin" / "editor.js", target / "editor.js")
    copy_if_changed(Path(settings["THEME"]) / "static" / "css" / "main.css", target / "preview.css")
    copy_if_changed(JS_YAML, target / "js-yaml.min.js")
    for path in bundle_files(DECAP_DIST):
        copy_if_changed(path, target / path.name)


def alt_text_hint() -> str:
    """The figure's alt text help, in the alt text lint's own words."""
    from content_lint import ALT_TEXT_WHAT, ALT_TEXT_WHY

    return f"Describe it: {ALT_TEXT_WHAT.lower()}. {ALT_TEXT_WHY}"


def field_types() -> dict:
    """Each field's type, for the format: dates are written bare so YAML reads a date."""
    from content_model import SCHEMAS

    return {name: field.type for schema in SCHEMAS.values() for name, field in schema.items()}


def register():
    signals.finalized.connect(write_editor)
