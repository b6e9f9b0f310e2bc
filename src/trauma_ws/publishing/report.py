"""Progress reports to a governance body: view data for one period and one audience, rendered.

Figures describe the position at the end of the period, worked out from the records: an action
raised at a later meeting did not exist yet, and a status changed after the period's end (by an
update or the completion date) is taken back to what it was. Names come from views.py, which
applies privacy once.

This is the module callers import. The work is split by concern: the groups and the period
(``report_scope.py``), the view data's types and figures as at the period's end
(``report_figures.py``), the purpose and summary paragraphs (``report_words.py``), and the view
put together (``report_view.py``); rendering it as Markdown or HTML is here (as a Word
document, in ``docx_report.py``).
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

from trauma_ws.loading.programme import Programme
from trauma_ws.publishing.report_figures import (
    NO_WORKSTREAM,
    ActionLine,
    MeetingLine,
    ProgressView,
    UpdateLine,
    WorkstreamCounts,
    status_on,
)
from trauma_ws.publishing.report_view import progress_view
from trauma_ws.publishing.report_words import count
from trauma_ws.record.problems import UsageError

__all__ = [
    "FORMATS",
    "NO_WORKSTREAM",
    "ActionLine",
    "MeetingLine",
    "ProgressView",
    "UpdateLine",
    "WorkstreamCounts",
    "count",
    "progress_view",
    "render_progress",
    "status_on",
]

FORMATS = {"md": "report.md.j2", "html": "report.html.j2"}


def render_progress(
    programme: Programme,
    *,
    root: Path | None,
    as_of: dt.date,
    fmt: str = "html",
    audience: str = "public",
    body: str | None = None,
    group: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    output: Path | None = None,
) -> str:
    """The report as Markdown or an HTML page (whose body is ``report_body.html.j2``).

    Its links to the minutes lead to ``build/minutes/`` (where ``make run`` renders them)
    from ``output``, the file it is written to: relative, so that the folder can be moved
    or published as a whole (``minutes/`` when it goes to standard output, as if in
    ``build/``).
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format `{fmt}`: use {' or '.join(FORMATS)}")
    view = progress_view(
        programme,
        as_of=as_of,
        audience=audience,
        body=body,
        group=group,
        start=start,
        end=end,
        minutes_href=minutes_href(root, output),
    )
    from trauma_ws.publishing import render  # Jinja is loaded only when something is rendered

    return render.render(FORMATS[fmt], {"report": view}, root=root)


MINUTES = Path("build", "minutes")
"""Where ``make run`` renders the minutes, under the programme's root."""


def minutes_href(root: Path | None, output: Path | None) -> str:
    """The folder of rendered minutes (``build/minutes/``) as a relative link from the folder
    ``output`` is written in, ending in ``/``; ``minutes/`` without a root or an output (the
    report is then read as if it stood in ``build/``), and for an output that is no regular
    file (a pipe, ``/dev/stdout``), which is read as standard output is."""
    if root is None or output is None or _special(output):
        return "minutes/"
    here = Path(os.path.abspath(output)).parent
    target = Path(os.path.abspath(root / MINUTES))
    return Path(os.path.relpath(target, here)).as_posix().rstrip("/") + "/"


def _special(output: Path) -> bool:
    """Whether ``output`` exists and is no regular file (a bad name is for the writer to
    report, as it reports every output's)."""
    try:
        return not stat.S_ISREG(os.stat(output).st_mode)
    except OSError:
        return False
