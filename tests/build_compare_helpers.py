"""What the build-equivalence tests share: a build's files, and where two builds of a
page first differ."""

from __future__ import annotations

from pathlib import Path


def output_tree(output: Path) -> dict[str, bytes]:
    """Every file a build wrote, by its path relative to the output folder."""
    return {str(path.relative_to(output)): path.read_bytes()
            for path in sorted(output.rglob("*")) if path.is_file()}


def first_difference(got: bytes, expected: bytes, stale: list[str],
                     names: tuple[str, str] = ("live", "full")) -> str:
    """The stale pages, and where the first one starts to differ, for the message."""
    at = next((i for i, (a, b) in enumerate(zip(got, expected, strict=False)) if a != b),
              min(len(got), len(expected)))
    return (f"{stale}: {stale[0]} differs at byte {at}: {names[0]} "
            f"{got[max(0, at - 80):at + 80]!r}, {names[1]} {expected[max(0, at - 80):at + 80]!r}")
