"""Exports for other tools: actions as CSV, due dates and meetings as iCalendar, all as JSON.

Every export is built for one audience through :mod:`trauma_ws.publishing.views`, so the public ones
name organisations and never a person whose record is not ``public: true``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from trauma_ws.loading.programme import Programme
from trauma_ws.publishing import minutes_view, output, views
from trauma_ws.querying import query
from trauma_ws.record import models, zones

CSV_COLUMNS = [
    "id",
    "title",
    "group",
    "workstream",
    "owners",
    "status",
    "rag",
    "due",
    "due_date",
    "days_overdue",
    "completed",
    "raised",
    "last_update",
    "last_update_text",
]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "programme"


def action_rows(
    programme: Programme, *, as_of: dt.date, audience: views.Audience
) -> list[dict[str, Any]]:
    """One row per action, owners and authors named for ``audience``."""
    rows = []
    for r in query.all_rows(programme, as_of):
        a = r.action
        view = views.action_view(programme, a, audience=audience, as_of=as_of)
        last = view.updates[-1] if view.updates else None
        stream = programme.workstreams.get(a.workstream) if a.workstream else None
        rows.append(
            {
                "id": a.id,
                "title": a.title,
                "group": views.group_label(programme, a.group),
                "workstream": stream.title if stream else None,
                "owners": list(view.owners),
                "status": a.status,
                "rag": r.rag,
                "due": a.due,
                "due_date": r.due_date.isoformat() if r.due_date else None,
                "days_overdue": r.days_overdue,
                "completed": a.completed.isoformat() if a.completed else None,
                "raised": a.raised,
                "last_update": last.date.isoformat() if last else None,
                "last_update_text": f"{last.by}: {last.text}" if last else None,
            }
        )
    return rows


def actions_csv(programme: Programme, *, as_of: dt.date, audience: views.Audience) -> str:
    """Actions for spreadsheets; cells that a spreadsheet would run as formulas are defused."""
    return output.rows_csv(action_rows(programme, as_of=as_of, audience=audience), CSV_COLUMNS)


# --- iCalendar (RFC 5545) -----------------------------------------------------------------------


def ics_text(value: str) -> str:
    """A TEXT value escaped (RFC 5545 3.3.11): a newline cannot start a new property."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line + "\r\n"
    parts: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts) + "\r\n"


def _day(day: dt.date) -> str:
    # Not strftime: its %Y drops the leading zeros of years before 1000 on some platforms.
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _stamp(moment: dt.datetime) -> str:
    """A UTC date-time (RFC 5545 3.3.5, form 2)."""
    utc = moment.astimezone(dt.UTC)
    return f"{_day(utc.date())}T{utc:%H%M%S}Z"


def meeting_times(meeting: models.Meeting, zone: str) -> tuple[dt.datetime, dt.datetime] | None:
    """When a meeting with a ``start`` began and ended, in the programme's time zone ``zone``.

    Without an ``end`` (or with one not after ``start``), the meeting is taken to last an
    hour. None for a meeting without a start time (an all-day event).
    """
    if meeting.start is None:
        return None
    tz = zones.zone(zone)
    begin = dt.datetime.combine(meeting.date, dt.time.fromisoformat(meeting.start), tzinfo=tz)
    finish = begin + dt.timedelta(hours=1)
    if meeting.end is not None:
        closed = dt.datetime.combine(meeting.date, dt.time.fromisoformat(meeting.end), tzinfo=tz)
        if closed > begin:
            finish = closed
    return begin, finish


def calendar(programme: Programme, *, as_of: dt.date, audience: views.Audience) -> str:
    """Meetings and the due dates of open actions as one calendar a person can subscribe to.

    UIDs are stable (the record's id and the programme), so a calendar app updates events in
    place when the export is rebuilt. A meeting with a ``start`` time is a timed event, its
    times in the programme's time zone written in UTC (so no VTIMEZONE is needed), ending at
    ``end`` or an hour after the start; other meetings and due dates are all-day events.
    """
    name = programme.workplan.programme.name if programme.workplan else "Programme"
    zone = programme.workplan.programme.timezone if programme.workplan else zones.DEFAULT
    domain = f"{_slug(name)}.tws"
    stamp = f"{_day(as_of)}T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//tws//Programme records//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_text(name)}",
    ]

    def all_day(day: dt.date) -> list[str]:
        # DTEND is the day after; on 9999-12-31 there is none, and RFC 5545 takes an all-day
        # event without DTEND to last the one day.
        end = [f"DTEND;VALUE=DATE:{_day(day + dt.timedelta(days=1))}"] if day < dt.date.max else []
        return [f"DTSTART;VALUE=DATE:{_day(day)}", *end]

    def event(uid: str, when: list[str], summary: str, description: str, **extra: str) -> None:
        lines.extend(
            [
                "BEGIN:VEVENT",
                f"UID:{uid}@{domain}",
                f"DTSTAMP:{stamp}",
                *when,
                f"SUMMARY:{ics_text(summary)}",
                f"DESCRIPTION:{ics_text(description)}",
                *(f"{key}:{value}" for key, value in extra.items()),
                "END:VEVENT",
            ]
        )

    for meeting in sorted(programme.meetings.values(), key=lambda m: (m.date, m.id)):
        group = views.group_label(programme, meeting.group)
        extra = {"CATEGORIES": "Meeting", "TRANSP": "OPAQUE"}
        if meeting.location:
            extra["LOCATION"] = ics_text(meeting.location)
        times = meeting_times(meeting, zone)
        when = (
            [f"DTSTART:{_stamp(times[0])}", f"DTEND:{_stamp(times[1])}"]
            if times
            else all_day(meeting.date)
        )
        event(f"meeting-{meeting.id}", when, f"{group} meeting", meeting.purpose or "", **extra)
    for r in query.all_rows(programme, as_of):
        if r.due_date is None or not query.is_open(r.action):
            continue
        view = views.action_view(programme, r.action, audience=audience, as_of=as_of)
        description = (
            f"Owners: {view.owners_text}. Status: {view.status_text}. Due: {r.action.due}."
        )
        event(
            f"action-{r.id}",
            all_day(r.due_date),
            f"Due: {r.id} {r.action.title}",
            description,
            CATEGORIES="Action due",
            TRANSP="TRANSPARENT",
        )
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)


# --- everything as JSON -------------------------------------------------------------------------


def _meeting(
    programme: Programme, meeting: models.Meeting, *, as_of: dt.date, audience: views.Audience
) -> dict[str, Any]:
    """One meeting as its minutes show it to ``audience`` (docs/queries.md has the shape)."""
    view = minutes_view.meeting_view(programme, meeting.id, audience=audience, as_of=as_of)
    return {
        "id": view.id,
        "group": view.group_id,
        "date": view.date.isoformat(),
        "title": view.title,
        "status": view.status,
        "chair": view.chair,
        "attendees": list(view.attendees),
        "apologies": list(view.apologies),
        "purpose": view.purpose,
        "items": [
            {
                "title": item.title,
                "notes": [n.text for n in item.notes],
                "decisions": list(item.decisions),
                "number": item.number,
                "section": item.section,
                "presenter": item.presenter,
                "papers": [
                    {"reference": p.reference, "title": p.title, "url": p.url} for p in item.papers
                ],
                "private": item.private,
                "decision_details": [
                    {
                        "text": d.text,
                        "kind": d.kind,
                        "vote": None
                        if d.votes_for is None
                        else {
                            "for": d.votes_for,
                            "against": d.against,
                            "abstentions": d.abstentions,
                        },
                    }
                    for group in item.decision_groups
                    for d in group.decisions
                ],
                "actions": [a.id for a in item.actions],
                "action_log": item.action_log,
            }
            for item in view.items
        ],
        "actions": [a.id for a in view.actions],
        "start": view.start,
        "end": view.end,
        "format": view.format,
        "location": view.location,
        "present": [p.text for p in view.present],
        "in_attendance": [
            {"name": p.name, "capacity": p.capacity, "items": p.items_text}
            for p in view.in_attendance
        ],
        "observers": view.observers,
        "declarations": None
        if view.declarations is None
        else [
            {"by": d.by, "item": d.item_text, "interest": d.interest, "left": d.left}
            for d in view.declarations
        ],
        "approved_at": view.approved_at.meeting_id if view.approved_at else None,
        "approved_by": meeting.approved_by,
        "approved_on": meeting.approved_on.isoformat() if meeting.approved_on else None,
        "next_meeting": view.next_meeting,
    }


def everything(programme: Programme, *, as_of: dt.date, audience: views.Audience) -> dict[str, Any]:
    """The whole programme, resolved (due dates, RAG, labels), for other tools."""
    info = programme.workplan.programme if programme.workplan else None
    people = [
        {"id": p.id, "name": p.name, "organisation": p.organisation, "role": p.role}
        for p in programme.people.values()
        if audience == "internal" or p.public
    ]
    shown_people = {p["id"] for p in people}

    def member_id(ident: str) -> str:
        person = programme.people.get(ident)
        if person is not None and ident not in shown_people:
            return person.organisation
        return ident

    groups = []
    for g in programme.groups.values():
        members = []
        for m in g.members:
            members.append(
                {
                    "id": member_id(m.id),
                    "name": views.party_name(programme, m.id, audience=audience),
                    "role": m.role,
                    "since": m.since.isoformat() if m.since else None,
                    "until": m.until.isoformat() if m.until else None,
                }
            )
        groups.append(
            {
                "id": g.id,
                "name": g.name,
                "short_name": g.short_name,
                "purpose": g.purpose,
                "reports_to": list(g.reports_to),
                "external": g.external,
                "members": members,
            }
        )
    meetings = [
        _meeting(programme, meeting, as_of=as_of, audience=audience)
        for meeting in sorted(programme.meetings.values(), key=lambda m: (m.date, m.id))
    ]
    actions = []
    for row in action_rows(programme, as_of=as_of, audience=audience):
        a = programme.actions[row["id"]]
        view_a = views.action_view(programme, a, audience=audience, as_of=as_of)
        actions.append(
            {
                **row,
                "group": a.group,
                "workstream": a.workstream,
                "owners": [member_id(o) for o in a.owners],
                "owner_names": list(view_a.owners),
                "description": a.description,
                "updates": [
                    {"date": u.date.isoformat(), "by": u.by, "text": u.text, "status": u.status}
                    for u in view_a.updates
                ],
            }
        )
    return {
        "format": "tws-export/1",
        "as_of": as_of.isoformat(),
        "audience": audience,
        "programme": {
            "name": info.name if info else None,
            "owner": info.owner if info else None,
            "contact": info.contact if info else None,
            "url": info.url if info else None,
        },
        "workstreams": [
            {"id": w.id, "title": w.title, "aim": w.aim, "lead": w.lead}
            for w in programme.workstreams.values()
        ],
        "organisations": [
            {"id": o.id, "name": o.name, "abbreviation": o.abbreviation}
            for o in programme.organisations.values()
        ],
        "people": people,
        "groups": groups,
        "meetings": meetings,
        "actions": actions,
    }
