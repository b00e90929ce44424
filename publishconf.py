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
# A feed per language (English too), for readers of translations.
TRANSLATION_FEED_ATOM = "feeds/{lang}.atom.xml"
RSS_FEED_SUMMARY_ONLY = True  # feeds carry the summary; the page carries the article

DELETE_OUTPUT_DIRECTORY = True
# Production builds use the build cache too (converted Markdown, rendered pages):
# every entry is keyed by the bytes it came from and everything else its output
# depends on, and tests/test_render_cache.py proves a warm build equals a cold one.
# `pelican --ignore-cache` (or an empty cache/) builds everything from scratch.
LOAD_CONTENT_CACHE = True

GUARDRAILS = {"strict": True}  # warnings fail the build too

# Only clinically reviewed articles are published; drafts appear in local
# previews only and are not written at all here.
CLINICAL_REVIEW = {"require_review": True}
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
# Which host serves the site (DEPLOY.md). Only a plain web server (nginx with
# gzip_static and brotli_static, and the like) sends the .gz and .br copies made at
# build time; GitHub Pages, Netlify and Cloudflare Pages compress on the fly and
# ignore them, so for those hosts they are not made.
SITE_HOSTS = {"github-pages": False, "netlify": False, "cloudflare": False, "server": True}
SITE_HOST = os.environ.get("SITE_HOST", "github-pages")  # .github/workflows/site.yml deploys there
if SITE_HOST not in SITE_HOSTS:
    raise SystemExit(f"SITE_HOST={SITE_HOST!r} is not a host this site knows: use one of "
                     f"{', '.join(SITE_HOSTS)} (see DEPLOY.md).")
# Minified HTML, CSS and JS; hashed asset names; .gz and .br copies where the host sends them.
POSTPROCESS = {"minify": True, "precompress": SITE_HOSTS[SITE_HOST], "hash_assets": True}
# _headers, _redirects and redirect pages for static hosts (see DEPLOY.md).
HOST_FILES = {"enabled": True}
# The editor at /admin/ signs writers in to the GitHub repository (GITHUB_REPOSITORY is
# set on GitHub Actions; EDITOR_REPO elsewhere) and never looks for decap-server.
EDITOR = {"local_backend": "",
          "repo": os.environ.get("EDITOR_REPO") or os.environ.get("GITHUB_REPOSITORY", ""),
          "auth_site_domain": os.environ.get("EDITOR_AUTH_SITE", "")}
