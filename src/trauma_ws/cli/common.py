"""What every command shares: the Typer app class, error handling, and the common options."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO, TypeVar

import typer

from trauma_ws.publishing.safe_text import inert, printable
from trauma_ws.record.problems import DataError, OutputError, TwsError, UsageError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def eprint(*parts: object) -> None:
    """One line on standard error (if there is one), control characters shown escaped and
    no line a workflow command (see :func:`trauma_ws.publishing.safe_text.inert`)."""
    if sys.stderr is not None:
        print(inert(printable(" ".join(str(p) for p in parts))), file=sys.stderr)


def stdout() -> TextIO:
    """Standard output, or an :class:`OutputError` when it was closed (``tws … >&-``)."""
    if sys.stdout is None:
        raise OutputError("standard output is closed; give -o FILE or redirect it to a file")
    return sys.stdout


def _write_failed(exc: OSError) -> OutputError:
    _drop_stdout()
    return OutputError(f"cannot write to standard output: {exc.strerror or exc}")


def out(text: str, *, escape: bool = True, annotations: bool = False) -> None:
    """``text`` to standard output; record text in it cannot act on the terminal or on CI.

    With ``escape`` (the default), control characters and undecodable file-name bytes are
    shown escaped; pass False only for text already made safe (a rendered rich table). Either
    way no line is a workflow command, except, with ``annotations``, lines shaped as tws's own
    annotations (see :func:`trauma_ws.publishing.safe_text.inert`).
    """
    stream = stdout()
    if escape:
        text = printable(text)
    text = inert(text, annotations=annotations)
    try:
        try:
            stream.write(text)
        except UnicodeEncodeError:  # a terminal that cannot show every character
            encoding = stream.encoding or "ascii"
            stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _write_failed(exc) from None


def _flush_stdout() -> None:
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _write_failed(exc) from None


def _drop_stdout() -> None:
    """Point standard output at the null device, so Python's own flush at exit cannot fail
    again (and turn a clear message into exit 120) after the real output went away."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def guard(func: F) -> F:
    """Turn the library's errors into one line on stderr and an exit code, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            try:
                return func(*args, **kwargs)
            finally:
                # Written output fails here, not at exit, when standard output is full.
                _flush_stdout()
        except (typer.Exit, typer.Abort, typer.BadParameter):
            raise
        except DataError as exc:
            for problem in exc.problems:
                eprint(problem.format())
            eprint(f"tws: error: {exc}")
            raise typer.Exit(exc.exit_code) from None
        except TwsError as exc:
            eprint(f"tws: error: {exc}")
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:
            # The reader went away (`tws … | head`): stop quietly, as Unix tools do.
            _drop_stdout()
            raise typer.Exit(EXIT_OK) from None
        except Exception as exc:
            if type(exc).__module__.startswith("typer"):
                raise
            if os.environ.get("TWS_DEBUG"):
                import traceback

                traceback.print_exc()
            eprint(
                f"tws: internal error ({type(exc).__name__}: {exc}); please report it "
                "(set TWS_DEBUG=1 for the traceback)"
            )
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]


class App(typer.Typer):
    """A Typer app whose commands run inside :func:`guard`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("rich_markup_mode", None)
        kwargs.setdefault("pretty_exceptions_enable", False)
        kwargs.setdefault("add_completion", False)
        kwargs.setdefault("no_args_is_help", True)
        kwargs.setdefault("context_settings", {"help_option_names": ["-h", "--help"]})
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[F], F]:
        register = super().command(*args, **kwargs)

        def decorator(func: F) -> F:
            register(guard(func))
            return func

        return decorator


def parse_day(value: str | dt.date) -> dt.date:
    if isinstance(value, dt.date):
        return value
    from trauma_ws.record.periods import PeriodError, parse_date

    try:
        return parse_date(value)
    except PeriodError as exc:
        raise typer.BadParameter(str(exc)) from None


RootOpt = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="The programme's folder (the one holding data/). Default: found by walking up "
        "from the current folder.",
        file_okay=False,
        show_default=False,
    ),
]
AsOfOpt = Annotated[
    dt.date | None,
    typer.Option(
        "--as-of",
        help="Treat this date (YYYY-MM-DD) as today. Default: today in the programme's "
        "time zone (programme.timezone in data/workplan.yaml, Europe/London unless set).",
        parser=parse_day,
        metavar="DATE",
        show_default=False,
    ),
]


def resolve_root(root: Path | None) -> Path:
    from trauma_ws.loading.programme import check_root, find_root

    return check_root(root) if root is not None else find_root()


def now() -> dt.datetime:
    """The current instant, in UTC (tests replace this to stop the clock)."""
    return dt.datetime.now(dt.UTC)


def today(root: Path, *, lenient: bool = False) -> dt.date:
    """Today's date in the programme's time zone, whatever the machine's own zone is.

    The one place tws reads the clock. Raises DataError when the workplan's
    ``programme.timezone`` is not a time zone, unless ``lenient`` (then Europe/London's).
    """
    from trauma_ws.loading.programme import time_zone
    from trauma_ws.record import zones

    try:
        zone = time_zone(root)
    except DataError:
        if not lenient:
            raise
        zone = zones.zone(zones.DEFAULT)
    return now().astimezone(zone).date()


def resolve_as_of(as_of: dt.date | None, root: Path, *, lenient: bool = False) -> dt.date:
    """``--as-of`` when given, else the programme's :func:`today` (``root`` is resolved)."""
    return as_of if as_of is not None else today(root, lenient=lenient)


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOpt = Annotated[
    TableFormat,
    typer.Option(
        "--format", "-f", help="table for people; json or csv for scripts and spreadsheets."
    ),
]


class DocFormat(StrEnum):
    """What minutes and reports are rendered as."""

    md = "md"
    html = "html"
    docx = "docx"


class Audience(StrEnum):
    public = "public"
    internal = "internal"


OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (folders are created) instead of standard output; never inside "
        "the programme's data/, templates/, .tws-cache/ or .git/.",
        dir_okay=False,
        show_default=False,
    ),
]


NoBomOpt = Annotated[
    bool,
    typer.Option(
        "--no-bom",
        help="With -o, leave out the byte-order mark that CSV files start with (Excel needs it "
        "to read accents and curly quotes as UTF-8). Standard output never has one.",
    ),
]


def emit(text: str, output: Path | None, *, bom: bool = False) -> None:
    """``text`` to standard output, or to ``output`` atomically (untouched when unchanged).

    ``output`` is refused (a usage error, nothing written) inside a programme's ``data/``,
    ``templates/``, ``.tws-cache/`` or a ``.git`` folder. A pipe, terminal or device is written
    to, not replaced. With ``bom``, a file (never standard output) starts with a UTF-8
    byte-order mark. Control characters from the records are shown escaped either way.
    """
    if output is None:
        out(text)
        return
    from trauma_ws.publishing import targets
    from trauma_ws.publishing.output import BOM

    targets.check(output)
    changed = targets.write(output, (BOM if bom else "") + printable(text))
    eprint(f"tws: {'wrote' if changed else 'unchanged'} {output}")


def binary_output(output: Path | None, *, what: str = "a Word document (--format docx)") -> None:
    """A UsageError, before any work, when binary output would go to a terminal: without
    ``-o``, standard output must be a file or a pipe (``> minutes.docx``, ``| …``)."""
    if output is None and stdout().isatty():
        raise UsageError(
            f"{what} is a binary file, not for a terminal: give -o FILE "
            "(or send standard output to a file or a pipe)"
        )


def emit_bytes(data: bytes, output: Path | None) -> None:
    """``data`` (a binary file) to ``output`` as :func:`emit` writes text (atomically,
    untouched when unchanged, never inside a programme's data/, templates/, cache or .git),
    or to standard output when that is a file or pipe. UsageError for a terminal (see
    :func:`binary_output`): nothing is written."""
    binary_output(output)
    if output is None:
        stream = stdout()
        try:
            stream.flush()
            stream.buffer.write(data)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _write_failed(exc) from None
        return
    from trauma_ws.publishing import targets

    targets.check(output)
    changed = targets.write(output, data)
    eprint(f"tws: {'wrote' if changed else 'unchanged'} {output}")
