"""View data for templates: words for dates and due forms, and privacy for each audience."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from tests.conftest import AS_OF, FIXTURE_BASE

from trauma_ws.checking.validate import load_valid
from trauma_ws.loading.programme import Programme
from trauma_ws.publishing import minutes_view, views
from trauma_ws.record.problems import UsageError

DAY = dt.date.fromisoformat(AS_OF)
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def base() -> Programme:
    return load_valid(FIXTURE_BASE, as_of=DAY)


def strings(value: object) -> Iterator[str]:
    """Every string anywhere inside a view (dataclasses, tuples, dicts)."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from strings(getattr(value, f.name))
    elif isinstance(value, tuple | list):
        for v in value:
            yield from strings(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(k)
            yield from strings(v)


# --- words ----------------------------------------------------------------------------------------


def test_dates_in_words() -> None:
    assert views.date_text(dt.date(2022, 8, 25)) == "25 August 2022"
    assert views.date_text(dt.date(2023, 1, 1)) == "1 January 2023"
    assert views.month_text(dt.date(2022, 9, 21)) == "September 2022"


@pytest.mark.parametrize(
    ("number", "text"),
    [(1, "first"), (4, "fourth"), (12, "twelfth"), (20, "twentieth"), (21, "21st"), (22, "22nd"),
     (23, "23rd"), (24, "24th"), (111, "111th"), (112, "112th"), (101, "101st")],
)  # fmt: skip
def test_ordinals(number: int, text: str) -> None:
    assert views.ordinal(number) == text


@pytest.mark.parametrize(
    ("due", "text"),
    [
        ("2022-09-02", "2 September 2022"),
        ("2022-10", "October 2022"),
        ("2023-Q2", "April to June 2023"),
        ("2023-q4", "October to December 2023"),
        ("2023", "2023"),
        ("2022/23", "financial year 2022/23"),
    ],
)
def test_due_forms_in_words(due: str, text: str) -> None:
    assert views.period_text(due) == text


def test_join_names() -> None:
    assert views.join_names([]) == ""
    assert views.join_names(["A"]) == "A"
    assert views.join_names(["A", "B"]) == "A and B"
    assert views.join_names(["A", "B", "C"]) == "A, B and C"
    # A name with a comma of its own switches to semicolons, so the list stays readable.
    assert views.join_names(["Team, SG", "B", "C"]) == "Team, SG; B and C"


# --- naming parties -------------------------------------------------------------------------------


def test_party_names_for_each_audience(base: Programme) -> None:
    name = views.party_name
    assert name(base, "beta-health", audience="public") == "Beta Health Board"
    assert name(base, "delivery", audience="public") == "Delivery Group"
    assert name(base, "pat-private", audience="public") == "Beta Health Board"
    assert name(base, "pat-private", audience="internal") == "Pat Privateperson (Beta Health Board)"
    assert name(base, "robin-public", audience="public") == "Robin Publicname (Gamma Trust)"
    assert name(base, "robin-public", audience="internal") == "Robin Publicname (Gamma Trust)"


def test_group_short_name_is_used(base: Programme) -> None:
    real = load_valid(REPO, as_of=DAY)
    assert views.party_name(real, "pdg", audience="public") == "Partnership Delivery Group"


def test_public_attendance_is_organisations_only_deduplicated_in_order(base: Programme) -> None:
    ids = ["alpha-council", "pat-private", "robin-public", "beta-health", "gamma-trust"]
    # An organisation with an abbreviation is listed with it after its name, as published.
    assert views.attendance(base, ids, audience="public") == [
        "Alpha Council",
        "Beta Health Board (BHB)",
        "Gamma Trust",
    ]
    assert views.attendance(base, ids, audience="internal") == [
        "Alpha Council",
        "Pat Privateperson (Beta Health Board)",
        "Robin Publicname (Gamma Trust)",
        "Beta Health Board (BHB)",
        "Gamma Trust",
    ]


def test_unknown_audience_is_a_usage_error(base: Programme) -> None:
    with pytest.raises(UsageError, match="unknown audience `press`"):
        minutes_view.meeting_view(base, "delivery-2023-03-01", audience="press", as_of=DAY)


def test_unknown_meeting_names_the_nearest(base: Programme) -> None:
    with pytest.raises(UsageError, match=r"did you mean `delivery-2023-03-01`"):
        minutes_view.meeting_view(base, "delivery-2023-03-02", audience="public", as_of=DAY)


# --- the meeting view -----------------------------------------------------------------------------


def test_meeting_view_public(base: Programme) -> None:
    v = minutes_view.meeting_view(base, "delivery-2023-03-01", audience="public", as_of=DAY)
    assert v.title == "Delivery Group minutes: March 2023"
    assert v.date_text == "1 March 2023"
    assert v.number_text == "first meeting"
    assert (v.format, v.format_text) == ("online", "online")
    assert v.chair == "Alpha Council"
    assert v.attendees == ("Alpha Council", "Secretariat Office", "Beta Health Board (BHB)")
    # Beta Health Board sent apologies although Pat, one of its people, came: apologies are
    # never dropped (they were before issue 12).
    assert v.apologies == ("Beta Health Board (BHB)",)
    assert not v.internal
    assert v.approved_at is not None
    assert v.approved_at.label == "Delivery Group meeting of 1 June 2023"
    assert [i.title for i in v.items] == ["Welcome and introductions", "Terms of reference"]
    assert [n.text for n in v.items[1].notes] == ["The group agreed its terms of reference."]
    assert v.items[1].decisions == ("Terms of reference agreed.",)
    assert [a.id for a in v.actions] == ["del-001", "del-002", "del-003", "del-004", "del-005"]
    assert v.contact.contact == v.contact.email == "fixture@example.org"
    assert v.contact.programme_name == "Fixture Programme"
    assert v.contact.group_name == "Delivery Group"
    assert v.next_meeting is None


def test_meeting_view_internal_keeps_internal_notes_marked(base: Programme) -> None:
    v = minutes_view.meeting_view(base, "delivery-2023-03-01", audience="internal", as_of=DAY)
    assert v.internal
    notes = v.items[1].notes
    assert [(n.text.split()[0], n.internal) for n in notes] == [("The", False), ("Staffing", True)]
    assert v.attendees[-1] == "Pat Privateperson (Beta Health Board)"
    assert v.apologies == ("Beta Health Board (BHB)",)


def test_next_meeting_and_status(base: Programme) -> None:
    v = minutes_view.meeting_view(base, "delivery-2023-06-01", audience="public", as_of=DAY)
    assert (v.next_meeting, v.next_meeting_text, v.next_meeting_exact) == (
        "2023-09",
        "September 2023",
        False,
    )
    assert (v.status, v.approved_at, v.location) == ("draft", None, "Alpha Council HQ")
    assert v.number_text == "second meeting"


def test_action_view(base: Programme) -> None:
    v = minutes_view.meeting_view(base, "delivery-2023-06-01", audience="public", as_of=DAY)
    by_id = {a.id: a for a in v.actions}
    a = by_id["del-008"]
    assert a.owners == ("Alpha Council", "Beta Health Board")
    assert a.owners_text == "Alpha Council and Beta Health Board"
    assert (a.due, a.due_text, a.due_date) == ("2023-08-10", "10 August 2023", dt.date(2023, 8, 10))
    assert (a.status, a.status_text, a.rag) == ("not-started", "not started", "green")
    assert by_id["del-006"].owners == ("Beta Health Board",)
    assert by_id["del-007"].owners == ("Advisory Group",)
    assert (by_id["del-007"].due, by_id["del-007"].due_text) == (None, None)

    earlier = minutes_view.meeting_view(base, "delivery-2023-03-01", audience="public", as_of=DAY)
    first = earlier.actions[0]
    assert first.rag == "red"  # due 30 April 2023, still open on the as-of date
    assert first.updates[1].by == "Beta Health Board"  # an update given by Pat, in public
    quarter = earlier.actions[2]
    assert (quarter.due_text, quarter.due_date_text) == ("April to June 2023", "30 June 2023")


@pytest.mark.parametrize("meeting", ["delivery-2023-03-01", "delivery-2023-06-01"])
def test_public_views_never_name_a_private_person(base: Programme, meeting: str) -> None:
    v = minutes_view.meeting_view(base, meeting, audience="public", as_of=DAY)
    text = "\n".join(strings(v))
    assert "Pat Privateperson" not in text
    assert "pat-private" not in text
    assert "Staffing concerns" not in text
    internal = "\n".join(
        strings(minutes_view.meeting_view(base, meeting, audience="internal", as_of=DAY))
    )
    assert "Pat Privateperson (Beta Health Board)" in internal


def test_public_person_is_named_in_public(base: Programme) -> None:
    v = minutes_view.meeting_view(base, "advisory-2023-04-01", audience="public", as_of=DAY)
    assert v.chair == "Robin Publicname (Gamma Trust)"
    assert v.actions[0].owners == ("Robin Publicname (Gamma Trust)",)
    # Attendance lists stay organisations only, as the published minutes do.
    assert v.attendees == ("Gamma Trust", "Alpha Council")


def test_internal_item_is_left_out_in_public(programme: Path) -> None:
    path = programme / "data/meetings/delivery-2023-06-01.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["items"].append(
        {"title": "Budget pressures", "internal": True, "notes": ["Figures not yet agreed."]}
    )
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    p = load_valid(programme, as_of=DAY)
    public = minutes_view.meeting_view(p, "delivery-2023-06-01", audience="public", as_of=DAY)
    assert "Budget pressures" not in [i.title for i in public.items]
    assert "Figures not yet agreed." not in "\n".join(strings(public))
    internal = minutes_view.meeting_view(p, "delivery-2023-06-01", audience="internal", as_of=DAY)
    assert (internal.items[-1].title, internal.items[-1].internal) == ("Budget pressures", True)


def test_shipped_meeting_view() -> None:
    real = load_valid(REPO, as_of=DAY)
    v = minutes_view.meeting_view(real, "eag-2022-09-21", audience="public", as_of=DAY)
    assert v.title == "Trauma Responsive Social Work Services Expert Advisory Group minutes: " + (
        "September 2022"
    )
    assert v.number_text == "fourth meeting"
    assert v.date_text == "21 September 2022"
    assert v.group_short_name == "Expert Advisory Group"
    assert len(v.actions) == 4
