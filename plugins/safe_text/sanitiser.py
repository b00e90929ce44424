"""The one sanitising step: every body, summary and content block passes through it.

``sanitise(html)`` returns the HTML that may reach a page and the list of what
it had to take out, so that the build can name each in a message. It is pure
(no I/O, no logging) and it is the only place that knows the allowlist:

- the tags, attributes and classes that Python-Markdown, its ``extra``, ``toc``
  and ``sane_lists`` extensions, typogrify and our content blocks emit, and no
  more (``ALLOWED_TAGS``, ``ALLOWED_ATTRIBUTES``, ``ALLOWED_CLASSES``);
- link and image addresses that are relative or use ``http``, ``https``,
  ``mailto`` or ``tel`` (``ALLOWED_SCHEMES``);
- images only from the site itself: an image whose address is on another host
  would be a request to that host from every reader (a tracking pixel), so it
  becomes a plain link to that address instead.

The cleaning itself is nh3, the Python binding of the Rust sanitiser Ammonia:
it parses the HTML as a browser does (html5ever), so entity-encoded or oddly
cased ``javascript:`` and attributes hidden in malformed markup are judged as a
browser would see them. Before it, one lxml pass finds what nh3 would drop, so
each removal becomes a message instead of a silent change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import nh3

from site_core import host_of, is_other_host, scheme_of

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# What the site cannot link to in any build: code, or a whole document in a URL.
FORBIDDEN_SCHEMES = frozenset({"javascript", "vbscript", "data"})

ALLOWED_TAGS = frozenset({
    # Python-Markdown and its extra, toc and sane_lists extensions.
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code",
    "em", "strong", "a", "img", "ul", "ol", "li", "dl", "dt", "dd", "abbr", "sup",
    "table", "thead", "tbody", "tr", "th", "td", "div", "span",
    # Our content blocks (theme/templates/components/).
    "details", "summary", "figure", "figcaption",
})
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height", "loading", "decoding"},
    "abbr": {"title"},
    "ol": {"start"},
    "span": {"aria-hidden"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
ALLOWED_CLASSES = frozenset({
    # typogrify
    "amp", "caps", "dquo", "quo",
    # footnotes and the [TOC] marker (Python-Markdown extra / toc)
    "footnote", "footnote-ref", "footnote-backref", "toc",
    # table column alignment (safe_text's AlignmentClasses)
    "align-left", "align-right", "align-center",
    # content blocks and section anchors (plugins/content_blocks)
    "do-dont", "do-dont--do", "do-dont--dont", "do-dont__heading",
    "key-points", "key-points__heading", "qa", "qa__item", "qa__question", "qa__answer",
    "urgent", "urgent__heading", "urgent__body", "visually-hidden",
    "figure", "figure__caption", "section-heading", "section-heading__anchor",
})
# Fenced code blocks name their language: ```python gives class="language-python".
CODE_LANGUAGE = re.compile(r"^language-[A-Za-z0-9_+-]{1,40}$")
# Attributes that load or run something, whatever the tag: named in messages.
LOADING_ATTRIBUTES = ("src", "srcset", "poster", "data", "background", "action",
                      "formaction", "xlink:href")



@dataclass(frozen=True)
class Finding:
    """Something the sanitiser took out: ``kind`` is "scheme", "other-host",
    "attribute", "class" or "tag"; ``value`` is what was there, as the browser
    would have read it; ``tag`` the element it was on."""

    kind: str
    tag: str
    value: str


def keep_class(value: str) -> str | None:
    kept = [name for name in value.split()
            if name in ALLOWED_CLASSES or CODE_LANGUAGE.match(name)]
    return " ".join(kept) or None


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        return keep_class(value)
    if attribute in ("href", "src"):
        scheme = scheme_of(value)
        if scheme is not None and scheme not in ALLOWED_SCHEMES:
            return None
        if attribute == "src" and is_other_host(value):
            return None
    return value


# Control characters (C0 but tab and line ends, DEL, C1). A body cannot hold them raw
# (front_matter removes them), but a character reference such as &#1; comes out of
# the sanitiser as the character itself, which no page may show and the feed writer
# refuses ("Control characters are not supported in XML 1.0").
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _clean(html: str) -> str:
    return CONTROL_CHARACTERS.sub("", _nh3_clean(html))


def _nh3_clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style", "template", "noscript"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_filter,
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def findings_in(root) -> list[Finding]:
    """What ``_clean`` will take out of the lxml tree ``root``, in document order."""
    found = []
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else None
        if tag is None:
            continue
        if tag not in ALLOWED_TAGS and element is not root:
            found.append(Finding("tag", tag, f"<{tag}>"))
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, set())
        for name, value in element.attrib.items():
            if name in ("href", "src") or name in LOADING_ATTRIBUTES:
                scheme = scheme_of(value)
                if scheme is not None and scheme not in ALLOWED_SCHEMES:
                    found.append(Finding("scheme", tag, value))
                    continue
                if name != "href" and is_other_host(value):
                    found.append(Finding("other-host", tag, value))
                    continue
            if element is root:
                continue
            if name not in allowed:
                found.append(Finding("attribute", tag, f'{name}="{value}"'))
            elif name == "class" and keep_class(value) != " ".join(value.split()):
                dropped = [c for c in value.split() if keep_class(c) is None]
                found.append(Finding("class", tag, " ".join(dropped)))
    return found


def link_instead_of_media(root) -> None:
    """Replace each element that would load something from another host by a
    plain link to that address: the reader can still choose to follow it, and
    nothing is requested when the page opens."""
    import lxml.html

    for element in list(root.iter("img")):
        src = element.get("src", "")
        if not is_other_host(src):
            continue
        link = lxml.html.Element("a", href=src)
        host = host_of(src) or "another website"
        link.text = element.get("alt") or element.get("title") or f"the picture on {host}"
        link.tail = element.tail
        element.getparent().replace(element, link)


def sanitise(html: str) -> tuple[str, list[Finding]]:
    """(the HTML that may reach a page, what was taken out of it)."""
    if not html:
        return html, []
    import lxml.html

    root = lxml.html.fragment_fromstring(html, create_parent="div")
    found = findings_in(root)
    if any(finding.kind == "other-host" and finding.tag == "img" for finding in found):
        link_instead_of_media(root)
        wrapped = lxml.html.tostring(root, encoding="unicode")
        html = wrapped[len("<div>"):-len("</div>")]
    return _clean(html), found
