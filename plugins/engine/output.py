"""Output files: the POSTPROCESS setting, minifying, .gz and .br copies, and writing a
file only when its bytes changed. Pure functions but for the files they write."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

from site_core import plugin_settings

DEFAULTS = {
    "minify": False, "precompress": False, "hash_assets": False, "workers": 0,
    "brotli_quality": 8, "render_cache": True,
}
COMPRESSIBLE = (".html", ".css", ".js", ".xml", ".json", ".txt", ".svg", ".webmanifest")
MIN_COMPRESS_BYTES = 256

def settings_for(settings: dict) -> dict:
    return plugin_settings(settings, "POSTPROCESS", DEFAULTS)


def minify_html_text(html: str) -> str:
    import minify_html

    return minify_html.minify(
        html, minify_css=True, minify_js=True, keep_closing_tags=True,
        keep_html_and_head_opening_tags=True,
    )


def minify_asset(text: str, suffix: str) -> str:
    """Minify CSS or JS with minify-html's own CSS and JS minifiers."""
    import minify_html

    tag = {".css": "style", ".js": "script"}[suffix]
    wrapped = minify_html.minify(
        f"<{tag}>{text}</{tag}>", minify_css=True, minify_js=True, keep_closing_tags=True,
    )
    return wrapped[len(tag) + 2 : -(len(tag) + 3)]


def compressed_copies(data: bytes, brotli_quality: int = 8) -> dict[str, bytes]:
    """gzip (level 9, no timestamp: deterministic) and brotli copies."""
    import brotli

    return {
        ".gz": gzip.compress(data, compresslevel=9, mtime=0),
        ".br": brotli.compress(data, quality=brotli_quality),
    }


def write_if_changed(path: str, data: bytes) -> bool:
    """Write only when the bytes differ; returns whether the file was written."""
    if not _make_room(path, data):
        return False
    with open(path, "wb") as handle:
        handle.write(data)
    return True


def link_if_changed(path: str, data: bytes, source: str) -> bool:
    """``write_if_changed`` for bytes that ``source`` already holds and that no one
    changes in place (a render cache's page): a hard link to it where the file system
    allows. Linking costs one directory entry; writing a page costs a new file and its
    bytes, which at a thousand pages was most of a build after one edit."""
    if not _make_room(path, data):
        return False
    try:
        os.link(source, path)
    except OSError:  # another file system, or links not allowed
        with open(path, "wb") as handle:
            handle.write(data)
    return True


def _make_room(path: str, data: bytes) -> bool:
    """False when ``path`` already holds ``data``; else its folder exists and the old
    file is gone. The old file is removed, never written over: it may be a hard link
    to a cached page, whose bytes must stay as they are."""
    try:
        with open(path, "rb") as handle:
            if handle.read() == data:
                return False
        os.unlink(path)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
    return True


def finish_file(path: str, data: bytes, config: dict, source: str | None = None) -> bool:
    """Write ``data`` at ``path`` (a hard link to ``source`` when given, which holds
    the same bytes) with its compressed copies, if the settings ask for them."""
    changed = write_if_changed(path, data) if source is None else \
        link_if_changed(path, data, source)
    if config["precompress"] and path.endswith(COMPRESSIBLE) and len(data) >= MIN_COMPRESS_BYTES:
        for suffix, copy in compressed_copies(data, config["brotli_quality"]).items():
            if changed or not os.path.exists(path + suffix):
                write_if_changed(path + suffix, copy)
    return changed


def precompress_folder(output: str, brotli_quality: int = 8) -> None:
    """.gz and .br for text files the writer did not produce (static, feeds, assets)."""
    for root, _folders, files in os.walk(output):
        for name in sorted(files):
            if not name.endswith(COMPRESSIBLE):
                continue
            path = os.path.join(root, name)
            if os.path.exists(path + ".br") and os.path.exists(path + ".gz") and (
                os.path.getmtime(path + ".br") >= os.path.getmtime(path)
            ):
                continue
            data = Path(path).read_bytes()
            if len(data) < MIN_COMPRESS_BYTES:
                continue
            for suffix, copy in compressed_copies(data, brotli_quality).items():
                write_if_changed(path + suffix, copy)
