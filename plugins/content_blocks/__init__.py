from .content_blocks import (
    PROVIDES,
    ContentBlocksExtension,
    component_environment,
    image_size,
    register,
    render_component,
    settings_for,
)
