"""The shared core of our plugins: a library, not a plugin (it registers nothing).

Every plugin imports what it shares from here, and, where it needs another
plugin, only that plugin's public functions through its package ``__init__``:

- ``build_state``: the one object that holds a build's state (build.py): problems,
  the live session, the registry of what plugins declare in ``PROVIDES``
  (``Analysis``, validators, page steps), each plugin's per-build data and memos;
- ``Problem``, ``report``, ``reported_problems``: content mistakes, phrased as
  ``path:line: field: what is wrong. How to fix it.`` (guardrails counts them
  and stops the build); a problem in a file with ``status: draft`` is the draft's
  to-do list (``Problem.draft``, ``is_draft_file``): listed, counted apart by
  ``problem_counts``, never failing a build;
- ``plugin_settings``: a plugin's one dict setting merged over its defaults;
- ``display_path``: a source path as the writer sees it;
- ``can_fork``: whether plugins may fork worker processes;
- ``file_stamp``: the version of a file (modification time, size, inode) that memos
  key by;
- ``skip_collection_at_exit``: the process ends without a last garbage collection
  over the site it built;
- ``all_contents``: every content object of a build (or of ``ARTICLE_LISTS``), walked
  once, in path order;
- ``slugify`` and ``plain_text``: the two text helpers several plugins need;
  ``holds_whole``: a whole-word search without a pattern per word;
  ``address_slug``: the slug Pelican will make of a name, with the site's settings;
- ``is_noindex``: whether a page is kept out of search engines and site search;
- ``scheme_of``, ``host_of``, ``is_other_host``, ``is_web_address``: addresses judged
  as a browser reads them (the sanitiser, sources, old addresses);
- ``converting_language``: the language of the Markdown file being converted (the
  front matter reader sets it; content blocks write their headings in it);
- ``order_problems``: what the order of PLUGINS breaks of the plugins' declared
  ``AFTER`` dependencies (pipeline.py);
- ``readability``: textstat's Flesch-Kincaid and SMOG, each word's syllables counted
  once (readability.py).
"""

from . import readability
from .build import Analysis, BuildState, Provides, build_state, resume_build, start_build
from .contents import ARTICLE_LISTS, all_contents, is_noindex
from .language import converting, converting_language
from .pipeline import order_problems
from .problems import (
    Problem,
    is_draft_file,
    problem_counts,
    report,
    reported_paths,
    reported_problems,
    start_collecting,
)
from .system import (
    can_fork,
    display_path,
    file_stamp,
    plugin_settings,
    save_pickle,
    skip_collection_at_exit,
)
from .text import SLUG_MAX_BYTES, address_slug, holds_whole, plain_text, slugify
from .urls import host_of, is_other_host, is_web_address, scheme_of

__all__ = [
    "ARTICLE_LISTS",
    "SLUG_MAX_BYTES",
    "Analysis",
    "BuildState",
    "Problem",
    "Provides",
    "address_slug",
    "all_contents",
    "build_state",
    "can_fork",
    "converting",
    "converting_language",
    "display_path",
    "file_stamp",
    "holds_whole",
    "host_of",
    "is_draft_file",
    "is_noindex",
    "is_other_host",
    "is_web_address",
    "order_problems",
    "plain_text",
    "plugin_settings",
    "problem_counts",
    "readability",
    "report",
    "reported_paths",
    "reported_problems",
    "resume_build",
    "save_pickle",
    "scheme_of",
    "skip_collection_at_exit",
    "slugify",
    "start_build",
    "start_collecting",
]
