"""Plan and carry out an import: WordPress posts and pages as draft Markdown files.

``plan_import(export, options)`` is pure apart from reading the content folder
and the uploads folder: it returns every file it would write, with the notes
for the migration report. ``apply_plan(plan, options)`` writes them, never
replacing a file a writer has changed since the import (``--overwrite`` does),
and records what it wrote in ``wordpress-import/manifest.json`` beside the
content folder so that the next run can tell.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from pelican.settings import DEFAULT_CONFIG

from site_core import slugify

from .body import Attachment, Sources, convert_body, is_image, original_upload, upload_path
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
    include_protected: bool = False  # password-protected posts, as drafts with a note

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
    kind: str = ""  # "article", "page", "image", "file", "redirects"
    images: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    post_id: str = ""  # the WordPress post it came from


@dataclass
class Plan:
    files: list[PlannedFile]
    skipped: list[tuple[str, str, str]]  # (title, type, why)
    people_to_add: dict[str, str]  # id -> name
    unmapped_categories: list[str]
    comments: int
    protected: list[tuple[str, str]] = field(default_factory=list)  # (title, what happened)
    notes: list[str] = field(default_factory=list)  # about the export as a whole


def archive_slug(name: str, options: Options) -> str:
    """The slug Pelican gives a category or tag of this name, so that an old archive
    redirects to the page Pelican writes ("runner's knee" -> "runners-knee")."""
    from pelican.utils import slugify as pelican_slugify

    return pelican_slugify(name, regex_subs=options.slug_substitutions)


BLOCK_TAGS = ("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
              "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
              "hr", "li", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul")


def plain_text(fragment: str) -> str:
    """HTML as the words a reader saw: Mark<sup>up</sup> is one word, <p>s are apart."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html.unescape(fragment or ""), "html.parser")
    for element in soup.find_all(BLOCK_TAGS):
        element.insert_before(" ")
        element.insert_after(" ")
    text = soup.get_text("")
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
    # Embeds and captions say what stands there, not what the post says.
    body = re.sub(r"<figure[^>]*wp-block-embed.*?</figure>|<figcaption.*?</figcaption>", " ",
                  item.body, flags=re.DOTALL)
    body = plain_text(re.sub(r"\[[^\]]*\]", " ", body))
    first = re.split(r"(?<=[.!?])\s", body, maxsplit=1)[0] if body else ""
    return clip(first, limit), "first sentence"


def front_matter(fields: list[tuple[str, object]]) -> str:
    """YAML front matter through PyYAML's safe dumper, so that every value keeps its
    type as written (a title "2024" or "no" stays text, a date stays a date)."""
    import yaml

    data = {name: value for name, value in fields if value is not None}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=float("inf"),
                          default_flow_style=False)
    return "---\n" + text + "---\n\n"


INVISIBLE = {"Cc", "Cf", "Co", "Cs", "Zl", "Zp"}


def visible(text: str) -> tuple[str, bool]:
    """(text without bidi and other invisible control characters, whether any went)."""
    kept = "".join(character for character in text
                   if unicodedata.category(character) not in INVISIBLE or character in "\t\n")
    return kept, kept != text


def title_text(title: str) -> str:
    """A title as its text: entities decoded, HTML tags (<em>, <br>) out."""
    return plain_text(title)


def slug_for(item: Item, title: str, kind: str, notes: list[str]) -> str:
    """Our slug: WordPress's own, percent-decoded, when it is plain; else the decoded
    slug (or the title) transliterated into Latin letters; never a bare number."""
    from unidecode import unidecode

    decoded, changed = visible(unquote(item.slug or ""))
    if changed:
        notes.append("invisible control characters (such as bidi marks) were removed from "
                     "the slug")
    decoded = decoded.strip().lower()
    slug = decoded if SLUG.match(decoded) else slugify(unidecode(decoded))
    if not slug or slug.isdigit():
        slug = slugify(unidecode(visible(title)[0])) or slug
    if slug.isdigit():
        slug = f"{kind}-{slug}"
    return slug or f"{kind}-{item.post_id}"


def date_part(stamp: str) -> datetime.date | None:
    """The day of a WordPress date ("2023-05-01 09:30:00"); None for none (0000-00-00)."""
    match = re.match(r"^(\d{4}-\d{2}-\d{2})", stamp or "")
    try:
        return datetime.date.fromisoformat(match.group(1)) if match else None
    except ValueError:
        return None


def old_address(item: Item) -> tuple[str | None, str | None]:
    """(old path, problem): the path of the post's permalink, if it can redirect."""
    from host_files import PAGE_FILE, redirect_path_problem

    parts = urlsplit(item.link)
    query = parse_qs(parts.query)
    if any(key in query for key in ("p", "page_id", "attachment_id")) or not parts.path:
        return None, (f"its old address {item.link} uses WordPress's plain ?p= form, which "
                      "static hosts cannot redirect")
    path = re.sub(r"/{2,}", "/", parts.path)  # WordPress answers //greek/ as /greek/
    # A folder address gets its final '/'; an old page file (/%postname%.html) stays one.
    path = path if path.endswith("/") or PAGE_FILE.search(path) else path + "/"
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


def people_entries(content: Path) -> list[dict]:
    import yaml

    try:
        people = yaml.safe_load((content / "people.yml").read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError):
        return []
    return [person for person in people if isinstance(person, dict)] \
        if isinstance(people, list) else []


def people_ids(content: Path) -> set[str]:
    return {str(person.get("id")) for person in people_entries(content)}


def awaiting_ids(content: Path) -> set[str]:
    """The people an earlier import added whose details nobody has checked yet."""
    return {str(person.get("id")) for person in people_entries(content)
            if person.get("awaiting_details") is True}


class Images:
    """Finds each upload's original in the uploads folder and plans one copy: pictures
    in content/images/, other files (PDF, sound, video) in content/files/."""

    def __init__(self, options: Options, manifest: dict[str, str]):
        self.options, self.manifest = options, manifest
        self.planned: dict[str, PlannedFile] = {}  # relative target -> file
        self.by_source: dict[Path, str] = {}

    def source_for(self, url: str) -> Path | None:
        relative = original_upload(url)
        uploads = self.options.uploads
        if relative is None or uploads is None:
            return None
        for candidate in (relative, upload_path(url)):
            path = (uploads / candidate).resolve()
            if path.is_file() and uploads.resolve() in path.parents:
                return path
        return None

    def link(self, url: str) -> str | None:
        """The {static} link of the copied picture, or None if it is not in the uploads."""
        return self._copy(url, "images", "image")

    def file_link(self, url: str) -> str | None:
        """The {static} link of the copied file, or None if it is not in the uploads."""
        if is_image(url):
            return self.link(url)
        return self._copy(url, "files", "file")

    def _copy(self, url: str, folder: str, kind: str) -> str | None:
        source = self.source_for(url)
        if source is None:
            return None
        if source in self.by_source:
            return "{static}/" + self.by_source[source]
        data = source.read_bytes()
        name = slugify(source.stem) + source.suffix.lower()
        relative = f"{folder}/{name}"
        if self._taken(relative, data):
            parts = (upload_path(url) or "").split("/")
            prefix = "-".join(part for part in parts[:-1] if part.isdigit())
            relative = f"{folder}/{prefix}-{name}" if prefix else f"{folder}/wp-{name}"
        self.by_source[source] = relative
        self.planned[relative] = PlannedFile(relative, data, kind=kind)
        return "{static}/" + relative

    def _taken(self, relative: str, data: bytes) -> bool:
        """Whether another file already has this name: one planned now, or a file
        of the site that an earlier import did not write."""
        if relative in self.planned:
            return self.planned[relative].data != data
        target = self.options.content / relative
        return target.exists() and relative not in self.manifest and target.read_bytes() != data


def attachments_of(export: Export) -> dict[str, Attachment]:
    """The media library by id: address, alt text, caption and title of each entry."""
    return {item.post_id: Attachment(
        url=item.attachment_url or item.link,
        alt=visible(html.unescape(item.meta.get("_wp_attachment_image_alt", "")))[0].strip(),
        caption=plain_text(item.excerpt), title=title_text(item.title))
        for item in export.items if item.post_type == "attachment"}


@dataclass
class ImportRun:
    """What one import collects as it goes through the export's items."""

    export: Export
    options: Options
    images: Images
    categories: Categories
    known_people: set
    awaiting_people: set
    site_slugs: set  # the site's own pages' slugs: an old address never competes with them
    taken_slugs: set
    reusable: dict
    media: dict
    attached: dict[str, list[str]]
    people_to_add: dict[str, str] = field(default_factory=dict)
    unmapped: set[str] = field(default_factory=set)
    redirects: dict[str, str] = field(default_factory=dict)
    protected: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    comments: int = 0


def plan_import(export: Export, options: Options) -> Plan:
    manifest = load_manifest(options)
    site_slugs = existing_slugs(options.content, set(manifest))
    attached: dict[str, list[str]] = {}
    for item in export.items:
        if item.post_type == "attachment" and item.parent not in ("", "0"):
            attached.setdefault(item.parent, []).append(item.post_id)
    run = ImportRun(
        export=export, options=options, images=Images(options, manifest),
        categories=Categories(options.categories, options.category_map),
        known_people=people_ids(options.content), awaiting_people=awaiting_ids(options.content),
        site_slugs=site_slugs, taken_slugs=set(site_slugs),
        reusable={item.post_id: item for item in export.items if item.post_type == "wp_block"},
        media=attachments_of(export), attached=attached)
    files = []
    for item in sorted(export.items, key=lambda each: int(each.post_id or 0)
                       if (each.post_id or "0").isdigit() else 0):
        title = title_text(item.title) or f"(untitled {item.post_type} {item.post_id})"
        why = skip_reason(item, title, run)
        if why:
            run.skipped.append((title, item.post_type, why))
            continue
        run.comments += item.comments
        files.append(planned_post(item, title, run))
    files += sorted(run.images.planned.values(), key=lambda planned: planned.relative)
    redirects = {source: target for source, target in run.redirects.items()
                 if redirect_path_ok(source)}
    if redirects:
        files.append(redirects_file(redirects))
    return Plan(files, run.skipped, run.people_to_add, sorted(run.unmapped), run.comments,
                run.protected, list(export.notes))


def skip_reason(item: Item, title: str, run: ImportRun) -> str | None:
    """Why an entry is not imported (its type, its status, a password), or None."""
    why = SKIPPED_TYPES.get(item.post_type)
    if why is None and item.post_type not in ("post", "page"):
        why = f"a '{item.post_type}' entry (a plugin's own content type)"
    why = why or SKIPPED_STATUSES.get(item.status)
    if not why and item.password and not run.options.include_protected:
        why = ("password-protected: only readers with the password saw it "
               "(--include-protected imports it as a draft)")
        run.protected.append((title, "not imported"))
    return why


def planned_post(item: Item, title: str, run: ImportRun) -> PlannedFile:
    """One post or page as a draft file: its front matter and its converted body."""
    kind = "article" if item.post_type == "post" else "page"
    notes: list[str] = []
    if item.password:
        run.protected.append((title, "imported as a draft"))
        notes.append("the post was password-protected on WordPress: only readers with "
                     "the password saw it; decide whether it belongs on the public site")
    if "<" in item.title:
        notes.append(f"the title had HTML ({item.title.strip()}); it is its text now")
    wanted = slug_for(item, title, kind, notes)
    slug = unique_slug(wanted, run.taken_slugs, notes)
    images = run.images
    converted = convert_body(with_reusable_blocks(item.body, run.reusable, notes), images.link,
                             Sources(
        find_file=images.file_link, attachment=run.media.get,
        attached=run.attached.get(item.post_id, []), footnotes=item.meta.get("footnotes", ""),
        site_host=urlsplit(run.export.base_url).hostname or ""))
    notes += converted.notes
    summary, source = summary_of(item, run.options.summary_max)
    if source == "first sentence":
        notes.append("the summary is the post's first sentence: check that it reads well")
    path = redirect_from_path(item, wanted, run.site_slugs, notes)
    date, modified = date_part(item.date), date_part(item.modified)
    fields: list[tuple[str, object]] = [("title", title), ("slug", slug)]
    if kind == "article":
        fields += article_fields(item, date, modified, summary, run, notes)
    else:
        fields += [("modified", modified), ("summary", summary)]
    fields += [("status", "draft"), ("redirect_from", [path] if path else None)]
    folder = "articles" if kind == "article" else "pages"
    text = front_matter(fields) + converted.markdown
    return PlannedFile(f"{folder}/{slug}.md", text.encode("utf-8"), title=title,
                       old_address=path or item.link, kind=kind, images=converted.images,
                       notes=notes, post_id=item.post_id)


def unique_slug(wanted: str, taken: set[str], notes: list[str]) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3``... when another file has it."""
    slug, number = wanted, 2
    while slug in taken:
        slug, number = f"{wanted}-{number}", number + 1
    if slug != wanted:
        notes.append(f"the slug '{wanted}' is taken by another file, so this one is '{slug}'")
    taken.add(slug)
    return slug


def redirect_from_path(item: Item, wanted: str, site_slugs: set[str],
                       notes: list[str]) -> str | None:
    """The old address that should lead to the post, unless it cannot redirect or one
    of the site's own pages would compete with it (two imported posts never share one)."""
    path, problem = old_address(item)
    if problem:
        notes.append(problem)
    competing = {wanted, path.strip("/")} & site_slugs if path else set()
    if competing:
        taken = sorted(competing)[0]
        notes.append(f"its old address {path} is left out of redirect_from: the site's "
                     f"own '{taken}' would compete with it; add it by hand if the old "
                     "address should lead here")
        return None
    return path


def article_fields(item: Item, date, modified, summary: str, run: ImportRun,
                   notes: list[str]) -> list[tuple[str, object]]:
    """An article's fields after its title and slug: dates, summary, category, topics,
    author, services and picture."""
    category, tags = category_and_tags(item, run, notes)
    author = author_id(item, run.export, run.options, run.known_people, run.awaiting_people,
                       run.people_to_add, notes)
    image = featured_image(item, run.media, run.images, notes)
    return [("date", date), ("modified", modified if modified and date and modified > date
                             else None),
            ("summary", summary), ("category", category),
            ("tags", one_per_address(tags, run.options)),
            ("author", author), ("services", []), ("image", image)]


def one_per_address(tags: list[str], options: Options) -> list[str]:
    """The topics in order, each address once: a post in the category 'Exercise' and
    tagged 'exercise' has one topic page, and the site refuses a topic listed twice."""
    kept: dict[str, str] = {}
    for tag in tags:
        if tag:
            kept.setdefault(archive_slug(tag, options) or tag, tag)
    return list(kept.values())


def category_and_tags(item: Item, run: ImportRun, notes: list[str]) -> tuple[str, list[str]]:
    """The one category of ours (the first that maps), the rest as topics, and the
    redirects from the old category and tag archives."""
    options = run.options
    category, tags = None, [visible(html.unescape(name))[0] for _nice, name in item.tags]
    for nicename, raw_name in item.categories:
        name, changed = visible(html.unescape(raw_name))
        nicename, changed_slug = clean_nicename(nicename)
        if changed or changed_slug:
            notes.append(f"invisible control characters (such as bidi marks) were "
                         f"removed from the category '{name}'")
        mapped = run.categories.ours_for(nicename, name)
        if mapped and category is None:
            category = mapped
        else:
            tags.append(name)
            if not mapped:
                run.unmapped.add(name)
            elif mapped != category:
                notes.append(f"the post was also in '{name}': an article has one "
                             "category, so that one is a topic (tag) now")
        if nicename:
            run.redirects[f"/category/{nicename}/"] = (
                f"/categories/{archive_slug(mapped, options)}/"
                if mapped and mapped == category
                else f"/topics/{archive_slug(name, options)}/")
    for nicename, name in item.tags:
        nicename, _changed = clean_nicename(nicename)
        if nicename:
            run.redirects[f"/tag/{nicename}/"] = \
                f"/topics/{archive_slug(visible(html.unescape(name))[0], options)}/"
    if category is None:
        was = ", ".join(visible(html.unescape(name))[0]
                        for _n, name in item.categories) or "none"
        category = f"TODO: one of {', '.join(options.categories)} (was: {was})"
        notes.append(f"no category of ours matches '{was}': choose one (or map it "
                     "with --category 'Old name=Our category' and import again)")
    return category, tags


REUSABLE_BLOCK = re.compile(r"<!--\s*wp:block\s+(\{.*?\})\s*/?-->", re.DOTALL)


def with_reusable_blocks(body: str, reusable: dict[str, Item], notes: list[str]) -> str:
    """A reusable block (synced pattern) is kept in its own entry and only referred to
    from the post (<!-- wp:block {"ref":12} /-->); WordPress shows its content there."""
    def content(match: re.Match) -> str:
        try:
            ref = str(json.loads(match.group(1)).get("ref", ""))
        except (ValueError, AttributeError):
            ref = ""
        block = reusable.get(ref)
        if block is None:
            notes.append(f"a reusable block (id {ref or '?'}) is not in the export, so what "
                         "it showed is missing: copy it from the old site")
            return ""
        notes.append(f"the reusable block '{title_text(block.title)}' is copied into the "
                     "text: edit it here, it is no longer shared")
        return block.body

    return REUSABLE_BLOCK.sub(content, body)


def redirect_path_ok(path: str) -> bool:
    from host_files import redirect_path_problem

    return redirect_path_problem(path) is None


def clean_nicename(nicename: str) -> tuple[str, bool]:
    """A category or tag slug as an address segment: invisible characters out, even
    percent-encoded ones (%e2%80%8f is a right-to-left mark)."""
    decoded = unquote(nicename or "")
    kept, changed = visible(decoded)
    return (quote(kept, safe="-_.~") if changed else nicename).lower(), changed


def featured_image(item: Item, media: dict[str, Attachment], images: Images,
                   notes: list[str]) -> str | None:
    """The post's featured image (_thumbnail_id) copied, as the article's ``image``."""
    attachment = media.get(item.meta.get("_thumbnail_id", ""))
    if attachment is None:
        if item.meta.get("_thumbnail_id"):
            notes.append("its featured image is not in the export, so the article has none")
        return None
    link = images.link(attachment.url)
    if link is None:
        notes.append(f"its featured image {attachment.url} is not in the uploads folder, so "
                     "the article has none: copy it and import again")
        return None
    return link.removeprefix("{static}/")


def author_id(item: Item, export: Export, options: Options, known: set[str],
              awaiting: set[str], to_add: dict[str, str], notes: list[str]) -> str:
    """Our people id for the post's author: mapped with --author, found in
    content/people.yml, or a new entry there awaiting details (the export's name)."""
    from unidecode import unidecode

    login = item.creator
    if login in options.author_map:
        return options.author_map[login]
    author = export.authors.get(login)
    name = visible(html.unescape(author.display_name if author else login))[0].strip() or login
    for candidate in (login, slugify(login), slugify(unidecode(name))):
        if candidate in known - awaiting:
            return candidate
        if candidate in awaiting:
            to_add.setdefault(candidate, name)
            notes.append(f"the author '{name}' is in content/people.yml, awaiting details "
                         "(see the report)")
            return candidate
    person = slugify(unidecode(name)) or slugify(unidecode(login)) or "unknown-author"
    if person not in to_add:
        to_add[person] = name
    notes.append(f"the author '{name}' is in content/people.yml, awaiting details "
                 "(see the report)")
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
    added = add_people(plan.people_to_add, options)
    if added:
        outcomes.append((PlannedFile("people.yml", b"", kind="people",
                                     title=f"{len(added)} person(s) awaiting details"),
                         ("would add " if options.dry_run else "added ") + ", ".join(added)))
    if not options.dry_run:
        options.record_folder.mkdir(parents=True, exist_ok=True)
        write_if_changed(options.record_folder / "manifest.json", json.dumps(
            {"files": dict(sorted(manifest.items()))}, indent=2).encode() + b"\n")
    return outcomes


AWAITING_COMMENT = ("# Added by invoke import-wordpress with only the name the export gave. "
                    "Check it, add what is\n# true (role, credentials), then delete "
                    "'awaiting_details: true': until then no\n# published page may name them.\n")


def add_people(people: dict[str, str], options: Options) -> list[str]:
    """Adds the imported authors missing from content/people.yml, each with the name
    from the export and ``awaiting_details: true``; nothing else is invented. Returns
    their ids. The writer's own lines and comments are kept as they are."""
    import yaml

    path = options.content / "people.yml"
    missing = {person: name for person, name in sorted(people.items())
               if person not in people_ids(options.content)}
    if not missing:
        return []
    entries = [{"id": person, "name": name, "awaiting_details": True}
               for person, name in missing.items()]
    if not options.dry_run:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current and not current.endswith("\n"):
            current += "\n"
        block = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False,
                               width=float("inf"))
        path.write_text(current + "\n" + AWAITING_COMMENT + block, encoding="utf-8")
    return list(missing)


def write_if_changed(path: Path, data: bytes) -> None:
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)
