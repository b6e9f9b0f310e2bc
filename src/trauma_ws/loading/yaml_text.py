"""The YAML reader's text-level work, done before any parsing: bytes to text, and the
problems a file's text shows on its own.

Decoding (UTF-8 with an optional byte-order mark; UTF-16 and Windows-1252 refused, saying
so), git conflict markers, files with nothing but comments, a tab indenting the line libyaml
stopped at, and counting lines and columns as libyaml does (``Mark``), so that a place found
in the text agrees with the marks libyaml gives for every other problem.
"""

from __future__ import annotations

import re

from trauma_ws.record.problems import Problem, error

Mark = tuple[int, int]

_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.MULTILINE)
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)
_COMMENT_OR_BLANK = re.compile(r"^\s*(#.*)?$")
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


def _tab_before(text: str, line: int) -> Mark | None:
    """Where a tab indents the error's line or one of the lines just before it, if one does."""
    lines = _LINE_BREAK.split(text)
    for number in range(min(line, len(lines)), max(0, line - 3), -1):
        m = _TAB_INDENT.match(lines[number - 1])
        if m:
            return number, m.end()
    return None
