"""The build you can see: one pipeline, declared order checked, no import cycles,
plugins talking only through each other's public functions, and ARCHITECTURE.md true."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

PLUGINS_DIR = ROOT / "plugins"
PACKAGES = sorted(path.name for path in PLUGINS_DIR.iterdir()
                  if (path / "__init__.py").exists())


def settings_plugins() -> list[str]:
    from pelican.settings import read_settings

    return list(read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"])


def test_plugins_is_one_list_in_one_place():
    text = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    assert text.count("PLUGINS = [") == 1 and "PLUGINS = [*PLUGINS" not in text
    publish = (ROOT / "publishconf.py").read_text(encoding="utf-8")
    assert "PLUGINS" not in publish


def test_the_order_keeps_every_declared_dependency():
    from site_core import order_problems

    plugins = settings_plugins()
    assert order_problems(plugins) == []
    assert plugins[-1] == "guardrails"


def test_a_broken_order_is_named_with_its_reason():
    from site_core import order_problems

    plugins = settings_plugins()
    swapped = [name for name in plugins if name != "sitemap"]
    swapped.insert(swapped.index("postprocess"), "sitemap")
    assert order_problems(swapped) == [
        "sitemap must come after postprocess in PLUGINS: it reads each written page's robots "
        "meta, and postprocess writes the pages on finalized"]
    not_last = [*[name for name in plugins if name != "guardrails"][:3], "guardrails",
                *[name for name in plugins if name != "guardrails"][3:]]
    assert order_problems(not_last)[0].startswith("guardrails must be the last of PLUGINS (")


def test_a_build_with_a_broken_order_stops_before_reading(tmp_path):
    """In a process of its own: signals keep their handlers in the order of the first
    build of a process, so a broken order here would outlive this test."""
    import json

    plugins = settings_plugins()
    broken = [name for name in plugins if name != "search_index"]
    broken.insert(0, "search_index")
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(ROOT / "content"), "-o", str(tmp_path / "out"),
         "-s", "pelicanconf.py", "--log-handler", "plain", "-e", f"PLUGINS={json.dumps(broken)}",
         f'CACHE_PATH="{tmp_path / "cache"}"'],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "search_index must come after postprocess in PLUGINS: Pagefind indexes the pages " \
           "postprocess writes on finalized" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "out").exists()


def imports_of(path: Path) -> list[tuple[str, list[str], int]]:
    """(module, names, level) of every import in a file, lazy ones included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            found.append((node.module or "", [alias.name for alias in node.names], node.level))
        elif isinstance(node, ast.Import):
            found += [(alias.name, [], 0) for alias in node.names]
    return found


def test_plugins_use_each_other_only_through_public_package_names():
    wrong = []
    for path in sorted(PLUGINS_DIR.glob("*/*.py")):
        own = path.parent.name
        for module, names, level in imports_of(path):
            top = module.split(".")[0]
            if level or top not in PACKAGES or top == own:
                continue
            if "." in module and module != "site_core.compat":  # the one door, by name
                wrong.append(f"{path.relative_to(ROOT)}: from {module} import ...")
            wrong += [f"{path.relative_to(ROOT)}: {name} from {module}" for name in names
                      if name.startswith("_")]
    assert wrong == []


def test_no_import_cycles_between_modules():
    graph: dict[str, set[str]] = {}
    for path in sorted(PLUGINS_DIR.glob("*/*.py")):
        package = path.parent.name
        name = package if path.stem == "__init__" else f"{package}.{path.stem}"
        edges = graph.setdefault(name, set())
        for module, names, level in imports_of(path):
            if level:
                target = f"{package}.{module}" if module else package
                edges.update({f"{package}.{n}" for n in names} if not module else {target})
            elif module.split(".")[0] in PACKAGES:
                edges.add(module)
    modules = set(graph)
    graph = {node: {edge for edge in edges if edge in modules and edge != node}
             for node, edges in graph.items()}
    # A package's __init__ re-exports its modules: leave those edges out, keep the rest.
    graph = {node: {e for e in edges if node != e.split(".")[0]} for node, edges in graph.items()}
    cycles, state = [], {}

    def visit(node, trail):
        state[node] = "open"
        for edge in sorted(graph.get(node, ())):
            if state.get(edge) == "open":
                cycles.append(" -> ".join([*trail[trail.index(edge):], edge]))
            elif edge not in state:
                visit(edge, [*trail, edge])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_architecture_md_says_what_the_code_does():
    from site_core.architecture import BEGIN, END

    result = subprocess.run(
        [sys.executable, "-m", "site_core.architecture"], cwd=ROOT, capture_output=True,
        text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(PLUGINS_DIR)})
    assert result.returncode == 0, result.stderr
    document = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    written = document[document.index(BEGIN):document.index(END) + len(END)]
    assert written == result.stdout.strip(), "run `invoke architecture` and commit the result"
    for package in PACKAGES:
        if package != "site_core":
            assert f"| {package} |" in written, package


def test_ruff_passes_with_the_projects_rules():
    ruff = Path(sys.executable).parent / "ruff"
    assert ruff.exists(), "ruff is missing: pip install -e '.[test]'"
    result = subprocess.run([str(ruff), "check", "."], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_noqa_says_why():
    import re

    bare = []
    for path in sorted(ROOT.glob("**/*.py")):
        if any(part in (".venv", "node_modules") for part in path.parts):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = re.search(r"#\s*noqa(?::\s*[A-Z0-9, ]+)?(.*)$", line)
            if match and not match.group(1).strip(" -()"):
                bare.append(f"{path.relative_to(ROOT)}:{number}")
    assert bare == []


def test_content_written_is_sent_once_the_file_exists(tmp_path):
    from pelican import signals

    from conftest import build_site

    seen = []

    def record(path, context):
        seen.append((str(path), os.path.exists(path)))

    signals.content_written.connect(record)
    try:
        build_site(tmp_path / "out", SEARCH_INDEX={"enabled": False})
    finally:
        signals.content_written.disconnect(record)
    assert len(seen) > 20
    assert [path for path, existed in seen if not existed] == []
