"""A WordPress post body (classic or block editor) as our Markdown; pure.

``convert_body(html, find_image)`` returns the Markdown and a list of notes for
the migration report: everything it removed, replaced or could not bring over.

The HTML-to-Markdown step is markdownify (on BeautifulSoup, already a base
dependency), chosen over Pandoc (pypandoc-binary) after running both on the
test export: Pandoc kept raw HTML in its Markdown for every figure, styled span
and image with attributes (which our site would then show as text), tried to
fetch the YouTube iframe's address over the network while converting, took
16 to 38 ms a post against markdownify's 1 ms, and needs a 100 MB binary.
markdownify writes Markdown only and lets us say how figures become our figure
block. What WordPress itself adds before that (paragraphs from blank lines,
shortcodes, block comments, embeds) is undone here first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from markdownify import MarkdownConverter

# Shortcodes that carry the post's own words; the rest are reported and removed.
CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.DOTALL | re.IGNORECASE)
EMBED = re.compile(r"\[embed[^\]]*\](.*?)\[/embed\]", re.DOTALL | re.IGNORECASE)
VIDEO_SHORTCODE = re.compile(r"\[(?:youtube|vimeo|video)[ =]([^\]]*)\](?:\s*\[/(?:video)\])?",
                             re.IGNORECASE)
SHORTCODE = re.compile(r"\[(/?)([A-Za-z_][\w-]*)((?:\s[^\[\]]*)?)\]")
# Names that are shortcodes even without attributes or a closing tag.
KNOWN_SHORTCODES = {"gallery", "audio", "playlist", "embed", "video", "contact-form-7",
                    "wpforms", "gravityform", "ninja_form", "instagram-feed", "recent-posts"}
BLOCK_TAGS = ("address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset",
              "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
              "header", "hr", "iframe", "li", "ol", "p", "pre", "script", "section", "style",
              "table", "ul", "[caption", "<!--")
DROPPED = {"script": "a script", "style": "a style block", "form": "a form",
           "noscript": "a noscript block", "input": "a form field", "button": "a button",
           "select": "a form field", "textarea": "a form field", "object": "an embedded object",
           "embed": "an embedded object", "link": "a stylesheet link", "meta": "a meta tag"}
RESIZED = re.compile(r"-(?:\d+x\d+|scaled|rotated)(?=\.[A-Za-z0-9]+$)")


@dataclass
class Converted:
    markdown: str
    notes: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)  # the {static} links used


def original_upload(url: str) -> str | None:
    """The path under wp-content/uploads/ of the original behind ``url``, or None
    if it is not an upload. WordPress's resized copies (photo-300x200.jpg) and big
    image copies (photo-scaled.jpg) map to photo.jpg."""
    path = urlsplit(url.strip()).path
    marker = "/wp-content/uploads/"
    if marker not in path:
        return None
    relative = path.split(marker, 1)[1]
    return RESIZED.sub("", relative)


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


def link_paragraph(soup: BeautifulSoup, url: str, notes: list[str], what: str) -> Tag:
    """A paragraph with a plain link in place of an embed; ``what`` says what it was
    ("a video", "a sound recording", "an embedded page")."""
    found = video_link(url)
    href, provider = found if found else (url.strip(), urlsplit(url.strip()).hostname or "")
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


def autop(text: str) -> str:
    """WordPress's wpautop, as the classic editor relies on it: blank lines make
    paragraphs, single line breaks inside one make <br>."""
    # Like wpautop: block-level tags stand apart from the paragraphs around them.
    text = re.sub(r"(<(?:h[1-6]|ul|ol|table|blockquote|pre|figure|div|iframe|script|style|"
                  r"form|hr)\b[^>]*>)", r"\n\n\1", text, flags=re.IGNORECASE)
    text = re.sub(r"(</(?:h[1-6]|ul|ol|table|blockquote|pre|figure|div|iframe|script|style|"
                  r"form)>|<hr\b[^>]*>)", r"\1\n\n", text, flags=re.IGNORECASE)
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    out = []
    for chunk in blocks:
        chunk = chunk.strip()
        if not chunk:
            continue
        if chunk.lower().startswith(tuple(f"<{tag}" if not tag.startswith(("[", "<")) else tag
                                          for tag in BLOCK_TAGS)) or chunk.startswith("[/"):
            out.append(chunk)
        else:
            out.append("<p>" + re.sub(r"\s*\n\s*", "<br>\n", chunk) + "</p>")
    return "\n\n".join(out)


def expand_shortcodes(text: str, notes: list[str]) -> str:
    """[caption] becomes a figure, [embed] and video shortcodes links; every other
    shortcode is removed, keeping the words between its tags, and reported."""
    def caption(match: re.Match) -> str:
        inner = match.group(2).strip()
        image = re.match(r"(\s*(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)", inner, re.DOTALL)
        if not image:
            return inner
        return f"<figure>{image.group(1)}<figcaption>{image.group(2).strip()}</figcaption></figure>"

    text = CAPTION.sub(caption, text)
    text = EMBED.sub(lambda m: f'<iframe src="{m.group(1).strip()}"></iframe>', text)

    def video(match: re.Match) -> str:
        url = re.search(r"(https?://[^\s\"'\]]+)", match.group(1))
        return f'<iframe src="{url.group(1)}"></iframe>' if url else ""

    text = VIDEO_SHORTCODE.sub(video, text)
    closing = {name.lower() for _slash, name, _attrs in SHORTCODE.findall(text) if _slash}
    removed: dict[str, int] = {}

    def other(match: re.Match) -> str:
        slash, name, attributes = match.groups()
        is_shortcode = (slash or name.lower() in closing or "=" in attributes
                        or name.lower() in KNOWN_SHORTCODES)
        if not is_shortcode:
            return match.group(0)  # [an aside in brackets] is the writer's text
        if not slash:
            removed[name] = removed.get(name, 0) + 1
        return ""

    text = SHORTCODE.sub(other, text)
    if removed:
        names = ", ".join(f"[{name}]" for name in sorted(removed))
        notes.append(f"removed the shortcode{'s' if len(removed) > 1 else ''} {names}, kept "
                     "the words between them: what a WordPress plugin showed there is gone; "
                     "check whether the page needs something in its place")
    return text


class OurMarkdown(MarkdownConverter):
    """markdownify with our figure block and ATX headings."""

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


def convert_body(html: str, find_image: Callable[[str], str | None]) -> Converted:
    """Our Markdown for one post body. ``find_image(url)`` gives the ``{static}``
    link of an uploaded image (copying it into content/images/), or None when the
    image is not in the uploads folder."""
    notes: list[str] = []
    text = html.replace("\r\n", "\n")
    if "<!-- wp:" not in text and not re.search(r"<p[\s>]", text, re.IGNORECASE):
        text = autop(text)  # a classic-editor post: WordPress adds paragraphs on display
    text = expand_shortcodes(text, notes)
    soup = BeautifulSoup(text, "html.parser")
    for comment in soup.find_all(string=lambda node: isinstance(node, Comment)):
        comment.extract()  # Gutenberg's <!-- wp:... --> block markers and the rest
    for name, what in DROPPED.items():
        found = soup.find_all(name)
        for element in found:
            element.decompose()
        if found:
            notes.append(f"removed {what}" + (f" ({len(found)} times)" if len(found) > 1 else ""))
    for frame in soup.find_all(["iframe", "video", "audio"]):
        source = frame.get("src") or (frame.find("source") or {}).get("src", "")
        if source:
            what = {"video": "a video", "audio": "a sound recording"}.get(
                frame.name, "an embedded page")
            frame.replace_with(link_paragraph(soup, source, notes, what))
        else:
            frame.decompose()
    for wrapper in soup.select("figure.wp-block-embed"):
        url = wrapper.get_text().strip()
        if url:
            wrapper.replace_with(link_paragraph(soup, url, notes, "an embedded page"))
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
    for link in soup.find_all("a"):
        # "Link to: media file" wraps an image in a link to the full-size upload.
        if original_upload(link.get("href", "")) and link.find("img") and \
                not link.get_text().strip():
            link.unwrap()
    for heading in soup.find_all("h1"):
        heading.name = "h2"  # the title is the page's only level-1 heading
    for text_node in soup.find_all(string=True):
        if "\xa0" in text_node:
            text_node.replace_with(NavigableString(text_node.replace("\xa0", " ")))
    for figure in soup.find_all("figure"):
        if figure.find("img") is None:
            figure.unwrap()
    for paragraph in soup.find_all("p"):
        tidy_edges(paragraph)
    markdown = to_markdown(soup)
    images = re.findall(r"\]\((\{static\}/images/[^)\s]+)\)", markdown)
    return Converted(markdown, notes, images)
