"""Formatters for problems (text, json, github) and for row-shaped results (table, json, csv)."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from trauma_ws.problems import Problem


def summary(problems: Sequence[Problem], files: int) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return f"tws: {files} files checked, no problems"
    return (
        f"tws: {files} files checked: {errors} error{'s' * (errors != 1)}, "
        f"{warnings} warning{'s' * (warnings != 1)}"
    )


def problems_text(problems: Iterable[Problem]) -> str:
    return "".join(p.format() + "\n" for p in problems)


def problems_json(problems: Sequence[Problem], files: int) -> str:
    errors = sum(p.is_error for p in problems)
    document = {
        "ok": errors == 0,
        "files": files,
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [p.to_dict() for p in problems],
    }
    return json.dumps(document, indent=2) + "\n"


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def problems_github(problems: Iterable[Problem], *, base: str = "") -> str:
    """GitHub workflow commands, so a pull request shows each problem on its line.

    ``base`` is the programme's folder within the checked-out repository (``""`` at its top,
    else ending in ``/``): GitHub matches annotation paths against the repository's files.
    """
    lines = []
    for p in problems:
        props = [f"file={_gh_property(base + p.path)}"]
        if p.line:
            props.append(f"line={p.line}")
        if p.col:
            props.append(f"col={p.col}")
        props.append(f"title={_gh_property('tws ' + p.code)}")
        lines.append(f"::{p.severity} {','.join(props)}::{_gh_data(p.message)}\n")
    return "".join(lines)


def step_summary(problems: Sequence[Problem], files: int, *, base: str = "") -> str:
    """A Markdown table of every problem for ``$GITHUB_STEP_SUMMARY`` (paths as annotations)."""
    out = [f"## tws validate\n\n{summary(problems, files).removeprefix('tws: ')}\n"]
    if problems:
        out.append(
            "\n| file | line | col | severity | problem | code |\n|---|---|---|---|---|---|\n"
        )
        for p in problems:
            message = p.message.replace("|", "\\|").replace("\n", " ")
            path = (base + p.path).replace("|", "\\|")
            out.append(f"| {path} | {p.line} | {p.col} | {p.severity} | {message} | {p.code} |\n")
    return "".join(out)


def write_step_summary(problems: Sequence[Problem], files: int, *, base: str = "") -> None:
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(step_summary(problems, files, base=base))


# --- rows: tables, json, csv --------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP's CSV injection advice)."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def rows_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def rows_json(rows: Sequence[dict[str, Any]]) -> str:
    return json.dumps(list(rows), indent=2, default=str, ensure_ascii=False) + "\n"


def use_colour(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR")


def rows_table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[tuple[str, str]],
    stream: TextIO,
    *,
    title: str | None = None,
) -> None:
    """A rich table on a terminal; aligned plain text otherwise (pipes, NO_COLOR)."""
    cells = [[_plain(row.get(key)) for key, _ in columns] for row in rows]
    if use_colour(stream):
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, show_lines=False)
        for _, heading in columns:
            table.add_column(heading, overflow="fold")
        for line in cells:
            table.add_row(*line)
        Console(file=stream).print(table)
        return
    headings = [heading for _, heading in columns]
    widths = [
        max(len(h), *(len(c[i]) for c in cells)) if cells else len(h)
        for i, h in enumerate(headings)
    ]
    if title:
        stream.write(title + "\n")
    stream.write(
        "  ".join(h.ljust(w) for h, w in zip(headings, widths, strict=True)).rstrip() + "\n"
    )
    for line in cells:
        stream.write(
            "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() + "\n"
        )


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)
