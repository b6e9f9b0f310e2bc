"""Who is asked and who asks: addresses, a group's route, its secretariat and next meeting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.conftest import copy_base

from trauma_ws.loading.programme import Programme, load
from trauma_ws.querying import contacts

DAY = dt.date(2023, 7, 15)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _load(root: Path) -> Programme:
    programme = load(root)
    assert not programme.has_errors, programme.problems
    return programme


def test_addresses_come_from_contact_and_a_persons_email(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "p")
    groups = root / "data/groups.yaml"
    _edit(groups, "name: Gamma Trust\n", "name: Gamma Trust\n    contact: gamma@example.org\n")
    _edit(
        groups, "name: Pat Privateperson\n", "name: Pat Privateperson\n    email: pat@example.org\n"
    )
    p = _load(root)
    assert contacts.address(p, "gamma-trust") == "gamma@example.org"
    assert contacts.address(p, "pat-private") == "pat@example.org"
    assert contacts.address(p, "beta-health") is None
    assert contacts.address(p, "robin-public") is None
    assert contacts.address(p, "delivery") is None


def test_a_groups_route_defaults_to_its_contact_else_chair_and_secretariat(
    tmp_path: Path,
) -> None:
    root = copy_base(tmp_path / "p")
    assert contacts.route(_load(root), "delivery") == "chair-and-secretariat"
    groups = root / "data/groups.yaml"
    _edit(groups, "name: Delivery Group\n", "name: Delivery Group\n    contact: d@example.org\n")
    assert contacts.route(_load(root), "delivery") == "contact"
    _edit(
        groups,
        "    contact: d@example.org\n",
        "    contact: d@example.org\n    chase: chair-and-secretariat\n",
    )
    assert contacts.route(_load(root), "delivery") == "chair-and-secretariat"


def test_the_secretariat_and_the_address_it_writes_from(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "p")
    p = _load(root)
    assert contacts.secretariat(p, "delivery", DAY) == ("sec-org",)
    # No secretariat member: the programme's owner serves the group.
    assert contacts.secretariat(p, "advisory", DAY) == ("alpha-council",)
    assert contacts.with_role(p, "delivery", "chair", DAY) == ("alpha-council",)
    # sec-org has no mailbox: the programme's contact, an address, is used.
    assert contacts.sender(p, "delivery", DAY) == (None, "fixture@example.org")
    groups = root / "data/groups.yaml"
    _edit(
        groups,
        "name: Secretariat Office\n",
        "name: Secretariat Office\n    contact: sec@example.org\n",
    )
    assert contacts.sender(_load(root), "delivery", DAY) == ("sec-org", "sec@example.org")


def test_a_person_as_secretariat_writes_from_their_organisations_mailbox(
    tmp_path: Path,
) -> None:
    root = copy_base(tmp_path / "p")
    groups = root / "data/groups.yaml"
    _edit(
        groups,
        "      - id: sec-org\n        role: secretariat\n",
        "      - id: sec-org\n        role: member\n",
    )
    _edit(
        groups,
        "      - id: pat-private\n        role: member\n",
        "      - id: pat-private\n        role: secretariat\n",
    )
    _edit(
        groups, "name: Pat Privateperson\n", "name: Pat Privateperson\n    email: pat@example.org\n"
    )
    _edit(
        groups,
        "name: Beta Health Board\n",
        "name: Beta Health Board\n    contact: team@beta.example.org\n",
    )
    p = _load(root)
    assert contacts.secretariat(p, "delivery", DAY) == ("pat-private",)
    assert contacts.sender(p, "delivery", DAY) == ("beta-health", "team@beta.example.org")


def test_without_any_address_there_is_no_sender(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "p")
    _edit(root / "data/workplan.yaml", "contact: fixture@example.org", "contact: The Office")
    p = _load(root)
    assert contacts.programme_address(p) is None
    assert contacts.sender(p, "delivery", DAY) == (None, None)


def test_the_next_meeting(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "p")
    p = _load(root)
    # The latest meeting (1 June) says the next is in September 2023.
    assert contacts.next_meeting(p, "delivery", DAY) == contacts.NextMeeting(
        dt.date(2023, 9, 30), exact=False
    )
    # Before a recorded meeting, that meeting.
    assert contacts.next_meeting(p, "delivery", dt.date(2023, 5, 1)) == contacts.NextMeeting(
        dt.date(2023, 6, 1), exact=True
    )
    # Once the month is past, the records do not say.
    assert contacts.next_meeting(p, "delivery", dt.date(2023, 10, 1)) is None
    assert contacts.next_meeting(p, "advisory", DAY) is None
    assert contacts.next_meeting(p, "board", DAY) is None
