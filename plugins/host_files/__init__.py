from .host_files import (  # noqa: F401
    HEADERS, content_security_policy, headers_file, redirect_page, redirects_file, register,
)
