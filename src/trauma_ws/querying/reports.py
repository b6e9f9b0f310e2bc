"""Questions over reports to governance bodies: the bodies groups report to, a body's reports
in date order, the report before a date, the period a report covers, when the programme began.

Every function is given the dates it needs; nothing here reads today's date.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from trauma_ws.loading.programme import Programme
from trauma_ws.querying import names
from trauma_ws.record import periods
from trauma_ws.record.problems import UsageError
from trauma_ws.record.reports import Report


def bodies(programme: Programme) -> list[str]:
    """The ids of the groups some group reports to, sorted."""
    return sorted({b for g in programme.groups.values() for b in g.reports_to})


def reporting_groups(programme: Programme, body: str) -> list[str]:
    """The groups whose ``reports_to`` lists ``body``, in data/groups.yaml's order."""
    return [gid for gid, g in programme.groups.items() if body in g.reports_to]


def reports_to(programme: Programme, body: str) -> list[Report]:
    """``body``'s reports, oldest first."""
    return sorted((r for r in programme.reports.values() if r.body == body), key=_when)


def _when(report: Report) -> tuple[dt.date, str]:
    return report.date, report.id


def previous_report(programme: Programme, body: str, before: dt.date) -> Report | None:
    """The latest report to ``body`` dated before ``before``, or None."""
    earlier = [r for r in reports_to(programme, body) if r.date < before]
    return earlier[-1] if earlier else None


def programme_start(programme: Programme) -> dt.date | None:
    """When the programme began, as its records show: the earliest meeting, or the earliest
    date an action records (an update or a completion), whichever comes first; None when the
    records hold no dates."""
    days = [m.date for m in programme.meetings.values()]
    for action in programme.actions.values():
        days += [u.date for u in action.updates]
        if action.completed is not None:
            days.append(action.completed)
    return min(days, default=None)


@dataclass(frozen=True, slots=True)
class ReportPeriod:
    """The period a report covers, and where its first day came from."""

    start: dt.date
    end: dt.date
    basis: str
    """``written`` (``period.from``), ``previous-report`` (the day after the previous report's
    period ended), ``programme-start`` (no earlier report: the day the programme began) or
    ``report-date`` (no earlier report and no dated record: the report's date alone)."""
    previous: Report | None
    """The previous report to the same body, when there is one."""


def end_of(report: Report) -> dt.date:
    """The last day ``report`` covers: ``period.to``, or its date."""
    return report.period.end if report.period and report.period.end else report.date


def period_of(programme: Programme, report: Report) -> ReportPeriod:
    """The period ``report`` covers: as written, else from the day after the previous report
    to the same body ended (or the day the programme began, with none) to the report's date."""
    end = end_of(report)
    previous = previous_report(programme, report.body, report.date)
    if report.period is not None and report.period.start is not None:
        return ReportPeriod(report.period.start, end, "written", previous)
    return next_period(programme, report.body, end, previous)


def next_period(
    programme: Programme, body: str, end: dt.date, previous: Report | None
) -> ReportPeriod:
    """The period of a report to ``body`` ending on ``end`` that follows ``previous``."""
    if previous is not None:
        start = periods.add_days(end_of(previous), 1)
        return ReportPeriod(min(start, end), end, "previous-report", previous)
    began = programme_start(programme)
    if began is not None and began <= end:
        return ReportPeriod(began, end, "programme-start", None)
    return ReportPeriod(end, end, "report-date", None)


def months_before(day: dt.date, months: int) -> dt.date:
    """The day ``months`` calendar months before ``day`` (the month's last day when shorter):
    ``months_before(2023-05-31, 3)`` is 2023-02-28."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    if year < dt.MINYEAR:
        return dt.date.min
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def quarter_before(end: dt.date) -> dt.date:
    """The first day of the three months that end on ``end``: 2023-07-15 gives 2023-04-16."""
    return periods.add_days(months_before(end, 3), 1)


def progress_floor(
    programme: Programme, body: str | None, end: dt.date
) -> tuple[dt.date, Report | None]:
    """The latest day a default progress period to ``end`` may start: the day after the
    previous report to ``body`` ended (its period ending before ``end``), or, with none (or
    no body), a quarter before ``end``; and that previous report."""
    if body is not None:
        earlier = [r for r in reports_to(programme, body) if end_of(r) < end]
        if earlier:
            latest = max(earlier, key=lambda r: (end_of(r), r.date, r.id))
            return periods.add_days(end_of(latest), 1), latest
    return quarter_before(end), None


def find_report(programme: Programme, ident: str) -> Report:
    """The report ``ident``, or, for a body's id, its latest report.

    Raises UsageError naming the nearest report id for an unknown one, or a body with no
    reports.
    """
    if ident not in programme.reports:
        ident = names.resolve(programme, ident, (names.REPORT, names.BODY))
    if ident in programme.reports:
        return programme.reports[ident]
    if ident in bodies(programme):
        theirs = reports_to(programme, ident)
        if theirs:
            return theirs[-1]
        raise UsageError(
            f"no report to `{ident}` is recorded: scaffold one with `tws report new --for {ident}`"
        )
    raise AssertionError("unreachable: resolve() gives a report or a body")  # pragma: no cover
