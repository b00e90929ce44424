"""The site's languages: their own names and writing directions, from Babel's CLDR data."""

from __future__ import annotations

import functools

from babel import Locale, UnknownLocaleError


@functools.lru_cache(maxsize=64)
def language_info(code: str) -> dict:
    """{"code", "name", "dir"} of a language: its name as its own readers write it
    ("ਪੰਜਾਬੀ", "اردو") and "rtl" or "ltr". An unknown code raises ValueError."""
    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as error:
        raise ValueError(f"'{code}' is not a language code Babel knows") from error
    name = locale.get_language_name(locale) or code
    # Latin and Cyrillic names are lower-case in CLDR ("français"); a switcher
    # starts each name with a capital, which leaves scripts without case alone.
    return {"code": code, "name": name[:1].upper() + name[1:], "dir": locale.text_direction}


def site_languages(settings: dict) -> list[str]:
    """LANGUAGES, checked: the default language first, each a code Babel knows."""
    default = settings.get("DEFAULT_LANG", "en")
    languages = list(settings.get("LANGUAGES") or [default])
    if not all(isinstance(code, str) and code for code in languages):
        raise ValueError("LANGUAGES must be a list of language codes such as ['en', 'pa']")
    if default not in languages:
        raise ValueError(f"LANGUAGES must include DEFAULT_LANG ('{default}')")
    for code in languages:
        language_info(code)  # raises for a code Babel does not know
    return [default, *[code for code in languages if code != default]]
