"""What makes a text hard to read, sentence by sentence: the pure core.

``analyse(html, words)`` reads the HTML Markdown made of one file and returns a
plain dict: the Flesch-Kincaid and SMOG grades of the
whole text (textstat's, computed by ``site_core.readability``, on the text
content_lint grades), its hard and very hard sentences, the words that have a
plainer alternative or need explaining, passive verbs, and paragraphs longer than
a phone screen. ``place_lines`` finds where
each one is in the Markdown source, and ``packed`` is the form cached with the file
and kept through a build. Nothing here reads settings or files.
"""

from __future__ import annotations

import functools
import pickle
import re

from content_lint import block_texts
from site_core import holds_whole, readability

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:['’][^\W\d_]+)*")
# A form of "to be", then (perhaps) adverbs, then a past participle: "is thought",
# "are commonly used", "was not performed". Adjectives ending in -ed ("is tired")
# are caught too: the aid says "perhaps", and a writer decides.
BE = r"(?:am|is|are|was|were|be|been|being)"
IRREGULAR_PARTICIPLES = (
    "born|borne|bought|brought|built|caught|chosen|done|drawn|driven|eaten|fallen|"
    "felt|forgotten|found|given|gone|grown|held|hidden|hit|hurt|kept|known|laid|led|"
    "left|lost|made|meant|met|paid|put|read|run|said|seen|sent|set|shown|shut|sold|"
    "spent|split|spoken|spread|stuck|taken|taught|thought|told|torn|understood|woken|"
    "won|worn|written"
)
NOT_PARTICIPLES = {"need", "red", "bed", "shed", "seed", "speed", "feed", "hundred", "sacred",
                   "naked", "wicked", "ragged", "rugged", "indeed", "proceed", "succeed",
                   "exceed", "breed", "greed", "weed", "deed", "bleed", "embed"}
PASSIVE = re.compile(
    rf"\b{BE}\s+(?:(?:not|also|often|always|never|still|then|usually|generally|sometimes|"
    rf"\w+ly)\s+)*(?P<verb>\w{{2,}}ed|{IRREGULAR_PARTICIPLES})\b",
    re.IGNORECASE)
# Below this many words a sentence is never marked: one long word in a short
# sentence gives a high grade that means nothing.
SHORTEST_HARD_SENTENCE = 10
FINDINGS = ("sentences", "word_hits", "passive", "long_paragraphs")


def words_of(text: str) -> list[str]:
    return WORD.findall(text)


def sentences_of(block: str) -> list[str]:
    return [s for s in SENTENCE_END.split(block) if s.strip()]


def graded_text(html: str, blocks: list[str] | None = None) -> str:
    """The text the grades are measured on: every block, each ending as a sentence
    (content_lint's readability reads the same text). ``blocks``: the HTML's
    block_texts, when the caller has them already."""
    parts = []
    for block in block_texts(html) if blocks is None else blocks:
        for sentence in sentences_of(block):
            parts.append(sentence if sentence[-1:] in ".!?:" else sentence + ".")
    return " ".join(parts)


def sentence_strength(sentence: str, hard_grade: float, very_hard_grade: float,
                      ) -> tuple[str, dict] | None:
    """("hard" or "very hard", what makes it so) for one sentence, or None."""
    words = words_of(sentence)
    if len(words) < SHORTEST_HARD_SENTENCE:
        return None
    grade = readability.flesch_kincaid(sentence)
    if grade < hard_grade:
        return None
    long_words = sum(readability.syllables(word) >= 3 for word in words)
    reasons = {"grade": round(grade, 1), "words": len(words), "long_words": long_words}
    return ("very hard" if grade >= very_hard_grade else "hard"), reasons


# The word list --------------------------------------------------------------

def inflections(word: str) -> set[str]:
    """A word and its usual endings: utilise, utilises, utilised, utilising."""
    forms = {word, word + "s", word + "es", word + "d", word + "ed", word + "ing"}
    if word.endswith("e"):
        forms |= {word[:-1] + "ing", word[:-1] + "ed"}
    if word.endswith("y"):
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if word.endswith("is"):
        forms.add(word[:-2] + "es")
    if word.endswith("a"):
        forms.add(word + "e")  # vertebra, vertebrae
    return forms


class WordIndex(dict):
    """Each listed word's every form, as a tuple of lower-case words -> its entry; with
    the first words of all of them and the longest, so a text is read in one pass."""

    def __init__(self, *args):
        super().__init__(*args)
        self.firsts = frozenset(key[0] for key in self)
        self.longest = max((len(key) for key in self), default=1)


def word_index(entries: list[dict]) -> WordIndex:
    """Each listed word's every form, as a tuple of lower-case words -> its entry."""
    index: dict[tuple[str, ...], dict] = {}
    for entry in entries:
        for spelling in [entry["word"], *entry.get("also", [])]:
            *first, last = spelling.lower().split()
            for form in inflections(last):
                index.setdefault((*first, form), entry)
    return WordIndex(index)


def word_hits(text: str, index: dict[tuple[str, ...], dict], seen: set[str],
              ) -> list[dict]:
    """Listed words in ``text``, in order. A word with a plainer alternative is found
    every time; a medical term only the first time (``seen`` remembers which
    terms came before, across the blocks of one file)."""
    if not isinstance(index, WordIndex):
        index = WordIndex(index)
    # Most sentences hold no listed word: their words alone (no positions) tell.
    if index.firsts.isdisjoint(word.lower().replace("’", "'") for word in WORD.findall(text)):
        return []
    return search_words(text, index, seen)


def search_words(text: str, index: WordIndex, seen: set[str]) -> list[dict]:
    """``word_hits`` without its shortcut: every position of ``text`` looked up (the
    longest listed phrase that starts there wins)."""
    tokens = [(m.group(0), m.start(), m.end()) for m in WORD.finditer(text)]
    words = [token[0].lower().replace("’", "'") for token in tokens]
    hits, position = [], 0
    while position < len(tokens):
        if words[position] not in index.firsts:
            position += 1
            continue
        for size in range(min(index.longest, len(tokens) - position), 0, -1):
            entry = index.get(tuple(words[position:position + size]))
            if entry is None:
                continue
            start, end = tokens[position][1], tokens[position + size - 1][2]
            written = text[start:end]
            if "plainer" in entry:
                hits.append({"text": written, "word": entry["word"], "kind": "plainer",
                             "plainer": list(entry["plainer"]), "start": start})
            elif entry["word"] not in seen:
                seen.add(entry["word"])
                hits.append({"text": written, "word": entry["word"], "kind": "explain",
                             "hint": entry.get("hint", ""), "start": start})
            position += size - 1
            break
        position += 1
    return hits


def passive_verbs(sentence: str) -> list[str]:
    return [m.group(0) for m in PASSIVE.finditer(sentence)
            if m.group("verb").lower() not in NOT_PARTICIPLES]


# One file --------------------------------------------------------------------

def analyse(html: str, index: dict, rules: dict) -> dict:
    """Everything the aid and ``invoke check --plain`` show about one file's HTML; pure.

    ``rules``: hard_grade, very_hard_grade, paragraph_words. The result is plain data
    (lists and dicts of text and numbers), in the order of the text. Each finding
    names its sentence by number (``sentence``, an index into ``starts``, the first
    words of every sentence), which ``place_lines`` turns into a source line.
    """
    blocks = block_texts(html, with_kind=True)  # the HTML is parsed once
    text = graded_text(html, [block for _kind, block in blocks])
    word_count = len(words_of(text))
    result = {"flesch_kincaid": None, "smog": None, "words": word_count, "starts": [],
              "sentences": [], "word_hits": [], "passive": [], "long_paragraphs": []}
    if word_count:
        result["flesch_kincaid"], result["smog"] = readability.grades(text)
    seen: set[str] = set()
    for kind, block in blocks:
        count = len(words_of(block))
        if kind == "p" and count > rules["paragraph_words"]:
            result["long_paragraphs"].append({"sentence": len(result["starts"]), "words": count})
        for sentence in sentences_of(block):
            number = len(result["starts"])
            result["starts"].append(opening(sentence, 5))
            strength = sentence_strength(sentence, rules["hard_grade"], rules["very_hard_grade"])
            if strength:
                # Its first words name it in a message; every file's analysis is kept in
                # memory through a build, where whole sentences were a fifth of it.
                result["sentences"].append({"sentence": number, "opening": opening(sentence),
                                            "strength": strength[0], **strength[1]})
            for verb in passive_verbs(sentence):
                result["passive"].append({"sentence": number, "text": verb})
            for hit in word_hits(sentence, index, seen):
                result["word_hits"].append({"sentence": number, **hit})
    return result


def opening(sentence: str, words: int = 8) -> str:
    """The first words of a sentence: eight name it in a message, five find its line."""
    return " ".join(sentence.split()[:words])


# Where each finding is in the Markdown source -----------------------------------

NOT_PROSE = re.compile(r"\]\([^)]*\)|\S+://\S+|[{|](?:filename|static|attach)[}|]\S+|`[^`]*`"
                       r"|\S+@\S+|[*_\[\]]")


def _plain(text: str) -> str:
    for fancy, plain in (("\xa0", " "), ("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'),
                         ("–", "-"), ("—", "-")):
        text = text.replace(fancy, plain)
    return " ".join(text.split()).lower()


@functools.lru_cache(maxsize=1 << 12)
def prose_of(line: str) -> str:
    """A line of Markdown as the sentences are compared with it: its prose, plain and
    lower-case. Memoised: every finding's search reads the lines of its paragraph
    again, and the sentences' search has read them all once already."""
    return _plain(NOT_PROSE.sub(" ", line))


def sentence_lines(starts: list[str], source: str, first_line: int) -> list[int]:
    """The source line each sentence starts on, found in reading order: each search
    starts where the last sentence was found, so a repeated phrase is not put on its
    first line. A sentence not found (Markdown inside its first words) takes the line
    of the one before."""
    lines = [(number, prose_of(line))
             for number, line in enumerate(source.splitlines(), start=1) if number >= first_line]
    found, cursor = [], 0
    for start in starts:
        wanted = _plain(NOT_PROSE.sub(" ", start))
        for position in range(cursor, len(lines)):
            if wanted and wanted in lines[position][1]:
                cursor = position
                break
        found.append(lines[cursor][0] if lines else first_line)
    return found


def word_line(written: str, line: int, source_lines: list[str]) -> int:
    """The line of a word of the sentence that starts on ``line`` (a sentence may run
    over several lines of Markdown; a paragraph ends at a blank line)."""
    wanted = _plain(written)
    for number in range(line, len(source_lines) + 1):
        text = source_lines[number - 1]
        if not text.strip():
            break
        if holds_whole(prose_of(text), wanted):
            return number
    return line


def place_lines(result: dict, source: str, first_line: int) -> dict:
    """A copy of the analysis with a source ``line`` on every finding, without the
    sentences' first words that found the lines (each build keeps every file's analysis
    in memory: they were a quarter of it); pure."""
    starts = sentence_lines(result["starts"], source, first_line)
    source_lines = source.splitlines()
    placed = {name: value for name, value in result.items() if name != "starts"}
    for name in FINDINGS:
        placed[name] = []
        for item in result[name]:
            line = starts[item["sentence"]] if item["sentence"] < len(starts) else first_line
            if name in ("passive", "word_hits"):
                line = word_line(item["text"], line, source_lines)
            placed[name].append({**item, "line": line})
    return placed


# As a build keeps it ------------------------------------------------------------

def packed(placed: dict) -> dict:
    """The placed analysis as it is cached and kept through a build: the grades as they
    are, the findings as one pickled ``bytes``. A build reads only the grades; the
    findings (``invoke check --plain``) as lists of dicts were 12 KB an article, more
    than its HTML, and a fifth of that as bytes (benchmarks/README.md); pure."""
    kept = {name: value for name, value in placed.items() if name not in FINDINGS}
    kept["findings"] = pickle.dumps({name: placed[name] for name in FINDINGS},
                                    protocol=pickle.HIGHEST_PROTOCOL)
    return kept


def finding_lists(result: dict) -> dict[str, list[dict]]:
    """The findings of an analysis, packed (``packed``) or not, by kind: sentences,
    word_hits, passive, long_paragraphs."""
    if "findings" in result:
        return pickle.loads(result["findings"])  # noqa: S301 (``packed`` wrote them: our own cache)
    return {name: result[name] for name in FINDINGS}
