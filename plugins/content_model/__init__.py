from .content_model import (
    PROVIDES,
    SCHEMAS,
    SLUG_PATTERN,
    Field,
    check_contents,
    check_items,
    kind_of,
    register,
    settings_for,
    validate,
    validate_body,
)
