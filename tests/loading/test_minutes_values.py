"""Times, item numbers and item references written unquoted in a meeting, end to end: YAML 1.1
reads ``10:00`` in base 60, ``5.2`` as a fraction and ``010`` in octal, and the loader keeps the
text the field wants; a value that is no time or item number is a located error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import AS_OF, run_tws

from trauma_ws.loading.programme import load

MEETING = "data/meetings/delivery-2023-06-01.yaml"


def write_meeting(root: Path, extra: str, items: str) -> None:
    """The draft June meeting with ``extra`` fields after its date and ``items`` as its items."""
    (root / MEETING).write_text(
        "id: delivery-2023-06-01\ngroup: delivery\ndate: 2023-06-01\n"
        f"{extra}"
        "chair: alpha-council\nattendees: [alpha-council, beta-health, gamma-trust, sec-org]\n"
        "apologies: [pat-private]\nstatus: draft\n"
        f"items:\n{items}"
        "actions: [del-006, del-007, del-008]\n",
        encoding="utf-8",
    )


def validate(root: Path, *extra: str) -> tuple[int, str, str]:
    result = run_tws("validate", "--root", str(root), "--as-of", AS_OF, *extra)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_unquoted_times_and_item_numbers_keep_their_text(programme: Path) -> None:
    write_meeting(
        programme,
        "start: 10:00\nend: 11:30\nin_attendance:\n  - id: robin-public\n"
        "    items: [5, 5.2, IV, 010, 5.10]\n"
        "declarations:\n  - by: robin-public\n    item: 5.2\n    interest: A grant.\n",
        "  - title: Welcome\n    number: 5\n  - title: Papers\n    number: 5.2\n"
        "  - title: Finance\n    number: IV\n  - title: Close\n    number: 010\n"
        "  - title: Late item\n    number: 5.10\n",
    )
    code, out, err = validate(programme, "--strict")
    assert (code, out) == (0, ""), out + err
    meeting = load(programme).meetings["delivery-2023-06-01"]
    assert (meeting.start, meeting.end) == ("10:00", "11:30")
    assert [item.number for item in meeting.items] == ["5", "5.2", "IV", "010", "5.10"]
    assert meeting.in_attendance[0].items == ["5", "5.2", "IV", "010", "5.10"]
    assert meeting.declarations is not None
    assert meeting.declarations[0].item == "5.2"


def test_a_time_before_ten_is_kept_with_two_digits(programme: Path) -> None:
    write_meeting(programme, "start: 9:30\nend: 9:45\n", "  - title: Welcome\n")
    assert validate(programme, "--strict")[0] == 0
    meeting = load(programme).meetings["delivery-2023-06-01"]
    assert (meeting.start, meeting.end) == ("09:30", "09:45")


def test_end_before_start_when_both_are_unquoted(programme: Path) -> None:
    write_meeting(programme, "start: 10:00\nend: 9:30\n", "  - title: Welcome\n")
    code, out, _ = validate(programme)
    assert code == 1
    assert out.splitlines() == [
        f"{MEETING}:5:6: error: `end` (09:30) is not after `start` (10:00): give the times "
        "on the 24-hour clock [bad-times]"
    ]


@pytest.mark.parametrize("written", ["25:00", "24:00", "9:60", "10.00", "10:00:00", "10", "-1:00"])
def test_a_time_that_is_no_time_of_day_is_a_located_error(programme: Path, written: str) -> None:
    write_meeting(programme, f"start: {written}\n", "  - title: Welcome\n")
    before = (programme / MEETING).read_bytes()
    code, out, _ = validate(programme)
    assert code == 1
    assert out.splitlines() == [
        f"{MEETING}:4:8: error: `start`: `{written}` is not a time of day: write HH:MM on the "
        "24-hour clock, such as 10:00 or 14:30 [bad-time]"
    ]
    assert (programme / MEETING).read_bytes() == before


def test_bad_time_in_json_has_its_code(programme: Path) -> None:
    write_meeting(programme, "end: 25:00\n", "  - title: Welcome\n")
    result = run_tws("validate", "--root", str(programme), "--as-of", AS_OF, "-f", "json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)["problems"]
    assert (problem["code"], problem["line"], problem["col"]) == ("bad-time", 4, 6)


@pytest.mark.parametrize("written", [".5", "1:20", "+5", "3 (a)", "1_000"])
def test_an_item_number_in_no_form_the_minutes_use_is_a_located_error(
    programme: Path, written: str
) -> None:
    write_meeting(programme, "", f"  - title: Welcome\n    number: {written}\n")
    code, out, _ = validate(programme)
    assert code == 1
    (line,) = out.splitlines()
    assert line.startswith(
        f"{MEETING}:10:13: error: `number` of item 1 (“Welcome”): `{written}` is not an item"
    )
    assert line.endswith("[bad-item-number]")


def test_an_item_named_by_an_unquoted_whole_number(programme: Path) -> None:
    write_meeting(
        programme,
        "in_attendance:\n  - id: robin-public\n    items: [7]\n",
        "  - title: Welcome\n    number: 6\n",
    )
    code, out, _ = validate(programme)
    assert code == 1
    assert out.splitlines() == [
        f"{MEETING}:6:13: error: no item `7` in this meeting: name an item of this meeting by "
        "its number or its exact title [unknown-item]"
    ]
