"""Production settings: absolute URLs, feeds, a clean output folder, strict checks.

SITEURL comes from the environment (the default is the domain of the clinic's email) so that any host can be targeted:
    SITEURL=https://example.org invoke publish
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://apollophysioyyc.com").rstrip("/")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"

DELETE_OUTPUT_DIRECTORY = True
LOAD_CONTENT_CACHE = False

GUARDRAILS = {**GUARDRAILS, "strict": True}  # noqa: F405

# Minified HTML, CSS and JS; hashed asset names; .gz and .br copies for hosts that serve them.
POSTPROCESS = {"minify": True, "precompress": True, "hash_assets": True}
# _headers, _redirects and redirect pages for static hosts (see DEPLOY.md).
HOST_FILES = {"enabled": True}
