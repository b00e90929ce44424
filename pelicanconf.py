"""Settings for writing locally: relative URLs, content caching on, no noise.

Everything about the clinic lives in CLINIC. Templates show only the facts that
are set, so an empty value simply leaves its line out of the site.
"""

import sys
from pathlib import Path

CLINIC = {
    "name": "Apollo Physiotherapy Massage and Chiro",
    "short_name": "Apollo Physiotherapy",
    "description": (
        "Physiotherapy, massage therapy, chiropractic care, and dry needling "
        "in NE Calgary, Alberta."
    ),
    "email": "info@apollophysioyyc.com",
    "area": "NE Calgary",
    "city": "Calgary",
    "region": "Alberta",
    "country": "Canada",
    # Optional facts for the clinic to fill in. Leave a value empty ("" or [])
    # and the site leaves it out: no empty labels, no broken links.
    "street_address": "",  # e.g. "123 Example Street NE, Unit 4"
    "postal_code": "",  # e.g. "T1Y 0A0"
    "phone": "",  # as people dial it, e.g. "+1 403 555 0100"
    "opening_hours": [],  # lines such as "Monday to Friday: 9 am to 6 pm"
    "booking_url": "",  # the clinic's online booking page, if it has one
    "map_url": "",  # a link to the clinic on a map service
    "social": [],  # profiles as {"name": "Instagram", "url": "https://..."}
}

SITENAME = CLINIC["name"]
SITESUBTITLE = "Patient education from our physiotherapy team"
AUTHOR = "apollo-clinic"  # the default author: an id in content/people.yml
SITEURL = ""
RELATIVE_URLS = True
DEFAULT_LANG = "en"
# The languages the site offers, English first. A translation (WRITING.md,
# Translations) is in one of them; each other language has a catalog of the
# theme's words in theme/translations/. The clinic publishes only translations
# that a person made and a clinician reviewed: nothing machine-translated.
LANGUAGES = ["en", "fr", "pa", "ur"]
TIMEZONE = "America/Edmonton"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

# Where writers work. Service pages are pages of their own kind (plugins/services).
PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages", "services"]
STATIC_PATHS = ["images", "files"]  # files: PDFs, recordings and videos an article links to
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "Uncategorised"

THEME = "theme"
PLUGIN_PATHS = ["plugins"]
# Plugins import the shared library plugins/site_core and each other's public
# functions. Pelican finds plugins in PLUGIN_PATHS but puts that folder on no
# import path, so an import worked only if Pelican happened to load the imported
# plugin first. With the folder on the path, PLUGINS' order is only the order
# of the signal handlers (see ARCHITECTURE.md).
plugins_folder = str(Path(__file__).resolve().parent / "plugins")
if plugins_folder not in sys.path:
    sys.path.insert(0, plugins_folder)
# The whole pipeline, in order. Every signal calls its handlers in this order, so
# where a plugin must follow another on the same signal it declares so (AFTER in
# its package) and the build refuses an order that breaks it. ARCHITECTURE.md has
# the table of which plugin acts at which signal, generated from this list.
PLUGINS = [
    # Reading: Markdown as our HTML, checked and sanitised, then linked up.
    "safe_text",  # raw HTML as text and the sanitiser, before any content is read
    "front_matter",  # the Markdown reader: YAML front matter, conversion and its cache
    "people", "services", "clinical_review",
    "translations",  # translated articles, and the theme's words in the page's language
    "breadcrumbs",
    "content_blocks",  # the writers' blocks (Markdown extensions)
    "reading_aids",  # after services: related articles compare services
    "pelican.plugins.neighbors",
    "content_model", "content_lint",
    "plain_language",  # reading grades against their targets, and what to make plainer
    "trust",  # after people and plain_language: named reviewers, references, reading targets
    "editorial_report", "responsive_images",
    "structured_data",
    # Writing: postprocess renders every page on `finalized`; the plugins after it
    # read or add to what it wrote.
    "postprocess",
    "host_files", "search_index", "sitemap",
    "editor",  # the writers' form editor at /admin/ (Decap CMS), configured from content_model
    "precompress",  # .gz and .br of every text file, once all of them are written
    "output_folder",  # a production build keeps the output's folders, and removes those left empty
    "guardrails",  # last: its final check counts the problems of every step
]

# Each plugin has one dict setting (GUARDRAILS, PEOPLE, CLINICAL_REVIEW, SERVICES,
# TRANSLATIONS, CONTENT_BLOCKS, READING_AIDS, CONTENT_MODEL, CONTENT_LINT,
# EDITORIAL_REPORT, RESPONSIVE_IMAGES, STRUCTURED_DATA, POSTPROCESS, HOST_FILES,
# SEARCH_INDEX, SITEMAP, PLAIN_LANGUAGE, TRUST, EDITOR, OUTPUT_FOLDER...). Its defaults, with what
# each key does, are written once, in the plugin's DEFAULTS (plugins/<name>/<name>.py);
# set here only what this clinic changes, e.g. CLINICAL_REVIEW = {"grace_days": 14}.
# publishconf.py adds production's.

# Clean URLs: every page is a folder with an index.html.
ARTICLE_URL = "articles/{slug}/"
ARTICLE_SAVE_AS = "articles/{slug}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
# Translations: /pa/articles/<slug>/ (the same slug as the English article).
ARTICLE_LANG_URL = "{lang}/articles/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/articles/{slug}/index.html"
DRAFT_LANG_URL = "drafts/{lang}/{slug}/"
DRAFT_LANG_SAVE_AS = "drafts/{lang}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = "drafts/pages/{slug}/index.html"
CATEGORY_URL = "categories/{slug}/"
CATEGORY_SAVE_AS = "categories/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAG_URL = "topics/{slug}/"
TAG_SAVE_AS = "topics/{slug}/index.html"
TAGS_URL = "topics/"
TAGS_SAVE_AS = "topics/index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = "authors/{slug}/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
ARCHIVES_URL = "articles/archive/"
ARCHIVES_SAVE_AS = "articles/archive/index.html"
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""

# "home" is the front page; "index" is the paginated list of all articles.
DIRECT_TEMPLATES = [
    "home", "services", "index", "categories", "tags", "authors", "archives", "notfound",
]
PAGINATED_TEMPLATES = {"index": None, "category": None, "tag": None, "author": None}
HOME_SAVE_AS = "index.html"
HOME_URL = ""
SERVICES_SAVE_AS = "services/index.html"
SERVICES_URL = "services/"
INDEX_SAVE_AS = "articles/index.html"
INDEX_URL = "articles/"
NOTFOUND_SAVE_AS = "404.html"
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)



def theme_word(text: str) -> str:
    """Marks a label for the theme's catalogs (`invoke translations-update` extracts
    it); the templates show it in the page's language."""
    return text


# The header navigation, in order. Each entry: (label, URL relative to the site root).
NAV_LINKS = [
    (theme_word("Services"), "services/"),
    (theme_word("Articles"), "articles/"),
    (theme_word("About us"), "about/"),
    (theme_word("Contact"), "contact/"),
]
DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False

# No feeds while writing; publishconf.py turns them on.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Smart quotes, dashes and no widows: the front matter reader applies typogrify once
# per file content and caches it, so Pelican's own TYPOGRIFY (every build) stays off.
TYPOGRIFY = False
FRONT_MATTER = {"typogrify": True}
TYPOGRIFY_IGNORE_TAGS = ["pre", "code", "kbd", "script", "style"]
MARKDOWN = {
    # Replaces Pelican's default dict rather than merging with it.
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.sane_lists": {},
        "markdown.extensions.toc": {},
    },
    "output_format": "html5",
}

SUMMARY_MAX_LENGTH = 40
# Pelican's own content cache is off: it is keyed on each file's date alone, and a
# file it serves skips our reader, so that file's warnings went unreported. The
# front matter reader keeps its own cache, by content hash and everything else the
# output depends on (settings, plugin code, theme macros); LOAD_CONTENT_CACHE (and
# `pelican --ignore-cache`) says whether a build may load it.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
# Uncompressed: gzip made saving Pelican's cache a tenth of a live rebuild.
GZIP_CACHE = False
DELETE_OUTPUT_DIRECTORY = False
LOG_FILTER = []


# --- Findability: safe text, structured data, search, feeds, sitemap (issue #5) ---
# Every value printed by a template is escaped unless it is marked safe: titles
# are made safe by plugins/safe_text, bodies and summaries with `| safe`.
# auto_reload off: Pelican makes a new environment for every build, so Jinja's
# check of each template's modification time on every include and import
# (eighteen thousand stat calls for a thousand articles) buys nothing.
JINJA_ENVIRONMENT = {"autoescape": True, "auto_reload": False}

DIRECT_TEMPLATES = [*DIRECT_TEMPLATES, "search", "reviewers"]
# Who reviews the articles, with their profession and registration ("Reviewed by" links here).
REVIEWERS_URL = "reviewers/"
REVIEWERS_SAVE_AS = "reviewers/index.html"
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
