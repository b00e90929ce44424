from .sitemap import (
    lastmod_for,
    register,
    robots_txt,
    settings_for,
    sitemap_xml,
    write_files,
)

# Plugins whose handlers of the same signals must run before this one's (ARCHITECTURE.md).
AFTER = {"postprocess": "it reads each written page's robots meta, and postprocess writes "
                        "the pages on finalized"}
