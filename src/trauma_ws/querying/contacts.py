"""Who is asked and who asks: a party's address, how a group is chased (its contact, or its
chair and secretariat), a group's secretariat and the address it writes from, and a group's
next meeting after a date. Always given the day; nothing here reads today's date."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from trauma_ws.loading.programme import Programme
from trauma_ws.querying.query import members_on
from trauma_ws.record import periods
from trauma_ws.record.fields import is_email

CONTACT = "contact"
CHAIR_AND_SECRETARIAT = "chair-and-secretariat"


def address(programme: Programme, party: str) -> str | None:
    """Where ``party`` is written to: an organisation's or group's ``contact``, a person's own
    ``email`` (personal data: for internal outputs only); None when the record gives none."""
    if party in programme.organisations:
        return programme.organisations[party].contact
    if party in programme.groups:
        return programme.groups[party].contact
    person = programme.people.get(party)
    return person.email if person is not None else None


def route(programme: Programme, group_id: str) -> str:
    """How ``group_id`` is chased for the actions it owns: its ``chase`` field, else
    ``contact`` when it has a contact address, else ``chair-and-secretariat``."""
    group = programme.groups[group_id]
    if group.chase is not None:
        return group.chase
    return CONTACT if group.contact else CHAIR_AND_SECRETARIAT


def with_role(programme: Programme, group_id: str, role: str, day: dt.date) -> tuple[str, ...]:
    """The ids of ``group_id``'s members holding ``role`` on ``day``, in the record's order."""
    return tuple(m.id for m in members_on(programme, group_id, day) if m.role == role)


def secretariat(programme: Programme, group_id: str, day: dt.date) -> tuple[str, ...]:
    """Who serves ``group_id`` as secretariat on ``day``: its members with the role
    ``secretariat``; when it has none, the programme's owner (whose team runs the programme)."""
    found = with_role(programme, group_id, "secretariat", day)
    if found:
        return found
    owner = programme.workplan.programme.owner if programme.workplan else None
    return (owner,) if owner else ()


def programme_address(programme: Programme) -> str | None:
    """The programme's ``contact`` in data/workplan.yaml, when it is an e-mail address."""
    contact = programme.workplan.programme.contact if programme.workplan else ""
    return contact if is_email(contact) else None


def sender(programme: Programme, group_id: str, day: dt.date) -> tuple[str | None, str | None]:
    """Whose mailbox ``group_id``'s secretariat writes from, and its address: the ``contact``
    of its first secretariat member that has one (a person's organisation's: a role mailbox,
    never a person's own address); else the programme's contact when that is an address
    (``(None, address)``); else ``(None, None)``."""
    for party in secretariat(programme, group_id, day):
        person = programme.people.get(party)
        org = person.organisation if person is not None else party
        found = programme.organisations[org].contact if org in programme.organisations else None
        if found:
            return org, found
    return None, programme_address(programme)


@dataclass(frozen=True, slots=True)
class NextMeeting:
    """A group's next meeting: its date, or (``exact`` False) the last day of its month."""

    day: dt.date
    exact: bool


def next_meeting(programme: Programme, group_id: str, after: dt.date) -> NextMeeting | None:
    """``group_id``'s first meeting after ``after``: a recorded meeting (draft minutes made
    ahead of it count), else the ``next_meeting`` of its latest meeting on or before ``after``
    when that is still to come; None when the records do not say."""
    days = programme.meeting_days(group_id)
    later = days[bisect.bisect_right(days, after) :]
    if later:
        return NextMeeting(later[0], True)
    held = [m for m in programme.meetings.values() if m.group == group_id and m.date <= after]
    if not held:
        return None
    latest = max(held, key=lambda m: (m.date, m.id))
    if latest.next_meeting is None:
        return None
    end = periods.resolve(latest.next_meeting)
    if end <= after:
        return None
    return NextMeeting(end, periods.kind_of(latest.next_meeting) == "date")
