"""One today: the programme's time zone, not the machine's, decides what date it is."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import AS_OF, run_tws, run_tws_process
from trauma_ws.cli import common

LONDON = ZoneInfo("Europe/London")
# 25 hours apart: at every instant their calendars show different dates.
FAR_EAST, FAR_WEST = "Pacific/Kiritimati", "Pacific/Pago_Pago"


def set_zone(root: Path, name: str) -> None:
    """Give the programme at ``root`` the time zone ``name`` in its workplan."""
    path = root / "data" / "workplan.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "  contact: fixture@example.org\n"
    assert anchor in text
    path.write_text(text.replace(anchor, f"{anchor}  timezone: {name}\n"), encoding="utf-8")


@pytest.fixture
def machine_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Put the machine's (the process's) own clock in another zone for one test."""
    yield None
    monkeypatch.undo()
    time.tzset()


def machine_in(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv("TZ", name)
    time.tzset()


def stop_clock(monkeypatch: pytest.MonkeyPatch, instant: str) -> None:
    """Make the CLI's clock read ``instant`` (ISO 8601 with an offset)."""
    at = dt.datetime.fromisoformat(instant).astimezone(dt.UTC)
    monkeypatch.setattr(common, "now", lambda: at)


def as_of_of(result_stdout: str) -> str:
    return str(json.loads(result_stdout)["as_of"])


def test_today_is_london_s_whatever_the_machine_s_zone(programme: Path) -> None:
    before = dt.datetime.now(LONDON).date().isoformat()
    seen = {}
    for zone in (FAR_EAST, FAR_WEST, "UTC"):
        done = run_tws_process("export", "json", "--root", str(programme), env={"TZ": zone})
        assert done.returncode == 0, done.stderr
        seen[zone] = as_of_of(done.stdout)
    after = dt.datetime.now(LONDON).date().isoformat()
    # Equal in every zone, and London's date (read around the runs, in case midnight passed).
    assert len(set(seen.values())) == 1 or before != after, seen
    assert seen[FAR_EAST] in (before, after)


def test_the_workplan_s_zone_decides_today(programme: Path) -> None:
    set_zone(programme, FAR_EAST)
    before = dt.datetime.now(ZoneInfo(FAR_EAST)).date().isoformat()
    done = run_tws_process("export", "json", "--root", str(programme), env={"TZ": FAR_WEST})
    after = dt.datetime.now(ZoneInfo(FAR_EAST)).date().isoformat()
    assert done.returncode == 0, done.stderr
    assert as_of_of(done.stdout) in (before, after)


@pytest.mark.usefixtures("machine_zone")
def test_an_update_at_half_past_midnight_in_edinburgh_passes_on_a_utc_runner(
    programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 00:30 BST on 15 July is 23:30 UTC on 14 July.
    stop_clock(monkeypatch, "2023-07-15T00:30:00+01:00")
    machine_in(monkeypatch, "Europe/London")
    args = ("--root", str(programme))
    done = run_tws("actions", "update", "del-002", "--status", "done", "--by", "delivery", *args)
    assert done.exit_code == 0, done.stderr
    text = (programme / "data" / "actions" / "del-002.yaml").read_text(encoding="utf-8")
    assert "completed: 2023-07-15" in text
    assert "- date: 2023-07-15" in text
    machine_in(monkeypatch, "UTC")  # the CI runner
    checked = run_tws("validate", *args)
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    assert "after today" not in checked.stdout


@pytest.mark.usefixtures("machine_zone")
def test_a_utc_programme_s_update_is_dated_in_utc_on_a_london_machine(
    programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_zone(programme, "UTC")
    stop_clock(monkeypatch, "2023-07-15T00:30:00+01:00")
    machine_in(monkeypatch, "Europe/London")
    args = ("--root", str(programme))
    done = run_tws("actions", "update", "del-002", "--status", "done", "--by", "delivery", *args)
    assert done.exit_code == 0, done.stderr
    text = (programme / "data" / "actions" / "del-002.yaml").read_text(encoding="utf-8")
    assert "completed: 2023-07-14" in text
    made = run_tws("minutes", "new", "delivery", "--format", "online", *args)
    assert made.exit_code == 0, made.stderr
    assert (programme / "data" / "meetings" / "delivery-2023-07-14.yaml").is_file()
    new = ("actions", "new", "-g", "delivery", "-t", "Plan", "-o", "delivery", "--due", "2023-09")
    added = run_tws(*new, *args)
    assert added.exit_code == 0, added.stderr


def test_as_of_overrides_the_programme_s_zone(programme: Path) -> None:
    set_zone(programme, FAR_EAST)
    done = run_tws("export", "json", "--root", str(programme), "--as-of", AS_OF)
    assert done.exit_code == 0, done.stderr
    assert as_of_of(done.stdout) == AS_OF


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "Europe/Londn",
            "data/workplan.yaml:6:13: error: `programme.timezone`: `Europe/Londn` is not a time "
            "zone (did you mean `Europe/London`?)",
        ),
        (
            "europe/london",
            "data/workplan.yaml:6:13: error: `programme.timezone`: `europe/london` is not a time "
            "zone (did you mean `Europe/London`?)",
        ),
        ("../../etc/passwd", "data/workplan.yaml:6:13: error: `programme.timezone`: `../../etc"),
        ("localtime", "data/workplan.yaml:6:13: error: `programme.timezone`: `localtime` is not"),
        ("5", "data/workplan.yaml:6:13: error: `programme.timezone` should be text"),
    ],
)
@pytest.mark.parametrize("as_of", [(), ("--as-of", AS_OF)])
def test_an_unknown_zone_is_a_located_error(
    programme: Path, value: str, expected: str, as_of: tuple[str, ...]
) -> None:
    set_zone(programme, value)
    for command in (("validate",), ("actions", "overdue"), ("export", "ics")):
        result = run_tws(*command, "--root", str(programme), *as_of)
        assert result.exit_code == 1, (command, result.stdout, result.stderr)
        assert expected in result.stdout + result.stderr, (command, result.stderr)
        assert "internal error" not in result.stderr


def test_the_schema_offers_the_zone(programme: Path) -> None:
    schema = json.loads(run_tws("schema", "workplan").stdout)
    zone = schema["$defs"]["ProgrammeInfo"]["properties"]["timezone"]
    assert zone["default"] == "Europe/London"
    assert zone["type"] == "string"


def test_the_machine_s_zone_is_not_read_by_tws() -> None:
    """Only the CLI reads the clock, in one place, in the programme's zone."""
    src = Path(common.__file__).resolve().parents[1]
    readers = []
    for path in sorted(src.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for needle in ("date.today(", "datetime.now(", "time.time(", "localtime(", "utcnow("):
            if needle in text:
                readers.append(f"{path.relative_to(src)}: {needle}")
    assert readers == ["cli/common.py: datetime.now("], readers


MACHINES = [
    {"TZ": FAR_EAST, "LC_ALL": "C"},
    {"TZ": FAR_WEST, "LC_ALL": "C.UTF-8"},
    {"TZ": "UTC", "LC_ALL": "C.UTF-8"},
    {"TZ": "Europe/London", "LC_ALL": "POSIX", "LANG": ""},
]


@pytest.mark.parametrize(
    "command",
    [
        ("report", "progress"),
        ("actions", "list", "--format", "csv"),
        ("export", "ics"),
        ("minutes", "render", "delivery-2023-06-01"),
    ],
    ids=" ".join,
)
def test_the_output_is_the_same_on_every_machine(programme: Path, command: tuple[str, ...]) -> None:
    """Time zone and locale of the machine change nothing, not even with non-ASCII text."""
    path = programme / "data" / "actions" / "del-001.yaml"
    text = path.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    path.write_text(text.replace(title, "title: Café – naïve ✓ Łódź"), encoding="utf-8")
    outputs = {}
    for machine in MACHINES:
        done = run_tws_process(*command, "--root", str(programme), "--as-of", AS_OF, env=machine)
        assert done.returncode == 0, (machine, done.stderr)
        outputs[" ".join(f"{k}={v}" for k, v in machine.items())] = done.stdout
    assert len(set(outputs.values())) == 1, outputs
    if command[0] != "minutes":
        assert "Café – naïve ✓ Łódź" in next(iter(outputs.values()))
