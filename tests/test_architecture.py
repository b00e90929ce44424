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
        if package not in LIBRARIES:
            assert f"| {package} |" in written, package


# Packages under plugins/ that are libraries, not plugins: they register nothing.
LIBRARIES = {"site_core", "engine"}


def test_the_libraries_register_nothing_and_every_other_package_is_in_plugins():
    import importlib

    plugins = settings_plugins()
    for package in PACKAGES:
        module = importlib.import_module(package)
        if package in LIBRARIES:
            assert not hasattr(module, "register"), package
        else:
            assert package in plugins, package


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


# Where a build's state may live: the build state (plugins/site_core/build.py), and
# nowhere else. The one holder of "the build that started last" is listed here.
STATE_FOLDERS = ("plugins", "live", "wordpress_import", "governance")
THE_ONE_HOLDER = {("plugins/site_core/build.py", "_latest")}
MUTABLE_CALLS = {"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque",
                 "ContextVar", "WeakKeyDictionary", "WeakValueDictionary", "bytearray"}
MUTATING_METHODS = {"append", "extend", "insert", "add", "update", "clear", "pop", "popitem",
                    "remove", "discard", "setdefault", "set", "reset", "sort", "reverse"}


def is_mutable_value(node: ast.AST) -> bool:
    if isinstance(node, (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)):
        return True
    if isinstance(node, ast.Call):
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        return name in MUTABLE_CALLS
    return False


def module_state(path: Path, root: Path = ROOT) -> list[str]:
    """Mutable module-level state in one file: ``global`` statements; module names
    bound to a mutable value that are not constant tables (UPPERCASE); and any
    module-level name that a function mutates (``NAME.append(...)``, ``NAME[k] = v``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    relative = path.relative_to(root).as_posix()
    found, module_names = [], set()
    for node in tree.body:
        targets, value = [], None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        for target in targets:
            if isinstance(target, ast.Name):
                module_names.add(target.id)
                if is_mutable_value(value) and not target.id.isupper() and target.id != "__all__" \
                        and (relative, target.id) not in THE_ONE_HOLDER:
                    found.append(f"{relative}:{node.lineno}: {target.id} is mutable module state")
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            found.append(f"{relative}:{node.lineno}: global {', '.join(node.names)}")
    for function in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]:
        local = {arg.arg for arg in function.args.args + function.args.kwonlyargs}
        local |= {n.id for n in ast.walk(function) if isinstance(n, ast.Name)
                  and isinstance(n.ctx, ast.Store)}
        for node in ast.walk(function):
            name = changed_name(node)
            if name and name in module_names and name not in local \
                    and (relative, name) not in THE_ONE_HOLDER:
                found.append(f"{relative}:{node.lineno}: {function.name} changes module-level {name}")
    return found


def changed_name(node: ast.AST) -> str | None:
    """The name whose value a statement changes in place: ``NAME.append(...)``,
    ``NAME[key] = value``, ``del NAME[key]``."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
            and node.func.attr in MUTATING_METHODS and isinstance(node.func.value, ast.Name):
        return node.func.value.id
    if isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)):
        for target in getattr(node, "targets", None) or [getattr(node, "target", None)]:
            if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                return target.value.id
    return None


def test_no_mutable_module_level_state_outside_the_build_state():
    found = []
    for folder in STATE_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            found += module_state(path)
    assert found == []


def test_the_state_check_finds_what_it_looks_for(tmp_path):
    """The check above on a file with each kind of module state it must find."""
    (tmp_path / "plugins").mkdir()
    sample = tmp_path / "plugins" / "_state_sample_for_test.py"
    sample.write_text(
        "_seen = {}\nREGISTRY = []\n_latest = None\n\n"
        "def add(x):\n    REGISTRY.append(x)\n\n"
        "def remember(k, v):\n    _seen[k] = v\n\n"
        "def swap(x):\n    global _latest\n    _latest = x\n", encoding="utf-8")
    assert module_state(sample, tmp_path) == [
        "plugins/_state_sample_for_test.py:1: _seen is mutable module state",
        "plugins/_state_sample_for_test.py:12: global _latest",
        "plugins/_state_sample_for_test.py:6: add changes module-level REGISTRY",
        "plugins/_state_sample_for_test.py:9: remember changes module-level _seen",
    ]


def test_the_signal_table_lists_every_handler_the_plugins_connect():
    """Every ``signals.<name>.connect(handler)`` in our plugins' code is a row of the
    table, whatever the signal."""
    connected = set()
    for path in sorted(PLUGINS_DIR.glob("*/*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr == "connect" and isinstance(node.func.value, ast.Attribute) \
                    and getattr(node.func.value.value, "id", None) == "signals":
                connected.add((node.func.value.attr, path.parent.name, node.args[0].id))
    document = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    rows, signal = set(), None
    for line in document.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 5 and cells[3].startswith("`"):
            signal = cells[0].strip("`") or signal
            rows.add((signal, cells[2], cells[3].strip("`")))
    assert len(connected) > 40
    assert connected - rows == set()


def test_code_outside_plugins_uses_their_public_names_only():
    """tasks/, live/, wordpress_import/, governance/ and benchmarks/ import a plugin
    package by its name (its ``__init__``), never one of its modules."""
    wrong = []
    for path in [*sorted((ROOT / "tasks").rglob("*.py")), *sorted((ROOT / "live").rglob("*.py")),
                 *sorted((ROOT / "wordpress_import").rglob("*.py")),
                 *sorted((ROOT / "governance").rglob("*.py")),
                 *sorted((ROOT / "benchmarks").rglob("*.py"))]:
        for module, names, level in imports_of(path):
            if level or module.split(".")[0] not in PACKAGES:
                continue
            if "." in module and module not in ("site_core.compat", "site_core.architecture"):
                wrong.append(f"{path.relative_to(ROOT)}: from {module} import ...")
            wrong += [f"{path.relative_to(ROOT)}: {name} from {module}" for name in names
                      if name.startswith("_")]
    assert wrong == []


def test_defaults_are_written_once_in_the_plugin_that_owns_them():
    """pelicanconf.py and publishconf.py hold only what the clinic (or production)
    changes: no key of a plugin's dict setting is written as the plugin's default
    (a value worked out when the file runs, such as SITE_HOST's, is not a copy)."""
    import importlib

    repeated = []
    for settings_file in ("pelicanconf.py", "publishconf.py"):
        tree = ast.parse((ROOT / settings_file).read_text(encoding="utf-8"))
        for node in tree.body:
            if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict)
                    and isinstance(node.targets[0], ast.Name)):
                continue
            package = node.targets[0].id.lower()
            if not (PLUGINS_DIR / package / f"{package}.py").exists():
                continue
            defaults = getattr(importlib.import_module(f"{package}.{package}"), "DEFAULTS", {})
            for key, value in zip(node.value.keys, node.value.values, strict=True):
                try:
                    key, value = ast.literal_eval(key), ast.literal_eval(value)
                except (ValueError, TypeError, SyntaxError):
                    continue  # worked out when the file runs
                if key in defaults and defaults[key] == value:
                    repeated.append(f"{settings_file}:{node.lineno}: {node.targets[0].id}[{key!r}]")
    assert repeated == []
