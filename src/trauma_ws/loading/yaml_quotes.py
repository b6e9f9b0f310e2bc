"""Syntax errors about text, for :mod:`.yaml_errors`: a colon and a space inside a value
(``title: Update: revised``), text after a closing quote or bracket, a bracket or quote left
open, a value starting with a character YAML keeps for itself (``@``, a backtick). Each says
what to write instead, the value quoted where quoting is the fix. And the small readers of a
line both modules use: its indentation, whether it starts a list entry, its key.
"""

from __future__ import annotations

import re

import yaml

_KEY = re.compile(
    r"""(?:"[^"]*"|'[^']*'|[^\s#'"\-?:,\[\]{}&*!|>%@`][^#]*?|-[^\s#]*?)[ \t]*:(?=\s|$)"""
)
"""A block mapping's key at the start of the text given, up to its colon."""
_FIELD = re.compile(r"[a-z][a-z0-9_]*")
"""What a field's name looks like in a record (``approved_at``), unlike text (``Update``)."""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_item(line: str) -> bool:
    rest = line.lstrip(" ")
    return rest == "-" or rest.startswith(("- ", "-\t"))


def _quoted(text: str) -> str:
    """``text`` as a YAML quoted scalar: double quotes unless it holds one."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _entry(line: str) -> tuple[int, str, re.Match[str] | None]:
    """Where ``line``'s entry starts (0-based, past its indentation and any list dashes),
    the text from there, and its ``key:`` when it has one."""
    start = _indent(line)
    rest = line[start:]
    while rest.startswith(("- ", "-\t")):
        step = 1 + _indent(rest[1:])
        start += step
        rest = rest[step:]
    return start, rest, _KEY.match(rest)


def _colon(lines: list[str], number: int, col: int) -> tuple[int, int, str] | None:
    """A colon and a space inside text (``title: Update: revised``), in words, with the
    text quoted to copy; None when the colon starts a key (an indentation problem)."""
    line = lines[number - 1]
    start, rest, key = _entry(line)
    colon = col - 1  # 0-based column of the colon libyaml stopped at
    if key is not None and start + key.end() - 1 < colon:
        # The line has its key; the colon is inside the value.
        name = key.group()[:-1].strip()
        value_at = start + key.end() + _indent(rest[key.end() :])
        value = line[value_at:].rstrip()
        if _FIELD.fullmatch(name):
            what, fixed, where = "value", f"{name}: {_quoted(value)}", value_at
        else:  # a list entry written `- Label: text: more`: all of it is the text
            value = line[start:].rstrip()
            what, fixed, where = "text", _quoted(value), start
        dash = "- " if start > _indent(line) else ""
        return (
            number,
            where + 1,
            f"this {what} has a colon followed by a space, so YAML reads it as a label and a "
            f"value: put the whole {what} in quotes: {dash}{_short(fixed)}",
        )
    if key is not None and _FIELD.fullmatch(key.group()[:-1].strip()):
        return None  # `field:` on a line of its own, indented too far: the indentation
    above = _text_above(lines, number)
    if above is None:
        return None
    return (
        number,
        colon + 1,
        f"this line continues the text on line {above}, and its colon followed by a space "
        f"makes YAML read a label and a value: put the whole text in quotes, or write it as a "
        f"block (`>-` after the field's colon, the text on the lines below it)",
    )


def _short(text: str, longest: int = 60) -> str:
    """Long text cut at ``longest`` characters, with an ellipsis before the closing quote."""
    if len(text) <= longest:
        return text
    return text[: longest - 2].rstrip() + " …" + text[-1]


def _text_above(lines: list[str], number: int) -> int | None:
    """The line whose text line ``number`` continues (the nearest less indented one)."""
    at = _indent(lines[number - 1])
    for above in range(number - 1, 0, -1):
        line = lines[above - 1]
        if line.strip() and not line.strip().startswith("#") and _indent(line) < at:
            return above
    return None


def _after_quote(lines: list[str], number: int, col: int) -> tuple[int, int, str] | None:
    """Text after a closing quote or bracket on the same line (``text: "x" y``), in words."""
    before = lines[number - 1][: col - 1].rstrip()
    if col - 1 <= _indent(lines[number - 1]):
        return None
    if before.endswith(("'", '"')):
        said = "text after the closing quote: put it inside the quotes, or quote none of it"
        return number, col, said
    if before.endswith(("]", "}")):
        said = f"text after the closing `{before[-1]}`: remove it, or move it inside the brackets"
        return number, col, said
    return None


def _unclosed(
    lines: list[str], exc: yaml.MarkedYAMLError, number: int, col: int
) -> tuple[int, int, str] | None:
    """A bracket or quote opened at line ``number``, column ``col`` and never closed."""
    problem, context = exc.problem or "", exc.context or ""
    if "flow sequence" in context or "flow mapping" in context:
        bracket, closing = ("[", "]") if "sequence" in context else ("{", "}")
        what = "list" if bracket == "[" else "mapping"
        return (
            number,
            col,
            f"this {what} in brackets (`{bracket}`) is not closed: add `{closing}` after its "
            "last entry, and a comma between entries",
        )
    if "quoted scalar" in context and "end of stream" in problem:
        quote = lines[number - 1][col - 1 : col] if number <= len(lines) else '"'
        inside = '\\"' if quote == '"' else "''"
        return (
            number,
            col,
            f"this text opens a quote (`{quote}`) that is never closed: add the closing "
            f"`{quote}` at the end of the text (a `{quote}` inside it is written `{inside}`)",
        )
    return None


def _cannot_start(lines: list[str], number: int, col: int) -> tuple[int, int, str] | None:
    """A value starting with a character YAML keeps for itself (`@`, a backtick, `%`)."""
    line = lines[number - 1]
    char = line[col - 1 : col]
    if not char:
        return None
    start, rest, key = _entry(line)
    value_at = start + key.end() + _indent(rest[key.end() :]) if key is not None else start
    if value_at != col - 1:
        return None
    value = line[value_at:].split(" #", 1)[0].rstrip()
    name = key.group()[:-1].strip() if key is not None else ""
    fixed = f"{name}: {_quoted(value)}" if key is not None else f"- {_quoted(value)}"
    return (
        number,
        col,
        f"a value cannot start with {'a backtick' if char == '`' else f'`{char}`'} in YAML: "
        f"put the whole value in quotes: "
        f"{_short(fixed)}",
    )
