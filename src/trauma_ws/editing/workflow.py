"""The secretariat's edits to actions: new actions, action updates; checked, then written.

Every edit runs under the programme's edit lock, first undoes an edit that was interrupted
(:func:`trauma_ws.editing.journal.recover`), is checked as part of the whole programme before
anything is written (every error ``tws validate`` would report, future dates and the
frozen-minutes rule included: a refused edit leaves every file byte for byte as it was), and is
written all or nothing by :func:`trauma_ws.editing.journal.apply`, never over a change someone
else saved meanwhile. New minutes are in :mod:`trauma_ws.editing.minutes_new`."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trauma_ws.checking import frozen
from trauma_ws.checking.validate import check, load_valid
from trauma_ws.editing import journal
from trauma_ws.editing.edit import (
    EditError,
    programme_lock,
    read_document,
    scalar,
    text_block,
)
from trauma_ws.editing.ids import next_action_id, record_path
from trauma_ws.loading.programme import ACTIONS, Programme, load
from trauma_ws.querying import names, query
from trauma_ws.record import models, periods
from trauma_ws.record.problems import DataError, UsageError, error

SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n"


@dataclass(frozen=True, slots=True)
class Written:
    """What an edit wrote: the record's id, the files changed (relative to the root), and
    notes for the person (an interrupted edit undone first, a warning about the result)."""

    ident: str
    files: tuple[str, ...]
    notes: tuple[str, ...] = ()


def recover(root: Path) -> list[str]:
    """Undo an interrupted edit and remove left-over temporary files, under the edit lock.

    Messages saying what was done (empty when there was nothing to do); EditError when an
    interrupted edit cannot be undone. See :func:`trauma_ws.editing.journal.recover`.
    """
    if not journal.pending(root):
        return []
    with programme_lock(root):
        return journal.recover(root)


@contextlib.contextmanager
def editing(root: Path) -> Iterator[list[str]]:
    """Hold the edit lock, having undone an interrupted edit; yields the messages saying so."""
    with programme_lock(root):
        yield journal.recover(root)


def check_result(
    root: Path, today: dt.date, overrides: Mapping[str, str], read: Mapping[str, str]
) -> Programme:
    """The programme as it would be after the edit; DataError (nothing written) if invalid.

    ``overrides`` maps each file the edit writes to its new text, ``read`` each existing one
    to its text as read. Every error ``tws validate`` reports on ``today`` (the programme's
    own today, as CI sees it) counts, dates after it included, and so does a change to
    approved minutes without a correction (the rule ``tws validate --since`` applies in pull
    requests).
    """
    programme = load(root, overrides=overrides)
    problems = [p for p in check(programme, as_of=today) if p.is_error]
    for rel, old in read.items():
        fields = frozen.edit_problem(old, overrides[rel])
        if fields:
            parsed = programme.files.get(rel)
            line, col = parsed.key_mark((fields[0],)) if parsed else (0, 0)
            shown = ", ".join(f"`{f}`" for f in fields)
            message = (
                f"these minutes are approved, so {shown} cannot change without a recorded "
                "correction (see `corrections`)"
            )
            problems.append(error(rel, line, col, message, "frozen-minutes"))
    if problems:
        raise DataError(
            "the edit was refused, nothing was written: the result would not pass `tws validate`",
            sorted(set(problems)),
        )
    return programme


def write(root: Path, overrides: Mapping[str, str], read: Mapping[str, str], *, what: str) -> None:
    """Write ``overrides`` all or nothing; a file in ``read`` must still hold that text."""
    changes = [
        journal.Change(
            rel,
            read[rel].encode("utf-8") if rel in read else None,
            text.encode("utf-8"),
        )
        for rel, text in overrides.items()
    ]
    journal.apply(root, changes, what=what)


def not_blank(value: str | None, option: str) -> str | None:
    """``value`` stripped; a usage error when it is given but empty or only spaces."""
    if value is None:
        return None
    if not value.strip():
        raise UsageError(f"{option} must not be empty or blank: give the text, or leave it out")
    return value.strip()


def _due_value(due: str) -> Any:
    """A due date as it reads back from YAML: a date, a year number or text.

    ``next-meeting`` is kept as it is: whether the action has a meeting to follow is the
    caller's to check (:func:`_next_meeting_needs_raised`).
    """
    if due.strip() == models.NEXT_MEETING:
        return models.NEXT_MEETING
    try:
        kind = periods.kind_of(due)
        periods.resolve(due)
    except periods.PeriodError as exc:
        raise UsageError(f"--due: {exc}") from None
    if kind == "date":
        return periods.parse_date(due)
    if kind == "year":
        return int(due)
    return due


def _next_meeting_needs_raised(ident: str) -> UsageError:
    """The refusal of ``--due next-meeting`` for an action raised at no recorded meeting."""
    return UsageError(
        f"--due next-meeting: {ident} has no `raised` meeting, so there is no meeting for it "
        "to be due at the next one after; give the meeting it arose at (`tws actions new "
        "--raised MEETING`), or a date or period such as 2023-10 or 2023-Q4"
    )


def _due_words(due: str | None) -> str:
    """A due value in an update's text: ``next-meeting`` in words, others as written."""
    if due is None:
        return "none"
    return "the next meeting" if due == models.NEXT_MEETING else due


# --- new action ---------------------------------------------------------------------------------


def _frozen_raised(programme: Programme, raised: str) -> EditError:
    """The refusal of ``--raised`` at approved minutes, with what to do instead."""
    meeting = programme.meetings[raised]
    drafts = sorted(
        (
            m
            for m in programme.meetings.values()
            if m.group == meeting.group and m.status == "draft" and m.date >= meeting.date
        ),
        key=lambda m: m.date,
    )
    if drafts:
        instead = f"record it as raised at the group's current minutes: --raised {drafts[-1].id}"
    else:
        instead = (
            f"create the group's next minutes (`tws minutes new {meeting.group}`) and record it "
            "as raised there"
        )
    return EditError(
        f"{raised} is {meeting.status}: approved minutes are frozen, so tws does not add the "
        "action to their `actions` (the pull-request check, `tws validate --since`, would "
        f"refuse it); {instead}, or leave out --raised and say in --description that it arose "
        f"at {raised}; nothing was written"
    )


def new_action(
    root: Path,
    *,
    group: str,
    title: str,
    owners: Sequence[str],
    as_of: dt.date,
    due: str | None = None,
    raised: str | None = None,
    workstream: str | None = None,
    description: str | None = None,
    today: dt.date | None = None,
) -> Written:
    """Create ``data/actions/<group>-NNN.yaml`` (and list it at the raising meeting).

    The action holds no date of its own: raised at a meeting, it is dated by the meeting
    (its last activity until its first update is the meeting's day), never by today. The
    result is checked on ``today``, the programme's own today (default ``as_of``).
    ``group``, ``owners``, ``raised`` and ``workstream`` are ids or what
    :func:`.names.resolve` takes (a name, short name or abbreviation, in any case); the file
    gets the ids, each owner once.

    UsageError for a blank title or description, no owner, an id or name that names nothing
    (or more than one record), or a bad due date;
    EditError when ``raised`` names approved or published minutes (frozen: the message says
    what to do instead), or a file changed on disk meanwhile; DataError when the result would
    not pass ``tws validate``. Nothing is written unless everything is.
    """
    title = not_blank(title, "--title") or ""
    description = not_blank(description, "--description")
    if not owners:
        raise UsageError("give at least one --owner")
    due_value = _due_value(due) if due else None
    if due_value == models.NEXT_MEETING and raised is None:
        raise _next_meeting_needs_raised("the new action")
    with editing(root) as notes:
        programme = load_valid(root, as_of=as_of)
        # Names, abbreviations and ids in any case are taken; the file gets the ids.
        group = names.resolve(programme, group, (names.GROUP,))
        owners = list(
            dict.fromkeys(names.resolve(programme, o, names.PARTIES, role="owner") for o in owners)
        )
        if workstream is not None:
            workstream = names.resolve(programme, workstream, (names.WORKSTREAM,))
        if raised is not None:
            raised = names.resolve(programme, raised, (names.MEETING,))
            if programme.meetings[raised].status in ("approved", "published"):
                raise _frozen_raised(programme, raised)
        ident = next_action_id(root, programme, group)
        rel = record_path(root, ACTIONS, ident)
        lines = [SCHEMA_LINE.format(kind="action"), "\n", f"id: {ident}\n"]
        lines += [line + "\n" for line in text_block("title", title, 0)]
        lines.append(f"group: {group}\n")
        if workstream:
            lines.append(f"workstream: {workstream}\n")
        lines.append("owners:\n" + "".join(f"  - {o}\n" for o in owners))
        if raised:
            lines.append(f"raised: {raised}\n")
        if due_value is not None:
            lines.append(f"due: {scalar(due_value)}\n")
        lines.append("status: not-started\n")
        if description:
            lines += [line + "\n" for line in text_block("description", description, 0)]
        lines.append("updates: []\n")
        overrides = {rel: "".join(lines)}
        read: dict[str, str] = {}
        if raised:
            meeting_rel = programme.meeting_files[raised]
            doc = read_document(root / meeting_rel, meeting_rel)
            doc.append("actions", ident, after=("items",))
            doc.verify()
            overrides[meeting_rel] = doc.text
            read[meeting_rel] = doc.original
        check_result(root, today or as_of, overrides, read)
        write(root, overrides, read, what=f"actions new {ident}")
        return Written(ident, tuple(overrides), tuple(notes))


# --- update an action ---------------------------------------------------------------------------


def meeting_day(root: Path, meeting: str) -> dt.date:
    """The date of ``meeting``, the day an update given there is dated.

    UsageError, naming the nearest ids, when the programme has no such meeting.
    """
    programme = load(root)
    return programme.meetings[names.resolve(programme, meeting, (names.MEETING,))].date


def update_action(
    root: Path,
    ident: str,
    *,
    by: str,
    as_of: dt.date,
    status: str | None = None,
    note: str | None = None,
    rag: str | None = None,
    due: str | None = None,
    today: dt.date | None = None,
    latest: dt.date | None = None,
) -> Written:
    """Append a dated update to an action, changing status, RAG or due date with it.

    The update (and ``completed``) is dated ``as_of``, which must not be after ``today`` (the
    programme's own today; default ``as_of``): ``tws validate`` would refuse the date; nor
    after ``latest`` when given (the day the user treats as today, ``--as-of``). The result is
    checked on ``today``.
    ``ident`` and ``by`` are ids or names (:func:`.names.resolve`); the file gets the ids.
    UsageError for nothing to update, a blank note, an unknown id, name or value; EditError when
    ``as_of`` is after today or the file changed on disk meanwhile; DataError when the result
    would not pass ``tws validate``. Nothing is written unless everything is.
    """
    note = not_blank(note, "--note")
    if today is not None and as_of > today:
        raise EditError(
            f"the update's date, {as_of}, is after today ({today} in the programme's time "
            "zone), and `tws validate` refuses dates after today: give --on an earlier "
            "date; nothing was written"
        )
    if latest is not None and as_of > latest:
        raise EditError(
            f"the update's date, {as_of}, is after the day given as today (--as-of "
            f"{latest}): give --on, or a meeting held by then; nothing was written"
        )
    if status is not None:
        query.known("status", status, models.STATUSES)
    if rag is not None:
        query.known("rag", rag, (*models.RAGS, "auto"))
    due_value = _due_value(due) if due is not None else None
    if status is None and note is None and rag is None and due is None:
        raise UsageError("nothing to update: give --status, --note, --rag or --due")
    with editing(root) as notes:
        programme = load_valid(root, as_of=as_of)
        ident = names.resolve(programme, ident, (names.ACTION,))
        by = names.resolve(programme, by, names.PARTIES, role="update author (--by)")
        action = programme.actions[ident]
        rel = programme.action_files[ident]
        doc = read_document(root / rel, rel)
        changes: list[str] = []
        if status is not None and status != action.status:
            doc.set("status", status, after=("due", "raised", "owners"))
            changes.append(f"status changed from {action.status} to {status}")
            if status == "done":
                doc.set("completed", as_of, after=("status",))
            elif action.completed is not None:
                doc.remove("completed")
        if rag is not None:
            if rag == "auto":
                if action.rag is not None:
                    doc.remove("rag")
                    changes.append("RAG now derived (manual rating removed)")
            elif rag != action.rag:
                doc.set("rag", rag, after=("completed", "status"))
                changes.append(f"RAG set to {rag}")
        if due_value is not None and str(due_value) != (action.due or ""):
            if due_value == models.NEXT_MEETING and action.raised is None:
                raise _next_meeting_needs_raised(ident)
            doc.set("due", due_value, after=("raised", "owners"))
            changes.append(
                f"due date changed from {_due_words(action.due)} to {_due_words(str(due_value))}"
            )
        if not changes and note is None:
            raise UsageError(f"{ident} already has those values: nothing to update")
        if note is not None:
            text = note
        else:
            summary = "; ".join(changes)
            text = summary[:1].upper() + summary[1:] + "."
        entry: dict[str, Any] = {"date": as_of, "by": by}
        body = [f"date: {as_of.isoformat()}", f"by: {scalar(by)}"]
        if status is not None and status != action.status:
            entry["status"] = status
            body.append(f"status: {status}")
        entry["text"] = text
        body += text_block("text", text, 0, width=88)
        doc.append("updates", entry, body, after=("description", "completed", "rag", "status"))
        doc.verify()
        overrides, read = {rel: doc.text}, {rel: doc.original}
        check_result(root, today or as_of, overrides, read)
        write(root, overrides, read, what=f"actions update {ident}")
        return Written(ident, (rel,), tuple(notes))
