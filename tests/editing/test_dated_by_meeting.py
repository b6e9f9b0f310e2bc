"""Dates as they happened: `minutes new` and `actions new` given a meeting date the records
by the meeting's own day, never by today (issue 14 item 3).

Each test runs tws as a user would, in a real git repository, and checks the YAML written and
`git diff` (what a reviewer of the pull request sees).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml
from tests.conftest import AS_OF, git, run_tws

TODAY = AS_OF  # 2023-07-15, the programme's today in these runs


def tws(root: Path, *args: str) -> tuple[int, str, str]:
    result = run_tws(*args, "--root", str(root), "--as-of", TODAY)
    assert "Traceback" not in result.stderr
    assert result.exit_code != 3, result.stderr
    return result.exit_code, result.stdout, result.stderr


def changed(root: Path) -> list[str]:
    """The files git sees as changed or new, sorted."""
    git(root, "add", "-A")
    return sorted(git(root, "diff", "--cached", "--name-only").split())


def test_minutes_for_a_past_meeting_are_as_on_its_day(git_programme: Path) -> None:
    # gamma-trust joined the Delivery Group on 2023-05-01: a meeting held before that has
    # the members of its own day, not today's.
    code, out, err = tws(git_programme, "minutes", "new", "delivery", "--on", "2023-04-15")
    assert code == 0, err
    rel = out.strip()
    assert rel == "data/meetings/delivery-2023-04-15.yaml"
    text = (git_programme / rel).read_text()
    data = yaml.safe_load(text)
    assert data["date"] == dt.date(2023, 4, 15)
    assert data["status"] == "draft"
    assert "gamma-trust" not in data["attendees"]
    assert data["attendees"] == ["alpha-council", "beta-health", "sec-org", "pat-private"]
    assert data["chair"] == "alpha-council"
    # Nothing in it is dated today.
    assert TODAY not in text
    assert "15 July 2023" not in text
    assert "15 April 2023" in text  # the header comment names the meeting's own day
    assert changed(git_programme) == [rel]


def test_minutes_new_on_and_date_are_one_option(git_programme: Path) -> None:
    code, out, err = tws(git_programme, "minutes", "new", "delivery", "--date", "2023-07-10")
    assert code == 0, err
    assert out.strip() == "data/meetings/delivery-2023-07-10.yaml"
    help_text = run_tws("minutes", "new", "--help").stdout
    assert "--on" in help_text
    assert "--date" in help_text


def test_an_action_raised_at_a_past_meeting_is_dated_by_it(git_programme: Path) -> None:
    code, out, err = tws(git_programme, "minutes", "new", "delivery", "--on", "2023-07-01")
    assert code == 0, err
    meeting = out.strip()
    git(git_programme, "add", "-A")
    git(git_programme, "commit", "-q", "-m", "Draft minutes of 1 July")
    code, out, err = tws(
        git_programme, "actions", "new", "-g", "delivery", "-t", "Share the plan",
        "-o", "beta-health", "--raised", "delivery-2023-07-01", "--due", "next-meeting",
    )  # fmt: skip
    assert code == 0, err
    action_rel, meeting_rel = out.split()
    assert (action_rel, meeting_rel) == ("data/actions/del-009.yaml", meeting)
    text = (git_programme / action_rel).read_text()
    data = yaml.safe_load(text)
    assert data["raised"] == "delivery-2023-07-01"
    assert data["updates"] == []
    assert "completed" not in data
    assert TODAY not in text  # no date of today written anywhere
    # The meeting's file gains the action id and nothing else.
    diff = git(git_programme, "diff", "--unified=0", "--", meeting_rel)
    added = [ln for ln in diff.splitlines() if ln.startswith("+") and not ln.startswith("+++")]
    removed = [ln for ln in diff.splitlines() if ln.startswith("-") and not ln.startswith("---")]
    assert (added, removed) == (["+actions: [del-009]"], ["-actions: []"])
    # The action's last activity is the meeting's day, as the queries see it.
    listed = run_tws(
        "actions", "list", "--root", str(git_programme), "--as-of", TODAY, "-f", "json"
    )
    row = next(r for r in json.loads(listed.stdout) if r["id"] == "del-009")
    assert row["last_activity"] == "2023-07-01"
    assert row["last_update"] is None


def test_an_update_given_at_the_meeting_is_dated_by_it_in_the_diff(
    git_programme: Path,
) -> None:
    code, _, err = tws(
        git_programme, "actions", "update", "del-001", "--status", "done",
        "--by", "beta-health", "--meeting", "delivery-2023-06-01",
    )  # fmt: skip
    assert code == 0, err
    diff = git(git_programme, "diff", "--unified=0", "--", "data/actions/del-001.yaml")
    added = "\n".join(ln for ln in diff.splitlines() if ln.startswith("+"))
    assert "completed: 2023-06-01" in added
    assert "date: 2023-06-01" in added
    assert TODAY not in added
