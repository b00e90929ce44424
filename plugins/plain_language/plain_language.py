"""Plain language: reading grades against a target, and what to change, sentence by sentence.

Every English article and page is measured where it is converted (on every core,
cached with the Markdown; ``analysis.analyse``): Flesch-Kincaid and SMOG grades
(textstat), hard and very hard sentences, words with a plainer alternative or
medical terms to explain (``words.yml``, the project's word list), passive verbs
and paragraphs longer than a phone screen. The build reports one thing: a grade
above the page's reading target, as advice (or a warning, if the clinic raises
the target's severity). ``invoke check --plain FILE`` prints every finding, one
line each; the live preview can draw them on the page (``preview.py``).

Readability plugins for static sites give one score per page; none names the
sentences or knows health vocabulary, hence our own.

Setting (merged over DEFAULTS):
    PLAIN_LANGUAGE = {
        # Reading targets by content type; a category's target replaces its type's.
        "targets": {"article": {"smog": 9, "severity": "advice"}, ...},
        "categories": {},        # e.g. {"Clinic news": {"smog": 10, "severity": "advice"}}
        "hard_grade": 10,        # a sentence's Flesch-Kincaid grade that makes it hard
        "very_hard_grade": 14,   # ... and very hard
        "paragraph_words": 140,  # longer paragraphs fill more than a phone screen
        "word_list": "",         # another word list (YAML); "" is the shipped words.yml
        "preview_aid": False,    # the reading aid in `invoke livereload` (--plain turns it on)
    }
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

import yaml
from pelican import signals

from site_core import (
    Analysis,
    Problem,
    Provides,
    all_contents,
    display_path,
    plugin_settings,
    readability,
    report,
)

from .analysis import analyse, finding_lists, packed, place_lines, word_index

WORD_LIST = Path(__file__).with_name("words.yml")
TARGET_KEYS = {"smog": "SMOG", "flesch_kincaid": "Flesch-Kincaid"}
SEVERITIES = ("advice", "warning")
DEFAULTS = {
    "targets": {
        "article": {"smog": 9, "severity": "advice"},
        "service": {"smog": 9, "severity": "advice"},
        "page": {"smog": 10, "severity": "advice"},
    },
    "categories": {},
    "hard_grade": 10,
    "very_hard_grade": 14,
    # A paragraph of this many words, in the article's styles on a 390 x 844 phone, is
    # taller than the 700 pixels of page the browser shows under its own bars
    # (measured in Chromium with the seed article's words: tests/test_reading_aid_browser.py).
    "paragraph_words": 140,
    "word_list": "",
    "preview_aid": False,
}
KIND_NAMES = {"article": "articles", "service": "service pages", "page": "site pages"}


def check_target(name: str, target) -> dict:
    if not isinstance(target, dict) or not target:
        raise ValueError(f"PLAIN_LANGUAGE: the target for {name} must be a dict such as "
                         "{'smog': 9, 'severity': 'advice'}")
    unknown = sorted(set(target) - {*TARGET_KEYS, "severity"})
    if unknown:
        raise ValueError(f"PLAIN_LANGUAGE: the target for {name} has an unknown key "
                         f"'{unknown[0]}': use smog, flesch_kincaid and severity")
    for key in TARGET_KEYS:
        value = target.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                  or value <= 0):
            raise ValueError(f"PLAIN_LANGUAGE: {key} for {name} must be a positive number")
    if not any(key in target for key in TARGET_KEYS):
        raise ValueError(f"PLAIN_LANGUAGE: the target for {name} needs smog or flesch_kincaid")
    severity = target.get("severity", "advice")
    if severity not in SEVERITIES:
        raise ValueError(f"PLAIN_LANGUAGE: severity for {name} must be 'advice' or 'warning', "
                         f"not {severity!r}")
    return {**target, "severity": severity}


def settings_for(settings: dict) -> dict:
    merged = plugin_settings(settings, "PLAIN_LANGUAGE", DEFAULTS)
    merged["targets"] = {name: check_target(name, target)
                         for name, target in {**DEFAULTS["targets"], **merged["targets"]}.items()}
    unknown = sorted(set(merged["targets"]) - set(KIND_NAMES))
    if unknown:
        raise ValueError(f"PLAIN_LANGUAGE: targets has an unknown content type '{unknown[0]}': "
                         "use article, service or page")
    merged["categories"] = {name: check_target(f"the category {name}", target)
                            for name, target in (merged["categories"] or {}).items()}
    for name in ("hard_grade", "very_hard_grade", "paragraph_words"):
        value = merged[name]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise ValueError(f"PLAIN_LANGUAGE: {name} must be a positive number")
    if merged["very_hard_grade"] < merged["hard_grade"]:
        raise ValueError("PLAIN_LANGUAGE: very_hard_grade must be at least hard_grade")
    if not isinstance(merged["preview_aid"], bool):
        raise ValueError("PLAIN_LANGUAGE: preview_aid must be true or false")
    return merged


# The word list -------------------------------------------------------------

def word_list_path(settings: dict) -> Path:
    chosen = settings_for(settings)["word_list"]
    return Path(chosen) if chosen else WORD_LIST


@functools.lru_cache(maxsize=8)
def _load_word_list(path: str, _stamp: int) -> tuple[list[dict], list[dict]]:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    problems = word_list_problems(data)
    if problems:
        raise ValueError(f"{path}: {problems[0]}")
    return data["sources"], data["words"]


def load_word_list(path: Path) -> tuple[list[dict], list[dict]]:
    """(sources, entries) of a word list, checked (``word_list_problems``)."""
    return _load_word_list(str(path), os.stat(path).st_mtime_ns)


def word_list_problems(data) -> list[str]:
    """What is wrong with a parsed word list; [] when it is well formed."""
    if not isinstance(data, dict) or set(data) != {"sources", "words"}:
        return ["the word list has two parts: 'sources' and 'words'"]
    problems = []
    if not isinstance(data["sources"], list) or not data["sources"]:
        problems.append("'sources' names the guides the list follows")
    for number, source in enumerate(data["sources"] or [], start=1):
        if not isinstance(source, dict) or set(source) != {"name", "publisher", "url"} \
                or not all(isinstance(v, str) and v.strip() for v in source.values()) \
                or not str(source.get("url", "")).startswith("https://"):
            problems.append(f"source {number} needs a name, a publisher and an https:// url")
    seen: dict[str, int] = {}
    for number, entry in enumerate(data["words"] or [], start=1):
        where = f"word {number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("word"), str):
            problems.append(f"{where} needs 'word'")
            continue
        where = f"word {number} ({entry['word']})"
        allowed = {"word", "also", "plainer"} if "plainer" in entry else \
            {"word", "also", "explain", "hint"}
        if set(entry) - allowed or ("plainer" in entry) == ("explain" in entry):
            problems.append(f"{where} has either 'plainer' (a list of words) or "
                            "'explain: first use' (and perhaps 'hint'), and 'also' if it has "
                            "other spellings")
            continue
        spellings = [entry["word"], *entry.get("also", [])]
        for spelling in spellings:
            if not isinstance(spelling, str) or spelling != spelling.strip().lower() \
                    or not spelling:
                problems.append(f"{where}: '{spelling}' must be written in lower case")
            elif spelling in seen:
                problems.append(f"{where}: '{spelling}' is listed twice (word {seen[spelling]})")
            else:
                seen[spelling] = number
        if "plainer" in entry and (not isinstance(entry["plainer"], list) or not entry["plainer"]
                                   or not all(isinstance(w, str) and w.strip()
                                              for w in entry["plainer"])):
            problems.append(f"{where}: 'plainer' is a list of words, e.g. [use]")
        if "explain" in entry and entry["explain"] != "first use":
            problems.append(f"{where}: a medical term has 'explain: first use'")
        if "hint" in entry and not (isinstance(entry["hint"], str) and entry["hint"].strip()):
            problems.append(f"{where}: 'hint' is a few plain words")
    return problems


# Targets -------------------------------------------------------------------

def target_for(kind: str, category: str, rules: dict) -> dict:
    """The reading target of a page of this kind and category, with whose it is ("for")."""
    if kind == "article" and category in rules["categories"]:
        return {**rules["categories"][category], "for": f"the category {category}"}
    return {**rules["targets"].get(kind, rules["targets"]["article"]),
            "for": KIND_NAMES.get(kind, kind)}


def over_target(result: dict, target: dict) -> list[str]:
    """The grades above the target, as 'SMOG 13.1 (target 9)'; [] when within it."""
    over = []
    for key, name in TARGET_KEYS.items():
        limit, grade = target.get(key), result.get(key)
        if limit is not None and grade is not None and grade > limit:
            over.append(f"{name} {grade:.1f} (target {limit:g})")
    return over


def grades_text(result: dict) -> str:
    """'Flesch-Kincaid 12.9, SMOG 13.1' (the report's reading column)."""
    if result.get("flesch_kincaid") is None:
        return ""
    return f"Flesch-Kincaid {result['flesch_kincaid']:.1f}, SMOG {result['smog']:.1f}"


def reading_text(content) -> str:
    """The editorial report's reading column: both grades, the target, and whether the
    page is within it or has a waiver."""
    result = getattr(content, "plain_language", None)
    target = getattr(content, "reading_target", None)
    if not result or target is None or result.get("flesch_kincaid") is None:
        return ""
    waiver = str(getattr(content, "plain_language_waiver", "") or "").strip()
    over = over_target(result, target)
    verdict = ("waived: " + waiver) if over and waiver else "above it" if over else "within it"
    return f"{grades_text(result)}; target {target_text(target)}: {verdict}"


def target_text(target: dict) -> str:
    return " and ".join(f"{name} {target[key]:g} or below"
                        for key, name in TARGET_KEYS.items() if key in target)


def target_problem(result: dict, target: dict, kind: str, path: str, line: int,
                   waiver: str = "") -> Problem | None:
    """A page above its reading target, or None (also when a waiver is recorded: the
    editorial report shows the waiver instead)."""
    over = over_target(result, target)
    if not over or waiver:
        return None
    return Problem(
        path, line, "plain",
        f"reads at {grades_text(result)}; the target for {target['for']} is "
        f"{target_text(target)}",
        f"Shorten the sentences and use the plainer words that 'invoke check --plain {path}' "
        "lists; if the text cannot be plainer, give the reason in plain_language_waiver.",
        severity=target["severity"])


def file_findings(content, path: str, rules: dict) -> list[Problem]:
    """What ``invoke check --plain`` prints for one content object: its grades against
    its target first, then every finding; pure."""
    result = getattr(content, "plain_language", None)
    if result is None:
        return [Problem(path, 1, "plain", "the reading aid reads English text only",
                        "Ask a fluent reader to check that the text is plain.",
                        severity="advice")]
    kind = kind_of(content)
    target = target_for(kind, str(getattr(content, "category", "") or ""), rules)
    waiver = str(getattr(content, "plain_language_waiver", "") or "").strip()
    grades = target_problem(result, target, kind, path, result["first_line"])
    if grades is None or waiver:
        grades = Problem(path, result["first_line"], "plain",
                         f"reads at {grades_text(result) or 'no grade (no text)'}; the target "
                         f"for {target['for']} is {target_text(target)}",
                         f"Waived: {waiver}" if grades is not None
                         else "It is within the target.", severity="advice")
    return [grades, *findings(result, path)]


def findings(result: dict, path: str) -> list[Problem]:
    """Every finding of one file as ``path:line: plain: ...`` problems (advice), in line
    order: hard sentences, words, passive verbs, long paragraphs; pure."""
    found = []
    lists = finding_lists(result)
    for item in lists["sentences"]:
        start = item["opening"]
        reasons = f"{item['words']} words, {item['long_words']} of three or more syllables"
        found.append(Problem(
            path, item["line"], "plain",
            f"{item['strength']} sentence (grade {item['grade']:g}; {reasons}): '{start} ...'",
            "Split it, and use shorter words." if item["strength"] == "very hard"
            else "Split it, or use shorter words.", severity="advice"))
    for item in lists["word_hits"]:
        if item["kind"] == "plainer":
            choices = " or ".join(f"'{word}'" for word in item["plainer"])
            found.append(Problem(path, item["line"], "plain",
                                 f"'{item['text']}' has a plainer word", f"Try {choices}.",
                                 severity="advice"))
        else:
            hint = f", e.g. '{item['hint']}'" if item.get("hint") else ""
            found.append(Problem(
                path, item["line"], "plain", f"'{item['text']}' is a medical term",
                f"Keep it, and say what it means the first time it appears{hint}.",
                severity="advice"))
    for item in lists["passive"]:
        found.append(Problem(path, item["line"], "plain",
                             f"'{item['text']}' may be passive",
                             "Say who does it: 'physiotherapists use it', not 'it is used'.",
                             severity="advice"))
    for item in lists["long_paragraphs"]:
        found.append(Problem(path, item["line"], "plain",
                             f"this paragraph has {item['words']} words: longer than a phone "
                             "screen", "Split it into paragraphs of one idea each.",
                             severity="advice"))
    return sorted(found, key=lambda problem: problem.line)


# Where the build reads, caches and reports it --------------------------------

def rules_for(settings: dict) -> dict:
    rules = settings_for(settings)
    return {key: rules[key] for key in ("hard_grade", "very_hard_grade", "paragraph_words")}


def plain_setup(settings: dict) -> tuple[dict, dict]:
    _sources, entries = load_word_list(word_list_path(settings))
    # The pronouncing dictionary is read and sorted (a few hundredths of a second) on
    # first use: here, once, before the front matter reader forks its workers, so they
    # share it.
    readability.word_syllables("warm")
    return rules_for(settings), word_index(entries)


def plain_fingerprint(settings: dict) -> str:
    """What a file's analysis depends on besides its text: the rules, the word list,
    textstat's version."""
    import textstat

    digest = hashlib.sha256(repr((sorted(rules_for(settings).items()),
                                  getattr(textstat, "__version__", ""))).encode())
    digest.update(word_list_path(settings).read_bytes())
    return digest.hexdigest()[:16]


def is_english(lang, settings: dict) -> bool:
    return str(lang or settings.get("DEFAULT_LANG", "en")).split("-")[0] == "en"


def analyse_file(source: str, record: dict, setup: tuple) -> dict | None:
    """The front matter reader's hook: measure one English file where it is converted,
    with a source line on every finding, packed as a build keeps it (``packed``). Other
    languages get None (the formulas and the word list are English)."""
    rules, index = setup
    lang = record.get("fields", {}).get("lang")
    if lang and str(lang).split("-")[0] != "en":
        return None
    body = source.split("\n---", 1)[1] if source.startswith("---") and "\n---" in source \
        else source
    first_line = source.count("\n") - body.count("\n") + 1
    result = analyse(record["html"], index, rules)
    result["first_line"] = first_line
    return packed(place_lines(result, source, first_line))


def plain_analysis(content, settings: dict | None = None) -> dict | None:
    """One content object's analysis: cached by the front matter reader, or worked out
    here for content another reader made."""
    from engine import analysis_of
    from front_matter import read_source
    from site_core.compat import raw_html

    analyses = getattr(content, "front_matter_analyses", None)
    if analyses is not None and "plain_language" in analyses:
        return analysis_of(content, "plain_language")
    settings = settings or content.settings
    return analyse_file(read_source(content.source_path),
                        {"html": raw_html(content), "fields": {"lang": getattr(content, "lang",
                                                                                None)}},
                        plain_setup(settings))


def kind_of(content) -> str:
    from content_model import kind_of as content_kind

    return content_kind(content)


def measure_contents(generators) -> None:
    """Gives each English page its reading grades and target; reports pages above it."""
    measure_items(all_contents(generators))


def measure_items(contents: list) -> None:
    """The reading grades and target of each of ``contents`` (an item check: a live
    session runs it on the files it reads again, whose text or category changed)."""
    if not contents:
        return
    rules = settings_for(contents[0].settings)
    for content in contents:
        result = plain_analysis(content)
        content.plain_language = result
        if result is None:
            continue
        kind = kind_of(content)
        target = target_for(kind, str(getattr(content, "category", "") or ""), rules)
        content.reading_target = target
        content.reading_over = over_target(result, target)
        waiver = str(getattr(content, "plain_language_waiver", "") or "").strip()
        problem = target_problem(result, target, kind, display_path(content.source_path),
                                 result["first_line"], waiver)
        if problem is not None:
            report(problem)


# The analysis depends only on a file's bytes: it runs where the file is converted, and is cached.
PROVIDES = Provides(
    analyses=(Analysis("plain_language", analyse_file, plain_fingerprint, plain_setup),),
    item_checks=(measure_items,),
)


def register():
    signals.all_generators_finalized.connect(measure_contents)

