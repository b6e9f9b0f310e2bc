"""Git as people have it: a programme in a sub-folder, non-ASCII names, shallow clones,
remote-tracking branches, commits in other encodings, and folders that are not repositories.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tests.conftest import AS_OF, GIT_ENV, copy_base, git, run_tws

from trauma_ws.storage.history import CUT_SHORT, NOT_UTF8

APPROVED = "data/meetings/delivery-2023-03-01.yaml"  # status: approved in the fixture
ACTION = "data/actions/del-001.yaml"
NO_WORKSPACE = {"GITHUB_WORKSPACE": "", "GITHUB_STEP_SUMMARY": ""}


def init_repo(repo: Path) -> None:
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "commit.gpgsign", "false")
    git(repo, "config", "user.name", GIT_ENV["GIT_AUTHOR_NAME"])
    git(repo, "config", "user.email", GIT_ENV["GIT_AUTHOR_EMAIL"])
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Initial records")


def sub_folder_repo(tmp_path: Path, folder: str = "programme") -> tuple[Path, Path]:
    """A git repository whose programme lives in ``folder``: (repository, programme)."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "README.md").write_text("Other things live here too.\n")
    programme = copy_base(repo / folder)
    init_repo(repo)
    return repo, programme


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- a programme in a sub-folder ----------------------------------------------------------------


def test_the_pull_request_workflow_in_a_sub_folder(tmp_path: Path) -> None:
    """validate.yml's commands, with `--root programme`, run from the repository's top."""
    repo, programme = sub_folder_repo(tmp_path)
    base = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "checkout", "-qb", "change")
    edit(programme / APPROVED, "purpose: ", "purpose: Quietly rewritten. ")
    git(repo, "commit", "-qam", "Rewrite approved minutes")
    common = ("--root", "programme", "--as-of", AS_OF)

    since = run_tws(
        "validate", "--format", "github", "--since", base, *common, cwd=repo, env=NO_WORKSPACE
    )
    assert since.exit_code == 1, since.stderr
    assert since.stdout.count("::error ") == 1, since.stdout
    assert since.stdout.startswith(f"::error file=programme/{APPROVED},line=")
    assert "frozen-minutes" in since.stdout
    assert "Rewrite approved minutes" in since.stdout

    overdue = run_tws("actions", "overdue", *common, cwd=repo)
    assert overdue.exit_code == 0, overdue.stderr
    assert "del-" in overdue.stdout

    assert run_tws("validate", "-f", "github", *common, cwd=repo, env=NO_WORKSPACE).stdout == ""
    edit(programme / ACTION, "owners: [beta-health]", "owners: [nobody-here]")
    plain = run_tws("validate", "--format", "github", *common, cwd=repo, env=NO_WORKSPACE)
    assert plain.exit_code == 1, plain.stderr
    assert plain.stdout.startswith(f"::error file=programme/{ACTION},line=5,col=10,")


def test_since_from_inside_the_sub_folder_catches_uncommitted_edits(tmp_path: Path) -> None:
    _repo, programme = sub_folder_repo(tmp_path)
    edit(programme / APPROVED, "chair: alpha-council", "chair: beta-health")
    result = run_tws("validate", "--as-of", AS_OF, "--since", "HEAD", cwd=programme)
    assert result.exit_code == 1, result.stdout + result.stderr
    assert f"{APPROVED}:" in result.stdout
    assert "uncommitted changes" in result.stdout


def test_history_and_ids_in_a_sub_folder_as_at_the_top(tmp_path: Path) -> None:
    repo, programme = sub_folder_repo(tmp_path)
    edit(programme / ACTION, "status: in-progress", "status: blocked")
    git(repo, "commit", "-qam", "Block del-001")
    doc = json.loads(run_tws("history", "del-001", "--format", "json", cwd=programme).stdout)
    assert doc["path"] == ACTION
    assert [(c["subject"], c["path"], c["fields"]) for c in doc["changes"]] == [
        ("Initial records", ACTION, ["(created)"]),
        ("Block del-001", ACTION, ["status"]),
    ]
    git(repo, "checkout", "-qb", "partner")
    new = ("actions", "new", "-g", "delivery", "-t", "Elsewhere", "-o", "sec-org")
    first = run_tws(*new, "--as-of", AS_OF, cwd=programme)
    assert first.stdout.strip() == "data/actions/del-009.yaml", first.stderr
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Raise del-009 on a branch")
    git(repo, "checkout", "-q", "main")
    second = run_tws(*new, "--as-of", AS_OF, cwd=programme)
    assert second.stdout.strip() == "data/actions/del-010.yaml", second.stderr


# --- GITHUB_WORKSPACE ---------------------------------------------------------------------------


def test_annotations_are_relative_to_github_workspace(tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"  # a checkout without .git, as some set-ups have
    programme = copy_base(workspace / "records" / "programme")
    edit(programme / ACTION, "owners: [beta-health]", "owners: [nobody-here]")
    summary = tmp_path / "summary.md"
    env = {"GITHUB_WORKSPACE": str(workspace), "GITHUB_STEP_SUMMARY": str(summary)}
    result = run_tws(
        "validate", "--format", "github", "--root", str(programme), "--as-of", AS_OF, env=env
    )
    assert result.exit_code == 1
    assert f"::error file=records/programme/{ACTION},line=" in result.stdout
    assert f"| records/programme/{ACTION} |" in summary.read_text()


def test_github_workspace_not_holding_the_programme_falls_back_to_git(tmp_path: Path) -> None:
    _repo, programme = sub_folder_repo(tmp_path)
    edit(programme / ACTION, "owners: [beta-health]", "owners: [nobody-here]")
    env = {"GITHUB_WORKSPACE": str(tmp_path / "elsewhere"), "GITHUB_STEP_SUMMARY": ""}
    result = run_tws("validate", "-f", "github", "--as-of", AS_OF, cwd=programme, env=env)
    assert f"::error file=programme/{ACTION}," in result.stdout


# --- non-ASCII names ----------------------------------------------------------------------------


def test_a_non_ascii_folder_name(tmp_path: Path) -> None:
    repo, programme = sub_folder_repo(tmp_path, "Programme-é")
    base = git(repo, "rev-parse", "HEAD").strip()
    edit(programme / ACTION, "status: in-progress", "status: blocked")
    edit(programme / APPROVED, "purpose: ", "purpose: Rewritten. ")
    git(repo, "commit", "-qam", "Block del-001, rewrite minutes")

    doc = json.loads(run_tws("history", "del-001", "-f", "json", "--root", str(programme)).stdout)
    assert [c["fields"] for c in doc["changes"]] == [["(created)"], ["status"]]

    result = run_tws(
        "validate",
        *("--format", "github", "--since", base, "--as-of", AS_OF),
        cwd=programme,
        env=NO_WORKSPACE,
    )
    assert result.exit_code == 1, result.stderr
    assert f"::error file=Programme-é/{APPROVED},line=" in result.stdout


# --- shallow clones -----------------------------------------------------------------------------


def test_history_of_a_shallow_clone_says_it_is_cut_short(
    git_programme: Path, tmp_path: Path
) -> None:
    edit(git_programme / ACTION, "status: in-progress", "status: blocked")
    git(git_programme, "commit", "-qam", "Block del-001")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", git_programme.as_uri(), str(clone))

    text = run_tws("history", "del-001", "--root", str(clone))
    assert text.exit_code == 0, text.stderr
    assert "cut short" in text.stdout
    assert "git fetch --unshallow" in text.stdout
    assert "(created)" not in text.stdout
    doc = json.loads(run_tws("history", "del-001", "-f", "json", "--root", str(clone)).stdout)
    assert doc["complete"] is False
    assert [(c["subject"], c["fields"]) for c in doc["changes"]] == [("Block del-001", [CUT_SHORT])]

    full = json.loads(
        run_tws("history", "del-001", "-f", "json", "--root", str(git_programme)).stdout
    )
    assert full["complete"] is True
    assert full["changes"][0]["fields"] == ["(created)"]


def test_since_a_revision_a_shallow_clone_lacks(git_programme: Path, tmp_path: Path) -> None:
    base = git(git_programme, "rev-parse", "HEAD").strip()
    git(git_programme, "commit", "-q", "--allow-empty", "-m", "Later")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", git_programme.as_uri(), str(clone))
    result = run_tws("validate", "--root", str(clone), "--as-of", AS_OF, "--since", base)
    assert result.exit_code == 2
    assert "shallow clone" in result.stderr
    assert "git fetch --unshallow" in result.stderr


# --- ids on remote-tracking branches ------------------------------------------------------------


def test_ids_on_remote_tracking_branches_are_not_handed_out(
    git_programme: Path, tmp_path: Path
) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", git_programme.as_uri(), str(clone))
    git(git_programme, "checkout", "-qb", "partner")
    shutil.copy(git_programme / ACTION, git_programme / "data/actions/del-009.yaml")
    edit(git_programme / "data/actions/del-009.yaml", "id: del-001", "id: del-009")
    git(git_programme, "add", "-A")
    git(git_programme, "commit", "-qm", "Raise del-009 on the partner's branch")
    git(clone, "fetch", "-q", "origin")
    assert git(clone, "branch", "--list", "partner") == ""  # only origin/partner has it
    result = run_tws(
        *("actions", "new", "-g", "delivery", "-t", "Mine", "-o", "sec-org"),
        *("--root", str(clone), "--as-of", AS_OF),
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "data/actions/del-010.yaml"


# --- commits in another encoding ----------------------------------------------------------------


def test_history_reports_a_commit_in_latin_1(git_programme: Path, tmp_path: Path) -> None:
    path = git_programme / ACTION
    data = path.read_bytes()
    path.write_bytes(data.replace(b"Map current", b"Caf\xe9 map of current"))
    message = tmp_path / "message"
    message.write_bytes(b"R\xe9vision du \x1b[31mtitre\n")
    git(git_programme, "commit", "-qa", "-F", str(message))
    path.write_bytes(data)
    git(git_programme, "commit", "-qam", "Back to UTF-8")

    result = run_tws("history", "del-001", "--root", str(git_programme), "-f", "json")
    assert result.exit_code == 0, result.stderr
    changes = json.loads(result.stdout)["changes"]
    assert [c["fields"] for c in changes] == [["(created)"], ["title", NOT_UTF8], ["title"]]
    assert changes[1]["subject"].startswith("R")
    assert "vision du \ufffd[31mtitre" in changes[1]["subject"]  # no control characters
    text = run_tws("history", "del-001", "--root", str(git_programme))
    assert text.exit_code == 0, text.stderr


# --- folders that are not git repositories ------------------------------------------------------


def test_every_git_command_outside_a_repository(programme: Path) -> None:
    since = run_tws("validate", "--root", str(programme), "--as-of", AS_OF, "--since", "HEAD")
    assert since.exit_code == 2
    assert "is not inside a git repository" in since.stderr
    assert "Traceback" not in since.stderr

    history = run_tws("history", "del-001", "--root", str(programme))
    assert history.exit_code == 1
    assert "is not inside a git repository" in history.stderr

    new = run_tws(
        *("actions", "new", "-g", "delivery", "-t", "No git", "-o", "sec-org"),
        *("--root", str(programme), "--as-of", AS_OF),
    )
    assert new.exit_code == 0, new.stderr
    assert new.stdout.strip() == "data/actions/del-009.yaml"

    github = run_tws(
        "validate", "-f", "github", "--root", str(programme), "--as-of", AS_OF, env=NO_WORKSPACE
    )
    assert github.exit_code == 0, github.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("history", "del-001"),
        ("validate", "--since", "HEAD", "--as-of", AS_OF),
    ],
)
def test_without_git_installed(git_programme: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    empty = tmp_path / "no-git-here"
    empty.mkdir()
    result = run_tws(*args, "--root", str(git_programme), env={"PATH": str(empty)})
    assert result.exit_code in (1, 2), result.stderr
    assert "cannot run git" in result.stderr
