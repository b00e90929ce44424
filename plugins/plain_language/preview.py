"""The reading aid: the plain-language findings drawn on a page of the live preview.

``mark_page(page_html, index, rules, target)`` returns the page with, inside its
``.prose`` text: hard and very hard sentences in ``<mark>``, passive verbs and
listed words in ``<span>`` (a listed word can be focused, and shows its plainer
alternative or its hint on hover and on focus), long paragraphs marked by a class;
and a panel before the text with both grades, the target and a key. Every mark
only wraps text: the page's text content is the same, letter for letter.

It is pure (a page in, a page out), uses no script (a checkbox hides the marks,
with CSS alone) and loads nothing. Only the live preview calls it, on pages as
they are served (``live/reading_aid.py``): no build writes it into a file.
"""

from __future__ import annotations

import itertools
from html import escape

from bs4 import BeautifulSoup, NavigableString, Tag

from .analysis import NOT_PARTICIPLES, PASSIVE, sentence_strength, sentences_of, word_hits, words_of

PANEL_ID = "plain-aid"
BLOCKS = {"p", "li", "dd", "dt", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
          "figcaption", "summary", "pre", "ul", "ol", "dl", "div", "table", "tr", "thead",
          "tbody", "details", "section", "figure", "aside"}
QUOTES = str.maketrans({"\xa0": " ", "’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})

# Colours pass WCAG 2.2 AA: the text (#0b0c0c) on the yellow 17:1 and on the pink 15:1;
# the blue and purple underlines 8:1 and 11:1 on white and at least 6:1 on either
# highlight; the bars 6:1 on their highlight (non-text needs 3:1). No mark is colour
# alone: sentences carry a word label ("hard", "very hard") and a bar of their own
# thickness, words a dotted or dashed underline, passive verbs a wavy one.
STYLE = """\
#plain-aid{box-sizing:border-box;max-inline-size:42rem;margin:0 0 1.5rem;padding:1rem 1.25rem;
border:3px solid #0b0c0c;
background:#fff;color:#0b0c0c;
font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
#plain-aid h2{margin:0 0 .5rem;font-size:1.25rem;line-height:1.3}
#plain-aid p{margin:0 0 .5rem}
#plain-aid ul{margin:0 0 .75rem;padding-inline-start:1.25rem}
#plain-aid li{margin:0 0 .25rem}
#plain-aid .plain-aid__grades{font-size:1.125rem;font-weight:700}
#plain-aid .plain-aid__over{color:#a1002b}
#plain-aid label{display:inline-flex;gap:.5rem;align-items:center;font-weight:700;cursor:pointer}
#plain-aid input{inline-size:1.5rem;block-size:1.5rem;margin:0}
#plain-aid input:focus-visible{outline:3px solid #fd0;outline-offset:2px;
box-shadow:0 0 0 5px #0b0c0c}
#plain-aid details{margin-top:.5rem}
#plain-aid summary{cursor:pointer;font-weight:700}
.plain-aid__sentence{color:inherit;padding:.1em 0;-webkit-box-decoration-break:clone;
box-decoration-break:clone}
.plain-aid__sentence--hard{background:#fff2a8;box-shadow:inset 0 -2px 0 #6b5500}
.plain-aid__sentence--very-hard{background:#ffd7dd;box-shadow:inset 0 -4px 0 #a1002b}
.plain-aid__label{display:inline-block;margin-inline-end:.25em;padding:0 .3em;
border:1px solid currentColor;
border-radius:.2em;font:700 .7rem/1.4 system-ui,sans-serif;text-transform:uppercase;
vertical-align:.15em}
.plain-aid__sentence--hard>.plain-aid__label{background:#fff2a8}
.plain-aid__sentence--very-hard>.plain-aid__label{background:#ffd7dd}
.plain-aid__passive{text-decoration:underline wavy #4b2a85;text-decoration-thickness:2px;
text-underline-offset:.2em}
.plain-aid__word{position:relative;text-decoration:underline dotted #0b4f8a;
text-decoration-thickness:3px;
text-underline-offset:.25em;cursor:help}
.plain-aid__word--explain{text-decoration-style:dashed}
.plain-aid__word:focus{outline:3px solid #fd0;box-shadow:0 0 0 5px #0b0c0c}
.plain-aid__word:hover::after,.plain-aid__word:focus::after{content:attr(data-plain-aid-hint);
position:absolute;
inset-inline-start:0;inset-block-start:calc(100% + .4em);z-index:10;inline-size:max-content;
max-inline-size:16rem;
padding:.4em .6em;background:#0b0c0c;color:#fff;font:400 .9375rem/1.4 system-ui,sans-serif;
white-space:normal;
border-radius:.25rem;text-decoration:none}
.plain-aid__long{border-inline-start:6px double #a1002b;padding-inline-start:.75rem}
.plain-aid__long::before{content:attr(data-plain-aid-long);display:block;
font:700 .8rem/1.4 system-ui,sans-serif;
color:#a1002b}
body:has(#plain-aid-show:not(:checked)) .plain-aid__sentence{background:none;box-shadow:none}
body:has(#plain-aid-show:not(:checked)) .plain-aid__label{display:none}
body:has(#plain-aid-show:not(:checked)) .plain-aid__passive,
body:has(#plain-aid-show:not(:checked)) .plain-aid__word{text-decoration:none}
body:has(#plain-aid-show:not(:checked)) .plain-aid__long{border:0;padding:0}
body:has(#plain-aid-show:not(:checked)) .plain-aid__long::before{content:none}
@media print{#plain-aid{display:none}}"""


def text_nodes(block: Tag) -> list[NavigableString]:
    """The block's own text, as content_lint's block_texts reads it: every string of
    its inline children, not those of nested blocks nor the heading's anchor."""
    found: list[NavigableString] = []
    for child in block.children:
        if isinstance(child, Tag):
            if "section-heading__anchor" in (child.get("class") or ()) or child.name in BLOCKS:
                continue
            found.extend(s for s in child.descendants
                         if isinstance(s, NavigableString) and type(s) is NavigableString)
        elif type(child) is NavigableString:
            found.append(child)
    return found


def normalised_with_map(raw: str) -> tuple[str, list[int]]:
    """content_lint's normalise (quotes made plain, white space collapsed and trimmed),
    with the raw index of each character of the result."""
    out, where, space = [], [], False
    for index, char in enumerate(raw.translate(QUOTES)):
        if char.isspace():
            space = bool(out)
            continue
        if space:
            out.append(" ")
            where.append(index - 1)
            space = False
        out.append(char)
        where.append(index)
    return "".join(out), where


def block_marks(text: str, index: dict, rules: dict, seen: set[str]) -> tuple[list, dict]:
    """Marks (start, end, kind, data) in a block's normalised text, and counts."""
    marks, counts = [], {}
    position = 0
    for sentence in sentences_of(text):
        start = text.find(sentence, position)
        position = start + len(sentence)
        strength = sentence_strength(sentence, rules["hard_grade"], rules["very_hard_grade"])
        if strength:
            marks.append((start, position, "sentence", {"strength": strength[0], **strength[1]}))
        for match in PASSIVE.finditer(sentence):
            if match.group("verb").lower() not in NOT_PARTICIPLES:
                marks.append((start + match.start(), start + match.end(), "passive", {}))
        for hit in word_hits(sentence, index, seen):
            marks.append((start + hit["start"], start + hit["start"] + len(hit["text"]),
                          "word", hit))
    return marks, counts


def wrapped(soup: BeautifulSoup, text: str, marks: list, ids: dict, first: set) -> list:
    """The nodes for one piece of text inside ``marks`` (outermost first)."""
    node = NavigableString(text)
    for kind, data, mark_id in reversed(marks):
        if kind == "sentence":
            element = soup.new_tag("mark", attrs={
                "class": f"plain-aid__sentence plain-aid__sentence--{data['strength'].replace(' ', '-')}",
                "title": f"{data['strength'].capitalize()} sentence: {data['words']} words, "
                         f"{data['long_words']} of three or more syllables"})
            if mark_id not in first:  # the label once, at the start of the sentence
                first.add(mark_id)
                label = soup.new_tag("span", attrs={"class": "plain-aid__label",
                                                    "aria-hidden": "true"})
                # The label's words are CSS content: the page's text stays the same.
                label["data-plain-aid-label"] = data["strength"]
                element.append(label)
        elif kind == "passive":
            element = soup.new_tag("span", attrs={"class": "plain-aid__passive",
                                                  "title": "Perhaps passive: say who does it"})
        else:
            hint = hint_text(data)
            element = soup.new_tag("span", attrs={
                "class": f"plain-aid__word plain-aid__word--{data['kind']}", "tabindex": "0",
                "data-plain-aid-hint": hint, "aria-describedby": ids[data["word"]]})
        element["data-plain-aid-mark"] = mark_id  # the pieces of one mark share it
        element.append(node)
        node = element
    return [node]


def hint_text(hit: dict) -> str:
    if hit["kind"] == "plainer":
        return "Plainer: " + " or ".join(hit["plainer"])
    hint = f" For example: {hit['hint']}." if hit.get("hint") else ""
    return f"Medical term: explain it here, the first time it appears.{hint}"


def mark_block(soup: BeautifulSoup, block: Tag, index: dict, rules: dict, seen: set,
               ids: dict, tally: dict) -> None:
    nodes = text_nodes(block)
    raw = "".join(str(node) for node in nodes)
    text, where = normalised_with_map(raw)
    if not text:
        return
    if block.name == "p" and len(words_of(text)) > rules["paragraph_words"]:
        block["class"] = [*(block.get("class") or []), "plain-aid__long"]
        block["data-plain-aid-long"] = f"Long paragraph: {len(words_of(text))} words"
        tally["long"] += 1
    marks, _counts = block_marks(text, index, rules, seen)
    tally["blocks"] += 1
    spans = []  # (raw start, raw end, kind, data, id)
    for number, (start, end, kind, data) in enumerate(marks):
        raw_start, raw_end = where[start], where[end - 1] + 1
        spans.append((raw_start, raw_end, kind, data, f"{tally['blocks']}-{number}"))
        if kind == "sentence":
            tally[data["strength"]] += 1
        elif kind == "passive":
            tally["passive"] += 1
        else:
            tally[data["kind"]] += 1
            ids.setdefault(data["word"], f"plain-aid-word-{len(ids) + 1}")
            tally.setdefault("words", {})[data["word"]] = hint_text(data)
    if not spans:
        return
    order = {"sentence": 0, "passive": 1, "word": 2}
    first: set = set()
    offset = 0
    for node in nodes:
        value = str(node)
        start, end = offset, offset + len(value)
        offset = end
        inside = [s for s in spans if s[0] < end and s[1] > start]
        if not inside:
            continue
        cuts = sorted({start, end, *(max(start, min(end, s[0])) for s in inside),
                       *(max(start, min(end, s[1])) for s in inside)})
        pieces = []
        for left, right in itertools.pairwise(cuts):
            if left == right:
                continue
            covering = sorted(((s[2], s[3], s[4]) for s in inside if s[0] <= left and s[1] >= right),
                              key=lambda m: order[m[0]])
            piece = value[left - start:right - start]
            pieces.extend(wrapped(soup, piece, covering, ids, first) if covering
                          else [NavigableString(piece)])
        node.replace_with(*pieces)


def panel_html(result_grades: dict, target: dict, tally: dict, ids: dict,
               over: list[str]) -> str:
    from .plain_language import grades_text, target_text

    def count(name: str) -> int:
        return tally.get(name, 0)

    verdict = (f'<strong class="plain-aid__over">Above the target: {escape(", ".join(over))}.'
               "</strong>" if over else "<strong>Within the target.</strong>")
    words = "".join(f'<li id="{ids[word]}"><strong>{escape(word)}</strong>: {escape(hint)}</li>'
                    for word, hint in tally.get("words", {}).items())
    return (
        f'<aside id="{PANEL_ID}" class="plain-aid" aria-labelledby="{PANEL_ID}-title" '
        'lang="en" dir="ltr">'
        f"<style>{STYLE}</style>"
        f'<h2 id="{PANEL_ID}-title">Reading aid (preview only)</h2>'
        f'<p class="plain-aid__grades">{escape(grades_text(result_grades))}</p>'
        f"<p>Target for {escape(target['for'])}: {escape(target_text(target))}. {verdict}</p>"
        "<ul>"
        f'<li><mark class="plain-aid__sentence plain-aid__sentence--very-hard">Very hard '
        f"sentences</mark>: {count('very hard')}. Split them, and use shorter words.</li>"
        f'<li><mark class="plain-aid__sentence plain-aid__sentence--hard">Hard sentences</mark>: '
        f"{count('hard')}. Split them, or use shorter words.</li>"
        f'<li><span class="plain-aid__word plain-aid__word--plainer">Dotted underline</span>: '
        f"{count('plainer')} words with a plainer one. Point at a word, or move to it with "
        "the Tab key, to see it.</li>"
        f'<li><span class="plain-aid__word plain-aid__word--explain">Dashed underline</span>: '
        f"{count('explain')} medical terms. Keep them, and say what each means the first "
        "time.</li>"
        f'<li><span class="plain-aid__passive">Wavy underline</span>: {count("passive")} '
        "verbs that may be passive. Say who does it.</li>"
        f"<li>A double bar beside a paragraph: {count('long')} paragraphs longer than a phone "
        "screen. Split them.</li>"
        "</ul>"
        '<p><label for="plain-aid-show"><input type="checkbox" id="plain-aid-show" checked> '
        "Show the marks</label></p>"
        + (f"<details><summary>Words to change or explain</summary><ul>{words}</ul></details>"
           if words else "")
        + "<p>Only this preview shows the aid; the published page does not. "
        "<code>invoke check --plain FILE</code> lists the same findings with their lines.</p>"
        "</aside>"
    )


LABEL_STYLE = (".plain-aid__label::before{content:attr(data-plain-aid-label)}")


def mark_page(page: str, index: dict, rules: dict, target: dict) -> str:
    """The page with the reading aid: marks in its ``.prose`` text, a panel before it."""
    from .plain_language import over_target

    soup = BeautifulSoup(page, "html.parser")
    prose = soup.select_one("main .prose")
    if prose is None:
        return page
    from .analysis import analyse

    grades = analyse(str(prose), index, rules)
    tally = {"very hard": 0, "hard": 0, "plainer": 0, "explain": 0, "passive": 0, "long": 0,
             "blocks": 0}
    ids: dict[str, str] = {}
    seen: set[str] = set()
    for block in [prose, *prose.find_all(BLOCKS)]:
        if block.find_parent(class_="section-heading__anchor") is None:
            mark_block(soup, block, index, rules, seen, ids, tally)
    panel = BeautifulSoup(panel_html(grades, target, tally, ids, over_target(grades, target))
                          .replace("</style>", LABEL_STYLE + "</style>"), "html.parser")
    anchor = prose.find_parent("article") or prose
    header = anchor.find("header") if anchor.name == "article" else None
    if header is not None:
        header.insert_after(panel)
    else:
        prose.insert_before(panel)
    return str(soup)

