from .breadcrumbs import register, trail_for
