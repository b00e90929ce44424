"""Read a WordPress export (WXR, Tools > Export) into plain records.

The export is untrusted XML: it is parsed with entity expansion and network
access off (no XXE, no "billion laughs"), and nothing in it is run or fetched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# WordPress writes these namespaces (wp-admin/includes/export.php): wp and excerpt carry
# the WXR version (1.0, 1.1, 1.2) and, on WordPress.com and newer exports, https.
# Elements are matched by local name within these families, never by one fixed URI;
# a prefix rebound to some other namespace inside an item is not WordPress's.
NAMESPACE_FAMILIES = {
    "wp": re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/$"),
    "excerpt": re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/excerpt/$"),
    "content": re.compile(r"^https?://purl\.org/rss/1\.0/modules/content/$"),
    "dc": re.compile(r"^https?://purl\.org/dc/elements/1\.1/$"),
    "": re.compile(r"^$"),  # RSS's own elements: title, link, item, category
}
WXR_VERSION = re.compile(r"^\d+\.\d+$")  # as WordPress's importer requires


@dataclass(frozen=True)
class Author:
    login: str
    display_name: str


@dataclass
class Item:
    """One <item>: a post, a page, an attachment, a revision, a menu item..."""

    post_id: str
    post_type: str
    status: str
    title: str
    link: str
    slug: str
    creator: str
    body: str
    excerpt: str
    date: str  # "YYYY-MM-DD HH:MM:SS", the site's local time
    modified: str
    parent: str
    categories: list[tuple[str, str]] = field(default_factory=list)  # (nicename, name)
    tags: list[tuple[str, str]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: int = 0
    attachment_url: str = ""
    password: str = ""  # wp:post_password: readers needed it to see the post


@dataclass
class Export:
    base_url: str
    authors: dict[str, Author]
    items: list[Item]
    version: str = "1.2"
    notes: list[str] = field(default_factory=list)  # how the file itself was read


class ExportError(Exception):
    """The file is not a WordPress export we can read; the message says why."""


def kind_of(namespace: str | None) -> str | None:
    """Which of WordPress's namespaces an element is in ("wp", "excerpt", ...), or None."""
    for kind, family in NAMESPACE_FAMILIES.items():
        if family.match(namespace or ""):
            return kind
    return None


def children(element, name: str) -> list:
    """The child elements called ``name`` ("wp:post_id", "title"): the local name
    and the namespace family must match, whatever prefix or version the file uses."""
    from lxml import etree

    kind, _colon, local = name.rpartition(":")
    found = []
    for child in element:
        if not isinstance(child.tag, str):
            continue  # a comment or processing instruction
        qname = etree.QName(child)
        if qname.localname == local and kind_of(qname.namespace) == kind:
            found.append(child)
    return found


def text_of(element, name: str, strip: bool = True) -> str:
    found = children(element, name)
    value = (found[0].text or "") if found else ""
    return value.strip() if strip else value


MAX_EXPORT_BYTES = 1 << 30  # 1 GiB: a site's export, never a zip bomb's contents


def read_exports(path: Path) -> Export:
    """The export at ``path``: one .xml file, or every .xml file in a folder or in a
    .zip (WordPress.com hands a big site over as a zip of several files), as one."""
    import zipfile

    if path.is_dir():
        parts = [(file.name, file.read_bytes()) for file in sorted(path.glob("*.xml"))]
    elif path.suffix.lower() == ".zip" and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [member for member in archive.infolist()
                       if member.filename.lower().endswith(".xml") and not member.is_dir()
                       and "__MACOSX" not in member.filename]
            if sum(member.file_size for member in members) > MAX_EXPORT_BYTES:
                raise ExportError(f"{path}: its files are bigger than 1 GiB unpacked; unpack "
                                  "it and give the .xml files one by one")
            parts = [(member.filename, archive.read(member))
                     for member in sorted(members, key=lambda member: member.filename)]
    else:
        return read_export(path)
    if not parts:
        raise ExportError(f"{path}: has no .xml file. In WordPress, use Tools > Export > All "
                          "content and give the .xml file it makes.")
    exports = [parse_export(data, f"{path}/{name}") for name, data in parts]
    merged = Export(base_url=exports[0].base_url, authors={}, items=[],
                    version=exports[0].version)
    for export in exports:
        merged.authors.update(export.authors)
        merged.items += export.items
        merged.notes += export.notes
    return merged


def read_export(path: Path) -> Export:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ExportError(f"{path}: cannot be read as XML ({error})") from error
    return parse_export(data, str(path))


def parse_export(data: bytes, name: str) -> Export:
    from lxml import etree

    # Some plugins print blank lines before WordPress's <?xml ...?>: skip them.
    data = data.lstrip(b" \t\r\n") if not data.startswith(b"\xef\xbb\xbf") else data
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False)
    notes = []
    path = name
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        # WordPress's own importer reads such files too (its regex parser). Read what
        # libxml can recover, and say where the file is broken.
        lenient = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                                  load_dtd=False, recover=True)
        try:
            root = etree.fromstring(data, lenient)
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            raise ExportError(f"{path}: cannot be read as XML ({error})") from error
        notes.append(f"the export is not well-formed XML ({error}); what could be read was "
                     "imported: compare the posts near that line with the old site")
    channel = next(iter(children(root, "channel")), None) if root.tag == "rss" else None
    version = text_of(channel, "wp:wxr_version") if channel is not None else ""
    if channel is None or not WXR_VERSION.match(version):
        raise ExportError(f"{path}: this is not a WordPress export (WXR). In WordPress, "
                          "use Tools > Export > All content and give the .xml file it makes.")

    authors = {}
    for author in children(channel, "wp:author"):
        login = text_of(author, "wp:author_login")
        authors[login] = Author(login, text_of(author, "wp:author_display_name") or login)
    items = []
    for element in children(channel, "item"):
        item = Item(
            post_id=text_of(element, "wp:post_id"), post_type=text_of(element, "wp:post_type"),
            status=text_of(element, "wp:status"), title=text_of(element, "title"),
            link=text_of(element, "link"), slug=text_of(element, "wp:post_name"),
            creator=text_of(element, "dc:creator"),
            body=text_of(element, "content:encoded", strip=False),
            excerpt=text_of(element, "excerpt:encoded"),
            date=text_of(element, "wp:post_date"), modified=text_of(element, "wp:post_modified"),
            parent=text_of(element, "wp:post_parent"),
            attachment_url=text_of(element, "wp:attachment_url"),
            comments=len(children(element, "wp:comment")),
            password=text_of(element, "wp:post_password"),
        )
        for category in children(element, "category"):
            pair = (category.get("nicename", ""), (category.text or "").strip())
            if category.get("domain") == "category":
                item.categories.append(pair)
            elif category.get("domain") == "post_tag":
                item.tags.append(pair)
        for meta in children(element, "wp:postmeta"):
            item.meta[text_of(meta, "wp:meta_key")] = text_of(meta, "wp:meta_value")
        items.append(item)
    base = text_of(channel, "wp:base_blog_url") or text_of(channel, "link") or \
        text_of(channel, "wp:base_site_url")
    return Export(base_url=base.rstrip("/"), authors=authors, items=items, version=version,
                  notes=notes)
