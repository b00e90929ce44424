from .breadcrumbs import register, trail_for  # noqa: F401
