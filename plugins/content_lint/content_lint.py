"""Content lint: what a writer can get wrong in the text itself.

Checks the HTML that Markdown made of each content file (before Pelican
resolves ``{filename}`` links, so a hard-coded internal link can still be told
from a proper one) and the Markdown source:

- warnings (they fail strict builds, so CI and publishing): an image without
  alt text, a heading level that skips, link text such as "click here" or a
  bare URL, an internal link that is a hard-coded path or the site's own
  domain instead of ``{filename}``, a common misspelling (codespell's
  dictionaries plus the clinic's own list, with a list of allowed words);
- advice (shown by ``invoke check`` and the editorial report, never failing a
  build): a Flesch-Kincaid grade above the target (textstat) and sentences
  longer than the limit. Readability formulas only estimate, and the clinic's
  own articles must still be publishable while they are rewritten, so these
  guide rather than block (see WRITING.md).

The checks are pure functions (``lint_html``, ``readability``,
``long_sentences``, ``spelling_problems``) so that a single post-processing
pass can call them later. No official plugin lints content for patients,
hence our own. codespell has no public Python API; we read its dictionaries
through ``site_core.compat`` (codespell is pinned to 2.4.x) rather
than run a process per file.

Setting (merged over DEFAULTS):
    CONTENT_LINT = {"readability_grade": 8, "sentence_words": 25,
                    "allowed_words": "spelling/allowed-words.txt",
                    "extra_misspellings": "spelling/clinical-misspellings.txt"}
"""

from __future__ import annotations

import dataclasses
import functools
import html
import os
import re
from urllib.parse import urlparse

from pelican import signals

from site_core import (
    Analysis,
    Problem,
    Provides,
    all_contents,
    build_state,
    display_path,
    holds_whole,
    plugin_settings,
    report,
)
from site_core import readability as grading
from site_core.compat import (
    codespell_dictionary_files,
    codespell_read_dictionary,
    raw_html,
)

DEFAULTS = {
    # Readability and sentence length (advice) are computed only when asked for:
    # `invoke check` and `invoke report` turn this on. It never changes whether a
    # build passes, and it saves about a second on every other build.
    "advice": False,
    "readability_grade": 8,
    "sentence_words": 25,
    "allowed_words": "spelling/allowed-words.txt",
    "extra_misspellings": "spelling/clinical-misspellings.txt",
}
# What alt text is for, in the words of the lint's message; the editor's image field
# (plugins/editor) shows the same words.
ALT_TEXT_WHAT = "What the picture shows"
ALT_TEXT_WHY = "People who cannot see it hear that text."
VAGUE_LINK_TEXT = {"click here", "here", "click", "read more", "more", "this link", "link",
                   "this page", "learn more", "find out more"}
BARE_URL = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
BLOCKS = {"p", "li", "dd", "dt", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
          "figcaption", "summary", "pre", "ul", "ol", "dl", "div", "table", "tr", "thead",
          "tbody", "details", "section", "figure", "aside"}
FIELD_NAME = re.compile(r"^\s*[\w-]+\s*:")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# A word is letters of any script (café, Montréal, naïve), so an accented letter never
# cuts a word in two ("caf" is a misspelling in codespell's list; "café" is not).
WORD = re.compile(r"[^\W\d_][^\W\d_'’]*(?:['’][^\W\d_]+)*")
# What is not prose in a Markdown line: link targets, URLs, Pelican link markers, code.
NOT_PROSE = re.compile(r"\]\([^)]*\)|\S+://\S+|[{|](?:filename|static|attach)[}|]\S+|`[^`]*`|\S+@\S+")


def settings_for(settings: dict) -> dict:
    merged = plugin_settings(settings, "CONTENT_LINT", DEFAULTS)
    if not isinstance(merged["advice"], bool):
        raise ValueError("CONTENT_LINT: advice must be true or false")
    for name in ("readability_grade", "sentence_words"):
        if not isinstance(merged[name], (int, float)) or merged[name] <= 0:
            raise ValueError(f"CONTENT_LINT: {name} must be a positive number")
    return merged


def normalise(text: str) -> str:
    text = text.replace("\xa0", " ").replace("’", "'").replace("‘", "'")
    text = text.replace("“", '"').replace("”", '"').replace("–", "-").replace("—", "-")
    return " ".join(text.split())


def line_of(source_text: str, needle: str, first_line: int = 1) -> int:
    """The first source line (from ``first_line``) that holds ``needle`` as a whole:
    link text "here" is not found inside "there" or "elsewhere"."""
    wanted = normalise(needle).lower()
    if wanted:
        lines = normalised_lines(source_text)
        for number in range(first_line, len(lines) + 1):
            if holds_whole(lines[number - 1], wanted):
                return number
    return first_line


@functools.lru_cache(maxsize=4)
def normalised_lines(source_text: str) -> tuple[str, ...]:
    """Every line of a source, normalised and lower-cased: worked out once per file,
    not once per heading, image and link that ``line_of`` looks for (that was half
    of the lint's time)."""
    return tuple(normalise(text).lower() for text in source_text.splitlines())


def own_hosts(settings: dict) -> set[str]:
    """The site's own host names: from SITEURL and the clinic's email address."""
    hosts = set()
    host = urlparse(settings.get("SITEURL") or "").hostname
    if host:
        hosts.add(host)
    email = (settings.get("CLINIC") or {}).get("email", "")
    if "@" in email:
        hosts.add(email.rsplit("@", 1)[1].lower())
    return hosts | {f"www.{h}" for h in hosts} | {h.removeprefix("www.") for h in hosts}


def link_problem(href: str, text: str, hosts: set[str]) -> tuple[str, str, str] | None:
    """(field, what is wrong, fix) for one link, or None."""
    shown = normalise(text)
    if shown.lower().strip(".!: ") in VAGUE_LINK_TEXT:
        return ("link text", f"'{shown}' does not say where the link goes",
                "Use words that make sense on their own, e.g. "
                "'[read about physiotherapy]({filename}/services/physiotherapy.md)'.")
    if BARE_URL.match(shown):
        return ("link text", f"the link text is a bare address ({shown})",
                "Write what the reader will find there instead, e.g. '[our contact page](...)'.")
    if not href or href.startswith(("{", "|", "#", "mailto:", "tel:")):
        return None
    parsed = urlparse(href)
    internal = (not parsed.scheme and not href.startswith("//")) or \
        (parsed.hostname or "").lower() in hosts
    if internal:
        return ("link", f"'{href}' is a hard-coded link to this site",
                "Link to the Markdown file instead, e.g. "
                "'({filename}/services/physiotherapy.md)', so the link never breaks.")
    return None


def lint_html(html: str, source_text: str, path: str, rules: dict,
              first_line: int = 1) -> list[Problem]:
    """Warnings about images, headings and links in one file's HTML; pure.

    Parsed with lxml directly: this runs for every file, and BeautifulSoup's
    tree took three times as long to build for the same three searches.
    """
    import lxml.html

    root = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
    hosts = set(rules.get("own_hosts", ()))
    problems = []
    for image in root.iter("img"):
        if not (image.get("alt") or "").strip():
            src = image.get("src", "")
            problems.append(Problem(
                path, line_of(source_text, src, first_line), "image",
                f"the image {src} has no alt text",
                f"Describe it in the square brackets: ![{ALT_TEXT_WHAT}](...). {ALT_TEXT_WHY}",
                severity="warning"))
    level_before = 1  # the page title is the level-1 heading
    for heading in root.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        level, text = int(heading.tag[1]), normalise(heading.text_content())
        line = line_of(source_text, text, first_line)
        if level == 1:
            problems.append(Problem(
                path, line, "heading", f"'{text}' is a level-1 heading (#)",
                "The title is the only level-1 heading: start sections with ##.",
                severity="warning"))
        elif level > level_before + 1:
            problems.append(Problem(
                path, line, "heading",
                f"'{text}' jumps from level {level_before} to level {level}",
                f"Use {'#' * (level_before + 1)} for this heading: levels go down one at a time.",
                severity="warning"))
        level_before = level
    for link in root.iter("a"):
        href, text = link.get("href", ""), link.text_content()
        found = link_problem(href, text, hosts)
        if found:
            field, message, fix = found
            needle = href if field == "link" or not text.strip() else text
            problems.append(Problem(path, line_of(source_text, needle, first_line), field,
                                    message, fix, severity="warning"))
    return problems


def block_texts(html: str, with_kind: bool = False) -> list:
    """The text of each block (paragraph, list item, heading...) of the HTML, in order;
    with ``with_kind``, (tag name, text) pairs. A heading's "Link to this section"
    anchor is the theme's, not the writer's: it is left out.

    Parsed with lxml, like ``lint_html``: BeautifulSoup's tree over Python's own HTML
    parser took seven times as long, and the plain language analysis reads every
    file this way. The texts are the same (tests/test_fast_equivalents.py keeps the
    BeautifulSoup version and compares on every fixture)."""
    import lxml.html

    texts: list = []

    def walk(element) -> str:
        # An element's text before its first child is ``text``; the text after a
        # child (up to the next one) is that child's ``tail``, and it is the
        # parent's own text, even after a skipped anchor or a block.
        own = [element.text or ""]
        for child in element:
            if not isinstance(child.tag, str):  # a comment or processing instruction
                own.append(child.text or "")
            elif "section-heading__anchor" in (child.get("class") or "").split():
                pass
            elif child.tag in BLOCKS:
                text = walk(child)
                if text:
                    texts.append((child.tag, text) if with_kind else text)
            else:
                own.append(child.text_content())
            own.append(child.tail or "")
        return normalise("".join(own))

    rest = walk(lxml.html.fragment_fromstring(html, create_parent="div"))
    if rest:
        texts.append(("", rest) if with_kind else rest)
    return texts


def sentences(html: str) -> list[str]:
    found = []
    for block in block_texts(html):
        found.extend(s for s in SENTENCE_END.split(block) if s.strip())
    return found


def readability(html: str) -> tuple[float | None, int]:
    """(Flesch-Kincaid grade, word count) of the text; grade None when there is no text."""
    text = " ".join(s if s[-1:] in ".!?:" else s + "." for s in sentences(html))
    words = len(grading.words(text))
    if not words:
        return None, 0
    return round(grading.flesch_kincaid(text), 1), words


def long_sentences(html: str, limit: int) -> list[tuple[str, int]]:
    """Sentences with more than ``limit`` words, with their word count."""
    found = []
    for sentence in sentences(html):
        count = len(WORD.findall(sentence))
        if count > limit:
            found.append((sentence, count))
    return found


def cached_misspellings(cache_dir: str, extra_file: str, allowed_file: str,
                        ) -> tuple[dict, frozenset]:
    """``misspellings`` of the two word lists, kept by their contents in the build's
    memos (a live session's builds share one table while the lists are the same) and
    in the cache folder: reading codespell's
    dictionaries takes half a second, the pickle a few milliseconds."""
    import hashlib

    from codespell_lib import __version__

    texts = (read_list(extra_file), read_list(allowed_file))
    key = (__version__, *(hashlib.sha256(text.encode()).hexdigest() for text in texts))
    tables = build_state().memo("content_lint.misspellings", dict)
    if key not in tables:
        tables[key] = _load_misspellings(cache_dir, key, *texts)
    return tables[key]


def read_list(path: str) -> str:
    if path and os.path.isfile(path):
        with open(path, encoding="utf-8") as file:
            return file.read()
    return ""


def _load_misspellings(cache_dir: str, key: tuple, extra_text: str,
                       allowed_text: str) -> tuple[dict, frozenset]:
    import pickle

    cache = os.path.join(cache_dir, "content_lint_spelling.pickle")
    try:
        with open(cache, "rb") as file:
            saved_key, value = pickle.load(file)  # noqa: S301 - our own cache folder
        if saved_key == key:
            return value
    except (OSError, ValueError, EOFError, pickle.UnpicklingError):
        pass
    value = misspellings(extra_text, allowed_text)
    try:
        os.makedirs(cache_dir, exist_ok=True)
        with open(cache, "wb") as file:
            pickle.dump((key, value), file)
    except OSError:
        pass  # a read-only cache only costs time
    return value


def misspellings(extra_text: str, allowed_text: str) -> tuple[dict, frozenset]:
    """codespell's default dictionaries plus ours: {wrong: right}, and allowed words.

    ``extra_text`` holds lines ``wrong->right``; ``allowed_text`` one word a line;
    ``#`` starts a comment line in both."""
    allowed = {line.strip().lower() for line in allowed_text.splitlines()
               if line.strip() and not line.startswith("#")}
    table: dict = {}
    for path in codespell_dictionary_files(("clear", "rare")):
        codespell_read_dictionary(path, table, set(allowed))
    for line in extra_text.splitlines():
        if "->" in line and not line.startswith("#"):
            wrong, right = line.split("->", 1)
            if wrong.strip().lower() not in allowed:
                table[wrong.strip().lower()] = right.strip()
    return {wrong: getattr(fix, "data", fix) for wrong, fix in table.items()}, frozenset(allowed)


def spelling_problems(source_text: str, path: str, table: dict, allowed: frozenset,
                      allowed_file: str = "content/spelling/allowed-words.txt",
                      first_body_line: int = 1) -> list[Problem]:
    """A warning for every word of the source that is a known misspelling; pure.

    Front matter field names are left to the content model, which suggests the
    right name; only their values are read here.
    """
    problems = []
    for number, line in enumerate(source_text.splitlines(), start=1):
        if number < first_body_line:
            line = FIELD_NAME.sub(" ", line)
        # Read entities as the page shows them: caf&eacute; is "café", not "caf".
        for word in WORD.findall(html.unescape(NOT_PROSE.sub(" ", line))):
            key = word.lower().replace("’", "'").strip("'")
            if key in table and key not in allowed:
                right = table[key].split(",")[0].strip()
                problems.append(Problem(
                    path, number, "spelling", f"'{word}' looks misspelt",
                    f"Write '{right}'. If '{word}' is right, add it to {allowed_file}.",
                    severity="warning"))
    return problems




# codespell's dictionaries and the Flesch-Kincaid grade are English: on a page in
# another language they would flag every word or measure nothing real (textstat
# applies its English formula to any text it does not know). They run only here.
ENGLISH_ONLY_CHECKS = ("spelling", "readability", "sentence length")
CHECKS_FOR_EVERY_LANGUAGE = ("alt text", "headings", "links")


def checks_for(lang: str | None, rules: dict) -> list[str]:
    """The checks that run on a page in ``lang`` (None: the site's language)."""
    english = (lang or rules.get("site_language", "en")).split("-")[0] == "en"
    checks = [*CHECKS_FOR_EVERY_LANGUAGE, *(("spelling",) if english else ())]
    if rules["advice"] and english:
        checks += ["readability", "sentence length"]
    return checks


def lint_text(source: str, html: str, rules: dict, table: dict, allowed: frozenset,
              allowed_file: str, path: str = "", lang: str | None = None) -> dict:
    """Every problem of one file, from its source text and its Markdown HTML; pure.

    Returns {"problems": [Problem, ...], "grade": ..., "words": ..., "checks": [...]};
    the problems carry ``path`` as given (the cached analysis leaves it empty and
    the build fills in the file's path when it reports them). ``checks`` names the
    checks that ran, which depend on the file's language.
    """
    body = source.split("\n---", 1)[1] if source.startswith("---") and "\n---" in source else source
    first_line = source.count("\n") - body.count("\n") + 1
    checks = checks_for(lang, rules)
    problems = lint_html(html, source, path, rules, first_line)
    if "spelling" in checks:
        problems += spelling_problems(source, path, table, allowed, allowed_file, first_line)
    if "readability" not in checks:
        return {"problems": problems, "grade": None, "words": None, "checks": checks}
    grade, words = readability(html)
    if grade is not None and grade > rules["readability_grade"]:
        problems.append(Problem(
            path, first_line, "readability",
            f"reads at grade {grade} (Flesch-Kincaid); the aim is grade "
            f"{rules['readability_grade']} or below",
            "Use shorter sentences and everyday words; explain medical terms.",
            severity="advice"))
    for sentence, count in long_sentences(html, rules["sentence_words"]):
        start = " ".join(sentence.split()[:6])
        problems.append(Problem(
            path, line_of(source, start, first_line), "sentence",
            f"this sentence has {count} words: '{start} ...'",
            f"Split it into sentences of at most {rules['sentence_words']} words.",
            severity="advice"))
    return {"problems": problems, "grade": grade, "words": words, "checks": checks}


# Where the rules and dictionaries of this build come from -----------------

def rules_for(settings: dict) -> dict:
    return {**settings_for(settings), "own_hosts": sorted(own_hosts(settings)),
            "site_language": settings.get("DEFAULT_LANG", "en")}


def spelling_files(settings: dict, rules: dict) -> tuple[str, str]:
    """(extra misspellings, allowed words): paths under the content folder."""
    return (os.path.join(settings["PATH"], rules["extra_misspellings"]),
            os.path.join(settings["PATH"], rules["allowed_words"]))


def lint_fingerprint(settings: dict) -> str:
    """What a file's lint result depends on besides its own text: the rules, the
    site's host names, the word lists' contents and codespell's version."""
    import hashlib

    from codespell_lib import __version__

    rules = rules_for(settings)
    digest = hashlib.sha256(repr((sorted(rules.items()), __version__)).encode())
    for path in spelling_files(settings, rules):
        digest.update(display_path(path).encode())
        if os.path.isfile(path):
            with open(path, "rb") as file:
                digest.update(file.read())
    return digest.hexdigest()[:16]


def lint_setup(settings: dict) -> tuple[dict, dict, frozenset, str]:
    """(rules, misspellings, allowed words, allowed-words file as shown) for a build:
    worked out once, not for every file."""
    rules = rules_for(settings)
    extra, allowed_file = spelling_files(settings, rules)
    table, allowed = cached_misspellings(settings.get("CACHE_PATH", "cache"), extra, allowed_file)
    return rules, table, allowed, display_path(allowed_file)


def analyse_file(source: str, record: dict, setup: tuple) -> dict:
    """The front matter reader's hook: lint one file where it is converted
    (on every core) and cache the result with it. Problems have no path yet:
    the cache is keyed by the file's bytes, not its name."""
    rules, table, allowed, allowed_file = setup
    lang = record.get("fields", {}).get("lang")
    return lint_text(source, record["html"], rules, table, allowed, allowed_file,
                     lang=str(lang) if lang else None)


def lint_contents(generators) -> None:
    """Reports alt text, heading, link and spelling problems (cached with the Markdown) with their lines."""
    lint_items(all_contents(generators))


def lint_items(contents: list) -> None:
    """Alt text, heading, link and spelling problems of these content objects."""
    from engine import analysis_of
    from front_matter import read_source

    if not contents:
        return
    setup = None
    for content in contents:
        result = analysis_of(content, "content_lint")
        if result is None:  # not read by the front matter reader: lint it here
            setup = setup or lint_setup(contents[0].settings)
            source = read_source(content.source_path)
            result = analyse_file(source, {"html": raw_html(content), "fields": {
                "lang": getattr(content, "lang", None)}}, setup)
        if result["grade"] is not None or result["words"] is not None:
            content.readability_grade, content.word_count = result["grade"], result["words"]
        content.checks_ran = result.get("checks", [])
        path = display_path(content.source_path)
        for problem in result["problems"]:
            report(dataclasses.replace(problem, path=path))


# Lint depends only on a file's bytes: it runs where the file is converted, and is cached.
PROVIDES = Provides(
    analyses=(Analysis("content_lint", analyse_file, lint_fingerprint, lint_setup),),
    # Pelican warns about an empty alt with no line; our lint names the line.
    # Pelican's LimitFilter turns the fifth such warning into "Other images have ...".
    dropped_echoes=(("empty alt", None), ("empty alt, many", None)),
    item_checks=(lint_items,),
)


def register():
    signals.all_generators_finalized.connect(lint_contents)
