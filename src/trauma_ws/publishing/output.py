"""Formatters for problems (text, json, github) and for row-shaped results (table, json, csv)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from trauma_ws.publishing.safe_text import UNSAFE as _UNSAFE
from trauma_ws.publishing.safe_text import printable
from trauma_ws.record.problems import OutputError, Problem


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


STEP_SUMMARY_LIMIT = 1024 * 1024
"""GitHub's limit on one step's job summary, in bytes of UTF-8: more and none is shown."""
_ROOM_FOR_FOOTER = 200


def _md(text: str) -> str:
    """Record text for a Markdown table cell that renders as itself: escaped (see
    :func:`trauma_ws.publishing.render.md`), with GitHub's bare-address autolinks broken up too."""
    from trauma_ws.publishing.render import md

    return md(text).replace("://", ":\\/\\/").replace("www.", "www\\.")


def step_summary(
    problems: Sequence[Problem], files: int, *, base: str = "", limit: int = STEP_SUMMARY_LIMIT
) -> str:
    """A Markdown table of the problems for ``$GITHUB_STEP_SUMMARY`` (paths as annotations).

    Record text is escaped so that it renders as text (never a link, image, HTML or a table
    cell of its own), and the whole stays under ``limit`` bytes: rows that do not fit are left
    out, and a last line says how many.
    """
    head = f"## tws validate\n\n{_md(summary(problems, files).removeprefix('tws: '))}\n"
    if problems:
        head += "\n| file | line | col | severity | problem | code |\n|---|---|---|---|---|---|\n"
    parts = [head]
    used = len(head.encode("utf-8"))
    for shown, p in enumerate(problems):
        row = (
            f"| {_md(base + p.path)} | {p.line} | {p.col} | {p.severity} | {_md(p.message)} "
            f"| {_md(p.code)} |\n"
        )
        size = len(row.encode("utf-8"))
        if used + size > limit - _ROOM_FOR_FOOTER:
            left = len(problems) - shown
            parts.append(
                f"\n{left} more problem{'s' * (left != 1)} left out: a job summary is limited "
                "to 1 MiB. The annotations and `tws validate` show every one.\n"
            )
            break
        parts.append(row)
        used += size
    return "".join(parts)


def write_step_summary(problems: Sequence[Problem], files: int, *, base: str = "") -> None:
    """Append :func:`step_summary` to ``$GITHUB_STEP_SUMMARY`` (when set), within the limit
    left by what the step wrote there before."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        before = os.path.getsize(target)
    except OSError:
        before = 0
    room = STEP_SUMMARY_LIMIT - before
    if room <= _ROOM_FOR_FOOTER * 2:
        return
    try:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(step_summary(problems, files, base=base, limit=room))
    except OSError as exc:
        raise OutputError(
            f"cannot write the job summary ($GITHUB_STEP_SUMMARY): {exc.strerror or exc}"
        ) from None


# --- text that is safe to show: in safe_text.py (light, imported at start-up) ----------------


def _json_escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(document: Any, *, indent: int | None = 2) -> str:
    """One JSON document and a newline; characters a terminal acts on are ``\\u`` escapes."""
    text = json.dumps(document, indent=indent, default=str, ensure_ascii=False)
    return _UNSAFE.sub(_json_escaped, text) + "\n"


# --- rows: tables, json, csv --------------------------------------------------------------------

_FORMULA_TRIGGERS = frozenset("=+-@|%\uff1d\uff0b\uff0d\uff20")
"""What makes a spreadsheet read a cell as a formula (OWASP's list, ``|`` for DDE, ``%``, and
the full-width forms some spreadsheets fold to the ASCII ones)."""


def _blank(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp")


def csv_cell(value: Any) -> str | int | float:
    """A cell a spreadsheet will not run as a formula (OWASP's CSV injection advice).

    Numbers the code produced stay numbers. Text starting with a formula trigger, even after
    spaces, no-break spaces, tabs, line breaks or NULs, gets a leading ``'``.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # as in JSON and docs/queries.md, not Python's
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    text = printable(str(value))
    start = next((c for c in text if not _blank(c)), "")
    if start in _FORMULA_TRIGGERS or (text and text[0] in "\t\r\n"):
        return "'" + text
    return text


def rows_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """A header row and one row per item; no byte-order mark (see ``BOM``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


BOM = "\ufeff"
"""The UTF-8 byte-order mark: put before CSV written to a file, it makes Excel read UTF-8."""


def rows_json(rows: Sequence[dict[str, Any]]) -> str:
    return json_text(list(rows))


def use_colour(stream: TextIO) -> bool:
    """Colour on a terminal (or with ``FORCE_COLOR``), never with ``NO_COLOR``."""
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or stream.isatty()


def rows_table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[tuple[str, str]],
    *,
    title: str | None = None,
    terminal: TextIO | None = None,
) -> str:
    """A rich table sized for ``terminal`` when given; aligned plain text otherwise.

    Record text is never read as rich markup (a title ``[link=…]`` stays text) and its control
    characters are shown escaped, so the result is safe to write to a terminal as it is.
    """
    cells = [[printable(_plain(row.get(key))) for key, _ in columns] for row in rows]
    heading = printable(title) if title else None
    if terminal is not None:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table(title=Text(heading) if heading else None, show_lines=False)
        for _, name in columns:
            table.add_column(Text(name), overflow="fold")
        for line in cells:
            table.add_row(*(Text(c) for c in line))
        console = Console(file=terminal)
        with console.capture() as captured:
            console.print(table)
        return captured.get()
    headings = [name for _, name in columns]
    widths = [
        max(len(h), *(len(c[i]) for c in cells)) if cells else len(h)
        for i, h in enumerate(headings)
    ]
    out = [heading + "\n"] if heading else []
    out.append("  ".join(h.ljust(w) for h, w in zip(headings, widths, strict=True)).rstrip() + "\n")
    for line in cells:
        out.append("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() + "\n")
    return "".join(out)


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)
