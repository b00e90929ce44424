from .services import link_services, register  # noqa: F401
