from .output_folder import empty_files, register, remove_empty_folders, settings_for, takes_over

# Plugins whose handlers of the same signals must run before this one's (ARCHITECTURE.md).
AFTER = {
    "postprocess": "a folder is empty only once the pages are written, on finalized",
    "host_files": "_headers, _redirects and redirect pages are written on finalized",
    "search_index": "Pagefind's bundle is written on finalized",
    "sitemap": "sitemap.xml and robots.txt are written on finalized",
    "editor": "the editor is written on finalized",
    "precompress": "the last step that writes files",
}
