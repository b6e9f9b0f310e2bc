"""`tws minutes new`: scaffold a meeting's draft minutes from the group and its actions log.

Written under the programme's edit lock and checked as a whole, as every edit is (see
:mod:`trauma_ws.editing.workflow`).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from trauma_ws.checking.validate import load_valid
from trauma_ws.editing.edit import EditError, item_block, scalar
from trauma_ws.editing.ids import record_path
from trauma_ws.editing.workflow import (
    SCHEMA_LINE,
    Written,
    check_result,
    editing,
    not_blank,
    write,
)
from trauma_ws.loading.programme import MEETINGS, Programme
from trauma_ws.publishing import views
from trauma_ws.querying import query
from trauma_ws.record import models
from trauma_ws.record.problems import UsageError


def new_minutes(
    root: Path,
    group: str,
    *,
    day: dt.date,
    as_of: dt.date,
    format: str | None = None,
    location: str | None = None,
    today: dt.date | None = None,
) -> Written:
    """Create ``data/meetings/<group>-<date>.yaml``: attendance, chair, agenda, actions log.

    The meeting is numbered one after the group's previous meeting, unless a later meeting
    of the group is already recorded: then it gets no ``number`` (renumbering the later
    minutes would change approved ones) and a note says so. UsageError for an unknown or
    external group, no members or chair on the day, a bad format or a blank location;
    EditError when the meeting exists; DataError when the result would not pass
    ``tws validate`` on ``today`` (the programme's own today; default ``as_of``).
    """
    location = not_blank(location, "--location")
    with editing(root) as notes:
        programme = load_valid(root, as_of=as_of)
        query.known("group", group, programme.groups)
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
        fmt = format or (previous.format if previous else "online")
        if fmt not in ("in-person", "online", "hybrid"):
            raise UsageError(f"--format must be in-person, online or hybrid, not `{fmt}`")
        text = _minutes_text(
            programme,
            info,
            ident,
            day,
            number,
            fmt,
            location,
            chairs[0],
            [m.id for m in members],
            previous,
            as_of,
        )
        check_result(root, today or as_of, {rel: text}, {})
        write(root, {rel: text}, {}, what=f"minutes new {ident}")
        return Written(ident, (rel,), tuple(notes))


def _when(meeting: models.Meeting) -> dt.date:
    return meeting.date


def _minutes_text(
    programme: Programme,
    info: models.Group,
    ident: str,
    day: dt.date,
    number: int | None,
    fmt: str,
    location: str | None,
    chair: str,
    attendees: list[str],
    previous: models.Meeting | None,
    as_of: dt.date,
) -> str:
    out = [
        SCHEMA_LINE.format(kind="meeting"),
        f"# Draft minutes of the {info.name} meeting on {day:%-d %B %Y}.\n",
        "# Move anyone who sent apologies from `attendees` to `apologies`, write the notes,\n",
        f"# record decisions, then raise actions with `tws actions new --raised {ident}`.\n\n",
        f"id: {ident}\n",
        f"group: {info.id}\n",
        f"date: {day.isoformat()}\n",
    ]
    if number is not None:
        out.append(f"number: {number}\n")
    out.append(f"format: {fmt}\n")
    if location:
        out.append(f"location: {scalar(location)}\n")
    out.append(f"chair: {chair}\n")
    out.append("attendees:\n" + "".join(f"  - {a}\n" for a in attendees))
    out.append("apologies: []\n")
    out.append("status: draft\n")
    out.append(f"purpose: {scalar(f'Regular meeting of the {info.name}.')}\n\n")
    out.append("items:\n")
    out.append("  - title: Welcome and apologies\n    notes:\n")
    out.append("      - The chair welcomed members and noted apologies.\n")
    out.append("  - title: Note of the previous meeting\n    notes:\n")
    if previous is not None:
        note = (
            f"The note of the previous meeting ({previous.id}, {previous.date:%-d %B %Y}) "
            "was reviewed."
        )
    else:
        note = "This is the group's first recorded meeting."
    out.append(f"      - {scalar(note)}\n")
    out.append("  - title: Actions log review\n    notes:\n")
    open_actions = [
        query.row(programme, a, as_of)
        for a in sorted(programme.actions.values(), key=lambda a: a.id)
        if a.group == info.id and query.is_open(a)
    ]
    if not open_actions:
        out.append("      - There were no open actions to review.\n")
    for r in open_actions:
        a = r.action
        owners = " and ".join(views.party_name(programme, o, audience="public") for o in a.owners)
        due = f"due {a.due}" if a.due else "no due date"
        if r.days_overdue:
            due += f" ({query.plural(r.days_overdue, 'day')} overdue)"
        status = a.status.replace("-", " ")
        line = f"{a.id} {a.title} - owned by {owners}, {due}, {status}."
        out += [text + "\n" for text in item_block(line, 6)]
    out.append("  - title: Any other business\n    notes:\n")
    out.append("      - No other business was raised.\n\n")
    out.append("actions: []\n")
    return "".join(out)
