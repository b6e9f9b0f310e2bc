"""Pydantic models, one per file kind; unknown keys are refused. No I/O here.

docs/format.md documents every field below (a test keeps the two in step).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from trauma_ws.record import periods, zones
from trauma_ws.record.problems import shown

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
"""An id's form, as JSON Schema writes it (there `$` is the very end of the text)."""
_ID = re.compile(ID_PATTERN.strip("^$"))

Status = Literal["not-started", "in-progress", "blocked", "done", "dropped"]
STATUSES: tuple[str, ...] = ("not-started", "in-progress", "blocked", "done", "dropped")
OPEN_STATUSES: tuple[str, ...] = ("not-started", "in-progress", "blocked")
Rag = Literal["red", "amber", "green"]
RAGS: tuple[str, ...] = ("red", "amber", "green")
Role = Literal["chair", "vice-chair", "secretariat", "member", "observer"]
ROLES: tuple[str, ...] = ("chair", "vice-chair", "secretariat", "member", "observer")
MeetingFormat = Literal["in-person", "online", "hybrid"]
MeetingStatus = Literal["draft", "approved", "published"]


def _check_id(value: str) -> str:
    # fullmatch: Python's `$` would let `pdg-009` and a final line break through.
    if not _ID.fullmatch(value):
        raise PydanticCustomError(
            "bad-id",
            "`{value}` is not a valid id: use lower-case letters, digits and hyphens, "
            "starting with a letter or digit",
            {"value": shown(value)},
        )
    return value


def _exact(value: str, code: str) -> None:
    """Refuse a date or period with spaces or a line break around it (``"2023-10\\n"``)."""
    if value != value.strip():
        raise PydanticCustomError(
            code,
            "`{value}` has spaces or a line break around it: write `{bare}`",
            {"value": shown(value), "bare": shown(value.strip())},
        )


def _day(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise PydanticCustomError(
            "bad-date", "give a date without a time (YYYY-MM-DD)", {"value": str(value)}
        )
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        _exact(value, "bad-date")
        try:
            return periods.parse_date(value)
        except periods.PeriodError as exc:
            raise PydanticCustomError("bad-date", str(exc), {"value": value}) from None
    raise PydanticCustomError("bad-date", "expected a date written as YYYY-MM-DD", {"value": value})


def _period(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("bad-due", "give a date without a time", {"value": str(value)})
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        _exact(value, "bad-due")
        try:
            periods.resolve(value)
        except periods.PeriodError as exc:
            raise PydanticCustomError("bad-due", str(exc), {"value": value}) from None
        return value
    raise PydanticCustomError("bad-due", f"expected {periods.FORMS}", {"value": value})


def _date_or_month(value: Any) -> Any:
    value = _period(value)
    if periods.kind_of(value) not in ("date", "month"):
        raise PydanticCustomError(
            "bad-date", "give a date (2022-10-27) or a month (2022-10)", {"value": value}
        )
    return value


def _zone(value: str) -> str:
    try:
        zones.zone(value)
    except zones.ZoneError as exc:
        raise PydanticCustomError("unknown-timezone", str(exc), {"value": value}) from None
    return value


def _note(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


_PERIOD_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?|-[Qq][1-4]|/\d{2})?$"

Id = Annotated[
    str,
    AfterValidator(_check_id),
    WithJsonSchema({"type": "string", "pattern": ID_PATTERN}),
]
Text = Annotated[str, StringConstraints(min_length=1)]
Day = Annotated[
    dt.date, BeforeValidator(_day), WithJsonSchema({"type": "string", "format": "date"})
]
Period = Annotated[
    str,
    BeforeValidator(_period),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": _PERIOD_PATTERN},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
            "description": "A date, month, quarter, year or financial year (2022/23).",
        }
    ),
]
TimeZone = Annotated[
    str,
    AfterValidator(_zone),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": zones.PATTERN,
            "description": "An IANA time zone name such as Europe/London.",
        }
    ),
]
DateOrMonth = Annotated[
    str,
    BeforeValidator(_date_or_month),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}(-\d{2})?$"}),
]


class Record(BaseModel):
    """Base of every model: unknown keys are refused."""

    model_config = ConfigDict(extra="forbid", revalidate_instances="never")


# --- data/workplan.yaml -------------------------------------------------------------------------


class ProgrammeInfo(Record):
    name: Text = Field(description="The programme's name.")
    owner: Id = Field(description="Organisation id that owns the programme.")
    contact: Text = Field(
        description="A public contact: an email address, a web address or the office to contact."
    )
    url: Text | None = Field(None, description="The programme's public web page.")
    timezone: TimeZone = Field(
        zones.DEFAULT,
        description="The IANA time zone whose calendar gives the programme's today "
        "(the date edits record and validate checks against).",
    )


class Workstream(Record):
    id: Id
    title: Text
    aim: Text = Field(description="What the workstream sets out to achieve.")
    lead: Id | None = Field(None, description="Group id that leads the workstream.")


class Workplan(Record):
    programme: ProgrammeInfo
    workstreams: list[Workstream] = Field(default_factory=list)


# --- data/groups.yaml ---------------------------------------------------------------------------


class Organisation(Record):
    id: Id
    name: Text
    abbreviation: Text | None = None


class Person(Record):
    id: Id
    name: Text
    organisation: Id
    role: Text | None = None
    public: StrictBool = Field(
        False, description="True only when the person agreed to be named in public outputs."
    )


class Member(Record):
    id: Id = Field(description="An organisation or person id.")
    role: Role
    since: Day | None = None
    until: Day | None = None


class Group(Record):
    id: Id
    name: Text
    short_name: Text | None = None
    purpose: Text
    reports_to: list[Id] = Field(default_factory=list, description="Group ids.")
    external: StrictBool = Field(
        False, description="A governance body whose own records are kept elsewhere."
    )
    members: list[Member] = Field(default_factory=list)


class GroupsFile(Record):
    organisations: list[Organisation]
    people: list[Person] = Field(default_factory=list)
    groups: list[Group]


# --- data/actions/<id>.yaml ---------------------------------------------------------------------


class Update(Record):
    date: Day
    by: Id = Field(description="Who gave the update: an organisation, person or group id.")
    text: Text
    status: Status | None = Field(None, description="A status change recorded with the update.")


class Action(Record):
    id: Id
    title: Text
    group: Id = Field(description="The group whose action log holds the action.")
    workstream: Id | None = None
    owners: Annotated[list[Id], Field(min_length=1)] = Field(
        description="Organisation, person or group ids; a group id means its members."
    )
    raised: Id | None = Field(None, description="The meeting id the action arose at.")
    due: Period | None = None
    status: Status
    rag: Rag | None = Field(None, description="A manual RAG rating; derived when absent.")
    completed: Day | None = Field(None, description="Required exactly when status is done.")
    description: Text | None = None
    updates: list[Update] = Field(default_factory=list)


# --- data/meetings/<group>-<date>.yaml ----------------------------------------------------------


class Note(Record):
    text: Text
    internal: StrictBool = False

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        """A note is usually written as plain text; the mapping form adds ``internal``."""
        return _note(value)


NoteEntry = Annotated[
    Note,
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "properties": {
                        "text": {"type": "string", "minLength": 1},
                        "internal": {"type": "boolean"},
                    },
                    "required": ["text"],
                    "additionalProperties": False,
                },
            ]
        }
    ),
]


class Item(Record):
    title: Text
    notes: list[NoteEntry] = Field(default_factory=list)
    decisions: list[Text] = Field(default_factory=list)
    internal: StrictBool = False


class Correction(Record):
    date: Day = Field(description="When the correction was made.")
    agreed_at: Id = Field(description="The meeting that agreed the correction.")
    change: Text = Field(description="What was changed, and why.")


class Meeting(Record):
    id: Id
    group: Id
    date: Day
    number: StrictInt | None = Field(None, description="The meeting's number in the group's run.")
    format: MeetingFormat
    location: Text | None = None
    chair: Id
    attendees: list[Id]
    apologies: list[Id] = Field(default_factory=list)
    status: MeetingStatus
    approved_at: Id | None = Field(None, description="The meeting whose minutes approved these.")
    purpose: Text
    items: list[Item]
    actions: list[Id] = Field(default_factory=list, description="Ids of the actions arising.")
    next_meeting: DateOrMonth | None = None
    corrections: list[Correction] = Field(
        default_factory=list,
        description="Changes made after the minutes were approved, each agreed at a meeting.",
    )


KINDS: dict[str, type[Record]] = {
    "workplan": Workplan,
    "groups": GroupsFile,
    "action": Action,
    "meeting": Meeting,
}
