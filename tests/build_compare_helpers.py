"""What the build-equivalence tests share: where two builds of a page first differ."""

from __future__ import annotations


def first_difference(got: bytes, expected: bytes, stale: list[str],
                     names: tuple[str, str] = ("live", "full")) -> str:
    """The stale pages, and where the first one starts to differ, for the message."""
    at = next((i for i, (a, b) in enumerate(zip(got, expected, strict=False)) if a != b),
              min(len(got), len(expected)))
    return (f"{stale}: {stale[0]} differs at byte {at}: {names[0]} "
            f"{got[max(0, at - 80):at + 80]!r}, {names[1]} {expected[max(0, at - 80):at + 80]!r}")
