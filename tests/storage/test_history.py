"""`tws history`: a record's audit trail from git."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import AS_OF, GIT_ENV, git, run_tws

from trauma_ws.storage.history import changed_fields


def test_changed_fields() -> None:
    assert changed_fields(None, {"a": 1}) == ("(created)",)
    before = {"status": "in-progress", "updates": [1], "rag": "red"}
    after = {"status": "done", "updates": [1, 2], "completed": "2023-07-15"}
    assert changed_fields(before, after) == ("status", "updates (+1)", "+completed", "-rag")
    assert changed_fields(before, before) == ()


def test_history_names_each_commit_and_the_fields_it_changed(git_programme: Path) -> None:
    root = git_programme
    result = run_tws(
        "actions",
        "update",
        "del-001",
        "--status",
        "done",
        "--by",
        "beta-health",
        "--root",
        str(root),
        "--as-of",
        AS_OF,
    )
    assert result.exit_code == 0, result.stderr
    git(root, "commit", "-qam", "Mark del-001 done")
    result = run_tws("history", "del-001", "--root", str(root), "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["path"] == "data/actions/del-001.yaml"
    subjects = [(c["subject"], c["author"], c["fields"]) for c in doc["changes"]]
    assert subjects == [
        ("Initial records", GIT_ENV["GIT_AUTHOR_NAME"], ["(created)"]),
        ("Mark del-001 done", GIT_ENV["GIT_AUTHOR_NAME"], ["status", "+completed", "updates (+1)"]),
    ]
    text = run_tws("history", "del-001", "--root", str(root)).stdout
    assert "Mark del-001 done" in text
    assert "changed: status, +completed, updates (+1)" in text


def test_history_of_a_meeting_and_of_unknown_ids(git_programme: Path) -> None:
    result = run_tws("history", "delivery-2023-03-01", "--root", str(git_programme))
    assert result.exit_code == 0
    assert "Initial records" in result.stdout
    unknown = run_tws("history", "del-0001", "--root", str(git_programme))
    assert unknown.exit_code == 2
    assert "did you mean" in unknown.stderr


def test_history_outside_git_is_a_clear_error(programme: Path) -> None:
    result = run_tws("history", "del-001", "--root", str(programme))
    assert result.exit_code == 1
    assert "is not inside a git repository" in result.stderr
    assert "Traceback" not in result.stderr
