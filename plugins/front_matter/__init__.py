from .front_matter import (  # noqa: F401
    FrontMatterError, SourceError, decode_source, parse_front_matter, read_source, register,
)
