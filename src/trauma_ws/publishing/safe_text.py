"""Text that is safe to show: nothing a terminal acts on, no line a CI runner runs.

Light on purpose (only ``re``): the CLI writes everything through these at start-up.
"""

from __future__ import annotations

import re

__all__ = ["UNSAFE", "inert", "printable"]

UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]|\r(?!\n)")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


# A line the Actions runner reads as a workflow command: ``::`` after leading blanks (v2), or
# ``##[`` anywhere in it (the older v1 form, still honoured for the runner's own commands).
_COMMAND_START = re.compile(r"^([^\S\n]*)::", re.MULTILINE)
_V1_COMMAND = "##["
_ANNOTATION = re.compile(r"::(?:error|warning|notice)(?: [^:\r\n]*)?::[^\r\n]*")
"""The shape of tws's own annotation lines: properties hold no ``:``, data no line break."""


def inert(text: str, *, annotations: bool = False) -> str:
    """``text`` with no line that GitHub Actions would run as a workflow command.

    A line whose first non-blank characters are ``::`` gets a backslash before them
    (``\\::add-mask::x``), and ``##[`` becomes ``#\\#[``, so record text (a multi-line
    title or note) cannot mask secrets, stop commands or fake annotations in a CI log. With
    ``annotations``, lines shaped exactly as :func:`problems_github` builds them keep their
    leading ``::``; their record text is escaped already (and ``##[`` in it as above).
    """
    if "::" not in text and _V1_COMMAND not in text:
        return text
    if annotations:
        return "\n".join(
            line.replace(_V1_COMMAND, "#\\#[") if _ANNOTATION.fullmatch(line) else _inert_line(line)
            for line in text.split("\n")
        )
    return _inert_line(text)


def _inert_line(text: str) -> str:
    return _COMMAND_START.sub(r"\1\\::", text).replace(_V1_COMMAND, "#\\#[")


def printable(text: str) -> str:
    """``text`` with nothing a terminal would act on: control characters (all but tab, newline
    and a CR before a newline) and undecodable file-name bytes are shown as ``\\x1b``, ``\\xff``.
    """
    return UNSAFE.sub(_escaped, text) if UNSAFE.search(text) else text
