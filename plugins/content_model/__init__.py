from .content_model import SCHEMAS, Field, kind_of, register, validate, validate_body
