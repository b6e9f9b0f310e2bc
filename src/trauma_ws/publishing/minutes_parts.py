"""Parts of a meeting's minutes view: who was there (present, deputies, apologies, in
attendance, declarations) named by the group's rule, item numbers and references to items,
and the action log as it stood on the meeting's date.

:mod:`trauma_ws.publishing.minutes_view` puts them together; privacy comes from
:mod:`trauma_ws.publishing.views` (``who``, ``attendance``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from trauma_ws.loading.programme import Programme
from trauma_ws.publishing import views
from trauma_ws.querying import query
from trauma_ws.record import models

NOT_PUBLISHED = "an item not in the public minutes"
"""How the public minutes refer to an unnumbered item they leave out."""


# --- the shapes templates see --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PresentView:
    name: str
    chair: bool
    deputising_for: str | None
    """The member a deputy attended for, named by the same rule."""
    text: str
    """``Alpha Council (Chair)``, ``Chief Officer, Beta Health Board (deputising for …)``."""


@dataclass(frozen=True, slots=True)
class InAttendanceView:
    name: str
    capacity: str | None
    capacity_text: str | None
    items_text: str | None
    """``items 5 and 6``; None when they attended the whole meeting."""
    text: str
    """``Finance Officer, Alpha Council – officer, for items 5 and 6``."""


@dataclass(frozen=True, slots=True)
class DeclarationView:
    by: str
    item_text: str | None
    """``item 5``, or the item's title when it has no number."""
    interest: str
    left: bool
    text: str
    """``X declared an interest in item 5: … They left the meeting for that item.``"""


@dataclass(frozen=True, slots=True)
class LogEntryView:
    """One action of the action log, in plain words: no ids, ISO dates or overdue counts."""

    title: str
    owners_text: str
    due_text: str | None
    """``October 2022``, ``by the next meeting``, ``by this meeting``."""
    status: str | None
    """The status on the meeting's date (None: open, the records do not say how)."""
    status_text: str
    last_update_text: str | None
    last_update_date_text: str | None
    last_update_by: str | None


# --- naming by the group's rule ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sayer:
    """Names parties for one audience under one group's ``minutes.attendance`` rule."""

    programme: Programme
    audience: views.Audience
    rule: views.Rule

    @property
    def merges(self) -> bool:
        """Lists are by organisation: the same name once."""
        return self.rule == "by-organisation"

    def one(self, ident: str) -> str:
        """A party on its own: chair, presenter, owner, declarer."""
        return views.who(self.programme, ident, audience=self.audience, rule=self.rule)

    def listed(self, ident: str) -> str:
        """A party in a list of who was there."""
        return views.attendance(self.programme, [ident], audience=self.audience, rule=self.rule)[0]


def _add(entries: list[str], text: str, *, merge: bool) -> None:
    if not (merge and text in entries):
        entries.append(text)


def present(m: models.Meeting, *, say: Sayer) -> tuple[PresentView, ...]:
    """Members present, the chair first (added when not listed), then deputies."""
    deputies = m.deputies()
    ids = [m.chair] if m.chair not in deputies else []
    ids += [i for i in m.attendees if i != m.chair]
    out: list[PresentView] = []
    for ident in ids:
        name = say.listed(ident)
        chair = ident == m.chair
        text = f"{name} (Chair)" if chair else name
        if say.merges and any(p.name == name for p in out):
            continue
        out.append(PresentView(name=name, chair=chair, deputising_for=None, text=text))
    for deputy, member in deputies.items():
        name, for_ = say.listed(deputy), say.listed(member)
        text = name if for_ == name else f"{name} (deputising for {views.inline(for_)})"
        if deputy == m.chair:
            text += " (Chair)"
        if say.merges and any(p.text == text for p in out):
            continue
        out.append(
            PresentView(
                name=name,
                chair=deputy == m.chair,
                deputising_for=None if for_ == name else for_,
                text=text,
            )
        )
    return tuple(out)


def gov_scot_attendees(m: models.Meeting, *, say: Sayer) -> tuple[str, ...]:
    """The gov.scot list of attendees as recorded, then deputies for the members they stood in
    for (``X (deputising for Y)``)."""
    names = views.attendance(say.programme, m.attendees, audience=say.audience, rule=say.rule)
    for deputy, member in m.deputies().items():
        name, for_ = say.listed(deputy), say.listed(member)
        text = name if name == for_ else f"{name} (deputising for {views.inline(for_)})"
        _add(names, text, merge=say.merges)
    return tuple(names)


def apologies(
    m: models.Meeting, *, say: Sayer, present: tuple[PresentView, ...]
) -> tuple[str, ...]:
    """Every apology, under the group's rule: never dropped.

    By organisation in public, a person's apology is their organisation's name, or
    ``A representative of Org`` when that organisation was also present, so the list neither
    hides the apology nor reads as if the organisation was absent.
    """
    if not (say.merges and say.audience == "public"):
        return tuple(
            views.attendance(
                say.programme, [a.id for a in m.apologies], audience=say.audience, rule=say.rule
            )
        )
    there = {p.name for p in present}
    names: list[str] = []
    for a in m.apologies:
        person = say.programme.people.get(a.id)
        name = say.listed(a.id)
        if person is not None and name in there:
            name = f"A representative of {name}"
        _add(names, name, merge=True)
    return tuple(names)


# --- item numbers and references to items --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Numbered:
    """Each item's number (by its place in ``meeting.items``) and which ones are published."""

    labels: tuple[str | None, ...]
    titles: tuple[str, ...]
    internal: tuple[bool, ...]

    def label(self, index: int) -> str | None:
        return self.labels[index]

    def find(self, ref: str) -> int | None:
        """The item a reference (a number, or a title) points at."""
        for index, label in enumerate(self.labels):
            if label is not None and label == ref:
                return index
        for index, title in enumerate(self.titles):
            if title == ref:
                return index
        return None

    def ref_text(self, ref: str, *, public: bool) -> str:
        """``item 5``; an unnumbered item's title; never the title of an item left out."""
        index = self.find(ref)
        if index is None:
            return ref
        label = self.labels[index]
        if label is not None:
            return f"item {label}"
        return NOT_PUBLISHED if public and self.internal[index] else self.titles[index]

    def refs_text(self, refs: list[str], *, public: bool) -> str:
        """``items 5 and 6``, ``item 5``, ``item 5 and Budget``."""
        found = [self.find(r) for r in refs]
        labels = [self.labels[i] for i in found if i is not None]
        if len(labels) == len(refs) and all(labels) and len(labels) > 1:
            return f"items {views.join_names(str(x) for x in labels)}"
        return views.join_names(self.ref_text(r, public=public) for r in refs)


def item_numbers(m: models.Meeting, *, automatic: bool) -> Numbered:
    """The items' numbers as :meth:`models.Meeting.item_numbers` gives them (the rule validate
    checks references against), with their titles."""
    labels = m.item_numbers(automatic=automatic)
    return Numbered(
        labels=tuple(labels),
        titles=tuple(i.title for i in m.items),
        internal=tuple(i.internal for i in m.items),
    )


def in_attendance(
    m: models.Meeting, numbers: Numbered, *, say: Sayer
) -> tuple[InAttendanceView, ...]:
    """Those present who are not members, with their capacity and the items they attended for."""
    out: list[InAttendanceView] = []
    public = say.audience == "public"
    for entry in m.in_attendance:
        name = say.listed(entry.id)
        capacity_text = views.words(entry.capacity) if entry.capacity else None
        items_text = numbers.refs_text(list(entry.items), public=public) if entry.items else None
        text = f"{name} – {capacity_text}" if capacity_text else name
        if items_text:
            text += f", for {items_text}"
        if say.merges and any(v.text == text for v in out):
            continue
        out.append(InAttendanceView(name, entry.capacity, capacity_text, items_text, text))
    return tuple(out)


def declarations(
    m: models.Meeting, numbers: Numbered, *, say: Sayer
) -> tuple[DeclarationView, ...] | None:
    """Declarations of interest; None when the minutes did not record any."""
    if m.declarations is None:
        return None
    out = []
    for d in m.declarations:
        by = say.one(d.by)
        item = numbers.ref_text(d.item, public=say.audience == "public") if d.item else None
        text = f"{by} declared an interest{f' in {item}' if item else ''}: "
        text += d.interest.rstrip(". ") + "."
        if d.left:
            text += " They left the meeting for that item." if item else " They left the meeting."
        out.append(
            DeclarationView(by=by, item_text=item, interest=d.interest, left=d.left, text=text)
        )
    return tuple(out)


# --- the action log as it stood on the meeting's date --------------------------------------------


def _due_text(programme: Programme, action: models.Action, meeting: models.Meeting) -> str | None:
    if not action.due:
        return None
    if (
        action.due == models.NEXT_MEETING
        and query.next_meeting_date(programme, action) == meeting.date
    ):
        return "by this meeting"
    return views.period_text(action.due)


def action_log(programme: Programme, m: models.Meeting, *, say: Sayer) -> tuple[LogEntryView, ...]:
    """The group's actions as they stood on the meeting's date, in the order they arose.

    Those raised at an earlier meeting (or with no ``raised``) and still open when the day
    began: not completed or dropped before it (see :func:`query.status_on`). Each with its
    status and its latest update as on that date, so the minutes never go stale.
    """
    day = m.date
    eve = day - dt.timedelta(days=1) if day > dt.date.min else day
    found: list[tuple[dt.date, str, LogEntryView]] = []
    for a in programme.actions.values():
        if a.group != m.group:
            continue
        raised = programme.meetings.get(a.raised) if a.raised else None
        if a.raised and (raised is None or raised.date >= day):
            continue
        if query.status_on(a, eve) in ("done", "dropped"):
            continue
        status = query.status_on(a, day)
        last = query.last_update_on(a, day)
        owners = views.join_names(dict.fromkeys(views.inline(say.one(o)) for o in a.owners))
        entry = LogEntryView(
            title=a.title,
            owners_text=owners,
            due_text=_due_text(programme, a, m),
            status=status,
            status_text=views.words(status) if status else "open",
            last_update_text=last.text if last else None,
            last_update_date_text=views.date_text(last.date) if last else None,
            last_update_by=say.one(last.by) if last else None,
        )
        found.append((raised.date if raised else dt.date.min, a.id, entry))
    return tuple(entry for _, _, entry in sorted(found, key=lambda f: (f[0], f[1])))
