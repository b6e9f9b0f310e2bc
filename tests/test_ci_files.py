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
    assert [w.name for w in WORKFLOWS] == ["latest.yml", "site.yml", "validate.yml"]
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


def _make_target(name: str) -> tuple[str, list[str]]:
    """A Makefile target's prerequisites line and its recipe lines."""
    lines = (REPO / "Makefile").read_text().splitlines()
    for i, line in enumerate(lines):
        if line.startswith(f"{name}:"):
            recipe = []
            for following in lines[i + 1 :]:
                if not following.startswith("\t"):
                    break
                recipe.append(following.strip())
            return line, recipe
    raise AssertionError(f"no target {name}")


def test_installs_come_from_the_lock_file() -> None:
    lock = (REPO / "uv.lock").read_text()
    assert "sha256:" in lock
    for package in ("typer", "pyyaml", "pydantic", "rich", "jinja2"):
        assert f'name = "{package}"' in lock
    _, recipe = _make_target("$(STAMP)")
    assert any("sync" in line and "--locked" in line for line in recipe), recipe
    _, uv_recipe = _make_target("$(UV)")
    assert any("--require-hashes -r uv-requirements.txt" in line for line in uv_recipe)
    assert "--hash=sha256:" in (REPO / "uv-requirements.txt").read_text()
    for name in ("site.yml", "validate.yml"):
        steps = "\n".join(_steps(REPO / ".github" / "workflows" / name))
        assert "uv sync --locked" in steps, name
        assert "pip install ." not in steps, name


def test_the_newest_releases_are_tested_apart_from_make_test() -> None:
    test_line, _ = _make_target("test")
    assert "test-latest" not in test_line
    _, recipe = _make_target("test-latest")
    assert any("--upgrade" in line for line in recipe)
    assert any("pytest" in line for line in recipe)
    assert all("uv.lock" not in line and "sync" not in line for line in recipe)
    _, lock_recipe = _make_target("lock")
    assert any("$(UV) lock" in line for line in lock_recipe)
    doc = yaml.safe_load((REPO / ".github/workflows/latest.yml").read_text())
    assert doc[True]["schedule"]
    assert "make test-latest" in _steps(REPO / ".github/workflows/latest.yml")


def test_workflows_fetch_the_history_their_commands_need() -> None:
    """A job running a git-using command (`--since`, `tws history`) checks out all history.

    actions/checkout fetches one commit by default: `--since origin/<base>` would then find no
    such revision, and `tws history` would see only the last commit.
    """
    needs_history = ("--since", "tws history")
    checked = 0
    for workflow in WORKFLOWS:
        doc = yaml.safe_load(workflow.read_text())
        for name, job in doc["jobs"].items():
            steps = job.get("steps", [])
            runs = " ".join(str(s.get("run", "")) for s in steps)
            if not any(word in runs for word in needs_history):
                continue
            checked += 1
            checkouts = [s for s in steps if str(s.get("uses", "")).startswith("actions/checkout")]
            assert checkouts, f"{workflow.name}: job {name} has no checkout"
            depth = checkouts[0].get("with", {}).get("fetch-depth")
            assert depth == 0, f"{workflow.name}: job {name} needs fetch-depth: 0"
    assert checked >= 1  # validate.yml's pull-request check uses --since
