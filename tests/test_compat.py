"""Canaries: each reliance of site_core.compat on another package's internals or wording.

One of these failing after an upgrade names exactly what changed; fix it in
plugins/site_core/compat.py, the only place that knows it."""

from __future__ import annotations

import ast
import inspect
import logging
import re
from pathlib import Path

import pelican

from conftest import ROOT
from site_core import compat

PELICAN_SOURCE = Path(pelican.__file__).parent


def test_pelican_yaml_metadata_header_pattern_and_private_parts():
    match = compat.HEADER_RE.fullmatch("---\ntitle: A\n---\nBody\n")
    assert match and match.group("metadata").strip() == "title: A"
    assert match.group("content").strip() == "Body"
    assert callable(getattr(compat.YAMLMetadataReader, "_parse_yaml_metadata", None))
    source = inspect.getsource(compat.YAMLMetadataReader.__init__)
    assert "self._md = Markdown(" in source


def test_pelican_content_keeps_its_raw_body_and_summary(site):
    article = next(c for c in site.contents() if c.slug == "everything-about-dry-needling")
    assert "{filename}/services/physiotherapy.md" in compat.raw_html(article)
    assert "{filename}" not in article.content  # the public property resolves links
    assert hasattr(article, "_summary")


def test_pelican_writer_tracks_written_files(tmp_path):
    from pelican.writers import Writer

    writer = Writer(str(tmp_path), settings={"OUTPUT_PATH": str(tmp_path), "RELATIVE_URLS": True})
    written, overridden = compat.written_files(writer)
    assert written == set() and overridden == set()
    assert "_written_files" in inspect.getsource(Writer._open_w)


def test_pelican_limit_filter_remembers_raised_messages():
    from pelican.log import LimitFilter

    assert isinstance(LimitFilter._raised_messages, set)
    LimitFilter._raised_messages.add((logging.WARNING, "canary"))
    compat.forget_logged_messages()
    assert (logging.WARNING, "canary") not in LimitFilter._raised_messages


def test_the_pelican_warnings_we_drop_are_still_worded_so():
    sources = "".join(path.read_text(encoding="utf-8") for path in PELICAN_SOURCE.glob("*.py"))
    for logger_name, start in compat.PELICAN_ECHOES.values():
        assert start in sources, f"Pelican no longer logs {start!r}"
        module = logger_name.split(".", 1)[1]
        assert start in (PELICAN_SOURCE / f"{module}.py").read_text(encoding="utf-8"), logger_name


def test_the_echo_filter_drops_only_what_a_rule_says():
    from site_core import start_build

    start_build({"PLUGINS": ["content_lint"]})  # it drops "empty alt" (its PROVIDES)
    drop = compat.EchoFilter()
    record = logging.LogRecord("pelican.readers", logging.WARNING, __file__, 1,
                               "Empty alt attribute for image %s in %s", ("x.png", "a.md"), None)
    assert drop.filter(record) is False
    many = logging.LogRecord("pelican.readers", logging.WARNING, __file__, 1,
                             "Other images have empty alt attributes", (), None)
    assert drop.filter(many) is False
    other = logging.LogRecord("pelican.readers", logging.WARNING, __file__, 1, "Something else",
                              (), None)
    assert drop.filter(other) is True


def test_codespell_dictionaries_and_reader():
    files = compat.codespell_dictionary_files(("clear", "rare"))
    assert files and all(Path(path).is_file() for path in files)
    table: dict = {}
    compat.codespell_read_dictionary(files[0], table, set())
    assert len(table) > 1000


def test_typogrify_amp_wraps_what_we_look_for():
    import inspect

    from typogrify.filters import amp

    from site_core.compat import TYPOGRIFY_AMP

    assert f'amp_finder = re.compile(r"{TYPOGRIFY_AMP}")' in inspect.getsource(amp)


def test_typogrify_caps_wraps_only_what_holds_what_we_look_for():
    import inspect

    from typogrify.filters import caps

    source = inspect.getsource(caps)
    # cap_finder's two alternatives: two capitals with digits between, or capital-dot pairs.
    assert r"[A-Z]\d*[A-Z]      # A cap string much at least include two caps" in source
    assert r"| (\b[A-Z]+\.\s?   # OR: Group 3" in source
    assert r"(?:[A-Z]+\.\s?)+)  # Followed by the same thing at least once more" in source


def test_smartypants_passes_our_guard_skips_exist():
    import smartypants

    from site_core.compat import SMARTYPANTS_NEEDLES

    for name in SMARTYPANTS_NEEDLES:
        assert callable(getattr(smartypants, name, None)), name


def test_no_plugin_names_another_packages_private_attribute():
    import ast
    import re

    root = Path(__file__).resolve().parent.parent / "plugins"
    found = []
    for path in sorted(root.glob("*/*.py")):
        if path.name == "compat.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and re.match(r"^_[a-z]", node.attr) and not (
                    isinstance(node.value, ast.Name) and node.value.id in ("self", "cls", "os")):
                found.append(f"{path.relative_to(root)}:{node.lineno}: .{node.attr}")
            if isinstance(node, ast.ImportFrom) and any(
                    re.match(r"^_[a-z]", alias.name) for alias in node.names) and node.level == 0:
                found.append(f"{path.relative_to(root)}:{node.lineno}: import from {node.module}")
    assert found == []


def test_a_content_object_can_be_kept_from_being_written(site):
    """do_not_write: Pelican keeps a file's save_as metadata as override_save_as and
    writes nothing for an empty one."""
    from pelican.contents import Article

    source = Path(site.settings["PATH"]) / "articles" / "everything-about-dry-needling.md"
    article = Article("<p>x</p>", metadata={"title": "X", "slug": "x"}, settings=site.settings,
                      source_path=str(source))
    assert article.save_as
    compat.do_not_write(article)
    assert article.save_as == ""


def test_forgetting_an_objects_rendered_text_makes_pelican_work_it_out_again(tmp_path):
    """Pelican memoises get_content per object (pelican.utils.memoized's cache, keyed
    by the object first); a live session's quick rebuild forgets one object's."""
    import datetime

    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG

    settings = {**DEFAULT_CONFIG, "SITEURL": "", "PATH": str(tmp_path)}
    source = tmp_path / "t.md"
    source.write_text("first", encoding="utf-8")
    article = Article("<p>first</p>", metadata={"title": "T", "date": datetime.datetime(2026, 1, 1)},
                      settings=settings, source_path=str(source), context={})
    assert "first" in article.get_content("")
    compat.set_raw_html(article, "<p>second</p>")
    assert "first" in article.get_content("")  # memoised: the old HTML
    compat.forget_rendered_text(article)
    assert "second" in article.get_content("")


# Documented public API whose name starts with an underscore.
PUBLIC_DESPITE_THE_UNDERSCORE = {"_exit"}  # os._exit: leave a forked child at once
PRIVATE_NAME = re.compile(r"_[a-z][a-z0-9_]*")
BY_NAME = {"getattr", "setattr", "hasattr", "delattr"}
OUR_CODE = ["plugins", "live", "wordpress_import", "governance", "tasks", "benchmarks"]


def our_python_files() -> list[Path]:
    return [path for place in OUR_CODE for path in
            ([ROOT / place] if place.endswith(".py") else sorted((ROOT / place).rglob("*.py")))]


def private_names_we_define(files) -> set[str]:
    """Underscored names our own code defines: its functions, classes, attributes."""
    defined = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
                defined.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                defined.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                defined.add(node.id)
            elif isinstance(node, ast.arg):
                defined.add(node.arg)
    return {name for name in defined if name.startswith("_")}


def test_no_private_name_of_another_package_is_used_outside_compat():
    """Pelican's and libraries' private names appear only in site_core/compat.py (each
    with a canary above): an attribute ``x._name`` that our code does not define, or an
    import from a private module or of a private name."""
    files = our_python_files()
    ours = private_names_we_define(files)
    used = []
    for path in files:
        if path == ROOT / "plugins" / "site_core" / "compat.py":
            continue
        relative = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") \
                    and not node.attr.startswith("__") and node.attr not in ours \
                    and node.attr not in PUBLIC_DESPITE_THE_UNDERSCORE:
                used.append(f"{relative}:{node.lineno}: .{node.attr}")
            elif isinstance(node, ast.Call) and getattr(node.func, "id", None) in BY_NAME \
                    and len(node.args) > 1 and isinstance(node.args[1], ast.Constant) \
                    and PRIVATE_NAME.fullmatch(str(node.args[1].value)) \
                    and node.args[1].value not in ours:
                used.append(f"{relative}:{node.lineno}: {node.func.id}(..., '{node.args[1].value}')")
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                private = [part for part in node.module.split(".") if part.startswith("_")
                           and not part.startswith("__")]
                private += [alias.name for alias in node.names if alias.name.startswith("_")
                            and not alias.name.startswith("__") and alias.name not in ours]
                used += [f"{relative}:{node.lineno}: {name} from {node.module}" for name in private]
    assert used == []


def test_many_objects_forget_their_rendered_text_in_one_pass_and_can_be_rebound(tmp_path):
    """A live session keeps unchanged files' objects between builds
    (front_matter.kept_contents): it forgets their memoised HTML in one pass and binds
    them to the new build's settings and context, whose ``{filename}`` links they use."""
    import datetime

    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG
    from pelican.urlwrappers import Category

    settings = {**DEFAULT_CONFIG, "SITEURL": "", "PATH": str(tmp_path)}
    source = tmp_path / "t.md"
    source.write_text("first", encoding="utf-8")
    link = '<a href="{filename}/other.md">other</a>'
    article = Article(link, metadata={"title": "T", "date": datetime.datetime(2026, 1, 1),
                                      "category": Category("Care", settings)},
                      settings=settings, source_path=str(source),
                      context={"generated_content": {}, "static_content": {}})
    assert "{filename}" in article.get_content("")  # nothing to link to yet
    (tmp_path / "other.md").write_text("x", encoding="utf-8")
    other = Article("x", metadata={"title": "O", "slug": "other",
                                   "date": datetime.datetime(2026, 1, 1)},
                    settings=settings, source_path=str(tmp_path / "other.md"))
    new_settings = dict(settings)
    new_context = {"generated_content": {"other.md": other}, "static_content": {}}
    compat.rebind_content(article, new_settings, new_context)
    assert article.settings is new_settings and article.category.settings is new_settings
    assert "{filename}" in article.get_content("")  # memoised: the old HTML
    compat.forget_rendered_texts([article])
    assert 'href="/other.html"' in article.get_content("")


def test_grouped_translations_answer_what_pelicans_process_translations_answers():
    """Items with random slugs, languages and ``translation`` flags, through Pelican's
    function and through ours (one group at a time): the same originals and translations
    in the same order, the same ``translations`` of each item, the same warnings."""
    import random

    from pelican.utils import process_translations

    class Item:  # compared by identity, as Pelican's content objects are
        def __init__(self, **fields):
            self.__dict__.update(fields)

    grouped = compat._grouped_process_translations(process_translations)
    for trial in range(200):
        def items(trial=trial):
            rng = random.Random(trial)
            made = []
            for number in range(rng.randint(0, 30)):
                metadata = {"translation": rng.choice(["true", "false", "False"])} \
                    if rng.random() < 0.3 else {}
                lang = rng.choice(["en", "fr", "ar"])
                made.append(Item(slug=f"s{rng.randint(0, 8)}", lang=lang, in_default_lang=lang == "en",
                                 source_path=f"{number}.md", number=number, metadata=metadata))
            return made

        def run(function, ids):
            listed = items()
            compat.forget_logged_messages()  # Pelican logs a warning once per process
            with_logs = logging.getLogger("pelican.utils")
            records = []
            handler = logging.Handler()
            handler.emit = records.append
            with_logs.addHandler(handler)
            try:
                index, translations = function(listed, ids)
            finally:
                with_logs.removeHandler(handler)
            return ([item.number for item in index], [item.number for item in translations],
                    sorted((item.number, [other.number for other in getattr(item, "translations", [])])
                           for item in listed),
                    [record.getMessage() for record in records])

        for ids in ("slug", ("slug", "lang"), None):
            assert run(grouped, ids) == run(process_translations, ids), (trial, ids)


def test_pelicans_generators_group_translations_with_ours_during_a_build(site):
    import pelican.generators

    assert pelican.generators.process_translations.pelican_original is pelican.utils.process_translations


def test_grouping_articles_by_tag_again_gives_what_pelicans_generator_gave(tmp_path):
    """Pelican's ArticlesGenerator groups its articles by tag in generate_context; a live
    session does it again after a tags edit (compat.group_by_terms): the same tag objects,
    in the same order, with the same articles in the same order, in the generator and
    in the shared context."""
    from pelican.generators import ArticlesGenerator
    from test_live_equals_full import live_site
    from test_render_cache import make_site

    session = live_site(make_site(tmp_path), "live")
    assert session.rebuild()
    generator = next(generator for generator in session.state.generators
                     if isinstance(generator, ArticlesGenerator))

    def grouping():
        return ([(id(tag), str(tag), [id(article) for article in articles])
                 for tag, articles in generator.tags.items()],
                [(id(tag), [id(article) for article in articles])
                 for tag, articles in generator.context["tags"]])

    pelicans = grouping()
    assert len(pelicans[0]) >= 4 and pelicans[1]
    compat.group_by_terms(generator)
    assert grouping() == pelicans


def test_ordering_articles_by_date_again_gives_what_pelicans_generator_gave(tmp_path):
    """After a date edit a live session puts the kept articles in order again
    (compat.order_by_date_again) and groups them by author (compat.group_by_terms):
    from any order of the same articles, with three sharing one date, the lists are
    Pelican's own, the same list objects as the shared context's."""
    import random

    from pelican.generators import ArticlesGenerator
    from test_live_equals_full import live_site, redate
    from test_render_cache import make_site

    folder = make_site(tmp_path)
    for pick in (0, 2, 4):
        redate(folder, pick, "2026-03-12")
    session = live_site(folder, "live", YEAR_ARCHIVE_SAVE_AS="posts/{date:%Y}/index.html")
    assert session.rebuild()
    generator = next(generator for generator in session.state.generators
                     if isinstance(generator, ArticlesGenerator))

    def lists():
        assert generator.context["articles"] is generator.articles
        assert generator.context["dates"] is generator.dates
        assert generator.context["period_archives"] is generator.period_archives
        assert generator.context["authors"] is generator.authors
        return ([id(article) for article in generator.articles],
                [id(article) for article in generator.dates],
                {granularity: [(period["period"], [id(a) for a in period["articles"]])
                               for period in periods]
                 for granularity, periods in generator.period_archives.items()},
                [(id(author), [id(article) for article in articles])
                 for author, articles in generator.authors])

    pelicans = lists()
    assert pelicans[2]["year"]  # the year archives are made
    random.Random(4).shuffle(generator.articles)
    assert compat.order_by_date_again(generator)
    compat.group_by_terms(generator)
    assert lists() == pelicans


def test_grouping_articles_by_category_again_gives_what_pelicans_generator_gave(tmp_path):
    """Pelican's ArticlesGenerator groups its articles by category in generate_context
    (and Pelican's neighbors plugin then sorts each category's list by date); a live
    session does both again after a category edit (compat.group_by_terms): the same
    category objects, in the same order, with the same articles in the same order, and
    the shared context's list is the generator's."""
    from pelican.generators import ArticlesGenerator
    from pelican.plugins.neighbors.neighbors import neighbors
    from test_live_equals_full import live_site
    from test_render_cache import make_site

    session = live_site(make_site(tmp_path), "live")
    assert session.rebuild()
    generator = next(generator for generator in session.state.generators
                     if isinstance(generator, ArticlesGenerator))

    def grouping():
        assert generator.context["categories"] is generator.categories
        return [(id(category), str(category), [id(article) for article in articles])
                for category, articles in generator.categories]

    pelicans = grouping()
    assert len(pelicans) >= 3 and any(len(articles) >= 2 for _id, _name, articles in pelicans)
    compat.group_by_terms(generator)
    neighbors(generator)
    assert grouping() == pelicans


def test_content_objects_compare_by_identity():
    """The live session tells which objects' links changed by comparing tuples of the
    objects they link (live.session.links_of): that is an identity test only while
    Pelican's content classes define no equality of their own."""
    from pelican.contents import Article, Content, Page

    for klass in (Content, Article, Page):
        assert klass.__eq__ is object.__eq__, klass


def test_pelican_deletes_its_output_only_while_delete_outputdir_is_true():
    """output_folder empties the output itself and turns Pelican's deletion off."""
    from pelican import Pelican

    assert 'self.delete_outputdir = settings["DELETE_OUTPUT_DIRECTORY"]' in \
        inspect.getsource(Pelican.__init__)
    run = inspect.getsource(Pelican.run)
    assert "if self.delete_outputdir" in run and "clean_output_dir(" in run

    class Stand:
        delete_outputdir = True

    stand = Stand()
    compat.leave_output_alone(stand)
    assert stand.delete_outputdir is False
