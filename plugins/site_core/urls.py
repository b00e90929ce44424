"""Judging addresses the way a browser reads them, the same way everywhere:
the sanitiser (links and images), the content model (sources) and host_files
(old addresses)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# A browser ignores these characters inside a URL's scheme (WHATWG URL parser).
IGNORED_IN_URL = re.compile(r"[\t\n\r]")
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


def scheme_of(url: str) -> str | None:
    """The scheme a browser would see in ``url`` (lower case), or None if relative.

    Leading and trailing spaces and control characters, and tabs or newlines
    anywhere, are ignored the way a browser ignores them."""
    cleaned = IGNORED_IN_URL.sub("", url).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b"
                                                "\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16"
                                                "\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    if cleaned.startswith(("{", "|")):  # Pelican's {filename}, {static}, |filename|
        return None
    match = SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def is_other_host(url: str) -> bool:
    """Whether loading ``url`` would make a request to another host."""
    cleaned = IGNORED_IN_URL.sub("", url).strip()
    if cleaned.startswith(("//", "\\\\", "/\\", "\\/")):
        return True
    # Any http(s) address counts, with or without slashes: "https:evil.example/x" on a
    # page served over http names evil.example as its host.
    return scheme_of(cleaned) in ("http", "https")


def is_web_address(url) -> bool:
    """An http(s) address on a host, with no space or control character in it."""
    text = str(url).strip()
    return scheme_of(text) in ("http", "https") and bool(urlsplit(text).netloc) and \
        not any(character.isspace() or ord(character) < 32 for character in text)


def host_of(url: str) -> str:
    """The host a browser would load ``url`` from ("" for a relative address)."""
    return urlsplit(IGNORED_IN_URL.sub("", url).strip()).netloc
