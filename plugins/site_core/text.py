"""Text helpers several plugins need."""

from __future__ import annotations

import re
import unicodedata

from markupsafe import Markup


def slugify(text: str) -> str:
    """Lower-case letters and digits joined by dashes, accents folded: "Exercise and
    recovery" -> "exercise-and-recovery", "Évaluation" -> "evaluation" (folder names,
    file names, ids)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def plain_text(text) -> str:
    """Typogrify's markup and entities out, so a title reads the same everywhere."""
    return Markup(str(text)).striptags().replace("\xa0", " ")  # noqa: S704 - only to strip tags
