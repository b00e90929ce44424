from .content_model import (
    PROVIDES,
    SCHEMAS,
    Field,
    check_contents,
    kind_of,
    register,
    settings_for,
    validate,
    validate_body,
)
