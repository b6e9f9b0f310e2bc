"""`tws actions list|overdue|due|stale`: the workplan queries, and the tables they share."""

from __future__ import annotations

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
    resolve_as_of,
    resolve_root,
    stdout,
)

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from trauma_ws.loading.programme import Programme
    from trauma_ws.querying.query import Row

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
    from trauma_ws.checking.validate import load_valid

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
    from trauma_ws.publishing import output

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
        metavar="STATUS",
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
            metavar="ID",
            help="An organisation, person or group: its id, name or abbreviation, in any "
            "case (SSSC). An organisation also finds actions owned by its people and by the "
            "groups it belongs to on the as-of date; a person, their organisation's and its "
            "groups' too (shown in the `via` column), as `actions chase --owner` does.",
            show_default=False,
        ),
    ] = None,
    group: Annotated[
        str | None,
        typer.Option(
            "--group",
            "-g",
            metavar="ID",
            help="Only actions in this group's action log (its id, name or short name).",
            show_default=False,
        ),
    ] = None,
    workstream: Annotated[
        str | None,
        typer.Option(
            "--workstream",
            "-w",
            metavar="ID",
            help="Only actions in this workstream (its id or title).",
            show_default=False,
        ),
    ] = None,
    raised: Annotated[
        str | None,
        typer.Option(
            "--raised",
            metavar="MEETING",
            help="Only actions that arose at this meeting (its id, or group and date: "
            '"pdg 2022-08-25").',
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
    """List actions; filters combine (all must match).

    Options that name a record take its id or the name people use for it, in any case
    (`--owner SSSC`, `--group "Partnership Delivery Group"`).
    """
    from trauma_ws.querying import names, query

    programme, day = _load(root, as_of)
    if owner is not None:
        owner = names.resolve(programme, owner, names.PARTIES, role="owner")
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
    from trauma_ws.querying import query

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
    from trauma_ws.querying import query

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
    from trauma_ws.querying import query

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
