from .front_matter import FrontMatterError, parse_front_matter, register  # noqa: F401
