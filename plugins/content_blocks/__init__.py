from .content_blocks import (
    ContentBlocksExtension,
    image_size,
    register,
    render_component,
)
