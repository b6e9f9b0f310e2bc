"""`tws report progress`: a progress report for a governance body, a group or the programme;
`tws report new` and `tws report render`: the reports to a body kept as records
(data/reports/)."""

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
from trauma_ws.cli.edit_cmd import recover_first, report_edit
from trauma_ws.cli.prompts import ask

report_app = App(
    name="report",
    help="Reports for governance bodies: `new` scaffolds the next report to a body as a "
    "record (data/reports/), `render` lays one out as a board paper with the period's "
    "figures, and `progress` reports any period's work, as Markdown, HTML or a Word document.",
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
            "meeting on or before the period's end, or earlier: never after the day after the "
            "previous report to the body (data/reports/), or, with none, a quarter before "
            "the end.",
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

    Where an id is asked for, a name, short name or abbreviation in any case does too (`SSSC`,
    "Partnership Delivery Group", a meeting as "pdg 2022-08-25"); the files keep ids.

    With --for BODY it covers every group that reports to BODY; with --group one group; with
    neither, every group of the programme's own. Figures are as at the end of the period.
    By default the period runs from the groups' last meeting, but is never shorter than the
    time since the previous report to the body, or than a quarter when there is none.
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
        output=output,
    )
    emit(text, output)


@report_app.command("new")
def new(
    body: Annotated[
        str | None,
        typer.Option(
            "--for",
            metavar="BODY",
            help="The body reported to (a group id that groups report to, such as swep).",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        dt.date | None,
        typer.Option(
            "--date",
            metavar="DATE",
            help="The report's date, the period's last day (default: the as-of date).",
            parser=parse_day,
            show_default=False,
        ),
    ] = None,
    author: Annotated[
        str | None,
        typer.Option(
            "--author",
            metavar="ID",
            help="Who reports: an organisation, person or group id (default: the previous "
            "report's author, or the programme's owner).",
            show_default=False,
        ),
    ] = None,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Scaffold the next report to a body as data/reports/<body>-<date>.yaml, a draft.

    Where an id is asked for, a name, short name or abbreviation in any case does too (`SSSC`,
    "Partnership Delivery Group", a meeting as "pdg 2022-08-25"); the files keep ids.

    Its period runs from the day after the previous report to the body ended (or, with
    none, from the programme's first meeting or action date) to its date. Every workstream
    the reporting groups own is listed with the RAG its actions suggest at the period's end
    (the worst among its open actions, or green when none is open); comments mark where
    reasons, narratives, recommendations, achievements and priorities go. The draft passes
    `tws validate` as written; an existing report is never overwritten.

    \b
    Examples:
      tws report new --for swep
      tws report new --for swep --date 2024-06-30 --author tisws-team
    """
    from trauma_ws.editing.report_new import new_report

    chosen = ask(body, "--for", "Body reported to (id)")
    folder = resolve_root(root)
    today = resolve_as_of(as_of, folder)
    recover_first(folder)
    written = new_report(
        folder,
        chosen,
        day=date or today,
        as_of=today,
        author=author,
        today=resolve_as_of(None, folder),
    )
    report_edit(written, f"tws: created draft report {written.ident}")


@report_app.command("render")
def render(
    report_id: Annotated[
        str,
        typer.Argument(
            metavar="REPORT",
            help="A report's id (its file name in data/reports/), or a body's id for its "
            "latest report.",
        ),
    ],
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
            help="public: people are named only when their record says `public: true`, and "
            "only public risks and measures appear. internal: for members; names people.",
        ),
    ] = Audience.public,
    output: OutputOpt = None,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Lay out a report to a body as a board paper: its written sections (purpose,
    recommendations, financial and policy implications, each workstream's RAG, reason and
    narrative, achievements, priorities, risk assessment, consultations, background papers)
    beside those worked out from the records for its period.

    Where an id is asked for, a name, short name or abbreviation in any case does too (`SSSC`,
    "Partnership Delivery Group", a meeting as "pdg 2022-08-25"); the files keep ids.

    Generated: figures as at the period's end; actions completed, raised and overdue; the
    updates; the meetings held and their decisions; what falls due next; the risks and
    issues; the measures (latest figure against target, with a chart in HTML and the data;
    in a Word document the chart's description in words beside the data). Each workstream's
    RAG shows its trend against the previous report to the same body. The programme's
    templates/ folder may override report_record.md.j2, report_record.html.j2 and
    report_record_body.html.j2; a Word document (docx) has the HTML's sections and tables.

    \b
    Examples:
      tws report render swep-2024-01-31
      tws report render swep --format html -o build/report-swep-latest.html
      tws report render swep --format docx -o build/report-swep-latest.docx
      tws report render swep-2024-01-31 --audience internal
    """
    from trauma_ws.checking.validate import load_valid
    from trauma_ws.publishing.report_record_view import render_report, report_view

    if format is DocFormat.docx:
        binary_output(output)
    folder = resolve_root(root)
    day = resolve_as_of(as_of, folder)
    programme = load_valid(folder, as_of=day)
    if format is DocFormat.docx:
        from trauma_ws.publishing import docx_report_record

        view = report_view(programme, report_id, as_of=day, audience=audience.value)
        emit_bytes(docx_report_record.record_docx(view), output)
        return
    text = render_report(
        programme,
        report_id,
        root=folder,
        as_of=day,
        fmt=format.value,
        audience=audience.value,
        output=output,
    )
    emit(text, output)
