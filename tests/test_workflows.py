"""The clinic's own CI workflows pass actionlint and do what they promise."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
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


def load(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())


def triggers_of(workflow: dict) -> dict:
    return workflow[True] if True in workflow else workflow["on"]


def test_the_content_check_runs_first_and_alone():
    jobs = load("site.yml")["jobs"]
    check = jobs["check-content"]
    assert check["name"] == "Check content" and "needs" not in check
    assert check["timeout-minutes"] <= 10
    commands = [step.get("run", "") for step in check["steps"]]
    assert any(".venv/bin/invoke check" in command for command in commands)
    assert not any("ci/run" in command or "npm" in command for command in commands)
    assert jobs["test-and-build"]["needs"] == "check-content"
    assert jobs["preview"]["needs"] == "check-content"


def test_pip_and_the_build_cache_are_kept_between_runs():
    for job in ("check-content", "preview", "test-and-build"):
        steps = load("site.yml")["jobs"][job]["steps"]
        python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
        assert python["with"]["cache"] == "pip"
        assert python["with"]["cache-dependency-path"] == "pyproject.toml"
        cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
        assert cache["with"]["path"] == "cache"
        key = cache["with"]["key"]
        assert "hashFiles(" in key and "pyproject.toml" in key and "plugins/**/*.py" in key
        # Saved anew after every run, so the next run starts from the newest build.
        assert "github.run_id" in key and cache["with"]["restore-keys"].strip()


def test_every_pull_request_gets_a_preview():
    preview = load("site.yml")["jobs"]["preview"]
    assert preview["if"] == "github.event_name == 'pull_request'"
    uses = [step.get("uses", "") for step in preview["steps"]]
    assert any(u.startswith("actions/upload-artifact@") for u in uses)
    runs = " ".join(step.get("run", "") for step in preview["steps"])
    assert "invoke preview" in runs and "GITHUB_STEP_SUMMARY" in runs
    assert "netlify-cli" in runs and "wrangler" in runs  # only when their tokens are set
    conditions = [step.get("if", "") for step in preview["steps"]]
    assert "env.NETLIFY_AUTH_TOKEN != '' && env.NETLIFY_SITE_ID != ''" in conditions


def test_governance_runs_weekly_and_by_hand_with_least_privilege():
    workflow = load("governance.yml")
    triggers = triggers_of(workflow)
    assert triggers["schedule"] == [{"cron": "0 15 * * 1"}]
    assert "workflow_dispatch" in triggers
    assert workflow["permissions"] == {}
    job = workflow["jobs"]["governance"]
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    assert any("invoke governance --github-issue" in step.get("run", "") for step in job["steps"])
    assert next(s for s in job["steps"] if "run" in s and "governance" in s["run"])["env"] == {
        "GH_TOKEN": "${{ github.token }}"}


def test_only_the_governance_job_may_write_issues():
    site = load("site.yml")
    assert site["permissions"] == {"contents": "read"}
    writers = [(path.name, name) for path in WORKFLOWS
               for name, job in yaml.safe_load(path.read_text())["jobs"].items()
               if (job.get("permissions") or {}).get("issues") == "write"]
    assert writers == [("governance.yml", "governance")]


@pytest.mark.slow
def test_the_pre_commit_hook_checks_the_changed_markdown_files():
    import re
    import subprocess

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hook = config["repos"][0]["hooks"][0]
    assert hook["files"] == r"^content/.*\.md$" and hook["language"] == "system"
    assert re.match(hook["files"], "content/articles/everything-about-dry-needling.md")
    if not (ROOT / ".venv" / "bin" / "invoke").exists():
        return  # the README's install makes .venv; other environments run the entry below
    done = subprocess.run(
        ["sh", "-c", hook["entry"].split("sh -c ", 1)[1].strip("' -"), "--",
         "content/articles/everything-about-dry-needling.md", "content/pages/about.md"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "The check passed" in done.stdout
