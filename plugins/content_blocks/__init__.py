from .content_blocks import (
    PROVIDES,
    ContentBlocksExtension,
    image_size,
    register,
    render_component,
)
