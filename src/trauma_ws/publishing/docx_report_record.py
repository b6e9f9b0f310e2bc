"""A report to a body, kept as a record, as a Word document (``tws report render --format
docx``): the board paper of ``report_record_body.html.j2``, block for block.

Built from the same :class:`~trauma_ws.publishing.report_record_view.ReportRecordView` the
templates get, already built for its audience (people named by the publication rule, public
risks, measures and decisions only in public output), so the Word file says what the HTML
says. The headings follow the HTML's levels, one lower: the title is Word's Title, the
numbered sections (``1. Purpose of report``) Heading 1, the parts of the main text
(``3.1 Background``) Heading 2, and the parts of the progress update (Workstreams, Figures,
Actions by workstream…) Heading 3. The front matter (``dl`` in the HTML) is one paragraph per
line with its label in bold; recommendations are numbered paragraphs (``2.1``) as in a
board paper; the meetings and their decisions are nested lists (List Bullet 2 and 3).

A measure's chart cannot go into the document as the HTML's SVG (Word documents written by
python-docx hold raster pictures only, and tws draws no PNG), so each measure gives its
chart's text alternative as a paragraph and its data table, as the HTML gives them beside
the chart. Relative links to the minutes (``minutes/<id>.html``) are left out: a Word file
travels on its own. The programme's own templates do not apply.
"""

from __future__ import annotations

from trauma_ws.publishing import docx_writer
from trauma_ws.publishing.docx_minutes import INTERNAL_HEADER, contact_runs
from trauma_ws.publishing.docx_report import action_section, counts_table, update_runs
from trauma_ws.publishing.docx_writer import Builder, Inline, Table, bold, link
from trauma_ws.publishing.report_record_parts import MeasureView
from trauma_ws.publishing.report_record_view import ReportRecordView, SectionView

_WORKSTREAMS = ("Workstream", "RAG", "Since the previous report", "Reason")
_FIGURES = ("Measure", "Latest", "On", "Target", "Status")
_RISKS = ("Risk", "Kind", "Owner", "Likelihood", "Impact", "Score", "Response")


def _internal(flag: bool) -> tuple[Inline, ...]:
    return (bold("Internal:"), " ") if flag else ()


# --- the progress update (the main text's second part) -------------------------------------------


def _workstreams(doc: Builder, report: ReportRecordView) -> None:
    doc.heading(3, "Workstreams")
    if not report.workstreams:
        doc.para("The report rates no workstreams.")
        return
    doc.table(
        Table(
            header=_WORKSTREAMS,
            # The trend in words only: the HTML's arrow is hidden from screen readers, and
            # Word has no way to hide it.
            rows=tuple(
                (w.title, w.rag_text, w.trend_text, w.reason or "") for w in report.workstreams
            ),
            caption="Each workstream's RAG rating at the end of the period, and how it "
            "compares with the previous report",
            row_headers=True,
        )
    )
    for w in report.workstreams:
        if w.narrative:
            doc.para(bold(f"{w.title}."), f" {w.narrative}")


def _figure_row(m: MeasureView) -> tuple[str, ...]:
    return (
        m.title,
        m.latest_text or "no figure yet",
        m.latest_date_text or "",
        m.target_text or "none set",
        m.status or ("no target" if not m.target_text else ""),
    )


def _measures(doc: Builder, report: ReportRecordView) -> None:
    if not report.measures:
        return
    doc.heading(3, "Figures")
    doc.table(
        Table(
            header=_FIGURES,
            rows=tuple(_figure_row(m) for m in report.measures),
            caption=f"Each measure's latest figure by {report.progress.end_text}, against its "
            "target",
            row_headers=True,
        )
    )
    for m in report.measures:
        doc.para(m.chart_text)  # the chart's text alternative, where the HTML draws it
        doc.table(
            Table(
                header=m.table.headers,
                rows=m.table.rows,
                caption=m.table.caption,
                numeric=frozenset({1}),
            )
        )


def _meetings(doc: Builder, report: ReportRecordView) -> None:
    doc.heading(3, "Meetings and decisions")
    if not report.meetings:
        doc.para("No meetings were held in the period.")
        return
    for meeting in report.meetings:
        draft = " (draft minutes, not yet approved)" if meeting.draft else ""
        doc.bullets([f"{meeting.title}, {meeting.date_text}{draft}"])
        for item in meeting.items:
            doc.bullets([item.heading], level=2)
            for group in item.decision_groups:
                doc.para(group.lead, level=2)
                doc.bullets(
                    (
                        (*_internal(d.internal), d.text, f" ({d.vote_text})" if d.vote_text else "")
                        for d in group.decisions
                    ),
                    level=3,
                )


def _progress(doc: Builder, report: ReportRecordView) -> None:
    p = report.progress
    for paragraph in report.summary:
        doc.para(paragraph)
    doc.para(report.figures_note)
    _workstreams(doc, report)
    if report.achievements:
        doc.heading(3, "Key achievements")
        doc.bullets(report.achievements)
    _measures(doc, report)
    doc.heading(3, "Actions by workstream")
    if p.total.total:
        doc.table(
            counts_table(
                p,
                caption="Actions at the end of the period: by status, and the open ones by "
                "RAG rating",
            )
        )
    else:
        doc.para(f"No actions were recorded for {p.groups_text} by the end of the period.")
    action_section(
        doc,
        "Completed in the period",
        p.completed,
        columns=("Ref", "Action", "Owners", "Completed"),
        caption=f"Actions completed from {p.period_text}",
        none="No actions were completed in the period.",
        level=3,
    )
    action_section(
        doc,
        "Raised in the period",
        p.raised,
        columns=("Ref", "Action", "Raised at", "Owners", "Due", "Status"),
        caption=f"Actions raised at meetings from {p.period_text}",
        none="No actions were raised in the period.",
        level=3,
    )
    action_section(
        doc,
        "Overdue at the end of the period",
        p.overdue,
        columns=("Ref", "Action", "Owners", "Due", "Days overdue", "Status"),
        caption=f"Open actions whose due date had passed by {p.end_text}, most overdue first",
        none="No actions were overdue at the end of the period.",
        level=3,
    )
    doc.heading(3, "Updates in the period")
    if p.updates:
        doc.bullets(update_runs(u) for u in p.updates)
    else:
        doc.para("No progress updates were recorded in the period.")
    _meetings(doc, report)


# --- the other sections --------------------------------------------------------------------------


def _next_steps(doc: Builder, report: ReportRecordView) -> None:
    p = report.progress
    if report.priorities:
        doc.para("The priorities for the next period:")
        doc.bullets(report.priorities)
    action_section(
        doc,
        "Coming up",
        p.upcoming,
        columns=("Ref", "Action", "Owners", "Due", "Status", "RAG"),
        caption=f"Open actions falling due from {p.end_text} to {p.next_end_text}, a period "
        "as long as this one, soonest first",
        none=f"No open actions fall due between {p.end_text} and {p.next_end_text}, a "
        "period as long as this one.",
        level=3,
    )
    if p.undated:
        count = len(p.undated)
        lead = "One open action has" if count == 1 else f"{count} open actions have"
        doc.para(f"{lead} no due date: {', '.join(a.id for a in p.undated)}.")


def _recommendations(doc: Builder, report: ReportRecordView, number: str) -> None:
    doc.para(report.recommendations_lead)
    for index, text in enumerate(report.recommendations, 1):
        doc.para(bold(f"{number}.{index}"), f" {text}")


def _risks(doc: Builder, report: ReportRecordView) -> None:
    doc.para(report.risk_assessment or "")
    if not report.risks:
        doc.para(f"{report.risks_note} None are recorded.")
        return
    doc.table(
        Table(
            header=_RISKS,
            rows=tuple(
                (
                    r.title,
                    r.kind,
                    r.owner,
                    str(r.likelihood),
                    str(r.impact),
                    f"{r.score} ({r.level})",
                    r.response,
                )
                for r in report.risks
            ),
            caption=report.risks_note,
            row_headers=True,
            numeric=frozenset({3, 4}),
        )
    )


def _section(doc: Builder, report: ReportRecordView, section: SectionView) -> None:
    """What the section shows under its heading, by its key (see ``SECTION_KEYS``)."""
    key = section.key
    if key in ("purpose", "background"):
        for paragraph in report.purpose if key == "purpose" else report.background:
            doc.para(paragraph)
    elif key == "recommendations":
        _recommendations(doc, report, section.number)
    elif key in ("financial", "policy"):
        doc.para(
            (report.financial_implications if key == "financial" else report.policy_implications)
            or ""
        )
    elif key == "progress":
        _progress(doc, report)
    elif key == "next-steps":
        _next_steps(doc, report)
    elif key == "risks":
        _risks(doc, report)
    elif key == "consultations":
        doc.bullets(report.consultations)
    elif key == "papers":
        doc.bullets(
            (f"{p.reference}: " if p.reference else "", link(p.title, p.url))
            for p in report.background_papers
        )
    # "main" has only its parts (background, progress, next steps), each a section of its own.


def record_spec(report: ReportRecordView) -> docx_writer.DocumentSpec:
    """The report as a document structure: the sections of ``report_record_body.html.j2``,
    in ``report.sections``' order, then the contact."""
    doc = Builder()
    doc.heading(0, report.title)
    for label, text in report.front:
        doc.para(bold(f"{label}:"), f" {text}")
    if report.draft:
        doc.para(bold("Draft:"), f" not yet submitted to the {report.body_name}.")
    if report.internal:
        doc.para(bold("Internal:"), " for members only; not for publication.")
    for section in report.sections:
        dot = "." if section.level == 2 else ""
        doc.heading(section.level - 1, f"{section.number}{dot} {section.title}")
        _section(doc, report, section)
    doc.heading(1, "Contact")
    contact = report.contact
    doc.para(
        f"For more information on this report or on {contact.programme_name}, contact: ",
        *contact_runs(contact),
    )
    if contact.url:
        doc.para("The programme's web page: ", link(contact.url, contact.url), ".")
    return doc.spec(
        # As the HTML page's title: what, to whom and when, for File > Info and screen readers.
        title=f"{report.title}: report to the {report.body_name}, {report.date_text}",
        author=report.author,
        date=report.date,
        status="Draft" if report.draft else None,
        page_header=INTERNAL_HEADER if report.internal else None,
    )


def record_docx(report: ReportRecordView) -> bytes:
    """The report as a Word document (see :func:`docx_writer.to_bytes`)."""
    return docx_writer.to_bytes(record_spec(report))
