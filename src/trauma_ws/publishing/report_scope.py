"""A progress report's scope: which groups it covers, and the period it runs over.

The groups are a body's reporting groups, one group, or every group of the programme's own;
the period ends on a given day (default the as-of date) and starts, unless given, on the day
of the groups' last meeting on or before its end, or earlier when that would make it shorter
than the time since the previous report to the body (or, with none, than a quarter). Used by
:mod:`report_view`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from trauma_ws.loading.programme import Programme
from trauma_ws.querying import query, reports
from trauma_ws.record import models
from trauma_ws.record.problems import UsageError
from trauma_ws.record.reports import Report


def groups(programme: Programme, body: str | None, group: str | None) -> list[str]:
    """The groups reported on: ``body``'s reporting groups, ``group``, or all the programme's own.

    Raises UsageError for unknown ids, both ``body`` and ``group``, a body nobody reports to, or
    a programme with no groups of its own.
    """
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


@dataclass(frozen=True, slots=True)
class Period:
    """A progress report's period, and why it starts when it does."""

    start: dt.date
    end: dt.date
    last: list[models.Meeting]
    """The groups' last meetings on or before the end (all held that day)."""
    basis: str
    """``given`` (``--from``); or, by default: ``meeting`` (the groups' last meeting),
    ``updates`` (no meeting: the first update), ``end`` (neither: the end day alone),
    ``previous-report`` (the day after the previous report to the body ended, when that is
    earlier) or ``quarter`` (no such report: three months, when that is earlier)."""
    previous: Report | None
    """The previous report to the body when it set the start."""


def period(
    programme: Programme,
    groups: Sequence[str],
    actions: Sequence[models.Action],
    *,
    as_of: dt.date,
    start: dt.date | None,
    end: dt.date | None,
    body: str | None = None,
) -> Period:
    """The period; by default never shorter than the time since the previous report to
    ``body`` (its period ending before this one's end), or than a quarter with none."""
    end = end or as_of
    if end > as_of:
        raise UsageError(
            f"the period would end on {end}, after the as-of date {as_of}: a progress report "
            "cannot cover days still to come"
        )
    held = [m for m in programme.meetings.values() if m.group in groups and m.date <= end]
    day = max((m.date for m in held), default=None)
    last = [m for m in held if m.date == day]
    basis, previous = "given", None
    if start is None:
        updates = [u.date for a in actions for u in a.updates if u.date <= end]
        first = min(updates, default=None)
        start, basis = (day, "meeting") if day else (first, "updates") if first else (end, "end")
        floor, report = reports.progress_floor(programme, body, end)
        if floor < start:
            start, previous = floor, report
            basis = "previous-report" if report is not None else "quarter"
    if start > end:
        raise UsageError(
            f"the period would start on {start}, after it ends on {end}: check --from and --to"
        )
    return Period(start, end, last, basis, previous)
