"""A progress report's view data for one period and one audience, put together.

:func:`progress_view` finds the scope (``report_scope.py``), works out each action as it stood
at the end of the period (``report_figures.py``), sorts the report's sections, and writes its
purpose and summary (``report_words.py``). Rendering is in ``report.py``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from trauma_ws.loading.programme import Programme
from trauma_ws.publishing import report_figures, report_scope, report_words, views
from trauma_ws.querying import names
from trauma_ws.record import models, periods


def progress_view(
    programme: Programme,
    *,
    as_of: dt.date,
    audience: str,
    body: str | None = None,
    group: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    minutes_href: str = "minutes/",
) -> report_figures.ProgressView:
    """The progress report of ``body``'s reporting groups, of one ``group``, or of every group.

    The period ends on ``end`` (default ``as_of``) and starts on ``start`` (default: the day
    of the groups' last meeting on or before the end, or earlier, so that the period is never
    shorter than the time since the previous report to ``body``, or than a quarter when there
    is none). The meetings held link to their minutes at ``minutes_href`` + ``<id>.html`` (or
    ``.md``): the folder of rendered minutes as seen from where the report is written. Raises
    UsageError for unknown ids, both ``body`` and ``group``, a body nobody
    reports to, or a period that runs backwards or ends after ``as_of``.
    """
    aud = views.check_audience(audience)
    # Names, short names and abbreviations are taken; the rest works with ids.
    if body is not None and group is None:
        body = names.resolve(programme, body, (names.BODY, names.GROUP), role="body reported to")
    if group is not None and body is None:
        group = names.resolve(programme, group, (names.GROUP,))
    groups = report_scope.groups(programme, body, group)
    actions = sorted(
        (a for a in programme.actions.values() if a.group in groups), key=lambda a: a.id
    )
    scope = report_scope.period(
        programme, groups, actions, as_of=as_of, start=start, end=end, body=body
    )
    start, end = scope.start, scope.end
    next_end = periods.add_days(end, (end - start).days + 1)
    lines = [
        report_figures.action_line(programme, a, status, end, aud)
        for a in actions
        if (status := report_figures.status_on(programme, a, end)) is not None
    ]
    open_ = [ln for ln in lines if ln.status in models.OPEN_STATUSES]
    raised_on = {
        a.id: programme.meetings[a.raised].date
        for a in actions
        if a.raised in programme.meetings and start <= programme.meetings[a.raised].date <= end
    }
    updates = [
        report_figures.UpdateLine(a.id, a.title, u)
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
    view = report_figures.ProgressView(
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
        workstreams=report_figures.workstream_rows(
            programme, lines, groups, everything=subject is None
        ),
        total=report_figures.workstream_counts(None, "Total", lines),
        completed=report_figures.ordered(
            (ln for ln in lines if ln.completed and start <= ln.completed <= end),
            lambda ln: (ln.completed, ln.id),
        ),
        raised=report_figures.ordered(
            (ln for ln in lines if ln.id in raised_on), lambda ln: (raised_on[ln.id], ln.id)
        ),
        overdue=report_figures.ordered(
            (ln for ln in open_ if ln.days_overdue is not None),
            lambda ln: (-(ln.days_overdue or 0), ln.id),
        ),
        # Newest first; within a day by action id, the later entry first (the sort is stable).
        updates=tuple(sorted(updates, key=lambda u: u.update.date, reverse=True)),
        upcoming=report_figures.ordered(
            (ln for ln in open_ if ln.due_date and end <= ln.due_date <= next_end),
            lambda ln: (ln.due_date, ln.id),
        ),
        undated=tuple(ln for ln in open_ if ln.due_date is None),
        meetings=tuple(
            report_figures.MeetingLine(
                id=m.id,
                title=f"{programme.groups[m.group].name} minutes: {views.month_text(m.date)}",
                date_text=views.date_text(m.date),
                draft=m.status == "draft",
                html_href=f"{minutes_href}{m.id}.html",
                md_href=f"{minutes_href}{m.id}.md",
            )
            for m in held
        ),
        contact=views.contact_view(programme, groups[0]),
    )
    return replace(
        view,
        purpose=report_words.purpose(programme, view, scope),
        summary=report_words.summary(view),
    )
