from .analysis import analyse, finding_lists, inflections, packed, place_lines, word_index
from .own_text import own_text_rows
from .plain_language import (
    PROVIDES,
    WORD_LIST,
    file_findings,
    findings,
    grades_text,
    kind_of,
    load_word_list,
    over_target,
    plain_analysis,
    plain_setup,
    reading_text,
    register,
    settings_for,
    target_for,
    target_text,
    word_list_problems,
)
from .preview import mark_page
