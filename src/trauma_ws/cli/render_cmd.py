"""`tws minutes render`: one meeting's minutes as Markdown or HTML, for the public or members."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from trauma_ws.cli.common import (
    AsOfOpt,
    Audience,
    DocFormat,
    OutputOpt,
    RootOpt,
    emit,
    eprint,
    resolve_as_of,
    resolve_root,
)
from trauma_ws.cli.minutes_cmd import minutes_app
from trauma_ws.record.problems import UsageError


def interactive() -> bool:
    """True when a person can answer a prompt (standard input is a terminal)."""
    return sys.stdin.isatty()


def _ask_meeting(known: list[str]) -> str:
    """MEETING from a person at a terminal, or a usage error for scripts."""
    sample = ", ".join(known[-8:]) or "none yet"
    if not interactive():
        raise UsageError(
            f"give MEETING, the id of the meeting to render (for example "
            f"`tws minutes render {known[-1] if known else 'pdg-2022-08-25'}`); known: {sample}"
        )
    eprint(f"Meetings: {sample}")
    answer: str = typer.prompt("Meeting id")
    return answer.strip()


@minutes_app.command("render")
def render_(
    meeting: Annotated[
        str | None,
        typer.Argument(
            metavar="MEETING",
            help="The meeting's id, <group>-<YYYY-MM-DD> (its file name in data/meetings/). "
            "Asked for when left out at a terminal.",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        DocFormat,
        typer.Option("--format", "-f", help="md (Markdown) or html (a complete web page)."),
    ] = DocFormat.md,
    audience: Annotated[
        Audience,
        typer.Option(
            "--audience",
            "-a",
            help="public: organisations only, no names of people who have not agreed to be "
            "named, no internal items or notes. internal: for members; names people and "
            "includes internal items and notes, marked as such.",
        ),
    ] = Audience.public,
    output: OutputOpt = None,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Render one meeting's minutes as Markdown or HTML.

    The programme's own templates/ folder overrides the shipped templates file by file
    (minutes.md.j2, minutes.html.j2, base.html.j2); see templates/README.md.

    \b
    Examples:
      tws minutes render pdg-2022-08-25
      tws minutes render pdg-2022-08-25 --format html -o site/pdg-2022-08-25.html
      tws minutes render eag-2022-09-21 --audience internal
    """
    from trauma_ws.checking.validate import load_valid
    from trauma_ws.publishing import render, views

    folder = resolve_root(root)
    day = resolve_as_of(as_of, folder)
    programme = load_valid(folder, as_of=day)
    if meeting is None:
        known = sorted(programme.meetings, key=lambda m: (programme.meetings[m].date, m))
        meeting = _ask_meeting(known)
    view = views.meeting_view(programme, meeting, audience=audience.value, as_of=day)
    if audience is Audience.public and view.status == "draft":
        eprint(f"tws: warning: the minutes of {meeting} are a draft, not yet approved")
    text = render.render_meeting(view, fmt=format.value, root=folder)
    emit(text, output)
