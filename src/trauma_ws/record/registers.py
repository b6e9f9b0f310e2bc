"""Pydantic models of the registers a programme board keeps: risks and issues
(``data/risks/<id>.yaml``) and measures (``data/measures/<id>.yaml``). No I/O here.

Built from the value kinds in :mod:`.fields` alone, so that :mod:`.models` can list these
kinds in its ``KINDS`` without an import cycle. docs/format.md documents every field (a test
keeps the two in step). Rules that need other files or today's date (references, the score
against likelihood × impact, values in date order, units agreeing, overdue reviews) are
checked by :mod:`trauma_ws.checking.registers`, with their lines and columns.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StrictBool,
    StrictInt,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from trauma_ws.record.fields import Day, Id, Text
from trauma_ws.record.problems import shown

RiskKind = Literal["risk", "issue"]
RISK_KINDS: tuple[str, ...] = ("risk", "issue")
RiskStatus = Literal["open", "monitoring", "closed"]
RISK_STATUSES: tuple[str, ...] = ("open", "monitoring", "closed")
LIVE_RISK_STATUSES: tuple[str, ...] = ("open", "monitoring")
"""The statuses of a risk still on the register's watch: its review date matters."""
Direction = Literal["up", "down"]
DIRECTIONS: tuple[str, ...] = ("up", "down")

_SCALES = {
    "likelihood": "1 (rare) to 5 (almost certain)",
    "impact": "1 (negligible) to 5 (severe)",
}


def _rating(value: Any, info: ValidationInfo) -> int:
    """A likelihood or impact: a whole number from 1 to 5."""
    scale = _SCALES.get(info.field_name or "", "1 to 5")
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError(
            "bad-rating",
            "`{value}` is not a rating: give a whole number from {scale}",
            {
                "value": shown(str(value).lower() if isinstance(value, bool) else str(value)),
                "scale": scale,
            },
        )
    if not 1 <= value <= 5:
        raise PydanticCustomError(
            "bad-rating",
            "{value} is outside 1–5: rate it from {scale}",
            {"value": value, "scale": scale},
        )
    return value


def _number(value: Any) -> int | float:
    """A figure: a whole number or a decimal (``141``, ``12.5``), never text or infinity."""
    if isinstance(value, str):
        raise PydanticCustomError(
            "bad-number",
            "`{value}` is text, not a number: write the figure alone, in digits and without "
            "quotes, such as 141 or 12.5 (`unit` says what it counts)",
            {"value": shown(value)},
        )
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError(
            "bad-number",
            "`{value}` is not a number: write the figure in digits, such as 141 or 12.5, "
            "and say what it counts in `unit`",
            {"value": shown(str(value).lower() if isinstance(value, bool) else str(value))},
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError(
            "bad-number", "give a finite number, such as 141 or 12.5", {"value": str(value)}
        )
    return value


Rating = Annotated[
    int,
    PlainValidator(_rating),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 5}),
]
Number = Annotated[
    int | float,
    PlainValidator(_number),
    WithJsonSchema({"type": "number", "description": "A figure: 141, or 12.5."}),
]


class Register(BaseModel):
    """Base of the register models: unknown keys are refused (as :class:`.models.Record`)."""

    model_config = ConfigDict(extra="forbid", revalidate_instances="never")


# --- data/risks/<id>.yaml -----------------------------------------------------------------------


class RiskUpdate(Register):
    date: Day
    by: Id = Field(description="Who gave the update: an organisation, person or group id.")
    text: Text


class Risk(Register):
    id: Id
    title: Text = Field(description="The risk, or the issue, in a line.")
    kind: RiskKind = Field(
        description="risk: something that may happen; issue: something that has happened."
    )
    owner: Id = Field(description="Who manages it: an organisation, person or group id.")
    workstream: Id | None = None
    likelihood: Rating = Field(description="How likely, from 1 (rare) to 5 (almost certain).")
    impact: Rating = Field(description="How severe, from 1 (negligible) to 5 (severe).")
    score: StrictInt | None = Field(
        None, description="Likelihood × impact, 1–25; worked out when left out."
    )
    status: RiskStatus
    response: Text = Field(description="What is being done about it: the mitigation.")
    actions: list[Id] = Field(
        default_factory=list, description="Ids of the actions that mitigate it."
    )
    raised: Day = Field(description="When it was entered on the register.")
    review: Day | None = Field(None, description="When it is next to be reviewed.")
    public: StrictBool = Field(False, description="True only when it may appear in public outputs.")
    description: Text | None = None
    updates: list[RiskUpdate] = Field(default_factory=list)

    @property
    def product(self) -> int:
        """Likelihood × impact: the score the register ranks by."""
        return self.likelihood * self.impact


# --- data/measures/<id>.yaml --------------------------------------------------------------------


class Point(Register):
    """A baseline or a target: a figure on a date."""

    value: Number
    date: Day


class Value(Register):
    date: Day = Field(description="The day the figure is for.")
    value: Number
    source: Text = Field(description="Where the figure comes from: a report, a return, a page.")
    unit: Text | None = Field(
        None, description="The unit, when written beside the figure: must be the measure's."
    )


class Measure(Register):
    id: Id
    title: Text = Field(description="What is counted.")
    unit: Text = Field(description="What the figure counts: people, local authorities, %.")
    direction: Direction = Field(description="Which way is good: up or down.")
    workstream: Id | None = None
    baseline: Point | None = Field(None, description="Where it started.")
    target: Point | None = Field(None, description="Where it should be, and by when.")
    values: list[Value] = Field(default_factory=list, description="The figures, oldest first.")
    public: StrictBool = Field(True, description="False keeps it out of public outputs.")
    description: Text | None = None

    NUMBER_PATHS: ClassVar[tuple[tuple[str | None, ...], ...]] = (
        ("values", None, "value"),
        ("baseline", "value"),
        ("target", "value"),
    )
    """Where a decimal written plainly (``12.5``) is the number it reads as, not a surprise."""
