from .precompress import register

# Plugins whose handlers of the same signals must run before this one's (ARCHITECTURE.md).
AFTER = {
    "postprocess": "compresses the files the plugins below write, after postprocess's pages",
    "host_files": "_headers, _redirects and redirect pages are written on finalized",
    "search_index": "Pagefind writes its bundle on finalized",
    "sitemap": "sitemap.xml and robots.txt are written on finalized",
    "editor": "the editor's page, configuration and Decap's bundle are written on finalized",
}
