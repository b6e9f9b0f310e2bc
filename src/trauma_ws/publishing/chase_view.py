"""The view data of `tws actions chase`: one message per owner, in words, and the secretariat's
own to-do list.

Who is asked comes from :mod:`trauma_ws.querying.contacts`: an organisation at its role mailbox,
a person at their own address (personal data: chase is an internal output), a group through its
contact or its chair and secretariat as its record says. An action owned by the secretariat of
its group is not a message to anyone: it goes on the to-do list. Record text is made one line
(no line break in a title can start a header or a paragraph of its own) and free of control
characters here, once, for both the e-mails and the text form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from trauma_ws.loading.programme import Programme
from trauma_ws.publishing import views
from trauma_ws.publishing.safe_text import UNSAFE
from trauma_ws.querying import contacts, query
from trauma_ws.record import models, periods

REPLY_DAYS = 14
"""Without a next meeting to answer before, an update is asked for this many days ahead."""

Kind = Literal["organisation", "person", "group"]


def line(text: str) -> str:
    """Record text as one line: control characters dropped, every run of spaces and line
    breaks one space."""
    return " ".join(UNSAFE.sub("", text).split())


@dataclass(frozen=True, slots=True)
class Recipient:
    name: str
    address: str | None
    id: str | None = None
    """The party's id, for the secretariat's warnings (never in a message)."""


@dataclass(frozen=True, slots=True)
class UpdateWords:
    date_text: str
    by: str
    text: str


@dataclass(frozen=True, slots=True)
class ChaseItem:
    """One action as a message tells it: no ids, ISO dates or raw status values."""

    id: str
    """For the reference line and the secretariat's to-do list only."""
    title: str
    due_text: str | None
    """``October 2022``, ``2 September 2022``, ``by the next meeting, on 27 October 2022``;
    None when the action has no due date."""
    due_note: str | None
    """``overdue by 76 days``, ``in 5 days``, ``today``; None when not due soon."""
    status_text: str
    """``in progress``, ``not started``, ``blocked``."""
    arose: str | None
    """``the Partnership Delivery Group meeting of 25 August 2022``."""
    last_update: UpdateWords | None


@dataclass(frozen=True, slots=True)
class ChaseSection:
    """The actions of one group in a message, with what is asked about them."""

    group: str
    """The group as a sentence names it: its short name, else its name."""
    next_meeting: str | None
    """``on 27 October 2022`` or ``in October 2022``; None when the records do not say."""
    reply_by: str | None
    """``29 July 2023``: when no next meeting is known, or when a date was given."""
    items: tuple[ChaseItem, ...]


@dataclass(frozen=True, slots=True)
class ChaseMessage:
    owner: str
    owner_name: str
    kind: Kind
    route: str | None
    """For a group owner: ``contact`` or ``chair-and-secretariat``."""
    to: tuple[Recipient, ...]
    cc: tuple[Recipient, ...]
    sender: Recipient | None
    missing: tuple[str, ...]
    """Who the message should reach but has no address in the records: ``Name (id)``."""
    greeting: str
    """What follows ``Dear``: ``Scottish Social Services Council colleagues``, a person's
    name, ``Partnership Delivery Group members`` or ``Chair``."""
    subject: str
    sections: tuple[ChaseSection, ...]
    sign_off: tuple[str, ...]
    """The lines under the closing: who the secretariat is and which groups it serves."""
    reference: str
    """The action ids, for the secretariat to match a reply to its records."""
    count: int
    programme_name: str


@dataclass(frozen=True, slots=True)
class TodoGroup:
    group: str
    secretariat: str
    items: tuple[ChaseItem, ...]


@dataclass(frozen=True, slots=True)
class ChaseView:
    as_of: dt.date
    as_of_text: str
    programme_name: str
    messages: tuple[ChaseMessage, ...]
    todo: tuple[TodoGroup, ...]


# --- one action in words ------------------------------------------------------------------------


def _name(programme: Programme, ident: str) -> str:
    return line(views.party_name(programme, ident, audience="internal"))


def _label(programme: Programme, group_id: str) -> str:
    return line(views.group_label(programme, group_id))


def _due_text(programme: Programme, action: models.Action, due: dt.date | None) -> str | None:
    if not action.due:
        return None
    if action.due != models.NEXT_MEETING:
        return views.period_text(action.due)
    if due is None:
        return "by the next meeting"
    if due in programme.meeting_days(action.group):
        return f"by the next meeting, on {views.date_text(due)}"
    raised = programme.meetings.get(action.raised or "")
    if (
        raised is not None
        and raised.next_meeting
        and periods.kind_of(raised.next_meeting) == "date"
    ):
        return f"by the next meeting, on {views.date_text(due)}"
    return f"by the next meeting, in {views.month_text(due)}"


def _due_note(r: query.Row) -> str | None:
    if r.days_overdue is not None:
        return f"overdue by {query.plural(r.days_overdue, 'day')}"
    if r.days_to_due == 0:
        return "today"
    if r.days_to_due is not None:
        return f"in {query.plural(r.days_to_due, 'day')}"
    return None


def arose_text(programme: Programme, meeting_id: str | None) -> str | None:
    """``the Partnership Delivery Group meeting of 25 August 2022``; None when not known."""
    meeting = programme.meetings.get(meeting_id or "")
    if meeting is None:
        return None
    group = _label(programme, meeting.group) if meeting.group in programme.groups else None
    return f"the {group or 'group'} meeting of {views.date_text(meeting.date)}"


def item(programme: Programme, r: query.Row, *, within: int) -> ChaseItem:
    """One action for a message, its due date noted when overdue or due within ``within``."""
    a = r.action
    last = a.updates[-1] if a.updates else None
    soon = r.days_overdue is not None or (r.days_to_due is not None and r.days_to_due <= within)
    return ChaseItem(
        id=a.id,
        title=line(a.title),
        due_text=_due_text(programme, a, r.due_date),
        due_note=_due_note(r) if soon else None,
        status_text=views.words(a.status),
        arose=arose_text(programme, a.raised),
        last_update=UpdateWords(
            date_text=views.date_text(last.date),
            by=_name(programme, last.by),
            text=line(last.text),
        )
        if last is not None
        else None,
    )


# --- who is asked --------------------------------------------------------------------------------


def _recipient(programme: Programme, party: str) -> Recipient:
    person = programme.people.get(party)
    name = line(person.name) if person is not None else _name(programme, party)
    return Recipient(name, contacts.address(programme, party), party)


def _addressees(
    programme: Programme, owner: str, day: dt.date
) -> tuple[Kind, str | None, str, tuple[Recipient, ...], tuple[Recipient, ...]]:
    """The owner's kind, route, greeting, To and Cc."""
    name = _name(programme, owner)
    if owner in programme.people:
        return (
            "person",
            None,
            line(programme.people[owner].name),
            (_recipient(programme, owner),),
            (),
        )
    group = programme.groups.get(owner)
    if group is None or group.external:
        # An organisation, or a body whose own records are kept elsewhere (its members and
        # chair are not recorded here): written to as a body, at its contact.
        return "organisation", None, f"{name} colleagues", (_recipient(programme, owner),), ()
    label = _label(programme, owner)
    way = contacts.route(programme, owner)
    if way == contacts.CONTACT:
        return "group", way, f"{label} members", (_recipient(programme, owner),), ()
    chairs = contacts.with_role(programme, owner, "chair", day)
    to = tuple(_recipient(programme, c) for c in chairs)
    cc = tuple(_recipient(programme, s) for s in contacts.secretariat(programme, owner, day))
    return "group", way, "Chair", to, cc


def _sender(
    programme: Programme, groups: list[str], day: dt.date, programme_name: str
) -> Recipient | None:
    """The sender of a message about ``groups``' actions: their secretariat's mailbox when
    they share one; else the programme's contact, when it is an address; else the first's;
    with no address on record, the first secretariat with none (the draft has no From)."""
    found = [contacts.sender(programme, g, day) for g in groups]
    addresses = {address for _, address in found if address}
    if len(addresses) > 1 and contacts.programme_address(programme):
        return Recipient(programme_name, contacts.programme_address(programme))
    for party, address in found:
        if address:
            return Recipient(_name(programme, party) if party else programme_name, address)
    # No address on record: the secretariat still signs, and the mail client fills in From.
    serving = [s for g in groups for s in contacts.secretariat(programme, g, day)]
    if serving:
        return Recipient(_name(programme, serving[0]), None, serving[0])
    return None


def _sign_off(programme: Programme, groups: list[str], day: dt.date) -> tuple[str, ...]:
    served: dict[str, list[str]] = {}
    for g in groups:
        names = [_name(programme, s) for s in contacts.secretariat(programme, g, day)]
        served.setdefault(views.join_names(names) or "The secretariat", []).append(
            f"the {_label(programme, g)}"
        )
    lines: list[str] = []
    for who, labels in served.items():
        lines += [who, f"Secretariat to {views.join_names(labels)}"]
    return tuple(lines)


def _subject(count: int, labels: list[str]) -> str:
    what = "an action" if count == 1 else f"{count} actions"
    return f"Update requested: {what} from {views.join_names(f'the {g}' for g in labels)}"


# --- the whole view ------------------------------------------------------------------------------


def build(
    programme: Programme,
    *,
    as_of: dt.date,
    within: int,
    stale_days: int,
    owner: str | None = None,
    reply_by: dt.date | None = None,
    blocks: Sequence[query.ChaseBlock] | None = None,
) -> ChaseView:
    """Every message and the secretariat's to-do list on ``as_of``: actions overdue, due
    within ``within`` days or with no update in ``stale_days`` (as ``query.chase`` finds
    them); with ``owner`` (an id or a name), only what it answers for, as ``tws actions
    list --owner`` finds it (its own, its people's, its groups'). ``reply_by`` is the date
    each message asks for an update by (default: before the group's next meeting when the
    records say when it is, else ``REPLY_DAYS`` days after ``as_of``). ``blocks``: what
    ``query.chase`` gave for the same arguments, when the caller has it already."""
    info = programme.workplan.programme if programme.workplan else None
    programme_name = line(info.name) if info else ""
    if blocks is None:
        blocks = query.chase(
            programme, as_of=as_of, within=within, stale_days=stale_days, owner=owner
        )
    todo: dict[str, list[ChaseItem]] = {}
    messages: list[ChaseMessage] = []
    for block in blocks:
        mine: dict[str, list[ChaseItem]] = {}
        for r, _ in block.items:
            group = r.action.group
            ours = group in programme.groups and block.owner in contacts.secretariat(
                programme, group, as_of
            )
            target = todo if ours else mine
            chased = item(programme, r, within=within)
            if chased.id not in {i.id for i in target.get(group, [])}:
                target.setdefault(group, []).append(chased)
        if mine:
            messages.append(_message(programme, block.owner, mine, as_of, reply_by, programme_name))
    return ChaseView(
        as_of=as_of,
        as_of_text=views.date_text(as_of),
        programme_name=programme_name,
        messages=tuple(messages),
        todo=tuple(
            TodoGroup(
                group=_label(programme, g) if g in programme.groups else g,
                secretariat=views.join_names(
                    _name(programme, s) for s in contacts.secretariat(programme, g, as_of)
                ),
                items=tuple(todo[g]),
            )
            for g in sorted(
                todo, key=lambda g: _label(programme, g) if g in programme.groups else g
            )
        ),
    )


def _message(
    programme: Programme,
    owner: str,
    by_group: dict[str, list[ChaseItem]],
    as_of: dt.date,
    reply_by: dt.date | None,
    programme_name: str,
) -> ChaseMessage:
    groups = sorted(
        (g for g in by_group if g in programme.groups), key=lambda g: _label(programme, g)
    )
    groups += [g for g in by_group if g not in programme.groups]
    sections = []
    for g in groups:
        known = g in programme.groups
        upcoming = contacts.next_meeting(programme, g, as_of) if known else None
        when = None
        if upcoming is not None:
            when = (
                f"on {views.date_text(upcoming.day)}"
                if upcoming.exact
                else f"in {views.month_text(upcoming.day)}"
            )
        by = reply_by
        if by is None and when is None:
            by = periods.add_days(as_of, REPLY_DAYS)
        sections.append(
            ChaseSection(
                group=_label(programme, g) if known else g,
                next_meeting=when,
                reply_by=views.date_text(by) if by is not None else None,
                items=tuple(by_group[g]),
            )
        )
    kind, way, greeting, to, cc = _addressees(programme, owner, as_of)
    known_groups = [g for g in groups if g in programme.groups]
    sender = _sender(programme, known_groups, as_of, programme_name)
    from_address = sender.address if sender else None
    cc = tuple(c for c in cc if c.address and c.address != from_address)
    missing = tuple(f"{r.name} ({r.id})" for r in to if not r.address)
    if not to:
        missing = (f"{_name(programme, owner)} ({owner}: no chair on record)",)
    items = [i for s in sections for i in s.items]
    return ChaseMessage(
        owner=owner,
        owner_name=_name(programme, owner),
        kind=kind,
        route=way,
        to=to,
        cc=cc,
        sender=sender,
        missing=missing,
        greeting=greeting,
        subject=_subject(len(items), [s.group for s in sections]),
        sections=tuple(sections),
        sign_off=_sign_off(programme, known_groups, as_of),
        reference=", ".join(i.id for i in items),
        count=len(items),
        programme_name=programme_name,
    )
