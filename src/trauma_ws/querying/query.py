"""Questions over the workplan: filters, overdue / due / stale, RAG, membership on a date.

Every function is given ``as_of``; nothing here reads today's date.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from trauma_ws.loading.programme import Programme
from trauma_ws.querying import names
from trauma_ws.record import models, periods
from trauma_ws.record.problems import UsageError
from trauma_ws.record.suggest import choice_hint

AMBER_DAYS = 14


@dataclass(frozen=True, slots=True)
class Row:
    """One action with everything a query derives from it on the as-of date."""

    action: models.Action
    due_date: dt.date | None
    rag: str | None
    rag_manual: bool
    days_overdue: int | None
    days_to_due: int | None
    last_update: dt.date | None
    last_activity: dt.date | None
    via: tuple[str, ...] = field(default=())

    @property
    def id(self) -> str:
        return self.action.id

    def to_dict(self) -> dict[str, Any]:
        """The stable json/csv shape of a row (documented in docs/queries.md)."""
        a = self.action
        return {
            "id": a.id,
            "title": a.title,
            "group": a.group,
            "workstream": a.workstream,
            "owners": list(a.owners),
            "status": a.status,
            "rag": self.rag,
            "rag_manual": self.rag_manual,
            "due": a.due,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "days_overdue": self.days_overdue,
            "days_to_due": self.days_to_due,
            "last_update": self.last_update.isoformat() if self.last_update else None,
            "last_activity": self.last_activity.isoformat() if self.last_activity else None,
            "raised": a.raised,
            "via": list(self.via),
        }


def is_open(action: models.Action) -> bool:
    return action.status in models.OPEN_STATUSES


def due_date(action: models.Action, programme: Programme | None = None) -> dt.date | None:
    """The last day ``action`` is due by, or None when it has no due date.

    ``next-meeting`` is the date of the action's group's first meeting after the one it arose
    at, once recorded; else that meeting's ``next_meeting`` (its last day, for a month); else
    None (also when no ``programme`` is given).
    """
    if not action.due:
        return None
    if action.due == models.NEXT_MEETING:
        return next_meeting_date(programme, action) if programme is not None else None
    return periods.resolve(action.due)


def next_meeting_date(programme: Programme, action: models.Action) -> dt.date | None:
    """The date of the meeting after the one ``action`` arose at (see :func:`due_date`)."""
    raised = programme.meetings.get(action.raised or "")
    if raised is None:
        return None
    days = programme.meeting_days(action.group)
    later = days[bisect.bisect_right(days, raised.date) :]
    if later:
        return later[0]
    return periods.resolve(raised.next_meeting) if raised.next_meeting else None


def status_on(action: models.Action, day: dt.date) -> str | None:
    """The status ``action`` had at the end of ``day``, from its records alone.

    ``done`` when ``completed`` is on or before ``day``; otherwise the status of the latest
    update dated on or before ``day`` that records one. With none such: ``not-started`` when a
    later update records the first change (every action starts not started, and
    ``tws actions update`` records each change); when no update records a status at all, the
    action's own status if it is open, or ``dropped`` (the records give no date for the drop,
    so it counts from the start); None for an action completed later whose open status on
    ``day`` the records do not give.
    """
    if action.completed is not None and action.completed <= day:
        return "done"
    recorded = [u for u in action.updates if u.status is not None]
    before = [u for u in recorded if u.date <= day]
    if before:
        return before[-1].status
    if recorded:
        return "not-started"
    if action.status in models.OPEN_STATUSES or action.status == "dropped":
        return action.status
    return None


def last_update_on(action: models.Action, day: dt.date) -> models.Update | None:
    """The latest update of ``action`` dated on or before ``day``, or None."""
    before = [u for u in action.updates if u.date <= day]
    return before[-1] if before else None


def derive_rag(action: models.Action, due: dt.date | None, as_of: dt.date) -> str | None:
    """Red when overdue; amber when due within 14 days or blocked; green otherwise.

    Closed actions have no RAG of their own: done is green, dropped has none.
    """
    if action.status == "done":
        return "green"
    if action.status == "dropped":
        return None
    if due is not None and due < as_of:
        return "red"
    if action.status == "blocked":
        return "amber"
    if due is not None and (due - as_of).days <= AMBER_DAYS:
        return "amber"
    return "green"


def row(
    programme: Programme, action: models.Action, as_of: dt.date, via: tuple[str, ...] = ()
) -> Row:
    due = due_date(action, programme)
    open_ = is_open(action)
    last = action.updates[-1].date if action.updates else None
    activity = last
    if activity is None and action.raised in programme.meetings:
        activity = programme.meetings[action.raised].date
    rag: str | None
    if action.rag is not None:
        rag, manual = action.rag, True
    else:
        rag, manual = derive_rag(action, due, as_of), False
    overdue = (as_of - due).days if open_ and due is not None and due < as_of else None
    to_due = (due - as_of).days if open_ and due is not None else None
    return Row(action, due, rag, manual, overdue, to_due, last, activity, via)


def all_rows(programme: Programme, as_of: dt.date) -> list[Row]:
    return [
        row(programme, a, as_of) for a in sorted(programme.actions.values(), key=lambda a: a.id)
    ]


# --- membership ---------------------------------------------------------------------------------


def on_date(member: models.Member, day: dt.date) -> bool:
    return (member.since is None or member.since <= day) and (
        member.until is None or day <= member.until
    )


def members_on(programme: Programme, group_id: str, day: dt.date) -> list[models.Member]:
    group = programme.groups[group_id]
    return [m for m in group.members if on_date(m, day)]


def groups_of(programme: Programme, party: str, day: dt.date) -> list[str]:
    """The groups ``party`` (an organisation or person) is a member of on ``day``."""
    return sorted(
        gid
        for gid, group in programme.groups.items()
        if any(m.id == party and on_date(m, day) for m in group.members)
    )


def owner_routes(programme: Programme, party: str, day: dt.date) -> dict[str, tuple[str, ...]]:
    """Every owner id that makes ``party`` answerable, with the route (empty when direct).

    An organisation answers for its own actions, for its people's, and for those of each group
    it belongs to on ``day``; a person for their own, their groups', their organisation's and
    its groups' (a person is often a member through their organisation); a group for its own
    and those of each group it belongs to (a body that is a member of another group).
    """
    routes: dict[str, tuple[str, ...]] = {party: ()}
    for gid in groups_of(programme, party, day):
        routes.setdefault(gid, (gid,))
    if party in programme.organisations:
        for pid, other in programme.people.items():
            if other.organisation == party:
                routes.setdefault(pid, (pid,))
    person = programme.people.get(party)
    if person is not None and person.organisation in programme.organisations:
        org = person.organisation
        routes.setdefault(org, (org,))
        for gid in groups_of(programme, org, day):
            routes.setdefault(gid, (org, gid))
    return routes


# --- validation of filter arguments -------------------------------------------------------------


def known(kind: str, value: str, pool: Iterable[str]) -> None:
    """Raise a usage error naming the nearest ids when ``value`` is not in ``pool``."""
    if isinstance(pool, Collection) and value in pool:
        return  # a look-up, not a sort: the site asks this once for each of its meetings
    choices = sorted(pool)
    if value in choices:
        return
    hint = choice_hint(value, choices)  # `complete` → `done`, as in the files
    sample = ", ".join(choices[:8]) + (", …" if len(choices) > 8 else "")
    raise UsageError(f"unknown {kind} `{value}`{hint}; known: {sample or 'none'}")


# --- the queries --------------------------------------------------------------------------------


def select(
    programme: Programme,
    *,
    as_of: dt.date,
    statuses: Sequence[str] = (),
    owner: str | None = None,
    group: str | None = None,
    workstream: str | None = None,
    raised: str | None = None,
    open_only: bool = False,
) -> list[Row]:
    """Actions matching every filter given, by id.

    ``owner``, ``group``, ``workstream`` and ``raised`` are ids or what
    :func:`.names.resolve` takes (a name, short name or abbreviation, in any case); ``owner``
    finds the actions of everyone it answers for (:func:`owner_routes`). Raises UsageError,
    naming the nearest record of any kind, for one that names nothing (or more than one).
    """
    if owner is not None:
        owner = names.resolve(programme, owner, names.PARTIES, role="owner")
    if group is not None:
        group = names.resolve(programme, group, (names.GROUP,))
    if workstream is not None:
        workstream = names.resolve(programme, workstream, (names.WORKSTREAM,))
    if raised is not None:
        raised = names.resolve(programme, raised, (names.MEETING,))
    for status in statuses:
        known("status", status, models.STATUSES)
    routes = owner_routes(programme, owner, as_of) if owner is not None else {}
    rows = []
    for action in sorted(programme.actions.values(), key=lambda a: a.id):
        if statuses and action.status not in statuses:
            continue
        if open_only and not is_open(action):
            continue
        if group is not None and action.group != group:
            continue
        if workstream is not None and action.workstream != workstream:
            continue
        if raised is not None and action.raised != raised:
            continue
        via: tuple[str, ...] = ()
        if owner is not None:
            matched = [routes[o] for o in action.owners if o in routes]
            if not matched:
                continue
            via = min(matched, key=len)
        rows.append(row(programme, action, as_of, via))
    return rows


def overdue(programme: Programme, *, as_of: dt.date) -> list[Row]:
    """Open actions whose due date has passed, most overdue first."""
    rows = [r for r in all_rows(programme, as_of) if r.days_overdue is not None]
    return sorted(rows, key=lambda r: (-(r.days_overdue or 0), r.id))


def due_within(programme: Programme, *, as_of: dt.date, days: int) -> list[Row]:
    """Open actions falling due from today to ``days`` days ahead, soonest first."""
    rows = [
        r
        for r in all_rows(programme, as_of)
        if r.days_to_due is not None and 0 <= r.days_to_due <= days
    ]
    return sorted(rows, key=lambda r: (r.days_to_due or 0, r.id))


def stale(programme: Programme, *, as_of: dt.date, days: int) -> list[Row]:
    """Open actions with no update (or, with none, no raising meeting) in ``days`` days."""
    rows = []
    for r in all_rows(programme, as_of):
        if not is_open(r.action):
            continue
        if r.last_activity is None or (as_of - r.last_activity).days > days:
            rows.append(r)
    return sorted(rows, key=lambda r: (r.last_activity or dt.date.min, r.id))


@dataclass(slots=True)
class ChaseBlock:
    owner: str
    name: str
    members: list[str]
    items: list[tuple[Row, list[str]]]


def chase(
    programme: Programme,
    *,
    as_of: dt.date,
    within: int,
    stale_days: int,
    owner: str | None = None,
) -> list[ChaseBlock]:
    """One block per owner of everything overdue, due soon or stale, each with its reasons.

    With ``owner`` (an id, or what :func:`.names.resolve` takes), only the blocks of the
    owners it answers for (:func:`owner_routes`): the same actions ``select(owner=...)``
    finds, as far as they are chased.
    """
    routes: dict[str, tuple[str, ...]] | None = None
    if owner is not None:
        owner = names.resolve(programme, owner, names.PARTIES, role="owner")
        routes = owner_routes(programme, owner, as_of)
    reasons: dict[str, list[str]] = {}
    rows: dict[str, Row] = {}
    for r in overdue(programme, as_of=as_of):
        rows[r.id] = r
        reasons.setdefault(r.id, []).append(f"overdue by {plural(r.days_overdue or 0, 'day')}")
    for r in due_within(programme, as_of=as_of, days=within):
        rows[r.id] = r
        when = "today" if r.days_to_due == 0 else f"in {plural(r.days_to_due or 0, 'day')}"
        reasons.setdefault(r.id, []).append(f"due {when}")
    for r in stale(programme, as_of=as_of, days=stale_days):
        rows[r.id] = r
        since = f"no update since {r.last_activity}" if r.last_activity else "no update recorded"
        reasons.setdefault(r.id, []).append(since)
    blocks: dict[str, ChaseBlock] = {}
    for ident in sorted(rows):
        r = rows[ident]
        for party in r.action.owners:
            if routes is not None and party not in routes:
                continue
            block = blocks.get(party)
            if block is None:
                members = []
                if party in programme.groups:
                    members = [programme.name_of(m.id) for m in members_on(programme, party, as_of)]
                block = blocks[party] = ChaseBlock(party, programme.name_of(party), members, [])
            block.items.append((r, reasons[ident]))
    for block in blocks.values():
        block.items.sort(key=lambda item: (item[0].due_date or dt.date.max, item[0].id))
    return sorted(blocks.values(), key=lambda b: b.name.lower())


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"
