"""Shared fixtures: real Pelican builds into temporary folders.

The whole site is built once per session with Pelican's own API; tests then read
the files it wrote. Builds with other settings or broken content use `build_site`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican, signals
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
sys.path.insert(0, str(ROOT / "plugins"))


@dataclass
class BuiltSite:
    output: Path
    settings: dict
    generators: list = field(default_factory=list)

    def html_files(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))

    def page(self, relative: str) -> BeautifulSoup:
        path = self.output / relative
        if relative.endswith("/") or path.is_dir():
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")

    def contents(self) -> list:
        found = []
        for generator in self.generators:
            for name in ("articles", "drafts", "hidden_articles", "pages",
                         "hidden_pages", "draft_pages"):
                found.extend(getattr(generator, name, []))
        return found


def build_site(output: Path, settings_file: str = "pelicanconf.py",
               content: Path | None = None, **overrides) -> BuiltSite:
    """Build with Pelican's API, the way `invoke build` does, and keep the generators."""
    overrides = {
        "OUTPUT_PATH": str(output),
        "CACHE_PATH": str(output.parent / f"{output.name}-cache"),
        "LOAD_CONTENT_CACHE": False,
        **({"PATH": str(content)} if content else {}),
        **overrides,
    }
    settings = read_settings(str(ROOT / settings_file), override=overrides)
    site = BuiltSite(output=output, settings=settings)

    def keep(generators):
        site.generators = list(generators)

    signals.all_generators_finalized.connect(keep)
    try:
        Pelican(settings).run()
    finally:
        signals.all_generators_finalized.disconnect(keep)
    return site


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> BuiltSite:
    """The real site, built once with the local settings."""
    return build_site(tmp_path_factory.mktemp("site") / "output")


@pytest.fixture(scope="session")
def production_site(tmp_path_factory) -> BuiltSite:
    """The real site, built once with the production settings."""
    return build_site(tmp_path_factory.mktemp("production") / "output", "publishconf.py")


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A throwaway copy of content/ that a test may break."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    return copy


def run_command(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*args], cwd=cwd, capture_output=True, text=True, timeout=300,
    )
