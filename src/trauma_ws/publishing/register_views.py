"""The registers for one audience: risks and measures as the rows and details that tables,
JSON and CSV show, with privacy applied here, once.

For the public audience only risks and measures marked public appear, and a person (an
owner, an update's author, a route in ``via``) who has not agreed to be named is shown by
their organisation: by its id where an id is shown, by its name where a name is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from trauma_ws.loading.programme import Programme
from trauma_ws.publishing.views import Audience, party_name
from trauma_ws.querying.registers import MEASURE_COLUMNS, MeasureRow, RiskRow, risk_row
from trauma_ws.record.problems import UsageError
from trauma_ws.record.registers import Measure, Risk

RISK_COLUMNS = [
    "id",
    "title",
    "kind",
    "owner",
    "owner_name",
    "workstream",
    "likelihood",
    "impact",
    "score",
    "level",
    "status",
    "raised",
    "review",
    "days_to_review",
    "review_overdue",
    "last_update",
    "actions",
    "public",
    "via",
]
"""The keys of :func:`risk_record`, in order: the columns of ``tws risks list --format csv``."""

__all__ = ["MEASURE_COLUMNS", "RISK_COLUMNS"]


def shown_id(programme: Programme, ident: str, *, audience: Audience) -> str:
    """``ident`` as ``audience`` may see it: in public, a person not agreeing to be named
    becomes their organisation's id."""
    person = programme.people.get(ident)
    if audience == "public" and person is not None and not person.public:
        return person.organisation
    return ident


def risk_record(programme: Programme, row: RiskRow, *, audience: Audience) -> dict[str, Any]:
    """One risk's row (keys :data:`RISK_COLUMNS`) for ``audience``."""
    plain = row.to_dict()
    owner = row.risk.owner
    plain["owner"] = shown_id(programme, owner, audience=audience)
    plain["owner_name"] = party_name(programme, owner, audience=audience)
    plain["via"] = list(dict.fromkeys(shown_id(programme, v, audience=audience) for v in row.via))
    return {key: plain[key] for key in RISK_COLUMNS}


def visible_risk(programme: Programme, risk_id: str, *, audience: Audience) -> Risk:
    """The risk ``risk_id``, refused (UsageError) when unknown or, in public, not public."""
    from trauma_ws.querying import names

    risk_id = names.resolve(programme, risk_id, (names.RISK,))
    risk = programme.risks[risk_id]
    if audience == "public" and not risk.public:
        raise UsageError(
            f"risk `{risk_id}` is not public (its file says `public: false`): "
            "leave out --audience public to see it"
        )
    return risk


def risk_detail(
    programme: Programme, risk: Risk, *, audience: Audience, as_of: dt.date
) -> dict[str, Any]:
    """Everything about one risk for ``audience``: its row, then its response, description,
    the actions that mitigate it (id, title, status) and its updates (date, by, by_name,
    text), oldest first."""
    detail = risk_record(programme, risk_row(risk, as_of), audience=audience)
    detail["response"] = risk.response
    detail["description"] = risk.description
    detail["mitigating_actions"] = [
        {
            "id": a,
            "title": programme.actions[a].title if a in programme.actions else None,
            "status": programme.actions[a].status if a in programme.actions else None,
        }
        for a in risk.actions
    ]
    detail["updates"] = [
        {
            "date": u.date.isoformat(),
            "by": shown_id(programme, u.by, audience=audience),
            "by_name": party_name(programme, u.by, audience=audience),
            "text": u.text,
        }
        for u in risk.updates
    ]
    return detail


def measure_record(row: MeasureRow) -> dict[str, Any]:
    """One measure's row (keys :data:`MEASURE_COLUMNS`); measures name no one."""
    return row.to_dict()


def visible_measure(programme: Programme, measure_id: str, *, audience: Audience) -> Measure:
    """The measure ``measure_id``, refused (UsageError) when unknown or, in public, not
    public."""
    from trauma_ws.querying import names

    measure_id = names.resolve(programme, measure_id, (names.MEASURE,))
    measure = programme.measures[measure_id]
    if audience == "public" and not measure.public:
        raise UsageError(
            f"measure `{measure_id}` is not public (its file says `public: false`): "
            "leave out --audience public to see it"
        )
    return measure
