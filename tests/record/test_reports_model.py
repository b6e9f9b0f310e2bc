"""The report model: what it accepts, what it refuses, its Python-word aliases, its schema."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from trauma_ws.publishing import schemas
from trauma_ws.record import models
from trauma_ws.record.reports import Report

REPORT: dict[str, Any] = {
    "id": "swep-2024-01-31",
    "for": "swep",
    "date": "2024-01-31",
    "author": "tisws-team",
    "status": "draft",
}


def _errors(data: dict[str, Any]) -> list[dict[str, Any]]:
    with pytest.raises(ValidationError) as caught:
        Report.model_validate(data)
    return list(caught.value.errors())


def test_a_minimal_report_takes_its_defaults() -> None:
    report = Report.model_validate(REPORT)
    assert report.body == "swep"  # `for` is a Python word: read into `body`
    assert report.date == dt.date(2024, 1, 31)
    assert report.period is None
    assert report.reference is None
    assert report.title is None
    assert report.recommendations == report.workstreams == report.achievements == []
    assert report.priorities == report.background_papers == []
    assert report.consultations is None
    assert "report" in models.KINDS
    assert models.KINDS["report"] is Report


def test_period_from_and_to_are_read_by_their_words() -> None:
    report = Report.model_validate({**REPORT, "period": {"from": "2022-08-25", "to": "2023-12-31"}})
    assert report.period is not None
    assert (report.period.start, report.period.end) == (dt.date(2022, 8, 25), dt.date(2023, 12, 31))
    only_end = Report.model_validate({**REPORT, "period": {"to": "2023-12-31"}})
    assert only_end.period is not None
    assert only_end.period.start is None


def test_consultations_are_text_or_a_list() -> None:
    one = Report.model_validate({**REPORT, "consultations": "The members of both groups."})
    assert one.consultations == ["The members of both groups."]
    many = Report.model_validate({**REPORT, "consultations": ["A.", "B."]})
    assert many.consultations == ["A.", "B."]


def test_a_workstream_needs_an_id_and_a_rag() -> None:
    report = Report.model_validate(
        {**REPORT, "workstreams": [{"id": "education", "rag": "amber", "reason": "Slow."}]}
    )
    assert report.workstreams[0].rag == "amber"
    assert report.workstreams[0].narrative is None
    errors = _errors({**REPORT, "workstreams": [{"id": "education", "rag": "purple"}]})
    assert errors[0]["loc"] == ("workstreams", 0, "rag")
    assert _errors({**REPORT, "workstreams": [{"rag": "red"}]})[0]["type"] == "missing"


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"status": "final"}, ("status",)),
        ({"for": "Not An Id"}, ("for",)),
        ({"date": "31 January 2024"}, ("date",)),
        ({"recommendations": [""]}, ("recommendations", 0)),
        ({"period": {"from": "2024-13-01"}}, ("period", "from")),
        ({"background_papers": [{"url": "https://x.org"}]}, ("background_papers", 0, "title")),
        ({"recommendation": ["Note it."]}, ("recommendation",)),
    ],
)
def test_bad_values_are_refused_where_they_stand(
    change: dict[str, Any], loc: tuple[object, ...]
) -> None:
    assert _errors({**REPORT, **change})[0]["loc"] == loc


def test_for_is_required_by_its_word() -> None:
    data = {k: v for k, v in REPORT.items() if k != "for"}
    errors = _errors(data)
    assert [(e["loc"], e["type"]) for e in errors] == [(("for",), "missing")]


def test_the_schema_spells_the_fields_as_files_do() -> None:
    schema = schemas.schema_for("report")
    assert {"for", "date", "author", "status", "workstreams"} <= set(schema["properties"])
    assert "body" not in schema["properties"]
    assert set(schema["required"]) == {"id", "for", "date", "author", "status"}
    period = schema["$defs"]["ReportPeriod"]["properties"]
    assert set(period) == {"from", "to"}
