"""The editor at /admin/ in real Chromium, against a real decap-server (Decap's local
backend, in git mode), on a scratch copy of the repository: nothing is mocked.

A writer creates an article through the form and saves it; Decap's editorial
workflow puts it on its own branch (`cms/articles/<slug>`), as on GitHub it opens a
pull request. The file is checked with `invoke check` and built as a draft. Then
one field of the seed article is edited, and the branch's diff is that one line.
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import NODE_MODULES, ROOT, build_site, free_port, serve

DECAP_SERVER = NODE_MODULES / "decap-server" / "dist" / "index.js"
INVOKE = ROOT / ".venv" / "bin" / "invoke"
SEED = "content/articles/everything-about-dry-needling.md"
NEW_SLUG = "knee-pain-on-stairs"
SCREENSHOTS = Path(os.environ.get("EDITOR_SCREENSHOTS", "")) if os.environ.get(
    "EDITOR_SCREENSHOTS") else None


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                          text=True).stdout


def scratch_repository(folder: Path) -> Path:
    """A copy of the working tree as a new git repository on `main` (never the real one)."""
    repo = folder / "repo"
    shutil.copytree(ROOT, repo, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "output", "cache", "__pycache__", ".pytest_cache",
        ".hypothesis", ".ruff_cache", "test-artifacts"))
    (repo / ".venv").symlink_to(ROOT / ".venv")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "-c", "user.name=Test", "-c", "user.email=test@example.org", "add", "-A")
    git(repo, "-c", "user.name=Test", "-c", "user.email=test@example.org",
        "commit", "-q", "-m", "The site as the writer has it")
    git(repo, "config", "user.name", "Clinic writer")
    git(repo, "config", "user.email", "writer@example.org")
    return repo


@pytest.fixture
def editor(tmp_path, browser):
    """(page, admin URL, scratch repository): decap-server on the scratch copy, the
    site built from it and served, and Chromium signed in through the local backend."""
    assert DECAP_SERVER.exists(), "decap-server is missing: run `invoke test-tools`"
    repo = scratch_repository(tmp_path)
    port = free_port()
    server = subprocess.Popen(
        ["node", str(DECAP_SERVER)], cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        env={**os.environ, "MODE": "git", "PORT": str(port), "BIND_HOST": "127.0.0.1",
             "GIT_REPO_DIRECTORY": str(repo)})
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(urllib.request.Request(
                    f"http://127.0.0.1:{port}/api/v1", data=b'{"action": "info"}',
                    headers={"Content-Type": "application/json"}), timeout=2).read()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "decap-server did not start"
                time.sleep(0.2)
        site = build_site(tmp_path / "output", content=repo / "content",
                          EDITOR={"local_backend": f"http://127.0.0.1:{port}/api/v1"})
        with serve(site.output) as base:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            # The editor's policy allows what it needs: Chromium reports anything refused.
            page.on("console", lambda message: errors.append(message.text)
                    if "Content Security Policy" in message.text else None)
            page.goto(f"{base}/admin/")
            page.get_by_role("button", name="Login").click()
            page.get_by_text("Everything you need to know about dry needling").wait_for()
            yield page, f"{base}/admin/", repo
            context.close()
            assert not errors, errors
    finally:
        server.terminate()
        server.wait(timeout=10)


def shoot(page, name: str) -> None:
    if SCREENSHOTS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def save(page) -> None:
    """Save, then leave the editor: decap-server checks out the entry's branch for each
    request it answers, so the repository is read only once the editor is quiet."""
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Changes saved", exact=False).first.wait_for(timeout=60000)  # a loaded CI machine
    page.goto("about:blank")
    page.wait_for_timeout(1000)


def test_editing_one_field_changes_that_line_only(editor):
    page, admin, repo = editor
    page.goto(admin + "#/collections/articles/entries/everything-about-dry-needling")
    summary = page.get_by_label("Summary", exact=True)
    summary.wait_for()
    shoot(page, "edit-seed-article-1280")
    summary.fill("What dry needling is, how it is thought to work, and how to have it safely.")
    save(page)
    branch = "cms/articles/everything-about-dry-needling"
    diff = git(repo, "diff", "--unified=0", "main", branch, "--", SEED)
    changed = [line for line in diff.splitlines()
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == [
        "-summary: What dry needling (intramuscular stimulation, IMS) is, how it is thought to "
        "work, and how to have it safely in Calgary.",
        "+summary: What dry needling is, how it is thought to work, and how to have it safely.",
    ], diff
    assert git(repo, "diff", "--name-only", "main", branch).split() == [SEED]
    assert git(repo, "branch", "--show-current").strip() == "main"  # main is never written



def choose(page, label: str, option: str) -> None:
    """Pick an option of a select field (Decap draws react-select)."""
    field = page.get_by_label(label, exact=True)
    field.focus()
    field.press_sequentially(option)
    page.keyboard.press("Enter")


BODY = """Knee pain on stairs is common and often settles with the right exercise.

/// key-points
- Knee pain on stairs often gets better with exercise.
- Take the stairs one step at a time while it is sore.
///

/// figure | Gentle movement spread through the day.
![Three walking figures on a line from morning to evening]({static}/images/low-back-pain-daily-movement.svg)
///
"""


PICTURE = ROOT / "content" / "images" / "low-back-pain-daily-movement.svg"


def add_component(page, label: str) -> None:
    """The body's + menu: insert one of our blocks. The menu opens with an animation and
    closes on a click that lands while it moves, so a slow machine may need a second try."""
    item = page.get_by_role("menuitem", name=label)
    for _attempt in range(3):
        page.get_by_role("button", name="Add Component").click()
        try:
            item.wait_for(timeout=5000)
            page.wait_for_timeout(200)
            item.click(timeout=5000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    raise AssertionError(f"the + menu never offered {label}")


EXPECTED_ARTICLE = """---
title: Knee pain on stairs
date: {today}
summary: Why knees can hurt on stairs, and what usually helps.
category: Conditions
tags: [knee pain, stairs]
author: apollo-clinic
services: [physiotherapy]
status: draft
---

Knee pain on stairs is common and often settles with exercise.

/// key-points
- Knee pain on stairs often gets better with exercise.
- Take the stairs one step at a time while it is sore.
///

/// figure | Gentle movement spread through the day.
![Three walking figures on a line from morning to evening]({{static}}/images/knee-step-up.svg)
///
"""


def test_a_new_article_written_in_the_form_is_a_checked_draft(editor, tmp_path):
    page, admin, repo = editor
    page.goto(admin + "#/collections/articles/new")
    page.get_by_label("Title", exact=True).fill("Knee pain on stairs")
    page.get_by_role("button", name="Now").first.click()
    page.get_by_label("Summary", exact=True).fill(
        "Why knees can hurt on stairs, and what usually helps.")
    choose(page, "Category", "Conditions")
    page.get_by_label("Tags (optional)", exact=True).fill("knee pain, stairs")
    choose(page, "Author", "Apollo Physiotherapy Massage and Chiro")
    choose(page, "Services (optional)", "Physiotherapy")
    body = page.locator("[data-slate-editor]").last
    body.click()
    page.keyboard.insert_text("Knee pain on stairs is common and often settles with exercise.")
    add_component(page, "Key points")
    page.get_by_label("Points, one per line", exact=False).last.fill(
        "- Knee pain on stairs often gets better with exercise.\n"
        "- Take the stairs one step at a time while it is sore.")
    upload = tmp_path / "knee-step-up.svg"
    shutil.copyfile(PICTURE, upload)
    add_component(page, "Figure (picture with caption)")
    page.get_by_role("button", name="Choose an image").last.click()
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_role("button", name="Choose selected").click()
    page.get_by_label("Alt text: what the picture shows").last.fill(
        "Three walking figures on a line from morning to evening")
    page.get_by_label("Caption (read by everyone)").last.fill(
        "Gentle movement spread through the day.")
    page.wait_for_timeout(500)
    shoot(page, "new-article-form-1280")
    save(page)
    branch = f"cms/articles/{NEW_SLUG}"
    assert git(repo, "branch", "--show-current").strip() == "main"
    assert not (repo / "content" / "articles" / f"{NEW_SLUG}.md").exists()  # only on its branch
    git(repo, "checkout", "-q", branch)
    written = (repo / "content" / "articles" / f"{NEW_SLUG}.md").read_text(encoding="utf-8")
    assert written == EXPECTED_ARTICLE.format(today=datetime.date.today().isoformat()), written
    assert (repo / "content" / "images" / "knee-step-up.svg").read_bytes() == PICTURE.read_bytes()
    check = subprocess.run([str(INVOKE), "check"], cwd=repo, capture_output=True, text=True,
                           timeout=300, stdin=subprocess.DEVNULL)
    assert check.returncode == 0 and "The check passed" in check.stdout, check.stdout + check.stderr
    built = build_site(tmp_path / "draft-output", content=repo / "content")
    page_path = built.output / "drafts" / NEW_SLUG / "index.html"
    html = page_path.read_text(encoding="utf-8")
    assert "key-points" in html and 'alt="Three walking figures' in html
    assert not (built.output / "articles" / NEW_SLUG).exists()


def test_editing_one_paragraph_of_the_text_changes_that_line_only(editor):
    """The text box rewrites the body from its own model; on the seed article that
    gives back every other line as it was."""
    page, admin, repo = editor
    page.goto(admin + "#/collections/articles/entries/everything-about-dry-needling")
    page.get_by_text("Read on!", exact=False).first.click()  # somewhere in that paragraph
    page.keyboard.insert_text(" Ask us if you have questions. ")
    save(page)
    diff = git(repo, "diff", "--unified=0", "main", "cms/articles/everything-about-dry-needling")
    changed = [line for line in diff.splitlines()
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert len(changed) == 2, diff
    assert changed[0].startswith("-That’s why Apollo") and changed[1].startswith("+That’s why"), diff
    assert " Ask us if you have questions. " in changed[1], diff
    assert changed[1].replace(" Ask us if you have questions. ", "", 1)[1:] == changed[0][1:], diff
