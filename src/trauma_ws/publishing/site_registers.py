"""Read-only data for the site's registers: the "Risks and issues" page, the "Measures" page
and the dashboard's latest figures, for the public.

Only risks and measures marked public are taken (``public_only`` in
:mod:`trauma_ws.querying.registers`); owners and update authors are named as
:mod:`trauma_ws.publishing.register_views` names them for the public (a person who has not
agreed to be named shows as their organisation). Every ``href`` is relative to the site's top
folder, as in :mod:`trauma_ws.publishing.site_views`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from trauma_ws.loading.programme import Programme
from trauma_ws.publishing import charts, register_views, views
from trauma_ws.publishing.site_views import AUDIENCE, Link, action_href
from trauma_ws.querying.registers import MeasureRow, select_measures, select_risks
from trauma_ws.record import registers

RISKS_PAGE = "risks.html"
MEASURES_PAGE = "measures.html"
STATUS_TEXT = {"met": "Met", "on track": "On track", "behind": "Behind"}
NO_STATUS = "No target"
UNKNOWN = "Not known yet"
"""A target, but no figure yet (or one figure and no baseline to measure progress from)."""


@dataclass(frozen=True, slots=True)
class RiskUpdateEntry:
    date_text: str
    by: str
    text: str


@dataclass(frozen=True, slots=True)
class RiskEntry:
    """One public risk or issue as its section and its row in the summary show it."""

    id: str
    anchor: str
    href: str
    label: str
    """``del-capacity: Workforce pressures limit…``: makes sense out of context."""
    title: str
    kind: str
    kind_text: str
    score: int
    likelihood: int
    impact: int
    level: str
    owner: str
    """The owner as the public may see them."""
    workstream: str | None
    status: str
    status_text: str
    live: bool
    """Open or monitoring: still on the register's watch."""
    response: str
    description: str | None
    raised_text: str
    review_text: str | None
    review_overdue: bool
    actions: tuple[Link, ...]
    """The actions that mitigate it, each linked to its page."""
    updates: tuple[RiskUpdateEntry, ...]


@dataclass(frozen=True, slots=True)
class MeasureEntry:
    """One public measure as its section on the measures page and its dashboard row show it."""

    id: str
    anchor: str
    href: str
    title: str
    unit: str
    direction_text: str
    workstream: str | None
    description: str | None
    latest_text: str | None
    """``200.5 people``; None before the first figure."""
    latest_date_text: str | None
    source: str | None
    target_text: str | None
    """``500 people by 31 March 2024``."""
    baseline_text: str | None
    status: str | None
    """met, on track or behind; None without a target or a figure."""
    status_text: str
    svg: Markup
    """The chart, drawn by :func:`trauma_ws.publishing.charts.measure_svg` (its record text
    escaped there), with its own ``<title>`` and ``<desc>``."""
    alt: str
    """The chart in words (its ``<desc>``), shown beside it as well."""
    table: charts.MeasureTable


@dataclass(frozen=True, slots=True)
class RegistersView:
    risks: tuple[RiskEntry, ...]
    """Public risks and issues: open and monitored first, then closed; each highest score
    first, then by id."""
    measures: tuple[MeasureEntry, ...]
    """Public measures, by id."""

    @property
    def live_risks(self) -> tuple[RiskEntry, ...]:
        return tuple(r for r in self.risks if r.live)

    @property
    def closed_risks(self) -> tuple[RiskEntry, ...]:
        return tuple(r for r in self.risks if not r.live)


def _workstream(programme: Programme, ident: str | None) -> str | None:
    stream = programme.workstreams.get(ident or "")
    return stream.title if stream else None


def _risks(programme: Programme, as_of: dt.date) -> tuple[RiskEntry, ...]:
    entries = []
    for row in select_risks(programme, as_of=as_of, public_only=True):
        risk = row.risk
        detail = register_views.risk_detail(programme, risk, audience=AUDIENCE, as_of=as_of)
        entries.append(
            RiskEntry(
                id=risk.id,
                anchor=f"risk-{risk.id}",
                href=f"{RISKS_PAGE}#risk-{risk.id}",
                label=f"{risk.id}: {risk.title}",
                title=risk.title,
                kind=risk.kind,
                kind_text=risk.kind.capitalize(),
                score=row.score,
                likelihood=risk.likelihood,
                impact=risk.impact,
                level=detail["level"],
                owner=detail["owner_name"],
                workstream=_workstream(programme, risk.workstream),
                status=risk.status,
                status_text=risk.status.capitalize(),
                live=risk.status in registers.LIVE_RISK_STATUSES,
                response=risk.response,
                description=risk.description,
                raised_text=views.date_text(risk.raised),
                review_text=views.date_text(risk.review) if risk.review else None,
                review_overdue=row.review_overdue,
                actions=tuple(
                    Link(action_href(a), f"{a}: {programme.actions[a].title}")
                    for a in risk.actions
                    if a in programme.actions
                ),
                updates=tuple(
                    RiskUpdateEntry(views.date_text(u.date), shown["by_name"], u.text)
                    for u, shown in zip(risk.updates, detail["updates"], strict=True)
                ),
            )
        )
    entries.sort(key=lambda e: not e.live)  # stable: highest score first within each
    return tuple(entries)


def _figure(value: float, unit: str) -> str:
    return f"{charts.number_text(value)} {unit}"


def _measure(programme: Programme, row: MeasureRow, as_of: dt.date) -> MeasureEntry:
    m, latest = row.measure, row.latest
    return MeasureEntry(
        id=m.id,
        anchor=f"measure-{m.id}",
        href=f"{MEASURES_PAGE}#measure-{m.id}",
        title=m.title,
        unit=m.unit,
        direction_text="Higher is better" if m.direction == "up" else "Lower is better",
        workstream=_workstream(programme, m.workstream),
        description=m.description,
        latest_text=_figure(latest.value, m.unit) if latest else None,
        latest_date_text=views.date_text(latest.date) if latest else None,
        source=latest.source if latest else None,
        target_text=(
            f"{_figure(m.target.value, m.unit)} by {views.date_text(m.target.date)}"
            if m.target
            else None
        ),
        baseline_text=(
            f"{_figure(m.baseline.value, m.unit)} on {views.date_text(m.baseline.date)}"
            if m.baseline
            else None
        ),
        status=row.status,
        status_text=STATUS_TEXT.get(row.status or "", NO_STATUS if m.target is None else UNKNOWN),
        svg=Markup(charts.measure_svg(m, as_of=as_of)),
        alt=charts.describe(m, as_of=as_of),
        table=charts.measure_table(m, as_of=as_of),
    )


def registers_view(programme: Programme, *, as_of: dt.date) -> RegistersView:
    """The public risks and measures as they stood on ``as_of``."""
    return RegistersView(
        risks=_risks(programme, as_of),
        measures=tuple(
            _measure(programme, row, as_of)
            for row in select_measures(programme, as_of=as_of, public_only=True)
        ),
    )
