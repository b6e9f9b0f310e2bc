"""A progress report's scope: which groups it covers, and the period it runs over.

The groups are a body's reporting groups, one group, or every group of the programme's own;
the period ends on a given day (default the as-of date) and starts, unless given, on the day
of the groups' last meeting on or before its end. Used by :mod:`report_view`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from trauma_ws.loading.programme import Programme
from trauma_ws.querying import query
from trauma_ws.record import models
from trauma_ws.record.problems import UsageError


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


def period(
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
