"""Production settings: absolute URLs, feeds, a clean output folder, strict checks.

SITEURL comes from the environment (the default is the domain of the clinic's email)
so that any host can be targeted:
    SITEURL=https://example.org invoke publish
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403 - production settings are the local ones, then changes

SITEURL = os.environ.get("SITEURL", "https://apollophysioyyc.com").rstrip("/")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_RSS = "feeds/{slug}.rss.xml"
RSS_FEED_SUMMARY_ONLY = True  # feeds carry the summary; the page carries the article

DELETE_OUTPUT_DIRECTORY = True
LOAD_CONTENT_CACHE = False

GUARDRAILS = {**GUARDRAILS, "strict": True}  # noqa: F405 - defined in pelicanconf.py

# Only clinically reviewed articles are published; drafts appear in local
# previews only and are not written at all here.
CLINICAL_REVIEW = {**CLINICAL_REVIEW, "require_review": True}  # noqa: F405 - defined in pelicanconf.py
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
# Minified HTML, CSS and JS; hashed asset names; .gz and .br copies for hosts that serve them.
POSTPROCESS = {"minify": True, "precompress": True, "hash_assets": True}
# _headers, _redirects and redirect pages for static hosts (see DEPLOY.md).
HOST_FILES = {"enabled": True}
