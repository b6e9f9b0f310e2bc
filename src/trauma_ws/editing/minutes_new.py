"""`tws minutes new`: scaffold a meeting's draft minutes with the standard agenda of the
group's style, carrying forward the time, place and format of the group's previous meeting.

Nothing written here goes stale: the action-log item is marked ``action_log: true`` and the
minutes list the actions from the records as they stood on the meeting's date. Written under
the programme's edit lock and checked as a whole, as every edit is (see
:mod:`trauma_ws.editing.workflow`).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from trauma_ws.checking.validate import load_valid
from trauma_ws.editing.edit import EditError, scalar, text_block
from trauma_ws.editing.ids import record_path
from trauma_ws.editing.workflow import (
    SCHEMA_LINE,
    Written,
    check_result,
    editing,
    not_blank,
    write,
)
from trauma_ws.loading.programme import MEETINGS
from trauma_ws.querying import names, query
from trauma_ws.record import models
from trauma_ws.record.fields import Time
from trauma_ws.record.problems import UsageError

FORMATS = ("in-person", "online", "hybrid")

AGENDA_BEFORE = (
    "Welcome and apologies",
    "Declarations of interest",
    "Minutes of the previous meeting and matters arising",
    "Action log",
)
"""The standard items before the meeting's own business, in order."""
AGENDA_AFTER = ("Any other business", "Date of next meeting")
"""The standard items after it."""


@dataclass(frozen=True, slots=True)
class Setting:
    """When, where and how the meeting is held: each given, carried forward, or None."""

    start: str | None
    end: str | None
    format: str | None
    location: str | None


def _time(value: str | None, option: str) -> str | None:
    """``value`` as ``HH:MM``; a usage error naming ``option`` when it is not a time of day."""
    if value is None:
        return None
    try:
        return str(TypeAdapter(Time).validate_python(value.strip()))
    except ValidationError as exc:
        raise UsageError(f"{option}: {exc.errors()[0]['msg']}") from None


def _setting(
    previous: models.Meeting | None,
    *,
    start: str | None,
    end: str | None,
    format: str | None,
    location: str | None,
) -> Setting:
    """The options given, else what the previous meeting had (``end`` only with its start).

    UsageError for a bad time or format, or an end that is not after the start.
    """
    start, end = _time(start, "--start"), _time(end, "--end")
    if format is not None and format not in FORMATS:
        raise UsageError(f"--format must be in-person, online or hybrid, not `{format}`")
    if previous is not None:
        if end is None and start is None:
            end = previous.end  # a new start makes the old end meaningless
        start = start or previous.start
        format = format or previous.format
        location = location or previous.location
    if start is not None and end is not None and end <= start:
        source = "" if previous is None else f" (the start and end of {previous.id} carry forward)"
        raise UsageError(
            f"the meeting would end at {end}, not after it starts at {start}{source}: give "
            "--start and --end"
        )
    return Setting(start, end, format, location)


def new_minutes(
    root: Path,
    group: str,
    *,
    day: dt.date,
    as_of: dt.date,
    format: str | None = None,
    location: str | None = None,
    start: str | None = None,
    end: str | None = None,
    purpose: str | None = None,
    today: dt.date | None = None,
) -> Written:
    """Create ``data/meetings/<group>-<date>.yaml``: attendance, chair and the agenda.

    The agenda is the standard one (welcome and apologies; declarations of interest;
    minutes of the previous meeting and matters arising; the action log, rendered from the
    records; a place for the meeting's own items; any other business; date of next
    meeting), numbered 1, 2, … for a group whose minutes' style is ``committee`` unless it
    numbers items automatically. ``start``, ``end``, ``format`` and ``location`` default to
    the group's previous meeting's; left out when neither gives them.

    The meeting is numbered one after the group's previous meeting, unless a later meeting
    of the group is already recorded: then it gets no ``number`` (renumbering the later
    minutes would change approved ones) and a note says so. UsageError for an unknown or
    external group, no members or chair on the day, a bad time or format, an end not after
    the start, or a blank location or purpose; EditError when the meeting exists;
    DataError when the result would not pass ``tws validate`` on ``today`` (the
    programme's own today; default ``as_of``).
    """
    location = not_blank(location, "--location")
    purpose = not_blank(purpose, "--purpose")
    # Options are checked before anything is read, so a typing slip costs nothing.
    _setting(None, start=start, end=end, format=format, location=location)
    with editing(root) as notes:
        programme = load_valid(root, as_of=as_of)
        group = names.resolve(programme, group, (names.GROUP,))
        info = programme.groups[group]
        if info.external:
            raise UsageError(f"`{group}` is an external body whose minutes are kept elsewhere")
        ident = f"{group}-{day.isoformat()}"
        rel = record_path(root, MEETINGS, ident)
        if os.path.lexists(root / rel):
            raise EditError(f"{rel} already exists: edit it, or choose another --date")
        members = query.members_on(programme, group, day)
        if not members:
            raise UsageError(f"`{group}` has no members on {day}: add them in data/groups.yaml")
        chairs = [m.id for m in members if m.role == "chair"]
        if not chairs:
            raise UsageError(
                f"`{group}` has no chair on {day}: give a member `role: chair` in data/groups.yaml"
            )
        own = sorted((m for m in programme.meetings.values() if m.group == group), key=_when)
        earlier = [m for m in own if m.date < day]
        later = [m for m in own if m.date > day]
        previous = earlier[-1] if earlier else None
        number = previous.number + 1 if previous and previous.number else None
        if later and (number is not None or any(m.number for m in later)):
            number = None
            numbered = ", ".join(
                f"{m.id} is number {m.number}" if m.number else f"{m.id} has no number"
                for m in later
            )
            notes.append(
                f"warning: {ident} falls before meetings already recorded ({numbered}); it "
                "was written without a `number`, because renumbering the later minutes would "
                "change approved ones: add one by hand if the group numbers it"
            )
        setting = _setting(previous, start=start, end=end, format=format, location=location)
        head = _head(info, ident, day, number, setting, chairs[0], [m.id for m in members])
        text = head + _middle(purpose) + _agenda(info, ident, previous)
        check_result(root, today or as_of, {rel: text}, {})
        write(root, {rel: text}, {}, what=f"minutes new {ident}")
        return Written(ident, (rel,), tuple(notes))


def _when(meeting: models.Meeting) -> dt.date:
    return meeting.date


def _head(
    info: models.Group,
    ident: str,
    day: dt.date,
    number: int | None,
    setting: Setting,
    chair: str,
    attendees: list[str],
) -> str:
    """The header comment, the meeting's facts and its attendance."""
    out = [
        SCHEMA_LINE.format(kind="meeting"),
        f"# Draft minutes of the {info.name} meeting on {day:%-d %B %Y}.\n",
        "# Move anyone who sent apologies from `attendees` to `apologies` (as `- id: ID` with\n",
        "# `deputy: ID` when someone attended in their place), write the notes, record\n",
        f"# decisions, then raise actions with `tws actions new --raised {ident}`.\n\n",
        f"id: {ident}\n",
        f"group: {info.id}\n",
        f"date: {day.isoformat()}\n",
    ]
    if number is not None:
        out.append(f"number: {number}\n")
    for key in ("start", "end", "format"):
        value = getattr(setting, key)
        if value is not None:
            out.append(f"{key}: {value}\n")  # HH:MM needs no quotes: tws reads it as text
    if setting.location is not None:
        out.append(f"location: {scalar(setting.location)}\n")
    out.append(f"chair: {chair}\n")
    out.append("attendees:\n" + "".join(f"  - {a}\n" for a in attendees))
    out.append("apologies: []\n")
    return "".join(out)


def _middle(purpose: str | None) -> str:
    """Guidance for who else attended and for declarations; the status; the purpose."""
    out = [
        "# Anyone present who is not a member goes under `in_attendance`, with their capacity\n",
        "# (secretariat, officer, adviser, presenter, guest, witness or observer) and, if they\n",
        "# came for some items only, those items' numbers or titles:\n",
        "# in_attendance:\n",
        "#   - id: ID\n",
        "#     capacity: officer\n",
        "# Declarations of interest go under `declarations`, each with `by`, `item`, `interest`\n",
        "# and `left: true` if they left the meeting for the item; write `declarations: []`\n",
        "# when none were made (the minutes then say so).\n",
        "status: draft\n",
    ]
    if purpose is not None:
        out += [line + "\n" for line in text_block("purpose", purpose, 0)]
    else:
        out.append("# purpose: optional; what the meeting was for (left out, nothing is shown)\n")
    return "".join(out)


def _agenda(info: models.Group, ident: str, previous: models.Meeting | None) -> str:
    """The standard agenda, numbered for committee minutes that do not number themselves."""
    welcome, declarations, previous_minutes, action_log = AGENDA_BEFORE
    before = [
        (welcome, ()),
        (declarations, ()),
        (previous_minutes, _previous_minutes(ident, previous)),
        (
            action_log,
            (
                "# The minutes list the group's actions as they stood on the meeting's date,",
                "# from the action records: note here only what was said about them.",
                "action_log: true",
            ),
        ),
    ]
    other_business, next_meeting = AGENDA_AFTER
    after = [
        (other_business, ()),
        (next_meeting, ("# Record the date agreed as `next_meeting` (a date or a month).",)),
    ]
    numbered = info.minutes.style == "committee" and not info.minutes.number_items
    own = len(before) + 1  # the number of the meeting's own first item
    out = ["\nitems:\n", *_items(before, numbered, 1)]
    out += [
        "  # The meeting's own items go here, one entry each: its title and, as needed,\n",
        "  # presenter, papers, notes, decisions and the actions arising (`actions`).\n",
    ]
    if numbered:
        out.append(f"  # Number them from {own}, and renumber the items after them.\n")
    out += _items(after, numbered, own)
    out.append("\nactions: []\n")
    return "".join(out)


def _items(items: list[tuple[str, tuple[str, ...]]], numbered: bool, first: int) -> list[str]:
    """Agenda items as lines: ``number`` (when ``numbered``, from ``first``), ``title``, then
    each item's further lines (comments or keys)."""
    out = []
    for n, (title, extra) in enumerate(items, start=first):
        out.append(
            f"  - number: {n}\n    title: {title}\n" if numbered else f"  - title: {title}\n"
        )
        out += [f"    {line}\n" for line in extra]
    return out


def _previous_minutes(ident: str, previous: models.Meeting | None) -> tuple[str, ...]:
    """Comments under the previous-minutes item: how to record their approval."""
    if previous is None:
        return (
            "# No earlier meeting of the group is recorded: remove this item if there was none.",
        )
    if previous.status != "draft":
        return ()
    return (
        f"# When the minutes of {previous.date:%-d %B %Y} are approved, record it with",
        f"# tws minutes approve {previous.id} --at {ident}",
    )
