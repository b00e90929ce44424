from .content_blocks import (
    ContentBlocksExtension,
    component_environment,
    image_size,
    register,
    render_component,
    settings_for,
)
