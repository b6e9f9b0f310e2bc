"""`tws minutes approve` and `tws minutes publish`: the approval of minutes, and publishing.

Each edit changes only the lines it must in the meeting's file (``status``, and on approval
``approved_at`` or ``approved_by`` with ``approved_on``), keeping comments, line endings and
a byte-order mark; runs under the edit lock and is checked with the whole programme before
anything is written, as every edit is (see :mod:`trauma_ws.editing.workflow`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from trauma_ws.checking.validate import load_valid
from trauma_ws.editing.edit import EditError, read_document
from trauma_ws.editing.workflow import Written, check_result, editing, not_blank, write
from trauma_ws.loading.programme import Programme
from trauma_ws.querying import names
from trauma_ws.record import models
from trauma_ws.record.problems import UsageError

_FROZEN = ("approved", "published")
_CORRECTIONS = (
    "approved minutes are frozen: a mistake in them is put right by a correction agreed at a "
    "later meeting, recorded under `corrections` (date, agreed_at, change)"
)


def _day(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


def _approval(meeting: models.Meeting) -> str:
    """How the minutes' approval is recorded, in words (empty when it is not)."""
    if meeting.approved_at:
        return f" (approved at {meeting.approved_at})"
    if meeting.approved_by:
        on = f" on {meeting.approved_on}" if meeting.approved_on else ""
        return f" (approved by {meeting.approved_by}{on})"
    return ""


def _later_meetings(programme: Programme, meeting: models.Meeting) -> list[models.Meeting]:
    """The meetings of the same group after ``meeting``, earliest first."""
    return sorted(
        (
            m
            for m in programme.meetings.values()
            if m.group == meeting.group and m.date > meeting.date
        ),
        key=lambda m: m.date,
    )


def _at_hint(programme: Programme, meeting: models.Meeting) -> str:
    """The ``--at`` to give: the group's next meeting, or how to record one first."""
    later = _later_meetings(programme, meeting)
    if later:
        return f"--at {later[0].id}"
    return (
        f"--at LATER_MEETING (no later meeting of the group is recorded yet: create it with "
        f"tws minutes new {meeting.group} --date DATE)"
    )


def _open(programme: Programme, ident: str) -> models.Meeting:
    """The meeting ``ident`` names: its id, or a name :func:`names.resolve` takes."""
    return programme.meetings[names.resolve(programme, ident, (names.MEETING,))]


def _check_at(programme: Programme, meeting: models.Meeting, at: str, today: dt.date) -> str:
    """The id of the meeting ``--at`` names, refused unless it is a later meeting, of the
    group or one it reports to, held by ``today``."""
    at = names.resolve(programme, at, (names.MEETING,), role="meeting (--at)")
    later = programme.meetings[at]
    group = programme.groups.get(meeting.group)
    name = group.name if group else meeting.group
    if later.id == meeting.id:
        raise EditError(
            f"minutes cannot approve themselves: give the later meeting whose minutes approved "
            f"{meeting.id} ({_at_hint(programme, meeting)}); nothing was written"
        )
    if later.date <= meeting.date:
        raise EditError(
            f"{at} was held on {_day(later.date)}, not after {meeting.id} "
            f"({_day(meeting.date)}): minutes are approved at a later meeting; give "
            f"{_at_hint(programme, meeting)}; nothing was written"
        )
    parents = group.reports_to if group else []
    if later.group != meeting.group and later.group not in parents:
        other = programme.groups.get(later.group)
        raise EditError(
            f"{at} is a meeting of the {other.name if other else later.group}, not of the "
            f"{name} or a group it reports to: give a later meeting of the {name} "
            f"({_at_hint(programme, meeting)}), or, for approval by a body whose meetings "
            "are not kept here, --by BODY --on DATE; nothing was written"
        )
    if later.date > today:
        raise EditError(
            f"{at} is on {_day(later.date)}, after today ({_day(today)}): record the approval "
            "once that meeting has approved the minutes; nothing was written"
        )
    return at


def _check_by(
    programme: Programme, meeting: models.Meeting, by: str, on: dt.date, today: dt.date
) -> None:
    """Refuse ``--by`` naming a group kept here, and ``--on`` before the meeting or after
    ``today``."""
    wanted = by.casefold()
    for group in programme.groups.values():
        names = {group.id, group.name, group.short_name or group.id}
        if not group.external and wanted in {n.casefold() for n in names}:
            raise EditError(
                f"`{by}` is the {group.name}, whose meetings are kept here: record the "
                f"approval at its meeting with --at MEETING; nothing was written"
            )
    if on < meeting.date:
        raise EditError(
            f"--on {on} is before the meeting ({_day(meeting.date)}): minutes are approved "
            "after the meeting; nothing was written"
        )
    if on > today:
        raise EditError(
            f"--on {on} is after today ({_day(today)}): record the approval once it has been "
            "given; nothing was written"
        )


def approve(
    root: Path,
    ident: str,
    *,
    as_of: dt.date,
    at: str | None = None,
    by: str | None = None,
    on: dt.date | None = None,
    today: dt.date | None = None,
) -> Written:
    """Record that draft minutes were approved: ``status: approved`` and where.

    ``at`` names the later meeting (of the same group, or of a group it reports to) whose
    minutes approved them (``approved_at``); ``by`` and ``on`` instead name a body whose
    meetings are not kept here and the day it approved them (``approved_by``,
    ``approved_on``). ``today`` is the programme's own today (default ``as_of``): the
    approving meeting or day must not be after it, nor after ``as_of``.

    UsageError for an unknown meeting, ``at`` together with ``by``, neither, or ``by``
    without ``on``; EditError when the minutes are already approved or published (the
    message says how corrections work), ``at`` is not a later meeting of the group (or of
    one it reports to) held by today, ``by`` names a group whose meetings are kept here, or
    ``on`` is before the meeting or after today; DataError when the result would not pass
    ``tws validate``. Nothing is written unless everything is.
    """
    by = not_blank(by, "--by")
    if at is not None and (by is not None or on is not None):
        raise UsageError(
            "give --at LATER_MEETING or --by BODY --on DATE, not both: --at names a meeting "
            "recorded here, --by a body whose meetings are not"
        )
    if at is None and by is None and on is None:
        raise UsageError(
            "say where the minutes were approved: --at LATER_MEETING (a later meeting "
            "recorded here) or --by BODY --on DATE (a body whose meetings are not kept here)"
        )
    if (by is None) != (on is None):
        given, missing = ("--by", "--on DATE") if on is None else ("--on", "--by BODY")
        raise UsageError(f"{given} needs {missing}: approval by another body gives both")
    today = today or as_of
    # The approval must have been given by the day --as-of names and by the real today.
    by_then = min(as_of, today)
    with editing(root) as notes:
        programme = load_valid(root, as_of=as_of)
        meeting = _open(programme, ident)
        ident = meeting.id
        if meeting.status in _FROZEN:
            publish = (
                f"; to publish them: `tws minutes publish {ident}`"
                if meeting.status == "approved"
                else ""
            )
            raise EditError(
                f"{ident} is already {meeting.status}{_approval(meeting)}, and {_CORRECTIONS}"
                f"{publish}; nothing was written"
            )
        if at is not None:
            at = _check_at(programme, meeting, at, by_then)
        elif by is not None and on is not None:
            _check_by(programme, meeting, by, on, by_then)
        rel = programme.meeting_files[ident]
        doc = read_document(root / rel, rel)
        doc.set("status", "approved")
        if at is not None:
            doc.set("approved_at", at, after=("status",))
        elif by is not None and on is not None:
            doc.set("approved_by", by, after=("status",))
            doc.set("approved_on", on, after=("approved_by",))
        doc.verify()
        overrides, read = {rel: doc.text}, {rel: doc.original}
        check_result(root, today, overrides, read)
        write(root, overrides, read, what=f"minutes approve {ident}")
        return Written(ident, (rel,), tuple(notes))


def publish(root: Path, ident: str, *, as_of: dt.date, today: dt.date | None = None) -> Written:
    """Mark approved minutes ``status: published``; nothing else in the file changes.

    UsageError for an unknown meeting; EditError for draft minutes (the message gives the
    approve command) or minutes already published; DataError when the result would not
    pass ``tws validate`` on ``today`` (the programme's own today; default ``as_of``).
    Nothing is written unless everything is.
    """
    with editing(root) as notes:
        programme = load_valid(root, as_of=as_of)
        meeting = _open(programme, ident)
        ident = meeting.id
        if meeting.status == "draft":
            raise EditError(
                f"{ident} are draft minutes: approve them first, then publish them. Approve "
                f"them with `tws minutes approve {ident}` and {_at_hint(programme, meeting)}, "
                "or --by BODY --on DATE when a body whose meetings are not kept here approved "
                "them; nothing was written"
            )
        if meeting.status == "published":
            raise EditError(f"{ident} is already published; nothing was written")
        rel = programme.meeting_files[ident]
        doc = read_document(root / rel, rel)
        doc.set("status", "published")
        doc.verify()
        overrides, read = {rel: doc.text}, {rel: doc.original}
        check_result(root, today or as_of, overrides, read)
        write(root, overrides, read, what=f"minutes publish {ident}")
        return Written(ident, (rel,), tuple(notes))
