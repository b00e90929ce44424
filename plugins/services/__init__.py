from .services import PROVIDES, link_services, register, settings_for
