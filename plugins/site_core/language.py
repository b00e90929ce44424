"""The language of the Markdown file being converted.

The front matter reader sets it on the build state while it converts a file
(``converting``); content blocks, which render theme macros during the
conversion, write their headings in it (plugins/translations). Workers convert
with their own copy of the build state, so it is right in every worker.
"""

from __future__ import annotations

import contextlib

from .build import build_state


def converting_language() -> str | None:
    return build_state().converting_language


@contextlib.contextmanager
def converting(settings: dict, language: str | None):
    state = build_state(settings)
    before, state.converting_language = state.converting_language, language
    try:
        yield
    finally:
        state.converting_language = before
