"""`tws export csv|ics|json`: shapes, privacy, formula and calendar injection."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from tests.conftest import AS_OF, FIXTURE_BASE, run_tws

from trauma_ws.publishing.export import CSV_COLUMNS, fold, ics_text

BASE = ("--root", str(FIXTURE_BASE), "--as-of", AS_OF)
PRIVATE = "Pat Privateperson"


def export(kind: str, *args: str, root: Path = FIXTURE_BASE) -> str:
    result = run_tws("export", kind, *args, "--root", str(root), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes.decode("utf-8")  # as written: `.stdout` turns CRLF into LF


def parse_ics(text: str) -> list[dict[str, list[str]]]:
    """A strict reading of an iCalendar stream: components as {property: [values]}."""
    assert text.endswith("\r\n")
    raw_lines = text.split("\r\n")[:-1]
    for line in raw_lines:
        assert "\n" not in line
        assert "\r" not in line
        assert len(line.encode("utf-8")) <= 75, line
    unfolded: list[str] = []
    for line in raw_lines:
        if line.startswith(" "):
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    stack: list[str] = []
    components: list[dict[str, list[str]]] = []
    for line in unfolded:
        m = re.match(r"^([A-Z-]+)((?:;[A-Z-]+=[^:;]+)*):(.*)$", line)
        assert m, f"not a content line: {line!r}"
        name, _, value = m.groups()
        if name == "BEGIN":
            stack.append(value)
            components.append({"_type": [value]})
        elif name == "END":
            assert stack.pop() == value
        else:
            components[-1].setdefault(name, []).append(value)
    assert stack == []
    return components


def test_csv_is_one_row_per_action_with_public_owners() -> None:
    rows = list(csv.DictReader(io.StringIO(export("csv"))))
    assert list(rows[0]) == CSV_COLUMNS
    assert len(rows) == 9
    by_id = {r["id"]: r for r in rows}
    assert by_id["del-006"]["owners"] == "Beta Health Board"  # Pat's organisation, not Pat
    assert by_id["adv-001"]["owners"] == "Robin Publicname (Gamma Trust)"  # public: true
    assert by_id["del-003"]["due_date"] == "2023-06-30"
    assert by_id["del-001"]["days_overdue"] == "76"
    internal = export("csv", "--audience", "internal")
    assert PRIVATE in internal
    assert PRIVATE not in export("csv")


def test_csv_cells_cannot_run_as_formulas(programme: Path) -> None:
    target = programme / "data/actions/del-002.yaml"
    target.write_text(
        target.read_text().replace(
            "title: Agree the group's communications plan", "title: '=HYPERLINK(\"http://x\")'"
        )
    )
    rows = list(csv.DictReader(io.StringIO(export("csv", root=programme))))
    title = next(r["title"] for r in rows if r["id"] == "del-002")
    assert title == '\'=HYPERLINK("http://x")'
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_calendar_is_valid_with_stable_uids() -> None:
    text = export("ics")
    components = parse_ics(text)
    calendar = components[0]
    assert calendar["_type"] == ["VCALENDAR"]
    assert calendar["VERSION"] == ["2.0"]
    assert "PRODID" in calendar
    events = [c for c in components if c["_type"] == ["VEVENT"]]
    for event in events:
        for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert len(event[required]) == 1, (required, event)
    uids = [e["UID"][0] for e in events]
    assert len(uids) == len(set(uids))
    assert "meeting-delivery-2023-03-01@fixture-programme.tws" in uids
    # Open actions with a due date only: del-004 (done), del-005 (dropped), del-007 (no due).
    assert sorted(u.split("@")[0] for u in uids if u.startswith("action-")) == [
        "action-adv-001",
        "action-del-001",
        "action-del-002",
        "action-del-003",
        "action-del-006",
        "action-del-008",
    ]
    due = next(e for e in events if e["UID"][0].startswith("action-del-002@"))
    assert due["DTSTART"] == ["20230531"]  # 2023-05 resolves to the end of May
    assert text == export("ics")  # rebuilt, it is the same: calendar apps update in place
    assert PRIVATE not in text


def test_a_newline_in_a_title_cannot_add_a_calendar_property(programme: Path) -> None:
    target = programme / "data/actions/del-002.yaml"
    target.write_text(
        target.read_text().replace(
            "title: Agree the group's communications plan",
            'title: "Plan\\nATTENDEE:mailto:evil@example.org;x,y\\\\z"',
        )
    )
    text = export("ics", root=programme)
    components = parse_ics(text)
    assert not any("ATTENDEE" in c for c in components)
    event = next(c for c in components if c.get("UID", [""])[0].startswith("action-del-002@"))
    assert event["SUMMARY"] == ["Due: del-002 Plan\\nATTENDEE:mailto:evil@example.org\\;x\\,y\\\\z"]


def test_ics_helpers() -> None:
    assert ics_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    long = "SUMMARY:" + "é" * 60
    folded = fold(long)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "").removesuffix("\r\n") == long


def test_json_export_is_everything_resolved_and_private_by_default() -> None:
    doc = json.loads(export("json"))
    assert doc["format"] == "tws-export/1"
    assert doc["audience"] == "public"
    assert {p["id"] for p in doc["people"]} == {"robin-public"}
    assert PRIVATE not in json.dumps(doc)
    assert "pat-private" not in json.dumps(doc)
    actions = {a["id"]: a for a in doc["actions"]}
    assert actions["del-006"]["owners"] == ["beta-health"]
    assert actions["del-002"]["due_date"] == "2023-05-31"
    meetings = {m["id"]: m for m in doc["meetings"]}
    notes = [n for i in meetings["delivery-2023-03-01"]["items"] for n in i["notes"]]
    internal = json.loads(export("json", "--audience", "internal"))
    internal_notes = [
        n
        for m in internal["meetings"]
        if m["id"] == "delivery-2023-03-01"
        for i in m["items"]
        for n in i["notes"]
    ]
    assert len(internal_notes) > len(notes)  # internal notes are left out of public exports
    assert PRIVATE in json.dumps(internal)


def test_output_file(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "actions.csv"
    result = run_tws("export", "csv", "-o", str(out), *BASE)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert out.read_bytes().startswith(b"\xef\xbb\xbfid,title,")  # a BOM, for Excel


def test_calendar_file_keeps_crlf(tmp_path: Path) -> None:
    out = tmp_path / "programme.ics"
    assert run_tws("export", "ics", "-o", str(out), *BASE).exit_code == 0
    data = out.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
