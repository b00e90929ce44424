"""Synthetic articles valid for our content model, written three ways.

``generate(folder, n)`` writes, from one deterministic random stream:

- ``site/``: our content (pages and services copied from content/) plus N
  articles with our YAML front matter: title, slug, date, summary, category,
  tags, author, services, reviewed_by and last_reviewed; bodies of about 700
  words with headings, lists and links to services and to other articles.
- ``bare/``: the same Markdown with Pelican's own ``Key: value`` metadata, for
  bare Pelican (no plugins, default theme).
- ``hugo/``: the same articles for Hugo, with a minimal layout set.
"""

from __future__ import annotations

import datetime
import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ["physiotherapy", "massage-therapy", "chiropractic-care", "dry-needling-ims"]
# Our content model has a fixed list of categories (CONTENT_MODEL["categories"]),
# so the synthetic articles use those, and the bare-Pelican copy uses the same ones.
CATEGORIES = [
    "Treatments", "Conditions", "Exercise and recovery", "Clinic news",
]
AUTHOR_ID = "apollo-clinic"  # an id from content/people.yml
# Every synthetic article was reviewed recently, so none is overdue for review.
LAST_REVIEWED = datetime.date(2026, 1, 15)
TAG_WORDS = [
    "back pain", "neck pain", "knee", "shoulder", "hip", "ankle", "wrist", "posture",
    "stretching", "strength", "balance", "running", "sitting", "sleep", "headache",
    "sciatica", "arthritis", "tendons", "sprains", "surgery", "pregnancy", "walking",
    "desk work", "lifting", "swelling", "ice and heat", "massage", "needling",
    "manual therapy", "breathing", "core", "hamstrings", "calves", "feet", "jaw",
    "whiplash", "concussion", "golf", "hockey", "skating",
]
WORDS = [
    "muscle", "joint", "pain", "movement", "exercise", "stretch", "gentle", "strength", "daily",
    "routine", "body", "therapist", "clinic", "recovery", "injury", "session", "treatment",
    "comfort", "posture", "balance", "walking", "sitting", "standing", "breathing", "weeks",
    "gradually", "slowly", "careful", "healthy", "tissue", "nerve", "tendon", "ligament",
    "bone", "spine", "shoulder", "knee", "hip", "ankle", "hand", "assessment", "plan", "goals",
    "home", "program", "repeat", "rest", "active", "heat", "ice", "support", "people", "often",
    "usually", "most", "many", "some", "feel", "better", "move", "work", "sleep", "sport",
]
SENTENCE_ENDS = [".", ".", ".", "?", "!"]


def sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    text = " ".join(words)
    # Quotes, dashes and ellipses give typogrify real work, as in clinic text.
    if rng.random() < 0.2:
        text += ' -- "' + " ".join(rng.choice(WORDS) for _ in range(3)) + '"'
    if rng.random() < 0.1:
        text += "..."
    return text[0].upper() + text[1:] + rng.choice(SENTENCE_ENDS)


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 5)))


def title_of(rng: random.Random, index: int) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 6)))
    return f"{words.capitalize()} {index}"


def body(rng: random.Random, index: int, n: int, link) -> str:
    """About 700 words: headings, paragraphs, a list, links to services and articles."""
    parts = [paragraph(rng), paragraph(rng)]
    for section in range(4):
        parts.append(f"## {' '.join(rng.choice(WORDS) for _ in range(4)).capitalize()}")
        parts.append(paragraph(rng))
        if section == 1:
            parts.append("\n".join(f"- {sentence(rng, 4, 9)}" for _ in range(5)))
        if section == 2:
            parts.append("\n".join(f"{i}. {sentence(rng, 4, 9)}" for i in range(1, 5)))
        parts.append(paragraph(rng))
    service = rng.choice(SERVICES)
    other = (index + rng.randint(1, max(1, n - 1))) % n
    parts.append(
        f"Read about [{service.replace('-', ' ')}]({link('service', service)}) and "
        f"[a related article]({link('article', f'article-{other:05d}')}) next."
    )
    return "\n\n".join(parts) + "\n"


def articles(n: int, seed: int = 2026):
    rng = random.Random(seed)
    start = datetime.date(2020, 1, 1)
    for index in range(n):
        yield {
            "index": index,
            "slug": f"article-{index:05d}",
            "title": title_of(rng, index),
            "date": start + datetime.timedelta(days=index % 2000, hours=0),
            "summary": sentence(rng, 8, 14)[:150],
            "category": CATEGORIES[index % len(CATEGORIES)],
            "tags": sorted(set(rng.sample(TAG_WORDS, rng.randint(2, 4)))),
            "services": sorted(set(rng.sample(SERVICES, rng.randint(1, 2)))),
            "seed": rng.random(),
        }


def our_link(kind: str, slug: str) -> str:
    folder = "services" if kind == "service" else "articles"
    return f"{{filename}}/{folder}/{slug}.md"


def hugo_link(kind: str, slug: str) -> str:
    return f"/services/{slug}/" if kind == "service" else f"/posts/{slug}/"


def write_site(folder: Path, items: list[dict], n: int) -> None:
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    for item in items:
        fields = {
            "title": item["title"], "slug": item["slug"], "date": item["date"].isoformat(),
            "summary": item["summary"], "category": item["category"], "tags": item["tags"],
            "author": AUTHOR_ID, "services": item["services"],
            "reviewed_by": AUTHOR_ID,
            "last_reviewed": LAST_REVIEWED.isoformat(),
        }
        header = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=1000)
        text = f"---\n{header}---\n\n{item['body_ours']}"
        (content / "articles" / f"{item['slug']}.md").write_text(text, encoding="utf-8")


def split_front_matter(text: str) -> tuple[dict, str]:
    _, header, rest = text.split("---\n", 2)
    return yaml.safe_load(header), rest


def write_bare(folder: Path, items: list[dict]) -> None:
    """Pelican-native metadata; services become ordinary pages."""
    content = folder / "content"
    for sub in ("articles", "pages", "services"):
        (content / sub).mkdir(parents=True)
    for sub in ("pages", "services"):
        for source in sorted((ROOT / "content" / sub).glob("*.md")):
            fields, rest = split_front_matter(source.read_text(encoding="utf-8"))
            header = "".join(
                f"{key.capitalize()}: {value}\n" for key, value in fields.items()
                if key in ("title", "slug", "summary")
            )
            (content / sub / source.name).write_text(header + "\n" + rest, encoding="utf-8")
    for item in items:
        header = (
            f"Title: {item['title']}\nSlug: {item['slug']}\nDate: {item['date'].isoformat()}\n"
            f"Summary: {item['summary']}\nCategory: {item['category']}\n"
            f"Tags: {', '.join(item['tags'])}\nAuthor: Apollo Physiotherapy Massage and Chiro\n"
        )
        (content / "articles" / f"{item['slug']}.md").write_text(
            header + "\n" + item["body_ours"], encoding="utf-8"
        )
    (folder / "pelicanconf.py").write_text(
        'SITENAME = "Bare"\nPATH = "content"\nARTICLE_PATHS = ["articles"]\n'
        'PAGE_PATHS = ["pages", "services"]\nTIMEZONE = "America/Edmonton"\n'
        'TYPOGRIFY = False\nPLUGINS = []\nPLUGIN_PATHS = []\nRELATIVE_URLS = True\n',
        encoding="utf-8",
    )


HUGO_LAYOUTS = {
    "baseof.html": (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>{{ .Title }} | {{ site.Title }}</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/posts/">Articles</a></nav>'
        "<main>{{ block \"main\" . }}{{ end }}</main></body></html>"
    ),
    "single.html": (
        '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Summary }}</p>'
        "<p>{{ .Date.Format \"2 January 2006\" }}</p>{{ .Content }}"
        '<p>{{ range .Params.tags }}<a href="{{ "/tags/" | relURL }}{{ . | urlize }}/">'
        "{{ . }}</a> {{ end }}</p></article>{{ end }}"
    ),
    "list.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1>{{ $p := .Paginate .Pages 10 }}'
        '<ul>{{ range $p.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>'
        "<p>{{ .Summary }}</p></li>{{ end }}</ul>"
        "{{ with $p.Next }}<a href=\"{{ .URL }}\">Next</a>{{ end }}{{ end }}"
    ),
}


def write_hugo(folder: Path, items: list[dict]) -> None:
    posts = folder / "content" / "posts"
    posts.mkdir(parents=True)
    services = folder / "content" / "services"
    services.mkdir(parents=True)
    for source in sorted((ROOT / "content" / "services").glob("*.md")):
        (services / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    for item in items:
        fields = {
            "title": item["title"], "slug": item["slug"], "date": item["date"].isoformat(),
            "summary": item["summary"], "categories": [item["category"]], "tags": item["tags"],
        }
        header = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=1000)
        (posts / f"{item['slug']}.md").write_text(
            f"---\n{header}---\n\n{item['body_hugo']}", encoding="utf-8"
        )
    layouts = folder / "layouts"
    layouts.mkdir()
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text, encoding="utf-8")
    (folder / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "Hugo anchor"\nlanguageCode = "en"\n'
        "disableKinds = []\n[taxonomies]\ntag = \"tags\"\ncategory = \"categories\"\n",
        encoding="utf-8",
    )


def generate(folder: Path, n: int, seed: int = 2026) -> dict[str, Path]:
    """Write site/, bare/ and hugo/ under folder; return their paths."""
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    items = list(articles(n, seed))
    for item in items:
        rng = random.Random(item["seed"])
        state = rng.getstate()
        item["body_ours"] = body(rng, item["index"], n, our_link)
        rng.setstate(state)
        item["body_hugo"] = body(rng, item["index"], n, hugo_link)
    paths = {"site": folder / "site", "bare": folder / "bare", "hugo": folder / "hugo"}
    write_site(paths["site"], items, n)
    write_bare(paths["bare"], items)
    write_hugo(paths["hugo"], items)
    return paths


def edit_one_article(site_content: Path, index: int = 0) -> Path:
    """Append a sentence to one article, as a writer saving a change would."""
    path = site_content / "articles" / f"article-{index:05d}.md"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\nOne more sentence, added while editing.\n")
    return path


if __name__ == "__main__":
    import sys

    print(generate(Path(sys.argv[1]), int(sys.argv[2])))
