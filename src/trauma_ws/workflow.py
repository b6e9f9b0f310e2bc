"""The secretariat's edits: new minutes, new actions, action updates; checked, then written.

Every edit runs under the programme's edit lock, is checked as part of the whole programme
before anything is written (a refused edit leaves every file byte for byte as it was), and is
written atomically.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trauma_ws import gitio, models, periods, query, views
from trauma_ws.edit import (
    EditError,
    atomic_write,
    item_block,
    programme_lock,
    read_document,
    scalar,
    text_block,
)
from trauma_ws.problems import DataError, TwsError, UsageError
from trauma_ws.programme import ACTIONS, MEETINGS, Programme
from trauma_ws.validate import load_valid

SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n"


@dataclass(frozen=True, slots=True)
class Written:
    """What an edit wrote: the record's id and the files changed, relative to the root."""

    ident: str
    files: tuple[str, ...]


def _parties(programme: Programme) -> dict[str, object]:
    return {**programme.organisations, **programme.people, **programme.groups}


def _check_result(root: Path, as_of: dt.date, overrides: dict[str, str]) -> Programme:
    """The programme as it would be after the edit; DataError (nothing written) if invalid."""
    try:
        return load_valid(root, as_of=as_of, overrides=overrides)
    except DataError as exc:
        raise DataError(
            "the edit was refused, nothing was written: the result would not pass `tws validate`",
            exc.problems,
        ) from None


def _due_value(due: str) -> Any:
    """A due date as it reads back from YAML: a date, a year number or text."""
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


# --- ids ----------------------------------------------------------------------------------------


def record_path(root: Path, folder: str, ident: str) -> str:
    """``<folder>/<ident>.yaml``, refused unless ``ident`` is a well-formed id.

    Checked before anything is written, so no id can lead a write outside the folder.
    """
    if not re.fullmatch(models.ID_PATTERN.strip("^$"), ident):
        raise UsageError(f"`{ident}` is not a valid id (lower-case letters, digits, hyphens)")
    rel = f"{folder}/{ident}.yaml"
    target = (root / rel).resolve()
    if target.parent != (root / folder).resolve():
        raise UsageError(f"`{ident}` would be written outside {folder}/")
    return rel


def ids_on_branches(root: Path) -> set[str]:
    """Action ids in ``data/actions/`` on every local and remote-tracking branch.

    The programme may sit in a sub-folder of its repository; empty outside a git repository.
    """

    def git(*args: str) -> bytes:
        try:
            code, out = gitio.run_bytes(root, *args)
        except TwsError:
            return b""  # no git here: nothing to avoid
        return out if code == 0 else b""

    if gitio.not_a_repository(root) is not None:
        return set()
    prefix = gitio.prefix(root)
    refs = git("for-each-ref", "--format=%(refname)%00", "refs/heads", "refs/remotes")
    found: set[str] = set()
    for ref in gitio.paths(refs):
        if not ref.startswith("refs/"):
            continue
        tree = f"{ref}:{prefix}{ACTIONS}"
        # --full-tree: from a sub-folder, ls-tree would otherwise list only paths under it
        listing = gitio.paths(git("ls-tree", "-z", "--full-tree", "--name-only", tree))
        found.update(n.removesuffix(".yaml") for n in listing if n.endswith(".yaml"))
    return found


def id_prefix(programme: Programme, group: str) -> str:
    """The prefix of a group's action ids: as its existing actions have it, else its id."""
    counts: dict[str, int] = {}
    for action in programme.actions.values():
        m = _NUMBERED.fullmatch(action.id)
        if action.group == group and m:
            counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    return max(sorted(counts), key=lambda p: counts[p]) if counts else group


_NUMBERED = re.compile(r"(.+)-([0-9]+)")


def next_action_id(root: Path, programme: Programme, group: str) -> str:
    """The next free ``<prefix>-NNN`` id, counting files here and on every branch.

    Remote-tracking branches count too, so an id taken on a colleague's pushed branch is
    never handed out again.
    """
    pattern = re.compile(rf"{re.escape(id_prefix(programme, group))}-([0-9]+)")
    used = set(programme.actions)
    used.update(p.name.removesuffix(".yaml") for p in (root / ACTIONS).glob("*.yaml"))
    used.update(ids_on_branches(root))
    numbers = [int(m.group(1)) for ident in used if (m := pattern.fullmatch(ident))]
    return f"{id_prefix(programme, group)}-{max(numbers, default=0) + 1:03d}"


# --- new action ---------------------------------------------------------------------------------


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
) -> Written:
    """Create ``data/actions/<group>-NNN.yaml`` (and list it at the raising meeting)."""
    if not title.strip():
        raise UsageError("--title must not be empty")
    if not owners:
        raise UsageError("give at least one --owner")
    due_value = _due_value(due) if due else None
    with programme_lock(root):
        programme = load_valid(root, as_of=as_of)
        query.known("group", group, programme.groups)
        for owner in owners:
            query.known("owner", owner, _parties(programme))
        if workstream is not None:
            query.known("workstream", workstream, programme.workstreams)
        if raised is not None:
            query.known("meeting", raised, programme.meetings)
        ident = next_action_id(root, programme, group)
        rel = record_path(root, ACTIONS, ident)
        lines = [SCHEMA_LINE.format(kind="action"), "\n", f"id: {ident}\n"]
        lines += [line + "\n" for line in text_block("title", title.strip(), 0)]
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
            lines += [line + "\n" for line in text_block("description", description.strip(), 0)]
        lines.append("updates: []\n")
        overrides = {rel: "".join(lines)}
        meeting_rel = None
        if raised:
            meeting_rel = programme.meeting_files[raised]
            doc = read_document(root / meeting_rel, meeting_rel)
            doc.append("actions", ident, after=("items",))
            doc.verify()
            overrides[meeting_rel] = doc.text
        _check_result(root, as_of, overrides)
        target = root / rel
        try:
            atomic_write(target, overrides[rel], exclusive=True)
        except FileExistsError:
            raise EditError(f"{rel} appeared while writing; run the command again") from None
        if meeting_rel is not None:
            try:
                atomic_write(root / meeting_rel, overrides[meeting_rel])
            except OSError:
                target.unlink(missing_ok=True)  # keep the pair consistent
                raise
        return Written(ident, (rel,) + ((meeting_rel,) if meeting_rel else ()))


# --- update an action ---------------------------------------------------------------------------


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
) -> Written:
    """Append a dated update to an action, changing status, RAG or due date with it."""
    if status is not None:
        query.known("status", status, models.STATUSES)
    if rag is not None:
        query.known("rag", rag, (*models.RAGS, "auto"))
    due_value = _due_value(due) if due is not None else None
    if status is None and note is None and rag is None and due is None:
        raise UsageError("nothing to update: give --status, --note, --rag or --due")
    with programme_lock(root):
        programme = load_valid(root, as_of=as_of)
        query.known("action", ident, programme.actions)
        query.known("update author (--by)", by, _parties(programme))
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
            doc.set("due", due_value, after=("raised", "owners"))
            changes.append(f"due date changed from {action.due or 'none'} to {due}")
        if not changes and note is None:
            raise UsageError(f"{ident} already has those values: nothing to update")
        if note and note.strip():
            text = note.strip()
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
        _check_result(root, as_of, {rel: doc.text})
        atomic_write(root / rel, doc.text)
        return Written(ident, (rel,))


# --- new minutes --------------------------------------------------------------------------------


def new_minutes(
    root: Path,
    group: str,
    *,
    day: dt.date,
    as_of: dt.date,
    format: str | None = None,
    location: str | None = None,
) -> Written:
    """Create ``data/meetings/<group>-<date>.yaml``: attendance, chair, agenda, actions log."""
    with programme_lock(root):
        programme = load_valid(root, as_of=as_of)
        query.known("group", group, programme.groups)
        info = programme.groups[group]
        if info.external:
            raise UsageError(f"`{group}` is an external body whose minutes are kept elsewhere")
        ident = f"{group}-{day.isoformat()}"
        rel = record_path(root, MEETINGS, ident)
        if (root / rel).exists():
            raise EditError(f"{rel} already exists: edit it, or choose another --date")
        members = query.members_on(programme, group, day)
        if not members:
            raise UsageError(f"`{group}` has no members on {day}: add them in data/groups.yaml")
        chairs = [m.id for m in members if m.role == "chair"]
        if not chairs:
            raise UsageError(
                f"`{group}` has no chair on {day}: give a member `role: chair` in data/groups.yaml"
            )
        earlier = sorted(
            (m for m in programme.meetings.values() if m.group == group and m.date < day),
            key=lambda m: m.date,
        )
        previous = earlier[-1] if earlier else None
        number = previous.number + 1 if previous and previous.number else None
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
        _check_result(root, as_of, {rel: text})
        try:
            atomic_write(root / rel, text, exclusive=True)
        except FileExistsError:
            raise EditError(f"{rel} already exists: edit it, or choose another --date") from None
        return Written(ident, (rel,))


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
