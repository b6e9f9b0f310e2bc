"""Read-only view data for templates, built for one audience: privacy is applied here, once."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from trauma_ws.loading.programme import Programme
from trauma_ws.querying import query
from trauma_ws.record import models, periods
from trauma_ws.record.problems import UsageError

Audience = Literal["public", "internal"]
AUDIENCES: tuple[str, ...] = ("public", "internal")

# fmt: off
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth",
)
# fmt: on
_QUARTER_MONTHS = ("January to March", "April to June", "July to September", "October to December")
_EMAIL = re.compile(r"^[^@\s<>()\[\]]+@[^@\s<>()\[\]]+\.[A-Za-z]{2,}$")
_WEB = re.compile(r"^https?://[^\s<>\"'`]+$")


# --- the shapes templates see --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NoteView:
    text: str
    internal: bool


@dataclass(frozen=True, slots=True)
class ItemView:
    title: str
    notes: tuple[NoteView, ...]
    decisions: tuple[str, ...]
    internal: bool


@dataclass(frozen=True, slots=True)
class UpdateView:
    date: dt.date
    date_text: str
    by: str
    text: str
    status: str | None


@dataclass(frozen=True, slots=True)
class ActionView:
    id: str
    title: str
    owners: tuple[str, ...]
    owners_text: str
    due: str | None
    """The due form as written: ``2022-10``, ``2023-Q2``, ``2022/23``..."""
    due_text: str | None
    """The due form for people: ``October 2022``, ``April to June 2023``..."""
    due_date: dt.date | None
    """The last day of the due period."""
    due_date_text: str | None
    status: str
    status_text: str
    rag: str | None
    completed: dt.date | None
    description: str | None
    workstream: str | None
    updates: tuple[UpdateView, ...]


@dataclass(frozen=True, slots=True)
class ApprovalView:
    meeting_id: str
    date: dt.date
    date_text: str
    label: str
    """``Partnership Delivery Group meeting of 20 October 2022``."""


@dataclass(frozen=True, slots=True)
class ContactView:
    programme_name: str
    contact: str
    email: str | None
    """``contact`` when it is an e-mail address."""
    url: str | None
    """The programme's web page, only when it is an http(s) address."""
    group_name: str


@dataclass(frozen=True, slots=True)
class MeetingView:
    audience: str
    internal: bool
    id: str
    group_id: str
    group_name: str
    group_short_name: str
    title: str
    date: dt.date
    date_text: str
    month_text: str
    number: int | None
    ordinal: str | None
    number_text: str | None
    format: str | None
    format_text: str | None
    location: str | None
    chair: str
    attendees: tuple[str, ...]
    apologies: tuple[str, ...]
    purpose: str | None
    status: str
    status_text: str
    approved_at: ApprovalView | None
    items: tuple[ItemView, ...]
    actions: tuple[ActionView, ...]
    next_meeting: str | None
    next_meeting_text: str | None
    next_meeting_exact: bool
    """True when ``next_meeting`` is a day rather than a month."""
    contact: ContactView


# --- words for dates and numbers ------------------------------------------------------------------


def words(value: str) -> str:
    """A status or format for people: ``not-started`` -> ``not started``."""
    return value.replace("-", " ")


def date_text(day: dt.date) -> str:
    """``25 August 2022`` (locale-independent)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def month_text(day: dt.date) -> str:
    """``August 2022``."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def ordinal(number: int) -> str:
    """``fourth`` for 4; ``21st`` past twenty."""
    if 1 <= number <= len(_ORDINALS):
        return _ORDINALS[number - 1]
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def period_text(text: str) -> str:
    """A due form for people: a day, a month, ``April to June 2023``, ``financial year 2022/23``."""
    if text == models.NEXT_MEETING:
        return "the next meeting"
    kind = periods.kind_of(text)
    end = periods.resolve(text)
    if kind == "date":
        return date_text(end)
    if kind == "month":
        return month_text(end)
    if kind == "quarter":
        return f"{_QUARTER_MONTHS[(end.month - 1) // 3]} {end.year}"
    if kind == "year":
        return str(end.year)
    return f"financial year {text}"


def join_names(names: Iterable[str]) -> str:
    """``A and B``, ``A, B and C``; semicolons when a name has a comma of its own."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    sep = "; " if any("," in n for n in names) else ", "
    return f"{sep.join(names[:-1])} and {names[-1]}"


# --- privacy: how a party is named for an audience ----------------------------------------------


def check_audience(audience: str) -> Audience:
    if audience == "public":
        return "public"
    if audience == "internal":
        return "internal"
    raise UsageError(f"unknown audience `{audience}`: use public or internal")


def group_label(programme: Programme, group_id: str) -> str:
    group = programme.groups[group_id]
    return group.short_name or group.name


def party_name(programme: Programme, ident: str, *, audience: Audience) -> str:
    """How an owner, chair or update author is named.

    An organisation by its name, a group by its short name; a person by name and organisation
    internally, but in public only when their record says ``public: true`` (otherwise their
    organisation stands in for them).
    """
    if ident in programme.organisations:
        return programme.organisations[ident].name
    if ident in programme.groups:
        return group_label(programme, ident)
    person = programme.people.get(ident)
    if person is None:
        return ident
    org = programme.name_of(person.organisation)
    if audience == "internal" or person.public:
        return f"{person.name} ({org})"
    return org


def attendance(programme: Programme, idents: Iterable[str], *, audience: Audience) -> list[str]:
    """Attendees or apologies: in public, organisations only (a person becomes theirs).

    Names are de-duplicated, first occurrence kept.
    """
    names: list[str] = []
    for ident in idents:
        person = programme.people.get(ident)
        if audience == "public" and person is not None:
            name = programme.name_of(person.organisation)
        else:
            name = party_name(programme, ident, audience=audience)
        if name not in names:
            names.append(name)
    return names


# --- builders ------------------------------------------------------------------------------------


def action_view(
    programme: Programme, action: models.Action, *, audience: Audience, as_of: dt.date
) -> ActionView:
    """One action for ``audience``, its RAG worked out on ``as_of``."""
    r = query.row(programme, action, as_of)
    owners = tuple(
        dict.fromkeys(party_name(programme, o, audience=audience) for o in action.owners)
    )
    updates = tuple(
        UpdateView(
            date=u.date,
            date_text=date_text(u.date),
            by=party_name(programme, u.by, audience=audience),
            text=u.text,
            status=u.status,
        )
        for u in action.updates
    )
    return ActionView(
        id=action.id,
        title=action.title,
        owners=owners,
        owners_text=join_names(owners),
        due=action.due,
        due_text=period_text(action.due) if action.due else None,
        due_date=r.due_date,
        due_date_text=date_text(r.due_date) if r.due_date else None,
        status=action.status,
        status_text=words(action.status),
        rag=r.rag,
        completed=action.completed,
        description=action.description,
        workstream=action.workstream,
        updates=updates,
    )


def contact_view(programme: Programme, group_id: str) -> ContactView:
    info = programme.workplan.programme if programme.workplan else None
    contact = info.contact if info else ""
    url = info.url if info and info.url and _WEB.fullmatch(info.url) else None
    return ContactView(
        programme_name=info.name if info else "",
        contact=contact,
        email=contact if _EMAIL.fullmatch(contact) else None,
        url=url,
        group_name=programme.groups[group_id].name,
    )


def _items(meeting: models.Meeting, audience: Audience) -> tuple[ItemView, ...]:
    public = audience == "public"
    return tuple(
        ItemView(
            title=item.title,
            notes=tuple(
                NoteView(text=n.text, internal=n.internal)
                for n in item.notes
                if not (public and n.internal)
            ),
            decisions=tuple(d.text for d in item.decisions if not (public and d.internal)),
            internal=item.internal,
        )
        for item in meeting.items
        if not (public and item.internal)
    )


def meeting_view(
    programme: Programme, meeting_id: str, *, audience: str, as_of: dt.date
) -> MeetingView:
    """Everything a minutes template shows for one meeting, for ``audience``.

    Raises UsageError, naming the nearest ids, when there is no such meeting.
    """
    aud = check_audience(audience)
    query.known("meeting", meeting_id, programme.meetings)
    m = programme.meetings[meeting_id]
    group = programme.groups[m.group]
    attendees = attendance(programme, m.attendees, audience=aud)
    apologies = attendance(programme, [a.id for a in m.apologies], audience=aud)
    if aud == "public":
        # A person's apologies do not stand for their organisation when it was represented.
        apologies = [name for name in apologies if name not in attendees]
    approval = None
    if m.approved_at and m.approved_at in programme.meetings:
        later = programme.meetings[m.approved_at]
        approval = ApprovalView(
            meeting_id=later.id,
            date=later.date,
            date_text=date_text(later.date),
            label=f"{group_label(programme, later.group)} meeting of {date_text(later.date)}",
        )
    actions = tuple(
        action_view(programme, programme.actions[a], audience=aud, as_of=as_of)
        for a in m.actions
        if a in programme.actions
    )
    return MeetingView(
        audience=aud,
        internal=aud == "internal",
        id=m.id,
        group_id=group.id,
        group_name=group.name,
        group_short_name=group.short_name or group.name,
        title=f"{group.name} minutes: {month_text(m.date)}",
        date=m.date,
        date_text=date_text(m.date),
        month_text=month_text(m.date),
        number=m.number,
        ordinal=ordinal(m.number) if m.number else None,
        number_text=f"{ordinal(m.number)} meeting" if m.number else None,
        format=m.format,
        format_text=words(m.format) if m.format else None,
        location=m.location,
        chair=party_name(programme, m.chair, audience=aud),
        attendees=tuple(attendees),
        apologies=tuple(apologies),
        purpose=m.purpose,
        status=m.status,
        status_text=words(m.status),
        approved_at=approval,
        items=_items(m, aud),
        actions=actions,
        next_meeting=m.next_meeting,
        next_meeting_text=period_text(m.next_meeting) if m.next_meeting else None,
        next_meeting_exact=bool(m.next_meeting) and periods.kind_of(m.next_meeting or "") == "date",
        contact=contact_view(programme, group.id),
    )
