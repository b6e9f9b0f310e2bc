"""One meeting's minutes as templates see them, for one audience under the group's rules.

Privacy is settled here, through :mod:`trauma_ws.publishing.views`: people are named by the
group's ``minutes.attendance`` rule, internal items, notes and decisions are left out of the
public minutes, and a private item keeps its title and decisions but not its discussion.
Items are numbered and the action-log item lists the group's actions as they stood on the
meeting's date (both built in :mod:`trauma_ws.publishing.minutes_parts`, with the lists of who
was there); decisions are grouped in the body's words ("The Board noted:") by
:mod:`trauma_ws.publishing.minutes_decisions`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from trauma_ws.loading.programme import Programme
from trauma_ws.publishing import views
from trauma_ws.publishing.minutes_decisions import (
    DecisionGroupView,
    called_text,
    decision_groups,
)
from trauma_ws.publishing.minutes_parts import (
    DeclarationView,
    InAttendanceView,
    LogEntryView,
    Numbered,
    PresentView,
    Sayer,
    action_log,
    apologies,
    declarations,
    gov_scot_attendees,
    in_attendance,
    item_numbers,
    present,
)
from trauma_ws.querying import names
from trauma_ws.record import models, periods

_WEB = re.compile(r"https?://[^\s<>\"'`\\]+")


# --- the shapes templates see --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NoteView:
    text: str
    internal: bool


@dataclass(frozen=True, slots=True)
class PaperView:
    reference: str | None
    title: str
    url: str | None
    """Only an http(s) address, so a template can make it a link."""


@dataclass(frozen=True, slots=True)
class ItemView:
    title: str
    notes: tuple[NoteView, ...]
    decisions: tuple[str, ...]
    """The decisions' texts, for templates that print them as a plain list."""
    internal: bool
    number: str | None
    """As written (``5``, ``5.2``, ``IV``), or automatic with ``minutes.number_items``."""
    number_text: str | None
    """The number as a heading starts with it: ``5.``, ``IV.``, ``5.2``."""
    heading: str
    """``5. Budget`` or, unnumbered, the title."""
    section: str | None
    """A section heading that starts before this item."""
    in_section: bool
    """True once a section heading has started, at this item or before it."""
    presenter: str | None
    """As it reads after "Presented by"."""
    papers: tuple[PaperView, ...]
    decision_groups: tuple[DecisionGroupView, ...]
    actions: tuple[views.ActionView, ...]
    """The actions arising under this item."""
    action_log: bool
    log: tuple[LogEntryView, ...]
    """For the action-log item: the group's actions as they stood on the meeting's date."""
    private: bool
    """Taken in private: in public, its notes and papers are left out."""


@dataclass(frozen=True, slots=True)
class ApprovalView:
    meeting_id: str
    date: dt.date
    date_text: str
    label: str
    """``Partnership Delivery Group meeting of 20 October 2022``."""


@dataclass(frozen=True, slots=True)
class MeetingView:
    audience: str
    internal: bool
    id: str
    group_id: str
    group_name: str
    group_short_name: str
    style: str
    """The group's ``minutes.style``: ``gov-scot`` or ``committee``."""
    attendance_rule: str
    called: str
    """How decisions name the group, as at the start of a sentence: ``The group``, ``The Board``."""
    title: str
    date: dt.date
    date_text: str
    month_text: str
    number: int | None
    ordinal: str | None
    number_text: str | None
    start: str | None
    end: str | None
    time_text: str | None
    """``10:00 to 12:30``, or ``10:00`` with no end recorded."""
    format: str | None
    format_text: str | None
    location: str | None
    chair: str
    attendees: tuple[str, ...]
    """The gov.scot list of those present: members, and deputies (``X (deputising for Y)``)."""
    present: tuple[PresentView, ...]
    """Members present, chair first, then deputies."""
    apologies: tuple[str, ...]
    in_attendance: tuple[InAttendanceView, ...]
    observers: int | None
    observers_text: str | None
    """``3 observers``, ``1 observer``, ``No observers``."""
    declarations: tuple[DeclarationView, ...] | None
    """None when not recorded; empty when none were made."""
    purpose: str | None
    status: str
    status_text: str
    approved_at: ApprovalView | None
    approved_by: str | None
    approved_on_text: str | None
    items: tuple[ItemView, ...]
    has_sections: bool
    actions: tuple[views.ActionView, ...]
    next_meeting: str | None
    next_meeting_text: str | None
    next_meeting_exact: bool
    """True when ``next_meeting`` is a day rather than a month."""
    contact: views.ContactView


# --- items ---------------------------------------------------------------------------------------


def _number_text(number: str) -> str:
    return number if "." in number else f"{number}."


def _items(
    programme: Programme,
    m: models.Meeting,
    numbers: Numbered,
    *,
    audience: views.Audience,
    rule: views.Rule,
    called: str,
    as_of: dt.date,
) -> tuple[ItemView, ...]:
    public = audience == "public"
    say = Sayer(programme, audience=audience, rule=rule)
    log: tuple[LogEntryView, ...] | None = None
    out: list[ItemView] = []
    carried: str | None = None  # a section heading on an item left out of the public minutes
    in_section = False
    for index, item in enumerate(m.items):
        if public and item.internal:
            carried = item.section or carried
            continue
        section = item.section or carried
        carried = None
        in_section = in_section or section is not None
        withheld = public and item.private
        number = numbers.label(index)
        if item.action_log and log is None:
            log = action_log(programme, m, say=say)
        out.append(
            ItemView(
                title=item.title,
                notes=()
                if withheld
                else tuple(
                    NoteView(text=n.text, internal=n.internal)
                    for n in item.notes
                    if not (public and n.internal)
                ),
                decisions=tuple(d.text for d in item.decisions if not (public and d.internal)),
                internal=item.internal,
                number=number,
                number_text=_number_text(number) if number else None,
                heading=f"{_number_text(number)} {item.title}" if number else item.title,
                section=section,
                in_section=in_section,
                presenter=views.inline(say.one(item.presenter)) if item.presenter else None,
                papers=()
                if withheld
                else tuple(
                    PaperView(
                        reference=p.reference,
                        title=p.title,
                        url=p.url.strip() if p.url and _WEB.fullmatch(p.url.strip()) else None,
                    )
                    for p in item.papers
                ),
                decision_groups=decision_groups(item.decisions, audience=audience, called=called),
                actions=tuple(
                    views.action_view(
                        programme, programme.actions[a], audience=audience, as_of=as_of, rule=rule
                    )
                    for a in item.actions
                    if a in programme.actions
                ),
                action_log=item.action_log,
                log=(log or ()) if item.action_log else (),
                private=item.private,
            )
        )
    return tuple(out)


# --- the meeting ---------------------------------------------------------------------------------


def _approval(programme: Programme, m: models.Meeting) -> ApprovalView | None:
    if not (m.approved_at and m.approved_at in programme.meetings):
        return None
    later = programme.meetings[m.approved_at]
    return ApprovalView(
        meeting_id=later.id,
        date=later.date,
        date_text=views.date_text(later.date),
        label=f"{views.group_label(programme, later.group)} meeting of "
        f"{views.date_text(later.date)}",
    )


def _observers_text(count: int) -> str:
    if count == 0:
        return "No observers"
    return f"{count} observer{'s' * (count != 1)}"


def meeting_view(
    programme: Programme, meeting_id: str, *, audience: str, as_of: dt.date
) -> MeetingView:
    """Everything a minutes template shows for one meeting, for ``audience``.

    Raises UsageError, naming the nearest ids, when there is no such meeting or audience.
    """
    aud = views.check_audience(audience)
    m = programme.meetings[names.resolve(programme, meeting_id, (names.MEETING,))]
    group = programme.groups[m.group]
    rule: views.Rule = group.minutes.attendance
    called = called_text(group)
    say = Sayer(programme, audience=aud, rule=rule)
    numbers = item_numbers(m, automatic=group.minutes.number_items)
    people_present = present(m, say=say)
    actions = tuple(
        views.action_view(programme, programme.actions[a], audience=aud, as_of=as_of, rule=rule)
        for a in m.actions
        if a in programme.actions
    )
    items = _items(programme, m, numbers, audience=aud, rule=rule, called=called, as_of=as_of)
    return MeetingView(
        audience=aud,
        internal=aud == "internal",
        id=m.id,
        group_id=group.id,
        group_name=group.name,
        group_short_name=group.short_name or group.name,
        style=group.minutes.style,
        attendance_rule=rule,
        called=called,
        title=f"{group.name} minutes: {views.month_text(m.date)}",
        date=m.date,
        date_text=views.date_text(m.date),
        month_text=views.month_text(m.date),
        number=m.number,
        ordinal=views.ordinal(m.number) if m.number else None,
        number_text=f"{views.ordinal(m.number)} meeting" if m.number else None,
        start=m.start,
        end=m.end,
        time_text=(f"{m.start} to {m.end}" if m.end else m.start) if m.start else None,
        format=m.format,
        format_text=views.words(m.format) if m.format else None,
        location=m.location,
        chair=say.one(m.chair),
        attendees=gov_scot_attendees(m, say=say),
        present=people_present,
        apologies=apologies(m, say=say, present=people_present),
        in_attendance=in_attendance(m, numbers, say=say),
        observers=m.observers,
        observers_text=_observers_text(m.observers) if m.observers is not None else None,
        declarations=declarations(m, numbers, say=say),
        purpose=m.purpose,
        status=m.status,
        status_text=views.words(m.status),
        approved_at=_approval(programme, m),
        approved_by=m.approved_by,
        approved_on_text=views.date_text(m.approved_on) if m.approved_on else None,
        items=items,
        has_sections=any(i.section for i in items),
        actions=actions,
        next_meeting=m.next_meeting,
        next_meeting_text=views.period_text(m.next_meeting) if m.next_meeting else None,
        next_meeting_exact=bool(m.next_meeting) and periods.kind_of(m.next_meeting or "") == "date",
        contact=views.contact_view(programme, group.id),
    )
