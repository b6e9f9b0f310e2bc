"""Questions over reports: bodies, a body's reports, the previous one, a report's period, when
the programme began, and the floor of a progress report's default period."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.conftest import copy_base

from trauma_ws.checking.validate import load_valid
from trauma_ws.loading.programme import Programme
from trauma_ws.querying import reports
from trauma_ws.record.problems import UsageError

DAY = dt.date(2023, 7, 15)


def _write(root: Path, ident: str, extra: str = "") -> None:
    body, day = ident.split("-", 1)
    folder = root / "data" / "reports"
    folder.mkdir(exist_ok=True)
    (folder / f"{ident}.yaml").write_text(
        f"id: {ident}\nfor: {body}\ndate: {day}\nauthor: alpha-council\nstatus: draft\n{extra}",
        encoding="utf-8",
    )


@pytest.fixture
def prog(tmp_path: Path) -> Programme:
    root = copy_base(tmp_path / "prog")
    _write(root, "board-2023-03-31")
    _write(root, "board-2023-06-15", "period:\n  to: 2023-06-10\n")
    _write(root, "board-2023-07-14", "period:\n  from: 2023-06-01\n")
    return load_valid(root, as_of=DAY)


def test_bodies_and_their_groups(prog: Programme) -> None:
    assert reports.bodies(prog) == ["board"]
    assert reports.reporting_groups(prog, "board") == ["delivery", "advisory"]
    assert reports.reporting_groups(prog, "delivery") == []


def test_a_bodys_reports_oldest_first_and_the_one_before_a_date(prog: Programme) -> None:
    assert [r.id for r in reports.reports_to(prog, "board")] == [
        "board-2023-03-31",
        "board-2023-06-15",
        "board-2023-07-14",
    ]
    assert reports.previous_report(prog, "board", dt.date(2023, 3, 31)) is None
    previous = reports.previous_report(prog, "board", dt.date(2023, 7, 14))
    assert previous is not None
    assert previous.id == "board-2023-06-15"


def test_the_programme_begins_at_its_first_dated_record(prog: Programme) -> None:
    assert reports.programme_start(prog) == dt.date(2023, 3, 1)  # delivery-2023-03-01


def test_periods_by_default_and_as_written(prog: Programme) -> None:
    first = reports.period_of(prog, prog.reports["board-2023-03-31"])
    assert (first.start, first.end, first.basis) == (
        dt.date(2023, 3, 1),
        dt.date(2023, 3, 31),
        "programme-start",
    )
    assert first.previous is None
    second = reports.period_of(prog, prog.reports["board-2023-06-15"])
    assert (second.start, second.end, second.basis) == (
        dt.date(2023, 4, 1),
        dt.date(2023, 6, 10),  # its own `to`
        "previous-report",
    )
    third = reports.period_of(prog, prog.reports["board-2023-07-14"])
    assert (third.start, third.end, third.basis) == (
        dt.date(2023, 6, 1),
        dt.date(2023, 7, 14),
        "written",
    )
    assert third.previous is not None
    assert third.previous.id == "board-2023-06-15"  # the trend compares with it


def test_with_no_dated_record_a_report_covers_its_own_day(prog: Programme) -> None:
    empty = Programme(root=prog.root, groups=prog.groups)
    span = reports.next_period(empty, "board", DAY, None)
    assert (span.start, span.end, span.basis) == (DAY, DAY, "report-date")


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2023-07-15", 3, "2023-04-15"),
        ("2023-05-31", 3, "2023-02-28"),
        ("2024-05-31", 3, "2024-02-29"),
        ("2023-02-15", 3, "2022-11-15"),
        ("0001-02-01", 3, "0001-01-01"),
    ],
)
def test_months_before(day: str, months: int, expected: str) -> None:
    got = reports.months_before(dt.date.fromisoformat(day), months)
    assert got == dt.date.fromisoformat(expected)


def test_quarter_before_is_three_months_to_the_day() -> None:
    assert reports.quarter_before(DAY) == dt.date(2023, 4, 16)


def test_progress_floor(prog: Programme) -> None:
    # The latest report whose period ended before the end: board-2023-06-15 (to 10 June).
    floor, report = reports.progress_floor(prog, "board", dt.date(2023, 7, 13))
    assert floor == dt.date(2023, 6, 11)
    assert report is not None
    assert report.id == "board-2023-06-15"
    # On 15 July the report of 14 July has ended: the period is at least that one day.
    assert reports.progress_floor(prog, "board", DAY)[0] == dt.date(2023, 7, 15)
    assert reports.progress_floor(prog, None, DAY) == (dt.date(2023, 4, 16), None)
    assert reports.progress_floor(prog, "board", dt.date(2023, 3, 15))[1] is None


def test_find_report_by_id_or_by_body(prog: Programme) -> None:
    assert reports.find_report(prog, "board-2023-03-31").id == "board-2023-03-31"
    assert reports.find_report(prog, "board").id == "board-2023-07-14"
    with pytest.raises(
        UsageError, match=r"`board-2023-03-30` is not a report or body reported to; did you mean"
    ):
        reports.find_report(prog, "board-2023-03-30")


def test_find_report_of_a_body_without_reports(tmp_path: Path) -> None:
    prog = load_valid(copy_base(tmp_path / "prog"), as_of=DAY)
    with pytest.raises(UsageError, match=r"no report to `board` .*tws report new --for board"):
        reports.find_report(prog, "board")
