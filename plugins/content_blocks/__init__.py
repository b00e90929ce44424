from .content_blocks import (  # noqa: F401 - the names other modules and tests use
    ContentBlocksExtension, image_size, register, render_component,
)
