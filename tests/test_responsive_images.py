"""Responsive images: WebP and narrower copies with srcset, made once and reused."""

from __future__ import annotations

import io
import json
import subprocess

import pytest
from PIL import Image

from conftest import VNU_JAR, build_site
from responsive_images.responsive_images import local_file, plan, variant_name

ARTICLE = "articles/everything-about-dry-needling.md"
PAGE = "articles/everything-about-dry-needling/index.html"


def photo(width: int, height: int, kind: str) -> bytes:
    """A gradient photo: compresses like a real one, not like a flat colour."""
    image = Image.new("RGB", (width, height))
    image.putdata([((x * 255) // width, (y * 255) // height, 128)
                   for y in range(height) for x in range(width)])
    out = io.BytesIO()
    image.save(out, kind)
    return out.getvalue()


@pytest.fixture
def photo_content(content_copy):
    (content_copy / "images" / "knee-stretch.jpg").write_bytes(photo(1600, 900, "JPEG"))
    (content_copy / "images" / "small-diagram.png").write_bytes(photo(400, 300, "PNG"))
    article = content_copy / ARTICLE
    article.write_text(article.read_text(encoding="utf-8") + (
        "\n![A person stretching their knee on a mat]({static}/images/knee-stretch.jpg)\n"
        "\n![A small diagram of the knee joint]({static}/images/small-diagram.png)\n"
    ), encoding="utf-8")
    return content_copy


def test_pure_parts():
    assert plan(1600, [480, 800, 1200]) == [480, 800, 1200, 1600]
    assert plan(700, [1200, 480, 800]) == [480, 700]
    assert variant_name("/images/knee.jpg", 480, ".webp") == "/images/knee-480w.webp"
    assert variant_name("/images/knee.jpg", None, ".webp") == "/images/knee.webp"
    out = "/site"
    assert local_file("https://x.org/images/a.jpg", "articles/a/index.html", "https://x.org",
                      out) == "/site/images/a.jpg"
    assert local_file("../../images/a.jpg", "articles/a/index.html", "", out) == "/site/images/a.jpg"
    assert local_file("https://elsewhere.org/a.jpg", "index.html", "https://x.org", out) is None


def test_photos_get_webp_and_narrower_copies_with_srcset(photo_content, tmp_path):
    site = build_site(tmp_path / "out", "publishconf.py", content=photo_content)
    page = site.page(PAGE)
    pictures = page.find_all("picture")
    assert len(pictures) == 2
    big, small = pictures
    base = "https://apollophysioyyc.com/images/knee-stretch"
    assert big.source["type"] == "image/webp"
    assert big.source["srcset"] == (f"{base}-480w.webp 480w, {base}-800w.webp 800w, "
                                    f"{base}-1200w.webp 1200w, {base}.webp 1600w")
    image = big.img
    assert image["src"] == f"{base}.jpg"
    assert image["srcset"] == (f"{base}-480w.jpg 480w, {base}-800w.jpg 800w, "
                               f"{base}-1200w.jpg 1200w, {base}.jpg 1600w")
    assert image["sizes"] == big.source["sizes"] == "(min-width: 46rem) 42rem, 100vw"
    assert (image["width"], image["height"]) == ("1600", "900")
    assert image["alt"] == "A person stretching their knee on a mat"
    assert image["loading"] == "lazy"
    # A picture narrower than every offered width gets only a WebP copy of itself.
    assert small.source["srcset"].endswith("small-diagram.webp 400w")
    assert small.img["srcset"].endswith("small-diagram.png 400w")

    images = site.output / "images"
    for width in (480, 800, 1200):
        for suffix, kind in ((".jpg", "JPEG"), (".webp", "WEBP")):
            with Image.open(images / f"knee-stretch-{width}w{suffix}") as copy:
                assert copy.format == kind
                assert copy.size == (width, round(900 * width / 1600))
    with Image.open(images / "knee-stretch.webp") as copy:
        assert copy.size == (1600, 900)
    assert (images / "knee-stretch-480w.webp").stat().st_size < (
        images / "knee-stretch-480w.jpg").stat().st_size < (images / "knee-stretch.jpg").stat().st_size


def test_copies_are_made_once_and_builds_stay_identical(photo_content, tmp_path):
    first = build_site(tmp_path / "one", "publishconf.py", content=photo_content)
    cache = tmp_path / "one-cache" / "responsive_images"
    made = {path.name: path.stat().st_mtime_ns for path in cache.iterdir()}
    assert len(made) == 3 * 2 + 2  # 3 narrower widths x 2 formats, and 2 full-size WebP
    second = build_site(tmp_path / "two", "publishconf.py", content=photo_content,
                        CACHE_PATH=str(tmp_path / "one-cache"))
    assert {path.name: path.stat().st_mtime_ns for path in cache.iterdir()} == made
    for path in sorted((first.output / "images").iterdir()):
        assert path.read_bytes() == (second.output / "images" / path.name).read_bytes(), path.name
    assert (first.output / PAGE).read_bytes() == (second.output / PAGE).read_bytes()

    # A changed photo is made again.
    (photo_content / "images" / "knee-stretch.jpg").write_bytes(photo(1000, 1000, "JPEG"))
    third = build_site(tmp_path / "three", "publishconf.py", content=photo_content,
                       CACHE_PATH=str(tmp_path / "one-cache"))
    assert third.page(PAGE).find("picture").img["srcset"].endswith("knee-stretch.jpg 1000w")


@pytest.mark.jvm
def test_pages_with_photos_are_valid_html(photo_content, tmp_path):
    site = build_site(tmp_path / "out", "pelicanconf.py", content=photo_content)
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
         str(site.output / PAGE)], capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert [m["message"] for m in messages] == []
    assert site.page(PAGE).find("picture").source["type"] == "image/webp"
