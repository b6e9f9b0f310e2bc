"""Meetings in the exports: timed calendar events in the programme's time zone, and the new
meeting fields in the JSON export, named for the audience by the group's rule."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from tests.publishing.test_export import export, parse_ics
from tests.publishing.test_minutes_committee import (
    MEETING,
    NOT_PUBLISHED,
    PRIVATE_NAMES,
    committee,
    edit,
)

from trauma_ws.publishing.export import meeting_times
from trauma_ws.record import models


@pytest.fixture
def board(tmp_path: Path) -> Path:
    return committee(tmp_path)


def events(text: str) -> dict[str, dict[str, list[str]]]:
    return {c["UID"][0].split("@")[0]: c for c in parse_ics(text) if c["_type"] == ["VEVENT"]}


def test_a_meeting_with_a_start_is_a_timed_event(board: Path) -> None:
    # 10:00 to 12:30 in London in May (BST, UTC+1) is 09:00 to 11:30 UTC.
    found = events(export("ics", root=board))
    timed = found[f"meeting-{MEETING}"]
    assert timed["DTSTART"] == ["20230510T090000Z"]
    assert timed["DTEND"] == ["20230510T113000Z"]
    assert timed["LOCATION"] == ["Board Room\\, Alpha House"]
    # Without a start time a meeting stays an all-day event, as before.
    all_day = found["meeting-board-2023-03-01"]
    assert all_day["DTSTART"] == ["20230301"]
    assert all_day["DTEND"] == ["20230302"]


def test_without_an_end_a_meeting_lasts_an_hour_in_winter_time(board: Path) -> None:
    edit(board, "data/meetings/board-2023-03-01.yaml", {"start": "14:00"})
    timed = events(export("ics", root=board))["meeting-board-2023-03-01"]
    assert timed["DTSTART"] == ["20230301T140000Z"]  # GMT: UTC+0
    assert timed["DTEND"] == ["20230301T150000Z"]


def test_the_programmes_time_zone_is_used(board: Path) -> None:
    path = board / "data/workplan.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Europe/London", "America/New_York"),
        encoding="utf-8",
    )
    timed = events(export("ics", root=board))[f"meeting-{MEETING}"]
    assert timed["DTSTART"] == ["20230510T140000Z"]  # EDT: UTC-4


def test_meeting_times() -> None:
    m = models.Meeting.model_validate(
        {
            "id": "g-2023-10-29",
            "group": "g",
            "date": "2023-10-29",
            "chair": "c",
            "status": "draft",
            "items": [],
            "start": "10:00",
            "end": "09:00",  # not after the start: taken as an hour
        }
    )
    times = meeting_times(m, "Europe/London")
    assert times is not None
    begin, end = times
    assert begin.utcoffset() == dt.timedelta(0)  # the clocks went back that morning
    assert end - begin == dt.timedelta(hours=1)
    assert meeting_times(m.model_copy(update={"start": None}), "Europe/London") is None


def test_json_export_has_the_new_meeting_fields(board: Path) -> None:
    text = export("json", root=board)
    for secret in (*PRIVATE_NAMES, *NOT_PUBLISHED):
        assert secret not in text
    doc = json.loads(text)
    m = {x["id"]: x for x in doc["meetings"]}[MEETING]
    assert (m["start"], m["end"], m["format"], m["location"]) == (
        "10:00",
        "12:30",
        "in-person",
        "Board Room, Alpha House",
    )
    assert m["present"][0] == "Morag Chairperson, Chair of the Board (Alpha Council) (Chair)"
    assert m["in_attendance"][1] == {
        "name": "Finance Officer, Alpha Council",
        "capacity": "officer",
        "items": "item 2",
    }
    assert m["observers"] == 2
    assert m["declarations"][0]["by"] == "Lead officer, Beta Health Board"
    assert (m["approved_by"], m["approved_on"]) == ("The Trust's Audit Committee", "2023-06-20")
    budget = m["items"][1]
    assert (budget["number"], budget["section"]) == ("2", "Items for decision")
    assert budget["papers"][0]["reference"] == "TB(23)05"
    assert budget["decision_details"][0] == {
        "text": "The budget for 2023/24",
        "kind": "approved",
        "vote": {"for": 2, "against": 1, "abstentions": 1},
    }
    assert budget["actions"] == ["brd-003"]
    assert m["items"][2]["private"] is True
    assert m["items"][2]["notes"] == []
    internal = json.loads(export("json", "--audience", "internal", root=board))
    im = {x["id"]: x for x in internal["meetings"]}[MEETING]
    assert im["items"][2]["notes"] == [
        "Confidential discussion of staffing changes at Beta Health Board."
    ]
