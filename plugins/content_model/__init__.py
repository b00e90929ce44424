from .content_model import (
    SCHEMAS,
    SLUG_PATTERN,
    Field,
    check_contents,
    kind_of,
    register,
    settings_for,
    validate,
    validate_body,
)
