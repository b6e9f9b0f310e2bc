"""`tws measures list|show`: each measure's latest figure against its target, one measure's
figures as a table, JSON or an SVG chart."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

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
)

if TYPE_CHECKING:
    import datetime as dt

    from trauma_ws.loading.programme import Programme
    from trauma_ws.querying.registers import MeasureRow

measures_app = App(
    name="measures",
    help="Follow the programme's measures (data/measures/): the latest figure of each "
    "against its target, and one measure's figures as a table, JSON or an SVG chart.\n\n"
    "Every command takes --as-of DATE (default today): figures dated after it are left out.",
)
app.add_typer(measures_app, name="measures")

AudienceOpt = Annotated[
    Audience,
    typer.Option(
        "--audience",
        "-a",
        help="internal (the default): every measure. public: only measures not marked "
        "`public: false`.",
    ),
]


@measures_app.command("list")
def list_(
    workstream: Annotated[
        str | None,
        typer.Option(
            "--workstream",
            "-w",
            metavar="ID",
            help="Only measures in this workstream.",
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
    """List the measures, each with its latest figure against its target.

    Where an id is asked for, a name, short name or abbreviation in any case does too (`SSSC`,
    "Partnership Delivery Group", a meeting as "pdg 2022-08-25"); the files keep ids.

    Status: met when the latest figure has reached the target (up or down, as the
    measure's direction says is good); behind when it has not and the target date has
    passed, or when it falls short of a straight line from the baseline (or the first
    figure) to the target; on track otherwise. No status without a target.

    \b
    Examples:
      tws measures list
      tws measures list --workstream implementation-support --format json
    """
    from trauma_ws.publishing import register_views
    from trauma_ws.querying import registers

    programme, day = _load(root, as_of)
    rows = registers.select_measures(
        programme, as_of=day, workstream=workstream, public_only=audience is Audience.public
    )
    records = [register_views.measure_record(r) for r in rows]
    if format is TableFormat.table:
        records = [_for_table(r) for r in rows]
    columns = [
        ("id", "ID"),
        ("title", "Title"),
        ("latest", "Latest"),
        ("latest_date", "On"),
        ("target", "Target"),
        ("target_date", "By"),
        ("status", "Status"),
    ]
    _table(
        records,
        format,
        columns,
        output,
        csv_columns=register_views.MEASURE_COLUMNS,
        title=f"Measures on {day} ({len(records)})",
        empty="No measures match.",
        bom=not no_bom,
    )


def _for_table(row: MeasureRow) -> dict[str, str]:
    from trauma_ws.publishing.charts import number_text

    m, latest = row.measure, row.latest
    return {
        "id": m.id,
        "title": m.title,
        "latest": f"{number_text(latest.value)} {m.unit}" if latest else "-",
        "latest_date": latest.date.isoformat() if latest else "-",
        "target": f"{number_text(m.target.value)} {m.unit}" if m.target else "-",
        "target_date": m.target.date.isoformat() if m.target else "-",
        "status": row.status or ("no target" if m.target is None else "-"),
    }


class ShowFormat(StrEnum):
    text = "text"
    json = "json"
    svg = "svg"


@measures_app.command()
def show(
    measure_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="The measure's id: its file name in data/measures/."),
    ],
    audience: AudienceOpt = Audience.internal,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
    format: Annotated[
        ShowFormat,
        typer.Option(
            "--format",
            "-f",
            help="text for people; json for scripts; svg: the chart, with a text "
            "alternative, to open in a browser or put in a page.",
        ),
    ] = ShowFormat.text,
    output: OutputOpt = None,
) -> None:
    """One measure whole: its baseline, target, latest figure and how it stands, and every
    figure with its source.

    Where an id is asked for, a name, short name or abbreviation in any case does too (`SSSC`,
    "Partnership Delivery Group", a meeting as "pdg 2022-08-25"); the files keep ids.

    \b
    Examples:
      tws measures show nqsw-trained
      tws measures show nqsw-trained --format svg -o build/nqsw-trained.svg
    """
    from trauma_ws.publishing import charts, register_views
    from trauma_ws.publishing.output import json_text
    from trauma_ws.querying.registers import measure_row, values_by

    programme, day = _load(root, as_of)
    measure = register_views.visible_measure(programme, measure_id, audience=audience.value)
    if format is ShowFormat.svg:
        emit(charts.measure_svg(measure, as_of=day), output)
        return
    row = measure_row(measure, day)
    if format is ShowFormat.json:
        detail = {
            **register_views.measure_record(row),
            "description": measure.description,
            "figures": [
                {"date": v.date.isoformat(), "value": v.value, "source": v.source}
                for v in values_by(measure, day)
            ],
        }
        emit(json_text(detail), output)
        return
    emit(_text(programme, row, day), output)


def _text(programme: Programme, row: MeasureRow, day: dt.date) -> str:
    from trauma_ws.publishing import charts, output

    m, latest = row.measure, row.latest
    n = charts.number_text
    stream = m.workstream
    status = row.status or ("no target" if m.target is None else "-")
    if row.status in ("on track", "behind") and row.expected is not None and latest:
        status += f" (the line to the target is at {n(round(row.expected, 1))} on {latest.date})"
    fields = [
        ("Unit", m.unit),
        ("Direction", f"{m.direction} ({'higher' if m.direction == 'up' else 'lower'} is better)"),
        (
            "Workstream",
            f"{programme.workstreams[stream].title} ({stream})"
            if stream in programme.workstreams
            else (stream or "-"),
        ),
        ("Baseline", f"{n(m.baseline.value)} on {m.baseline.date}" if m.baseline else "-"),
        ("Target", f"{n(m.target.value)} by {m.target.date}" if m.target else "-"),
        ("Latest", f"{n(latest.value)} on {latest.date}" if latest else "no figures yet"),
        ("Status", status),
        ("Public", "yes" if m.public else "no (internal)"),
    ]
    width = max(len(k) for k, _ in fields)
    lines = [f"{m.id}: {m.title}", ""]
    lines += [f"{k.ljust(width)}  {v}" for k, v in fields]
    if m.description:
        lines += ["", m.description]
    table = charts.measure_table(m, as_of=day)
    rows = [dict(zip(("date", "figure", "source"), r, strict=True)) for r in table.rows]
    columns = list(zip(("date", "figure", "source"), table.headers, strict=True))
    lines += ["", output.rows_table(rows, columns, title=table.caption).rstrip("\n")]
    return "\n".join(lines) + "\n"
