"""One Pagefind bundle made deterministic.

Pagefind 1.5 writes its filter index and the metadata file that lists the filters
in hash-map order, which changes from run to run (Pagefind issue #638), and their
content-hashed names change with it. ``make_deterministic`` rewrites those two kinds
of file in a fixed order (they are gzip-compressed CBOR; cbor2 reads and writes
them), names them by a hash of the new bytes, and updates ``pagefind-entry.json``,
so that two builds of the same pages are byte-identical.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

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
