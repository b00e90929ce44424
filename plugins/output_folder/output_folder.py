"""Output folder: a production build empties the output's files but keeps its folders.

With ``DELETE_OUTPUT_DIRECTORY``, Pelican removes the whole output tree before a
build, and the build makes every folder again: with pretty URLs that is a folder per
page (1,650 at 1,000 articles), and a new folder is a block and an inode for the file
system, which cost a production build after one edit about a second on the 2-core
machine the benchmarks run on (``benchmarks/README.md``). This plugin takes that
setting over: where Pelican would delete the output (its generators made, nothing
read or written yet) it removes every file of the output (but the top-level names of
``OUTPUT_RETENTION``, as Pelican keeps them) and leaves the folders; once every step
has written (it comes after precompress, the last writer), it removes the folders
left empty. What the folder then holds is what a build into an empty folder holds,
file for file (``tests/test_output_folder.py``), and ``invoke publish`` builds into
the output before last (tasks/common.py), so its folders are there.

No official Pelican plugin does this, and Pelican's own option keeps stale files
(``DELETE_OUTPUT_DIRECTORY = False``) or all of nothing.

Setting (merged over DEFAULTS):
    OUTPUT_FOLDER = {"keep_folders": True}   # False: Pelican empties it its own way
"""

from __future__ import annotations

import os

from pelican import signals

from site_core import build_state, plugin_settings
from site_core.compat import leave_output_alone

DEFAULTS = {"keep_folders": True}


def settings_for(settings: dict) -> dict:
    return plugin_settings(settings, "OUTPUT_FOLDER", DEFAULTS)


def takes_over(settings: dict) -> bool:
    """Whether this build empties the output itself: Pelican would delete it
    (``DELETE_OUTPUT_DIRECTORY``, and the output is not a folder that holds the
    content, which Pelican never deletes) and ``keep_folders`` is on."""
    if not (settings.get("DELETE_OUTPUT_DIRECTORY") and settings_for(settings)["keep_folders"]):
        return False
    output = os.path.realpath(settings["OUTPUT_PATH"])
    content = os.path.realpath(settings["PATH"])
    return os.path.commonpath([output, content]) != output


def empty_files(output: str, retention=()) -> None:
    """Remove every file and link under ``output``, keep every folder; a top-level
    name in ``retention`` is kept whole, as Pelican's ``clean_output_dir`` keeps it."""
    if not os.path.isdir(output):
        return
    for top in os.scandir(output):
        if top.name in retention:
            continue
        if not top.is_dir(follow_symlinks=False):
            os.unlink(top.path)
            continue
        for folder, subfolders, files in os.walk(top.path):
            for name in files:
                os.unlink(os.path.join(folder, name))
            for name in subfolders:  # os.walk lists a link to a folder among the folders
                path = os.path.join(folder, name)
                if os.path.islink(path):  # a link is removed, never followed
                    os.unlink(path)


def remove_empty_folders(output: str, retention=()) -> None:
    """Remove the folders under ``output`` that hold nothing (none of a build's own is
    ever empty: each was made for a file), deepest first."""
    for folder, _subfolders, _files in os.walk(output, topdown=False):
        if folder == output or os.path.relpath(folder, output).split(os.sep)[0] in retention:
            continue
        if not os.listdir(folder):  # its own empty folders are gone already
            os.rmdir(folder)


def take_over(pelican) -> None:
    """Turns Pelican's deletion of the output off where this plugin empties it instead."""
    if takes_over(pelican.settings):
        leave_output_alone(pelican)


def empty_output(generator) -> None:
    """Empties the output's files and keeps its folders (once, as the first generator is made)."""
    settings = generator.settings
    # Where Pelican's run deletes it: once its generators are made (a Pelican object made
    # only to read its settings and plugins, as `invoke architecture` makes one, empties
    # nothing), before anything is read or written.
    emptied = build_state(settings).part("output_folder.emptied", lambda: [False])
    if takes_over(settings) and not emptied[0]:
        empty_files(settings["OUTPUT_PATH"], settings.get("OUTPUT_RETENTION") or ())
        emptied[0] = True


def remove_unused_folders(pelican) -> None:
    """Removes the output's folders this build wrote nothing into."""
    settings = pelican.settings
    if takes_over(settings):
        remove_empty_folders(settings["OUTPUT_PATH"], settings.get("OUTPUT_RETENTION") or ())


def register():
    signals.initialized.connect(take_over)
    signals.generator_init.connect(empty_output)
    signals.finalized.connect(remove_unused_folders)
