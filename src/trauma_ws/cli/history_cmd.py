"""`tws history ID`: every commit that changed a record, from git."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from trauma_ws.cli.app import app
from trauma_ws.cli.chase_cmd import ShowFormat, _json_one
from trauma_ws.cli.common import (
    RootOpt,
    out,
    resolve_root,
)

if TYPE_CHECKING:
    pass


@app.command()
def history(
    record: Annotated[
        str, typer.Argument(metavar="ID", help="An action or meeting id, e.g. pdg-003.")
    ],
    root: RootOpt = None,
    format: Annotated[ShowFormat, typer.Option("--format", "-f")] = ShowFormat.text,
) -> None:
    """An action's or meeting's change history from git: date, author, commit, fields changed.

    Where an id is asked for, a name, short name or abbreviation in any case does too (`SSSC`,
    "Partnership Delivery Group", a meeting as "pdg 2022-08-25"); the files keep ids.

    Lists every commit that changed the record's file, oldest first, with the top-level
    fields it changed (`updates (+1)` for an update appended, `+rag` for a field added).
    In a shallow clone whose history starts after the record was created, it says the
    history is cut short (json: "complete": false) and how to fetch the rest.
    """
    from trauma_ws.loading.programme import ACTIONS, MEETINGS, load
    from trauma_ws.storage import gitio
    from trauma_ws.storage import history as git_history

    base = resolve_root(root)
    programme = load(base)
    if record in programme.action_files or (base / ACTIONS / f"{record}.yaml").exists():
        rel = programme.action_files.get(record, f"{ACTIONS}/{record}.yaml")
    elif record in programme.meeting_files or (base / MEETINGS / f"{record}.yaml").exists():
        rel = programme.meeting_files.get(record, f"{MEETINGS}/{record}.yaml")
    else:
        from trauma_ws.querying import names

        record = names.resolve(programme, record, (names.ACTION, names.MEETING))
        rel = programme.action_files.get(record) or programme.meeting_files[record]
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
