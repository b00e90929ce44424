# SPDX-License-Identifier: GPL-2.0-or-later (a port of WordPress code; see README.md, "Licences")
"""WordPress's ``wpautop``: how a classic-editor body becomes paragraphs; pure.

A faithful port of ``wpautop()`` and its helpers ``wp_replace_in_html_tags()`` and
``_autop_newline_preservation_helper()`` from WordPress's
``wp-includes/formatting.php`` (wordpress-develop, GPL-2.0-or-later), step for step
and in the same order, so that a post written in the classic editor gets exactly
the paragraphs and line breaks WordPress showed its readers, including bodies that
mix ``<p>`` tags with blank lines. WordPress runs it on every post on display (the
``the_content`` filter); the export holds the text before it. Its own unit tests
(tests/phpunit/tests/formatting/Autop.php) are run on this port in
tests/test_wordpress_import.py.

Two regular expressions differ in form only: PHP's possessive quantifiers and
look-ahead conditionals in ``get_html_split_regex()`` are written as the
equivalent lazy matches that Python's ``re`` supports.
"""

from __future__ import annotations

import re

ALLBLOCKS = (r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|"
             r"li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|"
             r"section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|"
             r"summary)")
# get_html_split_regex(): a comment, a CDATA section or an element, each to its end
# (or to the end of the text when it never closes).
HTML_SPLIT = re.compile(r"(<(?:!--.*?(?:-->|\Z)|!\[CDATA\[.*?(?:\]\]>|\Z)|[^>]*>?))", re.DOTALL)


def replace_in_html_tags(text: str, pairs: dict[str, str]) -> str:
    """wp_replace_in_html_tags(): replace only inside elements, never in the text."""
    parts = HTML_SPLIT.split(text)
    for index in range(1, len(parts), 2):
        for needle, replacement in pairs.items():
            if needle in parts[index]:
                parts[index] = parts[index].replace(needle, replacement)
                break
    return "".join(parts)


def wpautop(text: str, br: bool = True) -> str:
    """Double line breaks become paragraphs, the other line breaks ``<br />``."""
    pre_tags: dict[str, str] = {}
    if text.strip() == "":
        return ""
    text = text + "\n"  # "Just to make things a little easier, pad the end."

    # <pre> is not touched: placeholders now, the original back at the end.
    if "<pre" in text:
        parts = text.split("</pre>")
        last = parts.pop()
        text = ""
        for number, part in enumerate_pre(parts):
            start = part.find("<pre")
            if start == -1:  # malformed HTML
                text += part
                continue
            name = f"<pre wp-pre-tag-{number}></pre>"
            pre_tags[name] = part[start:] + "</pre>"
            text += part[:start] + name
        text += last

    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(r"(<" + ALLBLOCKS + r"[\s/>])", r"\n\n\1", text)
    text = re.sub(r"(</" + ALLBLOCKS + r">)", r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = replace_in_html_tags(text, {"\n": " <!-- wpnl --> "})

    if "<option" in text:
        text = re.sub(r"\s*<option", "<option", text)
        text = re.sub(r"</option>\s*", "</option>", text)
    if "</object>" in text:
        text = re.sub(r"(<object[^>]*>)\s*", r"\1", text)
        text = re.sub(r"\s*</object>", "</object>", text)
        text = re.sub(r"\s*(</?(?:param|embed)[^>]*>)\s*", r"\1", text)
    if "<source" in text or "<track" in text:
        text = re.sub(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*", r"\1", text)
        text = re.sub(r"\s*([<\[]/(?:audio|video)[>\]])", r"\1", text)
        text = re.sub(r"\s*(<(?:source|track)[^>]*>)\s*", r"\1", text)
    if "<figcaption" in text:
        text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text)
        text = re.sub(r"</figcaption>\s*", "</figcaption>", text)

    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [part for part in re.split(r"\n\s*\n", text) if part]
    text = "".join("<p>" + paragraph.strip("\n") + "</p>\n" for paragraph in paragraphs)

    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(r"<p>\s*(</?" + ALLBLOCKS + r"[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.IGNORECASE)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(r"<p>\s*(</?" + ALLBLOCKS + r"[^>]*>)", r"\1", text)
    text = re.sub(r"(</?" + ALLBLOCKS + r"[^>]*>)\s*</p>", r"\1", text)

    if br:
        text = re.sub(r"<(script|style|svg).*?</\1>",
                      lambda match: match.group(0).replace("\n", "<WPPreserveNewline />"),
                      text, flags=re.DOTALL)
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
        text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
        text = text.replace("<WPPreserveNewline />", "\n")

    text = re.sub(r"(</?" + ALLBLOCKS + r"[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)

    for name, original in pre_tags.items():
        text = text.replace(name, original)
    if "<!-- wpnl -->" in text:
        text = text.replace(" <!-- wpnl --> ", "\n").replace("<!-- wpnl -->", "\n")
    return text


def enumerate_pre(parts: list[str]):
    """(number, part) with WordPress's counter: it counts only parts that hold a <pre>."""
    number = 0
    for part in parts:
        yield number, part
        if "<pre" in part:
            number += 1
