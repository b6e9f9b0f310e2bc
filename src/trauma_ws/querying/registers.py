"""Questions over the registers: risks by owner, workstream, status and kind, ranked by score;
each measure's latest figure against its target (met, on track, behind).

Every function is given ``as_of``; nothing here reads today's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from trauma_ws.loading.programme import Programme
from trauma_ws.querying import names
from trauma_ws.querying.query import known, owner_routes
from trauma_ws.record import registers
from trauma_ws.record.registers import Measure, Point, Risk, Value

# --- risks --------------------------------------------------------------------------------------

LEVELS: tuple[tuple[int, str], ...] = ((20, "very high"), (10, "high"), (5, "medium"), (1, "low"))
"""A score's level: the highest band whose floor it reaches (20–25, 10–16, 5–9, 1–4)."""


def level(score: int) -> str:
    """``score``'s level on the 5 × 5 grid: low, medium, high or very high."""
    return next((name for floor, name in LEVELS if score >= floor), "low")


@dataclass(frozen=True, slots=True)
class RiskRow:
    """One risk with what a query derives from it on the as-of date."""

    risk: Risk
    days_to_review: int | None
    via: tuple[str, ...] = field(default=())

    @property
    def id(self) -> str:
        return self.risk.id

    @property
    def score(self) -> int:
        return self.risk.product

    @property
    def review_overdue(self) -> bool:
        return (
            self.risk.status in registers.LIVE_RISK_STATUSES
            and self.days_to_review is not None
            and self.days_to_review < 0
        )

    def to_dict(self) -> dict[str, Any]:
        """The stable json/csv shape of a risk (documented in docs/queries.md)."""
        r = self.risk
        return {
            "id": r.id,
            "title": r.title,
            "kind": r.kind,
            "owner": r.owner,
            "workstream": r.workstream,
            "likelihood": r.likelihood,
            "impact": r.impact,
            "score": self.score,
            "level": level(self.score),
            "status": r.status,
            "raised": r.raised.isoformat(),
            "review": r.review.isoformat() if r.review else None,
            "days_to_review": self.days_to_review,
            "review_overdue": self.review_overdue,
            "last_update": r.updates[-1].date.isoformat() if r.updates else None,
            "actions": list(r.actions),
            "public": r.public,
            "via": list(self.via),
        }


def risk_row(risk: Risk, as_of: dt.date, via: tuple[str, ...] = ()) -> RiskRow:
    to_review = (risk.review - as_of).days if risk.review is not None else None
    return RiskRow(risk, to_review, via)


def select_risks(
    programme: Programme,
    *,
    as_of: dt.date,
    owner: str | None = None,
    workstream: str | None = None,
    statuses: Sequence[str] = (),
    kinds: Sequence[str] = (),
    public_only: bool = False,
) -> list[RiskRow]:
    """Risks matching every filter given, highest score first (then by id).

    ``owner`` finds, as ``tws actions list --owner`` does, the risks an organisation answers
    for through its people and the groups it belongs to on ``as_of`` (the route is the row's
    ``via``). ``public_only`` keeps risks marked ``public: true``. Raises UsageError, naming
    the nearest, for an unknown owner, workstream, status or kind.
    """
    if owner is not None:
        owner = names.resolve(programme, owner, names.PARTIES, role="owner")
    if workstream is not None:
        workstream = names.resolve(programme, workstream, (names.WORKSTREAM,))
    for status in statuses:
        known("status", status, registers.RISK_STATUSES)
    for kind in kinds:
        known("kind", kind, registers.RISK_KINDS)
    routes = owner_routes(programme, owner, as_of) if owner is not None else {}
    rows = []
    for risk in programme.risks.values():
        if public_only and not risk.public:
            continue
        if statuses and risk.status not in statuses:
            continue
        if kinds and risk.kind not in kinds:
            continue
        if workstream is not None and risk.workstream != workstream:
            continue
        if owner is not None and risk.owner not in routes:
            continue
        rows.append(risk_row(risk, as_of, routes.get(risk.owner, ())))
    return sorted(rows, key=lambda r: (-r.score, r.id))


# --- measures -----------------------------------------------------------------------------------

MET, ON_TRACK, BEHIND = "met", "on track", "behind"


@dataclass(frozen=True, slots=True)
class MeasureRow:
    """One measure on the as-of date: its latest figure by then, and how that stands."""

    measure: Measure
    latest: Value | None
    expected: float | None
    """Where the line from the start to the target says it should be on the latest's date."""
    status: str | None
    """met, on track or behind; None without a target or a figure."""

    @property
    def id(self) -> str:
        return self.measure.id

    def to_dict(self) -> dict[str, Any]:
        """The stable json/csv shape of a measure (documented in docs/queries.md)."""
        m, latest = self.measure, self.latest
        return {
            "id": m.id,
            "title": m.title,
            "unit": m.unit,
            "direction": m.direction,
            "workstream": m.workstream,
            "latest": latest.value if latest else None,
            "latest_date": latest.date.isoformat() if latest else None,
            "source": latest.source if latest else None,
            "baseline": m.baseline.value if m.baseline else None,
            "baseline_date": m.baseline.date.isoformat() if m.baseline else None,
            "target": m.target.value if m.target else None,
            "target_date": m.target.date.isoformat() if m.target else None,
            "expected": round(self.expected, 2) if self.expected is not None else None,
            "status": self.status,
            "values": len(m.values),
            "public": m.public,
        }


MEASURE_COLUMNS = [
    "id",
    "title",
    "unit",
    "direction",
    "workstream",
    "latest",
    "latest_date",
    "source",
    "baseline",
    "baseline_date",
    "target",
    "target_date",
    "expected",
    "status",
    "values",
    "public",
]
"""The keys of :meth:`MeasureRow.to_dict`, in order: the columns of ``--format csv``."""


def values_by(measure: Measure, as_of: dt.date) -> list[Value]:
    """The figures dated on or before ``as_of``, oldest first."""
    return sorted((v for v in measure.values if v.date <= as_of), key=lambda v: v.date)


def reached(measure: Measure, value: float, goal: float) -> bool:
    """Whether ``value`` is at ``goal`` or beyond it, the good way for ``measure``."""
    return value >= goal if measure.direction == "up" else value <= goal


def measure_row(measure: Measure, as_of: dt.date) -> MeasureRow:
    """``measure`` as it stood on ``as_of``.

    Its status: **met** when the latest figure has reached the target; **behind** when it has
    not and the target date has passed, or when it falls short of where a straight line from
    the start (the baseline, or else the first figure) to the target puts it on its date;
    **on track** otherwise. None when there is no target, no figure yet, or (with one figure
    and no baseline) nothing to draw the line from.
    """
    shown = values_by(measure, as_of)
    latest = shown[-1] if shown else None
    target = measure.target
    if latest is None or target is None:
        return MeasureRow(measure, latest, None, None)
    if reached(measure, latest.value, target.value):
        return MeasureRow(measure, latest, float(target.value), MET)
    if as_of > target.date:
        return MeasureRow(measure, latest, float(target.value), BEHIND)
    start: Point | Value | None = measure.baseline
    if start is None or start.date >= latest.date:
        start = shown[0] if shown[0].date < latest.date else None
    if start is None:
        return MeasureRow(measure, latest, None, None)
    expected = _on_line(start, target, latest.date)
    status = ON_TRACK if reached(measure, latest.value, expected) else BEHIND
    return MeasureRow(measure, latest, expected, status)


def _on_line(start: Point | Value, target: Point, day: dt.date) -> float:
    """The value on the straight line from ``start`` to ``target`` on ``day``."""
    span = (target.date - start.date).days
    if span <= 0:
        return float(target.value)
    share = min(max((day - start.date).days / span, 0.0), 1.0)
    return float(start.value) + (float(target.value) - float(start.value)) * share


def select_measures(
    programme: Programme,
    *,
    as_of: dt.date,
    workstream: str | None = None,
    public_only: bool = False,
) -> list[MeasureRow]:
    """Measures (by id) in ``workstream`` when given, public ones only with ``public_only``.

    Raises UsageError, naming the nearest, for an unknown workstream.
    """
    if workstream is not None:
        workstream = names.resolve(programme, workstream, (names.WORKSTREAM,))
    return [
        measure_row(m, as_of)
        for m in sorted(programme.measures.values(), key=lambda m: m.id)
        if (not public_only or m.public) and (workstream is None or m.workstream == workstream)
    ]
