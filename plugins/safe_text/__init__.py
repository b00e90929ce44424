from .safe_text import EscapeRawHtml, escape_title, register  # noqa: F401
