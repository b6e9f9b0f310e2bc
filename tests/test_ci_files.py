"""The repository's own CI files: valid against GitHub's workflow schema, and doing their job."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def test_workflows_validate_against_the_github_workflow_schema() -> None:
    assert [w.name for w in WORKFLOWS] == ["site.yml", "validate.yml"]
    done = subprocess.run(
        [
            str(CHECK_JSONSCHEMA),
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, WORKFLOWS),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("name: x\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n")
    done = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", str(broken)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 1


def _steps(workflow: Path) -> list[str]:
    doc = yaml.safe_load(workflow.read_text())
    return [
        step.get("run", step.get("uses", ""))
        for job in doc["jobs"].values()
        for step in job.get("steps", [])
    ]


def test_pull_requests_are_validated_with_annotations() -> None:
    doc = yaml.safe_load((REPO / ".github/workflows/validate.yml").read_text())
    assert "pull_request" in doc[True]  # PyYAML reads the key `on` as True
    assert "pull_request_target" not in doc[True]
    assert doc["permissions"] == {"contents": "read"}
    assert "tws validate --format github" in _steps(REPO / ".github/workflows/validate.yml")


def test_pushes_to_main_build_and_deploy_the_site() -> None:
    doc = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text())
    assert doc[True]["push"]["branches"] == ["main"]
    steps = _steps(REPO / ".github/workflows/site.yml")
    assert any(s.startswith("tws site build") for s in steps)
    assert any(s.startswith("actions/upload-pages-artifact") for s in steps)
    assert any(s.startswith("actions/deploy-pages") for s in steps)


def test_pre_commit_hook_runs_tws_validate() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert isinstance(hooks, list)
    (hook,) = hooks
    assert hook["id"] == "tws-validate"
    assert hook["entry"] == "tws validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    for required in ("id", "name", "entry", "language"):
        assert required in hook


def test_ci_runs_the_readme_test_command() -> None:
    script = (REPO / ".ci" / "run").read_text()
    assert "make test" in script
    assert "make test" in (REPO / "README.md").read_text()
