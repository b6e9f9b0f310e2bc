"""Pydantic model of a report to a governance body (``data/reports/<body>-<date>.yaml``): the
written sections of a board paper, and the RAG and narrative of each workstream. No I/O here.

Built from the value kinds in :mod:`.fields` alone, so that :mod:`.models` can list the kind
in its ``KINDS`` without an import cycle. docs/format.md documents every field (a test keeps
the two in step). ``for``, ``from`` and ``to`` are Python words, so the model reads them into
``body``, ``start`` and ``end`` (as :class:`.models.Vote` reads ``for``). Rules that need other
files or today's date (the body reported to, workstreams and author known, the period the right
way round, the id made of the body and the date) are checked by
:mod:`trauma_ws.checking.reports`, with their lines and columns.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from trauma_ws.record.fields import Day, Id, Rag, Text

ReportStatus = Literal["draft", "submitted"]
REPORT_STATUSES: tuple[str, ...] = ("draft", "submitted")


class ReportRecord(BaseModel):
    """Base of the report models: unknown keys are refused; aliases read as written."""

    model_config = ConfigDict(extra="forbid", revalidate_instances="never", populate_by_name=True)


class ReportPeriod(ReportRecord):
    start: Day | None = Field(
        None,
        alias="from",
        description="The period's first day (default: the day after the previous report to "
        "the body ended, or the day the programme began).",
    )
    end: Day | None = Field(
        None, alias="to", description="The period's last day (default: the report's date)."
    )


class WorkstreamStatus(ReportRecord):
    id: Id = Field(description="A workstream id from data/workplan.yaml.")
    rag: Rag = Field(description="The workstream's RAG rating at the end of the period.")
    reason: Text | None = Field(None, description="Why it has that rating.")
    narrative: Text | None = Field(None, description="What progressed in the period.")


class BackgroundPaper(ReportRecord):
    title: Text
    reference: Text | None = Field(None, description="The paper's reference or number.")
    url: Text | None = Field(None, description="A link to the published paper.")


def _one_or_many(value: Any) -> Any:
    """``consultations`` may be one paragraph of text or a list of them."""
    return [value] if isinstance(value, str) else value


TextOrList = Annotated[
    list[Text],
    BeforeValidator(_one_or_many),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {"type": "array", "items": {"type": "string", "minLength": 1}},
            ]
        }
    ),
]


class Report(ReportRecord):
    id: Id = Field(description="`<for>-<date>`; the file must be called `<id>.yaml`.")
    body: Id = Field(
        alias="for", description="The body reported to: a group that some group reports to."
    )
    date: Day = Field(description="The date of the report.")
    title: Text | None = Field(
        None, description="What the report is on (default: the programme's name and `update`)."
    )
    reference: Text | None = Field(None, description="The report's number, such as DIJB38-2022.")
    author: Id = Field(description="Who reports: an organisation, person or group id.")
    period: ReportPeriod | None = Field(None, description="The period the report covers.")
    status: ReportStatus
    purpose: Text | None = Field(None, description="What the report is for.")
    recommendations: list[Text] = Field(
        default_factory=list, description="What the body is asked to do, one a line."
    )
    workstreams: list[WorkstreamStatus] = Field(default_factory=list)
    achievements: list[Text] = Field(default_factory=list, description="Key achievements.")
    priorities: list[Text] = Field(
        default_factory=list, description="Priorities for the next period."
    )
    background: Text | None = Field(None, description="The background the body needs.")
    financial_implications: Text | None = None
    policy_implications: Text | None = None
    risk_assessment: Text | None = None
    consultations: TextOrList | None = Field(None, description="Who was consulted.")
    background_papers: list[BackgroundPaper] = Field(default_factory=list)

    TEXT_PATHS: ClassVar[tuple[tuple[str | None, ...], ...]] = (("reference",),)
    """Where a value YAML 1.1 reads as a number means its text (a reference such as 38.2)."""
