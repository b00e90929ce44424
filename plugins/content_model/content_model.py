"""Content model: one declared schema per content type, checked on every build.

Each kind of content (article, service page, site page) has a schema: field
name -> Field(type, required, rules). ``validate`` checks one file's front
matter against it and ``validate_body`` checks its Markdown text; both are pure
and return ``Problem``s phrased as ``path:line: field: what is wrong. How to fix
it.`` The signal handlers only feed them and report what they return.

Also: the category of an article can come from its folder
(``content/articles/treatments/x.md`` -> "Treatments"), so writers type less.

Unknown people and services are checked by the people and services plugins,
bad dates and broken YAML by front_matter, review dates by clinical_review,
duplicate slugs by guardrails. No official plugin validates front matter
against a schema with line numbers and near-match suggestions, hence our own.

Setting (merged over DEFAULTS):
    CONTENT_MODEL = {
        "categories": [...],        # the fixed list an article's category is taken from
        "summary_max_length": 160,  # the summary becomes the meta description
    }
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import hashlib
import os
import pickle
import re
from dataclasses import dataclass

from pelican import signals
from pelican.contents import Article
from pelican.urlwrappers import Category

from engine import conversion, settings_digest
from front_matter import parse_front_matter, read_source
from site_core import (
    SLUG_MAX_BYTES,
    Problem,
    Provides,
    address_slug,
    all_contents,
    build_state,
    display_path,
    is_web_address,
    plugin_settings,
    report,
    save_pickle,
    slugify,
)

DEFAULTS = {
    "categories": ["Treatments", "Conditions", "Exercise and recovery", "Clinic news"],
    "summary_max_length": 160,
}
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TODO_PATTERN = re.compile(r"\bTODO\b")
# {filename}, |filename|, {static} and {attach} links in Markdown or HTML.
LINK_PATTERN = re.compile(r"[{|](filename|static|attach)[}|]([^)\s\"'#?>]+)")


@dataclass(frozen=True)
class Field:
    """One front matter field: its type, whether it must be there, and its rules.

    ``required`` is True (always), False (optional) or "to publish" (needed
    before an article is published, not while it is a draft).
    """

    type: str  # "text", "date", "list", "references", "person", "yes/no", "number", "choice"
    required: bool | str = False
    help: str = ""
    choices: tuple = ()


TYPE_HELP = {
    "text": "some text",
    "date": "a date written YYYY-MM-DD",
    "list": "a list in square brackets, e.g. [first, second] (or [] for none)",
    "references": ("a list of sources: each is some text, or has a title and, if known, "
                   "url, publisher, year, doi, pmid and the date it was checked (see WRITING.md)"),
    "person": "the id of a person in content/people.yml",
    "yes/no": "true or false",
    "number": "a whole number",
    "choice": "one of the allowed values",
}

COMMON = {
    "title": Field("text", True, "the page's title"),
    "slug": Field("text", False, "the last part of its address, e.g. knee-pain"),
    "summary": Field("text", True, "one plain sentence; it becomes the meta description"),
    "status": Field("choice", False, "draft keeps it out of the site",
                    ("published", "draft", "hidden")),
    "template": Field("text", False, "a template in theme/templates (rarely needed)"),
    "noindex": Field("yes/no", False, "true keeps it out of search engines and site search"),
    "modified": Field("date", False, "the day of the last real change"),
    "redirect_from": Field("list", False,
                           "old addresses that should lead here, e.g. [/old-page/]"),
}
# Why a page cannot meet its reading target (plain_language); the editorial report shows it.
WAIVER = {"plain_language_waiver": Field("text", False, "why the text cannot meet its reading "
                                                         "target, in a sentence")}

SCHEMAS: dict[str, dict[str, Field]] = {
    "article": {
        **COMMON,
        "date": Field("date", True, "the day it was first published"),
        "category": Field("text", True, "one of the categories in CONTENT_MODEL"),
        "tags": Field("list", True, "topics, e.g. [knee pain, running]"),
        "author": Field("person", True, "who wrote it: an id from content/people.yml"),
        "services": Field("list", True, "slugs of the service pages it is about, or []"),
        "reviewed_by": Field("person", "to publish", "who checked it clinically"),
        "last_reviewed": Field("date", "to publish", "the day of the clinical review"),
        "next_review": Field("date", False, "only to review sooner than the usual interval"),
        "references": Field("references", False, "sources, one per item"),
        "lang": Field("text", False, "the article's language; English articles leave it out"),
        "image": Field("text", False, "a picture in content/images/ that link previews show, "
                       "e.g. images/knee.jpg"),
        **WAIVER,
    },
    "service": {
        **COMMON,
        "slug": Field("text", True, "its address: /services/<slug>/"),
        "order": Field("number", False, "its place in lists of services"),
        **WAIVER,
    },
    "page": {
        **COMMON,
        "slug": Field("text", True, "its address: /<slug>/"),
        "order": Field("number", False, "its place in lists of pages"),
        **WAIVER,
    },
}
# A translation of an article (see WRITING.md, Translations): the English article's
# slug, its own language, translator and review; category, tags, services, author and
# date may be left out and are then the English article's.
SCHEMAS["translation"] = {
    **SCHEMAS["article"],
    "slug": Field("text", True, "the slug of the English article it translates"),
    "lang": Field("text", True, "its language code, one of LANGUAGES, e.g. pa"),
    "translated_by": Field("person", True, "who translated it: an id from content/people.yml"),
    "translated_from": Field("date", True,
                             "the date of the English version it was made from: the English "
                             "article's modified (or last_reviewed) date"),
    **{name: dataclasses.replace(SCHEMAS["article"][name], required=False)
       for name in ("date", "category", "tags", "author", "services")},
}
KIND_NAMES = {"article": "an article", "service": "a service page", "page": "a site page",
              "translation": "a translation"}


def schema_kind(kind: str, fields: dict, settings: dict) -> str:
    """An article in another language than the site's is a translation."""
    lang = fields.get("lang")
    if kind == "article" and isinstance(lang, str) and lang.strip() \
            and lang != settings.get("DEFAULT_LANG", "en"):
        return "translation"
    return kind


def settings_for(settings: dict) -> dict:
    merged = plugin_settings(settings, "CONTENT_MODEL", DEFAULTS)
    if not merged["categories"] or not all(isinstance(c, str) for c in merged["categories"]):
        raise ValueError("CONTENT_MODEL: categories must be a list of names")
    return merged


def folder_category(relative_path: str, categories: list[str]) -> str | None:
    """The category named by an article's folder: articles/<folder>/x.md."""
    parts = relative_path.replace(os.sep, "/").split("/")
    if len(parts) < 3:
        return None
    by_slug = {slugify(name): name for name in categories}
    return by_slug.get(parts[-2])


def is_placeholder(value) -> bool:
    if isinstance(value, str):
        return bool(TODO_PATTERN.search(value))
    if isinstance(value, list):
        return any(is_placeholder(item) for item in value)
    return False


REFERENCE_KEYS = ("title", "url", "publisher", "year", "doi", "pmid", "checked")
# Crossref's pattern for modern DOIs; PubMed ids are digits. Both become plain links.
DOI = re.compile(r"^10\.\d{4,9}/[-._;()/:A-Za-z0-9]+$")
PMID = re.compile(r"^[0-9]{1,9}$")


def is_iso_date(value) -> bool:
    """A date, or text YYYY-MM-DD (the front matter reader keeps nested dates as text)."""
    if isinstance(value, datetime.date):
        return True
    try:
        datetime.date.fromisoformat(str(value))
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)))


def text_error(value) -> str | None:
    if not isinstance(value, str) or isinstance(value, bool):
        return f"'{value}' is not text" if not isinstance(value, (list, dict)) else \
            "is a list, not a single value"
    return "is empty" if not value.strip() else None


def date_error(value) -> str | None:
    return None if isinstance(value, datetime.date) else f"'{value}' is not a date"


def list_error(value) -> str | None:
    if not isinstance(value, list):
        return f"'{value}' is not a list"
    if not all(isinstance(item, str) and item.strip() for item in value):
        return "every item of the list must be some text"
    return None


def source_error(item) -> str | None:
    """What is wrong with one source of ``references``: text, or a mapping with a title."""
    if isinstance(item, str) and item.strip():
        return None
    if not isinstance(item, dict) or not str(item.get("title") or "").strip():
        return "every source needs some text or a title"
    unknown = sorted(set(map(str, item)) - set(REFERENCE_KEYS))
    if unknown:
        return f"'{unknown[0]}' is not part of a source"
    doi, pmid, checked = item.get("doi"), item.get("pmid"), item.get("checked")
    if doi is not None and not DOI.match(str(doi)):
        return (f"the doi '{str(doi)[:80]}' is not a DOI; write it as it starts, "
                "with 10., e.g. doi: 10.1000/xyz123")
    if pmid is not None and not PMID.match(str(pmid)):
        return f"the pmid '{str(pmid)[:80]}' is not a PubMed id; write its digits only"
    if checked is not None and not is_iso_date(checked):
        return f"checked '{str(checked)[:80]}' is not a date written YYYY-MM-DD"
    url = item.get("url")
    if url is not None and not is_web_address(url):
        return (f"the url '{str(url)[:80]}' is not a web address; sources link with "
                "https://... (a link to code or to a file is refused)")
    return None


def references_error(value) -> str | None:
    if not isinstance(value, list):
        return f"'{value}' is not a list"
    return next((error for error in map(source_error, value) if error), None)


def yes_no_error(value) -> str | None:
    return None if isinstance(value, bool) else f"'{value}' is not true or false"


def number_error(value) -> str | None:
    if not isinstance(value, int) or isinstance(value, bool):
        return f"'{value}' is not a whole number"
    return None


# Each field type's check of a value: what is wrong with it, or None.
TYPE_CHECKS = {
    "text": text_error, "person": text_error, "choice": text_error, "date": date_error,
    "list": list_error, "references": references_error, "yes/no": yes_no_error,
    "number": number_error,
}


def type_error(value, field: Field) -> str | None:
    """What is wrong with the value's type, or None."""
    check = TYPE_CHECKS.get(field.type)
    return check(value) if check else None


def shortened(text: str, most: int = 40) -> str:
    return text if len(text) <= most else text[:most] + "…"


NAMED_BY = {"tags": ("topic", "a topic's name: a few words, e.g. [knee pain]"),
            "category": ("category", "one of the categories")}


def address_problems(fields: dict, lines: dict[str, int], kind: str, path: str,
                     slug_of, categories: list[str] = ()) -> list[Problem]:
    """Every web address a file's fields make (its slug, or its title's; its tags'
    and category's) has letters or digits and at most SLUG_MAX_BYTES bytes; pure.

    ``slug_of(text)`` is the slug the build makes of a name (site_core.address_slug).
    Without these checks Pelican skips a name with no slug ("Unable to generate
    valid slug", no file named) and the writer crashes on a name the file system
    refuses ("File name too long"), naming the output, not the source.
    """
    problems = []

    def at(name: str) -> int:
        return lines.get(name, 1)

    def too_long(slug: str) -> int:
        size = len(slug.encode("utf-8"))
        return size if size > SLUG_MAX_BYTES else 0

    slug = fields.get("slug")
    title = fields.get("title")
    if isinstance(slug, str) and SLUG_PATTERN.match(slug) and too_long(slug):
        problems.append(Problem(
            path, at("slug"), "slug",
            f"'{shortened(slug)}' is {too_long(slug)} bytes long; the most is "
            f"{SLUG_MAX_BYTES}", "Use a shorter slug: a few words with dashes, e.g. knee-pain."))
    elif not slug and isinstance(title, str) and title.strip() and not is_placeholder(title):
        made = slug_of(title)
        if not made:
            problems.append(Problem(
                path, at("title"), "title",
                f"'{shortened(title)}' has no letters or digits to make the page's address from",
                "Add a line 'slug: ...' with lower-case words and dashes, e.g. "
                "slug: knee-pain."))
        elif too_long(made):
            problems.append(Problem(
                path, at("title"), "title",
                f"the address made from the title would be {too_long(made)} bytes long; the "
                f"most is {SLUG_MAX_BYTES}",
                "Add a line 'slug: ...' with a few words and dashes, e.g. slug: knee-pain, "
                "or shorten the title."))
    for name, (what, help_text) in NAMED_BY.items():
        if name == "category" and categories:
            help_text = "one of: " + ", ".join(categories)
        value = fields.get(name)
        values = value if isinstance(value, list) else [value]
        for item in values:
            if not isinstance(item, str) or not item.strip() or is_placeholder(item):
                continue
            made = slug_of(item)
            if not made:
                problems.append(Problem(
                    path, at(name), name,
                    f"'{shortened(item)}' has no letters or digits to make the {what}'s "
                    "address from", f"Write {help_text}."))
            elif too_long(made):
                problems.append(Problem(
                    path, at(name), name,
                    f"'{shortened(item)}' would make an address of {too_long(made)} bytes; "
                    f"the most is {SLUG_MAX_BYTES}", f"Write {help_text}."))
    return problems


def validate(fields: dict, lines: dict[str, int], kind: str, rules: dict, path: str,
             *, folder_default: str | None = None, slug_of=None) -> list[Problem]:
    """Problems with one file's front matter against the schema of its kind; pure.

    ``rules`` is the merged CONTENT_MODEL setting. ``folder_default`` is the
    category the file's folder gives, if any. ``slug_of`` makes a slug of a name
    as the build does (default: Pelican's default settings).
    """
    if slug_of is None:
        from pelican.settings import DEFAULT_CONFIG

        def slug_of(text):
            return address_slug(text, DEFAULT_CONFIG)
    problems, suggested = unknown_field_problems(fields, lines, kind, path)
    for name, field in SCHEMAS[kind].items():
        problem = field_problem(name, field, fields, lines, kind, rules, path,
                                missing_ok=name in suggested or (name == "category"
                                                                 and bool(folder_default)))
        if problem is not None:
            problems.append(problem)
    problems += value_rule_problems(fields, lines, path, rules)
    addresses = address_problems(fields, lines, kind, path, slug_of, rules["categories"])
    problems += addresses + repeated_item_problems(fields, lines, path, slug_of)
    if not any(p.field == "category" for p in addresses):
        problems += category_problems(fields, lines, kind, path, rules)
    return problems


# List fields whose items each put the page on a list of its own: an item given twice
# (or twice under two spellings of one address) puts it there twice, counts it twice and
# shows the link twice. Topics are told apart by their address, as the build does.
ONCE_EACH = {"tags": ("topic", True), "services": ("service", False)}


def repeated_item_problems(fields: dict, lines: dict[str, int], path: str,
                           slug_of) -> list[Problem]:
    """An item of ``tags`` or ``services`` that an earlier item of the list already
    names; pure. ``slug_of`` makes a topic's address as the build does."""
    problems = []
    for name, (what, by_address) in ONCE_EACH.items():
        value = fields.get(name)
        if not isinstance(value, list):
            continue
        first: dict[str, str] = {}
        named: set[tuple[str, str]] = set()  # each repeat once, however often it comes
        for item in value:
            if not isinstance(item, str) or not item.strip() or is_placeholder(item):
                continue
            same = slug_of(item) if by_address else item.strip()
            if not same:
                continue  # address_problems names an item with no address
            if same not in first:
                first[same] = item
                continue
            if (same, item) in named:
                continue
            named.add((same, item))
            earlier = first[same]
            said = (f"'{shortened(item)}' is listed more than once" if item == earlier else
                    f"'{shortened(item)}' is the {what} '{shortened(earlier)}' again "
                    "(the same address)")
            problems.append(Problem(
                path, lines.get(name, 1), name, said,
                f"List each {what} once: remove '{shortened(item)}' from {name}."))
    return problems


def unknown_field_problems(fields: dict, lines: dict[str, int], kind: str,
                           path: str) -> tuple[list[Problem], set[str]]:
    """Fields the schema does not know, with the nearest known name when one is near;
    and those near names (a missing field already suggested is not named twice)."""
    schema = SCHEMAS[kind]
    problems, suggested = [], set()
    for name in fields:
        if name in schema:
            continue
        match = difflib.get_close_matches(name, list(schema), n=1, cutoff=0.7)
        suggested.update(match)
        fix = (f"Did you mean '{match[0]}'? Rename it." if match
               else "Remove it, or use one of: " + ", ".join(schema) + ".")
        problems.append(Problem(path, lines.get(name, 1), name,
                                f"'{name}' is not a field of {KIND_NAMES[kind]}", fix))
    return problems, suggested


def field_problem(name: str, field: Field, fields: dict, lines: dict[str, int], kind: str,
                  rules: dict, path: str, *, missing_ok: bool) -> Problem | None:
    """What is wrong with one field of the schema: missing, a placeholder, the wrong
    type, or not one of its choices."""
    value = fields.get(name)
    at = lines.get(name, 1)
    if value is None or value == "":
        if missing_ok or field.required is not True:
            return None  # "to publish" fields are checked by the clinical review gate
        # A draft is work in progress: a missing field only warns, and like all of a
        # draft's problems it is on its to-do list (site_core's Problem.draft), never
        # failing a build until `status: draft` goes.
        return Problem(
            path, 1, name, f"{KIND_NAMES[kind]} needs the field '{name}'",
            f"Add a line '{name}: ...' to the front matter: {field.help}.",
            severity="warning" if fields.get("status") == "draft" else "error")
    if is_placeholder(value):
        help_text = ("one of: " + ", ".join(rules["categories"])
                     if name == "category" else field.help)
        return Problem(path, at, name, "still holds a TODO placeholder",
                       f"Replace it with {help_text}.", severity="warning")
    wrong = type_error(value, field)
    if wrong:
        return Problem(path, at, name, wrong, f"Write {TYPE_HELP[field.type]}.")
    if field.choices and value not in field.choices:
        return Problem(path, at, name, f"'{value}' is not allowed",
                       "Use one of: " + ", ".join(field.choices) + ".")
    return None


def value_rule_problems(fields: dict, lines: dict[str, int], path: str,
                        rules: dict) -> list[Problem]:
    """The summary's length and the slug's form."""
    problems = []
    summary = fields.get("summary")
    limit = rules["summary_max_length"]
    if isinstance(summary, str) and not is_placeholder(summary) and len(summary) > limit:
        problems.append(Problem(
            path, lines.get("summary", 1), "summary",
            f"is {len(summary)} characters long; the most is {limit}",
            "Shorten it: search engines show it under the title and cut longer text."))
    slug = fields.get("slug")
    if isinstance(slug, str) and slug and not SLUG_PATTERN.match(slug):
        problems.append(Problem(
            path, lines.get("slug", 1), "slug", f"'{slug}' is not a valid slug",
            "Use lower-case letters, digits and dashes only, e.g. knee-pain."))
    return problems


def category_problems(fields: dict, lines: dict[str, int], kind: str, path: str,
                      rules: dict) -> list[Problem]:
    """An article's category that is not one of the site's."""
    category = fields.get("category")
    if kind not in ("article", "translation") or not isinstance(category, str) \
            or is_placeholder(category) or category in rules["categories"]:
        return []
    near = difflib.get_close_matches(category, rules["categories"], n=1, cutoff=0.6)
    hint = f"Did you mean '{near[0]}'? " if near else ""
    return [Problem(
        path, lines.get("category", 1), "category", f"'{category}' is not one of the categories",
        f"{hint}Use one of: " + ", ".join(rules["categories"]) + ".")]


def resolve_link(target: str, source_dir: str, content_root: str) -> str:
    target = target.split("#")[0]
    if target.startswith("/"):
        return os.path.normpath(os.path.join(content_root, target.lstrip("/")))
    return os.path.normpath(os.path.join(source_dir, target))


def validate_body(body: str, first_line: int, path: str, source_dir: str,
                  content_root: str, missing: set[str] | None = None) -> list[Problem]:
    """TODO markers and links to content files that do not exist; pure but for os.path.

    The targets that do not exist are added to ``missing`` (by default, the set
    whose echoes from Pelican are dropped)."""
    missing = missing_targets() if missing is None else missing
    problems = []
    for number, text in enumerate(body.splitlines(), start=first_line):
        if TODO_PATTERN.search(text):
            problems.append(Problem(
                path, number, "text", "still holds a TODO placeholder",
                "Write the text, or delete the line.", severity="warning"))
        for what, target in LINK_PATTERN.findall(text):
            resolved = resolve_link(target, source_dir, content_root)
            if not os.path.isfile(resolved):
                missing.add(target)
                problems.append(Problem(
                    path, number, "link", f"{{{what}}}{target} points to a file that does not exist",
                    link_fix(what, target, resolved, content_root)))
    return problems


IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".avif"}


def _kind_of_file(name: str) -> str:
    extension = os.path.splitext(name)[1].lower()
    return "image" if extension in IMAGE_EXTENSIONS else extension


def link_fix(what: str, target: str, resolved: str, content_root: str) -> str:
    """The file the writer most likely meant (the nearest name of the same kind, by
    difflib), or the folder to look in when no name is near."""
    root = os.path.normpath(content_root)
    kind = _kind_of_file(resolved)
    candidates = sorted(
        os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
        for folder, _folders, names in os.walk(root) for name in names
        if _kind_of_file(name) == kind)
    wanted = os.path.relpath(resolved, root).replace(os.sep, "/")
    by_name = {}
    for candidate in candidates:
        by_name.setdefault(os.path.basename(candidate), candidate)
    near = difflib.get_close_matches(wanted, candidates, n=1, cutoff=0.6) or [
        by_name[name] for name in difflib.get_close_matches(
            os.path.basename(wanted), list(by_name), n=1, cutoff=0.6)]
    if near:
        return (f"Did you mean {{{what}}}/{near[0]}? Paths start from the content folder; "
                "check the spelling, or rename the file to match.")
    folder = os.path.dirname(wanted)
    while folder and not os.path.isdir(os.path.join(root, folder)):
        folder = os.path.dirname(folder)
    if not folder:
        folder = "images" if kind == "image" else "articles"
    return (f"No file of that kind has a similar name: look in content/{folder}/ for the "
            f"file and write its path after {{{what}}}/, e.g. {{{what}}}/{folder}/file-name"
            f"{os.path.splitext(resolved)[1]}.")


def missing_targets() -> set[str]:
    """The link targets this build found missing (Pelican's echo of them is dropped)."""
    return build_state().part("content_model.missing_targets", set)


def kind_of(content) -> str:
    if isinstance(content, Article):
        return "article"
    return kind_by_path(content.source_path, content.settings)


def kind_by_path(source_path: str, settings: dict) -> str:
    from services import settings_for as services_settings

    relative = os.path.relpath(source_path, settings["PATH"]).replace(os.sep, "/")
    if any(relative.startswith(folder.rstrip("/") + "/") for folder in settings["ARTICLE_PATHS"]):
        return "article"
    if relative.split("/")[0] == services_settings(settings)["path"]:
        return "service"
    return "page"


def validate_source(fields: dict, lines: dict, source_path: str, settings: dict) -> list[Problem]:
    """The reader's check, before Pelican builds a page from a bad value; kept with the
    file's other checks (``StoredChecks``) while its bytes and the settings are the same."""
    stored = stored_checks(settings)
    checks = stored.entry(source_path, settings)
    key = (stored.settings_key(settings), display_path(source_path))
    if checks.source_key != key:
        checks.source_key, checks.source_problems = key, tuple(
            source_problems(fields, lines, source_path, settings))
        stored.changed = True
    return list(checks.source_problems)


def source_problems(fields: dict, lines: dict, source_path: str, settings: dict) -> list[Problem]:
    rules = settings_for(settings)
    kind = schema_kind(kind_by_path(source_path, settings), fields, settings)
    relative = os.path.relpath(source_path, settings["PATH"])
    default = folder_category(relative, rules["categories"]) if kind in ("article", "translation") else None
    return validate(fields, lines, kind, rules, display_path(source_path),
                    folder_default=default, slug_of=lambda text: address_slug(text, settings))


def source_of(content) -> tuple[dict, dict, str, int]:
    """(fields, lines, body, first body line) of a content file.

    Read again only when the file changed: a live session (``invoke
    livereload``) keeps these between rebuilds.
    """
    path = content.source_path
    stat = os.stat(path)
    stamp = (stat.st_mtime_ns, stat.st_size)
    sources = parsed_sources(content.settings)
    known = sources.get(path)
    if known is None or known[0] != stamp:
        text = read_source(path)
        fields, lines, body, _problems = parse_front_matter(text, display_path(path))
        first_body_line = text.count("\n") - body.count("\n") + 1
        known = sources[path] = (stamp, (fields, lines, body, first_body_line))
    return known[1]


def parsed_sources(settings: dict) -> dict[str, tuple]:
    """path -> (stamp, parsed front matter): a memo, kept while the file is unchanged."""
    return build_state(settings).memo("content_model.sources", dict)


@dataclass
class FileChecks:
    """What this plugin found in one version of a file (``digest``: the conversion
    cache's key, a hash of its bytes and of the code that reads it): whether its front
    matter names a category, the reader's check (``source_problems`` under
    ``source_key``) and the problems and missing link targets of the full check
    (under ``check_key``)."""

    digest: str
    category_given: bool | None = None
    source_key: tuple | None = None
    source_problems: tuple = ()
    check_key: tuple | None = None
    problems: tuple = ()
    missing: frozenset = frozenset()


class StoredChecks:
    """Every file's ``FileChecks``, kept between builds in ``CACHE_PATH/content_model/``.

    A build after one edit parsed the front matter of every file again and checked
    it twice (about 1.2 s of a production build of 1,000 articles); the checks are
    pure functions of the file's bytes, our code, the settings and the set of files
    in the content folder, which the digest and keys hold, so a file whose digest and
    key are the last build's keeps its results. Loaded once per cache folder (a live session keeps
    them in memory); written by one-off builds when something changed. With
    LOAD_CONTENT_CACHE off (``pelican --ignore-cache``) nothing is loaded.
    """

    FILE = "checked.pickle"
    FORMAT = 2

    def __init__(self):
        self.files: dict[str, FileChecks] = {}
        self.loaded_from: str | None = None
        self.changed = False

    @staticmethod
    def settings_key(settings: dict) -> str:
        """The digest of the build's plain settings, worked out once per build."""
        return build_state(settings).part("content_model.settings_key",
                                          lambda: settings_digest(settings))

    def load(self, settings: dict) -> None:
        folder = os.path.join(settings["CACHE_PATH"], "content_model")
        if self.loaded_from == folder:
            return
        self.loaded_from, self.files, self.changed = folder, {}, False
        if not settings.get("LOAD_CONTENT_CACHE", True):
            return
        try:
            with open(os.path.join(folder, self.FILE), "rb") as handle:
                stored = pickle.load(handle)  # noqa: S301 (our own cache file)
        except (OSError, EOFError, pickle.PickleError, AttributeError, ValueError):
            return
        if isinstance(stored, dict) and stored.get("format") == self.FORMAT:
            self.files = stored["files"]

    def entry(self, path: str, settings: dict) -> FileChecks:
        """The checks of the file's current bytes (a fresh entry if it changed)."""
        self.load(settings)
        digest = conversion.content_key(path, settings)
        found = self.files.get(path)
        if found is None or found.digest != digest:
            found = self.files[path] = FileChecks(digest)
            self.changed = True
        return found

    def save(self) -> None:
        if not self.changed or self.loaded_from is None:
            return
        kept = {path: checks for path, checks in self.files.items() if os.path.exists(path)}
        save_pickle(os.path.join(self.loaded_from, self.FILE),
                    {"format": self.FORMAT, "files": kept})
        self.changed = False


def stored_checks(settings: dict) -> StoredChecks:
    return build_state(settings).memo("content_model.stored_checks", StoredChecks)


def category_given(content) -> bool:
    """Whether the file's front matter names a category (else its folder may)."""
    checks = stored_checks(content.settings).entry(content.source_path, content.settings)
    if checks.category_given is None:
        checks.category_given = bool(source_of(content)[0].get("category"))
    return checks.category_given


def apply_folder_categories(generator) -> None:
    """Before Pelican groups articles by category: fill in the folder's category."""
    categories = settings_for(generator.settings)["categories"]
    for name in ("articles", "drafts", "hidden_articles"):
        for article in getattr(generator, name, []):
            if category_given(article):
                continue
            relative = os.path.relpath(article.source_path, generator.settings["PATH"])
            category = folder_category(relative, categories)
            if category:
                article.category = Category(category, article.settings)
                article.metadata["category"] = article.category


def check_contents(generators) -> None:
    """Every file against its schema, and its links to other files."""
    check_items(all_contents(generators))


def build_key(stored, settings, rules) -> tuple:
    """What every file's stored checks depend on besides its own bytes: the settings,
    the rules and the set of content files (links may point at any file under the
    content folder, images too)."""
    every_file = sorted(os.path.join(root, name)
                        for root, _folders, names in os.walk(settings["PATH"]) for name in names)
    return (stored.settings_key(settings), repr(sorted(rules.items())), settings["PATH"],
            hashlib.sha256("\0".join(every_file).encode()).hexdigest())


def check_items(contents: list) -> None:
    """These content objects against their schemas, and their links to other files.

    A file keeps its problems while its bytes, the settings and the set of content
    files stay the same (``StoredChecks``): a build re-checks only what was edited.
    """
    if not contents:
        return
    settings = contents[0].settings
    rules = settings_for(settings)
    stored = stored_checks(settings)
    # Once per build: a live session's quick rebuilds check edited files in the build
    # they resume, whose set of content files they do not change.
    this_build = build_state(settings).part(
        "content_model.this_build", lambda: build_key(stored, settings, rules))
    missing = missing_targets()
    for content in contents:
        checks = stored.entry(content.source_path, settings)
        key = (this_build, kind_of(content), display_path(content.source_path))
        if checks.check_key != key:
            problems, found_missing = problems_of(content, *source_of(content), rules, settings)
            checks.check_key, checks.problems, checks.missing = key, tuple(problems), frozenset(found_missing)
            stored.changed = True
        missing.update(checks.missing)
        for problem in checks.problems:
            report(problem)
    if build_state(settings).live is None:
        stored.save()
        # Nothing after the checks reads the parsed files (the Markdown source of every
        # one of them: 26 MB at 5,000 articles, held through the render pass); a live
        # session keeps them for its next rebuild.
        parsed_sources(settings).clear()


def problems_of(content, fields, lines, body, first_body_line, rules, settings,
                ) -> tuple[list[Problem], set[str]]:
    path = display_path(content.source_path)
    kind = schema_kind(kind_of(content), fields, settings)
    relative = os.path.relpath(content.source_path, settings["PATH"])
    default = folder_category(relative, rules["categories"]) if kind in ("article", "translation") else None
    missing: set[str] = set()
    image = fields.get("image")
    image_problems = [Problem(
        path, lines.get("image", 1), "image", f"'{image}' is not a file in content/images/",
        "Give the path of a picture in content/images/, e.g. images/knee.jpg.")] \
        if kind == "article" and isinstance(image, str) and image and not (
            image.startswith("images/") and os.path.isfile(os.path.join(settings["PATH"], image))) \
        else []
    problems = [*image_problems, *validate(fields, lines, kind, rules, path, folder_default=default,
                                           slug_of=lambda text: address_slug(text, settings)),
                *validate_body(body, first_body_line, path, os.path.dirname(content.source_path),
                               settings["PATH"], missing)]
    return problems, missing


def names_a_missing_target(args) -> bool:
    return bool(args) and str(args[0]) in missing_targets()


def names_a_missing_file(args) -> bool:
    return bool(args) and not os.path.exists(str(args[0]))


PROVIDES = Provides(
    # Every read checks the file's fields against its schema (front_matter runs validators).
    validators=(validate_source,),
    item_checks=(check_items,),
    dropped_echoes=(
        # Pelican warns "Unable to find '<target>'" with no file or line; our own
        # message about that link already names both.
        ("unable to find", names_a_missing_target),
        # Pelican's cache logs a raw OSError for a linked file that is not there; the
        # link's own message ("points to a file that does not exist") names file and line.
        ("modification stamp", names_a_missing_file),
    ),
)


def register():
    signals.article_generator_pretaxonomy.connect(apply_folder_categories)
    signals.all_generators_finalized.connect(check_contents)
