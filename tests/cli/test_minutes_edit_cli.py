"""The minutes edit commands as a user meets them: help that teaches, missing arguments, and
the cycle new, approve, publish through the installed `tws`."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import AS_OF, git, run_tws, run_tws_process


@pytest.mark.parametrize(
    ("command", "words"),
    [
        (
            "approve",
            ["--at MEETING", "--by TEXT", "--on DATE", "tws minutes approve", "corrections"],
        ),
        ("publish", ["tws minutes publish", "approve them first"]),
        ("new", ["--start HH:MM", "--end HH:MM", "--purpose TEXT", "action log", "Examples"]),
    ],
)
def test_help_teaches(command: str, words: list[str]) -> None:
    result = run_tws("minutes", command, "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for word in words:
        assert word in text, word


def test_the_minutes_group_lists_the_commands() -> None:
    text = run_tws("minutes", "--help").stdout
    for command in ("new", "approve", "publish", "render"):
        assert f"  {command} " in text, command


@pytest.mark.parametrize("command", ["approve", "publish"])
def test_a_missing_meeting_without_a_terminal_is_a_usage_error(
    programme: Path, command: str
) -> None:
    result = run_tws("minutes", command, "--root", str(programme), "--as-of", AS_OF)
    assert result.exit_code == 2
    assert "give MEETING" in result.stderr


def test_new_approve_publish_with_the_installed_tws(git_programme: Path) -> None:
    root = git_programme

    def tws(*args: str) -> str:
        done = run_tws_process(*args, "--root", str(root), "--as-of", AS_OF)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        return done.stdout

    assert tws("minutes", "new", "delivery", "--date", "2023-07-10", "--start", "10:00") == (
        "data/meetings/delivery-2023-07-10.yaml\n"
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "July minutes")
    tws("minutes", "approve", "delivery-2023-06-01", "--at", "delivery-2023-07-10")
    tws("validate", "--since", "HEAD")
    git(root, "commit", "-qam", "June minutes approved")
    assert tws("minutes", "publish", "delivery-2023-06-01") == (
        "data/meetings/delivery-2023-06-01.yaml\n"
    )
    tws("validate", "--since", "HEAD~1")
    rendered = tws("minutes", "render", "delivery-2023-06-01")
    assert "not yet been approved" not in rendered  # the draft banner is gone
