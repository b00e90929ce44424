from .safe_text import EscapeRawHtml, escape_title, register, report_problems, safe_html  # noqa: F401
from .sanitiser import sanitise  # noqa: F401
