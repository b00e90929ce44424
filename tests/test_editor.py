"""The editor at /admin/ (plugins/editor): its configuration is the content model's,
its format writes back only what changed, its blocks are our `///` syntax, and readers
never meet it. The browser test against a real decap-server is test_editor_browser.py.

The JavaScript parts (editor.js with js-yaml) run in Node, the same files the
editor loads.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import CONTENT, NODE_MODULES, ROOT, reader_pages

EDITOR_JS = ROOT / "plugins" / "editor" / "admin" / "editor.js"
JS_YAML = NODE_MODULES / "js-yaml" / "dist" / "js-yaml.js"


def admin_data(site) -> dict:
    return json.loads((site.output / "admin" / "config.json").read_text(encoding="utf-8"))


def run_node(script: str, payload) -> object:
    """Runs `script` in Node with the editor's own editor.js and js-yaml; `input` is the payload."""
    assert JS_YAML.exists(), "js-yaml is missing: run `invoke test-tools`"
    program = (f"const yaml = require({json.dumps(str(JS_YAML))});\n"
               f"const api = require({json.dumps(str(EDITOR_JS))});\n"
               "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
               f"{script}\n")
    result = subprocess.run(["node", "-e", program], input=json.dumps(payload),
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- The configuration is the content model's, field by field ---

def schema_sources(site) -> dict:
    """The choices' real sources: the files, read here, and the merged settings the
    build checks content against (CONTENT_MODEL over the content model's defaults)."""
    from content_model import settings_for as model_settings

    rules = model_settings(site.settings)
    people = yaml.safe_load((CONTENT / "people.yml").read_text(encoding="utf-8"))
    services = []
    for path in sorted((CONTENT / "services").glob("*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        services.append({"label": front["title"], "value": front["slug"]})
    return {
        "people": [{"label": person["name"], "value": person["id"]} for person in people],
        "services": services,
        "categories": rules["categories"],
        "languages": [lang for lang in site.settings["LANGUAGES"]
                      if lang != site.settings["DEFAULT_LANG"]],
        "limit": rules["summary_max_length"],
    }


EXPECTED_WIDGETS = {"text": "string", "date": "datetime", "list": "list", "yes/no": "boolean",
                    "number": "number", "choice": "select", "person": "select",
                    "references": "list"}


def kind_of_collection(name: str) -> str:
    return {"articles": "article", "services": "service", "pages": "page"}.get(
        name, "translation" if name.startswith("translations-") else name)


def test_the_form_is_the_content_model_field_by_field_for_every_content_type(site):
    from content_model import SCHEMAS, SLUG_PATTERN

    sources = schema_sources(site)
    collections = {c["name"]: c for c in admin_data(site)["config"]["collections"]}
    kinds = {kind_of_collection(name) for name in collections}
    assert kinds == set(SCHEMAS), kinds  # article, service, page, translation
    assert {name for name in collections if name.startswith("translations-")} == {
        f"translations-{lang}" for lang in sources["languages"]}
    for name, collection in collections.items():
        kind = kind_of_collection(name)
        fields = {field["name"]: field for field in collection["fields"]}
        assert set(fields) == set(SCHEMAS[kind]) | {"body"}, (name, set(fields) ^ set(SCHEMAS[kind]))
        for field_name, field in SCHEMAS[kind].items():
            form = fields[field_name]
            where = f"{name}.{field_name}"
            if field_name == "lang" and form["widget"] == "hidden":
                # The collection is one language: its filter and the hidden field agree.
                assert collection["filter"] == {"field": "lang", "value": form["default"]}, where
                continue
            expected_widget = {"summary": "text", "category": "select", "services": "select",
                               "lang": "select"}.get(field_name, EXPECTED_WIDGETS[field.type])
            assert form["widget"] == expected_widget, where
            # Required in the form exactly when the build requires a value; a list that
            # may be empty ([]) is written by the format even when empty.
            if field.type == "list" and field.required is True:
                assert form["required"] is False and field_name in admin_data(site)["always_written"]
            else:
                assert form["required"] is (field.required is True), where
            hint = form.get("hint", "")
            if field.required == "to publish":
                assert hint.startswith("Needed before it is published"), where
            if field_name == "summary":
                assert str(sources["limit"]) in hint
                assert form["pattern"][0] == f"^[\\s\\S]{{0,{sources['limit']}}}$"
            else:
                assert field.help.lower().rstrip(".") in hint.lower(), where
            if field_name == "slug":
                assert form["pattern"][0] == SLUG_PATTERN.pattern
            choices = [option["value"] if isinstance(option, dict) else option
                       for option in form.get("options", [])]
            if field.type == "person":
                assert form["options"] == sources["people"], where
            elif field.choices:
                assert choices == list(field.choices), where
            elif field_name == "category":
                assert choices == sources["categories"], where
            elif field_name == "services":
                assert form["options"] == sources["services"] and form["multiple"] is True
            elif field_name == "lang":
                assert choices == sources["languages"], where
            else:
                assert "options" not in form, where


def test_a_new_schema_field_appears_in_the_form(site, monkeypatch):
    """Generated, not copied: a field added to the schema is in the next configuration."""
    from editor import editor_config

    from content_model import SCHEMAS, Field

    monkeypatch.setitem(SCHEMAS["service"], "booking_note",
                        Field("text", True, "a short note shown next to the booking link"))
    config = editor_config(site.settings, [], [])
    services = next(c for c in config["collections"] if c["name"] == "services")
    field = next(f for f in services["fields"] if f["name"] == "booking_note")
    assert field["required"] is True and field["hint"] == "A short note shown next to the booking link."


def test_every_change_is_proposed_for_review(site, production_site):
    for built in (site, production_site):
        config = admin_data(built)["config"]
        assert config["publish_mode"] == "editorial_workflow"
        assert config["backend"]["name"] == "github" and config["backend"]["branch"] == "main"
        assert config["media_folder"] == "content/images"
    assert "local_backend" in admin_data(site)["config"]
    assert "local_backend" not in admin_data(production_site)["config"]


def test_the_figure_alt_text_is_required_in_the_lints_words(site):
    from content_lint import ALT_TEXT_WHAT, ALT_TEXT_WHY

    hint = admin_data(site)["alt_hint"]
    script = "console.log(JSON.stringify(api.components(input.blocks, input.hint)" \
             ".find(c => c.id === 'figure').fields))"
    fields = run_node(script, {"blocks": admin_data(site)["blocks"], "hint": hint})
    alt = next(field for field in fields if field["name"] == "alt")
    assert alt["required"] is True and alt["hint"] == hint
    assert ALT_TEXT_WHAT.lower() in hint and ALT_TEXT_WHY in hint


# --- Saving changes only what the writer changed ---

FORMAT = """
const shared = input.shared;
const out = {};
for (const [name, text] of Object.entries(input.files)) {
  const collection = shared.config.collections.find(c => c.name === input.collection[name]);
  const format = api.makeFormat(yaml, collection, shared);
  const data = format.fromFile(text);
  Object.assign(data, input.edits[name] || {});
  out[name] = format.toFile(data);
}
console.log(JSON.stringify(out));
"""


def collection_for(path: Path, languages: list[str]) -> str:
    relative = path.relative_to(CONTENT).parts
    if relative[0] == "articles":
        lang = path.name.split(".")[-2] if path.name.count(".") == 2 else ""
        return f"translations-{lang}" if lang in languages else "articles"
    return {"services": "services", "pages": "pages"}[relative[0]]


def run_format(site, files: dict[str, str], edits: dict[str, dict] | None = None) -> dict:
    shared = admin_data(site)
    languages = [c["name"].removeprefix("translations-") for c in shared["config"]["collections"]
                 if c["name"].startswith("translations-")]
    collections = {name: collection_for(CONTENT / name, languages) for name in files}
    return run_node(FORMAT, {"shared": shared, "files": files, "edits": edits or {},
                             "collection": collections})


def test_opening_and_saving_without_an_edit_changes_no_byte_of_any_file(site):
    files = {str(path.relative_to(CONTENT)): path.read_text(encoding="utf-8")
             for path in sorted(CONTENT.rglob("*.md"))}
    assert len(files) >= 10
    written = run_format(site, files)
    assert {name: text for name, text in written.items() if text != files[name]} == {}


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    import difflib

    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))
    return ([line[1:] for line in diff if line.startswith("-") and not line.startswith("---")],
            [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")])


SEED = "articles/everything-about-dry-needling.md"
BACK_PAIN = "articles/low-back-pain-what-helps.md"


@pytest.mark.parametrize(("name", "edit", "removed", "added"), [
    (SEED, {"summary": "What dry needling is: a plain sentence."},
     ["summary: What dry needling (intramuscular stimulation, IMS) is, how it is thought to "
      "work, and how to have it safely in Calgary."],
     ["summary: \"What dry needling is: a plain sentence.\""]),
    (SEED, {"tags": ["dry needling", "IMS"]},
     ["tags: [dry needling, IMS, trigger points, muscle pain]"], ["tags: [dry needling, IMS]"]),
    (SEED, {"last_reviewed": "2026-12-01"}, ["last_reviewed: 2026-11-23"],
     ["last_reviewed: 2026-12-01"]),
    (SEED, {"noindex": True}, [], ["noindex: true"]),
    (BACK_PAIN, {"title": "Low back pain: what helps most"},
     ['title: "Low back pain: what helps"'], ['title: "Low back pain: what helps most"']),
    (BACK_PAIN, {"status": ""}, ["status: draft"], []),
])
def test_editing_one_field_changes_that_fields_lines_only(site, name, edit, removed, added):
    before = (CONTENT / name).read_text(encoding="utf-8")
    after = run_format(site, {name: before}, {name: edit})[name]
    assert changed_lines(before, after) == (removed, added)
    # What the build reads back is the edit.
    front = yaml.safe_load(after.split("---")[1])
    for key, value in edit.items():
        if value in ("", None):
            assert key not in front
        elif key == "last_reviewed":
            assert str(front[key]) == value
        else:
            assert front[key] == value


def test_a_new_file_is_written_in_the_form_order_with_dates_yaml_reads_as_dates(site):
    script = """
const shared = input.shared;
const collection = shared.config.collections.find(c => c.name === 'articles');
const format = api.makeFormat(yaml, collection, shared);
console.log(JSON.stringify(format.toFile({title: 'Ankle sprain: the first days', date: '2026-12-05',
  summary: 'What to do in the first days.', category: 'Conditions', tags: [], author: 'apollo-clinic',
  services: [], lang: 'en', status: 'draft', references: [{title: 'NHS. Sprains.', url: 'https://www.nhs.uk/'}],
  body: 'Rest it.\\n/// key-points\\n- Rest.\\n///\\nThen move.'})));
"""
    text = run_node(script, {"shared": admin_data(site)})
    assert text == (
        "---\n"
        'title: "Ankle sprain: the first days"\n'
        "date: 2026-12-05\n"
        "summary: What to do in the first days.\n"
        "category: Conditions\n"
        "tags: []\n"
        "author: apollo-clinic\n"
        "services: []\n"
        "status: draft\n"
        "references:\n"
        '  - {title: NHS. Sprains., url: "https://www.nhs.uk/"}\n'
        "---\n\n"
        "Rest it.\n\n/// key-points\n- Rest.\n///\n\nThen move.\n")
    import datetime

    front = yaml.safe_load(text.split("---")[1])
    assert front["date"] == datetime.date(2026, 12, 5) and front["services"] == []


# --- Content blocks: exactly our /// syntax, read back ---

def block_examples() -> list[str]:
    """Every block in WRITING.md's examples and in the articles."""
    texts = [(ROOT / "WRITING.md").read_text(encoding="utf-8"),
             *(path.read_text(encoding="utf-8") for path in sorted((CONTENT / "articles").rglob("*.md")))]
    found = []
    for text in texts:
        found += re.findall(r"^/// (?:key-points|urgent|do|dont|questions|figure)\b.*?\n///$",
                            text, flags=re.MULTILINE | re.DOTALL)
    return found


def test_each_block_is_read_and_written_back_exactly(site):
    examples = block_examples()
    assert {example.split()[1] for example in examples} >= {
        "key-points", "urgent", "do", "dont", "questions", "figure"}
    script = """
const list = api.components(input.blocks, '');
console.log(JSON.stringify(input.examples.map(text => {
  const component = list.find(c => new RegExp(c.pattern.source).test(text));
  if (!component) return null;
  const match = text.match(component.pattern);
  return component.toBlock(component.fromBlock(match));
})));
"""
    written = run_node(script, {"blocks": admin_data(site)["blocks"], "examples": examples})
    for example, back in zip(examples, written, strict=True):
        assert back == example


def test_the_preview_draws_blocks_with_the_theme_macros_markup(site):
    """The preview's key points are the HTML the build writes for the same Markdown."""
    page = site.page("drafts/low-back-pain-what-helps/")
    built = page.select_one(".key-points")
    script = """
const list = api.components(input.blocks, '');
const component = list.find(c => c.id === 'key-points');
console.log(JSON.stringify(component.toPreview({heading: '', level: '', text: input.text})));
"""
    source = (CONTENT / BACK_PAIN).read_text(encoding="utf-8")
    text = re.search(r"^/// key-points\n(.*?)\n///$", source, re.MULTILINE | re.DOTALL)[1]
    preview = run_node(script, {"blocks": admin_data(site)["blocks"], "text": text})
    from bs4 import BeautifulSoup

    drawn = BeautifulSoup(preview, "lxml").select_one(".key-points")
    assert [(tag.name, tag.get("class")) for tag in drawn.find_all(True)] == [
        (tag.name, tag.get("class")) for tag in built.find_all(True)]
    # The build's typography joins the last two words with a no-break space.
    assert drawn.get_text(" ", strip=True) == built.get_text(" ", strip=True).replace("\xa0", " ")


# --- Readers never pay for it ---

HOST = re.compile(r"https?://[^\s;'\"]+")


def test_only_the_editors_policy_names_another_host(site, production_site):
    from host_files import CSP, content_security_policy

    assert not HOST.search(content_security_policy(CSP))
    for built in (site, production_site):
        for page in built.html_files():
            meta = built.page(str(page.relative_to(built.output))).find(
                "meta", attrs={"http-equiv": "Content-Security-Policy"})
            assert meta is None or not HOST.search(meta["content"]), page
        admin = (built.output / "admin" / "index.html").read_text(encoding="utf-8")
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', admin)[1]
        assert "connect-src 'self' blob: https://api.github.com" in policy
        assert "'unsafe-eval'" in policy and "script-src 'self' 'unsafe-eval'" in policy
    local = (site.output / "admin" / "index.html").read_text(encoding="utf-8")
    production = (production_site.output / "admin" / "index.html").read_text(encoding="utf-8")
    assert "http://127.0.0.1:8081" in local and "8081" not in production
    headers = (production_site.output / "_headers").read_text(encoding="utf-8")
    rules = dict(re.findall(r"^(/\S*)\n((?:  .*\n)+)", headers, flags=re.MULTILINE))
    assert not HOST.search(rules["/*"])
    assert "https://api.github.com" in rules["/admin/*"] and "X-Robots-Tag: noindex" in rules["/admin/*"]


def test_no_reader_page_links_to_the_editor_or_loads_from_it(site, production_site):
    for built in (site, production_site):
        pages = built.html_files()
        assert pages == reader_pages(built.output) and len(pages) > 10
        assert not any("admin" in page.relative_to(built.output).parts for page in pages)
        for page in pages:
            soup = built.page(str(page.relative_to(built.output)))
            for tag in soup.find_all(True):
                for attribute in ("href", "src", "srcset", "action", "data"):
                    value = tag.get(attribute) or ""
                    assert not re.search(r"(^|/)admin(/|$)", value), f"{page}: {tag}"


def test_the_editor_is_out_of_the_sitemap_search_and_feeds(production_site):
    from findability_helpers import pagefind_fragments

    out = production_site.output
    admin = (out / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in admin
    assert "/admin/" not in (out / "sitemap.xml").read_text(encoding="utf-8")
    for feed in (out / "feeds").iterdir():
        assert "/admin/" not in feed.read_text(encoding="utf-8"), feed
    assert not any("/admin/" in record["url"] for record in pagefind_fragments(out))
    assert (out / "admin" / "decap-cms.js").stat().st_size > 1_000_000  # from npm, not a CDN
    assert "<script src=\"decap-cms.js\"></script>" in admin and "https://" not in admin.split(
        "<title>")[1]
