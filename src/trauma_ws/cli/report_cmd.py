"""`tws report progress`: a progress report for a governance body, a group or the programme."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from trauma_ws.cli.app import app
from trauma_ws.cli.common import (
    App,
    AsOfOpt,
    Audience,
    DocFormat,
    OutputOpt,
    RootOpt,
    binary_output,
    emit,
    emit_bytes,
    parse_day,
    resolve_as_of,
    resolve_root,
)

report_app = App(
    name="report",
    help="Reports for governance bodies: `progress` reports a period's work, in the numbered "
    "sections a board paper has, as Markdown, HTML or a Word document.",
)
app.add_typer(report_app, name="report")


@report_app.command("progress")
def progress(
    body: Annotated[
        str | None,
        typer.Option(
            "--for",
            metavar="BODY",
            help="Report to this body (a group id, such as swep): covers every group whose "
            "reports_to lists it.",
            show_default=False,
        ),
    ] = None,
    group: Annotated[
        str | None,
        typer.Option(
            "--group", "-g", metavar="GROUP", help="Report one group's work.", show_default=False
        ),
    ] = None,
    start: Annotated[
        dt.date | None,
        typer.Option(
            "--from",
            help="First day of the period (YYYY-MM-DD). Default: the day of the groups' last "
            "meeting on or before the period's end.",
            parser=parse_day,
            metavar="DATE",
            show_default=False,
        ),
    ] = None,
    end: Annotated[
        dt.date | None,
        typer.Option(
            "--to",
            help="Last day of the period (YYYY-MM-DD). Default: the as-of date.",
            parser=parse_day,
            metavar="DATE",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        DocFormat,
        typer.Option(
            "--format",
            "-f",
            help="md (Markdown), html (a complete web page) or docx (a Word document, with "
            "real tables: give -o FILE, or send standard output to a file or a pipe).",
        ),
    ] = DocFormat.md,
    audience: Annotated[
        Audience,
        typer.Option(
            "--audience",
            "-a",
            help="public: people are named only when their record says `public: true` "
            "(otherwise their organisation is). internal: for members; names people.",
        ),
    ] = Audience.public,
    output: OutputOpt = None,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Report a period's progress: purpose, summary, progress by workstream, actions completed,
    raised, overdue and coming up, the period's updates, meetings held, and a contact.

    With --for BODY it covers every group that reports to BODY; with --group one group; with
    neither, every group of the programme's own. Figures are as at the end of the period.
    The programme's templates/ folder may override report.md.j2, report.html.j2 and
    report_body.html.j2; a Word document (docx) has the same sections and tables.

    \b
    Examples:
      tws report progress --for swep
      tws report progress --for swep --format html -o build/report.html
      tws report progress --for swep --format docx -o build/report.docx
      tws report progress --group pdg --from 2022-08-25 --to 2022-12-31
      tws report progress --audience internal --as-of 2023-03-31
    """
    from trauma_ws.checking.validate import load_valid
    from trauma_ws.publishing import report

    if format is DocFormat.docx:
        binary_output(output)
    folder = resolve_root(root)
    day = resolve_as_of(as_of, folder)
    programme = load_valid(folder, as_of=day)
    if format is DocFormat.docx:
        from trauma_ws.publishing import docx_report

        view = report.progress_view(
            programme,
            as_of=day,
            audience=audience.value,
            body=body,
            group=group,
            start=start,
            end=end,
        )
        emit_bytes(docx_report.progress_docx(view), output)
        return
    text = report.render_progress(
        programme,
        root=folder,
        as_of=day,
        fmt=format.value,
        audience=audience.value,
        body=body,
        group=group,
        start=start,
        end=end,
    )
    emit(text, output)
