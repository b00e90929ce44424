"""Trust: what health-information standards ask an article to show, checked by the build.

The NHS Standard for creating health content and the Patient Information Forum's
PIF TICK ask for a named, qualified reviewer, the evidence an article rests on, a
review at least every three years and a reading age most patients can manage. One
switch, ``TRUST["standard"]``, says how hard the build holds to them:

- ``advice`` (the default, so today's site keeps building): an article reviewed by
  an organisation gets advice to name the clinician; an article in a clinical
  category (``clinical_categories``) with no references gets advice;
- ``strict``: every article needs a named person as reviewer and references, and a
  page above its reading target needs a ``plain_language_waiver``: each is a warning,
  so a production (strict) build refuses to publish it.

A review interval over three years is refused under either standard, by
clinical_review. No plugin knows these standards, hence our own.

Setting (merged over DEFAULTS):
    TRUST = {"standard": "advice", "clinical_categories": ["Treatments", "Conditions"]}
"""

from __future__ import annotations

from pelican import signals
from pelican.contents import Article

from site_core import ARTICLE_LISTS, Problem, Provides, all_contents, display_path, plugin_settings, report

DEFAULTS = {"standard": "advice", "clinical_categories": ["Treatments", "Conditions"]}
STANDARDS = ("advice", "strict")


def settings_for(settings: dict) -> dict:
    merged = plugin_settings(settings, "TRUST", DEFAULTS)
    if merged["standard"] not in STANDARDS:
        raise ValueError(f"TRUST: standard must be 'advice' or 'strict', not {merged['standard']!r}")
    categories = merged["clinical_categories"]
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        raise ValueError("TRUST: clinical_categories must be a list of category names")
    return merged


def trust_problems(*, path: str, lines: dict, reviewer, references, category: str,
                   reading_over: list[str], waiver: str, rules: dict) -> list[Problem]:
    """What one article lacks of the standard; pure. ``reviewer`` is the person from
    content/people.yml (or None), ``reading_over`` the grades above its target."""
    strict = rules["standard"] == "strict"
    severity = "warning" if strict else "advice"
    refused = " Under TRUST's strict standard a production build refuses it until then."

    def line(*fields):
        return next((lines[f] for f in fields if f in lines), 1)

    problems = []
    if reviewer is not None and not reviewer.is_named_person:
        problems.append(Problem(
            path, line("reviewed_by"), "reviewed_by",
            f"'{reviewer.id}' is an organisation, not a named clinician",
            "Name the clinician who reviewed it: add them to content/people.yml with their "
            "profession and registration, and give their id here." + (refused if strict else ""),
            severity=severity))
    if not references and (strict or category in rules["clinical_categories"]):
        why = "" if strict else f" ({category} is a clinical category)"
        problems.append(Problem(
            path, line("title"), "references",
            f"the article lists no references{why}",
            "Add the sources it rests on under references: (see WRITING.md), each with the "
            "day you checked it." + (refused if strict else ""), severity=severity))
    if strict and reading_over and not waiver:
        problems.append(Problem(
            path, line("title"), "plain_language_waiver",
            f"the article reads above its reading target ({' and '.join(reading_over)}), "
            "with no waiver",
            f"Make it plainer (invoke check --plain {path} lists what to change), or give the "
            "reason it cannot be in plain_language_waiver." + refused, severity="warning"))
    return problems


def check_articles(generators) -> None:
    """Reports articles that fall short of the trust standard (advice, or warnings under strict)."""
    check_items(all_contents(generators, ARTICLE_LISTS))


def check_items(contents: list) -> None:
    """``trust_problems`` of each published article among ``contents``, reported (an item
    check: a live session runs it on the files it reads again)."""
    articles = [content for content in contents
                if isinstance(content, Article) and content.status != "draft"]
    if not articles:
        return
    rules = settings_for(articles[0].settings)
    for article in articles:
        for problem in trust_problems(
            path=display_path(article.source_path),
            lines=getattr(article, "front_matter_lines", {}) or {},
            reviewer=getattr(article, "reviewer", None),
            references=getattr(article, "references", None),
            category=str(getattr(article, "category", "") or ""),
            reading_over=list(getattr(article, "reading_over", []) or []),
            waiver=str(getattr(article, "plain_language_waiver", "") or "").strip(),
            rules=rules,
        ):
            report(problem)


# After plain_language's reading targets (PLUGINS order), on the articles read again too.
PROVIDES = Provides(item_checks=(check_items,))


def register():
    signals.all_generators_finalized.connect(check_articles)
