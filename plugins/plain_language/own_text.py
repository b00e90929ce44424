"""The team's own health text, measured against the article target: the theme's words
(its gettext template, theme/translations/messages.pot) and `invoke new`'s starter
(theme/starters/article.md: its opening, the urgent-help wording and the questions and
answers starter). The editorial report lists each part with both grades."""

from __future__ import annotations

import re
from pathlib import Path

from site_core import readability

from .analysis import sentences_of, words_of

BLOCK = re.compile(r"^/// ?(?P<name>[\w-]+)(?: \| (?P<heading>.*))?$")
# Below three words a label ("Talk to us", "Search this site") is not prose to grade.
SHORTEST_TEXT = 3


def theme_words(pot: Path) -> list[str]:
    from babel.messages.pofile import read_po

    with open(pot, "rb") as handle:
        catalog = read_po(handle)
    return [message.id for message in catalog if isinstance(message.id, str) and message.id
            and len(message.id.split()) >= SHORTEST_TEXT]


def starter_parts(starter: Path) -> dict[str, list[str]]:
    """The starter's text by part: "opening" (outside blocks), "urgent", "questions",
    "key-points"; front matter left out, TODO marks removed (a writer replaces them)."""
    text = starter.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    parts: dict[str, list[str]] = {}
    current = "opening"
    for line in text.splitlines():
        block = BLOCK.match(line.strip())
        if block:
            current = block.group("name")
            if block.group("heading"):
                parts.setdefault(current, []).append(block.group("heading") + ":")
            continue
        if line.strip() == "///":
            current = "opening"
            continue
        line = re.sub(r"^\s*(?:#+|-)\s*", "", line).replace("TODO", "").strip()
        if line:
            parts.setdefault(current, []).append(line)
    return parts


def grades(texts: list[str]) -> dict:
    """Both grades of some texts read as one, and the sentences above grade 8 on their own."""
    sentences = [s for text in texts for s in sentences_of(text)]
    joined = " ".join(s if s[-1:] in ".!?:" else s + "." for s in sentences)
    hardest = [s for s in sentences
               if len(words_of(s)) >= SHORTEST_TEXT and readability.flesch_kincaid(s) > 8]
    flesch_kincaid, smog = readability.grades(joined)
    return {"flesch_kincaid": flesch_kincaid, "smog": smog, "words": len(words_of(joined)),
            "hardest": hardest}


def own_text_rows(theme: Path) -> list[dict]:
    """One row per part of the team's own text: where it is, its grades, its hardest
    sentences."""
    starter = theme / "starters" / "article.md"
    parts = starter_parts(starter)
    sources = [
        ("The theme's words (every page)", "theme/translations/messages.pot",
         theme_words(theme / "translations" / "messages.pot")),
        ("The new-article starter: opening, key points and sections", "theme/starters/article.md",
         parts.get("opening", []) + parts.get("key-points", [])),
        ("The new-article starter: the urgent-help wording", "theme/starters/article.md",
         parts.get("urgent", [])),
        ("The new-article starter: questions and answers", "theme/starters/article.md",
         parts.get("questions", [])),
    ]
    return [{"name": name, "path": path, **grades(texts)} for name, path, texts in sources]
