"""Plan and carry out an import: WordPress posts and pages as draft Markdown files.

``plan_import(export, options)`` is pure apart from reading the content folder
and the uploads folder: it returns every file it would write, with the notes
for the migration report. ``apply_plan(plan, options)`` writes them, never
replacing a file a writer has changed since the import (``--overwrite`` does),
and records what it wrote in ``wordpress-import/manifest.json`` beside the
content folder so that the next run can tell.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from pelican.settings import DEFAULT_CONFIG

from site_core import slugify

from .body import convert_body, original_upload
from .export import Export, Item

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SKIPPED_TYPES = {
    "attachment": "a media library entry: its file is copied when a post shows it",
    "revision": "an earlier version of a post",
    "nav_menu_item": "a menu entry: the site's menu is NAV_LINKS in pelicanconf.py",
    "wp_block": "a reusable block", "wp_template": "a theme template",
    "wp_template_part": "a theme template", "wp_global_styles": "theme styles",
    "wp_navigation": "a menu", "custom_css": "theme styles", "oembed_cache": "an embed cache",
}
SKIPPED_STATUSES = {
    "trash": "in WordPress's bin", "private": "private: never meant for the public site",
    "auto-draft": "an empty draft WordPress made by itself", "inherit": "part of another post",
}


@dataclass
class Options:
    content: Path
    uploads: Path | None = None
    categories: list[str] = field(default_factory=list)  # ours, from CONTENT_MODEL
    category_map: dict[str, str] = field(default_factory=dict)  # WordPress name -> ours
    author_map: dict[str, str] = field(default_factory=dict)  # WordPress login -> people id
    summary_max: int = 160
    # Pelican's SLUG_REGEX_SUBSTITUTIONS: how it makes category and tag slugs.
    slug_substitutions: list = field(
        default_factory=lambda: list(DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]))
    dry_run: bool = False
    overwrite: bool = False

    @property
    def record_folder(self) -> Path:
        return self.content.parent / "wordpress-import"


@dataclass
class PlannedFile:
    """One file to write under the content folder: Markdown, an image or redirects.yml."""

    relative: str  # path under the content folder, with /
    data: bytes
    title: str = ""
    old_address: str = ""
    kind: str = ""  # "article", "page", "image", "redirects"
    images: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Plan:
    files: list[PlannedFile]
    skipped: list[tuple[str, str, str]]  # (title, type, why)
    people_to_add: dict[str, str]  # id -> name
    unmapped_categories: list[str]
    comments: int


def archive_slug(name: str, options: Options) -> str:
    """The slug Pelican gives a category or tag of this name, so that an old archive
    redirects to the page Pelican writes ("runner's knee" -> "runners-knee")."""
    from pelican.utils import slugify as pelican_slugify

    return pelican_slugify(name, regex_subs=options.slug_substitutions)


def plain_text(fragment: str) -> str:
    from bs4 import BeautifulSoup

    text = BeautifulSoup(html.unescape(fragment or ""), "html.parser").get_text(" ")
    text = re.sub(r"%%\w+%%", "", text)  # Yoast's %%title%% style variables
    return " ".join(text.replace("\xa0", " ").split())


def clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def summary_of(item: Item, limit: int) -> tuple[str, str]:
    """(summary, where it came from): the excerpt, else the Yoast or Rank Math
    description, else the first sentence of the post."""
    for source, value in (("excerpt", item.excerpt),
                          ("Yoast description", item.meta.get("_yoast_wpseo_metadesc", "")),
                          ("Rank Math description", item.meta.get("rank_math_description", ""))):
        text = plain_text(value)
        if text:
            return clip(text, limit), source
    body = plain_text(re.sub(r"\[[^\]]*\]", " ", item.body))
    first = re.split(r"(?<=[.!?])\s", body, maxsplit=1)[0] if body else ""
    return clip(first, limit), "first sentence"


def yaml_value(value) -> str:
    """A front matter value: JSON strings and lists are valid YAML, quoted safely."""
    return json.dumps(value, ensure_ascii=False)


def front_matter(fields: list[tuple[str, object]]) -> str:
    lines = ["---"]
    for name, value in fields:
        if value is None:
            continue
        plain = isinstance(value, str) and re.fullmatch(r"[a-z0-9][a-z0-9-]*", value)
        shown = value if plain and name != "title" else yaml_value(value)
        lines.append(f"{name}: {shown}")
    return "\n".join(lines) + "\n---\n\n"


def date_part(stamp: str) -> str | None:
    match = re.match(r"^(\d{4}-\d{2}-\d{2})", stamp or "")
    return match.group(1) if match and not stamp.startswith("0000") else None


def old_address(item: Item) -> tuple[str | None, str | None]:
    """(old path, problem): the path of the post's permalink, if it can redirect."""
    from host_files import redirect_path_problem

    parts = urlsplit(item.link)
    query = parse_qs(parts.query)
    if any(key in query for key in ("p", "page_id", "attachment_id")) or not parts.path:
        return None, (f"its old address {item.link} uses WordPress's plain ?p= form, which "
                      "static hosts cannot redirect")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    problem = redirect_path_problem(path)
    if problem:
        return None, f"its old address {item.link} {problem}, so it cannot redirect"
    return path, None


class Categories:
    def __init__(self, ours: list[str], mapping: dict[str, str]):
        self.ours = ours
        by_key = {name.casefold(): name for name in ours}
        by_key.update({slugify(name): name for name in ours})
        self.mapping = {key.casefold(): value for key, value in mapping.items()}
        self.by_key = by_key

    def ours_for(self, nicename: str, name: str) -> str | None:
        for key in (name.casefold(), nicename.casefold()):
            if key in self.mapping:
                return self.mapping[key]
        return self.by_key.get(name.casefold()) or self.by_key.get(slugify(name))


def existing_slugs(content: Path, ours: set[str]) -> set[str]:
    """Slugs of the content files a writer made (the import's own files excluded)."""
    found = set()
    for path in content.rglob("*.md"):
        relative = path.relative_to(content).as_posix()
        if relative in ours:
            continue
        match = re.search(r"^slug:\s*[\"']?([^\"'\s]+)", path.read_text(encoding="utf-8",
                                                                         errors="replace"),
                          re.MULTILINE)
        found.add(match.group(1) if match else path.stem)
    return found


def load_manifest(options: Options) -> dict[str, str]:
    path = options.record_folder / "manifest.json"
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("files", {})
    except (OSError, ValueError):
        return {}


def people_ids(content: Path) -> set[str]:
    import yaml

    try:
        people = yaml.safe_load((content / "people.yml").read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError):
        return set()
    return {str(person.get("id")) for person in people if isinstance(person, dict)}


class Images:
    """Finds each uploaded image's original and plans one copy in content/images/."""

    def __init__(self, options: Options, manifest: dict[str, str]):
        self.options, self.manifest = options, manifest
        self.planned: dict[str, PlannedFile] = {}  # relative target -> file
        self.by_source: dict[Path, str] = {}

    def source_for(self, url: str) -> Path | None:
        relative = original_upload(url)
        uploads = self.options.uploads
        if relative is None or uploads is None:
            return None
        as_given = urlsplit(url).path.split("/wp-content/uploads/", 1)[1]
        for candidate in (relative, as_given):
            path = (uploads / candidate).resolve()
            if path.is_file() and uploads.resolve() in path.parents:
                return path
        return None

    def link(self, url: str) -> str | None:
        source = self.source_for(url)
        if source is None:
            return None
        if source in self.by_source:
            return "{static}/" + self.by_source[source]
        data = source.read_bytes()
        name = slugify(source.stem) + source.suffix.lower()
        relative = f"images/{name}"
        if self._taken(relative, data):
            parts = urlsplit(url).path.split("/wp-content/uploads/", 1)[1].split("/")
            prefix = "-".join(part for part in parts[:-1] if part.isdigit())
            relative = f"images/{prefix}-{name}" if prefix else f"images/wp-{name}"
        self.by_source[source] = relative
        self.planned[relative] = PlannedFile(relative, data, kind="image")
        return "{static}/" + relative

    def _taken(self, relative: str, data: bytes) -> bool:
        """Whether another picture already has this name: one planned now, or a file
        of the site that an earlier import did not write."""
        if relative in self.planned:
            return self.planned[relative].data != data
        target = self.options.content / relative
        return target.exists() and relative not in self.manifest and target.read_bytes() != data


def plan_import(export: Export, options: Options) -> Plan:
    manifest = load_manifest(options)
    images = Images(options, manifest)
    categories = Categories(options.categories, options.category_map)
    known_people = people_ids(options.content)
    taken_slugs = existing_slugs(options.content, set(manifest))
    people_to_add: dict[str, str] = {}
    unmapped: set[str] = set()
    files, skipped, redirects = [], [], {}
    comments = 0
    for item in sorted(export.items, key=lambda each: int(each.post_id or 0)):
        title = html.unescape(item.title) or f"(untitled {item.post_type} {item.post_id})"
        why = SKIPPED_TYPES.get(item.post_type)
        if why is None and item.post_type not in ("post", "page"):
            why = f"a '{item.post_type}' entry (a plugin's own content type)"
        why = why or SKIPPED_STATUSES.get(item.status)
        if why:
            skipped.append((title, item.post_type, why))
            continue
        comments += item.comments
        kind = "article" if item.post_type == "post" else "page"
        notes: list[str] = []
        slug = item.slug.lower() if SLUG.match(item.slug.lower()) else slugify(title)
        slug = slug or f"{kind}-{item.post_id}"
        if slug in taken_slugs:
            notes.append(f"the slug '{slug}' is taken by another file, so this one is "
                         f"'{slug}-2'")
            slug = f"{slug}-2"
        taken_slugs.add(slug)
        converted = convert_body(item.body, images.link)
        notes += converted.notes
        summary, source = summary_of(item, options.summary_max)
        if source == "first sentence":
            notes.append("the summary is the post's first sentence: check that it reads well")
        path, problem = old_address(item)
        if problem:
            notes.append(problem)
        date, modified = date_part(item.date), date_part(item.modified)
        fields: list[tuple[str, object]] = [("title", title), ("slug", slug)]
        if kind == "article":
            category, tags = None, [html.unescape(name) for _nice, name in item.tags]
            for nicename, name in item.categories:
                name = html.unescape(name)
                mapped = categories.ours_for(nicename, name)
                if mapped and category is None:
                    category = mapped
                else:
                    tags.append(name)
                    if not mapped:
                        unmapped.add(name)
                    elif mapped != category:
                        notes.append(f"the post was also in '{name}': an article has one "
                                     "category, so that one is a topic (tag) now")
                redirects[f"/category/{nicename}/"] = (
                    f"/categories/{archive_slug(mapped, options)}/"
                    if mapped and mapped == category else f"/topics/{archive_slug(name, options)}/")
            for nicename, name in item.tags:
                redirects[f"/tag/{nicename}/"] = \
                    f"/topics/{archive_slug(html.unescape(name), options)}/"
            if category is None:
                was = ", ".join(html.unescape(name) for _n, name in item.categories) or "none"
                category = f"TODO: one of {', '.join(options.categories)} (was: {was})"
                notes.append(f"no category of ours matches '{was}': choose one (or map it "
                             "with --category 'Old name=Our category' and import again)")
            author = author_id(item, export, options, known_people, people_to_add, notes)
            fields += [("date", date), ("modified", modified if modified and date and
                                        modified > date else None),
                       ("summary", summary), ("category", category),
                       ("tags", list(dict.fromkeys(tags))), ("author", author),
                       ("services", [])]
        else:
            fields += [("modified", modified), ("summary", summary)]
        fields += [("status", "draft"), ("redirect_from", [path] if path else None)]
        folder = "articles" if kind == "article" else "pages"
        text = front_matter(fields) + converted.markdown
        files.append(PlannedFile(f"{folder}/{slug}.md", text.encode("utf-8"), title=title,
                                 old_address=path or item.link, kind=kind,
                                 images=converted.images, notes=notes))
    files += sorted(images.planned.values(), key=lambda planned: planned.relative)
    if redirects:
        files.append(redirects_file(redirects))
    return Plan(files, skipped, people_to_add, sorted(unmapped), comments)


def author_id(item: Item, export: Export, options: Options, known: set[str],
              to_add: dict[str, str], notes: list[str]) -> str:
    login = item.creator
    if login in options.author_map:
        return options.author_map[login]
    author = export.authors.get(login)
    name = author.display_name if author else login
    for candidate in (login, slugify(login), slugify(name)):
        if candidate in known:
            return candidate
    person = slugify(name) or slugify(login) or "unknown-author"
    to_add[person] = name
    notes.append(f"the author '{name}' is not in content/people.yml yet (see the report)")
    return person


def redirects_file(redirects: dict[str, str]) -> PlannedFile:
    lines = ["# Old addresses of the WordPress site's category and tag archives, written by",
             "# invoke import-wordpress. Each redirect starts working once the page it",
             "# leads to exists (a published article in that category or topic).", ""]
    for source, target in sorted(redirects.items()):
        lines += [f"- from: {source}", f"  to: {target}"]
    return PlannedFile("redirects.yml", ("\n".join(lines) + "\n").encode("utf-8"),
                       kind="redirects", title="Old category and tag addresses")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def apply_plan(plan: Plan, options: Options) -> list[tuple[PlannedFile, str]]:
    """Write the plan; (file, what happened) for each. Writes nothing on a dry run."""
    manifest = load_manifest(options)
    outcomes = []
    for planned in plan.files:
        target = options.content / planned.relative
        current = target.read_bytes() if target.exists() else None
        if current == planned.data:
            outcome = "unchanged"
        elif current is None:
            outcome = "new"
        elif manifest.get(planned.relative) == digest(current) or options.overwrite:
            outcome = "updated"
        else:
            edited = planned.relative in manifest
            outcome = ("kept: edited since the import (--overwrite replaces it)" if edited
                       else "kept: a file of the site is already there (--overwrite replaces it)")
        if outcome in ("new", "updated") and not options.dry_run:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(planned.data)
        if not outcome.startswith("kept"):
            manifest[planned.relative] = digest(planned.data)
        outcomes.append((planned, outcome))
    if not options.dry_run:
        options.record_folder.mkdir(parents=True, exist_ok=True)
        write_if_changed(options.record_folder / "manifest.json", json.dumps(
            {"files": dict(sorted(manifest.items()))}, indent=2).encode() + b"\n")
    return outcomes


def write_if_changed(path: Path, data: bytes) -> None:
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)
