"""`tws groups` and `tws members`: who is who, on a date."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from trauma_ws.cli.actions_cmd import _load, _table
from trauma_ws.cli.app import app
from trauma_ws.cli.common import (
    AsOfOpt,
    FormatOpt,
    NoBomOpt,
    OutputOpt,
    RootOpt,
    TableFormat,
    parse_day,
)

if TYPE_CHECKING:
    pass


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
    from trauma_ws.querying import query

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
        # A column of its own, headed, so "external" never reads as part of the name.
        for r in rows:
            r["external"] = "yes" if r["external"] else ""
    table_columns = [
        ("id", "ID"),
        ("name", "Name"),
        ("external", "External"),
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
    """A group's members on a date: who, their role, since and until.

    Where an id is asked for, a name, short name or abbreviation in any case does too (`SSSC`,
    "Partnership Delivery Group", a meeting as "pdg 2022-08-25"); the files keep ids.
    """
    from trauma_ws.querying import names, query

    programme, day = _load(root, as_of)
    group = names.resolve(programme, group, (names.GROUP,))
    when = parse_day(on) if on is not None else day
    chosen = programme.groups[group].members if all_ else query.members_on(programme, group, when)
    rows = []
    for m in chosen:
        person = programme.people.get(m.id)
        rows.append(
            {
                "id": m.id,
                "name": programme.name_of(m.id),
                "kind": "person"
                if person
                else "group"
                if m.id in programme.groups
                else "organisation",
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
