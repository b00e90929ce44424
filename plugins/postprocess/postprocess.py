"""The render pass as a plugin: connects the build's machinery (``plugins/engine``) to
Pelican's signals.

When a build starts it makes the build's render pass; Pelican writes through
``engine.SiteWriter``, which queues every page on it; on ``finalized`` the pass
renders, post-processes and writes every page, then the theme assets the pages use.
The setting (POSTPROCESS) and the pass itself are described in ``engine.render_pass``.
"""

from __future__ import annotations

import logging
import os

from pelican import signals

from engine import (
    Pass,
    SiteWriter,
    asset_url,
    assets_used,
    finish_file,
    index_term_lists,
    keep_compiled_templates,
    memo_fragment_for,
    settings_for,
)
from site_core import build_state, skip_collection_at_exit

logger = logging.getLogger(__name__)


def start(pelican) -> None:
    """Checks POSTPROCESS; makes this build's render pass (no pages queued yet); with
    the render cache on, compiled templates are kept for the next build too; the
    process will end without a last garbage collection over the site it builds."""
    if settings_for(pelican.settings)["render_cache"]:  # reports bad keys before anything runs
        keep_compiled_templates(pelican.settings)
    state = build_state(pelican.settings)
    state.render_pass = Pass(pelican.settings, state)
    skip_collection_at_exit()


def add_template_helpers(generator) -> None:
    """Templates get asset_url() (hashed theme files) and memo_fragment() (a macro's render, reused)."""
    settings = generator.settings
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals["asset_url"] = lambda name: asset_url(settings, name)
        env.globals["memo_fragment"] = memo_fragment_for(settings)


def index_terms(generator) -> None:
    """Each term's article list answers `in` by a set lookup (Pelican's term pages scan them)."""
    index_term_lists(generator)


def use_site_writer(pelican):
    """Pelican writes through SiteWriter, which queues each page for the pass instead of rendering it."""
    return SiteWriter


def finish(pelican) -> None:
    """Render the queued pages and write the hashed assets they use."""
    settings = pelican.settings
    config = settings_for(settings)
    output = settings["OUTPUT_PATH"]
    page_pass = build_state(settings).render_pass
    page_pass.finish()  # first: rendering is what tells which assets the pages use
    for relative, data in sorted(assets_used(page_pass.state).files.items()):
        finish_file(os.path.join(output, relative), data, config)
    logger.info("postprocess: %d page(s) written, %d unchanged, %d from the render cache",
                page_pass.written, page_pass.unchanged, page_pass.from_cache)


def register():
    signals.initialized.connect(start)
    signals.generator_init.connect(add_template_helpers)
    signals.article_generator_finalized.connect(index_terms)
    signals.get_writer.connect(use_site_writer)
    signals.finalized.connect(finish)
