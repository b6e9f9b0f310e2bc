"""YAML syntax errors in plain words: where a line should start, and which text to quote.

libyaml stops at the first thing it cannot read and says so in a parser's words ("did not find
expected '-' indicator", "mapping values are not allowed in this context"). Most such stops in
records are one of two mistakes, and :func:`syntax_problem` says which, at the line to change:

- **a line indented wrongly**: the lines above it say where each open list and mapping
  starts, so the line's nearest such column is where it should start. A guess is only given
  once the file, with the line (and the lines under it) moved there, reads past it.
- **text holding a colon and a space** (``title: Update: revised``), which YAML reads as a
  label and a value: the value, quoted, is given to copy (:mod:`.yaml_quotes`).

A bracket or quote left open is reported where it opens, and a value starting with a
character YAML keeps for itself (``@``, a backtick) is shown quoted (:mod:`.yaml_quotes`).

Anything else keeps libyaml's words, with the line and column it gives. Only a file that
cannot be read comes here, so none of this costs anything on a clean file.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import yaml

from trauma_ws.loading.yaml_events import MAX_DEPTH, _Loader
from trauma_ws.loading.yaml_quotes import (
    _KEY,
    _after_quote,
    _cannot_start,
    _colon,
    _indent,
    _is_item,
    _unclosed,
)
from trauma_ws.loading.yaml_text import _LINE_BREAK, _tab_before
from trauma_ws.record.problems import Problem, error

_INDENT_WORDS = (
    "did not find expected key",
    "did not find expected '-' indicator",
    "expected <block end>",
    "did not find expected <document start>",
    "expected '<document start>'",
    "mapping values are not allowed",
)
"""libyaml's (and PyYAML's own parser's) words for a line that is not where it should be."""

_BLOCK_SCALAR = re.compile(r"[|>][-+0-9]*[ \t]*(#.*)?$")
_TRIES = 3


class _Block(NamedTuple):
    """A list or mapping open at some line: where its entries start (0-based column)."""

    column: int
    kind: str  # "list" or "map"
    line: int  # the line of its latest entry (1-based)
    key: str  # the key on that line (mappings), or ""
    empty: bool  # the key has no value on its line: what follows may be under it


def syntax_problem(text: str, path: str, exc: yaml.MarkedYAMLError) -> Problem:
    """The problem to report for libyaml's ``exc`` in ``text``: in plain words when it is a
    wrongly indented line or text with a colon that needs quotes, else in libyaml's."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or ""
    if "nesting depth" in problem:
        # libyaml from 0.2.6 (bundled with PyYAML 6.0.3+) stops deep nesting itself,
        # sometimes before tws's own, shallower limit is reached: the same problem.
        return error(path, line, col, f"nested more than {MAX_DEPTH} levels deep", "too-deep")
    tab = _tab_before(text, line)
    if tab is not None:
        # libyaml stops at a tab used to indent ("found character '\t' …"): say so plainly.
        return error(path, *tab, "tab in indentation: YAML indents with spaces", "tab-indent")
    words = _parser_words(exc, line, col)
    lines = _LINE_BREAK.split(text)
    lines.append("")  # libyaml may stop just past the last line
    if 1 <= line <= len(lines):
        found: tuple[int, int, str] | None = None
        if "mapping values are not allowed" in problem:
            found = _colon(lines, line, col)
        if found is None and any(w in problem for w in _INDENT_WORDS):
            found = _indentation(lines, line, col, problem)
        if found is None and "did not find expected key" in problem:
            if lines[line - 1].lstrip(" ")[:1] in ("'", '"'):
                found = _text_line(lines, line)  # a quoted line of a long text, too far left
            found = found or _after_quote(lines, line, col)
        start = exc.context_mark
        if found is None and "could not find expected ':'" in problem and start is not None:
            found = _text_line(lines, start.line + 1)
        if found is None and start is not None:
            found = _unclosed(lines, exc, start.line + 1, start.column + 1)
        if found is None and "cannot start any token" in problem:
            found = _cannot_start(lines, line, col)
        if found is not None:
            return error(path, found[0], found[1], found[2], "yaml-syntax")
        if any(w in problem for w in _INDENT_WORDS):
            return error(
                path,
                line,
                col,
                "YAML cannot read the indentation here: each entry of a list or mapping starts "
                "in the same column as the one before it, and what belongs to an entry is "
                f"indented more than it ({words})",
                "yaml-syntax",
            )
    return error(path, line, col, f"YAML syntax: {words}", "yaml-syntax")


def _parser_words(exc: yaml.MarkedYAMLError, line: int, col: int) -> str:
    """libyaml's own account of the problem, with where the construct it was in starts."""
    what = exc.problem or "cannot read this"
    start = exc.context_mark
    if exc.context and start is not None and (start.line + 1, start.column + 1) != (line, col):
        what += f" ({exc.context} that starts at line {start.line + 1}, column {start.column + 1})"
    elif exc.context:
        what = f"{exc.context}: {what}"
    return what


# --- where each line's entries start ------------------------------------------------------------


def _structure(line: str, number: int) -> tuple[list[_Block], int | None]:
    """The list entries (``-``) and the mapping key a line starts, and the column whose
    deeper lines are a block scalar's text (``key: >-``), if it starts one."""
    at = _indent(line)
    rest = line[at:].rstrip()
    blocks: list[_Block] = []
    while rest == "-" or rest.startswith(("- ", "-\t")):
        blocks.append(_Block(at, "list", number, "", rest == "-"))
        step = 1 + _indent(rest[1:])
        at += step
        rest = rest[step:]
    key = _KEY.match(rest)
    value = rest
    if key is not None:
        name = key.group()[:-1].strip().strip("'\"")
        value = rest[key.end() :].strip()
        blocks.append(_Block(at, "map", number, name, value == "" or value.startswith("#")))
    scalar = blocks[-1].column if blocks and _BLOCK_SCALAR.match(value) else None
    return blocks, scalar


def _open_blocks(lines: list[str], before: int) -> list[_Block]:
    """The lists and mappings still open when line ``before`` (1-based) starts, outermost
    first: the entries a line there may belong to."""
    stack: list[_Block] = []
    scalar: int | None = None  # inside a block scalar: lines deeper than this are its text
    for number, line in enumerate(lines[: before - 1], 1):
        content = line.strip()
        if not content or content.startswith("#"):
            continue
        at = _indent(line)
        if scalar is not None:
            if at > scalar:
                continue
            scalar = None
        if at == 0 and content in ("---", "..."):
            continue
        blocks, scalar = _structure(line, number)
        if not blocks:
            continue  # more of a value begun above (a long text, a flow list): no new entry
        while stack and stack[-1].column >= at:
            stack.pop()
        stack.extend(blocks)
    return stack


def _shifted(lines: list[str], number: int, to: int) -> str:
    """The text with line ``number`` and the lines under it that are deeper moved to start
    at column ``to`` (0-based)."""
    at = _indent(lines[number - 1])
    moved = list(lines)
    for i in range(number - 1, len(lines)):
        line = lines[i]
        if i > number - 1 and line.strip() and _indent(line) <= at:
            break
        if line.strip():
            moved[i] = " " * max(0, _indent(line) - at + to) + line.lstrip(" ")
    return "\n".join(moved)


def _reads_past(text: str, number: int) -> bool:
    """Whether libyaml reads ``text`` past line ``number`` (to its end, or to a problem on a
    later line). Events only: nothing is built, and no alias is expanded."""
    loader: Any = _Loader(text)
    try:
        while loader.get_event() is not None:
            pass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return mark is not None and mark.line + 1 > number
    except yaml.YAMLError:
        return False
    finally:
        loader.dispose()
    return True


def _spaces(n: int) -> str:
    return f"{n} space{'s' * (n != 1)}"


def _indentation(
    lines: list[str], number: int, col: int, problem: str
) -> tuple[int, int, str] | None:
    """Line ``number`` in words when it is indented wrongly, with where it should start."""
    line = lines[number - 1]
    at = _indent(line)
    if not line.strip() or ("mapping values" not in problem and col - 1 != at):
        return None  # libyaml stopped inside the line, not at its start: not its indentation
    first = _first_content(lines)
    if first is not None and first < number and _indent(lines[first - 1]) > 0:
        # The first line is indented: everything after it is "less indented" than the file.
        fixed = _shifted(lines, first, 0)
        if _reads_past(fixed, number):
            return (
                first,
                _indent(lines[first - 1]) + 1,
                f"the first line is indented {_spaces(_indent(lines[first - 1]))}, but the "
                "fields of a record start at the beginning of the line: remove the spaces "
                "before it and the lines below it that line up with it",
            )
    blocks = _open_blocks(lines, number)
    is_item = _is_item(line)
    kind = "list" if is_item else "map"
    candidates = [b for b in blocks if b.kind == kind and b.column != at]
    parent = blocks[-1] if blocks else None
    under: _Block | None = None
    if is_item and parent is not None and parent.kind == "map" and parent.empty:
        # A list right under `key:` belongs to it: indented more than the key.
        under = parent
    candidates.sort(key=lambda b: (abs(b.column - at), -b.line))
    tries: list[tuple[int, _Block | None, bool]] = []
    if under is not None and at <= under.column:
        tries.append((under.column + 2, under, True))
    tries.extend((b.column, b, False) for b in candidates[:_TRIES])
    for to, block, nested in tries:
        if block is None or not _reads_past(_shifted(lines, number, to), number):
            continue
        said = f"this line is indented {_spaces(at)}"
        how = f"indent it {_spaces(to)}" if to else "start it at the beginning of the line"
        if nested:
            message = (
                f"{said}, but a list under `{block.key}` (line {block.line}) must be indented "
                f"more than `{block.key}`: {how}"
            )
        elif block.kind == "list":
            message = (
                f"{said}, but the list it belongs to starts at column {to + 1} (the `-` on "
                f"line {block.line}): {how} to line it up with that `-`"
            )
        else:
            message = (
                f"{said}, but the mapping it belongs to starts at column {to + 1} "
                f"(`{block.key}` on line {block.line}): {how} to line it up with `{block.key}`"
            )
        return number, at + 1, message
    return None


def _first_content(lines: list[str]) -> int | None:
    for number, line in enumerate(lines, 1):
        content = line.strip()
        if content and not content.startswith("#") and content not in ("---", "..."):
            return number
    return None


def _text_line(lines: list[str], number: int) -> tuple[int, int, str] | None:
    """A line of a long text (``description: >-`` and the lines under it) indented too little,
    which YAML reads as the start of a new field; None when it is not that."""
    if not 1 <= number <= len(lines) or _is_item(lines[number - 1]):
        return None
    at = _indent(lines[number - 1])
    blocks = _open_blocks(lines, number)
    if not blocks or at > blocks[-1].column:
        return None
    owner = blocks[-1]
    above = number - 1
    while above > owner.line and not lines[above - 1].strip():
        above -= 1
    below = number + 1
    while below <= len(lines) and not lines[below - 1].strip():
        below += 1
    to, like = owner.column + 2, "with the lines of the text below it"
    for near in (above, below):
        if near != owner.line and near <= len(lines) and _indent(lines[near - 1]) > owner.column:
            to, like = _indent(lines[near - 1]), "as the text's other lines are"
            break
    moved = list(lines)
    moved[number - 1] = " " * to + lines[number - 1].lstrip(" ")
    if not _reads_past("\n".join(moved), number):
        return None
    whose = f"`{owner.key}`" if owner.kind == "map" else "the entry whose `-` is"
    return (
        number,
        at + 1,
        f"this line is indented {_spaces(at)}, so YAML reads it as a new entry, not as more of "
        f"the text of {whose} on line {owner.line}: indent it {_spaces(to)}, {like}",
    )
