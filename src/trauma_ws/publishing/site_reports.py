"""The site's reports to governance bodies: the Reports page's list (every submitted report,
newest first), each report's own page as ``tws report render --audience public`` gives it with
its links made the site's, and the dashboard's table of the latest report's RAG per workstream.

Privacy is the report view's (:mod:`.report_record_view`, public audience), and a person who
wrote a report is named only under the publication rule (:func:`views.party_name`). Reports
still in draft are listed only when the site is built with its drafts. Every ``href`` is
relative to the site's top folder, as in :mod:`.site_views`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from trauma_ws.loading.programme import Programme
from trauma_ws.publishing import report_record_parts, report_record_view, site_views, views
from trauma_ws.publishing.site_views import Link, ReportRag
from trauma_ws.querying import reports
from trauma_ws.record.reports import Report

REPORTS_PAGE = "reports.html"


def report_href(report_id: str) -> str:
    return f"reports/{report_id}.html"


def docx_href(report_id: str) -> str:
    return f"reports/{report_id}.docx"


@dataclass(frozen=True, slots=True)
class ReportEntry:
    """One report on the Reports page."""

    id: str
    href: str
    label: str
    """The link text: ``Programme update: report to the Partnership, 31 January 2024``."""
    title: str
    body_name: str
    date: dt.date
    date_text: str
    reference: str | None
    period_text: str
    author: str
    """Named for the public."""
    draft: bool
    ratings_text: str | None
    """The workstreams' RAG ratings counted in words (``1 red, 2 amber and 3 green``); None
    when the report rates none. Reports carry no overall rating of their own."""


def listed(programme: Programme, *, as_of: dt.date, include_drafts: bool) -> list[Report]:
    """The reports the site publishes on ``as_of``, newest first: the submitted ones (and the
    drafts too with ``include_drafts``) dated, and covering days, no later than ``as_of``."""
    chosen = [
        r
        for r in programme.reports.values()
        if (include_drafts or r.status == "submitted")
        and r.date <= as_of
        and reports.end_of(r) <= as_of
    ]
    return sorted(chosen, key=lambda r: (r.date, r.id), reverse=True)


def _body_name(programme: Programme, body: str) -> str:
    group = programme.groups.get(body)
    return group.name if group else body


def _ratings(r: Report) -> str | None:
    counts = [
        (sum(w.rag == rag for w in r.workstreams), rag) for rag in report_record_parts.RAG_ORDER
    ]
    return views.join_names(f"{n} {rag}" for n, rag in counts if n) or None


def entries(programme: Programme, chosen: list[Report]) -> tuple[ReportEntry, ...]:
    """The Reports page's rows for ``chosen`` (see :func:`listed`), in its order."""
    info = programme.workplan.programme if programme.workplan else None
    out = []
    for r in chosen:
        title = r.title or f"{info.name if info else 'Programme'} update"
        body_name = _body_name(programme, r.body)
        span = reports.period_of(programme, r)
        out.append(
            ReportEntry(
                id=r.id,
                href=report_href(r.id),
                label=f"{title}: report to the {body_name}, {views.date_text(r.date)}",
                title=title,
                body_name=body_name,
                date=r.date,
                date_text=views.date_text(r.date),
                reference=r.reference,
                period_text=f"{views.date_text(span.start)} to {views.date_text(span.end)}",
                author=views.party_name(programme, r.author, audience=site_views.AUDIENCE),
                draft=r.status == "draft",
                ratings_text=_ratings(r),
            )
        )
    return tuple(out)


def report_page_view(
    programme: Programme, report_id: str, *, as_of: dt.date, shown: Collection[str]
) -> report_record_view.ReportRecordView:
    """The report for the public, as its page shows it: the minutes of the period's meetings
    linked where the site has them (``shown``: the meetings it publishes), from ``reports/``;
    a meeting whose minutes the site leaves out (a draft) is named without its decisions,
    which are published with its minutes once approved."""
    view = report_record_view.report_view(
        programme, report_id, as_of=as_of, audience=site_views.AUDIENCE
    )
    meetings = tuple(
        dataclasses.replace(m, html_href=f"../{site_views.meeting_href(m.id)}")
        if m.id in shown
        else dataclasses.replace(m, html_href=None, items=())
        for m in view.meetings
    )
    return dataclasses.replace(view, meetings=meetings)


def latest_submitted(programme: Programme, *, as_of: dt.date) -> Report | None:
    """The latest report submitted on or before ``as_of``, to any body (by date, then id)."""
    done = listed(programme, as_of=as_of, include_drafts=False)
    return done[0] if done else None


def latest_report_rag(
    programme: Programme, *, as_of: dt.date
) -> tuple[Link | None, tuple[ReportRag, ...]]:
    """The latest submitted report (linked to its page) and each workstream's RAG in it, with
    its reason and its trend against the previous submitted report to the same body, in the
    workplan's order of workstreams; (None, ()) when no report has been submitted."""
    latest = latest_submitted(programme, as_of=as_of)
    if latest is None:
        return None, ()
    earlier = [
        r
        for r in reports.reports_to(programme, latest.body)
        if r.status == "submitted" and r.date < latest.date
    ]
    body_name = _body_name(programme, latest.body)
    rated = report_record_parts.workstream_views(
        programme, latest, earlier[-1] if earlier else None, (), body_name
    )
    order = {ws: i for i, ws in enumerate(programme.workstreams)}
    rows = tuple(
        ReportRag(
            workstream=Link(f"actions/index.html#ws-{w.id}" if w.id in order else None, w.title),
            rag=w.rag,
            rag_text=w.rag_text,
            reason=w.reason or "",
            trend_text=w.trend_text,
        )
        for w in sorted(rated, key=lambda w: order.get(w.id, len(order)))
    )
    (entry,) = entries(programme, [latest])
    return Link(entry.href, entry.label), rows
