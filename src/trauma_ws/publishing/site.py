"""`tws site build`: the public website, rendered once and swapped into place as a whole.

Pages (every link between them relative, so the site works from the file system and from any
folder of a web host): ``index.html`` (the dashboard), ``actions/index.html`` and
``actions/<id>.html``, ``meetings/index.html`` and ``meetings/<id>.html`` (the public minutes),
``groups/index.html`` and ``groups/<id>.html``, ``report.html`` (the latest progress report)
and ``assets/site.css``. Only the public audience is ever built.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import re
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from trauma_ws.loading.programme import Programme
from trauma_ws.publishing import render, report, site_views, targets, views
from trauma_ws.publishing.render import TemplateFailure
from trauma_ws.publishing.sandbox import BoundedSandbox, render_bounded
from trauma_ws.record import periods
from trauma_ws.record.problems import TwsError, UsageError

OUTPUT = Path("build") / "site"
"""The default output folder, under the programme's root."""
MARKER = ".tws-site"
"""A file in every built site: a later build may replace a folder only when it holds one."""
MARKER_TEXT = (
    "This folder was built by `tws site build`; each build replaces it as a whole.\n"
    "Do not keep anything else in it.\n"
)
CSS = "assets/site.css"
PROGRESS_EVERY = 250
PARALLEL_FROM = 2000
"""From this many files, a forked child on a second core writes every other one."""
_BINARY = getattr(os, "O_BINARY", 0)

Progress = Callable[[int, int], None]
"""Called with (pages written, pages in all) as the build goes on."""

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


class SiteError(TwsError):
    """The site could not be written (a full disk, a read-only folder); the old one is kept."""


@dataclass(frozen=True, slots=True)
class Built:
    out: Path
    pages: int
    """HTML pages written (the style sheet and the marker not counted)."""


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


Task = tuple[str, Callable[[], str]]
"""One file of the site: its path under the site, and how to make its text."""


def _meeting_page(
    programme: Programme, entry: site_views.MeetingEntry, r: _Renderer, as_of: dt.date
) -> str:
    view = site_views.minutes(programme, entry.id, as_of=as_of)
    minutes = r.block(render.minutes_template(view.style, "html"), "content", meeting=view)
    return r.page("site_meeting.html.j2", entry=entry, minutes=minutes, base="../", current="")


def _tasks(
    programme: Programme,
    site: site_views.SiteView,
    r: _Renderer,
    progress_report: report.ProgressView | None,
    *,
    as_of: dt.date,
) -> list[Task]:
    """Every file of the site, in order, each made only when it is written."""
    page = r.page
    tasks: list[Task] = [
        (CSS, partial(page, "site_style.css.j2")),
        (
            "index.html",
            partial(page, "site_index.html.j2", view=site, base="", current="dashboard"),
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
    tasks.extend((m.href, partial(_meeting_page, programme, m, r, as_of)) for m in site.meetings)
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


def _write(work: Path, tasks: Sequence[Task], done: Callable[[], None] | None = None) -> None:
    """Make and write each file of ``tasks`` under ``work``; ``done()`` after each page."""
    base = f"{work}{os.sep}"  # joined as text: pathlib costs more than the write itself
    folders: set[str] = set()
    for rel, make in tasks:
        data = make().encode("utf-8")
        folder = rel.rpartition("/")[0]
        if folder not in folders:
            os.makedirs(base + folder, exist_ok=True)
            folders.add(folder)
        fd = os.open(base + rel, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _BINARY, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        if done is not None and rel.endswith(".html"):
            done()


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _write_all(work: Path, tasks: Sequence[Task], progress: Progress | None) -> None:
    """Write every file, every other one from a forked child on a second core for a large
    site; when the child fails, this process writes its share too (and meets its error)."""
    total = sum(1 for rel, _ in tasks if rel.endswith(".html"))
    count = 0

    def done() -> None:
        nonlocal count
        count += 1
        if progress is not None and (count % PROGRESS_EVERY == 0 or count == total):
            progress(count, total)

    if len(tasks) < PARALLEL_FROM or _cores() < 2 or not hasattr(os, "fork"):
        _write(work, tasks, done)
        return
    theirs, mine = tasks[1::2], tasks[0::2]
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError:
        _write(work, tasks, done)
        return
    if pid == 0:  # the child: write its share, leave without cleaning up
        code = 1
        try:
            _write(work, theirs)
            code = 0
        finally:
            os._exit(code)
    # Progress counts this process's pages twice over (the child writes as many, as fast).
    step = total / max(1, sum(1 for rel, _ in mine if rel.endswith(".html")))

    def done_here() -> None:
        nonlocal count
        before = int(count * step)
        count += 1
        now = min(int(count * step), total - 1)
        if progress is not None and now // PROGRESS_EVERY > before // PROGRESS_EVERY:
            progress(now - now % PROGRESS_EVERY, total)

    try:
        _write(work, mine, done_here)
    except BaseException:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(pid, 0)
        raise
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        _write(work, theirs)  # the child failed: write its share here
    if progress is not None:
        progress(total, total)


def _report(programme: Programme, *, as_of: dt.date) -> report.ProgressView | None:
    """The latest progress report for the public: every group not external, default period.

    None when there is nothing to report on (a programme whose groups are all external).
    """
    try:
        view = report.progress_view(programme, as_of=as_of, audience=site_views.AUDIENCE)
    except UsageError:
        return None
    # The report links minutes where `make run` puts them; on the site they are in meetings/.
    meetings = tuple(
        dataclasses.replace(m, html_href=site_views.meeting_href(m.id)) for m in view.meetings
    )
    return dataclasses.replace(view, meetings=meetings)


def check_output(out: Path, *, root: Path) -> Path:
    """``out`` made absolute, refused when replacing it could lose anything but an old site."""
    target = targets.check(out)
    if out.is_symlink():
        raise UsageError(f"-o {out}: that is a symbolic link; give a real folder")
    if target == root or root.is_relative_to(target):
        raise UsageError(f"-o {out}: that folder holds the programme; give a folder for the site")
    if target.exists():
        if not target.is_dir():
            raise UsageError(f"-o {out}: that is a file; give a folder")
        if any(target.iterdir()) and not (target / MARKER).is_file():
            raise UsageError(
                f"-o {out}: the folder is not empty and was not built by `tws site build`; "
                "empty it, or choose another folder (a build replaces the folder as a whole)"
            )
    return target


def _swap_in(new: Path, target: Path) -> None:
    """Put the freshly built folder ``new`` where ``target`` is, removing the old site."""
    if not target.exists():
        os.rename(new, target)
        return
    old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old-"))
    os.rename(target, old / "site")
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(old / "site", target)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


def build(
    programme: Programme,
    *,
    as_of: dt.date,
    out: Path,
    progress: Progress | None = None,
) -> Built:
    """Build the public site of ``programme`` as it stood on ``as_of`` into the folder ``out``.

    The pages are written into a new folder beside ``out`` which then replaces it, so a failed
    build leaves the previous site as it was.
    """
    root = programme.root.resolve()
    target = check_output(out, root=root)
    with views.remembering_actions():
        return _build(programme, as_of=as_of, root=root, target=target, progress=progress)


def _build(
    programme: Programme, *, as_of: dt.date, root: Path, target: Path, progress: Progress | None
) -> Built:
    site = site_views.site_view(programme, as_of=as_of)
    progress_report = _report(programme, as_of=as_of)
    renderer = _Renderer(
        root,
        {
            "site": site_info(programme, as_of=as_of),
            "has_report": progress_report is not None,
            "due_soon_days": site_views.DUE_SOON_DAYS,
            "due_soon_text": views.date_text(periods.add_days(as_of, site_views.DUE_SOON_DAYS)),
        },
    )
    tasks = _tasks(programme, site, renderer, progress_report, as_of=as_of)
    pages = sum(1 for rel, _ in tasks if rel.endswith(".html"))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.new-"))
    except OSError as exc:
        raise SiteError(f"cannot write the site in {target.parent}: {exc.strerror}") from None
    try:
        _write_all(work, tasks, progress)
        (work / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        work.chmod(0o755)  # mkdtemp makes it private; a web server must read it
        _swap_in(work, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            shutil.rmtree(work)
        if isinstance(exc, OSError):
            raise SiteError(
                f"cannot write the site to {target}: {exc.strerror or exc}; "
                "the previous site (if any) is unchanged"
            ) from None
        raise
    return Built(target, pages)
