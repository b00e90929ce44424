from .bundle import data_file_bytes, make_deterministic, read_data_file
from .parts import (
    UNUSED_UI_FILES,
    IndexRun,
    Page,
    Part,
    bucket,
    fingerprint,
    indexable_pages,
    parts_listing,
    plan_parts,
)
from .search_index import (
    build_index,
    index_run,
    register,
    search_body_for,
    settings_for,
    stop_background_index,
    wait_for_background_index,
)

# Plugins whose handlers of the same signals must run before this one's (ARCHITECTURE.md).
AFTER = {"postprocess": "Pagefind indexes the pages postprocess writes on finalized"}
