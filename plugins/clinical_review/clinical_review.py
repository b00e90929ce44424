"""Clinical review: every article is reviewed by a named person, and again by a set date.

Health publishers review content at least every three years (the NHS Standard
for creating health content). An article gives ``reviewed_by`` and
``last_reviewed``; unless it sets ``next_review`` itself, this plugin sets it to
``last_reviewed`` plus the review interval. It is also the review gate:

- an article with no reviewer or no last-reviewed date is a warning while
  writing (the page shows a banner) and an error when ``require_review`` is on
  (production), so an unreviewed article can never be published; a draft
  (``status: draft``) is never published and needs no review yet;
- a review date in the future, or before the article's own date, is an error;
- an article past ``next_review`` plus ``grace_days`` is overdue: a warning
  while writing (with a banner), an error in strict mode (CI and publishing).

No official plugin knows about clinical review, hence our own.

Setting (merged over DEFAULTS):
    CLINICAL_REVIEW = {
        "interval_years": 3,      # the clinic may set less, never more
        "grace_days": 0,          # days past next_review before it counts as overdue
        "require_review": False,  # True in publishconf.py: unreviewed articles fail
        "today": None,            # a fixed "today" (date or "YYYY-MM-DD"), for tests
    }
"""

from __future__ import annotations

import datetime

from pelican import signals
from pelican.contents import Article

from guardrails import is_strict
from site_core import ARTICLE_LISTS, Problem, Provides, all_contents, display_path, plugin_settings, report

DEFAULTS = {"interval_years": 3, "grace_days": 0, "require_review": False, "today": None}
LONGEST_INTERVAL_YEARS = 3


def settings_for(settings: dict) -> dict:
    merged = plugin_settings(settings, "CLINICAL_REVIEW", DEFAULTS)
    years = merged["interval_years"]
    if not isinstance(years, int) or not 1 <= years <= LONGEST_INTERVAL_YEARS:
        raise ValueError(
            f"CLINICAL_REVIEW: interval_years must be a whole number from 1 to "
            f"{LONGEST_INTERVAL_YEARS}, not {years!r}"
        )
    grace = merged["grace_days"]
    if not isinstance(grace, int) or isinstance(grace, bool) or not 0 <= grace <= 365:
        raise ValueError(f"CLINICAL_REVIEW: grace_days must be 0 to 365, not {grace!r}")
    today = merged["today"]
    if isinstance(today, str):
        try:
            today = datetime.date.fromisoformat(today)
        except ValueError:
            raise ValueError(f"CLINICAL_REVIEW: today must be YYYY-MM-DD, not {today!r}") from None
    merged["today"] = as_date(today) or datetime.date.today()
    return merged


def as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return None


def next_review_for(last_reviewed: datetime.date, interval_years: int) -> datetime.date:
    """The same day ``interval_years`` later (28 February for 29 February)."""
    year = last_reviewed.year + interval_years
    try:
        return last_reviewed.replace(year=year)
    except ValueError:
        return last_reviewed.replace(year=year, day=28)


def review_state(last_reviewed, next_review, reviewer, status: str,
                 rules: dict) -> str | None:
    """"unreviewed", "overdue", "due" (past next_review, inside the grace period) or None."""
    if status == "draft":
        return None
    if not reviewer or last_reviewed is None:
        return "unreviewed"
    if next_review is not None and rules["today"] > next_review:
        grace_end = next_review + datetime.timedelta(days=rules["grace_days"])
        return "overdue" if rules["today"] > grace_end else "due"
    return None


def review_problems(*, path: str, lines: dict, date, last_reviewed, next_review,
                    reviewed_by, status: str, rules: dict, strict: bool) -> list[Problem]:
    """Everything wrong with one article's review dates; pure."""
    def line(*fields):
        return next((lines[f] for f in fields if f in lines), 1)

    problems = []
    date, today = as_date(date), rules["today"]
    if last_reviewed is not None:
        if last_reviewed > today:
            problems.append(Problem(
                path, line("last_reviewed"), "last_reviewed",
                f"{last_reviewed.isoformat()} is in the future",
                "Write the day the clinical review actually happened."))
        elif date is not None and last_reviewed < date:
            problems.append(Problem(
                path, line("last_reviewed"), "last_reviewed",
                f"{last_reviewed.isoformat()} is before the article's date "
                f"({date.isoformat()})",
                "Review the article as it is now and write that day, or correct 'date'."))
        longest = next_review_for(last_reviewed, rules["interval_years"])
        if next_review is not None and next_review > longest:
            problems.append(Problem(
                path, line("next_review"), "next_review",
                f"{next_review.isoformat()} is more than {rules['interval_years']} year(s) "
                "after the last review",
                f"Use {longest.isoformat()} or earlier, or leave next_review out."))
        if next_review is not None and next_review <= last_reviewed:
            problems.append(Problem(
                path, line("next_review"), "next_review",
                f"{next_review.isoformat()} is not after the last review",
                "Leave next_review out to get the usual interval."))
    state = review_state(last_reviewed, next_review, reviewed_by, status, rules)
    if state == "unreviewed":
        missing = [f for f, v in (("reviewed_by", reviewed_by), ("last_reviewed", last_reviewed))
                   if not v]
        field = missing[0]
        if rules["require_review"]:
            problems.append(Problem(
                path, line(field, "title"), field,
                "the article has no clinical review, so it cannot be published",
                "After the clinical review add reviewed_by and last_reviewed, "
                "or set 'status: draft' to keep it out of the site until then."))
        else:
            problems.append(Problem(
                path, line(field, "title"), field,
                "the article has no clinical review yet: it shows a banner here and "
                "cannot be published",
                "After the clinical review add reviewed_by (an id from content/people.yml) "
                "and last_reviewed (YYYY-MM-DD).", severity="warning"))
    elif state == "overdue":
        problems.append(Problem(
            path, line("next_review", "last_reviewed"), "next_review",
            f"the clinical review was due on {next_review.isoformat()} and is overdue",
            "Have it reviewed again, then update last_reviewed (and remove next_review "
            "if you set it).", severity="error" if strict else "warning"))
    return problems


def source_lines(article) -> dict:
    return getattr(article, "front_matter_lines", {}) or {}


def set_review_dates(generators) -> None:
    """Works out each article's next review and review state; reports unreviewed and overdue articles."""
    review_items(all_contents(generators, ARTICLE_LISTS))


def review_items(contents: list) -> None:
    """``review_articles`` for the articles among ``contents`` (an item check: a live
    session runs it on the files it reads again)."""
    articles = [content for content in contents if isinstance(content, Article)]
    if articles:
        review_articles(articles, articles[0].settings)


def review_articles(articles: list, settings: dict) -> None:
    """Each article's review dates and state, from its ``last_reviewed`` and (if the
    front matter gives one) ``next_review``; reports its problems. A live session calls
    this for the articles whose review dates it takes without running Pelican."""
    rules = settings_for(settings)
    strict = is_strict(settings)
    for article in articles:
        last = as_date(getattr(article, "last_reviewed", None))
        article.last_reviewed = last
        explicit = as_date(getattr(article, "next_review", None))
        article.next_review = explicit or (
            next_review_for(last, rules["interval_years"]) if last else None
        )
        reviewed_by = getattr(article, "reviewed_by", None)
        article.review_state = review_state(
            last, article.next_review, reviewed_by, article.status, rules)
        article.days_until_review = (
            (article.next_review - rules["today"]).days if article.next_review else None)
        for problem in review_problems(
            path=display_path(article.source_path), lines=source_lines(article),
            date=article.date, last_reviewed=last, next_review=article.next_review,
            reviewed_by=reviewed_by, status=article.status, rules=rules,
            strict=strict,
        ):
            report(problem)


PROVIDES = Provides(item_checks=(review_items,))


def register():
    signals.all_generators_finalized.connect(set_review_dates)
