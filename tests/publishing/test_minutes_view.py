"""The minutes view: naming by the group's rule, item numbers and references, decisions in the
body's words, and that no private name reaches a public view."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.conftest import AS_OF, FIXTURE_BASE
from tests.publishing.test_minutes_committee import (
    COMMITTEE,
    MEETING,
    NOT_PUBLISHED,
    PRIVATE_IDS,
    PRIVATE_NAMES,
)
from tests.publishing.test_views import strings

from trauma_ws.checking.validate import load_valid
from trauma_ws.loading.programme import Programme
from trauma_ws.publishing import minutes_decisions, minutes_parts, minutes_view, render, views
from trauma_ws.record import models

DAY = dt.date.fromisoformat(AS_OF)


@pytest.fixture(scope="module")
def board() -> Programme:
    return load_valid(COMMITTEE, as_of=DAY)


@pytest.fixture(scope="module")
def base() -> Programme:
    return load_valid(FIXTURE_BASE, as_of=DAY)


def view(
    p: Programme, audience: str = "public", meeting: str = MEETING
) -> minutes_view.MeetingView:
    return minutes_view.meeting_view(p, meeting, audience=audience, as_of=DAY)


# --- naming ---------------------------------------------------------------------------------------


def test_who_by_person(board: Programme) -> None:
    def who(ident: str, audience: views.Audience = "public") -> str:
        return views.who(board, ident, audience=audience, rule="by-person")

    assert who("chair-person") == "Morag Chairperson, Chair of the Board (Alpha Council)"
    assert who("robin-public") == "Robin Publicname (Gamma Trust)"  # public, no role
    assert who("pat-private") == "Lead officer, Beta Health Board"
    assert who("sam-hidden") == "A representative of Gamma Trust"  # no role
    assert who("sam-hidden", "internal") == "Sam Hiddenname (Gamma Trust)"
    assert who("pat-private", "internal") == "Pat Privateperson, Lead officer (Beta Health Board)"
    assert who("alpha-council") == "Alpha Council"
    assert who("board") == "Trust Board"


def test_who_by_organisation_is_party_name(board: Programme) -> None:
    for ident in ("chair-person", "pat-private", "sam-hidden", "alpha-council"):
        for audience in ("public", "internal"):
            assert views.who(
                board, ident, audience=audience, rule="by-organisation"
            ) == views.party_name(board, ident, audience=audience)


def test_attendance_by_person_keeps_one_entry_each(board: Programme) -> None:
    ids = ["sam-hidden", "dee-deputy", "sam-hidden"]
    assert views.attendance(board, ids, audience="public", rule="by-person") == [
        "A representative of Gamma Trust",
        "Deputy Director, Gamma Trust",
        "A representative of Gamma Trust",
    ]
    assert views.attendance(board, ids, audience="public") == ["Gamma Trust"]


def test_inline_and_next_meeting_words() -> None:
    assert views.inline("A representative of Gamma Trust") == "a representative of Gamma Trust"
    assert views.inline("Alpha Council") == "Alpha Council"
    assert views.period_text("next-meeting") == "by the next meeting"


# --- the view -------------------------------------------------------------------------------------


@pytest.mark.parametrize("meeting", ["board-2023-03-01", MEETING])
def test_public_view_holds_no_private_name(board: Programme, meeting: str) -> None:
    text = "\n".join(strings(view(board, meeting=meeting)))
    for secret in (*PRIVATE_NAMES, *PRIVATE_IDS, *NOT_PUBLISHED):
        assert secret not in text
    internal = "\n".join(strings(view(board, "internal", meeting)))
    assert "Pat Privateperson" in internal


def test_view_of_the_board_meeting(board: Programme) -> None:
    v = view(board)
    assert (v.style, v.attendance_rule, v.called) == ("committee", "by-person", "The Board")
    assert (v.start, v.end, v.time_text) == ("10:00", "12:30", "10:00 to 12:30")
    assert [p.chair for p in v.present] == [True, False, False, False]
    deputy = v.present[-1]
    assert (deputy.name, deputy.deputising_for) == (
        "Deputy Director, Gamma Trust",
        "A representative of Gamma Trust",
    )
    assert v.observers_text == "2 observers"
    assert v.declarations is not None
    assert [(d.by, d.item_text, d.left) for d in v.declarations] == [
        ("Lead officer, Beta Health Board", "item 2", True)
    ]
    assert [i.number for i in v.items] == ["1", "2", "7", "8", "10"]
    assert [(i.section, i.in_section) for i in v.items] == [
        (None, False),
        ("Items for decision", True),
        (None, True),
        (None, True),
        ("Other business", True),
    ]
    private = v.items[2]
    assert (private.private, private.notes, private.decisions) == (
        True,
        (),
        ("The staffing restructure goes ahead",),
    )
    assert v.approved_by == "The Trust's Audit Committee"
    assert v.approved_on_text == "20 June 2023"
    assert v.has_sections


def test_internal_decisions_only_internally(board: Programme) -> None:
    public = [d.text for g in view(board).items[1].decision_groups for d in g.decisions]
    assert "To hold reserves at five per cent" not in public
    internal = view(board, "internal").items[1].decision_groups
    assert [(g.lead, g.decisions[-1].internal) for g in internal][-1] == ("Resolved:", True)


def test_log_entries_are_plain_words(board: Programme) -> None:
    log = view(board).items[3].log
    assert [(e.status, e.status_text) for e in log] == [
        ("not-started", "not started"),
        ("in-progress", "in progress"),
        ("in-progress", "in progress"),
    ]
    assert log[1].due_text == "by this meeting"
    assert log[1].last_update_by == "Lead officer, Beta Health Board"


# --- decisions in the body's words ----------------------------------------------------------------


def test_decisions_group_consecutive_kinds() -> None:
    ds = [
        models.Decision.model_validate(d)
        for d in (
            "Plain text",
            {"text": "Agreed too", "kind": "agreed"},
            {"text": "Noted", "kind": "noted"},
            {
                "text": "Voted",
                "kind": "approved",
                "vote": {"for": 8, "against": 2, "abstentions": 1},
            },
            {"text": "Noted again", "kind": "noted"},
            {"text": "Hidden", "kind": "noted", "internal": True},
        )
    ]
    groups = minutes_decisions.decision_groups(ds, audience="public", called="The group")
    assert [(g.lead, [d.text for d in g.decisions]) for g in groups] == [
        ("The group agreed:", ["Plain text", "Agreed too"]),
        ("The group noted:", ["Noted"]),
        ("The group approved:", ["Voted"]),
        ("The group noted:", ["Noted again"]),
    ]
    assert groups[2].decisions[0].vote_text == "for 8, against 2, abstentions 1"
    internal = minutes_decisions.decision_groups(ds, audience="internal", called="The Board")
    assert [d.text for d in internal[-1].decisions] == ["Noted again", "Hidden"]
    assert internal[-1].lead == "The Board noted:"
    leads = {k: minutes_decisions.lead(k, "The Board") for k in models.DECISION_KINDS}
    assert leads == {
        "noted": "The Board noted:",
        "agreed": "The Board agreed:",
        "approved": "The Board approved:",
        "resolved": "Resolved:",
        "deferred": "Deferred:",
        "rejected": "The Board rejected:",
    }


def test_called_text(board: Programme, base: Programme) -> None:
    assert minutes_decisions.called_text(board.groups["board"]) == "The Board"
    assert minutes_decisions.called_text(base.groups["delivery"]) == "The group"


# --- item numbers and references ------------------------------------------------------------------


def test_automatic_numbers_count_on_from_written_ones(board: Programme) -> None:
    m = board.meetings[MEETING]
    numbers = minutes_parts.item_numbers(m, automatic=True)
    assert numbers.labels == ("1", "2", "7", "8", "9", "10")
    written = minutes_parts.item_numbers(m, automatic=False)
    assert written.labels == (None, None, "7", None, None, None)
    assert written.ref_text("Budget 2023/24", public=True) == "Budget 2023/24"
    assert written.ref_text("Legal advice", public=True) == minutes_parts.NOT_PUBLISHED
    assert written.ref_text("Legal advice", public=False) == "Legal advice"
    assert numbers.ref_text("Legal advice", public=True) == "item 9"
    assert numbers.refs_text(["1", "Budget 2023/24"], public=True) == "items 1 and 2"
    assert written.refs_text(["7", "Budget 2023/24"], public=True) == "item 7 and Budget 2023/24"


# --- the Markdown filter and None -----------------------------------------------------------------


def test_md_of_none_is_no_text() -> None:
    assert render.md(None) == ""
    assert render.md(0) == "0"


def test_minutes_template_by_style() -> None:
    assert render.minutes_template("gov-scot", "md") == "minutes.md.j2"
    assert render.minutes_template("committee", "html") == "minutes_committee.html.j2"
