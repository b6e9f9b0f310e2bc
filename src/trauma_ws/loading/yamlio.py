"""Bytes to safe YAML values, with a compact map from key path to line and column.

The file is read as an event stream from libyaml (PyYAML's C parser) and built into plain
dicts, lists and scalars here, so that every refusal happens before anything is expanded:
aliases and anchors (a "billion laughs" file stops at its first alias), explicit tags other
than ``!!str``, nesting deeper than ``MAX_DEPTH``, duplicate keys, several documents in one
file. Text-level problems (encoding, conflict markers, tabs in indentation, empty files, the
size limit) are found before parsing. Nothing here raises for bad data: problems are returned.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Collection, Generator, Sequence
from datetime import date, datetime
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from trauma_ws.record.problems import Problem, error

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


class Parsed:
    """One file read: its data (None when it could not be read) and where each value sits.

    Positions are worked out when first asked for, by reading the file's bytes again with
    every key and value's place recorded: a clean file (the usual case) is read once, fast,
    and costs no memory for positions nobody asks about. :meth:`locate` reads only as far as
    the positions it is given (a bad merge can put one problem near the top of thousands of
    files); anything asked for later that this did not reach reads the file again, to its end.
    """

    __slots__ = (
        "_implicit",
        "_key_marks",
        "_marks",
        "_partial",
        "_truthy",
        "data",
        "digest",
        "ident",
        "path",
        "problems",
        "raw",
        "source",
    )

    def __init__(
        self,
        path: str,
        data: Any = None,
        problems: list[Problem] | None = None,
        raw: bytes | None = None,
    ) -> None:
        self.path = path
        self.data = data
        self.problems: list[Problem] = problems if problems is not None else []
        self.raw = raw
        """The bytes read, kept unless the file can be read again (``source``)."""
        self.source: str | None = None
        """The file on disk, to read again for positions; ``digest`` proves it unchanged."""
        self.digest: bytes | None = None
        self.ident: str | None = None
        """The record's `id` as written, kept when ``data`` is let go."""
        self._marks: dict[KeyPath, Mark] | None = None
        self._key_marks: dict[KeyPath, Mark] | None = None
        self._truthy: dict[KeyPath, str] | None = None
        self._implicit: dict[KeyPath, str] | None = None
        self._partial = False
        """Positions were recorded only up to what :meth:`locate` was asked for."""

    @property
    def clean(self) -> bool:
        """Read without problems or surprises: safe to cache as it is."""
        return not self.problems and self._marks is None and self.data is not None

    def _locate(self) -> None:
        """Read the file again with every position (and YAML 1.1 surprise) recorded."""
        self._read_again(None, ())

    def locate(self, values: Collection[KeyPath], keys: Collection[KeyPath] = ()) -> None:
        """Find the positions of the values at ``values`` and of the keys naming ``keys``.

        The file is read again at most once, and only as far as the last of them (to its end
        when one is not there, so that :meth:`mark` can fall back to an enclosing value).
        """
        marks, key_marks = self._marks, self._key_marks
        if marks is None or key_marks is None:
            self._read_again(values, keys)
        elif self._partial and not (
            all(loc in marks for loc in values) and all(loc in key_marks for loc in keys)
        ):
            self._locate()

    def positions(
        self, values: Sequence[KeyPath], keys: Sequence[KeyPath] = ()
    ) -> tuple[list[Mark], list[Mark]]:
        """:meth:`mark` of each of ``values`` and :meth:`key_mark` of each of ``keys``.

        Read as :meth:`locate` reads, but the positions are not kept (unless they were known
        already): many files with a problem each need not hold memory for their positions.
        """
        probe = self
        if self._marks is None or self._partial:
            probe = Parsed(self.path, raw=self.raw)
            probe.source, probe.digest = self.source, self.digest
            probe.locate(values, keys)
        return [probe.mark(loc) for loc in values], [probe.key_mark(loc) for loc in keys]

    def _read_again(self, values: Collection[KeyPath] | None, keys: Collection[KeyPath]) -> None:
        """Read the file again for positions: all of them, or (``values`` given) enough."""
        full = Parsed(self.path)
        full._marks, full._key_marks, full._truthy, full._implicit = {}, {}, {}, {}
        complete = True
        raw = self.raw
        if raw is None and self.source is not None:
            # read_bytes, not open().read(MAX_BYTES + 1), which allocates the whole limit
            again = read_bytes(self.source, self.path)
            raw = again if isinstance(again, bytes) else None
            if raw is not None and digest(raw) != self.digest:
                raw = None  # changed since it was checked: no positions rather than wrong ones
        if raw is not None:
            text, _ = decode(raw, self.path)
            if text is not None:
                complete = _walk_until(text, full, values, keys)
        self._marks = full._marks
        self._key_marks = full._key_marks
        self._partial = not complete
        if complete:
            self._truthy = full._truthy
            self._implicit = full._implicit

    @property
    def marks(self) -> dict[KeyPath, Mark]:
        if self._marks is None or self._partial:
            self._locate()
        assert self._marks is not None
        return self._marks

    @property
    def key_marks(self) -> dict[KeyPath, Mark]:
        if self._key_marks is None or self._partial:
            self._locate()
        assert self._key_marks is not None
        return self._key_marks

    @property
    def truthy(self) -> dict[KeyPath, str]:
        """Where a plain yes/no/on/off word was read as a boolean, with the word."""
        if self._truthy is None:
            self._locate()
        assert self._truthy is not None
        return self._truthy

    @property
    def implicit(self) -> dict[KeyPath, str]:
        """Where a number or date in a surprising YAML 1.1 form was read, with the text.

        ``010`` (octal 8), ``0x1F``, ``1_000``, ``1:20`` (base 60), ``+5``, ``.5``: see
        :func:`_scalar`. Each is refused where it is read.
        """
        if self._implicit is None:
            self._locate()
        assert self._implicit is not None
        return self._implicit

    def mark(self, loc: KeyPath) -> Mark:
        """Line and column of the value at ``loc``, or of its nearest enclosing value."""
        marks = self._marks
        if marks is None or (self._partial and loc not in marks):
            marks = self.marks
        while loc:
            found = marks.get(loc)
            if found is not None:
                return found
            loc = loc[:-1]
        return marks.get((), (1, 1))

    def truthy_value(self, loc: KeyPath) -> bool:
        """The boolean a yes/no/on/off word at ``loc`` was read as."""
        return _BOOL_WORDS[self.truthy[loc].lower()]

    def key_mark(self, loc: KeyPath) -> Mark:
        """Line and column of the key naming ``loc`` (falling back to the value's place)."""
        key_marks = self._key_marks
        if key_marks is None or (self._partial and loc not in key_marks):
            key_marks = self.key_marks
        found = key_marks.get(loc)
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


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _line_col(text: str, index: int) -> Mark:
    """Line and column (1-based, in characters) of ``text[index]``, counted as libyaml does.

    libyaml breaks lines at CR LF, CR, LF, NEL and the Unicode line and paragraph
    separators, so the same breaks are counted here: a place found in the text agrees with
    the marks libyaml gives for every other problem.
    """
    line, start = 1, 0
    for m in _LINE_BREAK.finditer(text, 0, index):
        line += 1
        start = m.end()
    return line, index - start + 1


def _char_index(text: str, offset: int) -> int:
    """The character index of UTF-8 byte ``offset`` in ``text`` (libyaml's reader counts bytes)."""
    return len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))


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


_BOOL_SPELLINGS = frozenset(
    w for word in _BOOL_WORDS for w in (word, word.capitalize(), word.upper())
)
_NULL_SPELLINGS = frozenset(("~", "null", "Null", "NULL"))
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)")

TRUTHY = 1
"""``_scalar``'s flag for a yes/no/on/off word read as a boolean."""
IMPLICIT = 2
"""``_scalar``'s flag for a number or date in a form that YAML 1.1 reads by surprise."""


def _scalar(value: str, plain: bool) -> tuple[Any, int]:
    """The value of a scalar under YAML 1.1's rules, and a flag for a surprising reading.

    The flag is 0, ``TRUTHY`` (a yes/no/on/off word) or ``IMPLICIT``: a number in any form
    but plain decimal digits (``010`` is octal 8, ``0x1F``, ``0b101``, ``1_000``, ``1:20``
    in base 60, ``+5``) and any decimal fraction (``.5``, ``1.10``, ``.inf``; no field
    holds one).
    """
    if not plain:
        return value, 0
    first = value[:1]
    if first.isalpha():
        # Among YAML 1.1's implicit types only booleans and null are spelt with letters.
        if value in _BOOL_SPELLINGS:
            lowered = value.lower()
            return _BOOL_WORDS[lowered], TRUTHY if lowered not in ("true", "false") else 0
        return (None, 0) if value in _NULL_SPELLINGS else (value, 0)
    if first.isdigit() and _ISO_DATE.fullmatch(value):
        try:  # the commonest typed value, made without the general timestamp parser
            return date(int(value[:4]), int(value[5:7]), int(value[8:10])), 0
        except ValueError:
            return value, 0
    tag = _RESOLVER.resolve(ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    if tag == _STR:
        return value, 0
    if tag == "tag:yaml.org,2002:bool":
        lowered = value.lower()
        return _BOOL_WORDS[lowered], TRUTHY if lowered not in ("true", "false") else 0
    if tag == "tag:yaml.org,2002:null":
        return None, 0
    node = ScalarNode(tag, value)
    try:
        if tag == "tag:yaml.org,2002:int":
            number: int = _CONSTRUCTOR.construct_yaml_int(node)
            return number, 0 if _DECIMAL.fullmatch(value) else IMPLICIT
        if tag == "tag:yaml.org,2002:float":
            return _CONSTRUCTOR.construct_yaml_float(node), IMPLICIT
        if tag == "tag:yaml.org,2002:timestamp":
            # A date and time (a date alone is always YYYY-MM-DD, read above): every date
            # field refuses it, saying so.
            stamp: date | datetime = _CONSTRUCTOR.construct_yaml_timestamp(node)
            return stamp, 0
    except ValueError:
        # An impossible date such as 2022-13-01: keep the text, so the model reports it
        # at its place ("not a real date") instead of the reader failing.
        return value, 0
    return value, 0


class _Stop(Exception):
    """Raised inside the builder to stop at the first refusal."""


def parse(raw: bytes, path: str) -> Parsed:
    """Read one YAML file's bytes into a :class:`Parsed`; problems, never exceptions."""
    if len(raw) > MAX_BYTES:
        return _too_large(path, len(raw))
    result = Parsed(path)
    text, problems = decode(raw, path)
    if text is None:
        result.problems.extend(problems)
        return result
    problems = _text_problems(text, path)
    if problems:
        result.problems.extend(problems)
        return result
    result.raw = raw
    data = _build_fast(text)
    if data is not _SLOW:
        result.data = data
        result._truthy = {}
        result._implicit = {}
        return result
    result._marks, result._key_marks, result._truthy = {}, {}, {}
    result._implicit = {}
    try:
        _build(text, result)
    except _Stop:
        result.data = None
    except yaml.MarkedYAMLError as exc:
        result.data = None
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if "nesting depth" in (exc.problem or ""):
            # libyaml from 0.2.6 (bundled with PyYAML 6.0.3+) stops deep nesting itself,
            # sometimes before tws's own, shallower limit is reached: the same problem.
            result.problems.append(
                error(path, line, col, f"nested more than {MAX_DEPTH} levels deep", "too-deep")
            )
            return result
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
        # The reader reports a byte offset into the UTF-8 it was given (the text without the
        # byte-order mark, which decode() removed): a column counts characters.
        line, col = _line_col(text, _char_index(text, exc.position))
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


# What a double-quoted scalar may not hold, however written: the characters libyaml refuses
# raw, and CR and NEL (raw, they only ever end a line). Tab and newline stay allowed, as
# they are when written raw.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)
_ESCAPED = {"0": 0, "a": 7, "b": 8, "v": 11, "f": 12, "r": 13, "e": 27, "N": 0x85}


def _refuse_escape(text: str, ev: Any, result: Parsed) -> None:
    """Refuse a control character written as an escape, at the escape when it can be found."""
    found = _CONTROL.search(ev.value)
    assert found is not None
    code = ord(found.group())
    start = ev.start_mark.index
    line, col = ev.start_mark.line + 1, ev.start_mark.column + 1
    shown = ""
    for m in _ESCAPE.finditer(text, start, ev.end_mark.index):
        escape = m.group(1)
        value = int(escape[1:], 16) if len(escape) > 1 else _ESCAPED.get(escape)
        if value == code:
            line, col = _line_col(text, m.start())
            shown = f" (written `{m.group()}`)"
            break
    result.problems.append(
        error(
            result.path,
            line,
            col,
            f"control character U+{code:04X}{shown} is not allowed in YAML text: remove it",
            "yaml-syntax",
        )
    )
    raise _Stop


def _tab_before(text: str, line: int) -> Mark | None:
    """Where a tab indents the error's line or one of the lines just before it, if one does."""
    lines = _LINE_BREAK.split(text)
    for number in range(min(line, len(lines)), max(0, line - 3), -1):
        m = _TAB_INDENT.match(lines[number - 1])
        if m:
            return number, m.end()
    return None


def _build(text: str, result: Parsed) -> None:
    """Build plain values from libyaml's events, recording marks; raise _Stop on a refusal."""
    for _ in _walk(text, result):
        pass


def _walk_until(
    text: str, result: Parsed, values: Collection[KeyPath] | None, keys: Collection[KeyPath]
) -> bool:
    """Record positions in ``result`` until those of ``values`` and ``keys`` are all known
    (or all of them, with ``values`` None); True when the whole file was read (or refused).
    """
    steps = _walk(text, result)
    try:
        if values is None:
            for _ in steps:
                pass
            return True
        wanted = (set(values), set(keys))
        if not wanted[0] and not wanted[1]:
            return False
        for is_key, loc in steps:
            found = wanted[is_key]
            if loc in found:
                found.discard(loc)
                if not wanted[0] and not wanted[1]:
                    return False
    except (_Stop, yaml.YAMLError):
        pass
    finally:
        steps.close()  # stopped early: let libyaml go now, not when collected
    return True


def _walk(text: str, result: Parsed) -> Generator[tuple[bool, KeyPath], None, None]:
    """:func:`_build`, one node at a time: yields (is a key, its path) after recording each."""
    path = result.path
    marks = result._marks
    key_marks = result._key_marks
    truthy = result._truthy
    implicit = result._implicit
    assert marks is not None
    assert key_marks is not None
    assert truthy is not None
    assert implicit is not None
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
            if kind is yaml.ScalarEvent and ev.style == '"' and _CONTROL.search(ev.value):
                _refuse_escape(text, ev, result)
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
                    yield True, loc
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
                value, surprise = _scalar(ev.value, ev.implicit[0] and tag is None)
                if surprise == TRUTHY:
                    truthy[loc] = ev.value
                elif surprise:
                    implicit[loc] = ev.value
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
            yield False, loc
    finally:
        loader.dispose()
    result.data = root


_SLOW: Any = object()
_EXPECT_KEY: Any = object()
_IN_LIST: Any = object()
_INTERN: dict[str, str] = {}
_EVENT_KIND = {
    yaml.ScalarEvent: 0,
    yaml.MappingStartEvent: 1,
    yaml.SequenceStartEvent: 2,
    yaml.MappingEndEvent: 3,
    yaml.SequenceEndEvent: 3,
    yaml.StreamStartEvent: 4,
    yaml.StreamEndEvent: 4,
    yaml.DocumentEndEvent: 4,
    yaml.DocumentStartEvent: 5,
    yaml.AliasEvent: 6,
}
_PLAIN_FIRST = frozenset(_RESOLVER.yaml_implicit_resolvers)


def _build_fast(text: str) -> Any:
    """The usual case, quickly: plain values without positions, or ``_SLOW``.

    Anything out of the ordinary (a problem to report, a yes/no word, a tag) returns
    ``_SLOW``, and :func:`_build` reads the file again with every position recorded.
    Keys and short values are interned: a large programme repeats them thousands of times.
    """
    loader = _Loader(text)
    get = loader.get_event
    kinds = _EVENT_KIND
    intern = _INTERN.setdefault
    first_chars = _PLAIN_FIRST
    stack: list[Any] = []
    pending: list[Any] = []
    root: Any = _SLOW
    documents = 0
    # Only a double-quoted scalar with an escape can hold a control character (libyaml
    # refuses raw ones): with no backslash anywhere, no scalar needs looking at.
    escapes = "\\" in text
    control = _CONTROL.search
    try:
        while (ev := get()) is not None:
            kind = kinds[type(ev)]
            if kind == 4:
                continue
            if kind == 3:
                stack.pop()
                pending.pop()
                continue
            if kind == 5:
                documents += 1
                if documents > 1:
                    return _SLOW
                continue
            if kind == 6 or ev.anchor is not None or ev.tag is not None:
                return _SLOW
            if stack:
                top = stack[-1]
                key = pending[-1]
                if key is _EXPECT_KEY:
                    if kind != 0:
                        return _SLOW
                    key = intern(ev.value, ev.value)
                    if key in top or (escapes and control(key)):
                        return _SLOW
                    pending[-1] = key
                    continue
            else:
                top = key = None
            if kind == 0:
                value = ev.value
                if ev.implicit[0]:
                    if not value:
                        value = None
                    elif value[0] in first_chars:
                        value, surprise = _scalar(value, True)
                        if surprise:
                            return _SLOW
                elif escapes and control(value):
                    return _SLOW
                if type(value) is str and len(value) < 48:
                    value = intern(value, value)
            elif kind == 1:
                value = {}
            else:
                value = []
            if top is None:
                root = value
            elif key is _IN_LIST:
                top.append(value)
            else:
                top[key] = value
                pending[-1] = _EXPECT_KEY
            if kind != 0:
                if len(stack) >= MAX_DEPTH:
                    return _SLOW
                stack.append(value)
                pending.append(_EXPECT_KEY if kind == 1 else _IN_LIST)
    except yaml.YAMLError:
        return _SLOW
    finally:
        loader.dispose()
    return root


class _Duplicate:
    """A key seen twice in one mapping: its second value is read but not kept."""

    __slots__ = ("key",)

    def __init__(self, key: str) -> None:
        self.key = key


def digest(raw: bytes) -> bytes:
    """A file's content hash: what the parse cache and position lookups are keyed on."""
    return hashlib.blake2b(raw, digest_size=20).digest()


def _too_large(rel: str, size: int) -> Parsed:
    return Parsed(
        rel,
        problems=[
            error(
                rel,
                1,
                1,
                f"the file is {size / 1048576:.1f} MB, over the {MAX_BYTES // 1048576} MB "
                "limit for one record: split it",
                "file-too-large",
            )
        ],
    )


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
_FIRST_READ = 64 * 1024


def read_bytes(file: str, rel: str) -> bytes | Parsed:
    """The file's bytes, or a Parsed holding the problem that stops it being read.

    At most ``MAX_BYTES + 1`` bytes are read, so a huge file costs no memory to refuse.
    """
    try:
        fd = os.open(file, _READ_FLAGS)
        try:
            # Records are small: one modest read (asking for the whole limit would make
            # every read allocate a buffer that large), more only for a large file.
            raw = os.read(fd, _FIRST_READ)
            if len(raw) == _FIRST_READ:
                chunks = [raw]
                size = len(raw)
                while size <= MAX_BYTES and (more := os.read(fd, MAX_BYTES + 1 - size)):
                    chunks.append(more)
                    size += len(more)
                raw = b"".join(chunks)
            if len(raw) > MAX_BYTES:
                return _too_large(rel, os.fstat(fd).st_size)
        finally:
            os.close(fd)
    except OSError as exc:
        return Parsed(
            rel, problems=[error(rel, 0, 0, f"cannot read: {exc.strerror}", "unreadable")]
        )
    return raw


def parse_file(raw: bytes, file: str, rel: str) -> Parsed:
    """Parse bytes read from ``file``; positions are read again from the file when needed."""
    parsed = parse(raw, rel)
    parsed.raw = None
    parsed.source = file
    parsed.digest = digest(raw)
    return parsed


def cached(rel: str, data: Any, file: str, content_digest: bytes) -> Parsed:
    """A Parsed for a file whose content matched a parse-cache entry."""
    parsed = Parsed(rel, data)
    parsed._truthy = {}
    parsed._implicit = {}
    parsed.source = file
    parsed.digest = content_digest
    return parsed


def read(file: str, rel: str) -> Parsed:
    """Read and parse the file at ``file``, naming it ``rel`` in problems."""
    raw = read_bytes(file, rel)
    return raw if isinstance(raw, Parsed) else parse_file(raw, file, rel)
