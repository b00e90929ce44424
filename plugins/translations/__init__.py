from .languages import language_info, site_languages
from .model import english_version_date, fallen_behind
from .translations import (
    catalogs_fingerprint,
    current,
    install_theme_words,
    language_alternates,
    language_of_page,
    register,
)

AFTER = {
    "people": "a translation's author, reviewer and translator are people by the time it is checked",
    "clinical_review": "whether a translation is out of date compares it with its English article's review",
}
