"""Shared helpers of the view data templates see: words for dates and due forms, and how a party
is named for an audience (privacy is decided here, once), and one action's view.

A meeting's minutes are built in :mod:`trauma_ws.publishing.minutes_view` from these."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Literal

from trauma_ws.loading.programme import Programme
from trauma_ws.querying import query
from trauma_ws.record import models, periods
from trauma_ws.record.problems import UsageError

Audience = Literal["public", "internal"]
AUDIENCES: tuple[str, ...] = ("public", "internal")
Rule = Literal["by-organisation", "by-person"]
"""A group's ``minutes.attendance``: how its public minutes name people."""

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
_REPRESENTATIVE = "A representative of "
_Remembered = dict[tuple[str, str, dt.date, str], tuple[Programme, models.Action, "ActionView"]]
_REMEMBERED: ContextVar[_Remembered | None] = ContextVar("tws_action_views", default=None)


# --- the shapes templates see --------------------------------------------------------------------


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
class ContactView:
    programme_name: str
    contact: str
    email: str | None
    """``contact`` when it is an e-mail address."""
    url: str | None
    """The programme's web page, only when it is an http(s) address."""
    group_name: str
    group_url: str | None = None
    """The group's web page, only when it is an http(s) address."""


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
        return "by the next meeting"  # reads "due by the next meeting"
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


def listed_name(programme: Programme, org_id: str) -> str:
    """An organisation, or a group attending as a member, as a list of who was there names
    it: ``Convention of Scottish Local Authorities (COSLA)`` when it has an abbreviation, its
    full name alone otherwise."""
    org = programme.organisations.get(org_id) or programme.groups.get(org_id)
    if org is None:
        return programme.name_of(org_id)
    abbreviation = org.abbreviation
    if not abbreviation or abbreviation == org.name or org.name.endswith(f"({abbreviation})"):
        return org.name
    return f"{org.name} ({abbreviation})"


def person_text(programme: Programme, person: models.Person, *, named: bool) -> str:
    """A person as ``by-person`` minutes show them.

    Named: ``Jane Doe, Chief Officer (Org)`` (``Jane Doe (Org)`` without a role); not named:
    ``Chief Officer, Org``, or ``A representative of Org`` without a role.
    """
    org = programme.name_of(person.organisation)
    if named:
        return f"{person.name}, {person.role} ({org})" if person.role else f"{person.name} ({org})"
    return f"{person.role}, {org}" if person.role else f"{_REPRESENTATIVE}{org}"


def inline(name: str) -> str:
    """A name as it reads inside a sentence: ``a representative of Org``."""
    return "a" + name[1:] if name.startswith(_REPRESENTATIVE) else name


def who(programme: Programme, ident: str, *, audience: Audience, rule: Rule) -> str:
    """A party mentioned on its own (chair, presenter, owner, declarer) under a group's rule.

    ``by-organisation`` is :func:`party_name`; ``by-person`` names a person internally, and in
    public only when their record says ``public: true`` (with their role either way); anyone
    else by role and organisation (:func:`person_text`).
    """
    person = programme.people.get(ident) if rule == "by-person" else None
    if person is None:
        return party_name(programme, ident, audience=audience)
    return person_text(programme, person, named=audience == "internal" or person.public)


def attendance(
    programme: Programme,
    idents: Iterable[str],
    *,
    audience: Audience,
    rule: Rule = "by-organisation",
) -> list[str]:
    """Who was present or sent apologies, named for ``audience`` under the group's ``rule``.

    ``by-organisation``: in public, organisations only (a person becomes theirs, even one whose
    record is ``public: true``, as the programme's published minutes list them); an
    organisation with an abbreviation is named with it after its name
    (:func:`listed_name`); names are de-duplicated, first occurrence kept. ``by-person``: one
    entry per party, each as :func:`who` names them. A group that attends as a member (a body
    that sits on another group) is named as an organisation is, under either rule.
    """
    if rule == "by-person":
        return [
            listed_name(programme, ident)
            if ident in programme.groups
            else who(programme, ident, audience=audience, rule=rule)
            for ident in idents
        ]
    names: list[str] = []
    for ident in idents:
        person = programme.people.get(ident)
        if audience == "public" and person is not None:
            name = listed_name(programme, person.organisation)
        elif ident in programme.organisations or ident in programme.groups:
            name = listed_name(programme, ident)
        else:
            name = party_name(programme, ident, audience=audience)
        if name not in names:
            names.append(name)
    return names


# --- builders ------------------------------------------------------------------------------------


@contextlib.contextmanager
def remembering_actions() -> Iterator[None]:
    """Within the block, :func:`action_view` builds each action's view once for each
    audience, day and rule, and gives that same (immutable) view when asked again.

    A site build asks for most actions several times over (the action's own page, the
    minutes of the meeting it arose at, the progress report); the records must not change
    inside the block.
    """
    token = _REMEMBERED.set({})
    try:
        yield
    finally:
        _REMEMBERED.reset(token)


def action_view(
    programme: Programme,
    action: models.Action,
    *,
    audience: Audience,
    as_of: dt.date,
    rule: Rule = "by-organisation",
) -> ActionView:
    """One action for ``audience``, its RAG worked out on ``as_of``; owners and update authors
    named under ``rule`` (see :func:`who`)."""
    remembered = _REMEMBERED.get()
    if remembered is None:
        return _action_view(programme, action, audience=audience, as_of=as_of, rule=rule)
    key = (action.id, audience, as_of, rule)
    found = remembered.get(key)
    if found is not None and found[0] is programme and found[1] is action:
        return found[2]
    view = _action_view(programme, action, audience=audience, as_of=as_of, rule=rule)
    remembered[key] = (programme, action, view)
    return view


def _action_view(
    programme: Programme,
    action: models.Action,
    *,
    audience: Audience,
    as_of: dt.date,
    rule: Rule,
) -> ActionView:
    r = query.row(programme, action, as_of)
    owners = tuple(
        dict.fromkeys(who(programme, o, audience=audience, rule=rule) for o in action.owners)
    )
    updates = tuple(
        UpdateView(
            date=u.date,
            date_text=date_text(u.date),
            by=who(programme, u.by, audience=audience, rule=rule),
            text=u.text,
            status=u.status,
        )
        for u in action.updates
    )
    return ActionView(
        id=action.id,
        title=action.title,
        owners=owners,
        owners_text=join_names(inline(o) for o in owners),
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
        group_url=_web(programme.groups[group_id].url),
    )


def _web(address: str | None) -> str | None:
    """``address`` when it is an http(s) web address, else None (never a link to anything
    else: ``javascript:``, ``data:``, a file)."""
    return address if address and _WEB.fullmatch(address) else None
