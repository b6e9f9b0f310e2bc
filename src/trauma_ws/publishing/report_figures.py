"""A progress report's view data: its types, and its figures as at the end of the period.

Figures describe the position at the end of the period, worked out from the records: an action
raised at a later meeting did not exist yet, and a status changed after the period's end (by an
update or the completion date) is taken back to what it was (:func:`status_on`). Names come
from views.py, which applies privacy once.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from trauma_ws.loading.programme import Programme
from trauma_ws.publishing import views
from trauma_ws.querying import query
from trauma_ws.record import models

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
    html_href: str | None  # minutes/<id>.html, relative to the report, as `make run` lays
    # them out; None where the minutes are not published (the site without its drafts)
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


def action_line(
    programme: Programme, action: models.Action, status: str, day: dt.date, aud: views.Audience
) -> ActionLine:
    """The action as it stood at the end of ``day`` with ``status``, named for ``aud``."""
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


def workstream_counts(
    ident: str | None, title: str, lines: Sequence[ActionLine]
) -> WorkstreamCounts:
    """A row of the progress table for ``lines``: ``ident`` is None for no workstream or a total."""
    status = Counter(line.status for line in lines)
    rag = Counter(line.rag for line in lines)
    return WorkstreamCounts(
        ident, title, status["not-started"], status["in-progress"], status["blocked"],
        status["done"], status["dropped"], len(lines),
        sum(status[s] for s in models.OPEN_STATUSES), rag["red"], rag["amber"], rag["green"],
    )  # fmt: skip


def workstream_rows(
    programme: Programme, lines: Sequence[ActionLine], groups: Sequence[str], everything: bool
) -> tuple[WorkstreamCounts, ...]:
    """Workplan order: those with actions here or led by one of the groups; then the rest."""
    rows = []
    for stream in programme.workstreams.values():
        mine = [line for line in lines if line.workstream == stream.id]
        if mine or everything or stream.lead in groups:
            rows.append(workstream_counts(stream.id, stream.title, mine))
    if loose := [line for line in lines if line.workstream is None]:
        rows.append(workstream_counts(None, NO_WORKSTREAM, loose))
    return tuple(rows)


def ordered(
    lines: Iterable[ActionLine], key: Callable[[ActionLine], Any]
) -> tuple[ActionLine, ...]:
    """``lines`` sorted by ``key``, as a tuple."""
    return tuple(sorted(lines, key=key))
