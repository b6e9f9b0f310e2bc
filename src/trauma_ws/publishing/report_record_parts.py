"""Parts of a report record's view: each workstream's RAG with its trend against the previous
report, the RAG a workstream's actions suggest, the measures as at the period's end (figure,
target, chart and table), the risks for the audience, and the decisions of the period's
meetings in the body's words.

:mod:`trauma_ws.publishing.report_record_view` puts them together; privacy comes from
:mod:`trauma_ws.publishing.views` (names), :mod:`.minutes_view` (decisions) and the records'
own ``public`` flags (risks and measures).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from trauma_ws.loading.programme import Programme
from trauma_ws.publishing import charts, views
from trauma_ws.publishing.minutes_decisions import DecisionGroupView
from trauma_ws.publishing.minutes_view import meeting_view
from trauma_ws.publishing.report_figures import ActionLine, WorkstreamCounts
from trauma_ws.querying import registers
from trauma_ws.record import models
from trauma_ws.record.reports import Report

RAG_ORDER = {"red": 0, "amber": 1, "green": 2}
"""Worst first: a higher number is a better rating."""
TREND_SYMBOLS = {"up": "↑", "down": "↓", "same": "→", "new": "★"}


# --- the shapes templates see --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WorkstreamView:
    id: str
    title: str
    aim: str | None
    rag: str
    """``red``, ``amber`` or ``green``."""
    rag_text: str
    """``Red``, ``Amber``, ``Green``."""
    reason: str | None
    narrative: str | None
    previous_rag: str | None
    """The rating the previous report to the body gave it; None when it gave none."""
    trend: str
    """``up`` (better than at the previous report), ``down`` (worse), ``same`` or ``new``."""
    trend_symbol: str
    """↑, ↓, → or ★: always shown beside ``trend_text``, never alone."""
    trend_text: str
    """``Improved from amber``, ``Worse than green``, ``No change (amber)``, ``New: …``."""
    counts: WorkstreamCounts | None
    """The workstream's actions at the end of the period, by status and RAG."""


@dataclass(frozen=True, slots=True)
class MeasureView:
    id: str
    title: str
    unit: str
    latest_text: str | None
    """``200 social workers``; None without a figure by the period's end."""
    latest_date_text: str | None
    source: str | None
    target_text: str | None
    """``500 social workers by 31 December 2025``."""
    status: str | None
    """``met``, ``on track`` or ``behind``; None without a target."""
    description: str | None
    chart_text: str
    """The chart in words (its text alternative)."""
    svg: str
    """The chart, an SVG element with every record text escaped (safe to place in HTML)."""
    table: charts.MeasureTable


@dataclass(frozen=True, slots=True)
class RiskView:
    id: str
    title: str
    kind: str
    """``risk`` or ``issue``."""
    owner: str
    """Named for the audience."""
    workstream: str | None
    """The workstream's title."""
    likelihood: int
    impact: int
    score: int
    level: str
    """``low``, ``medium``, ``high`` or ``very high``."""
    status: str
    response: str
    review_text: str | None
    latest_update: str | None
    """The text of its latest update by the period's end."""


@dataclass(frozen=True, slots=True)
class DecisionItemView:
    heading: str
    decision_groups: tuple[DecisionGroupView, ...]


@dataclass(frozen=True, slots=True)
class MeetingDecisionsView:
    id: str
    title: str
    group_name: str
    date_text: str
    draft: bool
    html_href: str | None
    """``minutes/<id>.html``; None where the minutes are not published (the site without
    its drafts), and the title is then not a link."""
    md_href: str
    items: tuple[DecisionItemView, ...]
    """The items with decisions (for the audience), in order."""


@dataclass(frozen=True, slots=True)
class RagSuggestion:
    rag: str
    why: str
    """In words: which actions set it."""
    from_actions: bool = True
    """False when the workstream has no actions recorded: nothing in the records rates it."""


# --- workstreams ---------------------------------------------------------------------------------


def trend(rag: str, previous: str | None, has_previous: bool, body_name: str) -> tuple[str, str]:
    """A RAG's trend against the previous report's: (``up``/``down``/``same``/``new``, words)."""
    if previous is None:
        if has_previous:
            return "new", "New: not rated in the previous report"
        return "new", f"New: the first rating reported to the {body_name}"
    if RAG_ORDER[rag] > RAG_ORDER[previous]:
        return "up", f"Improved from {previous}"
    if RAG_ORDER[rag] < RAG_ORDER[previous]:
        return "down", f"Worse than {previous}"
    return "same", f"No change ({previous})"


def workstream_views(
    programme: Programme,
    report: Report,
    previous: Report | None,
    rows: Sequence[WorkstreamCounts],
    body_name: str,
) -> tuple[WorkstreamView, ...]:
    """The report's workstreams, in its order, each with its trend and its action counts."""
    before = {w.id: w.rag for w in previous.workstreams} if previous else {}
    counts = {row.id: row for row in rows if row.id is not None}
    out = []
    for w in report.workstreams:
        stream = programme.workstreams.get(w.id)
        way, words = trend(w.rag, before.get(w.id), previous is not None, body_name)
        out.append(
            WorkstreamView(
                id=w.id,
                title=stream.title if stream else w.id,
                aim=stream.aim if stream else None,
                rag=w.rag,
                rag_text=w.rag.capitalize(),
                reason=w.reason,
                narrative=w.narrative,
                previous_rag=before.get(w.id),
                trend=way,
                trend_symbol=TREND_SYMBOLS[way],
                trend_text=words,
                counts=counts.get(w.id),
            )
        )
    return tuple(out)


def suggest_rag(lines: Sequence[ActionLine], workstream: str) -> RagSuggestion:
    """The RAG a workstream's actions suggest at the end of a period: the worst among its open
    actions then (each as ``tws report progress`` rates it), or green when none is open."""
    mine = [ln for ln in lines if ln.workstream == workstream]
    rated = [ln for ln in mine if ln.rag is not None and ln.status in models.OPEN_STATUSES]
    if not rated:
        done = sum(ln.status == "done" for ln in mine)
        if not mine:
            return RagSuggestion(
                "green", "no actions recorded: green until actions say otherwise", False
            )
        return RagSuggestion("green", f"no open actions ({done} done): green")
    worst = min(rated, key=lambda ln: (RAG_ORDER[ln.rag or "green"], ln.id))
    same = [ln.id for ln in rated if ln.rag == worst.rag]
    listed = ", ".join(same[:4]) + (", …" if len(same) > 4 else "")
    return RagSuggestion(
        worst.rag or "green",
        f"worst of {len(rated)} open action{'s' * (len(rated) != 1)}: {worst.rag} ({listed})",
    )


# --- measures and risks --------------------------------------------------------------------------


def measure_views(
    programme: Programme, *, end: dt.date, public: bool, workstreams: Collection[str]
) -> tuple[MeasureView, ...]:
    """The measures of ``workstreams`` (and those with none) as at ``end``: public ones only
    when ``public``."""
    out = []
    for row in registers.select_measures(programme, as_of=end, public_only=public):
        m = row.measure
        if m.workstream is not None and m.workstream not in workstreams:
            continue
        latest = row.latest
        n = charts.number_text
        out.append(
            MeasureView(
                id=m.id,
                title=m.title,
                unit=m.unit,
                latest_text=f"{n(latest.value)} {m.unit}" if latest else None,
                latest_date_text=views.date_text(latest.date) if latest else None,
                source=latest.source if latest else None,
                target_text=f"{n(m.target.value)} {m.unit} by {views.date_text(m.target.date)}"
                if m.target
                else None,
                status=row.status,
                description=m.description,
                chart_text=charts.describe(m, as_of=end),
                # charts escapes every record text in the SVG, so it may go into HTML as is.
                svg=Markup(charts.measure_svg(m, as_of=end)),
                table=charts.measure_table(m, as_of=end),
            )
        )
    return tuple(out)


def risk_views(
    programme: Programme,
    *,
    end: dt.date,
    audience: views.Audience,
    workstreams: Collection[str],
) -> tuple[RiskView, ...]:
    """Live risks and issues raised by ``end``, highest score first: those of ``workstreams``
    and those with none; public ones only for the public audience."""
    rows = registers.select_risks(
        programme,
        as_of=end,
        statuses=("open", "monitoring"),
        public_only=audience == "public",
    )
    out = []
    for row in rows:
        r = row.risk
        if r.raised > end or (r.workstream is not None and r.workstream not in workstreams):
            continue
        stream = programme.workstreams.get(r.workstream or "")
        updates = [u for u in r.updates if u.date <= end]
        out.append(
            RiskView(
                id=r.id,
                title=r.title,
                kind=r.kind,
                owner=views.party_name(programme, r.owner, audience=audience),
                workstream=stream.title if stream else None,
                likelihood=r.likelihood,
                impact=r.impact,
                score=row.score,
                level=registers.level(row.score),
                status=r.status,
                response=r.response,
                review_text=views.date_text(r.review) if r.review else None,
                latest_update=updates[-1].text if updates else None,
            )
        )
    return tuple(out)


# --- meetings and their decisions -----------------------------------------------------------------


def meeting_decisions(
    programme: Programme,
    meetings: Sequence[models.Meeting],
    *,
    audience: views.Audience,
    href: str = "minutes/",
) -> tuple[MeetingDecisionsView, ...]:
    """The meetings, each with the decisions its minutes record for ``audience`` (internal
    decisions only internally), grouped in the body's words as the minutes group them; each
    linked to its minutes in the folder ``href``."""
    out = []
    for m in meetings:
        minutes = meeting_view(programme, m.id, audience=audience, as_of=m.date)
        out.append(
            MeetingDecisionsView(
                id=m.id,
                title=minutes.title,
                group_name=minutes.group_name,
                date_text=minutes.date_text,
                draft=m.status == "draft",
                html_href=f"{href}{m.id}.html",
                md_href=f"{href}{m.id}.md",
                items=tuple(
                    DecisionItemView(item.heading, item.decision_groups)
                    for item in minutes.items
                    if item.decision_groups
                ),
            )
        )
    return tuple(out)
