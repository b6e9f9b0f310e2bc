"""The checks of the minutes' own fields (checking/minutes.py): deputies, those in attendance,
declarations, votes, item numbers, times, actions under items, approval by another body,
meetings of external bodies and actions due at the next meeting.

Each test writes one meeting of the Advisory Group (members: robin-public, chair, and
alpha-council) or the Delivery Group into a copy of the base fixture and checks the problems
of that file. The broken-file corpus (tests/corpus/) holds one case per problem code; these
tests cover the rules' edges.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.conftest import AS_OF, run_tws

from trauma_ws.checking.validate import check
from trauma_ws.loading.programme import load
from trauma_ws.record.problems import Problem

ADVISORY = "data/meetings/advisory-2023-04-01.yaml"
HEAD = "id: advisory-2023-04-01\ngroup: advisory\ndate: 2023-04-01\nchair: robin-public\n"
ITEMS = "items:\n  - title: Practice framework\n    number: 5.2\n  - title: Any other business\n"
TODAY = dt.date.fromisoformat(AS_OF)


def problems(root: Path, body: str, *, rel: str = ADVISORY) -> list[Problem]:
    """The problems of the advisory meeting written as ``HEAD + body`` (its actions emptied)."""
    (root / rel).write_text(HEAD + body, encoding="utf-8")
    # adv-001 says it was raised at this meeting: keep that true whatever the body lists.
    if "adv-001" not in body:
        action = root / "data/actions/adv-001.yaml"
        action.write_text(action.read_text().replace("raised: advisory-2023-04-01\n", ""))
    return [p for p in check(load(root), as_of=TODAY) if p.path == rel]


def codes(found: list[Problem]) -> list[str]:
    return [p.code for p in found]


def meeting(attendance: str, *, status: str = "published", items: str = ITEMS) -> str:
    return f"{attendance}status: {status}\n{items}"


# --- deputies -----------------------------------------------------------------------------------


def test_a_deputy_for_a_member_is_present_and_not_warned_about(programme: Path) -> None:
    body = meeting(
        "attendees: [robin-public]\napologies:\n  - id: alpha-council\n    deputy: pat-private\n"
    )
    assert problems(programme, body) == []


def test_a_deputy_for_a_non_member_is_one_error_not_also_a_warning(programme: Path) -> None:
    body = meeting(
        "attendees: [robin-public, alpha-council]\n"
        "apologies:\n  - id: beta-health\n    deputy: pat-private\n  - gamma-trust\n"
    )
    found = problems(programme, body)
    assert [(p.code, p.line, p.col, p.severity) for p in found] == [
        ("deputy-not-member", 8, 13, "error"),
        # An apology without a deputy from a non-member is still only a warning.
        ("not-a-member", 9, 5, "warning"),
    ]
    assert "list `pat-private` under `in_attendance`" in found[0].message


def test_a_member_on_the_day_counts_by_membership_dates(programme: Path) -> None:
    # gamma-trust joined the Delivery Group on 2023-05-01.
    text = (programme / "data/meetings/delivery-2023-03-01.yaml").read_text()
    text = text.replace(
        "apologies: [beta-health]", "apologies:\n  - id: gamma-trust\n    deputy: robin-public"
    )
    (programme / "data/meetings/delivery-2023-03-01.yaml").write_text(text)
    found = [p for p in check(load(programme), as_of=TODAY) if "2023-03-01" in p.path]
    assert codes(found) == ["deputy-not-member"]
    assert "on 2023-03-01" in found[0].message


def test_an_unknown_deputy_or_member_is_only_an_unknown_reference(programme: Path) -> None:
    body = meeting(
        "attendees: [robin-public]\napologies:\n"
        "  - id: alpha-council\n    deputy: pat-privat\n"
        "  - id: nobody\n    deputy: beta-health\n"
    )
    found = problems(programme, body)
    assert codes(found) == ["unknown-ref", "unknown-ref"]
    assert "unknown deputy `pat-privat` (did you mean `pat-private`?)" in found[0].message
    assert "unknown attendee `nobody`" in found[1].message


@pytest.mark.parametrize(
    ("apologies", "says"),
    [
        ("  - id: alpha-council\n    deputy: alpha-council\n", "cannot attend in its own place"),
        ("  - id: alpha-council\n    deputy: robin-public\n", "listed in `attendees`"),
        (
            "  - id: alpha-council\n    deputy: beta-health\n  - beta-health\n",
            "listed as sending apologies",
        ),
        (
            "  - id: alpha-council\n    deputy: beta-health\n"
            "  - id: robin-public\n    deputy: beta-health\n",
            "deputy `beta-health` is listed twice",
        ),
    ],
)
def test_a_deputy_is_listed_once_and_one_way(programme: Path, apologies: str, says: str) -> None:
    attendees = "" if "id: robin-public" in apologies else "attendees: [robin-public]\n"
    found = problems(programme, meeting(f"{attendees}apologies:\n{apologies}"))
    errors = [p for p in found if p.is_error]
    assert len(errors) == 1, found
    assert says in errors[0].message
    assert errors[0].code in ("attendance", "duplicate-id")


# --- in attendance ------------------------------------------------------------------------------


def test_those_in_attendance_are_not_warned_about(programme: Path) -> None:
    body = meeting(
        "attendees: [robin-public]\n"
        "in_attendance:\n  - pat-private\n  - id: sec-org\n    capacity: secretariat\n"
    )
    assert problems(programme, body) == []
    # ... while a non-member among the attendees still is (and fails --strict).
    found = problems(programme, meeting("attendees: [robin-public, pat-private]\n"))
    assert [(p.code, p.severity) for p in found] == [("not-a-member", "warning")]


@pytest.mark.parametrize(
    ("attendance", "code", "says"),
    [
        ("attendees: [robin-public]\nin_attendance: [sec-org, sec-org]\n", "duplicate-id", "twice"),
        ("attendees: [robin-public]\nin_attendance: [robin-public]\n", "attendance", "attendees"),
        (
            "apologies:\n  - id: alpha-council\n    deputy: sec-org\nin_attendance: [sec-org]\n",
            "attendance",
            "as a deputy",
        ),
        (
            "attendees: [robin-public]\napologies: [alpha-council]\n"
            "in_attendance: [alpha-council]\n",
            "attendance",
            "sending apologies",
        ),
        ("in_attendance: [sec-orgs]\n", "unknown-ref", "did you mean `sec-org`?"),
    ],
)
def test_in_attendance_is_listed_once_and_known(
    programme: Path, attendance: str, code: str, says: str
) -> None:
    found = problems(programme, meeting(attendance))
    assert codes(found) == [code]
    assert says in found[0].message


def test_attended_items_are_named_by_number_or_title(programme: Path) -> None:
    ok = (
        "attendees: [robin-public]\n"
        "in_attendance:\n  - id: sec-org\n    items: [5.2, Any other business]\n"
    )
    assert problems(programme, meeting(ok)) == []
    bad = ok.replace("[5.2, Any other business]", "[5.3, 2, any other business]")
    found = problems(programme, meeting(bad))
    assert codes(found) == ["unknown-item"] * 3
    assert [(p.line, p.col) for p in found] == [(8, 13), (8, 18), (8, 21)]
    assert "did you mean `5.2`?" in found[0].message
    assert "(did you mean" not in found[1].message  # item 2 has no number
    assert "did you mean `Any other business`?" in found[2].message


def test_automatic_item_numbers_can_be_named(programme: Path) -> None:
    groups = programme / "data/groups.yaml"
    groups.write_text(
        groups.read_text().replace(
            "    purpose: Advise on practice.\n",
            "    purpose: Advise on practice.\n    minutes:\n      number_items: true\n",
        )
    )
    # The second item has no number written: it counts on from the 5 of the written 5.2.
    body = meeting(
        "attendees: [robin-public]\nin_attendance:\n  - id: sec-org\n    items: [6, 5.2]\n"
    )
    assert problems(programme, body) == []
    found = problems(programme, meeting(body.replace("[6, 5.2]", "[1]").split("status:")[0]))
    assert codes(found) == ["unknown-item"]  # the first item's number is its written 5.2


# --- declarations -------------------------------------------------------------------------------


PRESENT = (
    "attendees: [robin-public]\napologies:\n  - id: alpha-council\n    deputy: pat-private\n"
    "in_attendance: [sec-org]\n"
)


@pytest.mark.parametrize(
    ("attendance", "by"),
    [
        (PRESENT, "robin-public"),  # an attendee
        (PRESENT, "pat-private"),  # a deputy
        (PRESENT, "sec-org"),  # in attendance
        (PRESENT, "gamma-trust"),  # an organisation one of whose people is present
        ("attendees: [alpha-council]\n", "robin-public"),  # the chair, not among the attendees
    ],
)
def test_a_declaration_by_someone_present(programme: Path, attendance: str, by: str) -> None:
    body = meeting(
        f"{attendance}declarations:\n"
        f"  - by: {by}\n    item: Practice framework\n    interest: A grant.\n    left: true\n"
    )
    assert problems(programme, body) == []


def test_a_person_of_an_organisation_present_may_declare(programme: Path) -> None:
    rel = "data/meetings/delivery-2023-06-01.yaml"
    text = (
        (programme / rel)
        .read_text()
        .replace(
            "status: draft",
            "declarations:\n  - by: robin-public\n    interest: Trustee.\nstatus: draft",
        )
    )
    (programme / rel).write_text(text)
    # robin-public's organisation, gamma-trust, attended.
    assert [p for p in check(load(programme), as_of=TODAY) if p.path == rel] == []


def test_a_declaration_by_someone_absent(programme: Path) -> None:
    body = meeting(
        "attendees: [robin-public, alpha-council]\n"
        "declarations:\n  - by: beta-health\n    item: 7\n    interest: A grant.\n"
        "  - by: nobody\n    interest: None.\n"
    )
    found = problems(programme, body)
    assert [(p.code, p.line, p.col) for p in found] == [
        ("declaration-not-present", 7, 9),
        ("unknown-item", 8, 11),
        ("unknown-ref", 10, 9),  # unknown, so not also "not present"
    ]
    assert "`beta-health` declared an interest but is not recorded as present" in found[0].message


def test_no_declarations_and_an_empty_list_are_both_fine(programme: Path) -> None:
    assert problems(programme, meeting("attendees: [robin-public]\ndeclarations: []\n")) == []


# --- votes --------------------------------------------------------------------------------------


def vote(numbers: str) -> str:
    return (
        "items:\n  - title: Budget\n    decisions:\n      - text: Approve the budget.\n"
        f"        kind: approved\n        vote: {{{numbers}}}\n"
    )


@pytest.mark.parametrize(
    ("attendance", "numbers", "ok"),
    [
        # Present and entitled: the attendees and deputies (and the chair), each once.
        ("attendees: [robin-public, alpha-council]\n", "for: 2", True),
        ("attendees: [robin-public, alpha-council]\n", "for: 1, against: 1, abstentions: 1", False),
        ("attendees: [alpha-council]\n", "for: 2", True),  # the chair votes too
        (
            "attendees: [robin-public]\napologies:\n  - id: alpha-council\n    deputy: sec-org\n",
            "for: 1, abstentions: 1",
            True,
        ),
        # Those in attendance do not vote.
        ("attendees: [robin-public]\nin_attendance: [sec-org, beta-health]\n", "for: 2", False),
        # Without attendance recorded there is nothing to count against.
        ("", "for: 12, against: 3", True),
    ],
)
def test_a_vote_adds_up_to_no_more_than_those_present(
    programme: Path, attendance: str, numbers: str, ok: bool
) -> None:
    found = problems(programme, meeting(attendance, items=vote(numbers)))
    assert codes(found) == ([] if ok else ["vote-count"])


def test_the_vote_count_problem_gives_the_numbers(programme: Path) -> None:
    body = meeting("attendees: [robin-public]\n", items=vote("for: 2, against: 1"))
    (found,) = problems(programme, body)
    assert found.message.startswith(
        "the vote adds up to 3 (2 for, 1 against, 0 abstaining) but 1 members were present"
    )
    assert (found.line, found.col) == (12, 15)


# --- items --------------------------------------------------------------------------------------


def test_an_item_number_used_twice_is_reported_at_the_second(programme: Path) -> None:
    items = "items:\n  - title: A\n    number: 3\n  - title: B\n  - title: C\n    number: 3\n"
    found = problems(programme, meeting("attendees: [robin-public]\n", items=items))
    assert [(p.code, p.line) for p in found] == [("duplicate-item-number", 12)]
    assert "already used by `A`" in found[0].message


def test_an_automatic_number_clashing_with_a_written_one(programme: Path) -> None:
    groups = programme / "data/groups.yaml"
    groups.write_text(
        groups.read_text().replace(
            "    purpose: Advise on practice.\n",
            "    purpose: Advise on practice.\n    minutes:\n      number_items: true\n",
        )
    )
    # A is numbered 1 automatically; B has 1 written as well.
    items = "items:\n  - title: A\n  - title: B\n    number: 1\n"
    found = problems(programme, meeting("attendees: [robin-public]\n", items=items))
    assert [(p.code, p.line, p.col) for p in found] == [("duplicate-item-number", 10, 13)]
    assert "`A` (numbered automatically" in found[0].message


def test_an_unknown_presenter(programme: Path) -> None:
    items = (
        "items:\n  - title: A\n    presenter: robin-publik\n  - title: B\n    presenter: sec-org\n"
    )
    found = problems(programme, meeting("attendees: [robin-public]\n", items=items))
    assert codes(found) == ["unknown-ref"]
    assert "unknown presenter `robin-publik` (did you mean `robin-public`?)" in found[0].message


def test_actions_under_items(programme: Path) -> None:
    items = "items:\n  - title: A\n    actions: [adv-001]\n"
    # Under an item and in the meeting's own list: fine.
    assert problems(programme, meeting("", items=items) + "actions: [adv-001]\n") == []
    # Listed twice under the items, unknown, or raised at another meeting: errors.
    items = (
        "items:\n  - title: A\n    actions: [adv-001, adv-002]\n"
        "  - title: B\n    actions: [adv-001, del-001]\n"
    )
    found = problems(programme, meeting("", items=items) + "actions: [adv-001]\n")
    assert [(p.code, p.line) for p in found] == [
        ("unknown-ref", 8),
        ("duplicate-id", 10),
        ("raised-mismatch", 10),
    ]


# --- times --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("times", "ok"),
    [
        ("start: 9:30\nend: 10:00\n", True),
        ("start: 10:00\n", True),
        ("end: 10:00\n", True),  # an end without a start is fine
        ("start: 10:00\nend: 10:00\n", False),
        ("start: 14:00\nend: 9:15\n", False),
    ],
)
def test_a_meeting_ends_after_it_starts(programme: Path, times: str, ok: bool) -> None:
    found = problems(programme, meeting(times))
    assert codes(found) == ([] if ok else ["bad-times"])


# --- approval -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("approval", "status", "want"),
    [
        ("approved_by: Programme Board\napproved_on: 2023-04-20\n", "published", []),
        ("approved_by: Programme Board\napproved_on: 2023-04-01\n", "approved", []),
        ("approved_by: Programme Board\napproved_on: 2023-07-15\n", "approved", []),
        ("approved_on: 2023-04-20\n", "approved", ["approval-incomplete"]),
        ("approved_by: Programme Board\n", "approved", ["approval-incomplete"]),
        (
            "approved_by: Programme Board\napproved_on: 2023-04-20\n",
            "draft",
            ["approval-draft"],
        ),
        ("approved_by: Programme Board\napproved_on: 2023-03-31\n", "approved", ["bad-dates"]),
        ("approved_by: Programme Board\napproved_on: 2023-07-16\n", "approved", ["future-date"]),
        (
            "approved_at: delivery-2023-06-01\napproved_by: Programme Board\n"
            "approved_on: 2023-06-01\n",
            "approved",
            ["approval-conflict"],
        ),
    ],
)
def test_approval_by_another_body(
    programme: Path, approval: str, status: str, want: list[str]
) -> None:
    found = problems(programme, meeting("attendees: [robin-public]\n" + approval, status=status))
    assert codes(found) == want
    assert all(p.is_error for p in found)


# --- external bodies and due at the next meeting ------------------------------------------------


def test_a_meeting_of_an_external_body_is_an_error(programme: Path) -> None:
    rel = "data/meetings/board-2023-05-01.yaml"
    (programme / rel).write_text(
        "id: board-2023-05-01\ngroup: board\ndate: 2023-05-01\nchair: alpha-council\n"
        "status: draft\nitems:\n  - title: Update\n"
    )
    found = [p for p in check(load(programme), as_of=TODAY) if p.path == rel]
    assert [(p.code, p.severity, p.line) for p in found if p.code == "external-group"] == [
        ("external-group", "error", 2)
    ]


def test_due_at_the_next_meeting_needs_the_meeting_it_arose_at(programme: Path) -> None:
    action = programme / "data/actions/del-007.yaml"
    text = action.read_text()
    action.write_text(text.replace("status:", "due: next-meeting\nstatus:"))
    assert check(load(programme), as_of=TODAY) == []
    action.write_text(text.replace("raised: delivery-2023-06-01\n", "due: next-meeting\n"))
    text_06 = programme / "data/meetings/delivery-2023-06-01.yaml"
    text_06.write_text(text_06.read_text().replace("del-007, ", ""))
    found = check(load(programme), as_of=TODAY)
    assert [(p.path, p.code, p.line, p.col) for p in found] == [
        ("data/actions/del-007.yaml", "due-next-meeting", 5, 6)
    ]
    assert "add `raised: MEETING-ID`, or give a date" in found[0].message


def test_actions_due_at_the_next_meeting_do_not_upset_the_commands(programme: Path) -> None:
    """An action due at a next meeting not yet recorded nor given has no due date: the
    commands that compare due dates list it without one."""
    for name in ("del-006", "del-008"):
        action = programme / f"data/actions/{name}.yaml"
        action.write_text(
            "\n".join(
                "due: next-meeting" if line.startswith("due:") else line
                for line in action.read_text().splitlines()
            )
            + "\n"
        )
    meeting_06 = programme / "data/meetings/delivery-2023-06-01.yaml"
    meeting_06.write_text(meeting_06.read_text().replace("next_meeting: 2023-09\n", ""))
    for args in (
        ("validate", "--strict"),
        ("actions", "list"),
        ("actions", "overdue"),
        ("actions", "due", "--within", "30"),
        ("report", "progress", "--for", "board"),
    ):
        result = run_tws(*args, "--root", str(programme), "--as-of", AS_OF)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr
