"""A report record (``data/reports/<body>-<date>.yaml``) as a board paper for one audience: the
sections its author wrote beside those worked out from the records, and its rendering.

The generated sections come from the progress report's machinery over the report's period
(:func:`trauma_ws.publishing.report_view.progress_view`: figures as at the period's end,
actions completed, raised and overdue, updates, what falls due next, meetings held), the
decisions in the minutes of those meetings, the measures, and the risk register. Privacy is
settled before any template runs, as for minutes and progress reports.

The view is a tree of frozen dataclasses holding text, numbers, dates, booleans, None and
tuples (``ProgressView`` and its lines are :mod:`.report_figures`'; the others are
:mod:`.report_record_parts`'), so a renderer for another format walks it as templates do::

    ReportRecordView
      audience, internal, draft            "public" | "internal"; draft: not yet submitted
      id, title, reference, status_text    reference: None when the report has no number
      body_id, body_name, author, date_text, groups_text
      front: ((label, text), ...)          Report to, Report on, Report by, Report no, Date
      start, end, period_text, figures_note
      sections: (SectionView(key, number, title, level), ...)
          in order; key is one of SECTION_KEYS; level 2 (1., 2.) or 3 (4.1, 4.2)
      purpose: (paragraph, ...)
      recommendations_lead: str; recommendations: (text, ...)
      financial_implications, policy_implications, risk_assessment: str | None
      background: (paragraph, ...)
      summary: (paragraph, ...)             the key figures, in words
      workstreams: (WorkstreamView, ...)    RAG, reason, narrative, trend, counts
      achievements, priorities: (text, ...)
      measures: (MeasureView, ...)          latest against target; svg, chart_text, table
      progress: ProgressView                totals, completed, raised, overdue, updates,
                                            upcoming, undated (see report_figures.py)
      meetings: (MeetingDecisionsView, ...) each with items: (DecisionItemView(heading,
                                            decision_groups), ...)
      risks: (RiskView, ...); risks_note: str
      consultations: (text, ...); background_papers: (PaperView, ...)
      previous: PreviousReportView | None
      contact: ContactView
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from trauma_ws.loading.programme import Programme
from trauma_ws.publishing import report_record_parts as parts
from trauma_ws.publishing import views
from trauma_ws.publishing.minutes_view import PaperView
from trauma_ws.publishing.report import minutes_href
from trauma_ws.publishing.report_figures import ProgressView
from trauma_ws.publishing.report_view import progress_view
from trauma_ws.querying import reports
from trauma_ws.record.problems import UsageError
from trauma_ws.record.reports import Report

FORMATS = {"md": "report_record.md.j2", "html": "report_record.html.j2"}
SECTION_KEYS = (
    "purpose",
    "recommendations",
    "financial",
    "main",
    "background",
    "progress",
    "next-steps",
    "policy",
    "risks",
    "consultations",
    "papers",
)
NOTE_THE_REPORT = (
    "Note the content of this report, including the progress to date and the next steps."
)
"""The recommendation when the report makes none of its own: a report for information."""
_WEB = re.compile(r"https?://[^\s<>\"'`\\]+")


@dataclass(frozen=True, slots=True)
class SectionView:
    key: str
    """One of :data:`SECTION_KEYS`: which of the view's fields the section shows."""
    number: str
    """``1``, ``4.2``."""
    title: str
    level: int
    """2 for a numbered section, 3 for a part of the main text."""


@dataclass(frozen=True, slots=True)
class PreviousReportView:
    id: str
    reference: str | None
    date_text: str
    period_text: str


@dataclass(frozen=True, slots=True)
class ReportRecordView:
    audience: str
    internal: bool
    draft: bool
    id: str
    title: str
    reference: str | None
    status: str
    status_text: str
    body_id: str
    body_name: str
    author: str
    date: dt.date
    date_text: str
    groups_text: str
    front: tuple[tuple[str, str], ...]
    start: dt.date
    end: dt.date
    period_text: str
    figures_note: str
    sections: tuple[SectionView, ...]
    purpose: tuple[str, ...]
    recommendations_lead: str
    recommendations: tuple[str, ...]
    financial_implications: str | None
    background: tuple[str, ...]
    summary: tuple[str, ...]
    workstreams: tuple[parts.WorkstreamView, ...]
    achievements: tuple[str, ...]
    measures: tuple[parts.MeasureView, ...]
    progress: ProgressView
    meetings: tuple[parts.MeetingDecisionsView, ...]
    priorities: tuple[str, ...]
    policy_implications: str | None
    risk_assessment: str | None
    risks: tuple[parts.RiskView, ...]
    risks_note: str
    consultations: tuple[str, ...]
    background_papers: tuple[PaperView, ...]
    previous: PreviousReportView | None
    contact: views.ContactView


def _sections(r: Report) -> tuple[SectionView, ...]:
    """The board paper's sections in order, numbered; optional ones only when written."""
    wanted = [
        ("purpose", "Purpose of report", True),
        ("recommendations", "Recommendations", True),
        ("financial", "Financial implications", r.financial_implications is not None),
        ("main", "Main text", True),
        ("policy", "Policy implications", r.policy_implications is not None),
        ("risks", "Risk assessment", True),
        ("consultations", "Consultations", bool(r.consultations)),
        ("papers", "Background papers", bool(r.background_papers)),
    ]
    out: list[SectionView] = []
    number = 0
    for key, title, shown in wanted:
        if not shown:
            continue
        number += 1
        out.append(SectionView(key, str(number), title, 2))
        if key == "main":
            for sub, (part, words) in enumerate(
                (("background", "Background"), ("progress", "Progress update")), 1
            ):
                out.append(SectionView(part, f"{number}.{sub}", words, 3))
            out.append(SectionView("next-steps", f"{number}.3", "Next steps", 3))
    return tuple(out)


def _paragraphs(text: str | None) -> tuple[str, ...]:
    """Written text as paragraphs: a blank line (in a ``|`` block) starts a new one."""
    if not text:
        return ()
    return tuple(" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip())


def report_view(
    programme: Programme,
    report_id: str,
    *,
    as_of: dt.date,
    audience: str,
    minutes_href: str = "minutes/",
) -> ReportRecordView:
    """The report ``report_id`` (or, for a body's id, its latest report) for ``audience``;
    its links to the minutes lead into ``minutes_href`` (a folder, ending in ``/``).

    Raises UsageError for an unknown report or audience, or a period that ends after
    ``as_of``.
    """
    aud = views.check_audience(audience)
    r = reports.find_report(programme, report_id)
    span = reports.period_of(programme, r)
    if span.end > as_of:
        raise UsageError(
            f"report {r.id} covers days to {span.end}, after the as-of date {as_of}: give "
            f"--as-of {span.end} or later"
        )
    progress = progress_view(
        programme,
        as_of=as_of,
        audience=aud,
        body=r.body,
        start=span.start,
        end=span.end,
        minutes_href=minutes_href,
    )
    body_name = progress.body_name or r.body
    info = programme.workplan.programme if programme.workplan else None
    title = r.title or f"{info.name if info else 'Programme'} update"
    author = views.party_name(programme, r.author, audience=aud)
    scope = {row.id for row in progress.workstreams if row.id} | {w.id for w in r.workstreams}
    prev = span.previous
    previous = (
        PreviousReportView(
            id=prev.id,
            reference=prev.reference,
            date_text=views.date_text(prev.date),
            period_text=_period_text(reports.period_of(programme, prev)),
        )
        if prev
        else None
    )
    front = [
        ("Report to", body_name),
        ("Report on", title),
        ("Report by", author),
        *([("Report no", r.reference)] if r.reference else []),
        ("Date", views.date_text(r.date)),
    ]
    held = [programme.meetings[m.id] for m in progress.meetings]  # in date order
    public_note = " marked public" if aud == "public" else ""
    what = f"the work of {progress.groups_text} from {progress.period_text}"
    return ReportRecordView(
        audience=aud,
        internal=aud == "internal",
        draft=r.status == "draft",
        id=r.id,
        title=title,
        reference=r.reference,
        status=r.status,
        status_text=views.words(r.status),
        body_id=r.body,
        body_name=body_name,
        author=author,
        date=r.date,
        date_text=views.date_text(r.date),
        groups_text=progress.groups_text,
        front=tuple(front),
        start=span.start,
        end=span.end,
        period_text=progress.period_text,
        figures_note=f"Figures are as at {progress.end_text}, worked out from the records as "
        f"they stood on {progress.as_of_text}.",
        sections=_sections(r),
        purpose=_paragraphs(r.purpose) or (f"To update the {body_name} on {what}.",),
        recommendations_lead=f"It is recommended that the {body_name}:",
        recommendations=tuple(r.recommendations) or (NOTE_THE_REPORT,),
        financial_implications=r.financial_implications,
        background=_paragraphs(r.background)
        + _background(progress, body_name, previous, span.basis),
        summary=progress.summary,
        workstreams=parts.workstream_views(programme, r, prev, progress.workstreams, body_name),
        achievements=tuple(r.achievements),
        measures=parts.measure_views(
            programme, end=span.end, public=aud == "public", workstreams=scope
        ),
        progress=progress,
        meetings=parts.meeting_decisions(programme, held, audience=aud, href=minutes_href),
        priorities=tuple(r.priorities),
        policy_implications=r.policy_implications,
        risk_assessment=r.risk_assessment,
        risks=parts.risk_views(programme, end=span.end, audience=aud, workstreams=scope),
        risks_note=f"Open risks and issues{public_note} on the register at "
        f"{progress.end_text}, highest score first (likelihood × impact, each 1 to 5).",
        consultations=tuple(r.consultations or ()),
        background_papers=tuple(
            PaperView(
                reference=p.reference,
                title=p.title,
                url=p.url.strip() if p.url and _WEB.fullmatch(p.url.strip()) else None,
            )
            for p in r.background_papers
        ),
        previous=previous,
        contact=progress.contact,
    )


def _period_text(span: reports.ReportPeriod) -> str:
    return f"{views.date_text(span.start)} to {views.date_text(span.end)}"


def _background(
    progress: ProgressView, body_name: str, previous: PreviousReportView | None, basis: str
) -> tuple[str, ...]:
    """Where the report stands: the groups reporting and the period, after the last report."""
    first = (
        f"This report covers the work of {progress.groups_text}, which report to the "
        f"{body_name}, from {progress.period_text}."
    )
    if previous is not None:
        named = f"{previous.reference}, " if previous.reference else ""
        first += (
            f" The previous report to the {body_name} ({named}dated {previous.date_text}) "
            f"covered {previous.period_text}."
        )
        if basis == "previous-report":
            first += " This one carries on from the day after that period ended."
    else:
        first += f" It is the first report to the {body_name} recorded here"
        first += (
            ", and covers the programme from its beginning."
            if (basis == "programme-start")
            else "."
        )
    return (first,)


def render_report(
    programme: Programme,
    report_id: str,
    *,
    root: Path | None,
    as_of: dt.date,
    fmt: str = "html",
    audience: str = "public",
    output: Path | None = None,
) -> str:
    """The report as Markdown or an HTML page (whose body is ``report_record_body.html.j2``).

    Its links to the minutes lead to ``build/minutes/`` from ``output``, the file it is
    written to, as a progress report's do (:func:`.report.minutes_href`)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format `{fmt}`: use {' or '.join(FORMATS)}")
    view = report_view(
        programme,
        report_id,
        as_of=as_of,
        audience=audience,
        minutes_href=minutes_href(root, output),
    )
    from trauma_ws.publishing import render  # Jinja is loaded only when something is rendered

    return render.render(FORMATS[fmt], {"report": view}, root=root)
