"""Writers who work in the browser: annotations on the pull request, the weekly governance
report, and a polite link checker tested against servers on 127.0.0.1."""

from __future__ import annotations

import datetime
import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from conftest import CONTENT, ROOT, build_site, run_command

INVOKE = [sys.executable, "-m", "invoke"]


# --- invoke check on GitHub Actions ------------------------------------------------

def test_annotations_are_escaped_as_github_requires():
    from guardrails import Problem
    from guardrails.github import annotation

    problem = Problem("content/articles/x.md", 7, "summary, short",
                      "100% wrong: line one\nline two", "Fix it: now", severity="warning")
    assert annotation(problem, str(ROOT)) == (
        "::warning file=content/articles/x.md,line=7,title=summary%2C short::"
        "100%25 wrong: line one%0Aline two. Fix it: now")
    advice = Problem(str(ROOT / "content/a,b.md"), 0, "readability", "m", "f", "advice")
    assert annotation(advice, str(ROOT)).startswith(
        "::notice file=content/a%2Cb.md,line=1,title=readability::")
    # A draft's problem is its to-do list: a notice, never an error on the pull request.
    draft = Problem("content/articles/x.md", 3, "author", "m", "f", draft=True)
    assert annotation(draft, str(ROOT)).startswith(
        "::notice file=content/articles/x.md,line=3,title=author::")


@pytest.mark.slow
def test_check_on_github_actions_annotates_lines_and_writes_the_summary(tmp_path):
    repository = tmp_path / "repo"
    content = repository / "content"
    shutil.copytree(CONTENT, content)
    broken = content / "articles" / "knee-pain.md"
    broken.write_text(
        "---\ntitle: Knee pain\nslug: knee-pain\ndate: 2026-01-02\nsumary: A test.\n"
        "category: Treatments\ntags: [knee]\nauthor: apollo-clinic\nservices: []\n"
        "reviewed_by: apollo-clinic\nlast_reviewed: 2026-01-02\n---\n\n"
        "Some text.\n", encoding="utf-8")
    (content / "articles" / "vague.md").write_text(
        "---\ntitle: Vague links\nslug: vague\ndate: 2026-01-02\nsummary: A test.\n"
        "category: Treatments\ntags: [knee]\nauthor: apollo-clinic\nservices: []\n"
        "reviewed_by: apollo-clinic\nlast_reviewed: 2026-01-02\n---\n\n"
        "Read more [here](https://www.nhs.uk/).\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary),
           "GITHUB_WORKSPACE": str(repository)}
    result = subprocess.run([*INVOKE, "check", "--content", str(content)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "::error file=content/articles/knee-pain.md,line=5,title=sumary::'sumary' is not " \
           "a field of an article. Did you mean 'summary'? Rename it." in lines, result.stdout
    assert "::warning file=content/articles/vague.md,line=14,title=link text::'here' " \
           "does not say where the link goes. Use words that make sense on their own, e.g. " \
           "'[read about physiotherapy]({filename}/services/physiotherapy.md)'." in lines
    assert any(line.startswith("::notice file=content/articles/") for line in lines)
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("### ❌ The content check failed")
    assert "| content/articles/knee-pain.md | 5 | sumary | error | 'sumary' is not a field " \
           "of an article | Did you mean 'summary'? Rename it. |" in written


@pytest.mark.slow
def test_check_only_reports_the_files_it_is_given(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "articles" / "bad.md").write_text(
        "---\ntitle: Bad\n---\n\nText.\n", encoding="utf-8")
    fine = content / "articles" / "everything-about-dry-needling.md"
    passed = run_command(*INVOKE, "check", "--content", str(content), "--only", str(fine))
    assert passed.returncode == 0, passed.stdout + passed.stderr
    failed = run_command(*INVOKE, "check", "--content", str(content), "--only",
                         str(content / "articles" / "bad.md"))
    assert failed.returncode == 1


# --- Loopback servers for the link checker --------------------------------------

class Handler(BaseHTTPRequestHandler):
    hits: ClassVar[dict[str, int]] = {}
    active: ClassVar[dict[str, int]] = {}
    most_at_once = 0
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def answer(self, send_body: bool):
        path = self.path.split("?")[0]
        with Handler.lock:
            Handler.hits[path] = Handler.hits.get(path, 0) + 1
            Handler.active["all"] = Handler.active.get("all", 0) + 1
            Handler.most_at_once = max(Handler.most_at_once, Handler.active["all"])
            count = Handler.hits[path]
        try:
            time.sleep(0.05)
            status, headers = 200, {}
            if path == "/moved":
                status, headers = 301, {"Location": "/ok"}
            elif path == "/away":
                status, headers = 301, {"Location": f"http://localhost:{self.server.server_port}/ok"}
            elif path == "/missing":
                status = 404
            elif path == "/error":
                status = 500
            elif path == "/flaky" and count == 1:
                status, headers = 503, {"Retry-After": "0"}
            elif path == "/no-head" and self.command == "HEAD":
                status = 405
            elif path == "/slow":
                time.sleep(0.3)
        finally:
            # Done before answering: once the client has the answer it may send its next
            # request, which would otherwise be counted while this thread still winds down.
            with Handler.lock:
                Handler.active["all"] -= 1
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if send_body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self.answer(False)

    def do_GET(self):
        self.answer(True)


@pytest.fixture
def web():
    Handler.hits, Handler.active, Handler.most_at_once = {}, {}, 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def silent_host():
    """Accepts connections and never answers (the kernel completes the handshake)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/never"
    listener.close()


@pytest.fixture
def self_signed(tmp_path):
    """An HTTPS server on 127.0.0.1 with a certificate no one signed."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                    str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert), str(key))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"https://127.0.0.1:{server.server_port}/ok"
    server.shutdown()
    server.server_close()


def checker(**options):
    from governance.links import Checker

    return Checker(timeout=options.pop("timeout", 1.0), retries=options.pop("retries", 1),
                   backoff=0.01, **options)


@pytest.mark.slow
def test_links_get_clear_reasons(web, silent_host, self_signed):
    from governance.links import check_links

    urls = [f"{web}/ok", f"{web}/moved", f"{web}/away", f"{web}/missing", f"{web}/error",
            f"{web}/flaky", f"{web}/no-head", silent_host, self_signed]
    started = time.monotonic()
    results = check_links(urls, checker=checker())
    assert time.monotonic() - started < 15
    reasons = {url.rsplit("/", 1)[-1]: (result.ok, result.reason)
               for url, result in results.items()}
    assert reasons["ok"] == (True, "200 OK") or reasons["ok"][1].startswith("certificate")
    assert reasons["moved"] == (True, "200 OK")
    assert reasons["away"][0] is False and reasons["away"][1].startswith(
        "now leads to another website: http://localhost:")
    assert reasons["missing"] == (False, "404 Not Found")
    assert reasons["error"] == (False, "500 Internal Server Error")
    assert reasons["flaky"] == (True, "200 OK")  # retried after a 503
    assert reasons["no-head"] == (True, "200 OK")  # HEAD refused, GET answered
    assert reasons["never"] == (False, "no answer within 1 seconds (2 tries)")
    tls = results[self_signed]
    assert tls.ok is False and tls.reason.startswith("certificate problem: ")
    assert Handler.hits["/error"] == 2  # one retry, then the reason
    assert Handler.hits["/no-head"] == 2  # HEAD, then GET


@pytest.mark.slow
def test_one_request_at_a_time_per_host_and_a_day_of_cache(web, tmp_path):
    from governance.links import check_links

    urls = [f"{web}/slow?n={n}" for n in range(6)]
    cache = tmp_path / "links.json"
    started = time.monotonic()
    results = check_links(urls, cache_file=cache, workers=6, checker=checker())
    assert all(result.ok for result in results.values())
    assert Handler.most_at_once == 1  # six workers, one host: never two at once
    assert time.monotonic() - started >= 6 * 0.3
    before = Handler.hits["/slow"]
    again = check_links(urls, cache_file=cache, checker=checker())
    assert Handler.hits["/slow"] == before  # answered from the cache
    assert again == results
    stale = check_links(urls, cache_file=cache, max_age=0, checker=checker())
    assert Handler.hits["/slow"] == before + 6 and all(r.ok for r in stale.values())


@pytest.mark.slow
def test_failures_that_may_pass_tomorrow_are_not_cached(web, silent_host, tmp_path):
    import json

    from governance.links import check_links

    cache = tmp_path / "links.json"
    check_links([f"{web}/missing", f"{web}/error", silent_host], cache_file=cache,
                checker=checker(retries=0))
    assert sorted(json.loads(cache.read_text())) == [f"{web}/missing"]


# --- The governance report ----------------------------------------------------------

def governance_site(tmp_path: Path, web: str) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    today = datetime.date.today()
    front = ("---\ntitle: {title}\nslug: {slug}\ndate: 2020-01-02\nsummary: A test.\n"
             "category: Treatments\ntags: [test]\nauthor: apollo-clinic\nservices: []\n"
             "reviewed_by: apollo-clinic\nlast_reviewed: {reviewed}\n{extra}"
             "references:\n  - title: A source\n    url: {web}/missing\n---\n\n"
             "Text with [a good link]({web}/ok) and [an old link]({web}/away).\n")
    overdue = today.replace(year=today.year - 4)
    (content / "articles" / "overdue.md").write_text(front.format(
        title="Overdue article", slug="overdue", reviewed=overdue.isoformat(), extra="",
        web=web), encoding="utf-8")
    due = today + datetime.timedelta(days=30)
    (content / "articles" / "due-soon.md").write_text(front.format(
        title="Due soon", slug="due-soon", reviewed=today.isoformat(),
        extra=f"next_review: {due.isoformat()}\n", web=web), encoding="utf-8")
    (content / "articles" / "unreviewed.md").write_text(
        front.format(title="Unreviewed", slug="unreviewed", reviewed="", extra="status: draft\n",
                     web=web).replace("reviewed_by: apollo-clinic\nlast_reviewed: \n", ""),
        encoding="utf-8")
    return content


def test_governance_lists_reviews_due_missing_reviewers_and_dead_links(tmp_path, web):
    from editorial_report.editorial_report import latest
    from governance.links import check_links
    from governance.review import external_links, governance_markdown, link_items, review_items

    content = governance_site(tmp_path, web)
    build_site(tmp_path / "output", content=content, SEARCH_INDEX={"enabled": False})
    report = latest()
    today = datetime.date.today()
    items = review_items(report.rows(), today)
    kinds = {(item.kind, item.title) for item in items}
    assert ("overdue", "Overdue article") in kinds
    assert ("due soon", "Due soon") in kinds
    assert ("no reviewer", "Unreviewed (draft)") in kinds
    found = external_links(report.contents)
    results = check_links([url for url, _p, _w in found], checker=checker())
    dead = link_items(found, results, lambda path: os.path.relpath(path, tmp_path))
    details = sorted(item.detail for item in dead)
    assert f"{web}/missing (references): 404 Not Found" in details
    assert any(d.startswith(f"{web}/away (text): now leads to another website") for d in details)
    assert not any(f"{web}/ok " in d for d in details)
    assert all(item.path.startswith("content/articles/") and item.line > 1 for item in dead)
    markdown = governance_markdown(items + dead, today, len(results))
    assert "### Clinical review overdue" in markdown and "### Links that fail" in markdown
    assert markdown.index("Clinical review overdue") < markdown.index("Links that fail")


def test_the_issue_is_opened_updated_and_closed(tmp_path):
    """The GitHub CLI is not reachable here: a stand-in `gh` records what it is asked."""
    from governance.review import sync_issue

    log = tmp_path / "calls.txt"
    state = tmp_path / "open-issue"
    fake = tmp_path / "gh"
    fake.write_text(f"""#!{sys.executable}
import sys, pathlib
args = sys.argv[1:]
pathlib.Path({str(log)!r}).open("a").write(" ".join(args[:2]) + "\\n")
state = pathlib.Path({str(state)!r})
if args[:2] == ["issue", "list"]:
    print(state.read_text() if state.exists() else "")
elif args[:2] == ["issue", "create"]:
    state.write_text("17"); print("https://github.com/o/r/issues/17")
elif args[:2] == ["issue", "close"]:
    state.unlink()
""")
    fake.chmod(0o755)
    assert sync_issue("body", True, gh=str(fake)) == "opened https://github.com/o/r/issues/17"
    assert sync_issue("body", True, gh=str(fake)) == "updated issue #17"
    assert sync_issue("nothing", False, gh=str(fake)) == "closed issue #17"
    assert sync_issue("nothing", False, gh=str(fake)) == "no issue needed"
    calls = log.read_text().split("\n")
    assert calls[:4] == ["label create", "issue list", "issue create", "label create"]
    assert "issue edit" in calls and "issue close" in calls


# --- A way back from readers ---------------------------------------------------------

def test_every_article_and_service_page_ends_with_report_a_problem(site):
    from urllib.parse import parse_qs, urlsplit

    pages = [content for content in site.contents()
             if content.source_path.startswith(str(CONTENT / "articles")) or
             content.source_path.startswith(str(CONTENT / "services"))]
    assert len(pages) >= 6
    for content in pages:
        document = site.page(content.save_as)
        links = document.find_all("a", string="Report a problem with this page")
        assert len(links) == 1, content.save_as
        href = links[0]["href"]
        assert href.startswith("mailto:info@apollophysioyyc.com?subject=")
        subject = parse_qs(urlsplit(href).query)["subject"][0]
        title = " ".join(document.h1.get_text(" ").replace("\xa0", " ").split())
        assert subject == f"Problem with the page: {title} (/{content.url})", subject
    home = site.page("index.html")
    assert home.find("a", string="Report a problem with this page") is None


@pytest.mark.slow
def test_the_editorial_report_counts_the_pages_that_carry_it(tmp_path):
    result = run_command(*INVOKE, "report", "--output", str(tmp_path / "out"))
    assert result.returncode == 0, result.stdout + result.stderr
    articles = len(list(CONTENT.glob("articles/**/*.md")))
    assert f"'Report a problem with this page': on {articles} of {articles} article pages." \
        in result.stdout.splitlines()


def test_the_editorial_report_page_says_every_article_carries_it(tmp_path):
    built = build_site(tmp_path / "out", SEARCH_INDEX={"enabled": False},
                       EDITORIAL_REPORT={"enabled": True, "save_as": "editorial-report/index.html"})
    text = " ".join(built.page("editorial-report/").get_text(" ").split())
    articles = len(list(CONTENT.glob("articles/**/*.md")))
    assert f"“Report a problem with this page”, an email to the clinic: on {articles} of " \
           f"{articles} articles." in text
