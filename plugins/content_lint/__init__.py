from .content_lint import (
    ALT_TEXT_WHAT,
    ALT_TEXT_WHY,
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
