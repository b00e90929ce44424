from .content_model import (
    SCHEMAS,
    Field,
    check_contents,
    kind_of,
    register,
    validate,
    validate_body,
)
