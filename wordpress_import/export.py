"""Read a WordPress export (WXR, Tools > Export) into plain records.

The export is untrusted XML: it is parsed with entity expansion and network
access off (no XXE, no "billion laughs"), and nothing in it is run or fetched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

NS = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}


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


@dataclass
class Export:
    base_url: str
    authors: dict[str, Author]
    items: list[Item]


class ExportError(Exception):
    """The file is not a WordPress export we can read; the message says why."""


def read_export(path: Path) -> Export:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (OSError, etree.XMLSyntaxError) as error:
        raise ExportError(f"{path}: cannot be read as XML ({error})") from error
    channel = root.find("channel")
    if root.tag != "rss" or channel is None or channel.find("wp:wxr_version", NS) is None:
        raise ExportError(f"{path}: this is not a WordPress export (WXR). In WordPress, "
                          "use Tools > Export > All content and give the .xml file it makes.")

    def text(element, name: str) -> str:
        found = element.find(name, NS)
        return (found.text or "").strip() if found is not None else ""

    authors = {}
    for author in channel.findall("wp:author", NS):
        login = text(author, "wp:author_login")
        authors[login] = Author(login, text(author, "wp:author_display_name") or login)
    items = []
    for element in channel.findall("item"):
        item = Item(
            post_id=text(element, "wp:post_id"), post_type=text(element, "wp:post_type"),
            status=text(element, "wp:status"), title=text(element, "title"),
            link=text(element, "link"), slug=text(element, "wp:post_name"),
            creator=text(element, "dc:creator"),
            body=(element.findtext("content:encoded", "", NS) or ""),
            excerpt=(element.findtext("excerpt:encoded", "", NS) or "").strip(),
            date=text(element, "wp:post_date"), modified=text(element, "wp:post_modified"),
            parent=text(element, "wp:post_parent"),
            attachment_url=text(element, "wp:attachment_url"),
            comments=len(element.findall("wp:comment", NS)),
        )
        for category in element.findall("category"):
            pair = (category.get("nicename", ""), (category.text or "").strip())
            if category.get("domain") == "category":
                item.categories.append(pair)
            elif category.get("domain") == "post_tag":
                item.tags.append(pair)
        for meta in element.findall("wp:postmeta", NS):
            item.meta[text(meta, "wp:meta_key")] = text(meta, "wp:meta_value")
        items.append(item)
    base = text(channel, "wp:base_site_url") or text(channel, "link")
    return Export(base_url=base.rstrip("/"), authors=authors, items=items)
