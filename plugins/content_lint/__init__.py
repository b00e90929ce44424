from .content_lint import (
    ALT_TEXT_WHAT,
    ALT_TEXT_WHY,
    block_texts,
    lint_contents,
    lint_html,
    long_sentences,
    readability,
    register,
    spelling_problems,
)
