"""`tws actions …`, `tws groups` and `tws members` run as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from tests.conftest import AS_OF, FIXTURE_BASE, run_tws

from trauma_ws.cli.actions_cmd import ROW_COLUMNS

BASE = ("--root", str(FIXTURE_BASE), "--as-of", AS_OF)


def as_json(*args: str) -> list[dict[str, object]]:
    result = run_tws(*args, *BASE, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    return data


def test_overdue_json_has_the_documented_keys_and_order() -> None:
    rows = as_json("actions", "overdue")
    assert [r["id"] for r in rows] == ["del-001", "del-002", "adv-001", "del-003"]
    assert list(rows[0]) == ROW_COLUMNS
    first = rows[0]
    assert first["due"] == "2023-04-30"
    assert first["due_date"] == "2023-04-30"
    assert first["days_overdue"] == 76
    assert first["rag"] == "red"
    assert first["last_update"] == "2023-05-10"
    assert rows[1]["due"] == "2023-05"
    assert rows[1]["due_date"] == "2023-05-31"


def test_overdue_table_is_plain_text_when_piped() -> None:
    result = run_tws("actions", "overdue", *BASE)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Overdue actions on 2023-07-15 (4)"
    assert lines[1].split()[:3] == ["ID", "Title", "Owners"]
    assert lines[2].startswith("del-001")
    assert "76" in lines[2].split()
    assert not any(ch in result.stdout for ch in "┃│━─")  # no box drawing off a terminal


def test_overdue_fail_if_any_for_ci() -> None:
    assert run_tws("actions", "overdue", *BASE).exit_code == 0
    assert run_tws("actions", "overdue", "--fail-if-any", *BASE).exit_code == 1
    early = run_tws(
        "actions", "overdue", "--fail-if-any", "--root", str(FIXTURE_BASE), "--as-of", "2023-01-02"
    )
    assert early.exit_code == 0
    assert "No actions are overdue on 2023-01-02." in early.stdout


def test_csv_has_the_json_columns() -> None:
    result = run_tws("actions", "list", *BASE, "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ROW_COLUMNS
    by_id = {r["id"]: r for r in rows}
    assert len(by_id) == 9
    assert by_id["del-008"]["owners"] == "alpha-council; beta-health"
    assert by_id["del-005"]["due_date"] == "2023-03-31"
    assert by_id["del-005"]["rag"] == ""  # dropped: no RAG
    assert by_id["del-006"]["rag_manual"] == "true"  # as JSON and docs/queries.md write it


def test_list_by_organisation_says_when_it_answers_through_a_group() -> None:
    result = run_tws("actions", "list", "--owner", "alpha-council", *BASE)
    assert result.exit_code == 0
    assert "through its groups or people" in result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("del-007"))
    assert line.rstrip().endswith("advisory")
    rows = as_json("actions", "list", "--owner", "alpha-council")
    assert {r["id"]: r["via"] for r in rows} == {
        "del-002": ["delivery"],
        "del-004": [],
        "del-007": ["advisory"],
        "del-008": [],
    }


def test_filters_combine_on_the_command_line() -> None:
    rows = as_json(
        "actions", "list", "--group", "delivery", "--status", "blocked", "--status", "in-progress"
    )
    assert [r["id"] for r in rows] == ["del-001", "del-003", "del-006"]
    rows = as_json("actions", "list", "--open", "--raised", "delivery-2023-06-01")
    assert [r["id"] for r in rows] == ["del-006", "del-007", "del-008"]
    assert as_json("actions", "list", "--workstream", "ws-two") == []


def test_due_and_stale() -> None:
    due = as_json("actions", "due", "--within", "20")
    assert [(r["id"], r["days_to_due"]) for r in due] == [("del-006", 16)]
    stale = as_json("actions", "stale", "--days", "60")
    assert [r["id"] for r in stale] == ["del-002", "del-003", "adv-001", "del-001"]


def test_unknown_ids_are_usage_errors_naming_the_nearest() -> None:
    cases = [
        (("actions", "list", "--owner", "beta-helth"), "did you mean `beta-health`?"),
        (("actions", "list", "--group", "advisry"), "did you mean `advisory`?"),
        (("actions", "list", "--workstream", "ws-on"), "did you mean `ws-one`?"),
        (("actions", "list", "--raised", "advisory-2023-04-02"), "`advisory-2023-04-01`"),
        (("actions", "show", "del-009"), "`del-009` is not an action"),
        (("members", "delivery-group"), "did you mean `delivery`?"),
    ]
    for args, message in cases:
        result = run_tws(*args, *BASE)
        assert result.exit_code == 2, args
        assert message in result.stderr, (args, result.stderr)
        assert result.stdout == ""
        assert "Traceback" not in result.stderr


def test_a_bad_as_of_is_a_usage_error() -> None:
    result = run_tws("actions", "overdue", "--root", str(FIXTURE_BASE), "--as-of", "15/07/2023")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


def test_queries_refuse_records_with_errors(programme: Path) -> None:
    target = programme / "data" / "actions" / "del-003.yaml"
    target.write_text(target.read_text().replace("owners: [gamma-trust]", "owners: [gama]"))
    result = run_tws("actions", "overdue", "--root", str(programme), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "data/actions/del-003.yaml:" in result.stderr
    assert "unknown owner `gama`" in result.stderr
    assert "see `tws validate`" in result.stderr
    assert result.stdout == ""


def test_chase_text_is_ready_to_paste() -> None:
    result = run_tws("actions", "chase", *BASE)
    assert result.exit_code == 0
    text = result.stdout
    assert "To: Beta Health Board (no address on record)" in text
    assert "Dear Beta Health Board colleagues," in text
    assert "1. Map current referral pathways" in text
    assert "Due: 30 April 2023 (overdue by 76 days)" in text
    assert "Raised at: the Delivery Group meeting of 1 March 2023" in text
    # A group owner is one message to its chair, never one to all its members.
    assert "Dear Chair," in text
    assert "Alpha Council, Beta Health Board, Gamma Trust" not in text
    only = run_tws("actions", "chase", "--owner", "gamma-trust", *BASE)
    assert only.stdout.count("To: ") == 3  # its own, its group's and its person's
    blocks = as_json("actions", "chase")
    assert {b["owner"] for b in blocks} >= {"beta-health", "delivery"}


def test_show_gives_the_resolved_due_date_rag_and_history() -> None:
    result = run_tws("actions", "show", "del-003", *BASE)
    assert result.exit_code == 0
    assert "Due         2023-Q2 (resolves to 2023-06-30)" in result.stdout
    assert "RAG         red (derived)" in result.stdout
    manual = run_tws("actions", "show", "del-006", *BASE)
    assert "green (manual)" in manual.stdout
    history = run_tws("actions", "show", "del-004", *BASE)
    assert "History:" in history.stdout
    assert "[status: done]" in history.stdout
    detail = json.loads(run_tws("actions", "show", "del-001", *BASE, "-f", "json").stdout)
    assert [u["date"] for u in detail["updates"]] == ["2023-03-20", "2023-05-10"]


def test_groups_and_members() -> None:
    groups = {g["id"]: g for g in as_json("groups")}
    assert groups["delivery"]["reports_to"] == ["board"]
    assert groups["board"]["reported_to_by"] == ["advisory", "delivery"]
    assert groups["board"]["external"] is True
    assert groups["delivery"]["meetings"] == 2
    march = run_tws("members", "delivery", "--on", "2023-03-01", *BASE, "-f", "json")
    assert [m["id"] for m in json.loads(march.stdout)] == [
        "alpha-council",
        "beta-health",
        "sec-org",
        "pat-private",
    ]
    everyone = json.loads(run_tws("members", "advisory", "--all", *BASE, "-f", "json").stdout)
    assert {m["id"]: (m["role"], m["until"]) for m in everyone} == {
        "robin-public": ("chair", None),
        "alpha-council": ("member", "2023-12-31"),
    }


def test_show_says_when_next_meeting_resolves_to_no_date_yet(programme: Path) -> None:
    """`due: next-meeting` with no later meeting nor `next_meeting` recorded is said in words,
    never as Python's ``None``; with one recorded, the date it resolves to is shown."""
    action = programme / "data/actions/del-006.yaml"
    text = action.read_text(encoding="utf-8")
    action.write_text(re.sub(r"(?m)^due: .*$", "due: next-meeting", text), encoding="utf-8")
    args = ("actions", "show", "del-006", "--root", str(programme), "--as-of", AS_OF)
    shown = run_tws(*args)
    assert shown.exit_code == 0, shown.stderr
    assert "next-meeting (resolves to 2023-09-30)" in shown.stdout
    meeting = programme / "data/meetings/delivery-2023-06-01.yaml"
    meeting.write_text(meeting.read_text().replace("next_meeting: 2023-09\n", ""))
    shown = run_tws(*args)
    assert shown.exit_code == 0, shown.stderr
    assert "None" not in shown.stdout
    assert "next-meeting (no later meeting or date recorded yet)" in shown.stdout


def test_a_word_people_use_for_a_value_gets_the_value_meant(programme: Path) -> None:
    """On the command line as in the files: `complete` → `done`, `In Progress` →
    `in-progress`, whether filtering or editing (nothing written)."""
    root = ("--root", str(programme), "--as-of", AS_OF)
    for args, meant in (
        (("actions", "list", "--status", "complete"), "done"),
        (("actions", "update", "del-002", "--status", "complete", "--by", "sec-org"), "done"),
        (
            ("actions", "update", "del-002", "--status", "In Progress", "--by", "sec-org"),
            "in-progress",
        ),
    ):
        result = run_tws(*args, *root)
        assert result.exit_code == 2, result.stderr
        assert f"(did you mean `{meant}`?)" in result.stderr, args
