from .content_lint import (  # noqa: F401
    block_texts, lint_html, long_sentences, readability, register, spelling_problems,
)
