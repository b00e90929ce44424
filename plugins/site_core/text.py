"""Text helpers several plugins need."""

from __future__ import annotations

import re
import unicodedata

from markupsafe import Markup

# The most bytes a slug may have. A slug becomes a folder or file name
# (articles/<slug>/, topics/<slug>/, categories/<slug>/, feeds/<slug>.atom.xml and
# its .gz and .br copies). Most file systems allow 255 bytes a name, eCryptfs
# (encrypted home folders) 143; 100 stays under the tightest of them with room for
# every suffix the build adds, so the limit does not depend on the machine that
# builds. An address that long is more than anyone reads or types anyway.
SLUG_MAX_BYTES = 100


def slugify(text: str) -> str:
    """Lower-case letters and digits joined by dashes, accents folded: "Exercise and
    recovery" -> "exercise-and-recovery", "Évaluation" -> "evaluation" (folder names,
    file names, ids)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def plain_text(text) -> str:
    """Typogrify's markup and entities out, so a title reads the same everywhere."""
    return Markup(str(text)).striptags().replace("\xa0", " ")  # noqa: S704 - only to strip tags


def address_slug(text: str, settings: dict) -> str:
    """The slug Pelican makes of a name (a tag, a category, a title without a slug):
    its own slugify with the site's substitutions, so a check sees what the build
    will write."""
    from pelican.utils import slugify as pelican_slugify

    return pelican_slugify(str(text), regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
                           preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
                           use_unicode=settings.get("SLUGIFY_USE_UNICODE", False))


def holds_whole(text: str, needle: str) -> bool:
    """Whether ``needle`` is in ``text`` with no letter, digit or underscore right
    before or after it ("here" is not in "there"): what
    ``re.search(rf"(?<!\\w){re.escape(needle)}(?!\\w)", text)`` finds, without
    compiling a pattern for every needle. The lint and the plain language analysis
    look for thousands of different ones in a build, and compiling them cost more
    than the searches. (``\\w`` is ``str.isalnum()`` or the underscore.)"""
    start = text.find(needle)
    while start != -1:
        end = start + len(needle)
        if (start == 0 or not _is_word(text[start - 1])) and \
                (end == len(text) or not _is_word(text[end])):
            return True
        start = text.find(needle, start + 1)
    return False


def _is_word(character: str) -> bool:
    return character.isalnum() or character == "_"
