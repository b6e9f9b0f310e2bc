"""The editing commands: `tws minutes new`, `tws actions new`, `tws actions update`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from trauma_ws.cli.actions_cmd import actions_app
from trauma_ws.cli.common import (
    AsOfOpt,
    RootOpt,
    eprint,
    out,
    parse_day,
    resolve_as_of,
    resolve_root,
)
from trauma_ws.cli.minutes_cmd import minutes_app
from trauma_ws.cli.prompts import ask

if TYPE_CHECKING:
    from trauma_ws.editing.workflow import Written


def recover_first(root: Path) -> None:
    """Undo an edit left half done by a killed tws before starting this one, and say so."""
    from trauma_ws.editing import workflow

    for message in workflow.recover(root):
        eprint(f"tws: {message}")


def report_edit(written: Written, what: str) -> None:
    """The edit's notes and ``what`` on stderr, the files it wrote on stdout (one a line)."""
    for note in written.notes:
        eprint(f"tws: {note}")
    out("".join(f"{rel}\n" for rel in written.files))
    eprint(what)


@minutes_app.command("new")
def minutes_new(
    group: Annotated[
        str | None,
        typer.Argument(metavar="GROUP", help="The group id, e.g. pdg.", show_default=False),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            "--on",
            metavar="DATE",
            help="The meeting's date (default: the as-of date). Everything the scaffold "
            "fills in is as on that day: members, chair, the previous meeting.",
            show_default=False,
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            metavar="HH:MM",
            help="When it begins (default: as the group's previous meeting).",
            show_default=False,
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--end",
            metavar="HH:MM",
            help="When it closes (default: as the previous meeting, unless --start is given).",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="in-person, online or hybrid (default: as the group's previous meeting; "
            "left out when that does not say).",
            show_default=False,
        ),
    ] = None,
    location: Annotated[
        str | None,
        typer.Option(
            "--location",
            metavar="TEXT",
            help="Where it is held (default: as the group's previous meeting).",
            show_default=False,
        ),
    ] = None,
    purpose: Annotated[
        str | None,
        typer.Option(
            "--purpose",
            metavar="TEXT",
            help="What the meeting is for (optional: left out, the minutes show none).",
            show_default=False,
        ),
    ] = None,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Scaffold data/meetings/<group>-<date>.yaml with the standard agenda, to complete.

    Where an id is asked for, a name, short name or abbreviation in any case does too (`SSSC`,
    "Partnership Delivery Group", a meeting as "pdg 2022-08-25"); the files keep ids.

    The group's members on the date are filled in as attendees (move those who sent
    apologies), the chair from the membership, status draft, the meeting's number (one
    after the previous meeting's), and the start, end, format and location of the group's
    previous meeting unless given. The agenda: welcome and apologies; declarations of
    interest; minutes of the previous meeting and matters arising; the action log (listed
    in the minutes from the action records as at the meeting's date); a place for the
    meeting's own items; any other business; date of next meeting. Committee-style minutes
    get numbered items. Comments in the file say how to record who else attended and
    declarations of interest. An existing meeting is never overwritten.

    Examples:

      tws minutes new pdg --date 2022-10-27

      tws minutes new pdg --date 2022-10-27 --start 10:00 --end 12:00

      tws minutes new pdg --date 2022-10-27 --format in-person --location "Victoria Quay"

    A meeting already held is scaffolded as on its own day (`--date` or `--on`): its members
    then, not today's; a meeting still to come may be scaffolded ahead.
    """
    from trauma_ws.editing.minutes_new import new_minutes

    chosen = ask(group, "GROUP", "Group id")
    folder = resolve_root(root)
    today = resolve_as_of(as_of, folder)
    day = parse_day(date) if date is not None else today
    recover_first(folder)
    written = new_minutes(
        folder,
        chosen,
        day=day,
        as_of=today,
        format=format,
        location=location,
        start=start,
        end=end,
        purpose=purpose,
        today=resolve_as_of(None, folder),
    )
    report_edit(written, f"tws: created draft minutes {written.ident}")


@actions_app.command("new")
def actions_new(
    group: Annotated[
        str | None,
        typer.Option(
            "--group",
            "-g",
            metavar="ID",
            help="The group whose action log holds it.",
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--title", "-t", metavar="TEXT", help="What is to be done.", show_default=False
        ),
    ] = None,
    owner: Annotated[
        list[str] | None,
        typer.Option(
            "--owner",
            "-o",
            metavar="ID",
            help="An owner (repeatable): an organisation, person or group, by id, name or "
            "abbreviation (the file gets the id).",
            show_default=False,
        ),
    ] = None,
    due: Annotated[
        str | None,
        typer.Option(
            "--due",
            metavar="DUE",
            help="2022-09-02, 2023-07, 2023-Q2, 2022 or 2022/23; or next-meeting (with "
            "--raised): the group's next meeting after that one.",
            show_default=False,
        ),
    ] = None,
    raised: Annotated[
        str | None,
        typer.Option(
            "--raised",
            metavar="MEETING",
            help="The meeting it arose at; the action is added to that meeting's `actions` "
            "(draft minutes only: approved minutes are frozen).",
            show_default=False,
        ),
    ] = None,
    workstream: Annotated[
        str | None,
        typer.Option(
            "--workstream",
            "-w",
            metavar="ID",
            help="The workstream it belongs to (an id from data/workplan.yaml).",
            show_default=False,
        ),
    ] = None,
    description: Annotated[
        str | None,
        typer.Option(
            "--description",
            metavar="TEXT",
            help="More about what is to be done, in a sentence or two.",
            show_default=False,
        ),
    ] = None,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Add an action with the group's next free id, such as pdg-007, and print its path.

    Where an id is asked for, a name, short name or abbreviation in any case does too (`SSSC`,
    "Partnership Delivery Group", a meeting as "pdg 2022-08-25"); the files keep ids.

    Ids already used in data/actions/ or on another local git branch are never handed out
    again, and several runs at once each get their own id.

    At a terminal, leave out --group, --title or --owner to be asked for what is missing:
    the owners (several, separated by commas or one a line), the meeting it arose at (the
    group's latest meeting offered while its minutes are a draft) and the due date. A bad
    answer is explained and asked again; Ctrl-D stops with nothing written.

    Example: tws actions new -g pdg -t "Circulate the terms of reference" -o tisws-team
    --due 2022-10 --raised pdg-2022-08-25
    """
    from trauma_ws.cli import prompts
    from trauma_ws.editing import workflow

    if prompts.interactive() and (group is None or title is None or not owner):
        from trauma_ws.checking.validate import load_valid

        folder = resolve_root(root)
        recover_first(folder)
        answers = prompts.new_action(
            load_valid(folder, as_of=resolve_as_of(as_of, folder)),
            group=group,
            title=title,
            owners=owner,
            raised=raised,
            due=due,
            ask_raised=raised is None,
            ask_due=due is None,
        )
        chosen_group, chosen_title, owners = answers.group, answers.title, answers.owners
        raised, due = answers.raised, answers.due
    else:
        chosen_group = ask(group, "--group", "Group id")
        chosen_title = ask(title, "--title", "Title")
        owners = owner or [ask(None, "--owner", "Owner id")]
        folder = resolve_root(root)
        recover_first(folder)
    written = workflow.new_action(
        folder,
        group=chosen_group,
        title=chosen_title,
        owners=owners,
        as_of=resolve_as_of(as_of, folder),
        today=resolve_as_of(None, folder),
        due=due,
        raised=raised,
        workstream=workstream,
        description=description,
    )
    report_edit(written, f"tws: created action {written.ident}")


@actions_app.command("update")
def actions_update(
    action_id: Annotated[
        str | None, typer.Argument(metavar="ID", help="The action's id.", show_default=False)
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            "-s",
            metavar="STATUS",
            help="not-started, in-progress, blocked, done or dropped (done also sets `completed`).",
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(
            "--note",
            "-n",
            metavar="TEXT",
            help="The update's text (default: a description of the change).",
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            metavar="ID",
            help="Who gives the update: an organisation, person or group, by id, name or "
            "abbreviation.",
            show_default=False,
        ),
    ] = None,
    rag: Annotated[
        str | None,
        typer.Option(
            "--rag",
            metavar="RAG",
            help="red, amber or green to set by hand; auto to derive it again.",
            show_default=False,
        ),
    ] = None,
    due: Annotated[
        str | None,
        typer.Option(
            "--due",
            metavar="DUE",
            help="A new due date, as for `actions new`; next-meeting for an action raised "
            "at a meeting.",
            show_default=False,
        ),
    ] = None,
    on: Annotated[
        dt.date | None,
        typer.Option(
            "--on",
            help="The day it happened (YYYY-MM-DD), which dates the update and, with "
            "--status done, the completion. Default: today, or the meeting's date with "
            "--meeting.",
            parser=parse_day,
            metavar="DATE",
            show_default=False,
        ),
    ] = None,
    meeting: Annotated[
        str | None,
        typer.Option(
            "--meeting",
            "-m",
            metavar="MEETING",
            help="The meeting where the update was given: dates it on the meeting's day "
            "(unless --on says otherwise).",
            show_default=False,
        ),
    ] = None,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Append a dated update to an action, optionally changing its status, RAG or due date.

    Where an id is asked for, a name, short name or abbreviation in any case does too (`SSSC`,
    "Partnership Delivery Group", a meeting as "pdg 2022-08-25"); the files keep ids.

    The update is dated today, or the day it happened: `--on DATE`, or `--meeting MEETING`
    for an update given at a meeting (an action completed at yesterday's meeting is
    recorded as completed yesterday). Only the changed lines of the file are touched;
    comments and layout stay as written. The edit is refused, with the reason and nothing
    written, unless the result passes `tws validate` (so an update dated after today, or
    before the action's last update, is refused).

    Examples:

      tws actions update pdg-003 --status done --by sssc --note "Returned on 2 Sept"

      tws actions update pdg-003 --status done --by sssc --meeting pdg-2022-10-27
    """
    from trauma_ws.editing import workflow

    ident = ask(action_id, "ID", "Action id")
    who = ask(by, "--by", "Update given by (id)")
    folder = resolve_root(root)
    recover_first(folder)
    day = on
    if day is None and meeting is not None:
        day = workflow.meeting_day(folder, meeting)
    day = day or as_of
    written = workflow.update_action(
        folder,
        ident,
        by=who,
        as_of=resolve_as_of(day, folder),
        today=resolve_as_of(None, folder),
        latest=as_of,
        status=status,
        note=note,
        rag=rag,
        due=due,
    )
    report_edit(written, f"tws: updated {written.ident}")
