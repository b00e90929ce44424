"""A WordPress post body (classic or block editor) as our Markdown; pure.

``convert_body(html, find_image, sources=...)`` returns the Markdown and a list of
notes for the migration report: everything it removed, replaced or could not bring
over.

The HTML-to-Markdown step is markdownify (on BeautifulSoup, already a base
dependency), chosen over Pandoc (pypandoc-binary) after running both on the
test export: Pandoc kept raw HTML in its Markdown for every figure, styled span
and image with attributes (which our site would then show as text), tried to
fetch the YouTube iframe's address over the network while converting, took
16 to 38 ms a post against markdownify's 1 ms, and needs a 100 MB binary.
markdownify writes Markdown only and lets us say how figures become our figure
block. What WordPress itself does on display comes first, in WordPress's order
(wp-includes/default-filters.php): ``wpautop`` on a classic-editor body (autop.py,
never on a block-editor one, as WordPress skips it when a body has blocks), then
the shortcodes (shortcodes.py), then what the blocks' HTML means here (embeds,
galleries, files, footnotes kept in the post's meta).
"""

from __future__ import annotations

import html as html_module
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from markdownify import MarkdownConverter

from .autop import wpautop
from .shortcodes import (
    PAGE_BUILDER,
    VIDEO_SHORTCODES,
    attribute_words,
    parse_attributes,
    shortcode_names,
    shortcode_regex,
)

DROPPED = {"script": "a script", "style": "a style block", "form": "a form",
           "noscript": "a noscript block", "input": "a form field", "button": "a button",
           "select": "a form field", "textarea": "a form field", "object": "an embedded object",
           "embed": "an embedded object", "link": "a stylesheet link", "meta": "a meta tag"}
RESIZED = re.compile(r"-(?:\d+x\d+|scaled|rotated)(?=\.[A-Za-z0-9]+$)")
# Jetpack's image CDN serves a site's uploads as i0.wp.com/<site host>/<path>.
PHOTON_HOSTS = {"i0.wp.com", "i1.wp.com", "i2.wp.com", "i3.wp.com"}
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg")
MEDIA_ATTRIBUTES = ("src", "mp3", "m4a", "ogg", "oga", "wav", "wma", "flac", "mp4", "m4v",
                    "webm", "ogv", "wmv", "flv", "mov")


@dataclass
class Converted:
    markdown: str
    notes: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)  # the {static} links used


@dataclass
class Attachment:
    """A media library entry, as a [gallery] or [playlist] names it by id."""

    url: str
    alt: str = ""
    caption: str = ""
    title: str = ""


@dataclass
class Sources:
    """What a body may refer to beyond itself; the importer fills it in."""

    # Upload address -> {static} link of the copied file (not an image), or None.
    find_file: Callable[[str], str | None] = lambda _url: None
    # Media library id -> its entry, or None.
    attachment: Callable[[str], Attachment | None] = lambda _id: None
    # The ids of the media attached to this post (a [gallery] without ids shows them).
    attached: list[str] = field(default_factory=list)
    # The block editor keeps footnotes in the post's meta "footnotes", as JSON.
    footnotes: str = ""
    # The old site's host name (its links to its own attachment pages are dropped).
    site_host: str = ""


def upload_path(url: str) -> str | None:
    """The path of an upload inside wp-content/uploads/ as WordPress stored it, for
    the site's own addresses: the old domain's /wp-content/uploads/, WordPress.com's
    <site>.files.wordpress.com/ and Jetpack's i0-i3.wp.com copies of either; None
    for any other address."""
    parts = urlsplit(url.strip())
    host, path = (parts.hostname or "").lower(), unquote(parts.path)
    if host in PHOTON_HOSTS:
        origin, _slash, rest = path.lstrip("/").partition("/")
        host, path = origin.lower(), "/" + rest
    if host.endswith(".files.wordpress.com") and re.match(r"^/\d{4}/\d{2}/", path):
        return path.lstrip("/")
    marker = "/wp-content/uploads/"
    if marker in path:
        return path.split(marker, 1)[1]
    return None


def original_upload(url: str) -> str | None:
    """The upload path of the original behind ``url``, or None if it is not one of
    the site's uploads. WordPress's resized copies (photo-300x200.jpg) and big image
    copies (photo-scaled.jpg) map to photo.jpg."""
    relative = upload_path(url)
    return RESIZED.sub("", relative) if relative is not None else None


def is_image(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(IMAGE_EXTENSIONS)


def video_link(url: str) -> tuple[str, str] | None:
    """(watch address, provider) for a YouTube or Vimeo embed address, else None."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    if host in ("youtube.com", "youtube-nocookie.com"):
        if parts.path.startswith("/embed/"):
            return f"https://www.youtube.com/watch?v={parts.path.split('/')[2]}", "YouTube"
        video = parse_qs(parts.query).get("v")
        if video:
            return f"https://www.youtube.com/watch?v={video[0]}", "YouTube"
    if host == "youtu.be":
        return f"https://www.youtube.com/watch?v={parts.path.strip('/')}", "YouTube"
    if host in ("vimeo.com", "player.vimeo.com"):
        number = parts.path.rstrip("/").rsplit("/", 1)[-1]
        if number.isdigit():
            return f"https://vimeo.com/{number}", "Vimeo"
    return None


def link_paragraph(soup: BeautifulSoup, url: str, notes: list[str], what: str,
                   exact: bool = False) -> Tag:
    """A paragraph with a plain link in place of an embed; ``what`` says what it was
    ("a video", "a sound recording", "an embedded page"). ``exact`` keeps the address
    as the writer gave it (an embed block's); otherwise a video player's address
    becomes the video's page."""
    url = url.strip()
    found = video_link(url)
    href, provider = found if found else (url, urlsplit(url).hostname or "")
    if exact:
        href = url
    if found:
        what = "a video"
    place = provider or "another website"
    paragraph, link = soup.new_tag("p"), soup.new_tag("a", href=href)
    link.string = {"a video": f"Watch the video on {place}",
                   "a sound recording": f"Listen on {place}"}.get(
        what, f"Open the embedded page on {place}")
    paragraph.append(link)
    notes.append(f"replaced {what} from {provider or href} with a link to it "
                 "(no third-party embeds on the site)")
    return paragraph


def shortcode_unautop(text: str, names: set[str]) -> str:
    """shortcode_unautop(): a shortcode that stands alone is not a paragraph."""
    if not names:
        return text
    tags = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    pattern = re.compile(r"<p>\s*(\[(?:" + tags + r")(?![\w-])[^\]/]*(?:/(?!\])[^\]/]*)*?"
                         r"(?:/\]|\](?:[^\[]*+(?:\[(?!/(?:" + tags + r")\])[^\[]*+)*+"
                         r"\[/(?:" + tags + r")\])?))\s*</p>", re.DOTALL)
    return pattern.sub(r"\1", text)


class Shortcodes:
    """do_shortcode(): each shortcode becomes the HTML it stands for here."""

    def __init__(self, names: set[str], sources: Sources, notes: list[str]):
        self.regex = shortcode_regex(names) if names else None
        self.sources, self.notes = sources, notes
        self.removed: dict[str, int] = {}
        self.builders: dict[str, int] = {}

    def expand(self, text: str) -> str:
        return self.regex.sub(self.one, text) if self.regex else text

    def one(self, match: re.Match) -> str:
        escaped_open, name, attributes, _self_closing, content, escaped_close = match.groups()
        if escaped_open == "[" and escaped_close == "]":
            return match.group(0)[1:-1]  # [[gallery]] is how a writer shows "[gallery]"
        named, positional = parse_attributes(attributes or "")
        lower = name.lower()
        inner = self.expand(content or "")
        if lower in ("caption", "wp_caption"):
            return caption_figure(inner, named.get("caption", ""))
        if lower == "gallery":
            return self.gallery(named)
        if lower == "playlist":
            return self.playlist(named)
        if lower == "embed":
            return f'<iframe src="{html_module.escape(inner.strip())}"></iframe>'
        if lower in ("audio", "video") or lower in VIDEO_SHORTCODES:
            return self.media(lower, named, positional, inner)
        if lower == "elementor-template":
            self.notes.append(f"an Elementor template (id {named.get('id', '?')}) showed here; "
                              "its words are kept in the template, not in this post: copy "
                              "them from the old site if the page needs them")
            return ""
        if PAGE_BUILDER.match(name):
            self.builders[name] = self.builders.get(name, 0) + 1
            words = "".join(f"<p>{html_module.escape(word)}</p>"
                            for word in attribute_words(named))
            return f"\n\n<div>{words}{inner}</div>\n\n"
        self.removed[name] = self.removed.get(name, 0) + 1
        return inner

    def gallery(self, named: dict[str, str]) -> str:
        ids = [part.strip() for part in (named.get("ids") or named.get("include") or "")
               .split(",") if part.strip()] or list(self.sources.attached)
        found = [entry for entry in map(self.sources.attachment, ids) if entry]
        figures = "".join(
            f'<figure><img src="{html_module.escape(entry.url)}" '
            f'alt="{html_module.escape(entry.alt)}">'
            + (f"<figcaption>{html_module.escape(entry.caption)}</figcaption>"
               if entry.caption else "") + "</figure>"
            for entry in found if is_image(entry.url))
        if figures:
            self.notes.append(f"WordPress's own [gallery] became its {figures.count('<figure')} "
                              "image(s), one figure each")
        else:
            self.notes.append("WordPress's own [gallery] showed images that are not in the "
                              "export: add them by hand if the article needs them")
        return f"\n\n<div>{figures}</div>\n\n"

    def playlist(self, named: dict[str, str]) -> str:
        ids = [part.strip() for part in (named.get("ids") or "").split(",") if part.strip()]
        found = [entry for entry in map(self.sources.attachment, ids) if entry]
        self.notes.append("WordPress's own [playlist] became a list of links to its files"
                          if found else "WordPress's own [playlist] named files that are "
                          "not in the export, so nothing of it came across")
        items = "".join(f'<li><a href="{html_module.escape(entry.url)}">'
                        f"{html_module.escape(entry.title or entry.url.rsplit('/', 1)[-1])}"
                        "</a></li>" for entry in found)
        return f"<ul>{items}</ul>" if items else ""

    def media(self, kind: str, named: dict[str, str], positional: list[str],
              inner: str) -> str:
        candidates = [named[key] for key in MEDIA_ATTRIBUTES if named.get(key)]
        candidates += [value.lstrip("=") for value in positional]
        candidates += re.findall(r"https?://[^\s\"'<\]]+", inner)
        url = next((value for value in candidates if re.match(r"^(?:https?:)?//|^/", value)),
                   "")
        if not url:
            self.notes.append(f"WordPress's own [{kind}] had no address, so it was left out")
            return ""
        if video_link(url) or kind in VIDEO_SHORTCODES:
            return f'<iframe src="{html_module.escape(url)}"></iframe>'
        tag = "audio" if kind == "audio" else "video"
        return f'<{tag} src="{html_module.escape(url)}"></{tag}>'

    def report(self) -> None:
        if self.builders:
            names = ", ".join(f"[{name}]" for name in sorted(self.builders))
            self.notes.append(f"kept the words of the page builder's layout ({names}) "
                              "as paragraphs: check that the page reads well without it")
        if self.removed:
            names = ", ".join(f"[{name}]" for name in sorted(self.removed))
            self.notes.append(
                f"removed the shortcode{'s' if len(self.removed) > 1 else ''} {names}, kept "
                "the words between them: what a WordPress plugin showed there is gone; "
                "check whether the page needs something in its place")


def caption_figure(inner: str, caption_attribute: str) -> str:
    """[caption]<img> Words[/caption] as a figure with its caption."""
    image = re.match(r"(\s*(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)", inner, re.DOTALL)
    if not image:
        return inner
    words = image.group(2).strip() or html_module.escape(caption_attribute)
    return f"<figure>{image.group(1)}<figcaption>{words}</figcaption></figure>"


LIST_MARKER_AS_TEXT = re.compile(r"((?:^|\n)[ \t]*(?:[0-9]{1,9}(?=[.)])|(?=[-+*])))([.)\-+*](?:[ \t]|$))")


class OurMarkdown(MarkdownConverter):
    """markdownify with our figure block and ATX headings."""

    def escape(self, text, parent_tags):
        # Text that starts a line with # ("#dowork") would read as a heading, and a
        # backtick in running text (Armenian punctuation, a typo) would start code.
        text = super().escape(text, parent_tags).replace("`", "\\`")
        # So would "1. Servers" or "- item" typed as text in a <div> (no <ol> or <ul>):
        # it stays text, numbers and dashes as WordPress showed them.
        text = LIST_MARKER_AS_TEXT.sub(r"\1\\\2", text)
        return re.sub(r"(^|\n)([ \t]*)#", r"\1\2\\#", text)

    def convert_figure(self, el, text, parent_tags=None):
        image = el.find("img")
        caption = el.find("figcaption")
        if image is None:
            return text
        alt = (image.get("alt") or "").replace("]", "\\]")
        picture = f"![{alt}]({image['src']})"
        words = " ".join(caption.get_text().split()) if caption else ""
        return f"\n\n/// figure | {words}\n{picture}\n///\n\n" if words else f"\n\n{picture}\n\n"


def tidy_edges(paragraph: Tag) -> None:
    """Line breaks left at the edge of a paragraph once what stood beside them was
    removed (a pixel, a shortcode) go too, and so does a paragraph left empty."""
    for position in (0, -1):
        while paragraph.contents:
            edge = paragraph.contents[position]
            if (isinstance(edge, Tag) and edge.name == "br") or \
                    (isinstance(edge, NavigableString) and not edge.strip()):
                edge.extract()
            else:
                break
    if not paragraph.contents:
        paragraph.decompose()


def to_markdown(soup: BeautifulSoup) -> str:
    # A line break as a backslash: editors strip the two trailing spaces of the other way.
    converter = OurMarkdown(heading_style="ATX", bullets="-", strong_em_symbol="*",
                            escape_underscores=True, escape_asterisks=True,
                            newline_style="backslash")
    text = converter.convert_soup(soup)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text + "\n"


def caption_paragraph(soup: BeautifulSoup, caption: Tag | None) -> Tag | None:
    """A figure's caption as a paragraph of its own, for what is no longer a figure."""
    if caption is None or not caption.get_text().strip():
        return None
    paragraph = soup.new_tag("p")
    paragraph.extend(list(caption.contents))
    return paragraph


def replace_with_all(element: Tag, *replacements: Tag | None) -> None:
    for replacement in reversed([each for each in replacements if each is not None]):
        element.insert_after(replacement)
    element.decompose()


def embed_blocks(soup: BeautifulSoup, notes: list[str]) -> None:
    """An embed block: the exact address it was given, as a link, and its caption
    under it (the caption is no part of the address)."""
    for figure in soup.select("figure.wp-block-embed"):
        caption = figure.find("figcaption")
        if caption is not None:
            caption.extract()
        wrapper = figure.select_one(".wp-block-embed__wrapper") or figure
        url = wrapper.get_text().strip().split()[0] if wrapper.get_text().strip() else ""
        frame = figure.find("iframe")
        if not url and frame is not None:
            url = frame.get("src", "")
        if not url:
            replace_with_all(figure, caption_paragraph(soup, caption))
            notes.append("an embed block had no address, so only its caption came across")
            continue
        replace_with_all(figure, link_paragraph(soup, url, notes, "an embedded page",
                                                exact=True), caption_paragraph(soup, caption))


def galleries(soup: BeautifulSoup, notes: list[str]) -> None:
    """A gallery block becomes its images, a figure each, and its caption."""
    for gallery in soup.select("figure.wp-block-gallery, ul.wp-block-gallery, "
                               "div.wp-block-gallery, div.tiled-gallery"):
        caption = gallery.find("figcaption", class_="blocks-gallery-caption") or next(
            (child for child in gallery.find_all("figcaption", recursive=False)), None)
        if caption is not None:
            caption.extract()
        for item in gallery.find_all(["ul", "li"]):
            item.unwrap()
        for image in gallery.find_all("img"):
            if image.find_parent("figure") in (None, gallery):
                image.wrap(soup.new_tag("figure"))
        count = len(gallery.find_all("img"))
        notes.append(f"a gallery block became its {count} image(s), one figure each")
        paragraph = caption_paragraph(soup, caption)
        if paragraph is not None:
            gallery.insert_after(paragraph)
        gallery.name = "div"
        gallery.attrs = {}


def file_blocks(soup: BeautifulSoup) -> None:
    """A file block's two links to one file (its name, then "Download") become one;
    a button with words of its own keeps them after the link."""
    for block in soup.select("div.wp-block-file"):
        for preview in block.find_all("object"):
            preview.decompose()  # the PDF preview: the link below is what remains
        for button in block.select("a.wp-block-file__button"):
            words = button.get_text().strip()
            if words and words.casefold() != "download":
                button.replace_with(NavigableString(f" ({words})"))
            else:
                button.decompose()
        block.name = "p"
        block.attrs = {}


def footnotes(soup: BeautifulSoup, meta: str, notes: list[str]) -> list[tuple[int, str]]:
    """The block editor's footnotes (the post's "footnotes" meta, JSON) as Markdown
    footnotes: each marker in the text becomes [^n]; returns (n, note's HTML)."""
    try:
        entries = {entry["id"]: entry.get("content", "")
                   for entry in json.loads(meta or "[]") if isinstance(entry, dict)}
    except (ValueError, TypeError, KeyError):
        entries = {}
        if meta:
            notes.append("the post's footnotes could not be read from the export")
    found: list[tuple[int, str]] = []
    for marker in soup.select("sup[data-fn]"):
        note_id = marker.get("data-fn", "")
        if note_id in entries:
            number = len(found) + 1
            found.append((number, entries.pop(note_id)))
            marker.replace_with(NavigableString(f"[^{number}]"))
        else:
            marker.decompose()
            notes.append("a footnote marker had no footnote in the export, so it was removed")
    for content in entries.values():  # a note the text never points to
        found.append((len(found) + 1, content))
    return found


def media_elements(soup: BeautifulSoup, sources: Sources, notes: list[str]) -> None:
    """Audio and video: the site's own file is copied and linked here; another
    website's player becomes a link to it. Iframes become links."""
    for frame in soup.find_all(["iframe", "video", "audio"]):
        source = frame.get("src") or (frame.find("source") or {}).get("src", "")
        holder = frame.find_parent("figure")
        caption = holder.find("figcaption") if holder is not None else None
        target = holder if holder is not None and holder.find("img") is None else frame
        if caption is not None and target is holder:
            caption.extract()
        if not source:
            replace_with_all(target, caption_paragraph(soup, caption))
            continue
        what = {"video": "a video", "audio": "a sound recording"}.get(frame.name,
                                                                      "an embedded page")
        if upload_path(source) is not None:
            link = sources.find_file(source)
            if link is None:
                notes.append(f"the file {source} ({what}) is not in the uploads folder, so it "
                             "was left out: copy it from the old site's wp-content/uploads "
                             "and import again")
                replace_with_all(target, caption_paragraph(soup, caption))
                continue
            paragraph, anchor = soup.new_tag("p"), soup.new_tag("a", href=link)
            anchor.string = ("Listen to the recording" if frame.name == "audio"
                             else "Watch the video")
            paragraph.append(anchor)
            replace_with_all(target, paragraph, caption_paragraph(soup, caption))
            continue
        replace_with_all(target, link_paragraph(soup, source, notes, what),
                         caption_paragraph(soup, caption))


def images(soup: BeautifulSoup, find_image: Callable[[str], str | None],
           notes: list[str]) -> None:
    for image in soup.find_all("img"):
        src = image.get("src", "")
        tiny = any(str(image.get(side, "")).strip() in ("0", "1") for side in ("width", "height"))
        if original_upload(src) is None:
            reason = "a tracking pixel" if tiny else "an image from another website"
            notes.append(f"removed {reason} ({src}): never loaded from another host")
            image.decompose()
            continue
        link = find_image(src)
        if link is None:
            notes.append(f"the image {src} is not in the uploads folder, so it was left out: "
                         "copy it from the old site's wp-content/uploads and import again")
            image.decompose()
            continue
        if not (image.get("alt") or "").strip():
            notes.append(f"the image {link} has no alt text: describe it in the square brackets")
        image.attrs = {"src": link, "alt": (image.get("alt") or "").strip()}


def is_attachment_page(href: str, site_host: str) -> bool:
    """Whether ``href`` is the old site's page of one media library entry."""
    parts = urlsplit(href)
    own = not parts.hostname or parts.hostname.lower() == site_host.lower()
    return own and ("attachment_id=" in parts.query or "/attachment/" in parts.path)


def upload_links(soup: BeautifulSoup, find_image: Callable[[str], str | None],
                 sources: Sources, notes: list[str]) -> None:
    """Links to the site's own uploads: the file is copied and linked here (a PDF, a
    recording), or the link goes and its words stay; never a link to the old host."""
    for link in soup.find_all("a"):
        href = link.get("href", "")
        if link.find("img") is not None and not link.get_text().strip() and \
                is_attachment_page(href, sources.site_host):
            link.unwrap()  # "Link to: attachment page": a page of the old site
            continue
        if upload_path(href) is None:
            continue
        if link.find("img") is not None and not link.get_text().strip():
            link.unwrap()  # "Link to: media file" around an image: the image is enough
            continue
        local = find_image(href) if is_image(href) else sources.find_file(href)
        if local is None:
            notes.append(f"the file {href} is not in the uploads folder, so the link to it "
                         "was removed and its words kept: copy it from the old site's "
                         "wp-content/uploads and import again")
            link.unwrap()
            continue
        link.attrs = {"href": local}


def convert_body(html: str, find_image: Callable[[str], str | None],
                 sources: Sources | None = None) -> Converted:
    """Our Markdown for one post body. ``find_image(url)`` gives the ``{static}``
    link of an uploaded image (copying it into content/images/), or None when the
    image is not in the uploads folder; ``sources`` the rest a body may point at."""
    sources = sources or Sources()
    notes: list[str] = []
    text = html.replace("\r\n", "\n")
    names = shortcode_names(text)
    if "<!-- wp:" not in text:  # WordPress's has_blocks(): only then no wpautop
        text = shortcode_unautop(wpautop(text), names)
    shortcodes = Shortcodes(names, sources, notes)
    text = shortcodes.expand(text)
    shortcodes.report()
    soup = BeautifulSoup(text, "html.parser")
    for comment in soup.find_all(string=lambda node: isinstance(node, Comment)):
        comment.extract()  # Gutenberg's <!-- wp:... --> block markers and the rest
    embed_blocks(soup, notes)
    galleries(soup, notes)
    file_blocks(soup)
    notes_found = footnotes(soup, sources.footnotes, notes)
    media_elements(soup, sources, notes)
    drop_unsafe(soup, notes)
    images(soup, find_image, notes)
    upload_links(soup, find_image, sources, notes)
    tidy(soup)
    markdown = to_markdown(soup)
    if notes_found:
        markdown += "\n" + "".join(
            f"[^{number}]: {footnote_text(content)}\n" for number, content in notes_found)
    images_used = re.findall(r"\]\((\{static\}/images/[^)\s]+)\)", markdown)
    return Converted(markdown, notes, images_used)


def drop_unsafe(soup, notes: list[str]) -> None:
    """Scripts, styles, forms and the like go, each kind named once with its count."""
    for name, what in DROPPED.items():
        found = soup.find_all(name)
        for element in found:
            element.decompose()
        if found:
            notes.append(f"removed {what}" + (f" ({len(found)} times)" if len(found) > 1 else ""))


def tidy(soup) -> None:
    """Level-one headings become level two (the title is the page's only one), no-break
    spaces plain ones, empty figures their content, and paragraphs lose stray edges."""
    for heading in soup.find_all("h1"):
        heading.name = "h2"
    for text_node in soup.find_all(string=True):
        if "\xa0" in text_node:
            text_node.replace_with(NavigableString(text_node.replace("\xa0", " ")))
    for figure in soup.find_all("figure"):
        if figure.find("img") is None:
            figure.unwrap()
    for paragraph in soup.find_all("p"):
        tidy_edges(paragraph)


def footnote_text(content: str) -> str:
    """One footnote's HTML as one line of Markdown."""
    soup = BeautifulSoup(content, "html.parser")
    for link in soup.find_all("a"):
        if upload_path(link.get("href", "")) is not None:
            link.unwrap()
    return " ".join(to_markdown(soup).split()) or "(empty)"
