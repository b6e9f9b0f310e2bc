"""Read-only data for the public website's pages, built once for the whole site.

Privacy comes from :mod:`trauma_ws.publishing.views` (``party_name``, ``action_view``) and
:mod:`trauma_ws.publishing.minutes_view` (``meeting_view``), public audience only; this module
adds the links between pages and the dashboard's counts. Every ``href`` here is relative to
the site's top folder; templates prefix it with the way up from the page that shows it (``""``
or ``"../"``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from trauma_ws.loading.programme import Programme
from trauma_ws.publishing import minutes_view, views
from trauma_ws.querying import query
from trauma_ws.record import models

AUDIENCE: views.Audience = "public"
DUE_SOON_DAYS = 30
RECENT_UPDATES = 10

RAG_TEXT = {"red": "Red", "amber": "Amber", "green": "Green"}
NO_RAG = "No rating"
ROLE_ORDER = {role: i for i, role in enumerate(models.ROLES)}


@dataclass(frozen=True, slots=True)
class Link:
    href: str | None
    """None where the page is not built (draft minutes left out): the text is shown alone."""
    text: str


@dataclass(frozen=True, slots=True)
class ActionEntry:
    """One action with what its page and every table row about it show."""

    view: views.ActionView
    href: str
    label: str
    """The link text: ``pdg-003: Update the work plan…`` (makes sense out of context)."""
    group: Link
    workstream: str | None
    raised: Link | None
    rag_text: str
    rag_manual: bool
    days_overdue: int | None
    days_to_due: int | None
    completed_text: str | None


@dataclass(frozen=True, slots=True)
class MeetingEntry:
    id: str
    href: str
    label: str
    """``Delivery Group meeting of 1 June 2023``: unique, since ids are group and date."""
    date: dt.date
    date_text: str
    group: Link
    status: str
    status_text: str
    actions: tuple[Link, ...]
    approved_at: Link | None


@dataclass(frozen=True, slots=True)
class Counts:
    label: str
    href: str | None
    rag: tuple[int, ...]
    """Red, amber, green, no rating."""
    status: tuple[int, ...]
    """In the order of :data:`trauma_ws.record.models.STATUSES`."""
    total: int


@dataclass(frozen=True, slots=True)
class RecentUpdate:
    action: ActionEntry
    update: views.UpdateView


@dataclass(frozen=True, slots=True)
class MemberRow:
    """One organisation on a group: its roles (its own and its people's) and named people."""

    organisation: str
    roles_text: str
    people: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GroupEntry:
    id: str
    href: str
    name: str
    short_name: str
    purpose: str
    external: bool
    reports_to: tuple[Link, ...]
    reported_by: tuple[Link, ...]
    leads: tuple[Link, ...]
    members: tuple[MemberRow, ...]
    meetings: tuple[MeetingEntry, ...]
    actions: tuple[ActionEntry, ...]
    url: str | None = None
    """The group's own web page, when recorded as an http(s) address."""


@dataclass(frozen=True, slots=True)
class WorkstreamEntry:
    id: str
    anchor: str
    title: str
    aim: str | None
    actions: tuple[ActionEntry, ...]


@dataclass(frozen=True, slots=True)
class ReportRag:
    """One workstream's RAG rating in the latest submitted progress report (the dashboard's
    table of them; see :func:`.site_reports.latest_report_rag`)."""

    workstream: Link
    """The workstream's title, linked to its actions (see :mod:`.site_reports`)."""
    rag: str
    """red, amber or green."""
    rag_text: str
    reason: str
    """Why, in the report's words."""
    trend_text: str | None
    """How it moved since the previous report (``Improved from amber``); None for the first."""


@dataclass(frozen=True, slots=True)
class SiteView:
    actions: tuple[ActionEntry, ...]
    workstreams: tuple[WorkstreamEntry, ...]
    """Actions by workstream, in the workplan's order; a last entry holds any without one."""
    counts: tuple[Counts, ...]
    totals: Counts
    overdue: tuple[ActionEntry, ...]
    due_soon: tuple[ActionEntry, ...]
    recent: tuple[RecentUpdate, ...]
    meetings: tuple[MeetingEntry, ...]
    """Newest first."""
    groups: tuple[GroupEntry, ...]
    statuses: tuple[str, ...]
    """Status words for the dashboard's column headers."""
    report_rag: tuple[ReportRag, ...]
    """The latest submitted report's RAG per workstream: empty when none is submitted."""
    report_rag_from: Link | None
    """That report, linked to its page."""


# --- links ----------------------------------------------------------------------------------------


def action_href(action_id: str) -> str:
    return f"actions/{action_id}.html"


def meeting_href(meeting_id: str) -> str:
    return f"meetings/{meeting_id}.html"


def group_href(group_id: str) -> str:
    return f"groups/{group_id}.html"


def _group_link(programme: Programme, group_id: str) -> Link:
    return Link(group_href(group_id), programme.groups[group_id].name)


def meeting_label(programme: Programme, meeting: models.Meeting) -> str:
    """``Delivery Group meeting of 1 June 2023``."""
    group = views.group_label(programme, meeting.group)
    return f"{group} meeting of {views.date_text(meeting.date)}"


# --- builders -------------------------------------------------------------------------------------


def shown_meetings(programme: Programme, *, include_drafts: bool) -> frozenset[str]:
    """The ids of the meetings whose minutes the site publishes: all but those whose minutes
    are still a draft, unless ``include_drafts``."""
    return frozenset(
        m.id for m in programme.meetings.values() if include_drafts or m.status != "draft"
    )


def _meeting_link(programme: Programme, meeting_id: str, shown: Collection[str]) -> Link:
    """The meeting's label, linked to its minutes when the site publishes them."""
    href = meeting_href(meeting_id) if meeting_id in shown else None
    return Link(href, meeting_label(programme, programme.meetings[meeting_id]))


def _action_entries(
    programme: Programme, rows: Iterable[query.Row], as_of: dt.date, shown: Collection[str]
) -> tuple[ActionEntry, ...]:
    entries = []
    for r in rows:
        a = r.action
        raised = None
        if a.raised and a.raised in programme.meetings:
            raised = _meeting_link(programme, a.raised, shown)
        stream = programme.workstreams.get(a.workstream or "")
        entries.append(
            ActionEntry(
                view=views.action_view(programme, a, audience=AUDIENCE, as_of=as_of),
                href=action_href(a.id),
                label=f"{a.id}: {a.title}",
                group=_group_link(programme, a.group),
                workstream=stream.title if stream else None,
                raised=raised,
                rag_text=RAG_TEXT.get(r.rag or "", NO_RAG),
                rag_manual=r.rag_manual,
                days_overdue=r.days_overdue,
                days_to_due=r.days_to_due,
                completed_text=views.date_text(a.completed) if a.completed else None,
            )
        )
    return tuple(entries)


def _count(label: str, href: str | None, entries: Iterable[ActionEntry]) -> Counts:
    rag = [0, 0, 0, 0]
    status = [0] * len(models.STATUSES)
    total = 0
    for e in entries:
        rag[models.RAGS.index(e.view.rag) if e.view.rag in models.RAGS else 3] += 1
        status[models.STATUSES.index(e.view.status)] += 1
        total += 1
    return Counts(label, href, tuple(rag), tuple(status), total)


def _workstreams(
    programme: Programme, entries: tuple[ActionEntry, ...]
) -> tuple[WorkstreamEntry, ...]:
    by_stream: dict[str | None, list[ActionEntry]] = {}
    for e in entries:
        stream = e.view.workstream if e.view.workstream in programme.workstreams else None
        by_stream.setdefault(stream, []).append(e)
    result = [
        WorkstreamEntry(ws.id, f"ws-{ws.id}", ws.title, ws.aim, tuple(by_stream.get(ws.id, ())))
        for ws in programme.workstreams.values()
    ]
    if by_stream.get(None):
        result.append(
            WorkstreamEntry("", "no-workstream", "No workstream", None, tuple(by_stream[None]))
        )
    return tuple(result)


def _recent(entries: tuple[ActionEntry, ...], as_of: dt.date) -> tuple[RecentUpdate, ...]:
    found = [
        (u.date, e.view.id, i, RecentUpdate(e, u))
        for e in entries
        for i, u in enumerate(e.view.updates)
        if u.date <= as_of
    ]
    found.sort(key=lambda t: (t[0], t[1], t[2]), reverse=True)
    return tuple(t[3] for t in found[:RECENT_UPDATES])


def _meetings(
    programme: Programme, *, as_of: dt.date, shown: Collection[str]
) -> tuple[MeetingEntry, ...]:
    entries = []
    for m in programme.meetings.values():
        if m.id not in shown:
            continue
        approved = None
        if m.approved_at and m.approved_at in programme.meetings:
            approved = _meeting_link(programme, m.approved_at, shown)
        entries.append(
            MeetingEntry(
                id=m.id,
                href=meeting_href(m.id),
                label=meeting_label(programme, m),
                date=m.date,
                date_text=views.date_text(m.date),
                group=_group_link(programme, m.group),
                status=m.status,
                status_text=views.words(m.status),
                actions=tuple(
                    Link(action_href(a), f"{a}: {programme.actions[a].title}")
                    for a in m.actions
                    if a in programme.actions
                ),
                approved_at=approved,
            )
        )
    entries.sort(key=lambda e: (e.date, e.id), reverse=True)
    return tuple(entries)


def _members(programme: Programme, group_id: str, day: dt.date) -> tuple[MemberRow, ...]:
    """The group's members on ``day`` by organisation; people named only when public."""
    roles: dict[str, set[str]] = {}
    people: dict[str, list[str]] = {}
    for member in query.members_on(programme, group_id, day):
        person = programme.people.get(member.id)
        if person is None:
            org = views.party_name(programme, member.id, audience=AUDIENCE)
        else:
            org = programme.name_of(person.organisation)
            if person.public:
                people.setdefault(org, []).append(f"{person.name} ({views.words(member.role)})")
        roles.setdefault(org, set()).add(member.role)
    return tuple(
        MemberRow(
            organisation=org,
            roles_text=views.join_names(
                views.words(r) for r in sorted(roles[org], key=ROLE_ORDER.__getitem__)
            ),
            people=tuple(people.get(org, ())),
        )
        for org in sorted(roles, key=lambda o: (min(ROLE_ORDER[r] for r in roles[o]), o.lower()))
    )


def _groups(
    programme: Programme,
    entries: tuple[ActionEntry, ...],
    meetings: tuple[MeetingEntry, ...],
    as_of: dt.date,
) -> tuple[GroupEntry, ...]:
    actions_of: dict[str, list[ActionEntry]] = {}
    for e in entries:
        actions_of.setdefault(programme.actions[e.view.id].group, []).append(e)
    meetings_of: dict[str, list[MeetingEntry]] = {}
    for m in meetings:
        meetings_of.setdefault(programme.meetings[m.id].group, []).append(m)
    result = []
    for g in programme.groups.values():
        result.append(
            GroupEntry(
                id=g.id,
                href=group_href(g.id),
                name=g.name,
                short_name=g.short_name or g.name,
                purpose=g.purpose,
                external=g.external,
                url=views.contact_view(programme, g.id).group_url,
                reports_to=tuple(
                    _group_link(programme, up) for up in g.reports_to if up in programme.groups
                ),
                reported_by=tuple(
                    _group_link(programme, other.id)
                    for other in programme.groups.values()
                    if g.id in other.reports_to
                ),
                leads=tuple(
                    Link(f"actions/index.html#ws-{ws.id}", f"Actions of the workstream {ws.title}")
                    for ws in programme.workstreams.values()
                    if ws.lead == g.id
                ),
                members=_members(programme, g.id, as_of),
                meetings=tuple(meetings_of.get(g.id, ())),
                actions=tuple(actions_of.get(g.id, ())),
            )
        )
    return tuple(result)


def minutes(programme: Programme, meeting_id: str, *, as_of: dt.date) -> minutes_view.MeetingView:
    """A meeting's public minutes, as its page on the site shows them (built page by page,
    not kept for the whole site)."""
    return minutes_view.meeting_view(programme, meeting_id, audience=AUDIENCE, as_of=as_of)


def site_view(
    programme: Programme,
    *,
    as_of: dt.date,
    include_drafts: bool = False,
    report_rag: tuple[Link | None, tuple[ReportRag, ...]] = (None, ()),
) -> SiteView:
    """Everything the site shows, for the public, worked out on ``as_of``: the meetings whose
    minutes are still a draft only with ``include_drafts`` (their actions always, without a
    link to the meeting); ``report_rag`` is the latest report's link and RAG per workstream
    (:func:`.site_reports.latest_report_rag`)."""
    shown = shown_meetings(programme, include_drafts=include_drafts)
    rows = query.all_rows(programme, as_of)
    entries = _action_entries(programme, rows, as_of, shown)
    streams = _workstreams(programme, entries)
    overdue = sorted(
        (e for e in entries if e.days_overdue is not None),
        key=lambda e: (-(e.days_overdue or 0), e.view.id),
    )
    due_soon = sorted(
        (e for e in entries if e.days_to_due is not None and 0 <= e.days_to_due <= DUE_SOON_DAYS),
        key=lambda e: (e.days_to_due or 0, e.view.id),
    )
    meetings = _meetings(programme, as_of=as_of, shown=shown)
    return SiteView(
        actions=entries,
        workstreams=streams,
        counts=tuple(
            _count(ws.title, f"actions/index.html#{ws.anchor}", ws.actions) for ws in streams
        ),
        totals=_count("All workstreams", None, entries),
        overdue=tuple(overdue),
        due_soon=tuple(due_soon),
        recent=_recent(entries, as_of),
        meetings=meetings,
        groups=_groups(programme, entries, meetings, as_of),
        statuses=tuple(views.words(s) for s in models.STATUSES),
        report_rag=report_rag[1],
        report_rag_from=report_rag[0],
    )
