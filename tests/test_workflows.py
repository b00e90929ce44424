"""The clinic's own CI workflows pass actionlint and do what they promise."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import yaml

from conftest import ROOT, run_command

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def actionlint() -> str:
    found = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")
    assert Path(found).exists(), "actionlint is missing: pip install -e '.[test]'"
    return found


def test_workflows_pass_actionlint():
    assert WORKFLOWS
    result = run_command(actionlint(), "-shellcheck=", "-pyflakes=", *map(str, WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n"
                      "      - uses: actions/checkout@v4\n        run: echo both\n")
    result = run_command(actionlint(), "-shellcheck=", "-pyflakes=", str(broken))
    assert result.returncode != 0


def test_pull_requests_test_and_main_deploys():
    workflow = yaml.safe_load((ROOT / ".github/workflows/site.yml").read_text())
    triggers = workflow[True] if True in workflow else workflow["on"]
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    steps = workflow["jobs"]["test-and-build"]["steps"]
    commands = " ".join(step.get("run", "") for step in steps)
    assert "bash .ci/run" in commands and "invoke publish" in commands
    uses = [step.get("uses", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert workflow["jobs"]["deploy"]["needs"] == "test-and-build"
