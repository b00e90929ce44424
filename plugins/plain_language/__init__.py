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


def __getattr__(name: str):
    # The live preview's marks (preview.py) need BeautifulSoup, 0.06 s of imports
    # that a build, which never marks a page, would pay for nothing.
    if name == "mark_page":
        from .preview import mark_page

        return mark_page
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
