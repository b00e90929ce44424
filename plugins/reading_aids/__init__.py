from .reading_aids import (
    PROVIDES,
    contents_list,
    reading_minutes,
    register,
    related_articles,
)

# Plugins whose handlers of the same signals must run before this one's (ARCHITECTURE.md).
AFTER = {"services": "related articles compare the services each article is linked to, "
                     "which services sets on all_generators_finalized"}
