"""The language of the Markdown file being converted.

The front matter reader sets it while it converts a file; content blocks, which
render theme macros during the conversion, write their headings in it
(plugins/translations). A context variable, so it is right in every worker.
"""

from __future__ import annotations

import contextvars

converting_language: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "converting_language", default=None)
