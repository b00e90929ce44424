"""invoke import-wordpress: a realistic WordPress export (tests/data/wordpress/) becomes
draft articles and pages that pass our checks, publish only after review, and keep
every old address working."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import CONTENT, build_site, run_command

DATA = Path(__file__).parent / "data" / "wordpress"
EXPORT, UPLOADS = DATA / "export.xml", DATA / "uploads"
MAPPING = ["--category", "Physiotherapy=Treatments", "--category",
           "Exercise=Exercise and recovery", "--category", "Clinic updates=Clinic news"]
INVOKE = [sys.executable, "-m", "invoke"]


def convert(html: str, uploads: Path = UPLOADS):
    from wordpress_import.body import convert_body
    from wordpress_import.importer import Images, Options

    images = Images(Options(content=CONTENT, uploads=uploads), {})
    return convert_body(html, images.link)


# --- Each transformation, exactly -------------------------------------------------

def test_gutenberg_block_comments_are_removed():
    converted = convert("<!-- wp:paragraph -->\n<p>One.</p>\n<!-- /wp:paragraph -->\n"
                        "<!-- wp:separator /-->")
    assert converted.markdown == "One.\n"


def test_classic_editor_paragraphs_and_line_breaks_are_kept():
    converted = convert("First paragraph,\nsecond line.\n\nSecond paragraph.\n\n"
                        "<h3>A heading</h3>\nText after it.")
    assert converted.markdown == ("First paragraph,\\\nsecond line.\n\nSecond paragraph.\n\n"
                                  "### A heading\n\nText after it.\n")


def test_caption_becomes_our_figure_block_with_the_original_image():
    converted = convert(
        '[caption id="attachment_13" width="300"]<a href="/wp-content/uploads/2023/05/'
        'knee-stretch.jpg"><img src="https://old.example.com/wp-content/uploads/2023/05/'
        'knee-stretch-300x200.jpg" alt="A thigh stretch" srcset="https://old.example.com/'
        'wp-content/uploads/2023/05/knee-stretch-768x512.jpg 768w" width="300" /></a> '
        "Stretch the front of the thigh[/caption]")
    assert converted.markdown == ("/// figure | Stretch the front of the thigh\n"
                                  "![A thigh stretch]({static}/images/knee-stretch.jpg)\n///\n")
    assert converted.images == ["{static}/images/knee-stretch.jpg"]
    assert converted.notes == []


@pytest.mark.parametrize(("html", "link"), [
    ('<iframe src="https://www.youtube.com/embed/abc123?feature=oembed"></iframe>',
     "[Watch the video on YouTube](https://www.youtube.com/watch?v=abc123)"),
    ('<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n'
     "https://vimeo.com/76979871\n</div></figure>",
     "[Watch the video on Vimeo](https://vimeo.com/76979871)"),
    ("[embed]https://youtu.be/xyz987[/embed]",
     "[Watch the video on YouTube](https://www.youtube.com/watch?v=xyz987)"),
    ('<iframe src="https://maps.example.com/embed?pb=1"></iframe>',
     "[Open the embedded page on maps.example.com](https://maps.example.com/embed?pb=1)"),
])
def test_embeds_and_iframes_become_plain_links(html, link):
    converted = convert(f"<p>Watch this.</p>{html}")
    assert converted.markdown == f"Watch this.\n\n{link}\n"
    assert any("with a link to it (no third-party embeds on the site)" in note
               for note in converted.notes)


def test_other_shortcodes_are_removed_and_reported_page_builders_keep_their_words():
    converted = convert('<p>Book now [contact-form-7 id="5"] or call.</p>'
                        '[et_pb_section][et_pb_text]<div class="et_pb_text_inner"><p>Kept words.'
                        "</p></div>[/et_pb_text][/et_pb_section]<p>[gallery]</p>"
                        "<p>A [bracketed aside] stays.</p>")
    assert converted.markdown == "Book now or call.\n\nKept words.\n\nA [bracketed aside] stays.\n"
    # [gallery] is WordPress's own, never "a plugin's"; page builders keep their words.
    assert converted.notes == [
        "WordPress's own [gallery] showed images that are not in the export: add them by "
        "hand if the article needs them",
        "kept the words of the page builder's layout ([et_pb_section], [et_pb_text]) as "
        "paragraphs: check that the page reads well without it",
        "removed the shortcode [contact-form-7], kept the words between them: what a "
        "WordPress plugin showed there is gone; check whether the page needs something in "
        "its place"]


def test_scripts_styles_forms_and_tracking_pixels_are_dropped_and_reported():
    converted = convert(
        "<p>Text.</p><script>track()</script><style>p{color:red}</style>"
        '<form action="https://x.example/"><input name="email"></form>'
        '<img src="https://tracker.example.com/p.gif" width="1" height="1" alt="">'
        '<img src="https://cdn.example.com/photo.jpg" alt="A photo">')
    assert converted.markdown == "Text.\n"
    assert converted.notes == [
        "removed a script", "removed a style block", "removed a form",
        "removed a tracking pixel (https://tracker.example.com/p.gif): never loaded from "
        "another host",
        "removed an image from another website (https://cdn.example.com/photo.jpg): never "
        "loaded from another host"]


def test_level_one_headings_become_level_two_and_entities_become_characters():
    converted = convert("<h1>Caf&eacute; &amp; more</h1><p>&#8220;Don&#8217;t&#8221; "
                        "&ndash; it&rsquo;s&nbsp;fine&hellip;</p>")
    assert converted.markdown == "## Café & more\n\n“Don’t” – it’s fine…\n"


def test_images_missing_from_uploads_or_alt_text_are_reported(tmp_path):
    converted = convert('<p><img src="/wp-content/uploads/2024/01/posture-desk-150x150.png">'
                        '<img src="/wp-content/uploads/2022/01/gone.jpg" alt="Gone"></p>')
    assert converted.markdown == "![]({static}/images/posture-desk.png)\n"
    assert converted.notes == [
        "the image {static}/images/posture-desk.png has no alt text: describe it in the "
        "square brackets",
        "the image /wp-content/uploads/2022/01/gone.jpg is not in the uploads folder, so it "
        "was left out: copy it from the old site's wp-content/uploads and import again"]
    without = convert('<p><img src="/wp-content/uploads/2024/01/posture-desk.png" alt="x"></p>',
                      uploads=tmp_path)
    assert without.markdown == "\n" and "not in the uploads folder" in without.notes[0]


def test_the_export_is_read_without_entities_or_network(tmp_path):
    from wordpress_import.export import read_export

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    hostile = EXPORT.read_text(encoding="utf-8").replace(
        '<?xml version="1.0" encoding="UTF-8" ?>',
        f'<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM '
        f'"file://{secret}">]>').replace("Test export", "&xxe;")
    path = tmp_path / "export.xml"
    path.write_text(hostile, encoding="utf-8")
    export = read_export(path)
    assert all("TOP-SECRET" not in item.body + item.title for item in export.items)


# --- The whole command on the fixture ----------------------------------------------

def site_copy(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    return content


def import_command(content: Path, *extra: str):
    return run_command(*INVOKE, "import-wordpress", str(EXPORT), "--uploads", str(UPLOADS),
                       "--content", str(content), *MAPPING, *extra)


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


KNEE = """---
title: 'Knee pain: gentle exercises to try at home'
slug: knee-pain-exercises
date: 2023-05-01
modified: 2023-06-15
summary: Simple exercises that may help knee pain settle, and when to ask for help.
category: Treatments
tags:
- knee
- Exercise
author: morgan-testwriter
services: []
status: draft
redirect_from:
- /2023/05/knee-pain-exercises/
---

{intro}

## Before you start

Stop any exercise that makes the pain much worse.\\
Ask us if you are not sure which exercises suit you.

/// figure | A standing thigh stretch
![A person stretching the front of the thigh while standing]({static}/images/knee-stretch.jpg)
///

## Three exercises

- **Straight leg raise:** lift the leg slowly.
- *Heel slides* while lying down.
- Mini squats holding a chair – don’t go deep.

[Watch the video on YouTube](https://www.youtube.com/watch?v=dQw4w9WgXcQ)

“Move a little, often” is a good rule.
""".replace("{intro}", "Knee pain is common, and gentle movement often helps it settle. "
            "This post explains a few simple exercises & when to get help.")


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The fixture imported once into a copy of the site, through the real command."""
    root = tmp_path_factory.mktemp("wordpress")
    content = site_copy(root)
    before = tree(content)
    result = import_command(content)
    assert result.returncode == 0, result.stdout + result.stderr
    return content, before, result.stdout


def test_posts_and_pages_become_draft_files_with_valid_front_matter(imported):
    content, before, _output = imported
    added = sorted(set(tree(content)) - set(before))
    assert added == ["articles/desk-posture.md", "articles/evaluation-posturale.md",
                     "articles/knee-pain-exercises.md", "images/knee-stretch.jpg",
                     "images/posture-desk.png", "pages/our-team.md", "redirects.yml"]
    assert (content / "articles/knee-pain-exercises.md").read_text(encoding="utf-8") == KNEE
    assert (content / "images/knee-stretch.jpg").read_bytes() == \
        (UPLOADS / "2023/05/knee-stretch.jpg").read_bytes()  # the original, not a resized copy
    desk = (content / "articles/desk-posture.md").read_text(encoding="utf-8")
    assert "summary: How to set up your desk and chair, and why short breaks help." in desk
    french = (content / "articles/evaluation-posturale.md").read_text(encoding="utf-8")
    assert "title: 'Évaluation posturale : ce qu’il faut savoir'" in french
    assert "summary: Ce qu’une évaluation posturale regarde et comment vous y préparer." \
        in french
    page = (content / "pages/our-team.md").read_text(encoding="utf-8")
    assert page.startswith("---\ntitle: Our team & approach\nslug: our-team\n")
    for path in added:
        if path.endswith(".md"):
            text = (content / path).read_text(encoding="utf-8")
            assert "\nstatus: draft\n" in text
            assert "reviewed_by" not in text and "last_reviewed" not in text
            assert "old.example.com" not in text and "<" not in text.split("---", 2)[2]
    redirects = (content / "redirects.yml").read_text(encoding="utf-8")
    assert "- from: /category/physiotherapy/\n  to: /categories/treatments/" in redirects
    assert "- from: /tag/knee/\n  to: /topics/knee/" in redirects


def test_the_command_reports_skips_people_and_how_to_publish(imported):
    """The terminal: one line per post or page, counts for the rest; every detail in
    the written report."""
    content, _before, output = imported
    assert output.splitlines()[:9] == [
        "WordPress import",
        "articles/knee-pain-exercises.md: is new",
        "articles/desk-posture.md: is new",
        "articles/evaluation-posturale.md: is new",
        "pages/our-team.md: is new",
        "people.yml: added morgan-testwriter (awaiting details)",
        "images, files and redirects.yml: 3 new",
        "not imported: 1 comments, 1 earlier versions of posts, 1 empty auto-drafts, "
        "1 media library entries, 1 menu entries, 1 posts in WordPress's bin, "
        "1 private posts",
        "14 thing(s) to check, every one by its post, in wordpress-import/report.md"]
    assert "so none of it is on the live site" in output
    report = (content.parent / "wordpress-import" / "report.md").read_text(encoding="utf-8")
    for expected in (
            "| knee-stretch | attachment | a media library entry",
            "| Knee pain: gentle exercises (old draft) | revision |",
            "| Staff rota | post | private: never meant for the public site |",
            "| Old offer | post | in WordPress's bin |",
            "| Auto Draft | post | an empty draft WordPress made by itself |",
            "| Home | nav_menu_item | a menu entry",
            "| 1 comment(s) | comment | the site has no comments |"):
        assert expected in report, expected
    assert "| Knee pain: gentle exercises to try at home | articles/knee-pain-exercises.md | " \
           "/2023/05/knee-pain-exercises/ | 1 | removed the shortcode [contact-form-7]" in report
    assert "removed a tracking pixel (https://tracker.example.com/pixel.gif?id=12)" in report
    assert "old-chair.jpg is not in the uploads folder" in report
    assert ("```yaml\n- id: morgan-testwriter\n  name: Morgan Testwriter\n"
            "  awaiting_details: true\n```") in report
    people = (content / "people.yml").read_text(encoding="utf-8")
    assert people.endswith("- id: morgan-testwriter\n  name: Morgan Testwriter\n"
                           "  awaiting_details: true\n")


def test_running_it_again_changes_nothing(imported, tmp_path):
    content, _before, _output = imported
    copy = tmp_path / "again"
    shutil.copytree(content.parent, copy)
    snapshot = tree(copy)
    result = import_command(copy / "content")
    assert result.returncode == 0, result.stderr
    assert tree(copy) == snapshot
    lines = [line for line in result.stdout.splitlines() if line.startswith(
        ("articles/", "pages/", "images", "redirects.yml", "people.yml"))]
    assert lines == ["articles/knee-pain-exercises.md: is unchanged",
                     "articles/desk-posture.md: is unchanged",
                     "articles/evaluation-posturale.md: is unchanged",
                     "pages/our-team.md: is unchanged",
                     "images, files and redirects.yml: 3 unchanged"], lines


def test_dry_run_writes_nothing(tmp_path):
    content = site_copy(tmp_path)
    before = tree(tmp_path)
    result = import_command(content, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "dry run: nothing written" in result.stdout
    assert "articles/knee-pain-exercises.md: would be new" in result.stdout.splitlines()
    assert tree(tmp_path) == before


def test_a_writers_edit_is_kept_unless_overwrite(imported, tmp_path):
    content, _before, _output = imported
    copy = tmp_path / "edited"
    shutil.copytree(content.parent, copy)
    knee = copy / "content" / "articles" / "knee-pain-exercises.md"
    edited = knee.read_text(encoding="utf-8").replace("Knee pain is common", "Knee pain is "
                                                      "very common")
    knee.write_text(edited, encoding="utf-8")
    kept = import_command(copy / "content")
    assert kept.returncode == 0
    assert "articles/knee-pain-exercises.md: kept: edited since the import (--overwrite " \
        "replaces it)" in kept.stdout.splitlines()
    assert knee.read_text(encoding="utf-8") == edited
    replaced = import_command(copy / "content", "--overwrite")
    assert replaced.returncode == 0
    assert knee.read_text(encoding="utf-8") == KNEE


def test_unmapped_categories_and_unknown_authors_are_left_for_the_writer(tmp_path):
    from wordpress_import import Options, run
    from wordpress_import.importer import awaiting_ids, people_ids

    content = site_copy(tmp_path)
    options = Options(content=content, uploads=UPLOADS, categories=[
        "Treatments", "Conditions", "Exercise and recovery", "Clinic news"])
    plan, _outcomes = run(EXPORT, options)
    french = (content / "articles/evaluation-posturale.md").read_text(encoding="utf-8")
    assert "category: 'TODO: one of Treatments, Conditions, Exercise and recovery, Clinic " \
           "news (was: Clinic updates)'" in french
    assert plan.unmapped_categories == ["Clinic updates", "Exercise", "Physiotherapy"]
    assert plan.people_to_add == {"morgan-testwriter": "Morgan Testwriter"}
    # Written for them with the export's name only, marked as awaiting details.
    assert "morgan-testwriter" in people_ids(content)
    assert "morgan-testwriter" in awaiting_ids(content)


@pytest.mark.slow
def test_import_then_check_build_review_and_publish(imported, tmp_path):
    content_before, _before, _output = imported
    root = tmp_path / "site"
    shutil.copytree(content_before.parent, root)
    content = root / "content"
    check = run_command(*INVOKE, "check", "--content", str(content))
    assert check.returncode == 0, check.stdout + check.stderr
    local = build_site(tmp_path / "local", content=content, SEARCH_INDEX={"enabled": False})
    assert (local.output / "drafts/knee-pain-exercises/index.html").is_file()
    assert (local.output / "drafts/pages/our-team/index.html").is_file()
    production = build_site(tmp_path / "production", "publishconf.py", content=content,
                            SEARCH_INDEX={"enabled": False})
    published = production.output
    assert not list(published.glob("**/knee-pain-exercises/index.html"))
    assert not (published / "our-team").exists()
    assert "/2023/05/" not in (published / "_redirects").read_text(encoding="utf-8")
    # What the report asks the clinic to do: check the author's details.
    people = content / "people.yml"
    people.write_text(people.read_text(encoding="utf-8").replace(
        "  awaiting_details: true\n", ""), encoding="utf-8")
    # A clinician reviews one; the writer publishes it.
    knee = content / "articles" / "knee-pain-exercises.md"
    knee.write_text(knee.read_text(encoding="utf-8").replace(
        "status: draft\n", "reviewed_by: apollo-clinic\nlast_reviewed: 2026-11-20\n"),
        encoding="utf-8")
    production = build_site(tmp_path / "published", "publishconf.py", content=content,
                            SEARCH_INDEX={"enabled": False})
    out = production.output
    assert production.page("articles/knee-pain-exercises/").h1.get_text().startswith("Knee pain")
    rules = (out / "_redirects").read_text(encoding="utf-8").splitlines()
    assert "/2023/05/knee-pain-exercises/ /articles/knee-pain-exercises/ 301" in rules
    assert "/category/physiotherapy/ /categories/treatments/ 301" in rules
    assert "/tag/knee/ /topics/knee/ 301" in rules
    assert not any(rule.startswith("/tag/posture/") for rule in rules)  # no page there yet
    moved = BeautifulSoup((out / "2023/05/knee-pain-exercises/index.html").read_text(
        encoding="utf-8"), "html5lib")
    refresh = moved.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh.endswith("/articles/knee-pain-exercises/")
    assert (out / "images/knee-stretch.jpg").is_file()
    assert not (out / "drafts").exists() or not list((out / "drafts").rglob("desk-posture*"))


def test_a_bad_redirects_file_is_refused_with_its_line(tmp_path):
    content = site_copy(tmp_path)
    (content / "redirects.yml").write_text(
        "- from: /category/x/\n  to: /categories/treatments/\n"
        "- from: https://evil.example/\n  to: /x/\n", encoding="utf-8")
    from guardrails import reported_problems
    with pytest.raises(SystemExit):
        build_site(tmp_path / "out", content=content, SEARCH_INDEX={"enabled": False})
    assert any(str(problem).endswith(
        "redirects.yml:3: redirects from: 'https://evil.example/' is a full address: only a "
        "path of this site can redirect. Give each old address once, as the path after the "
        "domain name, like old/address/ (no https://, spaces, * or ..).")
        for problem in reported_problems())


def test_summary_comes_from_excerpt_then_seo_descriptions_then_first_sentence():
    from wordpress_import.export import Item
    from wordpress_import.importer import summary_of

    def item(**fields):
        base = dict(post_id="1", post_type="post", status="publish", title="t", link="",
                    slug="t", creator="a", body="<p>First sentence here. Second one.</p>",
                    excerpt="", date="", modified="", parent="0")
        return Item(**{**base, **fields})

    assert summary_of(item(excerpt="<p>The &amp; excerpt</p>",
                           meta={"_yoast_wpseo_metadesc": "Yoast"}), 160) == (
        "The & excerpt", "excerpt")
    assert summary_of(item(meta={"_yoast_wpseo_metadesc": "%%title%% Yoast text",
                                 "rank_math_description": "Rank"}), 160) == (
        "Yoast text", "Yoast description")
    assert summary_of(item(meta={"rank_math_description": "Rank Math text"}), 160) == (
        "Rank Math text", "Rank Math description")
    assert summary_of(item(), 160) == ("First sentence here.", "first sentence")
    long_summary, _source = summary_of(item(excerpt="word " * 60), 160)
    assert len(long_summary) <= 160 and long_summary.endswith("word…")


def test_a_slug_already_used_by_the_site_gets_a_new_one(tmp_path):
    from wordpress_import import Options, run

    content = site_copy(tmp_path)
    (content / "pages" / "team.md").write_text(
        "---\ntitle: Team\nslug: our-team\nsummary: Ours.\n---\n\nOur own page.\n",
        encoding="utf-8")
    plan, _outcomes = run(EXPORT, Options(content=content, uploads=UPLOADS,
                                          categories=["Treatments"]))
    page = next(file for file in plan.files if file.kind == "page")
    assert page.relative == "pages/our-team-2.md"
    assert "the slug 'our-team' is taken by another file, so this one is 'our-team-2'" \
        in page.notes
    assert (content / "pages" / "team.md").read_text(encoding="utf-8").endswith("Our own page.\n")


def test_old_archives_redirect_to_the_slugs_pelican_gives():
    from wordpress_import.importer import Options, archive_slug

    options = Options(content=CONTENT)
    assert archive_slug("runner's knee", options) == "runners-knee"
    assert archive_slug("Exercise and recovery", options) == "exercise-and-recovery"
