"""The verbs people type: ``invoke --list`` shows them all.

    invoke build        build the site for local preview into output/
    invoke serve        serve output/ on http://127.0.0.1:8000
    invoke livereload   rebuild and refresh the browser on every change
    invoke new "Title"  start a new article from the template
    invoke check        validate, lint and strict-build the content; one line a problem
    invoke report       write the editorial report and print it
    invoke governance   reviews due, articles with no reviewer, links that fail
    invoke test         run every test
    invoke fuzz         run the property-based tests of hostile content long
    invoke publish      production build, swapped into output/ only on success
    invoke bench -n N   build-speed benchmark against bare Pelican and Hugo
"""


# The commands live in one module per job; invoke finds every task named here.
import sys
from pathlib import Path

# invoke puts the folder above a tasks.py on the import path, not the one above a
# tasks/ package: the commands import live/ and wordpress_import/ from there.
if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from invoke.exceptions import Exit

from .checks import check, governance, report
from .common import CONTENT, LOCAL_SETTINGS, OUTPUT, PUBLISH_SETTINGS, ROOT, build_atomically
from .content import import_wordpress, new, new_translation, translations_update
from .site import build, clean, editor, livereload, preview, publish, rebuild, serve
from .tools import architecture, bench, fuzz, lighthouse, screenshots, test, test_tools

__all__ = [
    "CONTENT", "LOCAL_SETTINGS", "OUTPUT", "PUBLISH_SETTINGS", "ROOT", "Exit", "architecture",
    "bench", "build", "build_atomically", "check", "clean", "editor", "fuzz", "governance",
    "import_wordpress", "lighthouse", "livereload", "new", "new_translation", "preview",
    "publish", "rebuild", "report", "screenshots", "serve", "test", "test_tools",
    "translations_update",
]
