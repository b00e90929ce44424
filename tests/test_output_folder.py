"""The output_folder plugin: a production build into the last output keeps its
folders and ends with exactly what a build into an empty folder writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from output_folder import empty_files, remove_empty_folders, takes_over

from conftest import build_site


def tree(folder: Path) -> tuple[dict, set]:
    """(every file's bytes by its path, every folder's path) under ``folder``."""
    files = {p.relative_to(folder).as_posix(): p.read_bytes()
             for p in folder.rglob("*") if p.is_file() and not p.is_symlink()}
    folders = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir()}
    return files, folders


class HeldFolder:
    """A folder held open, to tell later whether it is still the folder at its path.
    (Its inode number alone cannot: a deleted folder's number is given to the next
    new one.) While it is held, its number is not reused, and deleted it has no links."""

    def __init__(self, path: Path):
        self.path = path
        self.descriptor = os.open(path, os.O_RDONLY)

    def kept(self) -> bool:
        held = os.fstat(self.descriptor)
        try:
            return held.st_nlink > 0 and os.stat(self.path).st_ino == held.st_ino
        finally:
            os.close(self.descriptor)


def a_page_folder(output: Path) -> HeldFolder:
    """One article's folder in a built output, held."""
    return HeldFolder(next(p for p in sorted((output / "articles").iterdir()) if p.is_dir()))


@pytest.mark.slow
def test_a_build_into_the_last_output_equals_a_build_into_an_empty_folder(tmp_path):
    kept = tmp_path / "kept"
    build_site(kept, "publishconf.py")
    held = a_page_folder(kept)
    page_folder = held.path
    # What an older build left that this one does not write: a page, a file at the
    # top, files deep in folders of their own, an empty folder, links to a file and
    # to a folder outside the output (removed, never followed).
    outside = tmp_path / "outside"
    (outside / "inner").mkdir(parents=True)
    (outside / "inner" / "keep.txt").write_text("not the build's", encoding="utf-8")
    (kept / "articles" / "gone").mkdir()
    (kept / "articles" / "gone" / "index.html").write_text("<p>old</p>", encoding="utf-8")
    (kept / "stale.txt").write_text("stale", encoding="utf-8")
    (kept / "deep" / "a" / "b").mkdir(parents=True)
    (kept / "deep" / "a" / "b" / "c.txt").write_text("stale", encoding="utf-8")
    (kept / "empty" / "folder").mkdir(parents=True)
    (kept / "link-to-folder").symlink_to(outside / "inner", target_is_directory=True)
    (kept / "articles" / "link-to-file").symlink_to(outside / "inner" / "keep.txt")
    (page_folder / "index.html").write_text("<p>changed by hand</p>", encoding="utf-8")

    build_site(kept, "publishconf.py")
    fresh = tmp_path / "fresh"
    build_site(fresh, "publishconf.py")

    kept_files, kept_folders = tree(kept)
    fresh_files, fresh_folders = tree(fresh)
    assert kept_files.keys() == fresh_files.keys()
    assert [path for path in kept_files if kept_files[path] != fresh_files[path]] == []
    assert kept_folders == fresh_folders
    assert not [p for p in kept.rglob("*") if p.is_symlink()]
    assert held.kept()  # the folder was kept, not made again
    assert (outside / "inner" / "keep.txt").read_text(encoding="utf-8") == "not the build's"


@pytest.mark.slow
def test_with_keep_folders_off_pelican_deletes_the_output(tmp_path):
    output = tmp_path / "output"
    build_site(output, "publishconf.py")
    held = a_page_folder(output)
    (output / "stale.txt").write_text("stale", encoding="utf-8")
    build_site(output, "publishconf.py", OUTPUT_FOLDER={"keep_folders": False})
    assert not (output / "stale.txt").exists()
    assert not held.kept()


def test_emptying_keeps_folders_and_what_retention_names(tmp_path):
    output = tmp_path / "output"
    (output / "kept" / "inner").mkdir(parents=True)
    (output / "kept" / "inner" / "file.txt").write_text("x", encoding="utf-8")
    (output / "pages" / "a").mkdir(parents=True)
    (output / "pages" / "a" / "index.html").write_text("x", encoding="utf-8")
    (output / "top.txt").write_text("x", encoding="utf-8")
    empty_files(str(output), retention=("kept",))
    assert (output / "kept" / "inner" / "file.txt").is_file()
    assert (output / "pages" / "a").is_dir()
    assert not (output / "pages" / "a" / "index.html").exists()
    assert not (output / "top.txt").exists()
    (output / "kept" / "empty").mkdir()
    remove_empty_folders(str(output), retention=("kept",))
    assert not (output / "pages").exists()
    assert (output / "kept" / "empty").is_dir()  # retained as a whole
    assert output.is_dir()


def test_an_output_that_holds_the_content_is_never_emptied(tmp_path):
    settings = {"DELETE_OUTPUT_DIRECTORY": True, "OUTPUT_PATH": str(tmp_path),
                "PATH": str(tmp_path / "content")}
    assert takes_over(settings) is False  # Pelican never deletes such a folder either
    assert takes_over({**settings, "OUTPUT_PATH": str(tmp_path / "output")}) is True
    assert takes_over({**settings, "OUTPUT_PATH": str(tmp_path / "output"),
                       "DELETE_OUTPUT_DIRECTORY": False}) is False
    assert takes_over({**settings, "OUTPUT_PATH": str(tmp_path / "output"),
                       "OUTPUT_FOLDER": {"keep_folders": False}}) is False
    assert os.path.isdir(tmp_path)


@pytest.mark.slow
def test_a_pelican_object_that_does_not_run_empties_nothing(tmp_path):
    """As with Pelican's own deletion, only a run empties the output (a Pelican object
    made to read the settings and plugins, as `invoke architecture` makes one, does not)."""
    from pelican import Pelican
    from pelican.settings import read_settings

    from conftest import ROOT

    output = tmp_path / "output"
    build_site(output, "publishconf.py")
    before = tree(output)
    Pelican(read_settings(str(ROOT / "publishconf.py"), override={
        "OUTPUT_PATH": str(output), "CACHE_PATH": str(tmp_path / "cache")}))
    assert tree(output) == before
