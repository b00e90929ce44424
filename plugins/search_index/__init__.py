from .search_index import pagefind_command, register, search_body_for, settings_for  # noqa: F401
