"""Bytes to safe YAML values, with a compact map from key path to line and column.

The file is read as an event stream from libyaml (PyYAML's C parser) and built into plain
dicts, lists and scalars here, so that every refusal happens before anything is expanded:
aliases and anchors (a "billion laughs" file stops at its first alias), explicit tags other
than ``!!str``, nesting deeper than ``MAX_DEPTH``, duplicate keys, several documents in one
file. Text-level problems (encoding, conflict markers, tabs in indentation, empty files, the
size limit) are found before parsing. Nothing here raises for bad data: problems are returned.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from trauma_ws.problems import Problem, error

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40

KeyPath = tuple[str | int, ...]
Mark = tuple[int, int]

_Loader: Any = getattr(yaml, "CSafeLoader", None)
if _Loader is None:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader
    _warned = False
else:
    _warned = True

_STR = "tag:yaml.org,2002:str"
_BOOL_WORDS = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.MULTILINE)
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)
_COMMENT_OR_BLANK = re.compile(r"^\s*(#.*)?$")


@dataclass(slots=True)
class Parsed:
    """One file read: its data (None when it could not be read) and where each value sits."""

    path: str
    data: Any = None
    marks: dict[KeyPath, Mark] = field(default_factory=dict)
    key_marks: dict[KeyPath, Mark] = field(default_factory=dict)
    truthy: dict[KeyPath, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def mark(self, loc: KeyPath) -> Mark:
        """Line and column of the value at ``loc``, or of its nearest enclosing value."""
        while loc:
            found = self.marks.get(loc)
            if found is not None:
                return found
            loc = loc[:-1]
        return self.marks.get((), (1, 1))

    def truthy_value(self, loc: KeyPath) -> bool:
        """The boolean a yes/no/on/off word at ``loc`` was read as."""
        return _BOOL_WORDS[self.truthy[loc].lower()]

    def key_mark(self, loc: KeyPath) -> Mark:
        """Line and column of the key naming ``loc`` (falling back to the value's place)."""
        found = self.key_marks.get(loc)
        return found if found is not None else self.mark(loc)


def warn_if_slow() -> None:
    """Say once on stderr when PyYAML has no libyaml: the pure-Python parser is ~9x slower."""
    global _warned
    if not _warned:
        _warned = True
        print(
            "tws: warning: PyYAML was built without libyaml, so reading is about 9 times slower; "
            "reinstall PyYAML with libyaml available to speed it up",
            file=sys.stderr,
        )


def _line_col(text: str, index: int) -> Mark:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Bytes to text (UTF-8, an optional BOM), or the problem saying why not."""
    head = raw[:64]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        len(head) >= 4
        and (head[1::2].count(0) * 2 >= len(head) - 2 or head[0::2].count(0) * 2 >= len(head) - 2)
    ):
        # A byte-order mark, or a zero byte beside every character: UTF-16.
        return None, [
            error(path, 1, 1, "the file is saved as UTF-16: save it as UTF-8", "bad-encoding")
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        # Columns count characters, as everywhere else: decode the line up to the bad byte.
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        byte = raw[exc.start]
        return None, [
            error(
                path,
                line,
                col,
                f"byte 0x{byte:02X} is not valid UTF-8 (the file looks like Windows-1252 or "
                "Latin-1): save it as UTF-8",
                "bad-encoding",
            )
        ]


def _text_problems(text: str, path: str) -> list[Problem]:
    problems: list[Problem] = []
    for m in _CONFLICT.finditer(text):
        line, _ = _line_col(text, m.start())
        problems.append(
            error(
                path,
                line,
                1,
                f"git conflict marker `{m.group(1)}`: resolve the merge conflict and keep one side",
                "conflict-marker",
            )
        )
    if problems:
        return problems
    if all(_COMMENT_OR_BLANK.match(line) for line in text.splitlines()):
        problems.append(
            error(path, 1, 1, "the file is empty: it should hold a YAML mapping", "empty-file")
        )
    return problems


def _scalar(value: str, plain: bool) -> tuple[Any, bool]:
    """The value of a scalar under YAML 1.1's rules, and whether it was a yes/no/on/off word."""
    if not plain:
        return value, False
    tag = _RESOLVER.resolve(ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    if tag == _STR:
        return value, False
    if tag == "tag:yaml.org,2002:bool":
        lowered = value.lower()
        return _BOOL_WORDS[lowered], lowered not in ("true", "false")
    if tag == "tag:yaml.org,2002:null":
        return None, False
    node = ScalarNode(tag, value)
    try:
        if tag == "tag:yaml.org,2002:int":
            return _CONSTRUCTOR.construct_yaml_int(node), False
        if tag == "tag:yaml.org,2002:float":
            return _CONSTRUCTOR.construct_yaml_float(node), False
        if tag == "tag:yaml.org,2002:timestamp":
            stamp: date | datetime = _CONSTRUCTOR.construct_yaml_timestamp(node)
            return stamp, False
    except ValueError:
        # An impossible date such as 2022-13-01: keep the text, so the model reports it
        # at its place ("not a real date") instead of the reader failing.
        return value, False
    return value, False


class _Stop(Exception):
    """Raised inside the builder to stop at the first refusal."""


def parse(raw: bytes, path: str) -> Parsed:
    """Read one YAML file's bytes into a :class:`Parsed`; problems, never exceptions."""
    result = Parsed(path)
    if len(raw) > MAX_BYTES:
        result.problems.append(
            error(
                path,
                1,
                1,
                f"the file is {len(raw) / 1048576:.1f} MB, over the {MAX_BYTES // 1048576} MB "
                "limit for one record: split it",
                "file-too-large",
            )
        )
        return result
    text, problems = decode(raw, path)
    if text is None:
        result.problems.extend(problems)
        return result
    problems = _text_problems(text, path)
    if problems:
        result.problems.extend(problems)
        return result
    try:
        _build(text, result)
    except _Stop:
        result.data = None
    except yaml.MarkedYAMLError as exc:
        result.data = None
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        tab = _tab_before(text, line)
        if tab is not None:
            # libyaml stops at a tab used to indent ("found character '\t' …"): say so plainly.
            result.problems.append(
                error(
                    path,
                    tab[0],
                    tab[1],
                    "tab in indentation: YAML indents with spaces",
                    "tab-indent",
                )
            )
            return result
        what = exc.problem or "cannot read this"
        start = exc.context_mark
        if exc.context and start is not None and (start.line + 1, start.column + 1) != (line, col):
            what += (
                f" ({exc.context} that starts at line {start.line + 1}, column {start.column + 1})"
            )
        elif exc.context:
            what = f"{exc.context}: {what}"
        if "mapping values are not allowed" in what:
            what += "; check the indentation, or quote text that contains ': '"
        result.problems.append(error(path, line, col, f"YAML syntax: {what}", "yaml-syntax"))
    except yaml.reader.ReaderError as exc:  # control characters and the like
        result.data = None
        line, col = _line_col(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character))
        result.problems.append(
            error(
                path,
                line,
                col,
                f"control character U+{code:04X} is not allowed in YAML text: remove it",
                "yaml-syntax",
            )
        )
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml raises the two above
        result.data = None
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        result.problems.append(error(path, 1, 1, f"YAML: {first}", "yaml-syntax"))
    return result


def _tab_before(text: str, line: int) -> Mark | None:
    """Where a tab indents the error's line or one of the lines just before it, if one does."""
    lines = text.splitlines()
    for number in range(min(line, len(lines)), max(0, line - 3), -1):
        m = _TAB_INDENT.match(lines[number - 1])
        if m:
            return number, m.end()
    return None


def _build(text: str, result: Parsed) -> None:
    """Build plain values from libyaml's events, recording marks; raise _Stop on a refusal."""
    path = result.path
    marks = result.marks
    key_marks = result.key_marks
    truthy = result.truthy
    # A frame: [container, its path, pending key (mappings only), expecting a key]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0

    def refuse(ev: Any, message: str, code: str) -> None:
        m = ev.start_mark
        result.problems.append(error(path, m.line + 1, m.column + 1, message, code))
        raise _Stop

    loader = _Loader(text)
    try:
        while True:
            ev = loader.get_event()
            if ev is None:
                break
            kind = type(ev)
            if kind is yaml.StreamStartEvent or kind is yaml.StreamEndEvent:
                continue
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    refuse(
                        ev,
                        "a second YAML document (`---`): keep one record per file",
                        "multi-document",
                    )
                continue
            if kind is yaml.DocumentEndEvent:
                continue
            if kind is yaml.AliasEvent:
                refuse(
                    ev,
                    f"alias `*{ev.anchor}`: aliases are not allowed, write the value out",
                    "yaml-alias",
                )
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
                continue
            if ev.anchor is not None:
                refuse(
                    ev, f"anchor `&{ev.anchor}`: anchors and aliases are not allowed", "yaml-anchor"
                )
            tag = ev.tag
            if tag is not None and tag not in (_STR, "!"):
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                refuse(
                    ev, f"tag `{shown}` is not allowed: only plain YAML values are read", "yaml-tag"
                )
            line = ev.start_mark.line + 1
            col = ev.start_mark.column + 1
            # Where does this node go?
            if stack:
                top = stack[-1]
                container = top[0]
                if top[3]:  # a mapping expecting a key
                    if kind is not yaml.ScalarEvent:
                        refuse(ev, "a key must be plain text, not a list or mapping", "yaml-key")
                    key = ev.value
                    loc = (*top[1], key)
                    if key in container:
                        first = key_marks.get(loc, (0, 0))[0]
                        result.problems.append(
                            error(
                                path,
                                line,
                                col,
                                f"duplicate key `{key}` (first at line {first}): keep one",
                                "duplicate-key",
                            )
                        )
                        key = _Duplicate(key)
                    else:
                        key_marks[loc] = (line, col)
                    top[2] = key
                    top[3] = False
                    continue
                if isinstance(container, dict):
                    key = top[2]
                    loc = (*top[1], key)
                    top[3] = True
                else:
                    key = len(container)
                    loc = (*top[1], key)
            else:
                container = None
                key = None
                loc = ()
            if kind is yaml.ScalarEvent:
                value, was_truthy = _scalar(ev.value, ev.implicit[0] and tag is None)
                if was_truthy:
                    truthy[loc] = ev.value
            elif kind is yaml.MappingStartEvent:
                value = {}
            elif kind is yaml.SequenceStartEvent:
                value = []
            else:  # pragma: no cover - libyaml emits no other events
                continue
            marks[loc] = (line, col)
            if isinstance(key, _Duplicate):
                pass  # the first value stays; the duplicate is reported
            elif container is None:
                root = value
            elif isinstance(container, dict):
                container[key] = value
            else:
                container.append(value)
            if kind is not yaml.ScalarEvent:
                if len(stack) >= MAX_DEPTH:
                    refuse(ev, f"nested more than {MAX_DEPTH} levels deep", "too-deep")
                stack.append([value, loc, None, kind is yaml.MappingStartEvent])
    finally:
        loader.dispose()
    result.data = root


class _Duplicate:
    """A key seen twice in one mapping: its second value is read but not kept."""

    __slots__ = ("key",)

    def __init__(self, key: str) -> None:
        self.key = key


def read(file: str, rel: str) -> Parsed:
    """Read and parse the file at ``file``, naming it ``rel`` in problems."""
    try:
        with open(file, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
            if len(raw) > MAX_BYTES:
                import os

                size = os.fstat(handle.fileno()).st_size
                return Parsed(
                    rel,
                    problems=[
                        error(
                            rel,
                            1,
                            1,
                            f"the file is {size / 1048576:.1f} MB, over the "
                            f"{MAX_BYTES // 1048576} MB limit for one record: split it",
                            "file-too-large",
                        )
                    ],
                )
    except OSError as exc:
        return Parsed(
            rel, problems=[error(rel, 0, 0, f"cannot read: {exc.strerror}", "unreadable")]
        )
    return parse(raw, rel)
