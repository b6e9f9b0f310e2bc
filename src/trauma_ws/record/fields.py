"""The value kinds record fields hold (ids, dates, periods, times, item numbers) and their
checks, each refusing a bad value with a located problem code and a fix. No I/O here.

The models in :mod:`.models` are built from these; docs/format.md documents the forms.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
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
DecisionKind = Literal["noted", "agreed", "approved", "resolved", "deferred", "rejected"]
DECISION_KINDS: tuple[str, ...] = (
    "noted",
    "agreed",
    "approved",
    "resolved",
    "deferred",
    "rejected",
)
Capacity = Literal["secretariat", "officer", "adviser", "presenter", "guest", "witness", "observer"]
CAPACITIES: tuple[str, ...] = (
    "secretariat",
    "officer",
    "adviser",
    "presenter",
    "guest",
    "witness",
    "observer",
)
MinutesStyle = Literal["gov-scot", "committee"]
AttendanceRule = Literal["by-organisation", "by-person"]
ChaseRoute = Literal["contact", "chair-and-secretariat"]
CHASE_ROUTES: tuple[str, ...] = ("contact", "chair-and-secretariat")
NEXT_MEETING = "next-meeting"
"""The ``due`` of an action due at its group's next meeting."""


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
    if value == NEXT_MEETING:
        return value
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


_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_EMAIL_DOMAIN = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}")
_NAMED_ADDRESS = re.compile(r".*<([^<>]+)>\s*")
EMAIL_PATTERN = r"^[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[A-Za-z]{2,}$"
"""An e-mail address's form, as JSON Schema writes it (the model's check is stricter)."""


def _email_problem(value: str, hint: str) -> PydanticCustomError:
    return PydanticCustomError(
        "bad-email",
        "`{value}` is not an e-mail address: {hint}",
        {"value": shown(value), "hint": hint},
    )


def _email(value: Any) -> Any:
    """One mailbox, written alone: ``team@example.org``.

    The address goes into e-mail headers, so anything beyond a plain address (a display name,
    ``mailto:``, a second address, spaces, a line break) is refused with what to write.
    """
    if not isinstance(value, str):
        raise PydanticCustomError(
            "bad-email", "expected an e-mail address such as team@example.org", {"value": value}
        )
    _exact(value, "bad-email")
    named = _NAMED_ADDRESS.fullmatch(value)
    if named:
        raise _email_problem(
            value,
            f"write the address alone, `{shown(named.group(1).strip())}` (the name "
            "comes from the record)",
        )
    if value.lower().startswith("mailto:"):
        raise _email_problem(value, f"leave out `mailto:`: write `{shown(value[7:])}`")
    if value.count("@") > 1 or any(c in value for c in ",;"):
        raise _email_problem(
            value, "give one address (a shared mailbox reaches everyone who reads it)"
        )
    if any(c.isspace() for c in value):
        raise _email_problem(value, "an address has no spaces or line breaks in it")
    local, at, domain = value.partition("@")
    if not at:
        raise _email_problem(value, "it has no `@`; write a mailbox such as team@example.org")
    if not _EMAIL_LOCAL.fullmatch(local):
        raise _email_problem(
            value,
            "the part before `@` may hold letters, digits and . _ - + (a dot neither first, "
            "last nor doubled)",
        )
    if not _EMAIL_DOMAIN.fullmatch(domain):
        raise _email_problem(
            value,
            "the part after `@` must be a domain such as example.org (letters, digits, "
            "hyphens and dots; a domain with accents in its ASCII form, xn--…)",
        )
    return value


def is_email(value: str) -> bool:
    """True when ``value`` is one e-mail address, as a ``contact`` or ``email`` field holds."""
    try:
        _email(value)
    except PydanticCustomError:
        return False
    return True


def _date_or_month(value: Any) -> Any:
    value = _period(value)
    if value == NEXT_MEETING or periods.kind_of(value) not in ("date", "month"):
        raise PydanticCustomError(
            "bad-date", "give a date (2022-10-27) or a month (2022-10)", {"value": value}
        )
    return value


_TIME = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")


def _time(value: Any) -> Any:
    """A time of day written ``HH:MM`` (24-hour); ``9:30`` is kept as ``09:30``."""
    if isinstance(value, str):
        _exact(value, "bad-time")
        found = _TIME.fullmatch(value)
        if found:
            return f"{int(found.group(1)):02d}:{found.group(2)}"
    raise PydanticCustomError(
        "bad-time",
        "`{value}` is not a time of day: write HH:MM on the 24-hour clock, such as 10:00 or 14:30",
        {"value": shown(str(value))},
    )


_ITEM_NUMBER = re.compile(r"[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+)*")


def _item_number(value: Any) -> Any:
    """An item number as the body writes it: ``5``, ``5.2``, ``IV``, ``3a``."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and _ITEM_NUMBER.fullmatch(value):
        return value
    raise PydanticCustomError(
        "bad-item-number",
        "`{value}` is not an item number: write it as the minutes do, such as 5, 5.2, IV "
        "or 3a (letters, digits, and dots or hyphens between them)",
        {"value": shown(str(value))},
    )


def _item_ref(value: Any) -> Any:
    """An item named by its number may be written unquoted: ``item: 5`` means item ``5``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _zone(value: str) -> str:
    try:
        zones.zone(value)
    except zones.ZoneError as exc:
        raise PydanticCustomError("unknown-timezone", str(exc), {"value": value}) from None
    return value


def _note(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


def _party(value: Any) -> Any:
    return {"id": value} if isinstance(value, str) else value


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
                {"const": NEXT_MEETING},
            ],
            "description": "A date, month, quarter, year or financial year (2022/23), or "
            "next-meeting: the group's next meeting after the one the action arose at.",
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
Time = Annotated[
    str,
    BeforeValidator(_time),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$",
            "description": "A time of day, HH:MM on the 24-hour clock.",
        }
    ),
]
ItemNumber = Annotated[
    str,
    BeforeValidator(_item_number),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^[A-Za-z0-9]+([.-][A-Za-z0-9]+)*$"},
                {"type": "integer", "minimum": 0},
            ],
            "description": "An item number as the minutes write it: 5, 5.2, IV, 3a.",
        }
    ),
]
ItemRef = Annotated[
    Text,
    BeforeValidator(_item_ref),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string", "minLength": 1}, {"type": "integer", "minimum": 0}],
            "description": "An item of the same meeting: its number, or its title.",
        }
    ),
]
Email = Annotated[
    str,
    BeforeValidator(_email),
    WithJsonSchema(
        {
            "type": "string",
            "format": "email",
            "pattern": EMAIL_PATTERN,
            "description": "One e-mail address, alone: team@example.org.",
        }
    ),
]
Count = Annotated[StrictInt, Field(ge=0)]
DateOrMonth = Annotated[
    str,
    BeforeValidator(_date_or_month),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}(-\d{2})?$"}),
]
