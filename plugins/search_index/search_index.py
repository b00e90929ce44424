"""Site search: Pagefind indexes the built site at the end of every build.

Pagefind (PyPI ``pagefind[bin]``) is the static search many generators use: it
writes a compressed index and its own small JavaScript into ``pagefind/``, and
the browser fetches only the pieces a query needs; no server, no third party.
Only elements marked ``data-pagefind-body`` are indexed (the theme puts it on
the main content of articles and service pages that are not ``noindex``), so
navigation, footers, listings, drafts and noindex pages stay out. Inside it,
what only points elsewhere (related cards, a service's article list, topics,
contents, the pager, language links, contact boxes) carries
``data-pagefind-ignore``: a page is found for its own words, not for the titles
of the pages it links to. Filters
(category, service) come from ``data-pagefind-filter`` meta tags in the head.

There is no official Pelican plugin for Pagefind, hence this small one: it runs
the CLI that the PyPI package ships, on ``finalized``, so nobody runs it by hand.

Pagefind 1.5 writes its filter index and the metadata file that lists the
filters in hash-map order, which changes from run to run (Pagefind issue #638),
and their content-hashed names change with it. After each production run,
``make_deterministic`` rewrites those two kinds of file in a fixed order (they
are gzip-compressed CBOR; cbor2 reads and writes them), names them by a hash of
the new bytes, and updates ``pagefind-entry.json``, so that two builds of the
same commit are byte-identical.

In a live session (``invoke livereload``) Pagefind runs in the background: it
takes longer than rebuilding the edited pages, and the browser should refresh
as soon as the pages are written. Search catches up a moment later; the next
rebuild stops an index run that is still going and starts a new one.

Setting (merged over DEFAULTS):
    SEARCH_INDEX = {
        "enabled": True,
        "exclude_selectors": [".cta", ".disclaimer", ".section-heading__anchor"],
        "bundle_dir": "pagefind",
    }
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import shutil
import subprocess
import sys
import time
from pathlib import Path

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

from site_core import build_state, is_noindex, plugin_settings

logger = logging.getLogger(__name__)

DEFAULTS = {"enabled": True,
            "exclude_selectors": [".cta", ".disclaimer", ".section-heading__anchor"],
            "bundle_dir": "pagefind"}


def settings_for(settings: dict) -> dict:
    merged = plugin_settings(settings, "SEARCH_INDEX", DEFAULTS)
    if not isinstance(merged["exclude_selectors"], (list, tuple)):
        raise ValueError("SEARCH_INDEX: exclude_selectors must be a list of CSS selectors")
    return merged


def pagefind_command(output_path: str, options: dict) -> list[str]:
    command = [sys.executable, "-m", "pagefind", "--site", str(output_path),
               "--output-subdir", options["bundle_dir"], "--silent"]
    for selector in options["exclude_selectors"]:
        command += ["--exclude-selectors", selector]
    return command


def background_run() -> dict:
    """A live session's Pagefind run in the background ("process") and the folder it
    writes ("bundle"): in the memos, which the session hands to each of its builds."""
    return build_state().memo("search_index.background", dict)


def stop_background_index() -> None:
    """Stop a live session's index run that has not finished (a new build starts).

    A run stopped half way leaves part of its files in the bundle folder, beside the
    last complete index: the folder is removed, and the next run writes it whole."""
    run = background_run()
    process = run.pop("process", None)
    if process is not None and process.poll() is None:
        process.terminate()
        process.wait()
        if run.get("bundle") is not None:
            shutil.rmtree(run["bundle"], ignore_errors=True)


def wait_for_background_index(timeout: float | None = None) -> int | None:
    """Wait for a live session's index run; its exit status, or None if there was none."""
    process = background_run().get("process")
    return None if process is None else process.wait(timeout)


def check_settings(pelican) -> None:
    """Checks SEARCH_INDEX; stops a live session's Pagefind still running from the last rebuild."""
    settings_for(pelican.settings)
    stop_background_index()


def build_index(pelican) -> None:
    """Runs Pagefind over the written pages (in the background in a live session)."""
    options = settings_for(pelican.settings)
    if not options["enabled"]:
        return
    if build_state(pelican.settings).live is not None:
        background_run().update(
            bundle=Path(pelican.output_path) / options["bundle_dir"],
            process=subprocess.Popen(pagefind_command(pelican.output_path, options),
                                     stdout=subprocess.DEVNULL))
        return
    started = time.perf_counter()
    result = subprocess.run(pagefind_command(pelican.output_path, options),
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        logger.error("search_index: Pagefind failed (exit %s): %s", result.returncode,
                     (result.stderr or result.stdout).strip())
        return
    make_deterministic(Path(pelican.output_path) / options["bundle_dir"])
    logger.info("search_index: Pagefind indexed the site in %.2f s",
                time.perf_counter() - started)


# Pagefind's bundle files, made deterministic ------------------------------

SIGNATURE = b"pagefind_dcd"  # what every Pagefind data file starts with, after gunzip


def read_data_file(path: Path):
    import cbor2

    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path} is not a Pagefind data file")
    return cbor2.loads(data[len(SIGNATURE):])


def data_file_bytes(value) -> tuple[bytes, str]:
    """(gzip file bytes, sha256 hex of the content) of one Pagefind data file."""
    import cbor2

    data = SIGNATURE + cbor2.dumps(value)
    return gzip.compress(data, compresslevel=9, mtime=0), hashlib.sha256(data).hexdigest()


def replace_data_file(old: Path, new: Path, content: bytes) -> None:
    new.write_bytes(content)
    if old != new:
        old.unlink()


def canonical_filter(value: list) -> list:
    """A filter file, [name, [[value, [page, ...]], ...]], with values in order."""
    name, values = value
    return [name, sorted(([option, sorted(pages)] for option, pages in values),
                         key=lambda pair: str(pair[0]))]


def make_deterministic(bundle: Path) -> None:
    """Rewrite the filter and metadata files of a Pagefind bundle in a fixed order."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for info in entry["languages"].values():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = read_data_file(meta_path)
        # The metadata file: [version, pages, index chunks, filters, sorts, ...];
        # filters is [[filter name, file hash], ...].
        filters = []
        for name, old_hash in meta[3]:
            prefix = old_hash.rsplit("_", 1)[0]
            old = bundle / "filter" / f"{old_hash}.pf_filter"
            content, digest = data_file_bytes(canonical_filter(read_data_file(old)))
            new_hash = f"{prefix}_{digest[:7]}"
            replace_data_file(old, bundle / "filter" / f"{new_hash}.pf_filter", content)
            filters.append([name, new_hash])
        meta[3] = sorted(filters)
        content, digest = data_file_bytes(meta)
        new_hash = f"{info['hash'].rsplit('_', 1)[0]}_{digest[:10]}"
        replace_data_file(meta_path, bundle / f"pagefind.{new_hash}.pf_meta", content)
        info["hash"] = new_hash
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")


def search_body_for(page_context) -> str:
    """The attribute that puts a page's main content in the index, or nothing."""
    article, page = page_context.get("article"), page_context.get("page")
    indexable = article is not None or getattr(page, "is_service", False)
    return " data-pagefind-body" if indexable and not is_noindex(page_context) else ""


@pass_context
def search_body(context) -> Markup:
    return Markup(search_body_for(context))  # noqa: S704 - a fixed attribute or nothing


def add_global(generator) -> None:
    """Templates get search_body(): the data-pagefind-body mark on indexable pages, and
    search_bundle: the folder Pagefind writes its bundle to."""
    generator.env.globals["search_body"] = search_body
    generator.env.globals["search_bundle"] = settings_for(generator.settings)["bundle_dir"]


def register():
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(add_global)
    signals.finalized.connect(build_index)
