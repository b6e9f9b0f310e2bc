"""`tws report new`: scaffold the next report to a governance body, a draft whose period runs
from the day after the previous report to that body ended (or from the day the programme
began), with each workstream the reporting groups own rated as its actions suggest.

Written under the programme's edit lock and checked as a whole, as every edit is (see
:mod:`trauma_ws.editing.workflow`): the draft is valid as soon as it is written.
"""

from __future__ import annotations

import datetime as dt
import os
import textwrap
from pathlib import Path

from trauma_ws.checking.validate import load_valid
from trauma_ws.editing.edit import EditError, scalar
from trauma_ws.editing.ids import record_path
from trauma_ws.editing.workflow import SCHEMA_LINE, Written, check_result, editing, write
from trauma_ws.loading.programme import REPORTS, Programme
from trauma_ws.publishing import report_figures, views
from trauma_ws.publishing.report_record_parts import RagSuggestion, suggest_rag
from trauma_ws.querying import names, reports
from trauma_ws.record.problems import UsageError


def owned_workstreams(programme: Programme, groups: list[str]) -> list[str]:
    """The workstreams ``groups`` own, in the workplan's order: those one of them leads, and
    those their actions belong to."""
    used = {a.workstream for a in programme.actions.values() if a.group in groups}
    return [w.id for w in programme.workstreams.values() if w.lead in groups or w.id in used]


def suggested_rags(
    programme: Programme, groups: list[str], workstreams: list[str], end: dt.date
) -> dict[str, RagSuggestion]:
    """Each workstream's RAG as its actions suggest it at the end of ``end`` (see
    :func:`trauma_ws.publishing.report_record_parts.suggest_rag`)."""
    lines = [
        report_figures.action_line(programme, a, status, end, "internal")
        for a in programme.actions.values()
        if a.group in groups and (status := report_figures.status_on(programme, a, end)) is not None
    ]
    return {w: suggest_rag(lines, w) for w in workstreams}


def new_report(
    root: Path,
    body: str,
    *,
    day: dt.date,
    as_of: dt.date,
    author: str | None = None,
    today: dt.date | None = None,
) -> Written:
    """Create ``data/reports/<body>-<date>.yaml``, a draft report to ``body`` dated ``day``.

    The period runs from the day after the previous report to ``body`` ended (or, with none,
    from the programme's first meeting or dated action record) to ``day``. Every workstream
    the groups reporting to ``body`` own is listed with the RAG its actions suggest at the
    end of the period; comments mark where the reasons, narratives, recommendations,
    achievements and priorities go. ``author`` defaults to the previous report's author, or
    the programme's owner.

    UsageError for a body no group reports to (naming the nearest), or an unknown author;
    EditError when the report exists; DataError when the result would not pass
    ``tws validate`` on ``today`` (the programme's own today; default ``as_of``), for
    example a date after today.
    """
    with editing(root) as notes:
        programme = load_valid(root, as_of=as_of)
        body = names.resolve(programme, body, (names.BODY,))
        info = programme.workplan.programme if programme.workplan else None
        previous = reports.previous_report(programme, body, day)
        author = author or (previous.author if previous else info.owner if info else None)
        if author is None:
            raise UsageError("give --author: the programme names no owner to report")
        author = names.resolve(programme, author, names.PARTIES, role="author")
        ident = f"{body}-{day.isoformat()}"
        rel = record_path(root, REPORTS, ident)
        if os.path.lexists(root / rel):
            raise EditError(f"{rel} already exists: edit it, or choose another --date")
        groups = reports.reporting_groups(programme, body)
        span = reports.next_period(programme, body, day, previous)
        streams = owned_workstreams(programme, groups)
        text = _text(programme, ident, body, author, span, streams, groups)
        check_result(root, today or as_of, {rel: text}, {})
        # data/reports/ is optional: the first report makes it (a real folder in data/).
        (root / REPORTS).mkdir(exist_ok=True)
        write(root, {rel: text}, {}, what=f"report new {ident}")
        return Written(ident, (rel,), tuple(notes))


def _comment(text: str) -> list[str]:
    """``text`` as comment lines that fit the file's width."""
    return [f"# {line}\n" for line in textwrap.wrap(text, width=86)]


def _since(span: reports.ReportPeriod) -> str:
    if span.previous is not None:
        return f"the day after the period of the previous report ({span.previous.id}) ended"
    if span.basis == "programme-start":
        return "the programme's first recorded meeting or action date"
    return "the report's date: no earlier report and no dated record"


def _text(
    programme: Programme,
    ident: str,
    body: str,
    author: str,
    span: reports.ReportPeriod,
    streams: list[str],
    groups: list[str],
) -> str:
    name = programme.groups[body].name
    out = [
        SCHEMA_LINE.format(kind="report"),
        f"# Draft report to the {name}, dated {views.date_text(span.end)}.\n",
        "# Write each workstream's reason and narrative, the recommendations, achievements and\n",
        f"# priorities, then set `status: submitted`. See it: tws report render {ident}\n\n",
        f"id: {ident}\n",
        f"for: {body}\n",
        f"date: {span.end.isoformat()}\n",
        "# reference: the report's number, such as DIJB38-2022 (left out, none is shown)\n",
        "# title: what the report is on (default: the programme's name and `update`)\n",
        f"author: {scalar(author)}\n",
        *_comment(f"The period starts on {_since(span)}."),
        "period:\n",
        f"  from: {span.start.isoformat()}\n",
        f"  to: {span.end.isoformat()}\n",
        "status: draft\n",
        "# purpose: what the report is for (default: to update the body on the period's work)\n",
        f"# What the {name} is asked to do, one a line, such as:\n",
        "#   - Note the content of this report, including the progress to date and next steps.\n",
        "recommendations: []\n",
        "# Each workstream's RAG as its actions suggest it at the end of the period: the worst\n",
        "# RAG among its open actions then (red: overdue; amber: blocked or due within 14 days;\n",
        "# green otherwise, or a RAG set on the action), or green when none is open; with no\n",
        "# actions, as the previous report rated it. Change it if you judge otherwise, and say\n",
        "# why under `reason`.\n",
    ]
    suggestions = suggested_rags(programme, groups, streams, span.end)
    previous = span.previous
    if previous is not None:
        # A workstream no action rates keeps the previous report's rating, not a green that
        # would read as an improvement nobody made.
        for stream in previous.workstreams:
            hint = suggestions.get(stream.id)
            if hint is not None and not hint.from_actions:
                suggestions[stream.id] = RagSuggestion(
                    stream.rag,
                    f"as the previous report ({previous.id}) rated it: no actions recorded",
                    False,
                )
    if streams:
        out.append("workstreams:\n")
        for w in streams:
            hint = suggestions[w]
            out += [
                f"  - id: {w}\n",
                f"    rag: {hint.rag}  # {hint.why}\n",
                "    # reason: why it has this rating\n",
                "    # narrative: what progressed in the period\n",
            ]
    else:
        out.append("workstreams: []\n")
    out += [
        "# Key achievements of the period, one a line.\n",
        "achievements: []\n",
        "# Priorities for the next period, one a line.\n",
        "priorities: []\n",
        "# Optional board-paper sections, each text: background, financial_implications,\n",
        "# policy_implications, risk_assessment (the register's risks are added beside it) and\n",
        "# consultations (text, or a list); background_papers: a list of title, reference, url.\n",
    ]
    return "".join(out)
