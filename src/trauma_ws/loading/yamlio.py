"""Bytes to safe YAML values, with a compact map from key path to line and column.

The reader's entry points, which every caller imports: :func:`read_bytes` (at most the size
limit), :func:`parse` and :func:`read` (bytes or a file to a :class:`Parsed`), and
:class:`Parsed` itself, one file's data with its positions worked out when first asked for.
The work is done in four modules beside this one: the text-level checks and decoding
(``yaml_text``: encoding, conflict markers, tabs in indentation, empty files), the rules for
scalars (``yaml_scalars``: YAML 1.1's implicit types, escaped control characters), the
builders from libyaml's events (``yaml_events``: aliases and anchors, tags, nesting deeper
than ``MAX_DEPTH``, duplicate keys, several documents) and syntax errors in plain words
(``yaml_errors``: a wrongly indented line, text to quote, a bracket or quote left open).
Every refusal happens before anything is expanded; nothing here raises for bad data:
problems are returned.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Collection, Sequence
from typing import Any

import yaml

from trauma_ws.loading.yaml_errors import syntax_problem
from trauma_ws.loading.yaml_events import (
    _SLOW,
    MAX_DEPTH,
    KeyPath,
    _build,
    _build_fast,
    _Stop,
    _walk_until,
    warn_if_slow,
)
from trauma_ws.loading.yaml_scalars import _BOOL_WORDS
from trauma_ws.loading.yaml_text import (
    Mark,
    _char_index,
    _line_col,
    _text_problems,
    decode,
)
from trauma_ws.record.problems import Problem, error

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "KeyPath",
    "Mark",
    "Parsed",
    "cached",
    "decode",
    "digest",
    "parse",
    "parse_file",
    "read",
    "read_bytes",
    "warn_if_slow",
]

MAX_BYTES = 5 * 1024 * 1024


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
        text = self.text()
        if text is not None:
            complete = _walk_until(text, full, values, keys)
        self._marks = full._marks
        self._key_marks = full._key_marks
        self._partial = not complete
        if complete:
            self._truthy = full._truthy
            self._implicit = full._implicit

    def text(self) -> str | None:
        """The file's text as read: read again (and proved unchanged) when it was let go;
        None when it cannot be had (changed since, or not text)."""
        raw = self.raw
        if raw is None and self.source is not None:
            # read_bytes, not open().read(MAX_BYTES + 1), which allocates the whole limit
            again = read_bytes(self.source, self.path)
            raw = again if isinstance(again, bytes) else None
            if raw is not None and digest(raw) != self.digest:
                raw = None  # changed since it was checked: no positions rather than wrong ones
        return decode(raw, self.path)[0] if raw is not None else None

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

    def read_as_text(self, locs: Collection[KeyPath]) -> None:
        """Stop refusing the surprising numbers at ``locs``: their field wants the text."""
        self._implicit = {k: v for k, v in self.implicit.items() if k not in locs}

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
        result.problems.append(syntax_problem(text, path, exc))
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
