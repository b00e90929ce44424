from .converted import add_analysis, analysis_of
from .front_matter import (
    FrontMatterError,
    SourceError,
    add_validator,
    decode_source,
    parse_front_matter,
    read_source,
    register,
)
