from .content_lint import (
    PROVIDES,
    block_texts,
    lint_contents,
    lint_html,
    lint_items,
    long_sentences,
    readability,
    register,
    spelling_problems,
)
