"""Link advice names the likely file, and a missing image gets one message in our
words: through the invoke binary, on a copy of the real content."""

from __future__ import annotations

import subprocess

from conftest import ROOT

INVOKE = ROOT / ".venv" / "bin" / "invoke"
BROKEN = """

![Climbing stairs]({static}/images/knee-stairs.jpg)

![Moving through the day]({static}/images/low-back-pain-daily-movment.svg)

Read [about physiotherapy]({filename}/services/physio.md) and
[dry needling]({filename}/articles/everything-about-dry-needlin.md), or
[an old page]({filename}/nothing-like-it/zzqx.md).
"""


def test_broken_links_suggest_the_nearest_file_or_the_folder(content_copy, tmp_path):
    article = content_copy / "articles" / "low-back-pain-what-helps.md"
    text = article.read_text(encoding="utf-8").rstrip("\n") + "\n"
    first = text.count("\n") + 3  # the line of the first broken link
    article.write_text(text + BROKEN, encoding="utf-8")
    result = subprocess.run([str(INVOKE), "build", "--content", str(content_copy), "--output",
                             str(tmp_path / "out")], capture_output=True, text=True, timeout=300,
                            stdin=subprocess.DEVNULL)
    output = result.stdout + result.stderr
    # The article is a draft: its broken links are its to-do list, shown but never
    # stopping the build (issue 19).
    assert result.returncode == 0, output
    path = f"{article}:"
    fix_near = ("? Paths start from the content folder; check the spelling, or rename the "
                "file to match.")
    expected = [
        f"{path}{first}: link: {{static}}/images/knee-stairs.jpg points to a file that does "
        "not exist. No file of that kind has a similar name: look in content/images/ for the "
        "file and write its path after {static}/, e.g. {static}/images/file-name.jpg.",
        f"{path}{first + 2}: link: {{static}}/images/low-back-pain-daily-movment.svg points to "
        "a file that does not exist. Did you mean "
        f"{{static}}/images/low-back-pain-daily-movement.svg{fix_near}",
        f"{path}{first + 4}: link: {{filename}}/services/physio.md points to a file that does "
        f"not exist. Did you mean {{filename}}/services/physiotherapy.md{fix_near}",
        f"{path}{first + 5}: link: {{filename}}/articles/everything-about-dry-needlin.md points "
        "to a file that does not exist. Did you mean "
        f"{{filename}}/articles/everything-about-dry-needling.md{fix_near}",
        f"{path}{first + 6}: link: {{filename}}/nothing-like-it/zzqx.md points to a file that "
        "does not exist. No file of that kind has a similar name: look in content/articles/ "
        "for the file and write its path after {filename}/, e.g. "
        "{filename}/articles/file-name.md.",
    ]
    expected = [f"{line} (draft: to do before publishing)" for line in expected]
    lines = output.splitlines()
    for line in expected:
        assert line in lines, output
    # One problem, one message: nothing else about these files, no raw Pelican line.
    about_article = [line for line in lines if line.startswith(path)]
    assert sorted(about_article) == sorted(expected), output
    assert "Cannot get modification stamp" not in output
    assert "No such file or directory" not in output
    assert "Traceback" not in output
