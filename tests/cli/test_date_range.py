"""Dates from 0001-01-01 to 9999-12-31 anywhere in the records never crash a command."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import AS_OF, copy_base, run_tws
from trauma_ws.record import periods

FIRST, LAST = "0001-01-01", "9999-12-31"

ACTIONS = {
    "del-901": "due: 9999-12-31\nstatus: in-progress\n",
    "del-902": "due: 9999-12\nstatus: not-started\n",
    "del-903": "due: 9999-Q4\nstatus: blocked\n",
    "del-904": "due: 9999\nstatus: not-started\n",
    "del-905": "due: 9998/99\nstatus: not-started\n",
    "del-906": (
        "due: 0001-01-01\nstatus: done\ncompleted: 0001-01-01\nupdates:\n"
        "  - date: 0001-01-01\n    by: alpha-council\n    text: Done long ago.\n"
        "    status: done\n"
    ),
    "del-907": (
        "due: 0001-01\nstatus: in-progress\nupdates:\n"
        "  - date: 0001-01-01\n    by: alpha-council\n    text: Started.\n"
    ),
}

ANCIENT_MEETING = """\
id: advisory-0001-01-01
group: advisory
date: 0001-01-01
number: 1
format: online
chair: robin-public
attendees: [robin-public, alpha-council]
status: approved
approved_at: advisory-2023-04-01
purpose: The first meeting.
items:
  - title: Welcome
    notes:
      - Welcome.
next_meeting: 0001-02
"""


@pytest.fixture(scope="module")
def extreme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base programme plus actions due and done at both ends of the calendar."""
    root = copy_base(tmp_path_factory.mktemp("extreme") / "prog")
    for ident, rest in ACTIONS.items():
        (root / "data" / "actions" / f"{ident}.yaml").write_text(
            f"id: {ident}\ntitle: Action {ident}\ngroup: delivery\nowners: [alpha-council]\n"
            + rest,
            encoding="utf-8",
        )
    (root / "data" / "meetings" / "advisory-0001-01-01.yaml").write_text(
        ANCIENT_MEETING, encoding="utf-8"
    )
    return root


COMMANDS = [
    ("validate",),
    ("actions", "list"),
    ("actions", "overdue"),
    ("actions", "due", "--within", "3000000"),
    ("actions", "stale"),
    ("actions", "stale", "--days", "0"),
    ("actions", "chase"),
    ("actions", "show", "del-901"),
    ("actions", "show", "del-906"),
    ("groups",),
    ("members", "delivery"),
    ("export", "csv"),
    ("export", "ics"),
    ("export", "json"),
    ("report", "progress"),
    ("report", "progress", "--format", "html"),
    ("minutes", "render", "advisory-0001-01-01"),
    ("minutes", "render", "advisory-0001-01-01", "--format", "html"),
    ("site", "build"),
]


@pytest.mark.parametrize("as_of", [FIRST, AS_OF, LAST])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_runs_over_the_whole_calendar(
    extreme: Path, tmp_path: Path, command: tuple[str, ...], as_of: str
) -> None:
    extra = ("-o", str(tmp_path / "site")) if command[0] == "site" else ()
    result = run_tws(*command, *extra, "--root", str(extreme), "--as-of", as_of)
    # validate on 0001-01-01 finds every record dated after it: exit 1, as it should.
    expected = 1 if command == ("validate",) and as_of == FIRST else 0
    assert result.exit_code == expected, result.stdout + result.stderr
    assert "internal error" not in result.stderr


def test_the_calendar_writes_four_digit_years_and_ends_at_9999(extreme: Path) -> None:
    text = run_tws("export", "ics", "--root", str(extreme), "--as-of", LAST).stdout
    lines = [line.rstrip("\r") for line in text.splitlines()]
    start = lines.index("DTSTART;VALUE=DATE:00010101")
    assert lines[start + 1] == "DTEND;VALUE=DATE:00010102"
    assert "DTSTAMP:99991231T000000Z" in lines
    # An all-day event on the last day there is: no DTEND, which RFC 5545 reads as one day.
    last = lines.index("DTSTART;VALUE=DATE:99991231")
    assert lines[last + 1].startswith("SUMMARY:")


def test_a_report_on_the_last_day_looks_ahead_to_it(extreme: Path) -> None:
    args = ("--root", str(extreme), "--as-of", LAST, "--from", "9999-12-01")
    result = run_tws("report", "progress", *args)
    assert result.exit_code == 0, result.stderr
    assert "31 December 9999" in result.stdout


@pytest.mark.parametrize(
    ("day", "days", "expected"),
    [
        (dt.date.max, 1, dt.date.max),
        (dt.date(9999, 12, 1), 60, dt.date.max),
        (dt.date.min, -1, dt.date.min),
        (dt.date(2023, 7, 15), 30, dt.date(2023, 8, 14)),
        (dt.date(2023, 7, 15), -15, dt.date(2023, 6, 30)),
    ],
)
def test_add_days_stays_in_the_calendar(day: dt.date, days: int, expected: dt.date) -> None:
    assert periods.add_days(day, days) == expected


def test_a_financial_year_past_9999_is_a_located_error(programme: Path) -> None:
    path = programme / "data" / "actions" / "del-002.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("due: 2023-05", "due: 9999/00"), encoding="utf-8"
    )
    result = run_tws("validate", "--root", str(programme), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert (
        "data/actions/del-002.yaml:6:6: error: `due`: `9999/00` would end on 31 March 10000, "
        "after 9999-12-31, the last date tws can handle [bad-due]"
    ) in result.stdout
    for edit in (
        ("actions", "update", "del-002", "--by", "delivery", "--due", "9999/00"),
        ("actions", "new", "-g", "delivery", "-t", "T", "-o", "delivery", "--due", "9999/00"),
    ):
        refused = run_tws(*edit, "--root", str(programme), "--as-of", AS_OF)
        assert refused.exit_code in (1, 2), refused.stderr
        assert "9999/00" in refused.stderr
        assert "internal error" not in refused.stderr


@pytest.mark.parametrize(
    ("command", "as_of", "written"),
    [
        (("minutes", "new", "advisory", "--format", "online"), LAST, "advisory-9999-12-31"),
        (("minutes", "new", "advisory", "--format", "online"), "0001-01-02", "advisory-0001-01-02"),
        (("actions", "update", "del-901", "--by", "alpha-council", "--status", "done"), LAST, ""),
        (("actions", "update", "del-907", "--by", "alpha-council", "--note", "Hi"), FIRST, ""),
        (
            ("actions", "new", "-g", "delivery", "-t", "T", "-o", "delivery", "--due", LAST),
            LAST,
            "",
        ),
    ],
)
def test_edits_at_either_end_of_the_calendar(
    extreme: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: tuple[str, ...],
    as_of: str,
    written: str,
) -> None:
    import datetime as dt
    import shutil

    from trauma_ws.cli import common

    # Today is the last day: an edit dated then is not in the future, and the records dated
    # in 2023 are not either (an edit is checked as `tws validate` would check it today).
    monkeypatch.setattr(common, "now", lambda: dt.datetime(9999, 12, 31, 12, tzinfo=dt.UTC))
    root = tmp_path / "prog"
    shutil.copytree(extreme, root)
    result = run_tws(*command, "--root", str(root), "--as-of", as_of)
    assert result.exit_code == 0, result.stderr
    if written:
        assert (root / "data" / "meetings" / f"{written}.yaml").is_file()


def test_the_schemas_accept_what_tws_accepts(extreme: Path, tmp_path: Path) -> None:
    """Editors using `tws schema` agree with tws on far dates and on the time zone."""
    import subprocess
    import sys

    workplan = extreme / "data" / "workplan.yaml"
    text = workplan.read_text(encoding="utf-8")
    zoned = tmp_path / "workplan.yaml"
    zoned.write_text(
        text.replace("  contact:", "  timezone: America/Argentina/Buenos_Aires\n  contact:"),
        encoding="utf-8",
    )
    year = tmp_path / "del-999.yaml"
    year.write_text(
        "id: del-999\ntitle: T\ngroup: delivery\nowners: [delivery]\ndue: 9999\n"
        "status: not-started\n",
        encoding="utf-8",
    )
    assert run_tws("schema", "-o", str(tmp_path / "schemas")).exit_code == 0
    check = Path(sys.executable).parent / "check-jsonschema"
    for kind, files in (
        ("workplan", [zoned]),
        ("action", [year, *sorted((extreme / "data" / "actions").glob("del-9*.yaml"))]),
        ("meeting", [extreme / "data" / "meetings" / "advisory-0001-01-01.yaml"]),
    ):
        schema = tmp_path / "schemas" / f"{kind}.schema.json"
        done = subprocess.run(
            [str(check), "--schemafile", str(schema), *map(str, files)],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert done.returncode == 0, done.stdout + done.stderr
