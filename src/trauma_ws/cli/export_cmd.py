"""`tws export csv|ics|json`: the records for spreadsheets, calendars and other tools."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from trauma_ws.cli.app import app
from trauma_ws.cli.common import App, AsOfOpt, RootOpt, resolve_as_of, resolve_root

export_app = App(
    name="export",
    help="Export the records: csv (actions, for spreadsheets), ics (meetings and due dates, "
    "for calendars) or json (everything, resolved, for other tools).\n\n"
    "Exports are public unless --audience internal: people are named only when their "
    "record says `public: true`; otherwise their organisation is.",
)
app.add_typer(export_app, name="export")


class Audience(StrEnum):
    public = "public"
    internal = "internal"


AudienceOpt = Annotated[
    Audience,
    typer.Option(
        "--audience", "-a", help="public (names organisations) or internal (names people)."
    ),
]
OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file instead of standard output.",
        dir_okay=False,
        show_default=False,
    ),
]


def _write(text: str, out: Path | None, *, what: str) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    from trauma_ws.edit import atomic_write

    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, text)
    print(f"tws: wrote {what} to {out}", file=sys.stderr)


@export_app.command("csv")
def export_csv(
    audience: AudienceOpt = Audience.public,
    out: OutOpt = None,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Actions, one row each: owners, status, RAG, due date as written and resolved."""
    from trauma_ws import export
    from trauma_ws.validate import load_valid

    day = resolve_as_of(as_of)
    programme = load_valid(resolve_root(root), as_of=day)
    text = export.actions_csv(programme, as_of=day, audience=audience.value)
    _write(text, out, what="actions as CSV")


@export_app.command("ics")
def export_ics(
    audience: AudienceOpt = Audience.public,
    out: OutOpt = None,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Meetings and open actions' due dates as an iCalendar file (RFC 5545) to subscribe to."""
    from trauma_ws import export
    from trauma_ws.validate import load_valid

    day = resolve_as_of(as_of)
    programme = load_valid(resolve_root(root), as_of=day)
    text = export.calendar(programme, as_of=day, audience=audience.value)
    _write(text, out, what="the calendar")


@export_app.command("json")
def export_json(
    audience: AudienceOpt = Audience.public,
    out: OutOpt = None,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Everything (programme, groups, meetings, actions), resolved, as one JSON document."""
    import json

    from trauma_ws import export
    from trauma_ws.validate import load_valid

    day = resolve_as_of(as_of)
    programme = load_valid(resolve_root(root), as_of=day)
    document = export.everything(programme, as_of=day, audience=audience.value)
    _write(json.dumps(document, indent=2, ensure_ascii=False) + "\n", out, what="the records")
