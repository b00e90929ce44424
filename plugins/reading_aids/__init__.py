from .reading_aids import (  # noqa: F401
    contents_list, reading_minutes, register, related_articles,
)
