"""What a model's errors most likely mean: a note written ``- Label: text`` is one problem saying
to quote it, a list entry indented too far is an indentation problem, and each place is named
in words."""

from __future__ import annotations

from trauma_ws.loading import translate, yamlio
from trauma_ws.record import models
from trauma_ws.record.problems import Problem

REL = "data/meetings/delivery-2023-06-01.yaml"
HEAD = """id: delivery-2023-06-01
group: delivery
date: 2023-06-01
chair: alpha-council
status: draft
"""


def problems(text: str, model: type[models.Record] = models.Meeting) -> list[Problem]:
    parsed = yamlio.parse(text.encode("utf-8"), REL)
    assert not parsed.problems
    built, found = translate.build(model, parsed)
    assert built is None
    return found


def test_a_note_written_label_colon_text_is_one_problem_saying_to_quote_it() -> None:
    found = problems(
        HEAD + "items:\n  - title: Updates\n    notes:\n"
        "      - Update from NES: the framework is out for consultation\n"
    )
    assert [(p.line, p.col, p.code) for p in found] == [(9, 9, "colon-in-text")]
    assert found[0].message == (
        "this note has a colon followed by a space, so YAML reads it as a label and a value: "
        'put the whole note in quotes: - "Update from NES: the framework is out for …"'
    )


def test_a_decision_too_and_a_known_field_is_not_taken_for_a_label() -> None:
    found = problems(
        HEAD + "items:\n  - title: Budget\n    decisions:\n      - Agreed: the budget\n"
        "      - kind: agreed\n"
    )
    assert [(p.line, p.code) for p in found] == [(9, "colon-in-text"), (10, "missing-field")]
    assert found[0].message.startswith("this decision has a colon")
    assert found[1].message == (
        "missing required field `text`: add `text: …` under decision 2 of item 1 (“Budget”)"
    )


def test_an_id_written_label_colon_text_says_to_quote_it_too() -> None:
    found = problems(HEAD + "attendees:\n  - Alpha Council: apologies\nitems: []\n")
    assert [(p.line, p.code) for p in found] == [(7, "colon-in-text")]
    assert found[0].message == (
        "attendee 1 has a colon followed by a space, so YAML reads it as a label and a value: "
        'put the whole entry in quotes: "Alpha Council: apologies"'
    )


def test_a_list_entry_indented_too_far_is_an_indentation_problem() -> None:
    found = problems(HEAD + "attendees:\n  - alpha-council\n   - beta-health\nitems: []\n")
    assert [(p.line, p.col, p.code) for p in found] == [(8, 4, "yaml-indent")]
    assert found[0].message == (
        "this line is indented 3 spaces, but the list it belongs to starts at column 3 (the "
        "`-` on line 7), so YAML reads it as more of the entry above (`alpha-council - "
        "beta-health`): indent it 2 spaces to line it up with that `-`"
    )


def test_an_id_with_a_spaced_hyphen_on_one_line_is_still_a_bad_id() -> None:
    found = problems(HEAD + "attendees:\n  - alpha - council\nitems: []\n")
    assert [p.code for p in found] == ["bad-id"]
    assert found[0].message.startswith("attendee 1: `alpha - council` is not a valid id")


def test_a_choice_and_a_date_get_their_did_you_mean() -> None:
    found = problems(
        "id: del-001\ntitle: T\ngroup: delivery\nowners: [a]\nstatus: Complete\n"
        "due: Dec 2023\nrag: Amber\ncompleted: 20/05/2023\n",
        models.Action,
    )
    said = {p.line: p.message for p in found}
    assert said[5].endswith("(did you mean `done`?)")
    assert said[6].endswith("(did you mean `2023-12`?)")
    assert said[7].endswith("(did you mean `amber`?)")
    assert said[8].endswith(
        "(did you mean `2023-05-20`? That is 20/05/2023 read as day/month/year, the UK order)"
    )


def test_next_meeting_suggests_a_month_not_a_quarter() -> None:
    found = problems(HEAD + "items: []\nnext_meeting: December 2023\n")
    assert found[0].message.endswith("(did you mean `2023-12`?)")
    found = problems(HEAD + "items: []\nnext_meeting: Q4 2023\n")
    assert "did you mean" not in found[0].message
