"""Precompress: ``.gz`` and ``.br`` copies of every text file of the output.

The last writing step of the build: on ``finalized`` it compresses the files
that postprocess did not write itself (the sitemap, ``_headers``, Pagefind's
bundle...), so it comes after every plugin that writes files then. It is a
plugin of its own so that this place is a line in PLUGINS, not a handler that
reconnects itself at build start. Settings: POSTPROCESS's ``precompress`` and
``brotli_quality`` (postprocess compresses its pages with the same ones).
"""

from __future__ import annotations

from pelican import signals

from engine import precompress_folder, settings_for


def precompress_the_rest(pelican) -> None:
    """Writes .gz and .br copies of every text file not compressed yet."""
    config = settings_for(pelican.settings)
    if config["precompress"]:
        precompress_folder(pelican.settings["OUTPUT_PATH"], config["brotli_quality"])


def register():
    signals.finalized.connect(precompress_the_rest)
