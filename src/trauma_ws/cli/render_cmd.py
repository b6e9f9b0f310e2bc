"""`tws minutes render` and `tws minutes decisions`: one meeting's minutes, or its note of
decisions, as Markdown, HTML or a Word document, for the public or members."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from trauma_ws.cli.common import (
    AsOfOpt,
    Audience,
    DocFormat,
    OutputOpt,
    RootOpt,
    binary_output,
    emit,
    emit_bytes,
    eprint,
    resolve_as_of,
    resolve_root,
)
from trauma_ws.cli.minutes_cmd import minutes_app
from trauma_ws.record.problems import UsageError

if TYPE_CHECKING:
    from trauma_ws.publishing.minutes_view import MeetingView


def interactive() -> bool:
    """True when a person can answer a prompt (standard input is a terminal)."""
    return sys.stdin.isatty()


def _ask_meeting(known: list[str], command: str = "render") -> str:
    """MEETING from a person at a terminal, or a usage error for scripts."""
    sample = ", ".join(known[-8:]) or "none yet"
    if not interactive():
        raise UsageError(
            f"give MEETING, the id of the meeting to render (for example "
            f"`tws minutes {command} {known[-1] if known else 'pdg-2022-08-25'}`); "
            f"known: {sample}"
        )
    eprint(f"Meetings: {sample}")
    answer: str = typer.prompt("Meeting id")
    return answer.strip()


MeetingArg = Annotated[
    str | None,
    typer.Argument(
        metavar="MEETING",
        help="The meeting's id, <group>-<YYYY-MM-DD> (its file name in data/meetings/). "
        "Asked for when left out at a terminal.",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    DocFormat,
    typer.Option(
        "--format",
        "-f",
        help="md (Markdown), html (a complete web page) or docx (a Word document, with Word's "
        "heading styles: give -o FILE, or send standard output to a file or a pipe).",
    ),
]
AudienceOpt = Annotated[
    Audience,
    typer.Option(
        "--audience",
        "-a",
        help="public: people named only as the group's minutes.attendance rule allows (by "
        "organisation, or by role unless their record says public: true), no internal items, "
        "notes or decisions, no discussion of items taken in private. internal: for members; "
        "names people and includes internal items, notes and decisions, marked as such.",
    ),
]


def _meeting_view(
    meeting: str | None, audience: Audience, root: Path | None, as_of: dt.date | None, command: str
) -> tuple[MeetingView, Path]:
    """Load the programme and build the meeting's view for ``audience``; warn of a draft."""
    from trauma_ws.checking.validate import load_valid
    from trauma_ws.publishing import minutes_view

    folder = resolve_root(root)
    day = resolve_as_of(as_of, folder)
    programme = load_valid(folder, as_of=day)
    if meeting is None:
        known = sorted(programme.meetings, key=lambda m: (programme.meetings[m].date, m))
        meeting = _ask_meeting(known, command)
    view = minutes_view.meeting_view(programme, meeting, audience=audience.value, as_of=day)
    if audience is Audience.public and view.status == "draft":
        eprint(f"tws: warning: the minutes of {view.id} are a draft, not yet approved")
    return view, folder


@minutes_app.command("render")
def render_(
    meeting: MeetingArg = None,
    format: FormatOpt = DocFormat.md,
    audience: AudienceOpt = Audience.public,
    output: OutputOpt = None,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Render one meeting's minutes as Markdown, HTML or a Word document.

    Where an id is asked for, a name, short name or abbreviation in any case does too (`SSSC`,
    "Partnership Delivery Group", a meeting as "pdg 2022-08-25"); the files keep ids.

    The group's minutes.style in data/groups.yaml chooses the shape: gov-scot (attendees
    and apologies, items, next steps) or committee (present, in attendance, apologies,
    declarations of interest, numbered items with their decisions). The programme's own
    templates/ folder overrides the shipped templates file by file (minutes.md.j2,
    minutes.html.j2, minutes_committee.md.j2, minutes_committee.html.j2, base.html.j2); see
    templates/README.md. A Word document (docx) has the same content in the same shape, with
    Word's own Title and Heading styles, bullet lists, the title and language set; templates
    do not change it.

    \b
    Examples:
      tws minutes render pdg-2022-08-25
      tws minutes render pdg-2022-08-25 --format html -o site/pdg-2022-08-25.html
      tws minutes render pdg-2022-08-25 --format docx -o pdg-2022-08-25.docx
      tws minutes render eag-2022-09-21 --audience internal
    """
    if format is DocFormat.docx:
        binary_output(output)
        from trauma_ws.publishing import docx_minutes

        view, _ = _meeting_view(meeting, audience, root, as_of, "render")
        emit_bytes(docx_minutes.minutes_docx(view), output)
        return
    from trauma_ws.publishing import render

    view, folder = _meeting_view(meeting, audience, root, as_of, "render")
    emit(render.render_meeting(view, fmt=format.value, root=folder), output)


@minutes_app.command("decisions")
def decisions(
    meeting: MeetingArg = None,
    format: FormatOpt = DocFormat.md,
    audience: AudienceOpt = Audience.public,
    output: OutputOpt = None,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Render a meeting's short note of decisions, to publish soon after the meeting.

    Where an id is asked for, a name, short name or abbreviation in any case does too (`SSSC`,
    "Partnership Delivery Group", a meeting as "pdg 2022-08-25"); the files keep ids.

    The note gives the members attending (deputies marked), apologies, declarations of
    interest, and each item's decisions in the body's words ("The Board approved:",
    "Resolved:") with the outcome of any vote ("for 8, against 2, abstentions 1"): what
    Wales's Local Government and Elections (Wales) Act 2021 asks some bodies to publish
    within seven working days, before the full minutes are approved. The same privacy rules
    as `tws minutes render` apply. The programme's templates/minutes_decisions.md.j2 or
    .html.j2 overrides the shipped one; --format docx gives a Word document.

    \b
    Examples:
      tws minutes decisions pdg-2022-08-25
      tws minutes decisions pdg-2022-08-25 --format html -o decisions.html
      tws minutes decisions pdg-2022-08-25 --format docx -o decisions.docx
      tws minutes decisions eag-2022-09-21 --audience internal
    """
    if format is DocFormat.docx:
        binary_output(output)
        from trauma_ws.publishing import docx_minutes

        view, _ = _meeting_view(meeting, audience, root, as_of, "decisions")
        emit_bytes(docx_minutes.decisions_docx(view), output)
        return
    from trauma_ws.publishing import render

    view, folder = _meeting_view(meeting, audience, root, as_of, "decisions")
    emit(render.render_decisions(view, fmt=format.value, root=folder), output)
