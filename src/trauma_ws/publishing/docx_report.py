"""A progress report as a Word document (``tws report progress --format docx``).

Built from the same :class:`~trauma_ws.publishing.report_figures.ProgressView` the templates
get, already built for its audience, so the Word file has the HTML's numbered sections, tables
(as Word tables with a repeating header row and a caption) and lists.
"""

from __future__ import annotations

from collections.abc import Callable

from trauma_ws.publishing import docx_writer
from trauma_ws.publishing.docx_minutes import contact_runs
from trauma_ws.publishing.docx_writer import Builder, Inline, Table, bold, link
from trauma_ws.publishing.report_figures import (
    ActionLine,
    ProgressView,
    UpdateLine,
    WorkstreamCounts,
)

INTERNAL_HEADER = "Internal: for group members only; not for publication"

COUNT_COLUMNS = (
    "Workstream", "Not started", "In progress", "Blocked", "Done", "Dropped", "Total",
    "Red", "Amber", "Green",
)  # fmt: skip


ACTION_CELLS: dict[str, Callable[[ActionLine], str]] = {
    # A column of an action table, by its heading: the cell for one action.
    "Ref": lambda a: a.id,
    "Action": lambda a: a.title,
    "Owners": lambda a: a.owners_text,
    "Completed": lambda a: a.completed_text or "",
    "Raised at": lambda a: a.raised_text or "",
    "Due": lambda a: a.due_text or "not set",
    "Days overdue": lambda a: str(a.days_overdue or ""),
    "Status": lambda a: a.status_text,
    "RAG": lambda a: (a.rag or "").capitalize(),
}


def _counts(row: WorkstreamCounts) -> tuple[str, ...]:
    return tuple(
        str(v)
        for v in (
            row.title, row.not_started, row.in_progress, row.blocked, row.done, row.dropped,
            row.total, row.red, row.amber, row.green,
        )
    )  # fmt: skip


def counts_table(report: ProgressView, *, caption: str) -> Table:
    """The actions of each workstream at the end of the period, by status and by RAG, with
    a row of totals."""
    return Table(
        header=COUNT_COLUMNS,
        rows=tuple(_counts(row) for row in report.workstreams),
        total=_counts(report.total),
        caption=caption,
        row_headers=True,
        numeric=frozenset(range(1, len(COUNT_COLUMNS))),
    )


def action_table(lines: tuple[ActionLine, ...], *, columns: tuple[str, ...], caption: str) -> Table:
    """A table of ``lines``, one column per name in ``columns`` (keys of
    :data:`ACTION_CELLS`)."""
    return Table(
        header=columns,
        rows=tuple(tuple(ACTION_CELLS[c](a) for c in columns) for a in lines),
        caption=caption,
        numeric=frozenset(i for i, c in enumerate(columns) if c == "Days overdue"),
        nowrap=frozenset(i for i, c in enumerate(columns) if c == "Ref"),
    )


def update_runs(line: UpdateLine) -> tuple[Inline, ...]:
    """One update of the period, as a list item: the action in bold, then who said what."""
    u = line.update
    return (
        bold(f"{u.date_text}, {line.action_id}: {line.action_title}."),
        f" Update from {u.by}",
        f" (status: {u.status.replace('-', ' ')})" if u.status else "",
        f": {u.text}",
    )


def _workstreams(doc: Builder, report: ProgressView) -> None:
    doc.heading(1, "3. Progress by workstream")
    if not report.total.total:
        doc.para(f"No actions were recorded for {report.groups_text} by the end of the period.")
        return
    doc.table(
        counts_table(
            report,
            caption="Actions by workstream at the end of the period: by status, and the open "
            "ones by RAG rating",
        )
    )


def action_section(
    doc: Builder,
    heading: str,
    lines: tuple[ActionLine, ...],
    *,
    columns: tuple[str, ...],
    caption: str,
    none: str,
    level: int = 1,
) -> None:
    """A section (a heading at ``level``) with a table of ``lines``, one column per name in
    ``columns``, or the sentence ``none`` when there are none."""
    doc.heading(level, heading)
    if not lines:
        doc.para(none)
        return
    doc.table(action_table(lines, columns=columns, caption=caption))


def progress_spec(report: ProgressView) -> docx_writer.DocumentSpec:
    """The report as a document structure: the numbered sections of ``report.md.j2``."""
    doc = Builder()
    doc.heading(0, report.title)
    doc.para(f"Report by {report.owner_name} for the period {report.period_text}.")
    doc.para(f"Date of report: {report.as_of_text}.")
    if report.internal:
        doc.para(bold("Internal:"), " for group members only; not for publication.")
    doc.heading(1, "1. Purpose")
    for paragraph in report.purpose:
        doc.para(paragraph)
    doc.heading(1, "2. Summary")
    for paragraph in report.summary:
        doc.para(paragraph)
    _workstreams(doc, report)
    action_section(
        doc,
        "4. Completed in the period",
        report.completed,
        columns=("Ref", "Action", "Owners", "Completed"),
        caption=f"Actions completed from {report.period_text}",
        none="No actions were completed in this period.",
    )
    action_section(
        doc,
        "5. Raised in the period",
        report.raised,
        columns=("Ref", "Action", "Raised at", "Owners", "Due", "Status"),
        caption=f"Actions raised at meetings from {report.period_text}",
        none="No actions were raised in this period.",
    )
    action_section(
        doc,
        "6. Overdue actions",
        report.overdue,
        columns=("Ref", "Action", "Owners", "Due", "Days overdue", "Status"),
        caption=f"Open actions whose due date had passed by {report.end_text}, most overdue first",
        none="No actions were overdue at the end of the period.",
    )
    doc.heading(1, "7. Updates in the period")
    if report.updates:
        doc.bullets(update_runs(u) for u in report.updates)
    else:
        doc.para("No progress updates were recorded in this period.")
    action_section(
        doc,
        "8. Coming up",
        report.upcoming,
        columns=("Ref", "Action", "Owners", "Due", "Status", "RAG"),
        caption=f"Open actions falling due from {report.end_text} to {report.next_end_text}, "
        "a period as long as this one, soonest first",
        none=f"No open actions fall due between {report.end_text} and "
        f"{report.next_end_text}, a period as long as this one.",
    )
    if report.undated:
        count = len(report.undated)
        lead = "One open action has" if count == 1 else f"{count} open actions have"
        doc.para(f"{lead} no due date: {', '.join(a.id for a in report.undated)}.")
    doc.heading(1, "9. Meetings held")
    if report.meetings:
        doc.bullets(
            f"{m.title}, {m.date_text}" + (" (draft minutes, not yet approved)" if m.draft else "")
            for m in report.meetings
        )
    else:
        doc.para("No meetings were held in this period.")
    doc.heading(1, "10. Contact")
    contact = report.contact
    doc.para(
        f"For more information on this report or on {contact.programme_name}, contact: ",
        *contact_runs(contact),
    )
    if contact.url:
        doc.para("The programme's web page: ", link(contact.url, contact.url), ".")
    return doc.spec(
        title=report.title,
        author=contact.programme_name,
        date=report.as_of,
        page_header=INTERNAL_HEADER if report.internal else None,
    )


def progress_docx(report: ProgressView) -> bytes:
    """The report as a Word document (see :func:`docx_writer.to_bytes`)."""
    return docx_writer.to_bytes(progress_spec(report))
