from .search_index import (
    build_index,
    pagefind_command,
    register,
    search_body_for,
    settings_for,
    stop_background_index,
    wait_for_background_index,
)

# Plugins whose handlers of the same signals must run before this one's (ARCHITECTURE.md).
AFTER = {"postprocess": "Pagefind indexes the pages postprocess writes on finalized"}
