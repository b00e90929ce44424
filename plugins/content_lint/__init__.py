from .content_lint import (
    block_texts,
    lint_contents,
    lint_html,
    long_sentences,
    readability,
    register,
    spelling_problems,
)
