"""Small edits to record files that keep everything else byte for byte, and safe writes.

An edit is spliced into the file's text at the places libyaml reports for each key and value,
so comments, key order, quoting and blank lines of everything else stay as the person wrote
them, and a ``git diff`` shows only what changed. Each edit is checked by parsing the result
and comparing it with the intended data before anything is written; writes go to a temporary
file that replaces the old one in a single step, so a crash leaves the old file whole.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import os
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from trauma_ws.storage.files import EditError, atomic_write

__all__ = ["Document", "EditError", "atomic_write", "programme_lock", "read_document"]

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@contextlib.contextmanager
def programme_lock(root: Path) -> Iterator[None]:
    """Hold the programme's edit lock: edits by several tws processes run one at a time.

    The lock is taken on the ``data/`` folder itself, so no lock file is ever created.
    """
    import fcntl

    try:
        fd = os.open(root / "data", os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        raise EditError(f"cannot lock {root / 'data'}: {exc.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


# --- scalars as text ----------------------------------------------------------------------------


def scalar(value: Any) -> str:
    """``value`` as one line of YAML that reads back as the same value."""
    if isinstance(value, dt.date):
        return value.isoformat()
    text: str = yaml.dump(
        value, Dumper=_Dumper, default_flow_style=True, width=1 << 30, allow_unicode=True
    )
    text = text.removesuffix("\n").removesuffix("\n...")
    return text


def text_block(key: str, value: str, indent: int, width: int = 92) -> list[str]:
    """``key: value`` lines, folding long text with ``>-`` the way a person would write it."""
    return _folded(f"{key}: ", value, indent, width, {key: value})


def item_block(value: str, indent: int, width: int = 92) -> list[str]:
    """``- value`` lines for a list item, folding long text with ``>-``."""
    return _folded("- ", value, indent, width, [value])


def _folded(lead: str, value: str, indent: int, width: int, expect: object) -> list[str]:
    pad = " " * indent
    single = f"{pad}{lead}{scalar(value)}"
    if len(single) <= width or "\n" in value or value != value.strip() or "  " in value:
        return [single]
    inner = " " * (2 if lead == "- " else len(lead) - len(lead.lstrip()) + 2)
    lines = textwrap.wrap(value, width=width - indent - len(inner), break_on_hyphens=False)
    folded = [f"{pad}{lead}>-", *(f"{pad}{inner}{line}" for line in lines)]
    probe = yaml.load("\n".join(s[indent:] for s in folded) + "\n", Loader=_Loader)
    if probe != expect:
        return [single]
    return folded


# --- splicing -----------------------------------------------------------------------------------


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def read_document(path: Path, rel: str) -> Document:
    """The record file at ``path`` as a :class:`Document`, its line endings kept as they are."""
    try:
        return Document(path.read_bytes().decode("utf-8"), rel)
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8"
        raise EditError(f"cannot read {rel}: {reason}; nothing was changed") from None


class Document:
    """A record file's text, edited in place at the positions of its top-level keys."""

    def __init__(self, text: str, rel: str) -> None:
        self.original = text
        """The file's text as read (its bytes, decoded): what must still be on disk to write."""
        # libyaml's marks count from after a byte-order mark: edit the text after it, and
        # put it back in front (``text``).
        self.bom = "\ufeff" if text.startswith("\ufeff") else ""
        self.body = text[len(self.bom) :]
        found = _LINE_BREAK.search(self.body)
        self.newline = found.group() if found else "\n"
        """How new lines end: as the file's first line does (CR LF, CR or LF)."""
        self.rel = rel
        self.data: dict[str, Any] = yaml.load(text, Loader=_Loader) or {}
        self.expected: dict[str, Any] = copy.deepcopy(self.data)

    def _top(self) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        root = yaml.compose(self.body, Loader=_Loader)
        if not isinstance(root, yaml.MappingNode):
            raise EditError(f"{self.rel}: the file does not hold a mapping")
        return {k.value: (k, v) for k, v in root.value}

    @property
    def text(self) -> str:
        """The file's text as edited, byte-order mark and line endings as the file had them."""
        return self.bom + self.body

    def _line_end(self, index: int) -> int:
        """The index just after the line break ending the line that holds ``index - 1``."""
        body = self.body
        if index > 0 and body[index - 1] in "\r\n":
            if body[index - 1] == "\r" and body[index : index + 1] == "\n":
                return index + 1  # inside a CR LF
            return index
        found = _LINE_BREAK.search(body, index)
        if found is None:
            self.body += self.newline
            return len(self.body)
        return found.end()

    def _splice(self, start: int, end: int, new: str) -> None:
        # New text is built with "\n"; written with the file's own line ending, so a CR LF
        # file stays CR LF and a diff shows only the lines that changed.
        if self.newline != "\n":
            new = new.replace("\n", self.newline)
        self.body = self.body[:start] + new + self.body[end:]

    def set(self, key: str, value: Any, *, after: tuple[str, ...] = ()) -> None:
        """Set a top-level scalar; a new key goes after the first of ``after`` present."""
        self.expected[key] = value
        nodes = self._top()
        if key in nodes:
            k, v = nodes[key]
            if isinstance(v, yaml.ScalarNode) and v.start_mark.line == v.end_mark.line:
                self._splice(v.start_mark.index, v.end_mark.index, scalar(value))
                return
            # A block value: replace the key's lines with one line.
            end = self._line_end(v.end_mark.index)
            start = k.start_mark.index - k.start_mark.column
            self._splice(start, end, f"{key}: {scalar(value)}\n")
            return
        line = f"{key}: {scalar(value)}\n"
        for anchor in after:
            if anchor in nodes:
                at = self._line_end(nodes[anchor][1].end_mark.index)
                self._splice(at, at, line)
                return
        at = self._line_end(len(self.body))
        self._splice(at, at, line)

    def remove(self, key: str) -> None:
        """Remove a top-level key and its value (its lines)."""
        self.expected.pop(key, None)
        nodes = self._top()
        if key not in nodes:
            return
        k, v = nodes[key]
        start = k.start_mark.index - k.start_mark.column
        end = self._line_end(v.end_mark.index)
        self._splice(start, end, "")

    def append(
        self, key: str, item: Any, lines: list[str] | None = None, *, after: tuple[str, ...] = ()
    ) -> None:
        """Append ``item`` to the top-level list ``key`` (created after ``after`` if missing).

        ``lines`` is the item's text without indentation (the first line after ``- ``);
        a plain scalar item is written with :func:`scalar` when omitted.
        """
        self.expected.setdefault(key, [])
        if self.expected[key] is None:
            self.expected[key] = []
        self.expected[key].append(item)
        body = lines if lines is not None else [scalar(item)]
        nodes = self._top()
        if key in nodes and isinstance(nodes[key][1], yaml.SequenceNode):
            k, seq = nodes[key]
            assert isinstance(seq, yaml.SequenceNode)
            if seq.flow_style and "\n" not in body[0] and len(body) == 1:
                close = self.body.rfind("]", 0, seq.end_mark.index)
                sep = ", " if seq.value else ""
                self._splice(close, close, f"{sep}{body[0]}")
                return
            if seq.value and not seq.flow_style:
                first = seq.value[0]
                line_start = first.start_mark.index - first.start_mark.column
                prefix = self.body[line_start : first.start_mark.index]
                dash = prefix.index("-")
                content = first.start_mark.column
                at = self._line_end(seq.end_mark.index)
                text = _item(body, dash, content)
                self._splice(at, at, text)
                return
            # An empty flow list or a non-list value: rewrite the key as a block list.
            start = k.start_mark.index - k.start_mark.column
            end = self._line_end(seq.end_mark.index)
            self._splice(start, end, f"{key}:\n" + _item(body, 2, 4))
            return
        if key in nodes:  # `key:` with nothing (null) or a scalar
            k, v = nodes[key]
            start = k.start_mark.index - k.start_mark.column
            end = self._line_end(max(v.end_mark.index, k.end_mark.index))
            self._splice(start, end, f"{key}:\n" + _item(body, 2, 4))
            return
        block = f"{key}:\n" + _item(body, 2, 4)
        for anchor in after:
            if anchor in nodes:
                at = self._line_end(nodes[anchor][1].end_mark.index)
                self._splice(at, at, block)
                return
        at = self._line_end(len(self.body))
        self._splice(at, at, block)

    def verify(self) -> None:
        """Check that the edited text reads back as exactly the intended data."""
        try:
            got = yaml.load(self.body, Loader=_Loader)
        except yaml.YAMLError as exc:  # pragma: no cover - a bug in the splicing
            raise EditError(f"{self.rel}: the edit produced invalid YAML ({exc})") from None
        if got != self.expected:  # pragma: no cover - a bug in the splicing
            raise EditError(
                f"{self.rel}: the edit would change more than intended; nothing was written "
                "(please report this)"
            )


def _item(body: list[str], dash: int, content: int) -> str:
    first = " " * dash + "- " + " " * max(0, content - dash - 2) + body[0]
    rest = [(" " * content + line) if line else "" for line in body[1:]]
    return "\n".join([first, *rest]) + "\n"
