from .services import link_services, register, settings_for
