"""The signal table of ARCHITECTURE.md, generated from the code.

``python -m site_core.architecture`` registers the plugins of pelicanconf.py
exactly as a build does and prints, for each Pelican signal in the order a
build sends them, the handlers in the order they run, with the first line of
each handler's docstring. ``invoke architecture`` writes it into
ARCHITECTURE.md; a test checks that the file still says what the code does.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Pelican's signals in the order one build sends them.
BUILD_ORDER = [
    ("initialized", "the settings are read; nothing is read or written yet"),
    ("readers_init", "the readers are made"),
    ("generator_init", "each generator and its Jinja environment are made"),
    ("article_generator_pretaxonomy", "articles are read, before categories and tags"),
    ("article_generator_finalized", "the article generator has its articles"),
    ("content_object_init", "each article or page object is made from what a reader returned"),
    ("all_generators_finalized", "every file is read and linked: the whole site is known"),
    ("get_writer", "just before writing"),
    ("content_written", "each page is written (queued, for postprocess)"),
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


def signal_table(settings_file: Path) -> str:
    from pelican import Pelican, signals
    from pelican.settings import read_settings

    settings = read_settings(str(settings_file))
    Pelican(settings)  # loads and registers the plugins, as a build does; reads nothing
    lines = [BEGIN, "", "| signal | when | plugin | handler | what it does |",
             "|---|---|---|---|---|"]
    for name, when in BUILD_ORDER:
        signal = getattr(signals, name)
        receivers = [receiver for receiver in signal.receivers_for(None)
                     if receiver.__module__.split(".")[0] != "pelican"
                     or receiver.__module__.startswith("pelican.plugins.")]
        for number, receiver in enumerate(receivers):
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
