"""What each page shows, and the render cache that uses it.

One dependency record per page, ``dependency_record(localcontext)``: the
content objects the page shows, by source file and in order (the page's own
article or page, everything its attributes point at: neighbours, related
articles, services, translations, the articles a service or a listing shows),
plus the listing's page number and page count and the term it lists. Site-wide
pages (home, indexes, search, 404) have none: they show everything.

The same record serves two builds:

- ``invoke livereload`` renders only the pages whose record names an edited
  file (``sources_of``; live/session.py);
- every other build (``invoke build``, publishing, CI) keeps a *render cache*
  in ``CACHE_PATH/render/``: a page's key is a hash of its record, the bytes of
  every file the record names, and everything else a page depends on (the
  build's fingerprint: settings, theme, plugin code, library versions, the
  other files of the content folder, every page's address, today's date). A
  page whose key is unchanged is not rendered, minified or post-processed
  again: its bytes come from the cache (the file is not touched when it is
  already in place).

``tests/test_render_cache.py`` is the contract: after random edits, a build
with the cache kept is byte for byte the cold build of the same tree.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import pickle
from importlib.metadata import PackageNotFoundError, version

from pelican.contents import Content

from site_core import build_state, file_stamp, save_pickle

INDEX = "index.pickle"
FORMAT = 1
# Settings that say where a build reads or writes, not what a page says.
PLACE_SETTINGS = {"OUTPUT_PATH", "CACHE_PATH", "LOAD_CONTENT_CACHE", "JINJA_ENVIRONMENT"}
LIBRARIES = ("pelican", "jinja2", "markdown", "minify-html", "babel", "nh3", "typogrify",
             "beautifulsoup4", "lxml", "pillow", "pymdown-extensions", "pelican-neighbors")
PAGINATED = ("articles_page", "dates_page")
TERMS = ("tag", "category", "author")


def dependency_record(localcontext: dict) -> tuple | None:
    """What a page shows, as a hashable tuple of source paths in order; None for a
    site-wide page (it shows everything: always rendered)."""
    main = localcontext.get("article") or localcontext.get("page")
    lists = [(key, localcontext[key]) for key in PAGINATED if localcontext.get(key) is not None]
    if main is None and not lists:
        return None
    record: list[tuple] = []
    if isinstance(main, Content):
        # An object has dozens of attributes and few name other content: those few are
        # put in order of their names (every page asks this, 8,000 at 5,000 articles).
        linked = []
        for name, value in vars(main).items():
            if isinstance(value, Content):
                linked.append((name, value.source_path))
            elif isinstance(value, (list, tuple)) and value and isinstance(value[0], Content):
                linked.append((name, tuple(item.source_path for item in value
                                           if isinstance(item, Content))))
        linked.sort()
        record += [("self", main.source_path), *linked]
    for key, page in lists:
        record.append((key, page.number, page.paginator.num_pages,
                       tuple(item.source_path for item in page.object_list)))
    for key in TERMS:
        term = localcontext.get(key)
        if term is not None and hasattr(term, "slug"):
            record.append((key, str(term), term.slug))
    return tuple(record)


def sources_of(record: tuple | None) -> set[str]:
    """The source files a record names; {"*"} for a site-wide page."""
    if record is None:
        return {"*"}
    found: set[str] = set()
    for entry in record:
        if entry[0] in TERMS and len(entry) == 3:
            continue  # a term's name and slug, not files
        shown = entry[-1]  # a path, or the paths of a list, last in every other entry
        if isinstance(shown, tuple):
            found.update(shown)
        elif isinstance(shown, str):
            found.add(shown)
    return found


def file_digest(path: str) -> str:
    """A hash of a file's bytes (a memo of the build state, by its size and modification time)."""
    version = file_stamp(path)
    if version is None:
        return "missing"
    stamp = (path, version)
    digests = build_state().memo("render_cache.digests", dict)
    found = digests.get(stamp)
    if found is None:
        with open(path, "rb") as handle:
            found = digests[stamp] = hashlib.sha256(handle.read()).hexdigest()
    return found


def folder_digest(folder: str, skip_suffixes: tuple[str, ...] = ()) -> str:
    digest = hashlib.sha256()
    for root, folders, names in os.walk(folder):
        folders.sort()
        for name in sorted(names):
            if name.endswith(skip_suffixes) or name.endswith((".pyc",)):
                continue
            path = os.path.join(root, name)
            digest.update(os.path.relpath(path, folder).encode() + b"\0" + file_digest(path).encode())
    return digest.hexdigest()


def settings_digest(settings: dict) -> str:
    """Every setting that is plain data (objects are left out: their repr changes)."""
    plain = {}
    for name, value in settings.items():
        if name in PLACE_SETTINGS:
            continue
        try:
            plain[name] = json.loads(json.dumps(value, sort_keys=True))
        except (TypeError, ValueError):
            continue
    return hashlib.sha256(json.dumps(plain, sort_keys=True).encode()).hexdigest()


def library_versions() -> str:
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=none")
    return ",".join(found)


def code_digest(settings: dict) -> str:
    """What every page depends on in the code: the plain settings, library versions,
    the theme folder and the plugins' code (the fragment memo keys by it too)."""
    digest = hashlib.sha256()
    for part in (settings_digest(settings), library_versions(), folder_digest(settings["THEME"]),
                 *[folder_digest(folder) for folder in settings.get("PLUGIN_PATHS") or ()]):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


def build_fingerprint(settings: dict, contents: list, context: dict) -> str:
    """What every page depends on besides the files its record names."""
    digest = hashlib.sha256()
    parts = [
        str(FORMAT), code_digest(settings),
        # people.yml, redirects, word lists, images: the content folder but its Markdown
        # (each page's record names the Markdown it shows).
        folder_digest(settings["PATH"], skip_suffixes=(".md", ".markdown", ".mkd", ".mdown")),
        # Every page's address: links between pages ({filename}) and the site's shape.
        repr(sorted((content.source_path, content.url, content.save_as, content.status,
                     getattr(content, "lang", "")) for content in contents)),
        # Who has an author page (the JSON-LD links people to theirs).
        repr(sorted(str(getattr(author, "slug", author))
                    for author, _articles in context.get("authors") or [])),
        # Review states ("overdue") and the days they name depend on the day.
        datetime.date.today().isoformat(),
    ]
    for part in parts:
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


def page_key(fingerprint: str, output_name: str, template_name: str, record: tuple) -> str:
    digest = hashlib.sha256()
    digest.update(f"{fingerprint}\0{output_name}\0{template_name}\0{record!r}\0".encode())
    for source in sorted(sources_of(record)):
        digest.update(f"{source}\0{file_digest(source)}\0".encode())
    return digest.hexdigest()


def keep_compiled_templates(settings: dict) -> None:
    """Jinja's compiled templates kept in ``CACHE_PATH/templates`` for the next build.

    Pelican makes a Jinja environment per generator, so every build compiled each
    template once per generator (0.6 s of a production build after one edit at
    1,000 articles). Jinja checks a kept template against its source's checksum and
    its own version before using it, so an edited template is compiled again. A
    session that brings its own ``bytecode_cache`` (the live preview) keeps it.
    """
    from jinja2 import FileSystemBytecodeCache

    jinja = settings.get("JINJA_ENVIRONMENT") or {}
    if jinja.get("bytecode_cache") is not None or not settings.get("CACHE_PATH"):
        return
    folder = os.path.join(settings["CACHE_PATH"], "templates")
    os.makedirs(folder, exist_ok=True)
    settings["JINJA_ENVIRONMENT"] = {**jinja, "bytecode_cache": FileSystemBytecodeCache(folder)}


class RenderCache:
    """The keys and bytes of the last build's pages, in ``CACHE_PATH/render``."""

    def __init__(self, cache_path: str, load: bool = True):
        self.folder = os.path.join(cache_path, "render")
        self.pages = os.path.join(self.folder, "pages")
        self.previous: dict[str, str] = {}
        self.assets: set[str] = set()  # theme assets the cached pages use
        if load:
            try:
                with open(os.path.join(self.folder, INDEX), "rb") as handle:
                    stored = pickle.load(handle)  # noqa: S301 (our own cache file)
                if stored.get("format") == FORMAT:
                    self.previous, self.assets = stored["keys"], set(stored["assets"])
            except (OSError, EOFError, pickle.PickleError, KeyError, AttributeError):
                self.previous, self.assets = {}, set()
        self.current: dict[str, str] = {}

    def path_for(self, key: str) -> str:
        return os.path.join(self.pages, f"{key}.html")

    def cached(self, output_name: str, key: str) -> str | None:
        """The cached page's file when the key is the last build's, else None."""
        if self.previous.get(output_name) != key:
            return None
        path = self.path_for(key)
        return path if os.path.exists(path) else None

    def store(self, key: str, data: bytes) -> None:
        os.makedirs(self.pages, exist_ok=True)
        temporary = f"{self.path_for(key)}.{os.getpid()}.tmp"
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, self.path_for(key))

    def save(self, assets: set[str]) -> None:
        """Keep this build's keys; forget the bytes of pages no longer built."""
        os.makedirs(self.pages, exist_ok=True)
        keep = {f"{key}.html" for key in self.current.values()}
        for name in os.listdir(self.pages):
            if name not in keep:
                os.remove(os.path.join(self.pages, name))
        save_pickle(os.path.join(self.folder, INDEX),
                    {"format": FORMAT, "keys": self.current, "assets": sorted(assets)})
