"""Progress reports to a governance body: view data for one period and one audience.

Figures describe the position at the end of the period, worked out from the records: an action
raised at a later meeting did not exist yet, and a status changed after the period's end (by an
update or the completion date) is taken back to what it was. Names come from views.py, which
applies privacy once.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from trauma_ws.loading.programme import Programme
from trauma_ws.publishing import views
from trauma_ws.querying import query
from trauma_ws.record import models, periods
from trauma_ws.record.problems import UsageError

FORMATS = {"md": "report.md.j2", "html": "report.html.j2"}
NO_WORKSTREAM = "No workstream"


@dataclass(frozen=True, slots=True)
class WorkstreamCounts:
    """A row of the progress table: actions by status, and the open ones by RAG."""

    id: str | None  # None for "No workstream" and the total
    title: str
    not_started: int
    in_progress: int
    blocked: int
    done: int
    dropped: int
    total: int
    open: int
    red: int
    amber: int
    green: int


@dataclass(frozen=True, slots=True)
class ActionLine:
    """An action as it stood at the end of the period; ``rag`` is None once it is closed."""

    id: str
    title: str
    workstream: str | None
    owners_text: str
    status: str
    status_text: str
    rag: str | None
    due_text: str | None
    due_date: dt.date | None
    completed: dt.date | None
    completed_text: str | None
    raised_text: str | None  # "Delivery Group, 1 June 2023"
    days_overdue: int | None


@dataclass(frozen=True, slots=True)
class UpdateLine:
    action_id: str
    action_title: str
    update: views.UpdateView  # its text as written; its author named for the audience


@dataclass(frozen=True, slots=True)
class MeetingLine:
    id: str
    title: str  # the minutes' title, as `tws minutes render` gives it
    date_text: str
    draft: bool
    html_href: str  # minutes/<id>.html, relative to the report, as `make run` lays them out
    md_href: str


@dataclass(frozen=True, slots=True)
class ProgressView:
    audience: str
    internal: bool
    title: str  # "<body or group name>: progress report"
    owner_name: str
    body: str | None
    body_name: str | None
    groups: tuple[str, ...]
    groups_text: str  # "the Delivery Group and the Advisory Group"
    start: dt.date
    end: dt.date
    start_text: str
    end_text: str
    period_text: str  # "1 June 2023 to 15 July 2023"
    as_of: dt.date
    as_of_text: str
    next_end: dt.date  # the end of the next period, as long as this one
    next_end_text: str
    purpose: tuple[str, ...]  # paragraphs
    summary: tuple[str, ...]  # paragraphs
    workstreams: tuple[WorkstreamCounts, ...]
    total: WorkstreamCounts
    completed: tuple[ActionLine, ...]
    raised: tuple[ActionLine, ...]
    overdue: tuple[ActionLine, ...]  # most overdue first
    updates: tuple[UpdateLine, ...]  # newest first
    upcoming: tuple[ActionLine, ...]  # soonest first
    undated: tuple[ActionLine, ...]  # open actions with no due date
    meetings: tuple[MeetingLine, ...]
    contact: views.ContactView


def count(n: int, noun: str, *, first: bool = False) -> str:
    """``no actions``, ``1 action``, ``3 actions``; ``No``, ``One`` to start a sentence."""
    if n > 1:
        return f"{n} {noun}s"
    word = ("One" if first else "1") if n == 1 else ("No" if first else "no")
    return f"{word} {noun}{'s' * (n == 0)}"


def _was(n: int) -> str:
    return "was" if n == 1 else "were"


# --- an action at the end of the period ----------------------------------------------------------


def status_on(programme: Programme, action: models.Action, day: dt.date) -> str | None:
    """The action's status at the end of ``day``; None when it was raised after ``day``.

    Status changes are those recorded by updates and by the completion date. With none after
    ``day``, the status is today's; otherwise the last change up to ``day``, or not started.
    """
    raised = programme.meetings.get(action.raised or "")
    if raised is not None and raised.date > day:
        return None
    changes: list[tuple[dt.date, str]] = [(u.date, u.status) for u in action.updates if u.status]
    if action.completed is not None:
        changes.append((action.completed, "done"))
    if all(when <= day for when, _ in changes):
        return action.status
    before = [status for when, status in sorted(changes, key=lambda c: c[0]) if when <= day]
    return before[-1] if before else "not-started"


def _line(
    programme: Programme, action: models.Action, status: str, day: dt.date, aud: views.Audience
) -> ActionLine:
    view = views.action_view(programme, action, audience=aud, as_of=day)
    due, is_open = view.due_date, status in models.OPEN_STATUSES
    rag = None
    if is_open:
        as_then = action.model_copy(update={"status": status})
        rag = action.rag or query.derive_rag(as_then, due, day)
    raised = programme.meetings.get(action.raised or "")
    done = action.completed if status == "done" else None
    return ActionLine(
        id=action.id,
        title=action.title,
        workstream=action.workstream,
        owners_text=view.owners_text,
        status=status,
        status_text=views.words(status),
        rag=rag,
        due_text=view.due_text,
        due_date=due,
        completed=done,
        completed_text=views.date_text(done) if done else None,
        raised_text=f"{views.group_label(programme, raised.group)}, {views.date_text(raised.date)}"
        if raised
        else None,
        days_overdue=(day - due).days if is_open and due and due < day else None,
    )


def _counts(ident: str | None, title: str, lines: Sequence[ActionLine]) -> WorkstreamCounts:
    status = Counter(line.status for line in lines)
    rag = Counter(line.rag for line in lines)
    return WorkstreamCounts(
        ident, title, status["not-started"], status["in-progress"], status["blocked"],
        status["done"], status["dropped"], len(lines),
        sum(status[s] for s in models.OPEN_STATUSES), rag["red"], rag["amber"], rag["green"],
    )  # fmt: skip


def _workstreams(
    programme: Programme, lines: Sequence[ActionLine], groups: Sequence[str], everything: bool
) -> tuple[WorkstreamCounts, ...]:
    """Workplan order: those with actions here or led by one of the groups; then the rest."""
    rows = []
    for stream in programme.workstreams.values():
        mine = [line for line in lines if line.workstream == stream.id]
        if mine or everything or stream.lead in groups:
            rows.append(_counts(stream.id, stream.title, mine))
    if loose := [line for line in lines if line.workstream is None]:
        rows.append(_counts(None, NO_WORKSTREAM, loose))
    return tuple(rows)


def _by(lines: Iterable[ActionLine], key: Callable[[ActionLine], Any]) -> tuple[ActionLine, ...]:
    return tuple(sorted(lines, key=key))


# --- which groups, which period ------------------------------------------------------------------


def _groups(programme: Programme, body: str | None, group: str | None) -> list[str]:
    if body is not None and group is not None:
        raise UsageError("give --for BODY or --group GROUP, not both")
    if group is not None:
        query.known("group", group, programme.groups)
        return [group]
    if body is not None:
        query.known("body", body, programme.groups)
        found = [gid for gid, g in programme.groups.items() if body in g.reports_to]
        if not found:
            bodies = sorted({b for g in programme.groups.values() for b in g.reports_to})
            raise UsageError(
                f"no group reports to `{body}`; bodies reported to: "
                f"{', '.join(bodies) or 'none'} (for one group's own report use --group {body})"
            )
        return found
    found = [gid for gid, g in programme.groups.items() if not g.external]
    if not found:
        raise UsageError("the programme has no groups of its own to report on")
    return found


def _period(
    programme: Programme,
    groups: Sequence[str],
    actions: Sequence[models.Action],
    *,
    as_of: dt.date,
    start: dt.date | None,
    end: dt.date | None,
) -> tuple[dt.date, dt.date, list[models.Meeting]]:
    """The period, and the groups' last meetings on or before its end (all held that day)."""
    end = end or as_of
    if end > as_of:
        raise UsageError(
            f"the period would end on {end}, after the as-of date {as_of}: a progress report "
            "cannot cover days still to come"
        )
    held = [m for m in programme.meetings.values() if m.group in groups and m.date <= end]
    day = max((m.date for m in held), default=None)
    last = [m for m in held if m.date == day]
    if start is None:
        updates = [u.date for a in actions for u in a.updates if u.date <= end]
        start = day or min(updates, default=end)
    if start > end:
        raise UsageError(
            f"the period would start on {start}, after it ends on {end}: check --from and --to"
        )
    return start, end, last


# --- the words -----------------------------------------------------------------------------------


def _purpose(
    programme: Programme, view: ProgressView, last: Sequence[models.Meeting], defaulted: bool
) -> tuple[str, ...]:
    """What the report is for (and what a body is asked to do), then how the period runs."""
    first = f"To report on the work of {view.groups_text} from {view.period_text}."
    if view.body_name:
        first = (
            f"To update the {view.body_name} on the work of {view.groups_text} from "
            f"{view.period_text}. The {view.body_name} is asked to note the progress reported"
        )
        if n := len(view.overdue):
            what = "overdue action" if n == 1 else f"{n} overdue actions"
            first += f", in particular the {what} in section 6"
        first += "."
    notes, single = [], len(view.groups) == 1
    if defaulted and last and single:
        notes.append(f"The period starts on {view.start_text}, when the group last met.")
    elif defaulted and last:
        who = views.join_names(
            dict.fromkeys(f"the {views.group_label(programme, m.group)}" for m in last)
        )
        notes.append(
            f"The period starts on {view.start_text}, the date of the groups' most recent meeting, "
            f"held by {who}."
        )
    elif defaulted:
        met = "The group had not met" if single else "None of the groups had met"
        notes.append(
            f"{met} by {view.end_text}, so the period starts with the first update recorded."
            if view.updates
            else f"{met} and no updates had been recorded by {view.end_text}, so the report "
            "covers that day alone."
        )
    if view.end < view.as_of:
        notes.append(
            f"Figures are as at {view.end_text}, worked out from the records as they "
            f"stood on {view.as_of_text}."
        )
    return (first, " ".join(notes)) if notes else (first,)


def _summary(view: ProgressView) -> tuple[str, ...]:
    """Two paragraphs of key numbers: the actions; then RAG ratings, meetings and updates."""
    t, n_overdue, n_raised = view.total, len(view.overdue), len(view.raised)
    first = f"At the end of the period, {view.groups_text} had {count(t.open, 'open action')}"
    if t.open:
        parts = [(t.not_started, "not started"), (t.in_progress, "in progress")]
        parts.append((t.blocked, "blocked"))
        first += f" ({views.join_names(f'{n} {what}' for n, what in parts if n)})"
        if n_overdue == t.open == 1:
            first += ", which was overdue"
        elif n_overdue:
            first += f", of which {n_overdue} {_was(n_overdue)} overdue"
        else:
            first += ", none of them overdue" if t.open > 1 else ", which was not overdue"
    n_done = len(view.completed)
    first += (
        f". {count(n_done, 'action', first=True)} {_was(n_done)} completed in the period, and "
        f"{n_raised or 'none'} {_was(n_raised)} raised."
    )
    second = (
        f"RAG ratings of the open actions: {t.red} red, {t.amber} amber and {t.green} green. "
        if t.open
        else ""
    )
    second += (
        f"{'The group' if len(view.groups) == 1 else 'The groups'} held "
        f"{count(len(view.meetings), 'meeting')} and recorded "
        f"{count(len(view.updates), 'progress update')} in the period."
    )
    return (first, second)


# --- the view ------------------------------------------------------------------------------------


def progress_view(
    programme: Programme,
    *,
    as_of: dt.date,
    audience: str,
    body: str | None = None,
    group: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> ProgressView:
    """The progress report of ``body``'s reporting groups, of one ``group``, or of every group.

    The period ends on ``end`` (default ``as_of``) and starts on ``start`` (default: the day
    of the groups' last meeting on or before the end). Raises UsageError for unknown ids, both
    ``body`` and ``group``, a body nobody reports to, or a period that runs backwards or ends
    after ``as_of``.
    """
    aud = views.check_audience(audience)
    groups = _groups(programme, body, group)
    actions = sorted(
        (a for a in programme.actions.values() if a.group in groups), key=lambda a: a.id
    )
    defaulted = start is None
    start, end, last = _period(programme, groups, actions, as_of=as_of, start=start, end=end)
    next_end = periods.add_days(end, (end - start).days + 1)
    lines = [
        _line(programme, a, status, end, aud)
        for a in actions
        if (status := status_on(programme, a, end)) is not None
    ]
    open_ = [ln for ln in lines if ln.status in models.OPEN_STATUSES]
    raised_on = {
        a.id: programme.meetings[a.raised].date
        for a in actions
        if a.raised in programme.meetings and start <= programme.meetings[a.raised].date <= end
    }
    updates = [
        UpdateLine(a.id, a.title, u)
        for a in actions
        for u in reversed(views.action_view(programme, a, audience=aud, as_of=end).updates)
        if start <= u.date <= end
    ]
    held = sorted(
        (m for m in programme.meetings.values() if m.group in groups and start <= m.date <= end),
        key=lambda m: (m.date, m.id),
    )
    info = programme.workplan.programme if programme.workplan else None
    subject = programme.groups[body or groups[0]].name if body or group else None
    view = ProgressView(
        audience=aud,
        internal=aud == "internal",
        title=f"{subject or (info.name if info else 'Programme')}: progress report",
        owner_name=programme.name_of(info.owner) if info else "",
        body=body,
        body_name=subject if body else None,
        groups=tuple(groups),
        groups_text=views.join_names(f"the {views.group_label(programme, g)}" for g in groups),
        start=start,
        end=end,
        start_text=views.date_text(start),
        end_text=views.date_text(end),
        period_text=f"{views.date_text(start)} to {views.date_text(end)}",
        as_of=as_of,
        as_of_text=views.date_text(as_of),
        next_end=next_end,
        next_end_text=views.date_text(next_end),
        purpose=(),
        summary=(),
        workstreams=_workstreams(programme, lines, groups, everything=subject is None),
        total=_counts(None, "Total", lines),
        completed=_by(
            (ln for ln in lines if ln.completed and start <= ln.completed <= end),
            lambda ln: (ln.completed, ln.id),
        ),
        raised=_by(
            (ln for ln in lines if ln.id in raised_on), lambda ln: (raised_on[ln.id], ln.id)
        ),
        overdue=_by(
            (ln for ln in open_ if ln.days_overdue is not None),
            lambda ln: (-(ln.days_overdue or 0), ln.id),
        ),
        # Newest first; within a day by action id, the later entry first (the sort is stable).
        updates=tuple(sorted(updates, key=lambda u: u.update.date, reverse=True)),
        upcoming=_by(
            (ln for ln in open_ if ln.due_date and end <= ln.due_date <= next_end),
            lambda ln: (ln.due_date, ln.id),
        ),
        undated=tuple(ln for ln in open_ if ln.due_date is None),
        meetings=tuple(
            MeetingLine(
                id=m.id,
                title=f"{programme.groups[m.group].name} minutes: {views.month_text(m.date)}",
                date_text=views.date_text(m.date),
                draft=m.status == "draft",
                html_href=f"minutes/{m.id}.html",
                md_href=f"minutes/{m.id}.md",
            )
            for m in held
        ),
        contact=views.contact_view(programme, groups[0]),
    )
    return replace(view, purpose=_purpose(programme, view, last, defaulted), summary=_summary(view))


def render_progress(
    programme: Programme,
    *,
    root: Path | None,
    as_of: dt.date,
    fmt: str = "html",
    audience: str = "public",
    body: str | None = None,
    group: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> str:
    """The report as Markdown or an HTML page (whose body is ``report_body.html.j2``)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format `{fmt}`: use {' or '.join(FORMATS)}")
    view = progress_view(
        programme, as_of=as_of, audience=audience, body=body, group=group, start=start, end=end
    )
    from trauma_ws.publishing import render  # Jinja is loaded only when something is rendered

    return render.render(FORMATS[fmt], {"report": view}, root=root)
