"""`tws actions …` queries over the workplan, and `tws groups` / `tws members`."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from trauma_ws.cli.app import app
from trauma_ws.cli.common import (
    App,
    AsOfOpt,
    FormatOpt,
    NoBomOpt,
    OutputOpt,
    RootOpt,
    TableFormat,
    emit,
    eprint,
    out,
    parse_day,
    resolve_as_of,
    resolve_root,
    stdout,
)

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from trauma_ws.programme import Programme
    from trauma_ws.query import Row

actions_app = App(
    name="actions",
    help="Ask what needs chasing: list, overdue, due, stale, chase and show actions.\n\n"
    "Every query takes --as-of DATE (default today) and --format table|json|csv.",
)
app.add_typer(actions_app, name="actions")

ROW_COLUMNS = [
    "id",
    "title",
    "group",
    "workstream",
    "owners",
    "status",
    "rag",
    "rag_manual",
    "due",
    "due_date",
    "days_overdue",
    "days_to_due",
    "last_update",
    "last_activity",
    "raised",
    "via",
]


def _load(root: Path | None, as_of: dt.date | None) -> tuple[Programme, dt.date]:
    from trauma_ws.validate import load_valid

    folder = resolve_root(root)
    day = resolve_as_of(as_of, folder)
    return load_valid(folder, as_of=day), day


def _rag(r: Row) -> str:
    if r.rag is None:
        return "-"
    return f"{r.rag} (manual)" if r.rag_manual else r.rag


def _table(
    rows: list[dict[str, Any]],
    fmt: TableFormat,
    columns: list[tuple[str, str]],
    dest: Path | None,
    *,
    csv_columns: list[str],
    title: str,
    empty: str | None = None,
    bom: bool = True,
) -> None:
    """Rows in ``fmt`` to standard output or the file ``dest`` (CSV files get a byte-order
    mark unless ``bom`` is False); a rich table only on a terminal."""
    from trauma_ws import output

    if fmt is TableFormat.json:
        emit(output.rows_json(rows), dest)
    elif fmt is TableFormat.csv:
        emit(output.rows_csv(rows, csv_columns), dest, bom=bom)
    elif not rows and empty is not None:
        emit(empty + "\n", dest)
    elif dest is None:
        terminal = stdout() if output.use_colour(stdout()) else None
        text = output.rows_table(rows, columns, title=title, terminal=terminal)
        out(text, escape=terminal is None)
    else:
        emit(output.rows_table(rows, columns, title=title), dest)


def _emit(
    rows: list[Row],
    fmt: TableFormat,
    columns: list[tuple[str, str]],
    dest: Path | None,
    *,
    title: str,
    empty: str,
    bom: bool,
) -> None:
    if fmt is not TableFormat.table:
        plain = [r.to_dict() for r in rows]
        _table(plain, fmt, columns, dest, csv_columns=ROW_COLUMNS, title=title, bom=bom)
        return
    table = []
    for r in rows:
        d = r.to_dict()
        d["rag"] = _rag(r)
        d["owners"] = ", ".join(r.action.owners)
        d["via"] = " > ".join(r.via) if r.via else ""
        table.append(d)
    _table(table, fmt, columns, dest, csv_columns=ROW_COLUMNS, title=title, empty=empty)


StatusOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        "-s",
        help="Only these statuses (repeatable): not-started, in-progress, blocked, done, dropped.",
        show_default=False,
    ),
]


@actions_app.command("list")
def list_(
    status: StatusOpt = None,
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            help="An organisation, person or group id. An organisation also finds "
            "actions owned by its people and by the groups it belongs to on the as-of date "
            "(shown in the `via` column).",
            show_default=False,
        ),
    ] = None,
    group: Annotated[
        str | None,
        typer.Option(
            "--group", "-g", help="Only actions in this group's action log.", show_default=False
        ),
    ] = None,
    workstream: Annotated[
        str | None,
        typer.Option(
            "--workstream", "-w", help="Only actions in this workstream.", show_default=False
        ),
    ] = None,
    raised: Annotated[
        str | None,
        typer.Option(
            "--raised",
            metavar="MEETING",
            help="Only actions that arose at this meeting id.",
            show_default=False,
        ),
    ] = None,
    open_: Annotated[
        bool, typer.Option("--open", help="Only open actions (not done or dropped).")
    ] = False,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
    format: FormatOpt = TableFormat.table,
    output: OutputOpt = None,
    no_bom: NoBomOpt = False,
) -> None:
    """List actions; filters combine (all must match)."""
    from trauma_ws import query

    programme, day = _load(root, as_of)
    rows = query.select(
        programme,
        as_of=day,
        statuses=status or (),
        owner=owner,
        group=group,
        workstream=workstream,
        raised=raised,
        open_only=open_,
    )
    columns = [
        ("id", "ID"),
        ("title", "Title"),
        ("owners", "Owners"),
        ("status", "Status"),
        ("rag", "RAG"),
        ("due", "Due"),
        ("due_date", "Due date"),
    ]
    if owner is not None:
        columns.append(("via", "Via"))
        if any(r.via for r in rows) and format is TableFormat.table:
            eprint(
                f"Includes actions {owner} answers for through its groups or people "
                "(see the Via column)."
            )
    _emit(
        rows,
        format,
        columns,
        output,
        title=f"Actions ({len(rows)})",
        empty="No actions match.",
        bom=not no_bom,
    )


@actions_app.command()
def overdue(
    root: RootOpt = None,
    as_of: AsOfOpt = None,
    format: FormatOpt = TableFormat.table,
    output: OutputOpt = None,
    no_bom: NoBomOpt = False,
    fail_if_any: Annotated[
        bool, typer.Option("--fail-if-any", help="Exit 1 when any action is overdue (for CI).")
    ] = False,
) -> None:
    """Open actions whose due date has passed, most overdue first.

    A due date written as a month, quarter, year or financial year counts from the last
    day of that period. Exits 0 whether or not any are overdue, unless --fail-if-any.
    """
    from trauma_ws import query

    programme, day = _load(root, as_of)
    rows = query.overdue(programme, as_of=day)
    columns = [
        ("id", "ID"),
        ("title", "Title"),
        ("owners", "Owners"),
        ("due", "Due"),
        ("due_date", "Due date"),
        ("days_overdue", "Days overdue"),
        ("status", "Status"),
    ]
    _emit(
        rows,
        format,
        columns,
        output,
        bom=not no_bom,
        title=f"Overdue actions on {day} ({len(rows)})",
        empty=f"No actions are overdue on {day}.",
    )
    if fail_if_any and rows:
        raise typer.Exit(1)


@actions_app.command()
def due(
    within: Annotated[int, typer.Option("--within", min=0, help="Days ahead to look.")] = 30,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
    format: FormatOpt = TableFormat.table,
    output: OutputOpt = None,
    no_bom: NoBomOpt = False,
) -> None:
    """Open actions falling due from the as-of date to --within days ahead, soonest first."""
    from trauma_ws import query

    programme, day = _load(root, as_of)
    rows = query.due_within(programme, as_of=day, days=within)
    columns = [
        ("id", "ID"),
        ("title", "Title"),
        ("owners", "Owners"),
        ("due", "Due"),
        ("due_date", "Due date"),
        ("days_to_due", "In days"),
        ("rag", "RAG"),
    ]
    _emit(
        rows,
        format,
        columns,
        output,
        bom=not no_bom,
        title=f"Due within {within} days of {day} ({len(rows)})",
        empty=f"Nothing falls due within {within} days of {day}.",
    )


@actions_app.command()
def stale(
    days: Annotated[int, typer.Option("--days", min=0, help="Days without an update.")] = 60,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
    format: FormatOpt = TableFormat.table,
    output: OutputOpt = None,
    no_bom: NoBomOpt = False,
) -> None:
    """Open actions with no update (or, with none, no raising meeting) in --days days."""
    from trauma_ws import query

    programme, day = _load(root, as_of)
    rows = query.stale(programme, as_of=day, days=days)
    columns = [
        ("id", "ID"),
        ("title", "Title"),
        ("owners", "Owners"),
        ("status", "Status"),
        ("last_activity", "Last activity"),
    ]
    _emit(
        rows,
        format,
        columns,
        output,
        bom=not no_bom,
        title=f"No update for {days} days ({len(rows)})",
        empty=f"Every open action has an update within {days} days.",
    )


class ChaseFormat(StrEnum):
    text = "text"
    json = "json"


@actions_app.command()
def chase(
    within: Annotated[
        int, typer.Option("--within", min=0, help="Count as due soon within this many days.")
    ] = 30,
    stale_days: Annotated[
        int, typer.Option("--stale-days", min=0, help="Count as stale after this many days.")
    ] = 60,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Only this owner's block.", show_default=False)
    ] = None,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
    format: Annotated[ChaseFormat, typer.Option("--format", "-f")] = ChaseFormat.text,
) -> None:
    """One block per owner of everything overdue, due soon or stale, ready for an email.

    Each action names the meeting it arose at. A group owner means all its members; its
    block lists them.
    """
    from trauma_ws import query

    programme, day = _load(root, as_of)
    if owner is not None:
        query.known(
            "owner", owner, {**programme.organisations, **programme.people, **programme.groups}
        )
    blocks = query.chase(programme, as_of=day, within=within, stale_days=stale_days)
    if owner is not None:
        blocks = [b for b in blocks if b.owner == owner]
    if format is ChaseFormat.json:
        from trauma_ws import output

        out(
            output.rows_json(
                [
                    {
                        "owner": b.owner,
                        "name": b.name,
                        "members": b.members,
                        "actions": [{**r.to_dict(), "reasons": why} for r, why in b.items],
                    }
                    for b in blocks
                ]
            )
        )
        return
    if not blocks:
        out(f"Nothing to chase on {day}.\n")
        return
    lines: list[str] = []
    for block in blocks:
        lines.append(f"To: {block.name} ({block.owner})")
        if block.members:
            lines.append(f"    (all members: {', '.join(block.members)})")
        lines.append("")
        lines.append(f"Actions to follow up as of {day}:")
        for r, why in block.items:
            a = r.action
            lines.append(f"  - {a.id}: {a.title}")
            arose = _meeting_label(programme, a.raised)
            due_text = (
                f"due {a.due} ({r.due_date})"
                if r.due_date and a.due != str(r.due_date)
                else (f"due {a.due}" if a.due else "no due date")
            )
            lines.append(f"    {due_text}; status {a.status}; {'; '.join(why)}")
            if arose:
                lines.append(f"    arose at {arose}")
        lines.append("")
        lines.append("-" * 72)
        lines.append("")
    out("\n".join(lines))


def _meeting_label(programme: Programme, meeting_id: str | None) -> str:
    if meeting_id is None or meeting_id not in programme.meetings:
        return ""
    meeting = programme.meetings[meeting_id]
    group = programme.groups.get(meeting.group)
    name = group.name if group else meeting.group
    return f"the {name} meeting of {meeting.date:%-d %B %Y} ({meeting_id})"


class ShowFormat(StrEnum):
    text = "text"
    json = "json"


@actions_app.command()
def show(
    action_id: Annotated[str, typer.Argument(metavar="ID", help="The action's id, e.g. pdg-001.")],
    root: RootOpt = None,
    as_of: AsOfOpt = None,
    format: Annotated[ShowFormat, typer.Option("--format", "-f")] = ShowFormat.text,
) -> None:
    """One action: its resolved due date, RAG (derived or manual) and history of updates."""
    from trauma_ws import query

    programme, day = _load(root, as_of)
    query.known("action", action_id, programme.actions)
    r = query.row(programme, programme.actions[action_id], day)
    a = r.action
    if format is ShowFormat.json:
        detail: dict[str, Any] = {
            **r.to_dict(),
            "description": a.description,
            "completed": a.completed.isoformat() if a.completed else None,
            "updates": [
                {"date": u.date.isoformat(), "by": u.by, "text": u.text, "status": u.status}
                for u in a.updates
            ],
        }
        out(_json_one(detail))
        return
    lines = [f"{a.id}: {a.title}", ""]
    owners = ", ".join(f"{programme.name_of(o)} ({o})" for o in a.owners)
    fields = [
        ("Group", f"{programme.name_of(a.group)} ({a.group})"),
        (
            "Workstream",
            f"{programme.workstreams[a.workstream].title} ({a.workstream})"
            if a.workstream
            else "-",
        ),
        ("Owners", owners),
        ("Status", a.status + (f", completed {a.completed}" if a.completed else "")),
        ("RAG", _rag(r) + ("" if r.rag_manual else " (derived)") if r.rag else "-"),
        (
            "Due",
            f"{a.due} (resolves to {r.due_date})"
            if a.due and a.due != str(r.due_date)
            else (a.due or "-"),
        ),
    ]
    if r.days_overdue is not None:
        fields.append(("Overdue", query.plural(r.days_overdue, "day")))
    elif r.days_to_due is not None:
        fields.append(("Due in", query.plural(r.days_to_due, "day")))
    fields.append(("Raised at", _meeting_label(programme, a.raised) or "-"))
    width = max(len(k) for k, _ in fields)
    lines += [f"{k.ljust(width)}  {v}" for k, v in fields]
    if a.description:
        lines += ["", a.description]
    lines += ["", "History:" if a.updates else "History: no updates yet"]
    for u in a.updates:
        change = f" [status: {u.status}]" if u.status else ""
        lines.append(f"  {u.date}  {programme.name_of(u.by)}{change}: {u.text}")
    out("\n".join(lines) + "\n")


def _json_one(detail: dict[str, Any]) -> str:
    from trauma_ws.output import json_text

    return json_text(detail)


# --- groups and members -------------------------------------------------------------------------


@app.command()
def groups(
    root: RootOpt = None,
    as_of: AsOfOpt = None,
    format: FormatOpt = TableFormat.table,
    output: OutputOpt = None,
    no_bom: NoBomOpt = False,
) -> None:
    """The groups with their reporting lines, members today and meetings held."""
    from trauma_ws import query

    programme, day = _load(root, as_of)
    rows = []
    for gid, group in sorted(programme.groups.items()):
        rows.append(
            {
                "id": gid,
                "name": group.name,
                "short_name": group.short_name,
                "external": group.external,
                "reports_to": list(group.reports_to),
                "reported_to_by": sorted(
                    g for g, other in programme.groups.items() if gid in other.reports_to
                ),
                "members": len(query.members_on(programme, gid, day)),
                "meetings": sum(1 for m in programme.meetings.values() if m.group == gid),
            }
        )
    columns = [
        "id",
        "name",
        "short_name",
        "external",
        "reports_to",
        "reported_to_by",
        "members",
        "meetings",
    ]
    if format is TableFormat.table:
        for r in rows:
            r["external"] = "external" if r["external"] else ""
    table_columns = [
        ("id", "ID"),
        ("name", "Name"),
        ("external", ""),
        ("reports_to", "Reports to"),
        ("reported_to_by", "Reported to by"),
        ("members", "Members"),
        ("meetings", "Meetings"),
    ]
    _table(
        rows,
        format,
        table_columns,
        output,
        csv_columns=columns,
        title=f"Groups on {day}",
        bom=not no_bom,
    )


@app.command()
def members(
    group: Annotated[str, typer.Argument(metavar="GROUP", help="A group id, e.g. pdg.")],
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar="DATE",
            help="Membership on this date (default: the as-of date).",
            show_default=False,
        ),
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Everyone ever a member, with since and until.")
    ] = False,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
    format: FormatOpt = TableFormat.table,
    output: OutputOpt = None,
    no_bom: NoBomOpt = False,
) -> None:
    """A group's members on a date: who, their role, since and until."""
    from trauma_ws import query

    programme, day = _load(root, as_of)
    query.known("group", group, programme.groups)
    when = parse_day(on) if on is not None else day
    chosen = programme.groups[group].members if all_ else query.members_on(programme, group, when)
    rows = []
    for m in chosen:
        person = programme.people.get(m.id)
        rows.append(
            {
                "id": m.id,
                "name": programme.name_of(m.id),
                "kind": "person" if person else "organisation",
                "organisation": person.organisation if person else None,
                "role": m.role,
                "since": m.since.isoformat() if m.since else None,
                "until": m.until.isoformat() if m.until else None,
            }
        )
    columns = ["id", "name", "kind", "organisation", "role", "since", "until"]
    title = f"Members of {programme.groups[group].name}" + ("" if all_ else f" on {when}")
    _table(
        rows,
        format,
        [(c, c.capitalize()) for c in columns],
        output,
        csv_columns=columns,
        title=title,
        empty=f"{group} has no members on {when}.",
        bom=not no_bom,
    )


@app.command()
def history(
    record: Annotated[
        str, typer.Argument(metavar="ID", help="An action or meeting id, e.g. pdg-003.")
    ],
    root: RootOpt = None,
    format: Annotated[ShowFormat, typer.Option("--format", "-f")] = ShowFormat.text,
) -> None:
    """An action's or meeting's change history from git: date, author, commit, fields changed.

    Lists every commit that changed the record's file, oldest first, with the top-level
    fields it changed (`updates (+1)` for an update appended, `+rag` for a field added).
    In a shallow clone whose history starts after the record was created, it says the
    history is cut short (json: "complete": false) and how to fetch the rest.
    """
    from trauma_ws import gitio
    from trauma_ws import history as git_history
    from trauma_ws.programme import ACTIONS, MEETINGS, load

    base = resolve_root(root)
    programme = load(base)
    if record in programme.action_files or (base / ACTIONS / f"{record}.yaml").exists():
        rel = programme.action_files.get(record, f"{ACTIONS}/{record}.yaml")
    elif record in programme.meeting_files or (base / MEETINGS / f"{record}.yaml").exists():
        rel = programme.meeting_files.get(record, f"{MEETINGS}/{record}.yaml")
    else:
        from trauma_ws import query

        query.known("action or meeting", record, {**programme.actions, **programme.meetings})
        return
    changes = git_history.history(base, rel)
    cut = git_history.cut_short(changes)
    if format is ShowFormat.json:
        document = {
            "id": record,
            "path": rel,
            "complete": not cut,
            "changes": [c.to_dict() for c in changes],
        }
        out(_json_one(document))
        return
    if not changes:
        out(f"{rel} has no committed history yet.\n")
        return
    lines = [f"History of {record} ({rel}), oldest first:"]
    if cut:
        lines.append(
            "  (cut short: this is a shallow clone and the record's earlier commits were not "
            f"fetched; {gitio.UNSHALLOW_HINT})"
        )
    for c in changes:
        fields = ", ".join(c.fields) if c.fields else "no field changes"
        lines.append(f"  {c.date[:10]}  {c.commit[:10]}  {c.author}: {c.subject}")
        lines.append(f"      changed: {fields}")
    out("\n".join(lines) + "\n")
