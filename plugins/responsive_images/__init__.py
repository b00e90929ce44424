from .responsive_images import register, settings_for  # noqa: F401
