"""Clinical review dates: every article is reviewed again by a set date.

Health publishers review content at least every three years (the NHS Standard
for creating health content). An article gives ``last_reviewed``; unless it sets
``next_review`` itself, this plugin sets it to ``last_reviewed`` plus the review
interval. No official plugin knows about clinical review, hence our own.

Setting (merged over DEFAULTS):
    CLINICAL_REVIEW = {"interval_years": 3}   # the clinic may set less, never more
"""

from __future__ import annotations

import datetime

from pelican import signals

from guardrails import plugin_settings

DEFAULTS = {"interval_years": 3}
LONGEST_INTERVAL_YEARS = 3


def settings_for(settings: dict) -> dict:
    merged = plugin_settings(settings, "CLINICAL_REVIEW", DEFAULTS)
    years = merged["interval_years"]
    if not isinstance(years, int) or not 1 <= years <= LONGEST_INTERVAL_YEARS:
        raise ValueError(
            f"CLINICAL_REVIEW: interval_years must be a whole number from 1 to "
            f"{LONGEST_INTERVAL_YEARS}, not {years!r}"
        )
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


def set_review_dates(generators) -> None:
    for generator in generators:
        interval = settings_for(generator.settings)["interval_years"]
        for name in ("articles", "drafts", "hidden_articles", "translations",
                     "drafts_translations"):
            for article in getattr(generator, name, []):
                last = as_date(getattr(article, "last_reviewed", None))
                article.last_reviewed = last
                explicit = as_date(getattr(article, "next_review", None))
                article.next_review = explicit or (
                    next_review_for(last, interval) if last else None
                )


def register():
    signals.all_generators_finalized.connect(set_review_dates)
