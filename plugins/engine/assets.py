"""Theme assets (CSS, JS) as the pages name them: minified and with hashed names in
production, made once per file and written once the pages say which they use."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from site_core import build_state

from .output import minify_asset, settings_for


@dataclass
class AssetsUsed:
    """The theme assets this build's pages use: written once the pages are."""

    files: dict[str, bytes] = field(default_factory=dict)  # output path -> bytes
    names: set[str] = field(default_factory=set)  # as the templates name them (css/main.css)


def assets_used(state) -> AssetsUsed:
    return state.part("postprocess.assets_used", AssetsUsed)


def built_asset(settings: dict, name: str) -> tuple[str, bytes]:
    """(output name relative to the theme's static folder, bytes) for a theme asset."""
    source = Path(settings["THEME"]) / "static" / name
    config = settings_for(settings)
    stat = source.stat()
    key = (str(source), stat.st_mtime_ns, stat.st_size, config["minify"], config["hash_assets"])
    built = build_state().memo("postprocess.built_assets", dict)  # by the file's stamp
    if key not in built:
        data = source.read_bytes()
        suffix = source.suffix
        if config["minify"] and suffix in (".css", ".js"):
            data = minify_asset(data.decode("utf-8"), suffix).encode("utf-8")
        target = name
        if config["hash_assets"]:
            digest = hashlib.sha256(data).hexdigest()[:10]
            target = str(Path(name).with_name(f"{Path(name).stem}.{digest}{suffix}"))
        built[key] = (target, data)
    return built[key]


def asset_url(settings: dict, name: str) -> str:
    """The URL path (no SITEURL) of a theme asset: hashed and minified in production."""
    target, data = built_asset(settings, name)
    relative = f"{settings['THEME_STATIC_DIR']}/{target}"
    used = assets_used(build_state(settings))
    used.files[relative] = data
    used.names.add(name)
    return relative


