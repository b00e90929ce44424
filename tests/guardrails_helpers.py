"""A tiny site for broken-content cases: one valid article, one service, the people registry.

Each case changes lines of the valid article (or adds body text or files) and is
built on its own, locally and strictly, through the same commands writers and CI use.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from conftest import CONTENT, ROOT, run_command

VALID_ARTICLE = [
    "---",                                                # 1
    "title: Knee pain",                                   # 2
    "slug: knee-pain",                                    # 3
    "date: 2026-01-02",                                   # 4
    "summary: What knee pain is and when to get help.",   # 5
    "category: Treatments",                               # 6
    "tags: [knee pain]",                                  # 7
    "author: apollo-clinic",                              # 8
    "services: [physiotherapy]",                          # 9
    "reviewed_by: apollo-clinic",                         # 10
    "last_reviewed: 2026-01-05",                          # 11
    "---",                                                # 12
    "",                                                   # 13
    "Knee pain is common. It often gets better.",         # 14
]


def article_text(replace: dict[int, str | None] | None = None, body: str = "") -> str:
    """The valid article with some lines replaced (None deletes) and text appended."""
    lines = []
    for number, line in enumerate(VALID_ARTICLE, start=1):
        new = (replace or {}).get(number, line)
        if new is not None:
            lines.append(new)
    return "\n".join(lines) + "\n" + (body + "\n" if body else "")


def tiny_site(folder: Path, article: str, name: str = "knee-pain.md",
              extra_files: dict[str, str] | None = None) -> tuple[Path, Path]:
    """A content folder with the article; returns (content folder, article path)."""
    content = folder / "content"
    (content / "articles").mkdir(parents=True)
    (content / "services").mkdir()
    shutil.copy(CONTENT / "people.yml", content / "people.yml")
    shutil.copytree(CONTENT / "spelling", content / "spelling")
    shutil.copy(CONTENT / "services" / "physiotherapy.md", content / "services")
    path = content / "articles" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(article, encoding="utf-8")
    for relative, text in (extra_files or {}).items():
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        (content / relative).write_text(text, encoding="utf-8")
    return content, path


def build(content: Path, output: Path, strict: bool):
    """Pelican as `invoke build` (local settings) or `invoke publish` (production) runs it."""
    settings = "publishconf.py" if strict else "pelicanconf.py"
    return run_command(
        sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / settings),
        "-o", str(output), "--log-handler", "plain",
        "-e", f'CACHE_PATH="{output.parent / "cache"}"', "LOAD_CONTENT_CACHE=false",
    )
