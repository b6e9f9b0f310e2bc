"""`tws risks list|show`: the risks-and-issues register, as tables, JSON or CSV."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from trauma_ws.cli.actions_cmd import _load, _table
from trauma_ws.cli.app import app
from trauma_ws.cli.common import (
    App,
    AsOfOpt,
    Audience,
    FormatOpt,
    NoBomOpt,
    OutputOpt,
    RootOpt,
    TableFormat,
    emit,
    eprint,
)

if TYPE_CHECKING:
    from trauma_ws.loading.programme import Programme

risks_app = App(
    name="risks",
    help="Keep an eye on the risks-and-issues register (data/risks/): list and show risks "
    "and issues, highest score first.\n\n"
    "Every command takes --as-of DATE (default today) and --audience public|internal.",
)
app.add_typer(risks_app, name="risks")

AudienceOpt = Annotated[
    Audience,
    typer.Option(
        "--audience",
        "-a",
        help="internal (the default): every risk, people named. public: only risks marked "
        "`public: true`, and a person who has not agreed to be named shown by their "
        "organisation.",
    ),
]


class Kind(StrEnum):
    risk = "risk"
    issue = "issue"


@risks_app.command("list")
def list_(
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            "-s",
            metavar="STATUS",
            help="Only these statuses (repeatable): open, monitoring, closed.",
            show_default=False,
        ),
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            metavar="ID",
            help="An organisation, person or group id. An organisation also finds the risks "
            "owned by its people and by the groups it belongs to on the as-of date (shown in "
            "the `via` column).",
            show_default=False,
        ),
    ] = None,
    workstream: Annotated[
        str | None,
        typer.Option(
            "--workstream",
            "-w",
            metavar="ID",
            help="Only risks in this workstream.",
            show_default=False,
        ),
    ] = None,
    kind: Annotated[
        Kind | None,
        typer.Option(
            "--kind",
            "-k",
            help="Only risks (may happen) or only issues (have happened).",
            show_default=False,
        ),
    ] = None,
    audience: AudienceOpt = Audience.internal,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
    format: FormatOpt = TableFormat.table,
    output: OutputOpt = None,
    no_bom: NoBomOpt = False,
) -> None:
    """List the risks and issues, highest score (likelihood × impact) first; filters
    combine (all must match).

    Where an id is asked for, a name, short name or abbreviation in any case does too (`SSSC`,
    "Partnership Delivery Group", a meeting as "pdg 2022-08-25"); the files keep ids.

    The level is low (score 1–4), medium (5–9), high (10–16) or very high (20–25). A live
    risk whose review date has passed is marked in the Review column.

    \b
    Examples:
      tws risks list --status open
      tws risks list --owner scottish-government --format csv -o risks.csv
      tws risks list --audience public --format json
    """
    from trauma_ws.publishing import register_views
    from trauma_ws.querying import registers

    programme, day = _load(root, as_of)
    rows = registers.select_risks(
        programme,
        as_of=day,
        owner=owner,
        workstream=workstream,
        statuses=status or (),
        kinds=(kind.value,) if kind else (),
        public_only=audience is Audience.public,
    )
    records = [register_views.risk_record(programme, r, audience=audience.value) for r in rows]
    columns = [
        ("id", "ID"),
        ("title", "Title"),
        ("kind", "Kind"),
        ("owner_name", "Owner"),
        ("score", "Score"),
        ("level", "Level"),
        ("status", "Status"),
        ("review", "Review"),
    ]
    if format is TableFormat.table:
        for record in records:
            record["score"] = f"{record['score']} ({record['likelihood']}×{record['impact']})"
            if record["review_overdue"]:
                record["review"] = f"{record['review']} (overdue)"
            record["review"] = record["review"] or "-"
        if owner is not None:
            columns.append(("via", "Via"))
            if any(r.via for r in rows):
                eprint(
                    f"Includes risks {owner} answers for through its groups or people "
                    "(see the Via column)."
                )
    _table(
        records,
        format,
        columns,
        output,
        csv_columns=register_views.RISK_COLUMNS,
        title=f"Risks and issues on {day} ({len(records)})",
        empty="No risks or issues match.",
        bom=not no_bom,
    )


class ShowFormat(StrEnum):
    text = "text"
    json = "json"


@risks_app.command()
def show(
    risk_id: Annotated[
        str, typer.Argument(metavar="ID", help="The risk's id: its file name in data/risks/.")
    ],
    audience: AudienceOpt = Audience.internal,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
    format: Annotated[ShowFormat, typer.Option("--format", "-f")] = ShowFormat.text,
    output: OutputOpt = None,
) -> None:
    """One risk or issue whole: its ratings and score, owner, response, the actions that
    mitigate it, its review date and its history of updates.

    Where an id is asked for, a name, short name or abbreviation in any case does too (`SSSC`,
    "Partnership Delivery Group", a meeting as "pdg 2022-08-25"); the files keep ids.
    """
    from trauma_ws.publishing import register_views
    from trauma_ws.publishing.output import json_text

    programme, day = _load(root, as_of)
    risk = register_views.visible_risk(programme, risk_id, audience=audience.value)
    detail = register_views.risk_detail(programme, risk, audience=audience.value, as_of=day)
    if format is ShowFormat.json:
        emit(json_text(detail), output)
        return
    emit(_text(programme, detail), output)


def _text(programme: Programme, d: dict[str, Any]) -> str:
    """A risk's detail (from ``risk_detail``) as lines for people."""
    from trauma_ws.querying.query import plural

    stream = d["workstream"]
    review = d["review"] or "-"
    if d["days_to_review"] is not None and d["review_overdue"]:
        review += f" (overdue by {plural(-d['days_to_review'], 'day')})"
    elif d["days_to_review"] is not None and d["status"] != "closed":
        review += f" (in {plural(d['days_to_review'], 'day')})"
    fields = [
        ("Kind", d["kind"]),
        ("Owner", f"{d['owner_name']} ({d['owner']})"),
        (
            "Workstream",
            f"{programme.workstreams[stream].title} ({stream})"
            if stream in programme.workstreams
            else (stream or "-"),
        ),
        ("Likelihood", f"{d['likelihood']} of 5"),
        ("Impact", f"{d['impact']} of 5"),
        ("Score", f"{d['score']} ({d['level']})"),
        ("Status", d["status"]),
        ("Raised", d["raised"]),
        ("Review", review),
        ("Public", "yes" if d["public"] else "no (internal)"),
    ]
    width = max(len(k) for k, _ in fields)
    lines = [f"{d['id']}: {d['title']}", ""]
    lines += [f"{k.ljust(width)}  {v}" for k, v in fields]
    if d["description"]:
        lines += ["", d["description"]]
    lines += ["", "Response:", f"  {d['response']}"]
    actions = d["mitigating_actions"]
    lines += ["", "Mitigating actions:" if actions else "Mitigating actions: none listed"]
    for a in actions:
        lines.append(f"  {a['id']}: {a['title'] or '?'} ({a['status'] or 'unknown'})")
    lines += ["", "History:" if d["updates"] else "History: no updates yet"]
    for u in d["updates"]:
        lines.append(f"  {u['date']}  {u['by_name']}: {u['text']}")
    return "\n".join(lines) + "\n"
