"""`tws site build`: the public website, rendered once and swapped into place as a whole.

Pages (every link between them relative, so the site works from the file system and from any
folder of a web host): ``index.html`` (the dashboard), ``actions/index.html`` and
``actions/<id>.html``, ``meetings/index.html`` and ``meetings/<id>.html`` (the public minutes),
``groups/index.html`` and ``groups/<id>.html``, ``risks.html`` (the public risks and issues),
``measures.html`` (the public measures, each with its chart and figures), ``reports.html``
and ``reports/<id>.html`` (the reports submitted to governance bodies), ``report.html`` (the
latest progress report) and ``assets/site.css``; beside each meeting's and each report's page,
its ``.docx`` (:mod:`.site_docx`). Only the public audience is ever built, and minutes and
reports still in draft are left out (no page, no link) unless the build includes drafts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from trauma_ws.loading.bulk import collector_paused
from trauma_ws.loading.programme import Programme
from trauma_ws.publishing import (
    docx_minutes,
    docx_report_record,
    render,
    report,
    site_docx,
    site_files,
    site_registers,
    site_reports,
    site_views,
    views,
)
from trauma_ws.publishing.render import TemplateFailure
from trauma_ws.publishing.sandbox import BoundedSandbox, render_bounded
from trauma_ws.publishing.site_files import (
    MARKER,
    MARKER_TEXT,
    Progress,
    SiteError,
    Task,
    WithFiles,
    check_output,
)
from trauma_ws.record import periods
from trauma_ws.record.problems import UsageError

__all__ = [
    "CSS",
    "MARKER",
    "MARKER_TEXT",
    "OUTPUT",
    "Built",
    "SiteError",
    "SiteInfo",
    "build",
    "check_output",
    "safe_email",
    "safe_url",
    "site_info",
]

OUTPUT = Path("build") / "site"
"""The default output folder, under the programme's root."""
CSS = "assets/site.css"
# Only these may become links: a web page (http or https) and an e-mail address.
_WEB = re.compile(r"^https?://[^\s<>\"'`\\]+$")
_EMAIL = re.compile(r"^[^@\s<>()\[\]:\"'`\\]+@[^@\s<>()\[\]:\"'`\\]+\.[A-Za-z]{2,}$")


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """What every page's header and footer show."""

    programme_name: str
    contact: str
    email: str | None
    """``contact`` when it is an e-mail address (a ``mailto:`` link)."""
    url: str | None
    """The programme's web page, only when it is an http(s) address."""
    as_of: dt.date
    as_of_text: str


@dataclass(frozen=True, slots=True)
class Built:
    out: Path
    pages: int
    """HTML pages written (the style sheet and the marker not counted)."""
    documents: int = 0
    """Word documents written beside them."""


def safe_url(value: str | None) -> str | None:
    """``value`` when it is an http(s) address that can be a link; otherwise None."""
    text = (value or "").strip()
    return text if _WEB.fullmatch(text) else None


def safe_email(value: str | None) -> str | None:
    """``value`` when it is a plain e-mail address (for ``mailto:``); otherwise None."""
    text = (value or "").strip()
    return text if _EMAIL.fullmatch(text) else None


def site_info(programme: Programme, *, as_of: dt.date) -> SiteInfo:
    """The programme's name and contact; links only from its own contact and url fields."""
    info = programme.workplan.programme if programme.workplan else None
    contact = info.contact if info else ""
    return SiteInfo(
        programme_name=info.name if info else "Programme",
        contact=contact,
        email=safe_email(contact),
        url=safe_url(info.url if info else None) or safe_url(contact),
        as_of=as_of,
        as_of_text=views.date_text(as_of),
    )


class _Renderer:
    """One sandboxed environment for the whole build: each template is compiled once."""

    def __init__(self, root: Path | None, common: Mapping[str, Any]) -> None:
        self.root = root
        self.env: BoundedSandbox = render.environment(root)
        self.env.auto_reload = False  # no template changes during a build: no stat per page
        self.common = dict(common)
        self.templates: dict[str, jinja2.Template] = {}

    def _template(self, name: str) -> jinja2.Template:
        template = self.templates.get(name)
        if template is None:
            template = self.templates[name] = self.env.get_template(name)
        return template

    def page(self, name: str, **context: Any) -> str:
        full = {**self.common, **context}
        try:
            return render_bounded(self._template(name), full)
        except Exception:
            # The same template fails the same way again: render() words the error for people
            # (which file, which line, what the sandbox refused).
            return render.render(name, full, root=self.root)

    def block(self, name: str, block: str, **context: Any) -> Markup:
        """One block of a template, rendered on its own (an autoescaped template's output)."""
        full = {**self.common, **context}
        try:
            template = self._template(name)
        except Exception:
            render.render(name, full, root=self.root)
            raise
        func = template.blocks.get(block)
        if func is None:
            raise TemplateFailure(
                f"{name} has no `{{% block {block} %}}`: the site puts that block of it inside "
                "its own pages; extend base.html.j2 and fill the block (see the default)"
            )
        try:
            self.env.begin()
            return Markup(self.env.stream(func(template.new_context(full))))
        except Exception:
            render.render(name, full, root=self.root)
            raise


@dataclass(frozen=True, slots=True)
class _Build:
    """What every page's task shares: the programme, the day, the renderer, the Word store,
    and the meetings whose minutes the site publishes."""

    programme: Programme
    as_of: dt.date
    r: _Renderer
    store: site_docx.DocxStore
    shown: frozenset[str]


def _meeting_page(b: _Build, entry: site_views.MeetingEntry) -> WithFiles:
    view = site_views.minutes(b.programme, entry.id, as_of=b.as_of)
    minutes = b.r.block(render.minutes_template(view.style, "html"), "content", meeting=view)
    data = b.store.get(docx_minutes.minutes_spec(view))
    docx = site_docx.download(entry.href.removesuffix(".html") + ".docx", data, "these minutes")
    page = b.r.page(
        "site_meeting.html.j2", entry=entry, minutes=minutes, download=docx, base="../", current=""
    )
    return WithFiles(page, ((docx.href, data),))


def _report_page(b: _Build, entry: site_reports.ReportEntry) -> WithFiles:
    view = site_reports.report_page_view(b.programme, entry.id, as_of=b.as_of, shown=b.shown)
    data = b.store.get(docx_report_record.record_spec(view))
    docx = site_docx.download(site_reports.docx_href(entry.id), data, "this report")
    page = b.r.page(
        "site_report_record.html.j2",
        entry=entry,
        report=view,
        download=docx,
        base="../",
        current="",
    )
    return WithFiles(page, ((docx.href, data),))


def _tasks(
    b: _Build,
    site: site_views.SiteView,
    registers: site_registers.RegistersView,
    reports_listed: tuple[site_reports.ReportEntry, ...],
    progress_report: report.ProgressView | None,
) -> list[Task]:
    """Every file of the site, in order, each made only when it is written (a meeting's or a
    report's Word document with its page)."""
    page = b.r.page
    tasks: list[Task] = [
        (CSS, partial(page, "site_style.css.j2")),
        (
            "index.html",
            partial(
                page,
                "site_index.html.j2",
                view=site,
                registers=registers,
                base="",
                current="dashboard",
            ),
        ),
        (
            "actions/index.html",
            partial(page, "site_actions.html.j2", view=site, base="../", current="actions"),
        ),
    ]
    tasks.extend(
        (e.href, partial(page, "site_action.html.j2", action=e, base="../", current=""))
        for e in site.actions
    )
    tasks.append(
        (
            "meetings/index.html",
            partial(page, "site_meetings.html.j2", view=site, base="../", current="meetings"),
        )
    )
    tasks.extend((m.href, partial(_meeting_page, b, m)) for m in site.meetings)
    tasks.append(
        (
            "groups/index.html",
            partial(page, "site_groups.html.j2", view=site, base="../", current="groups"),
        )
    )
    tasks.extend(
        (g.href, partial(page, "site_group.html.j2", group=g, base="../", current=""))
        for g in site.groups
    )
    tasks.append(
        (
            site_registers.RISKS_PAGE,
            partial(page, "site_risks.html.j2", view=registers, base="", current="risks"),
        )
    )
    tasks.append(
        (
            site_registers.MEASURES_PAGE,
            partial(page, "site_measures.html.j2", view=registers, base="", current="measures"),
        )
    )
    tasks.append(
        (
            site_reports.REPORTS_PAGE,
            partial(
                page, "site_reports.html.j2", reports=reports_listed, base="", current="reports"
            ),
        )
    )
    tasks.extend((e.href, partial(_report_page, b, e)) for e in reports_listed)
    if progress_report is not None:
        tasks.append(
            (
                "report.html",
                partial(
                    page, "site_report.html.j2", report=progress_report, base="", current="report"
                ),
            )
        )
    return tasks


def _report(
    programme: Programme, *, as_of: dt.date, shown: frozenset[str]
) -> report.ProgressView | None:
    """The latest progress report for the public: every group not external, default period.

    None when there is nothing to report on (a programme whose groups are all external).
    """
    try:
        view = report.progress_view(programme, as_of=as_of, audience=site_views.AUDIENCE)
    except UsageError:
        return None
    # The report links minutes where `make run` puts them; on the site they are in meetings/,
    # and minutes the site leaves out are not linked.
    meetings = tuple(
        dataclasses.replace(m, html_href=site_views.meeting_href(m.id) if m.id in shown else None)
        for m in view.meetings
    )
    return dataclasses.replace(view, meetings=meetings)


def build(
    programme: Programme,
    *,
    as_of: dt.date,
    out: Path,
    progress: Progress | None = None,
    include_drafts: bool = False,
    docx_store: site_docx.DocxStore | None = None,
) -> Built:
    """Build the public site of ``programme`` as it stood on ``as_of`` into the folder ``out``.

    Minutes and reports still in draft are left out, and nothing links to them, unless
    ``include_drafts`` (then they carry their draft banner). Word documents come from
    ``docx_store`` (a cache; without one, each is built), which is pruned to this build's
    documents once the site is written. The pages are written into a new folder beside
    ``out`` which then replaces it, so a failed build leaves the previous site as it was.
    """
    root = programme.root.resolve()
    target = check_output(out, root=root)
    store = docx_store if docx_store is not None else site_docx.DocxStore(None, None)
    store.start()
    with views.remembering_actions():
        built = _build(
            programme,
            as_of=as_of,
            root=root,
            target=target,
            progress=progress,
            include_drafts=include_drafts,
            store=store,
        )
    store.prune()
    return built


def _build(
    programme: Programme,
    *,
    as_of: dt.date,
    root: Path,
    target: Path,
    progress: Progress | None,
    include_drafts: bool,
    store: site_docx.DocxStore,
) -> Built:
    shown = site_views.shown_meetings(programme, include_drafts=include_drafts)
    with collector_paused():  # the views, as loading does for the records
        site = site_views.site_view(
            programme,
            as_of=as_of,
            include_drafts=include_drafts,
            report_rag=site_reports.latest_report_rag(programme, as_of=as_of),
        )
        registers = site_registers.registers_view(programme, as_of=as_of)
        progress_report = _report(programme, as_of=as_of, shown=shown)
        chosen = site_reports.listed(programme, as_of=as_of, include_drafts=include_drafts)
        reports_listed = site_reports.entries(programme, chosen)
    renderer = _Renderer(
        root,
        {
            "site": site_info(programme, as_of=as_of),
            "has_report": progress_report is not None,
            "include_drafts": include_drafts,
            "due_soon_days": site_views.DUE_SOON_DAYS,
            "due_soon_text": views.date_text(periods.add_days(as_of, site_views.DUE_SOON_DAYS)),
        },
    )
    b = _Build(programme, as_of, renderer, store, shown)
    tasks = _tasks(b, site, registers, reports_listed, progress_report)
    site_files.write_site(target, tasks, progress)
    return Built(target, site_files.pages_in(tasks), len(site.meetings) + len(reports_listed))
