"""The risk and measure models: what they accept, what they refuse, and their place in KINDS."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from trauma_ws.record import models
from trauma_ws.record.registers import Measure, Risk

RISK: dict[str, Any] = {
    "id": "pdg-capacity",
    "title": "Workforce pressures limit what can be delivered",
    "kind": "risk",
    "owner": "pdg",
    "likelihood": 4,
    "impact": 3,
    "status": "open",
    "response": "Keep the plan realistic.",
    "raised": "2022-08-25",
}
MEASURE: dict[str, Any] = {
    "id": "nqsw-trained",
    "title": "Newly qualified social workers trained",
    "unit": "social workers",
    "direction": "up",
    "values": [{"date": "2023-12-31", "value": 200, "source": "The programme page"}],
}


def _errors(model: type[Risk] | type[Measure], data: dict[str, Any]) -> list[dict[str, Any]]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return list(caught.value.errors())


def test_a_minimal_risk_takes_its_defaults() -> None:
    risk = Risk.model_validate(RISK)
    assert risk.public is False  # a register is internal unless marked otherwise
    assert risk.score is None
    assert risk.product == 12
    assert risk.actions == []
    assert risk.updates == []
    assert risk.review is None
    assert risk.raised == dt.date(2022, 8, 25)


def test_a_minimal_measure_is_public_by_default() -> None:
    measure = Measure.model_validate(MEASURE)
    assert measure.public is True
    assert measure.baseline is None
    assert measure.target is None
    assert measure.values[0].value == 200


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("likelihood", 0, "0 is outside 1–5: rate it from 1 (rare) to 5 (almost certain)"),
        ("impact", 6, "6 is outside 1–5: rate it from 1 (negligible) to 5 (severe)"),
        ("likelihood", "high", "`high` is not a rating"),
        ("impact", True, "`true` is not a rating"),
        ("likelihood", 2.5, "`2.5` is not a rating"),
    ],
)
def test_ratings_are_whole_numbers_from_1_to_5(field: str, value: Any, words: str) -> None:
    errors = _errors(Risk, {**RISK, field: value})
    assert [e["loc"] for e in errors] == [(field,)]
    assert words in errors[0]["msg"]


def test_a_score_is_a_whole_number_checked_against_the_ratings_elsewhere() -> None:
    # Its range and agreement with likelihood × impact are checks with their own codes.
    assert Risk.model_validate({**RISK, "score": 30}).score == 30
    assert _errors(Risk, {**RISK, "score": "12"})[0]["loc"] == ("score",)


@pytest.mark.parametrize(
    ("field", "value"),
    [("kind", "hazard"), ("status", "live"), ("public", "yes"), ("owner", "PDG")],
)
def test_a_risk_refuses_bad_values(field: str, value: Any) -> None:
    assert _errors(Risk, {**RISK, field: value})[0]["loc"] == (field,)


def test_unknown_keys_are_refused() -> None:
    assert _errors(Risk, {**RISK, "reveiw": "2023-01-01"})[0]["type"] == "extra_forbidden"
    bad = {**MEASURE, "values": [{**MEASURE["values"][0], "note": "x"}]}
    assert _errors(Measure, bad)[0]["loc"] == ("values", 0, "note")


@pytest.mark.parametrize("value", [12.5, -3, 0])
def test_a_figure_is_a_whole_or_decimal_number(value: float) -> None:
    data = {**MEASURE, "values": [{**MEASURE["values"][0], "value": value}]}
    assert Measure.model_validate(data).values[0].value == value


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("about 200", "is text, not a number"),
        (True, "`true` is not a number"),
        (None, "is not a number"),
        (float("inf"), "finite"),
        (float("nan"), "finite"),
    ],
)
def test_a_figure_refuses_what_is_not_a_number(value: Any, words: str) -> None:
    data = {**MEASURE, "values": [{**MEASURE["values"][0], "value": value}]}
    errors = _errors(Measure, data)
    assert errors[0]["loc"] == ("values", 0, "value")
    assert words in errors[0]["msg"]


def test_a_measure_needs_a_direction_and_its_points_a_value_and_date() -> None:
    assert _errors(Measure, {**MEASURE, "direction": "upwards"})[0]["loc"] == ("direction",)
    errors = _errors(Measure, {**MEASURE, "target": {"value": 500}})
    assert errors[0]["loc"] == ("target", "date")
    assert errors[0]["type"] == "missing"


def test_the_registers_are_kinds_with_schemas() -> None:
    assert models.KINDS["risk"] is Risk
    assert models.KINDS["measure"] is Measure
    schema = Measure.model_json_schema(mode="validation")
    assert schema["$defs"]["Value"]["properties"]["value"]["type"] == "number"
    ratings = Risk.model_json_schema(mode="validation")["properties"]["likelihood"]
    assert (ratings["minimum"], ratings["maximum"]) == (1, 5)
