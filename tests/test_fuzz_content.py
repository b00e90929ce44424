"""Property-based tests of hostile content (Hypothesis).

Generated front matter (random keys, types, unicode, control characters, huge
values) and generated Markdown bodies (the payload families below mixed with
ordinary text and every content block) never give a traceback and never hang,
and either build with nothing live in the output (no script, no ``on*``
attribute, no ``javascript:``/``vbscript:``/``data:`` URL, no source on another
host) or fail with messages that name the file.

The default run is fast and repeatable (a fixed seed, ``derandomize``, a modest
number of examples). ``invoke fuzz`` runs the same properties long and random:
it sets FUZZ_SCALE and the "fuzz" profile (see conftest.py).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import string

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_safe_by_construction import live_markup

from conftest import CONTENT, ROOT

SCALE = float(os.environ.get("FUZZ_SCALE", "1"))


def examples(count: int) -> settings:
    return settings(max_examples=max(1, int(count * SCALE)), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])


# --- Payload families -----------------------------------------------------------

SCHEMES = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
           "java\tscript:alert(1)", "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)",
           "jav&#x0A;ascript:alert(1)", "vbscript:msgbox(1)", "VBScript:msgbox(1)",
           "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
           "data:image/svg+xml,<svg onload=alert(1)>", "\x01javascript:alert(1)"]
OTHER_HOSTS = ["https://tracker.example/pixel.gif", "//tracker.example/p.gif",
               "http://tracker.example/a.png", "HTTPS://TRACKER.EXAMPLE/b.jpg",
               "\\\\tracker.example\\c.gif"]
RAW_HTML = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//tracker.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>", '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<iframe src="https://tracker.example/embed"></iframe>', "<style>*{display:none}</style>",
    '<div onclick="alert(1)">text</div>', '<a href="javascript:alert(1)">x</a>',
    '<video src="https://tracker.example/v.mp4" autoplay></video>',
    '<audio src="//tracker.example/a.mp3"></audio>', '<object data="https://t.example/o">',
    '<embed src="https://t.example/e">', '<form action="https://t.example/"><input></form>',
    '<meta http-equiv="refresh" content="0;url=https://t.example/">',
    '<base href="https://t.example/">', '<link rel="stylesheet" href="https://t.example/s.css">',
    "<!-- comment --><script>alert(1)</script>", "<![CDATA[<script>alert(1)</script>]]>",
    "<scr<script>ipt>alert(1)</script>", '<p style="background:url(https://t.example/x)">p</p>',
    '<img src="https://t.example/x.gif" srcset="https://t.example/y.gif 2x">',
    "<details open ontoggle=alert(1)>", "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "</textarea><script>alert(1)</script>", "<body onload=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
]


def markdown_payloads(code_links: bool = True) -> st.SearchStrategy[str]:
    """Hostile Markdown. Without ``code_links`` (which fail every build) the builds
    that take them get as far as writing pages."""
    scheme, host = st.sampled_from(SCHEMES), st.sampled_from(OTHER_HOSTS)
    links = [
        scheme.map(lambda url: f"[a link]({url})"),
        scheme.map(lambda url: f"![a picture]({url})"),
        scheme.map(lambda url: f"[reference][r1]\n\n[r1]: {url}"),
        scheme.map(lambda url: f"<{url}>"),
    ] if code_links else []
    return st.one_of(
        st.sampled_from(RAW_HTML),
        *links,
        host.map(lambda url: f"![pixel]({url})"),
        host.map(lambda url: f'![pixel]({url} "title")'),
        host.map(lambda url: f"[a link stays a link]({url})"),
        st.sampled_from(['Text\n{: onclick="alert(1)" }', "Text\n{: style=\"color:red\" }",
                         "Text\n{: .evil-class #some-id }", "## Heading {: onmouseover=alert(1) }",
                         '![x](/images/a.png){: onerror="alert(1)" }']),
    )


ORDINARY = st.text(
    alphabet=st.one_of(
        st.sampled_from(string.ascii_letters + string.digits + " .,;:!?'\"()-*_#>`|\\[]{}<&\n"),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=120,
)


def block(kind: str, inner: str) -> str:
    openings = {"key-points": "/// key-points", "urgent": "/// urgent | Get help",
                "do": "/// do", "dont": "/// dont", "questions": "/// questions",
                "figure": "/// figure | A caption"}
    if kind == "questions":
        inner = f"### Is it safe?\n{inner}\n\n### Another question?\nAn answer."
    elif kind == "figure":
        inner = f"![A diagram](/images/low-back-pain-daily-movement.svg)\n{inner}"
    else:
        inner = f"- {inner}\n- a second point"
    return f"{openings[kind]}\n{inner}\n///"


BLOCK_KINDS = st.sampled_from(["key-points", "urgent", "do", "dont", "questions", "figure"])


@st.composite
def bodies(draw, code_links: bool = True) -> str:
    payloads = markdown_payloads(code_links)
    parts = draw(st.lists(st.one_of(payloads, ORDINARY,
                                    st.tuples(BLOCK_KINDS, st.one_of(payloads, ORDINARY))
                                    .map(lambda pair: block(*pair))),
                          min_size=1, max_size=8))
    return "\n\n".join(parts)


# --- Through the real reader: Markdown, typogrify, sanitiser -------------------------

@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    """The front matter reader exactly as a build sets it up (plugins registered and
    initialised), converting files of a scratch folder."""
    from pelican import Pelican
    from pelican.settings import read_settings

    from front_matter.front_matter import FrontMatterReader

    scratch = tmp_path_factory.mktemp("fuzz")
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "OUTPUT_PATH": str(scratch / "output"), "CACHE_PATH": str(scratch / "cache"),
        "PATH": str(CONTENT)})
    Pelican(settings)  # loads the plugins and sends `initialized`, as a build does
    return FrontMatterReader(settings), scratch


def article_text(body: str, summary: str = "A summary.") -> str:
    return ("---\ntitle: Fuzzed\nslug: fuzzed\ndate: 2026-11-20\n"
            f"summary: {json.dumps(summary)}\ncategory: Treatments\ntags: [testing]\n"
            "author: apollo-clinic\nservices: []\n---\n\n" + body)


@examples(150)
@given(body=bodies(), summary=st.one_of(markdown_payloads(), ORDINARY))
def test_generated_bodies_never_reach_a_page_live(reader, body, summary):
    convert, scratch = reader
    path = scratch / "fuzzed.md"
    path.write_text(article_text(body, summary), encoding="utf-8")
    record = convert.convert(str(path))
    if record is None:  # a front matter problem: reported with its line by read()
        return
    for html in (record["html"], *record["formatted"].values()):
        assert live_markup(f"<body>{html}</body>") == [], html
    assert all(problem.line >= 1 and problem.message for problem in record["safety"])


# --- Front matter: any keys, types and characters ------------------------------

KEYS = st.one_of(st.sampled_from(["title", "slug", "date", "modified", "summary", "category",
                                  "tags", "author", "services", "reviewed_by", "last_reviewed",
                                  "next_review", "status", "references", "redirect_from",
                                  "noindex", "Title", "TAGS"]),
                 st.text(min_size=1, max_size=20))
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(max_size=60), st.text(max_size=5000).map(lambda s: s * 3),
                    st.dates().map(str), st.sampled_from(["2026-13-45", "TODO", "[]", "*x"]),
                    st.characters(codec="utf-8", categories=("Cc", "Cf", "Zl", "Zp")).map(
                        lambda c: f"a{c}b"))
VALUES = st.recursive(SCALARS, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)),
    max_leaves=12)


@st.composite
def front_matters(draw) -> str:
    fields = draw(st.dictionaries(KEYS, VALUES, max_size=12))
    text = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
    if draw(st.booleans()):  # break it: a random line, a tab, an anchor, a lost fence
        lines = text.splitlines()
        position = draw(st.integers(0, len(lines)))
        lines.insert(position, draw(st.one_of(
            ORDINARY.map(lambda s: s.replace("\n", " ")),
            st.sampled_from(["\tindented: tab", "a: &x [1]", "b: *x", "---", "...", ": :",
                             "- loose item", "key: 'unclosed", "? complex",
                             "!!python/object:os.system ls"]))))
        text = "\n".join(lines)
    return f"---\n{text}\n---\n\nSome text.\n"


@examples(200)
@given(text=front_matters())
def test_generated_front_matter_gives_problems_not_tracebacks(reader, text):
    from content_model.content_model import settings_for, validate
    from front_matter import parse_front_matter

    convert, _scratch = reader
    fields, lines, _body, problems = parse_front_matter(text, "content/articles/x.md")
    assert all(str(problem).startswith("content/articles/x.md:") for problem in problems)
    if not problems:
        found = validate(fields, lines, "article", settings_for(convert.settings),
                         "content/articles/x.md")
        assert all(str(problem).startswith("content/articles/x.md:") for problem in found)


# --- Whole builds: no traceback, nothing live, or messages that name the file -------

@st.composite
def valid_front_matters(draw, code_links: bool) -> str:
    """Front matter the content model accepts, with hostile text in every free field."""
    printable = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                        max_size=80)
    text = st.one_of(markdown_payloads(code_links), printable).map(lambda s: s.strip() or "x")
    fields = {
        "title": draw(text), "slug": "fuzzed-front", "date": "2026-11-20",
        "summary": draw(text)[:150], "category": "Treatments",
        "tags": draw(st.lists(text, min_size=1, max_size=3, unique=True)),
        "author": "apollo-clinic", "services": [],
    }
    header = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
    return f"---\n{header}---\n\n" + draw(bodies(code_links))

class Tracebacks(logging.Handler):
    """Records that carry a traceback, and errors not phrased as content problems."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.found = []

    def emit(self, record):
        ours = getattr(record, "guardrails_path", None) or record.getMessage().startswith(
            "Build stopped")
        if record.exc_info or (record.levelno >= logging.ERROR and not ours):
            self.found.append(self.format(record))


@st.composite
def article_pairs(draw) -> tuple[str, str]:
    """(a whole file, a body under valid front matter). Without code links, which
    fail every build, two in three valid pairs build and their pages are checked."""
    code_links = draw(st.sampled_from([False, False, True]))
    front = draw(st.one_of(valid_front_matters(code_links), front_matters())
                 if draw(st.booleans()) else valid_front_matters(code_links))
    return front, draw(bodies(code_links))


@pytest.mark.slow
@examples(8)
@given(pair=article_pairs())
def test_generated_articles_build_clean_or_fail_naming_the_file(tmp_path_factory, pair):
    front, body = pair
    from conftest import build_site
    from guardrails import reported_problems

    folder = tmp_path_factory.mktemp("fuzz-build")
    content = folder / "content"
    shutil.copytree(CONTENT, content)
    good = article_text(body)
    (content / "articles" / "fuzzed-body.md").write_text(good, encoding="utf-8")
    (content / "articles" / "fuzzed-front.md").write_text(front, encoding="utf-8")
    catcher = Tracebacks()
    logging.getLogger().addHandler(catcher)
    try:
        built = build_site(folder / "output", content=content, SEARCH_INDEX={"enabled": False})
    except SystemExit:
        built = None
    finally:
        logging.getLogger().removeHandler(catcher)
    assert catcher.found == []
    problems = reported_problems()
    event("stopped" if built is None else "built")
    if built is None:
        failing = [p for p in problems if p.severity == "error"]
        assert failing, "the build stopped without naming a problem"
        assert all(p.path.endswith(("fuzzed-body.md", "fuzzed-front.md")) for p in failing), \
            [str(p) for p in failing]
        return
    for page in built.html_files():
        assert live_markup(page.read_text(encoding="utf-8")) == [], page
