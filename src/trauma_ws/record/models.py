"""Pydantic models, one per file kind; unknown keys are refused. No I/O here.

docs/format.md documents every field below (a test keeps the two in step). The value kinds
the fields hold are in :mod:`.fields`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    WithJsonSchema,
    model_validator,
)

from trauma_ws.record import zones
from trauma_ws.record.fields import (
    CAPACITIES,
    CHASE_ROUTES,
    DECISION_KINDS,
    ID_PATTERN,
    NEXT_MEETING,
    OPEN_STATUSES,
    RAGS,
    ROLES,
    STATUSES,
    AttendanceRule,
    Capacity,
    ChaseRoute,
    Count,
    DateOrMonth,
    Day,
    DecisionKind,
    Email,
    Id,
    ItemNumber,
    ItemRef,
    MeetingFormat,
    MeetingStatus,
    MinutesStyle,
    Period,
    Rag,
    Role,
    Status,
    Text,
    Time,
    TimeZone,
    _note,
    _party,
)
from trauma_ws.record.registers import Measure, Risk
from trauma_ws.record.reports import Report

__all__ = [
    "CAPACITIES",
    "CHASE_ROUTES",
    "DECISION_KINDS",
    "ID_PATTERN",
    "NEXT_MEETING",
    "OPEN_STATUSES",
    "RAGS",
    "ROLES",
    "STATUSES",
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
    formerly: list[Id] = Field(
        default_factory=list,
        description="Ids this body was recorded under before, when two ids for one body were "
        "merged into this one: a file still using one is told to write this id, and "
        "`tws validate --since` accepts approved minutes changed only by that rename.",
    )
    contact: Email | None = Field(
        None, description="The organisation's role mailbox, where actions are chased."
    )


class Person(Record):
    id: Id
    name: Text
    organisation: Id
    role: Text | None = None
    public: StrictBool = Field(
        False, description="True only when the person agreed to be named in public outputs."
    )
    email: Email | None = Field(
        None,
        description="The person's own e-mail address: personal data, used only in internal "
        "outputs (`tws actions chase`), never in public ones.",
    )


class Member(Record):
    id: Id = Field(
        description="An organisation, person or group id (a group: a body that is itself a "
        "member, such as a partnership that sits on another group)."
    )
    role: Role
    since: Day | None = None
    until: Day | None = None


class MinutesRules(Record):
    """How a group's minutes are laid out and what they publish."""

    style: MinutesStyle = Field(
        "gov-scot",
        description="gov-scot: the programme's own minutes (attendees, items, next steps); "
        "committee: present, in attendance, apologies, declarations, numbered items with "
        "their minutes and resolutions.",
    )
    attendance: AttendanceRule = Field(
        "by-organisation",
        description="by-organisation: public minutes list organisations; by-person: a person "
        "whose record says public: true is named with their role, anyone else is shown by "
        "role and organisation.",
    )
    number_items: StrictBool = Field(
        False, description="Number items 1, 2, 3… in order where they have no number written."
    )
    called: Text | None = Field(
        None,
        description="How the minutes refer to the group in decisions, such as `the Board` "
        "(default: `the group`).",
    )


class Group(Record):
    id: Id
    name: Text
    short_name: Text | None = None
    abbreviation: Text | None = Field(
        None,
        description="The short form the body is known by, such as SWEP (the command line "
        "takes it for the group's id).",
    )
    formerly: list[Id] = Field(
        default_factory=list,
        description="Ids this body was recorded under before, when two ids for one body were "
        "merged into this one: a file still using one is told to write this id, and "
        "`tws validate --since` accepts approved minutes changed only by that rename.",
    )
    purpose: Text
    reports_to: list[Id] = Field(default_factory=list, description="Group ids.")
    external: StrictBool = Field(
        False, description="A governance body whose own records are kept elsewhere."
    )
    members: list[Member] = Field(default_factory=list)
    contact: Email | None = Field(
        None, description="The group's role mailbox, reaching its members."
    )
    url: Text | None = Field(
        None,
        description="The group's public web page (http or https), linked from its minutes' "
        "Contact section.",
    )
    chase: ChaseRoute | None = Field(
        None,
        description="How the group is chased for the actions it owns: `contact` (its "
        "mailbox) or `chair-and-secretariat` (to its chair, copied to its secretariat); "
        "default: its contact when it has one, else its chair and secretariat.",
    )
    minutes: MinutesRules = Field(
        default_factory=MinutesRules, description="How the group's minutes are kept."
    )


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


def _party_schema(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    """A party written as its id alone, or as a mapping with more to say."""
    return {
        "anyOf": [
            {"type": "string", "pattern": ID_PATTERN},
            {
                "type": "object",
                "properties": properties,
                "required": required,
                "additionalProperties": False,
            },
        ]
    }


_ID_SCHEMA = {"type": "string", "pattern": ID_PATTERN}


class Vote(Record):
    """A vote's numbers; ``for`` is written as the word."""

    model_config = ConfigDict(extra="forbid", revalidate_instances="never", populate_by_name=True)

    votes_for: Count = Field(alias="for", description="Votes for.")
    against: Count = 0
    abstentions: Count = 0


class Decision(Record):
    text: Text
    kind: DecisionKind | None = Field(
        None, description="noted, agreed, approved, resolved, deferred or rejected."
    )
    vote: Vote | None = None
    internal: StrictBool = Field(
        False, description="Kept out of the public minutes (a decision taken in private)."
    )

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return _note(value)


DecisionEntry = Annotated[
    Decision,
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "properties": {
                        "text": {"type": "string", "minLength": 1},
                        "kind": {"enum": list(DECISION_KINDS)},
                        "vote": {
                            "type": "object",
                            "properties": {
                                k: {"type": "integer", "minimum": 0}
                                for k in ("for", "against", "abstentions")
                            },
                            "required": ["for"],
                            "additionalProperties": False,
                        },
                        "internal": {"type": "boolean"},
                    },
                    "required": ["text"],
                    "additionalProperties": False,
                },
            ]
        }
    ),
]


class Paper(Record):
    reference: Text | None = Field(None, description="The paper's reference, such as SB(08)11.")
    title: Text
    url: Text | None = Field(None, description="A link to the published paper.")


class Item(Record):
    title: Text
    number: ItemNumber | None = Field(
        None, description="The item's number as the minutes write it: 5, 5.2, IV."
    )
    section: Text | None = Field(None, description="A section heading that starts before it.")
    presenter: Id | None = Field(None, description="Who presented it: a person or organisation.")
    papers: list[Paper] = Field(default_factory=list)
    notes: list[NoteEntry] = Field(default_factory=list)
    decisions: list[DecisionEntry] = Field(default_factory=list)
    actions: list[Id] = Field(
        default_factory=list, description="Ids of the actions arising from this item."
    )
    action_log: StrictBool = Field(
        False,
        description="The review of the action log: its list is rendered from the action "
        "records as they stood on the meeting's date.",
    )
    private: StrictBool = Field(
        False,
        description="Taken in private: its notes stay out of the public minutes; its "
        "decisions appear unless marked internal.",
    )
    internal: StrictBool = False


class Apology(Record):
    id: Id
    deputy: Id | None = Field(None, description="Who attended in their place.")

    @model_validator(mode="before")
    @classmethod
    def _from_id(cls, value: Any) -> Any:
        return _party(value)


ApologyEntry = Annotated[
    Apology,
    WithJsonSchema(_party_schema({"id": _ID_SCHEMA, "deputy": _ID_SCHEMA}, ["id"])),
]


class InAttendance(Record):
    id: Id = Field(description="A person or organisation present who is not a member.")
    capacity: Capacity | None = None
    items: list[ItemRef] = Field(
        default_factory=list, description="The items they attended for (all, when empty)."
    )

    @model_validator(mode="before")
    @classmethod
    def _from_id(cls, value: Any) -> Any:
        return _party(value)


InAttendanceEntry = Annotated[
    InAttendance,
    WithJsonSchema(
        _party_schema(
            {
                "id": _ID_SCHEMA,
                "capacity": {"enum": list(CAPACITIES)},
                "items": {"type": "array", "items": {"type": ["string", "integer"]}},
            },
            ["id"],
        )
    ),
]


class Declaration(Record):
    by: Id = Field(description="Who declared it: a person or organisation present.")
    item: ItemRef | None = Field(None, description="The item it concerns.")
    interest: Text
    left: StrictBool = Field(False, description="They left the meeting for the item.")


class Correction(Record):
    date: Day = Field(description="When the correction was made.")
    agreed_at: Id = Field(description="The meeting that agreed the correction.")
    change: Text = Field(description="What was changed, and why.")


class Meeting(Record):
    id: Id
    group: Id
    date: Day
    number: StrictInt | None = Field(None, description="The meeting's number in the group's run.")
    start: Time | None = Field(None, description="When the meeting began, HH:MM.")
    end: Time | None = Field(None, description="When it closed, HH:MM.")
    format: MeetingFormat | None = None
    location: Text | None = Field(None, description="The venue.")
    chair: Id
    attendees: list[Id] = Field(
        default_factory=list,
        description="Members present: organisations, people or groups that are members.",
    )
    apologies: list[ApologyEntry] = Field(default_factory=list)
    in_attendance: list[InAttendanceEntry] = Field(
        default_factory=list, description="Present but not members, with their capacity."
    )
    observers: Count | None = Field(None, description="How many observers attended.")
    declarations: list[Declaration] | None = Field(
        None, description="Declarations of interest; an empty list records that none were made."
    )
    status: MeetingStatus
    approved_at: Id | None = Field(None, description="The meeting whose minutes approved these.")
    approved_by: Text | None = Field(
        None,
        description="The body that approved these minutes, when its meetings are not kept here.",
    )
    approved_on: Day | None = Field(None, description="When `approved_by` approved them.")
    purpose: Text | None = None
    items: list[Item]
    actions: list[Id] = Field(default_factory=list, description="Ids of the actions arising.")
    next_meeting: DateOrMonth | None = None
    corrections: list[Correction] = Field(
        default_factory=list,
        description="Changes made after the minutes were approved, each agreed at a meeting.",
    )

    TEXT_PATHS: ClassVar[tuple[tuple[str | None, ...], ...]] = (
        ("start",),
        ("end",),
        ("items", None, "number"),
        ("declarations", None, "item"),
        ("in_attendance", None, "items", None),
    )
    """Where a value YAML 1.1 reads as a number (``10:00`` in base 60, ``5.2``) means its text."""

    def deputies(self) -> dict[str, str]:
        """Who attended in whose place: ``{deputy id: member id}``."""
        return {a.deputy: a.id for a in self.apologies if a.deputy}

    def item_numbers(self, *, automatic: bool = False) -> list[str | None]:
        """Each item's number, in order: as written; else, when ``automatic`` (the group's
        ``minutes.number_items``), counting on from the whole number a written number starts
        with (items 1, 2, a written ``7.1``, then 8), or from a written number's place in the
        list when it has none (``IV``); else None. Validate and the minutes both use this."""
        labels: list[str | None] = []
        count = 0
        for place, item in enumerate(self.items, 1):
            if item.number is not None:
                labels.append(item.number)
                leading = _LEADING_DIGITS.match(item.number)
                count = int(leading.group()) if leading else place
            elif automatic:
                count += 1
                labels.append(str(count))
            else:
                labels.append(None)
        return labels


_LEADING_DIGITS = re.compile(r"[0-9]+")

KINDS: dict[str, type[BaseModel]] = {
    "workplan": Workplan,
    "groups": GroupsFile,
    "action": Action,
    "meeting": Meeting,
    # The registers (record/registers.py): data/risks/<id>.yaml and data/measures/<id>.yaml.
    "risk": Risk,
    "measure": Measure,
    # Reports to a governance body (record/reports.py): data/reports/<body>-<date>.yaml.
    "report": Report,
}
