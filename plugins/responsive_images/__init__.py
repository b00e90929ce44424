from .responsive_images import register, settings_for
