from .front_matter import (
    FrontMatterError,
    SourceError,
    decode_source,
    parse_front_matter,
    read_source,
    register,
)
from .kept_contents import forget_kept_contents
