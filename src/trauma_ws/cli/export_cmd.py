"""`tws export csv|ics|json`: the records for spreadsheets, calendars and other tools."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from trauma_ws.cli.app import app
from trauma_ws.cli.common import (
    App,
    AsOfOpt,
    Audience,
    NoBomOpt,
    OutputOpt,
    RootOpt,
    emit,
    resolve_as_of,
    resolve_root,
)

export_app = App(
    name="export",
    help="Export the records: csv (actions, for spreadsheets), ics (meetings and due dates, "
    "for calendars) or json (everything, resolved, for other tools).\n\n"
    "Exports are public unless --audience internal: people are named only when their "
    "record says `public: true`; otherwise their organisation is.",
)
app.add_typer(export_app, name="export")


AudienceOpt = Annotated[
    Audience,
    typer.Option(
        "--audience", "-a", help="public (names organisations) or internal (names people)."
    ),
]


def _export(
    kind: str,
    audience: Audience,
    out: Path | None,
    root: Path | None,
    as_of: dt.date | None,
    *,
    bom: bool = False,
) -> None:
    from trauma_ws.checking.validate import load_valid
    from trauma_ws.publishing import export, output, views

    folder = resolve_root(root)
    day = resolve_as_of(as_of, folder)
    programme = load_valid(folder, as_of=day)
    who = views.check_audience(audience.value)
    if kind == "csv":
        text = export.actions_csv(programme, as_of=day, audience=who)
    elif kind == "ics":
        text = export.calendar(programme, as_of=day, audience=who)
    else:
        document = export.everything(programme, as_of=day, audience=who)
        text = output.json_text(document)
    emit(text, out, bom=bom and kind == "csv")


@export_app.command("csv")
def export_csv(
    audience: AudienceOpt = Audience.public,
    out: OutputOpt = None,
    no_bom: NoBomOpt = False,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Actions, one row each: owners, status, RAG, due date as written and resolved.

    A file written with -o starts with a UTF-8 byte-order mark, so Excel reads accents
    and curly quotes; --no-bom leaves it out. Standard output never has one.
    """
    _export("csv", audience, out, root, as_of, bom=not no_bom)


@export_app.command("ics")
def export_ics(
    audience: AudienceOpt = Audience.public,
    out: OutputOpt = None,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Meetings and open actions' due dates as an iCalendar file (RFC 5545) to subscribe to."""
    _export("ics", audience, out, root, as_of)


@export_app.command("json")
def export_json(
    audience: AudienceOpt = Audience.public,
    out: OutputOpt = None,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Everything (programme, groups, meetings, actions), resolved, as one JSON document."""
    _export("json", audience, out, root, as_of)
