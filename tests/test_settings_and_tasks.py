"""Both settings files build cleanly; the clinic's optional facts show only when set;
the writer's `invoke new` gives an article that builds."""

from __future__ import annotations

import sys

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build_site, run_command

ALL_FACTS = {
    "street_address": "1 Test Street NE",
    "postal_code": "T0T 0T0",
    "phone": "+1 000 000 0000",
    "opening_hours": ["Test day: 9 to 5"],
    "booking_url": "https://booking.example.test/",
    "map_url": "https://map.example.test/",
    "social": [{"name": "Example", "url": "https://social.example.test/"}],
}


@pytest.mark.parametrize("settings_file", ["pelicanconf.py", "publishconf.py"])
def test_settings_build_with_fatal_warnings(settings_file, tmp_path):
    result = run_command(
        sys.executable, "-m", "pelican", "content", "-s", settings_file,
        "-o", str(tmp_path / "out"), "--fatal", "warnings",
        "-e", f'CACHE_PATH="{tmp_path / "cache"}"',
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "out" / "index.html").is_file()


def test_production_settings_use_absolute_urls_and_feeds(production_site):
    site_url = production_site.settings["SITEURL"]
    assert site_url.startswith("https://")
    home = production_site.page("index.html")
    assert home.find("link", rel="stylesheet")["href"].startswith(site_url + "/")
    feed = home.find("link", rel="alternate", type="application/atom+xml")
    assert feed["href"] == f"{site_url}/feeds/all.atom.xml"
    assert (production_site.output / "feeds" / "all.atom.xml").is_file()


def test_siteurl_comes_from_the_environment(tmp_path):
    result = run_command(
        sys.executable, "-c",
        "import sys; sys.path.insert(0, '.'); import publishconf; print(publishconf.SITEURL)",
    )
    assert result.stdout.strip() == "https://apollophysioyyc.com"
    import os
    import subprocess

    env = {**os.environ, "SITEURL": "https://clinic.example.test/"}
    out = subprocess.run(
        [sys.executable, "-c", "import publishconf; print(publishconf.SITEURL)"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )
    assert out.stdout.strip() == "https://clinic.example.test"


def contact_block(output) -> BeautifulSoup:
    page = BeautifulSoup((output / "contact" / "index.html").read_text(), "lxml")
    return page.select_one("main .contact-details")


def test_unset_clinic_facts_leave_no_trace(site):
    details = contact_block(site.output)
    labels = [dt.get_text() for dt in details.find_all("dt")]
    assert labels == ["Email"]
    for html_file in site.html_files():
        text = html_file.read_text()
        assert 'href=""' not in text and 'href="tel:"' not in text, html_file
        page = BeautifulSoup(text, "lxml")
        for dd in page.find_all("dd"):
            assert dd.get_text(strip=True), f"empty value in {html_file}"


def test_every_clinic_fact_shows_when_set(tmp_path):
    from pelicanconf import CLINIC

    built = build_site(tmp_path / "out", CLINIC={**CLINIC, **ALL_FACTS})
    details = contact_block(built.output)
    labels = [dt.get_text() for dt in details.find_all("dt")]
    assert labels == ["Phone", "Email", "Address", "Opening hours", "Booking", "Elsewhere"]
    assert details.select_one("a[href='tel:+10000000000']")
    assert "1 Test Street NE" in details.find("address").get_text()
    article = built.page("articles/everything-about-dry-needling/")
    actions = [a["href"] for a in article.select(".cta a")]
    assert actions == ["https://booking.example.test/", "tel:+10000000000",
                       "mailto:info@apollophysioyyc.com"]


def test_invoke_new_scaffolds_a_draft_that_builds(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT))
    from invoke import Context

    import tasks

    content = tmp_path / "content"
    import shutil

    shutil.copytree(ROOT / "content", content)
    monkeypatch.setattr(tasks.content, "CONTENT", content)
    tasks.new(Context(), 'Knee pain: "runner\'s knee" explained')
    created = content / "articles" / "knee-pain-runner-s-knee-explained.md"
    text = created.read_text()
    assert "status: draft" in text and "TODO" in text
    built = build_site(tmp_path / "out", content=content)
    draft = built.page("drafts/knee-pain-runner-s-knee-explained/")
    assert draft.find("h1").get_text().replace("\xa0", " ") == 'Knee pain: “runner’s knee” explained'
    with pytest.raises(Exception, match="already exists"):
        tasks.new(Context(), 'Knee pain: "runner\'s knee" explained')


def test_readme_commands_are_the_ones_ci_runs():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    test_command = [line for line in readme.splitlines() if "invoke" in line and " test" in line]
    assert test_command, "README has no test command"
    assert test_command[0].strip() in ci
