"""The signal table of ARCHITECTURE.md, generated from the code.

``python -m site_core.architecture`` registers the plugins of pelicanconf.py
exactly as a build does and prints, for every Pelican signal in the order a
build sends them, every handler connected to it in the order they run, with the
first line of each handler's docstring. ``invoke architecture`` writes it into
ARCHITECTURE.md; a test checks that the file still says what the code does.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Every signal Pelican 4.12 defines (pelican/plugins/signals.py), in the order one
# build sends them. A signal missing here is still listed, after these, so the table
# always holds every handler our plugins connect (tests/test_architecture.py).
BUILD_ORDER = [
    ("initialized", "the settings are read; nothing is read or written yet"),
    ("get_generators", "Pelican asks which generators to add"),
    ("readers_init", "the readers are made"),
    ("generator_init", "each generator and its Jinja environment are made"),
    ("article_generator_init", "the article generator is made"),
    ("article_generator_preread", "before the article generator reads its files"),
    ("article_generator_context", "each article's metadata is read, before its object is made"),
    ("content_object_init", "each article or page object is made from what a reader returned"),
    ("article_generator_pretaxonomy", "articles are read, before categories and tags"),
    ("article_generator_finalized", "the article generator has its articles"),
    ("page_generator_init", "the page generator is made"),
    ("page_generator_preread", "before the page generator reads its files"),
    ("page_generator_context", "each page's metadata is read, before its object is made"),
    ("page_generator_finalized", "the page generator has its pages"),
    ("static_generator_init", "the static generator is made"),
    ("static_generator_preread", "before the static generator reads its files"),
    ("static_generator_context", "each static file's metadata is read"),
    ("static_generator_finalized", "the static generator has its files"),
    ("all_generators_finalized", "every file is read and linked: the whole site is known"),
    ("get_writer", "just before writing"),
    ("article_generator_write_article", "each article is handed to the writer"),
    ("feed_generated", "each feed is made"),
    ("feed_written", "each feed is written"),
    ("article_writer_finalized", "the article generator has written its pages and feeds"),
    ("page_generator_write_page", "each page is handed to the writer"),
    ("page_writer_finalized", "the page generator has written its pages"),
    ("content_written", "each page is written (by postprocess's render pass)"),
    ("finalized", "every generator has written: the end of the build"),
]
BEGIN, END = "<!-- signal table: begin -->", "<!-- signal table: end -->"


# Handlers of official plugins that carry no docstring.
NOTES = {"pelican.plugins.neighbors.neighbors.neighbors":
         "Sets each article's next and previous article (official pelican-neighbors)."}


def summary(function) -> str:
    doc = (function.__doc__ or NOTES.get(f"{function.__module__}.{function.__name__}", ""))
    doc = doc.strip().split("\n\n")[0]
    return " ".join(doc.split()).replace("|", "\\|")


def every_signal() -> list[tuple[str, str]]:
    """(name, when) of every signal Pelican defines: BUILD_ORDER's, then any other."""
    from blinker import NamedSignal
    from pelican.plugins import signals

    known = {name for name, _when in BUILD_ORDER}
    others = sorted(name for name, value in vars(signals).items()
                    if isinstance(value, NamedSignal) and name not in known)
    return [*BUILD_ORDER, *((name, "(a signal this table does not describe yet)") for name in others)]


def connected_handlers(name: str) -> list:
    """The handlers our plugins (and official ones) connect to one signal, in order."""
    from pelican import signals

    return [receiver for receiver in getattr(signals, name).receivers_for(None)
            if receiver.__module__.split(".")[0] != "pelican"
            or receiver.__module__.startswith("pelican.plugins.")]


def signal_table(settings_file: Path) -> str:
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(str(settings_file))
    Pelican(settings)  # loads and registers the plugins, as a build does; reads nothing
    lines = [BEGIN, "", "| signal | when | plugin | handler | what it does |",
             "|---|---|---|---|---|"]
    for name, when in every_signal():
        for number, receiver in enumerate(connected_handlers(name)):
            module = receiver.__module__
            plugin = module.removeprefix("pelican.plugins.").split(".")[0]
            lines.append(f"| {'`' + name + '`' if number == 0 else ''} | "
                         f"{when if number == 0 else ''} | {plugin} | "
                         f"`{receiver.__name__}` | {summary(receiver)} |")
    lines += ["", END]
    return "\n".join(lines)


def with_table(document: str, table: str) -> str:
    start, end = document.index(BEGIN), document.index(END) + len(END)
    return document[:start] + table + document[end:]


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[2]
    print(signal_table(root / sys.argv[1] if len(sys.argv) > 1 else root / "pelicanconf.py"))
