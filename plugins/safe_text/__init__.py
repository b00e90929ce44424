from .safe_text import (
    EscapeRawHtml,
    escape_title,
    register,
    report_problems,
    safe_html,
)
from .sanitiser import sanitise
