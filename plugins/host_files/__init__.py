from .host_files import (
    CSP,
    HEADERS,
    NOT_IN_META,
    PAGE_FILE,
    content_security_policy,
    headers_file,
    redirect_page,
    redirect_path_problem,
    redirects_file,
    register,
)

# Plugins whose handlers of the same signals must run before this one's (ARCHITECTURE.md).
AFTER = {"postprocess": "a redirect is written only to a page that exists, and postprocess "
                        "writes the pages on finalized"}
