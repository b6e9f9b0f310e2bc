"""Where output may go: never over a programme's records, templates, cache or git folder.

Every ``-o`` passes :func:`check` before anything is written. The check is made on the path as
the file system will resolve it (symbolic links and ``..`` followed), and refuses a place
inside ``data/``, ``templates/`` or ``.tws-cache/`` of any programme (a folder holding a
``data/`` folder, as tws finds programmes) at or above it, and inside any ``.git`` folder (the
programme's, or its repository's when the programme is a sub-folder of one).

:func:`write_stream` writes to what is not a regular file (a pipe, a terminal, ``/dev/null``,
``/dev/stdout``): such a target is opened and written to, never replaced by a new file.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from trauma_ws.publishing.safe_text import inert, printable
from trauma_ws.record.problems import OutputError, UsageError

PROTECTED = ("data", "templates", ".tws-cache")
"""The folders of a programme that output never goes into (relative to its root)."""
GIT = ".git"
_OPEN_FILE = re.compile(r"/dev/(?:stdout|stderr|fd/\d+)|/proc/(?:self|thread-self|\d+)/fd/\d+")
"""Names of a process's open files: writing there must reach the file the shell opened."""


def _real(path: Path) -> Path:
    """``path`` absolute, with symbolic links and ``..`` resolved as far as it exists."""
    return Path(os.path.realpath(path))


def protected_place(path: Path) -> str | None:
    """Why writing at ``path`` could destroy input (``"the programme's data/"``), else None."""
    target = _real(path)
    parts = target.parts
    if GIT in parts:
        return "a git folder (.git/)"
    for folder in (target, *target.parents):
        if folder == target:
            continue
        first = target.relative_to(folder).parts[0]
        if first in PROTECTED and os.path.isdir(folder / "data"):
            return f"the programme's {first}/ (in {folder})"
    return None


def check(path: Path, *, option: str = "-o") -> Path:
    """``path`` resolved, or a :class:`UsageError` when output there could destroy input."""
    why = protected_place(path)
    if why is not None:
        raise UsageError(
            f"{option} {printable(str(path))}: that is inside {why}; tws never writes output "
            "over records, templates, its cache or git's files. Give a path outside them"
        )
    return _real(path)


def is_stream(path: Path) -> bool:
    """True when ``path`` names an existing thing that is not a regular file or a folder
    (a pipe, a terminal, a device such as ``/dev/null``), or a regular file reached through
    a name for one of tws's own open files (``/dev/stdout`` when the shell sent standard
    output to a file): that file is appended to, as the shell's ``>`` expects."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    if stat.S_ISDIR(mode):
        return False
    if not stat.S_ISREG(mode):
        return True
    return bool(_OPEN_FILE.fullmatch(os.path.abspath(path)))


def write_stream(path: Path, text: str | bytes) -> None:
    """``text`` written into the stream ``path`` (opened, appended to, never replaced).

    The stream is likely read as a log (``/dev/stdout`` in a CI job), so record text cannot
    start a workflow command in it (see :func:`trauma_ws.publishing.safe_text.inert`). Bytes
    (a Word document) are written as they are, but never to a terminal: UsageError.
    """
    data = inert(text).encode("utf-8") if isinstance(text, str) else text
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0))
        try:
            if isinstance(text, bytes) and os.isatty(fd):
                raise UsageError(
                    f"-o {printable(str(path))}: that is a terminal, and this output is a "
                    "binary file; give a file name"
                )
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
        finally:
            os.close(fd)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(
            f"cannot write to {printable(str(path))}: {exc.strerror or exc}"
        ) from None


def write(path: Path, text: str | bytes) -> bool:
    """Output ``text`` (UTF-8 text, or bytes as they are) at ``path`` (already
    :func:`check`-ed); False when it was unchanged.

    A stream is written into (:func:`write_stream`); a regular file is written whole
    (temporary file, then rename) and left untouched when its content would not change,
    folders on the way created. UsageError when ``path`` is a folder or cannot be made
    (a part of it is a file); EditError when writing fails (a full disk).
    """
    from trauma_ws.storage.files import atomic_write

    if is_stream(path):
        write_stream(path, text)
        return True
    shown = printable(str(path))
    try:
        if path.is_dir():
            raise UsageError(f"-o {shown}: that is a folder; give a file name")
        data = text.encode("utf-8") if isinstance(text, str) else text
        if path.is_file() and path.read_bytes() == data:
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why = exc.strerror or str(exc)
        if isinstance(exc, FileExistsError | NotADirectoryError):
            why = "a part of that path is a file, not a folder"
        raise UsageError(f"-o {shown}: cannot write there: {why}") from None
    atomic_write(path, text)
    return True
