"""Responsive images: smaller copies of each content photo, in WebP and its own format.

A phone on a slow network should not download a 2,000-pixel photo to show it
400 pixels wide. For every ``<img>`` of a written page whose source is a JPEG
or PNG of this site, this plugin writes narrower copies (``knee-480w.jpg``,
``knee-480w.webp`` ...) next to the original, at each of ``widths`` that is
narrower than the image, plus a WebP copy at full width, and rewrites the tag::

    <picture>
      <source type="image/webp" srcset="knee-480w.webp 480w, knee.webp 1600w" sizes="...">
      <img src="knee.jpg" srcset="knee-480w.jpg 480w, knee.jpg 1600w" sizes="..."
           width="1600" height="900" alt="..." loading="lazy">
    </picture>

Browsers that know WebP take the smaller file; the others keep the original
format. ``width`` and ``height`` keep the page from jumping while it loads.

Each copy is made once with Pillow and kept in ``CACHE_PATH/responsive_images``
under a hash of the source image's bytes and the settings, so a build makes a
copy again only when the image or the settings change. Pillow writes the same
bytes for the same input, so two builds stay byte-identical.

Why our own: pelican-image-process (the official plugin) reads every written
HTML file back, parses it and writes it again on ``content_written``, and only
touches images that a writer gave a special class. Here the work is one step of
the single post-processing pass (a page step in ``PROVIDES``), on the page already
in memory, on every core, and every photo gets it without extra markup.

Setting (merged over DEFAULTS, unknown keys are an error):
    RESPONSIVE_IMAGES = {
        "enabled": True,
        "widths": [480, 800, 1200],   # the narrower copies to offer, in pixels
        "sizes": "(min-width: 46rem) 42rem, 100vw",   # the article column's width
        "webp_quality": 80,
        "jpeg_quality": 82,
    }
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import posixpath
import re
from urllib.parse import urlsplit

from pelican import signals

from engine import write_if_changed
from site_core import Provides, build_state, plugin_settings

logger = logging.getLogger(__name__)

DEFAULTS = {
    "enabled": True,
    "widths": [480, 800, 1200],
    "sizes": "(min-width: 46rem) 42rem, 100vw",
    "webp_quality": 80,
    "jpeg_quality": 82,
}
FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
# A quick look at the text before parsing it: most pages have no photo at all,
# and a page parsed for nothing would still be written out again by the parser.
CANDIDATE = re.compile(r"""<img\s[^>]*?src=["']?[^"'\s>]+\.(?:jpe?g|png)\b""", re.IGNORECASE)
CACHE_FORMAT = 1  # bump when the way copies are made changes

def settings_for(settings: dict) -> dict:
    merged = plugin_settings(settings, "RESPONSIVE_IMAGES", DEFAULTS)
    widths = merged["widths"]
    if not isinstance(widths, (list, tuple)) or not all(
            isinstance(width, int) and width > 0 for width in widths):
        raise ValueError("RESPONSIVE_IMAGES: widths must be a list of whole numbers of pixels")
    for name in ("webp_quality", "jpeg_quality"):
        if not isinstance(merged[name], int) or not 1 <= merged[name] <= 100:
            raise ValueError(f"RESPONSIVE_IMAGES: {name} must be a whole number from 1 to 100")
    return merged


# Pure cores --------------------------------------------------------------

def variant_name(path: str, width: int | None, suffix: str) -> str:
    """knee.jpg, 480, .webp -> knee-480w.webp; width None keeps the full size."""
    stem = os.path.splitext(path)[0]
    return f"{stem}-{width}w{suffix}" if width else f"{stem}{suffix}"


def plan(width: int, widths: list[int]) -> list[int]:
    """The widths to offer for an image this wide: each narrower one, then its own."""
    return [*sorted({w for w in widths if w < width}), width]


def resized(data: bytes, width: int, kind: str, config: dict) -> bytes:
    """The image scaled to ``width`` pixels wide, encoded as ``kind`` (JPEG, PNG, WEBP)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.load()
        if width < image.width:
            height = max(1, round(image.height * width / image.width))
            image = image.resize((width, height), Image.Resampling.LANCZOS)
        if kind == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        out = io.BytesIO()
        options = {
            "WEBP": {"quality": config["webp_quality"], "method": 4},
            "JPEG": {"quality": config["jpeg_quality"], "optimize": True, "progressive": True},
            "PNG": {"optimize": True},
        }[kind]
        image.save(out, kind, **options)
        return out.getvalue()


def cached_variant(data: bytes, width: int, kind: str, config: dict, cache_dir: str) -> bytes:
    """``resized``, made once per source image, width, format and settings."""
    key = hashlib.sha256(data + repr((CACHE_FORMAT, width, kind, sorted(config.items()))).encode())
    path = os.path.join(cache_dir, f"{key.hexdigest()[:24]}.{kind.lower()}")
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        pass
    made = resized(data, width, kind, config)
    os.makedirs(cache_dir, exist_ok=True)
    temporary = f"{path}.{os.getpid()}.tmp"  # two processes may make the same copy
    with open(temporary, "wb") as handle:
        handle.write(made)
    os.replace(temporary, path)
    return made


def local_file(src: str, page_path: str, siteurl: str, output: str) -> str | None:
    """The output file an image URL points to, or None if it is not this site's."""
    if siteurl and src.startswith(siteurl.rstrip("/") + "/"):
        src = src[len(siteurl.rstrip("/")):]
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or parts.query or not parts.path:
        return None
    if parts.path.startswith("/"):
        relative = parts.path.lstrip("/")
    else:
        relative = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), parts.path))
    if relative.startswith(".."):
        return None
    return os.path.join(output, *relative.split("/"))


# The post-processing step ------------------------------------------------

def srcset(src: str, widths: list[int], suffix: str) -> str:
    """``srcset`` for the copies of ``src`` in one format; the last width is full size."""
    return ", ".join(f"{variant_name(src, w if w != widths[-1] else None, suffix)} {w}w"
                     for w in widths)


def make_responsive(document, context) -> None:
    """Rewrite each local JPEG or PNG ``<img>`` of the page and write its copies."""
    site = build_state().parts.get("responsive_images")
    if not site or not CANDIDATE.search(document.html):
        return
    config, output = site["config"], site["output"]
    for image in document.soup.find_all("img"):
        src = image.get("src", "")
        suffix = os.path.splitext(urlsplit(src).path)[1].lower()
        if suffix not in FORMATS or image.get("srcset") or image.find_parent("picture"):
            continue
        source = local_file(src, context["path"], context["siteurl"], output)
        if source is None or not os.path.isfile(source):
            continue
        written = write_variants(source, suffix, config, site["cache"])
        if written is None:
            continue
        widths, height = written
        image["srcset"] = srcset(src, widths, suffix)
        image["sizes"] = config["sizes"]
        if not image.get("width"):
            image["width"], image["height"] = str(widths[-1]), str(height)
        picture = document.soup.new_tag("picture")
        webp = document.soup.new_tag("source", attrs={
            "type": "image/webp", "srcset": srcset(src, widths, ".webp"), "sizes": config["sizes"],
        })
        image.wrap(picture)
        picture.insert(0, webp)


def write_variants(source: str, suffix: str, config: dict, cache_dir: str,
                   ) -> tuple[list[int], int] | None:
    """Write the copies of one image next to it.

    Returns (the widths offered, the image's height), or None if Pillow cannot read it.
    """
    from PIL import Image, UnidentifiedImageError

    with open(source, "rb") as handle:
        data = handle.read()
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError):
        logger.warning("responsive_images: %s is not an image Pillow can read", source)
        return None
    widths = plan(width, config["widths"])
    for w in widths:
        copies = [(".webp", "WEBP")]
        if w != width:
            copies.append((suffix, FORMATS[suffix]))
        for copy_suffix, kind in copies:
            target = variant_name(source, w if w != width else None, copy_suffix)
            write_if_changed(target, cached_variant(data, w, kind, config, cache_dir))
    return widths, height


# Signal handlers ---------------------------------------------------------

def start(pelican) -> None:
    """Reads RESPONSIVE_IMAGES and where this build writes and caches image copies."""
    config = settings_for(pelican.settings)
    if config["enabled"]:  # output folder, cache folder, settings; the render pass reads them
        build_state(pelican.settings).parts["responsive_images"] = {
            "config": config, "output": pelican.settings["OUTPUT_PATH"],
            "cache": os.path.join(pelican.settings["CACHE_PATH"], "responsive_images")}


# Every written page with a photo gets srcset, sizes and a <picture> in the render pass.
PROVIDES = Provides(page_steps=(make_responsive,))


def register():
    signals.initialized.connect(start)
