from .sitemap import (  # noqa: F401
    is_noindex_html, lastmod_for, register, robots_txt, settings_for, sitemap_xml,
)
