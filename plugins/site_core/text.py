"""Text helpers several plugins need."""

from __future__ import annotations

import re

from markupsafe import Markup


def slugify(text: str) -> str:
    """Lower-case letters and digits joined by dashes: "Exercise and recovery" ->
    "exercise-and-recovery" (folder names, anchors)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def plain_text(text) -> str:
    """Typogrify's markup and entities out, so a title reads the same everywhere."""
    return Markup(str(text)).striptags().replace("\xa0", " ")  # noqa: S704 - only to strip tags
