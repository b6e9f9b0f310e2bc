"""Problems found in the data (values, sorted and reported together) and the error hierarchy."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One problem at one place: ``path:line:col: severity: message [code]``.

    ``path`` is relative to the programme root, written with forward slashes; ``line`` and
    ``col`` are 1-based (0 when the problem is about the whole file).
    """

    path: str
    line: int
    col: int
    severity: str
    message: str
    code: str

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message} [{self.code}]"

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def shown(text: str) -> str:
    """``text`` for a message: a line break, tab or other unprintable character as an escape.

    A value quoted in a message must not break the one-line ``path:line:col`` format.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def error(path: str, line: int, col: int, message: str, code: str) -> Problem:
    return Problem(path, line, col, ERROR, message, code)


def warning(path: str, line: int, col: int, message: str, code: str) -> Problem:
    return Problem(path, line, col, WARNING, message, code)


class TwsError(Exception):
    """A condition the tool cannot go on from; the CLI prints it as one line and exits."""

    exit_code = 1


class UsageError(TwsError):
    """The command was asked for something that does not exist or makes no sense (exit 2)."""

    exit_code = 2


class DataError(TwsError):
    """The programme's records have errors, so the command refuses to guess (exit 1)."""

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class OutputError(TwsError):
    """Output could not be written: standard output is closed or full, or a file cannot be."""

    exit_code = 1
