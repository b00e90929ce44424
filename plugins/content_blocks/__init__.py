from .content_blocks import (  # noqa: F401
    ContentBlocksExtension, image_size, register, render_component,
)
