"""Text pasted from Word, Outlook or a web page: the invisible characters it brings.

Front matter: YAML needs a plain space after ``field:`` and in indentation, and
straight quotes around a quoted value. A non-breaking or other Unicode space there,
or a value in curly quotes, makes YAML fail on another line with a message about
its grammar (``could not find expected ':'``), or keeps the quotes as text. So the
header is read for these first and each is named on its own line, with the field.
A control character anywhere in the header (no page or feed can hold one) is
named the same way.

Body (and text values): zero-width spaces, soft hyphens, word joiners, stray bidi
controls and control characters are removed, and each line they were on gets one
piece of advice. Zero-width joiners and non-joiners are kept next to letters of the
scripts that need them (Arabic and Urdu, Persian, Gurmukhi, Devanagari and the other
Indic scripts) and in emoji sequences; bidi marks are kept on lines with
right-to-left text. Pure functions; the reader reports what they return.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from site_core import Problem

NAMES = {
    "\u00a0": "non-breaking space", "\u202f": "narrow non-breaking space",
    "\u2007": "figure space", "\u2009": "thin space", "\u200a": "hair space",
    "\u2002": "en space", "\u2003": "em space", "\u3000": "ideographic space",
    "\u200b": "zero-width space", "\ufeff": "zero-width no-break space (byte-order mark)",
    "\u2060": "word joiner", "\u00ad": "soft hyphen", "\u180e": "Mongolian vowel separator",
    "\u200c": "zero-width non-joiner", "\u200d": "zero-width joiner",
    "\u200e": "left-to-right mark", "\u200f": "right-to-left mark",
    "\u061c": "Arabic letter mark",
    "\u202a": "left-to-right embedding", "\u202b": "right-to-left embedding",
    "\u202c": "pop directional formatting", "\u202d": "left-to-right override",
    "\u202e": "right-to-left override", "\u2066": "left-to-right isolate",
    "\u2067": "right-to-left isolate", "\u2068": "first strong isolate",
    "\u2069": "pop directional isolate",
    "\u201c": "left curly quote", "\u201d": "right curly quote",
    "\u2018": "left curly single quote", "\u2019": "right curly single quote",
}
# Spaces that look like ' ' but are not YAML's: every Unicode space separator but
# the plain one, and the zero-width ones a paste carries next to them.
ODD_SPACES = "".join(chr(c) for c in range(0x10000)
                     if unicodedata.category(chr(c)) == "Zs" and c != 0x20) \
    + "\u200b\u2060\ufeff"
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
INVISIBLE = "\u200b\u00ad\u2060\ufeff\u180e"
JOINERS = "\u200c\u200d"
BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
REMOVED = re.compile(f"[{INVISIBLE}{JOINERS}{BIDI}\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]")
# Scripts whose spelling uses the zero-width (non-)joiner, and emoji sequences.
JOINING = re.compile("[\u0600-\u08ff\u0900-\u0dff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff"
                     "\ua8e0-\ua8ff\ufb50-\ufdff\ufe70-\ufefe\U0001f000-\U0001faff"
                     "\u2600-\u27bf\ufe0f]")
CURLY_VALUE = re.compile(r"^(?P<lead>\s*(?:-\s+)?(?:(?P<key>[\w-]+):\s+)?)"
                         r"(?P<open>[\u201c\u201d\u2018\u2019\u201e\u00ab])(?P<text>.*)"
                         r"(?P<close>[\u201c\u201d\u2018\u2019\u00bb])\s*(?:#.*)?$")
KEY = re.compile(r"^(?P<key>[^\s:#\-][^:#]*?)(?P<before>\s*):(?P<after>\s|$)")
LEADING = re.compile(f"^[ {re.escape(ODD_SPACES)}]*")


def described(char: str) -> str:
    """'a non-breaking space (U+00A0)', 'an em space (U+2003)', 'the control character
    U+0001'."""
    if CONTROLS.fullmatch(char):
        return f"the control character U+{ord(char):04X}"
    name = NAMES.get(char) or unicodedata.name(char, "invisible character").lower()
    article = "an" if name[0] in "aeiou" else "a"
    return f"{article} {name} (U+{ord(char):04X})"


def _plural(char: str, count: int) -> str:
    if count == 1:
        return described(char)
    if CONTROLS.fullmatch(char):
        return f"{count} control characters U+{ord(char):04X}"
    name = NAMES.get(char) or unicodedata.name(char, "invisible character").lower()
    if " (" in name:
        name = name.replace(" (", "s (", 1)
    elif name.endswith("formatting"):
        name += " characters"
    else:
        name += "s"
    return f"{count} {name} (U+{ord(char):04X})"


def header_problems(header: str, fence_line: int, path: str) -> list[Problem]:
    """Unicode spaces where YAML needs a plain one, values in curly quotes and control
    characters in a front matter header, each on its line; pure. ``header`` is the
    text after the opening '---' (it starts with that line's end)."""
    problems = []
    field = "front matter"  # the top-level field the line belongs to
    for offset, line in enumerate(header.split("\n")[1:], start=1):
        number = fence_line + offset
        indent = LEADING.match(line).group()
        key = KEY.match(line[len(indent):])
        name = key.group("key").strip() if key else ""
        if key and not indent:
            field = name.strip(ODD_SPACES).lower()
        control = CONTROLS.search(line)
        if control:
            problems.append(Problem(
                path, number, name.strip(ODD_SPACES).lower() if key else field,
                f"{described(control.group())} is on this line: it cannot be seen, and no page "
                "or feed can hold it",
                "Delete and retype the line (it came with pasted text)."))
            continue
        odd = next((c for c in indent if c in ODD_SPACES), None)
        if odd:
            problems.append(Problem(
                path, number, name.strip(ODD_SPACES).lower() if key else field,
                f"{described(odd)} at the start of the line",
                "Indent with ordinary spaces: delete the space and type it again."))
            continue
        if key:
            plain = name.strip(ODD_SPACES)
            odd = next((c for c in key.group("before") + name[-1:] if c in ODD_SPACES), None)
            if odd:
                problems.append(Problem(
                    path, number, plain, f"{described(odd)} before the ':'",
                    f"Delete it: write '{plain}:' with nothing between."))
                continue
            after, rest = key.group("after"), line[len(indent) + key.end():]
            odd = after if after in ODD_SPACES else rest[:1] if rest[:1] in ODD_SPACES else None
            if odd:
                problems.append(Problem(
                    path, number, plain, f"{described(odd)} after '{plain}:'",
                    "Type an ordinary space."))
                continue
        item = re.match(f"^-([{re.escape(ODD_SPACES)}])", line[len(indent):])
        if item:
            problems.append(Problem(
                path, number, field, f"{described(item.group(1))} after the '-' of a list item",
                "Type an ordinary space."))
            continue
        curly = CURLY_VALUE.match(line)
        if curly and (curly.group("key") or curly.group("lead").strip().startswith("-")):
            problems.append(Problem(
                path, number, (curly.group("key") or field).lower(),
                f"the value is in curly quotes ({curly.group('open')} "
                f"{curly.group('close')}), which YAML keeps as part of the text",
                "Type straight quotes instead (a word processor curls them): "
                + (f"{curly.group('key')}: " if curly.group("key") else "- ")
                + '"' + curly.group("text").replace("\\", "\\\\").replace('"', '\\"')
                + '"'))
    return problems


# A character reference to one of them (&#1;, &#x200B;, &shy;): HTML that came with a
# paste, or typed; it would put the same invisible character on the page.
REFERENCE = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|(shy|zwj|zwnj|lrm|rlm));")
NAMED = {"shy": 0xAD, "zwj": 0x200D, "zwnj": 0x200C, "lrm": 0x200E, "rlm": 0x200F}


def invisible_references_as_characters(text: str) -> str:
    """References to the characters ``clean_text`` removes, as those characters (so they
    are removed, or kept where a script needs them, with the same advice); others stay."""
    def character(match: re.Match) -> str:
        decimal, hexadecimal, name = match.groups()
        code = int(decimal) if decimal else int(hexadecimal, 16) if hexadecimal else NAMED[name]
        found = chr(code) if code < 0x110000 else ""
        return found if found and REMOVED.fullmatch(found) else match.group(0)

    return REFERENCE.sub(character, text) if "&" in text else text


def clean_text(text: str) -> tuple[str, list[tuple[int, Counter]]]:
    """``text`` without the invisible characters a paste brings (written as themselves or
    as character references), and for each line (1-based, in ``text``) what was
    removed; pure. See the module's docstring."""
    text = invisible_references_as_characters(text)
    if not REMOVED.search(text):
        return text, []
    removed_on: list[tuple[int, Counter]] = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if not REMOVED.search(line):
            continue
        right_to_left = any(unicodedata.bidirectional(c) in ("R", "AL") for c in line
                            if c not in BIDI)
        kept, removed = [], Counter()
        for index, char in enumerate(line):
            needed = (not REMOVED.fullmatch(char)
                      or (char in JOINERS and bool(JOINING.match(line[index - 1:index] or " ")
                                                   or JOINING.match(line[index + 1:index + 2]
                                                                    or " ")))
                      or (char in BIDI and right_to_left))
            if needed:
                kept.append(char)
            else:
                removed[char] += 1
        if removed:
            lines[number - 1] = "".join(kept)
            removed_on.append((number, removed))
    return "\n".join(lines), removed_on


def removal_advice(removed_on: list[tuple[int, Counter]], first_line: int, field: str,
                   ) -> list[Problem]:
    """One piece of advice per line that ``clean_text`` changed (paths left empty)."""
    problems = []
    for number, removed in removed_on:
        parts = [_plural(char, count) for char, count in removed.items()]
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        problems.append(Problem(
            "", first_line + number - 1, field,
            f"removed {listed}, which came with pasted text and cannot be seen",
            "Nothing to fix on the page; to clean the file too, retype the line.",
            severity="advice"))
    return problems
