"""`tws minutes approve` and `tws minutes publish`: record the approval, then publish."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from trauma_ws.cli.common import AsOfOpt, RootOpt, parse_day, resolve_as_of, resolve_root
from trauma_ws.cli.edit_cmd import recover_first, report_edit
from trauma_ws.cli.minutes_cmd import minutes_app
from trauma_ws.cli.prompts import ask

MeetingArg = Annotated[
    str | None,
    typer.Argument(
        metavar="MEETING", help="The meeting's id, e.g. pdg-2022-10-27.", show_default=False
    ),
]


@minutes_app.command("approve")
def minutes_approve(
    meeting: MeetingArg = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="MEETING",
            help="The later meeting, recorded here, whose minutes approved these "
            "(sets approved_at).",
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            metavar="TEXT",
            help="Instead of --at: the body that approved them, when its meetings are not "
            "kept here (sets approved_by; give --on too).",
            show_default=False,
        ),
    ] = None,
    on: Annotated[
        dt.date | None,
        typer.Option(
            "--on",
            metavar="DATE",
            help="With --by: the day that body approved them (sets approved_on).",
            parser=parse_day,
            show_default=False,
        ),
    ] = None,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Record that a meeting's draft minutes were approved, and where: status approved.

    Where an id is asked for, a name, short name or abbreviation in any case does too (`SSSC`,
    "Partnership Delivery Group", a meeting as "pdg 2022-08-25"); the files keep ids.

    With --at, the later meeting of the same group (or of a group it reports to) whose
    minutes approved them; with --by and --on, a body whose meetings are not kept here and
    the day it approved them. Only those lines of the file change; comments and layout stay.
    Minutes already approved or published are frozen: a mistake in them is put right by a
    correction agreed at a later meeting (`corrections` in the file).

    Examples:

      tws minutes approve pdg-2022-10-27 --at pdg-2022-12-08

      tws minutes approve pdg-2022-10-27 --by SWEP --on 2022-11-30
    """
    from trauma_ws.editing import approval

    ident = ask(meeting, "MEETING", "Meeting id")
    folder = resolve_root(root)
    recover_first(folder)
    written = approval.approve(
        folder,
        ident,
        as_of=resolve_as_of(as_of, folder),
        today=resolve_as_of(None, folder),
        at=at,
        by=by,
        on=on,
    )
    report_edit(written, f"tws: recorded the approval of {written.ident}")


@minutes_app.command("publish")
def minutes_publish(
    meeting: MeetingArg = None,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Mark a meeting's approved minutes as published: status changes to published.

    Where an id is asked for, a name, short name or abbreviation in any case does too (`SSSC`,
    "Partnership Delivery Group", a meeting as "pdg 2022-08-25"); the files keep ids.

    Draft minutes are refused: approve them first with `tws minutes approve`. Only the
    status line changes, which the pull-request check (`tws validate --since`) allows in
    approved minutes. Render the published minutes with `tws minutes render`.

    Example:

      tws minutes publish pdg-2022-10-27
    """
    from trauma_ws.editing import approval

    ident = ask(meeting, "MEETING", "Meeting id")
    folder = resolve_root(root)
    recover_first(folder)
    written = approval.publish(
        folder,
        ident,
        as_of=resolve_as_of(as_of, folder),
        today=resolve_as_of(None, folder),
    )
    report_edit(written, f"tws: published {written.ident}")
