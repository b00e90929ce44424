from .responsive_images import PROVIDES, register, settings_for
