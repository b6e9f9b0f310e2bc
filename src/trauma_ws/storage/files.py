"""Writing one file safely: readers see the old file or the new one, never half of it.

Used by every layer that writes (the edit commands, ``-o`` outputs, the schemas, the parse
cache's journal), so it sits low, beside git.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from trauma_ws.record.problems import TwsError


class EditError(TwsError):
    """An edit could not be made; nothing was written."""


TEMP_SUFFIX = ".tws-tmp"
"""Temporary files beside their targets end with this (hidden: their names start with a dot)."""


def write_beside(path: Path, data: str | bytes, *, mode: int) -> str:
    """``data`` in a new temporary file beside ``path`` (fsynced, with ``mode``); its name.

    Text is written as UTF-8, its line endings as given. Raises OSError.
    """
    # The name is cut short so that a file whose own name is as long as the file system
    # allows can still be written.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        if isinstance(data, str):
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as text:
                text.write(data)
                text.flush()
                os.fsync(text.fileno())
        else:
            with os.fdopen(fd, "wb") as binary:
                binary.write(data)
                binary.flush()
                os.fsync(binary.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def fsync_folder(folder: Path) -> None:
    """Make a rename or a new name in ``folder`` durable (best effort: errors are ignored)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def replace_file(path: Path, data: str | bytes, *, exclusive: bool = False) -> None:
    """Put ``data`` at ``path`` in one step: readers see the old file or the new one.

    A file that is replaced keeps its permissions; a new one gets ``0o644``. With
    ``exclusive``, the new file is linked into place, which fails (FileExistsError) if the
    name is taken, without a window in which two writers could both succeed. Raises OSError,
    and the old file is untouched.
    """
    keep = path.exists() and not exclusive
    tmp = write_beside(path, data, mode=path.stat().st_mode & 0o7777 if keep else 0o644)
    try:
        if exclusive:
            os.link(tmp, path)
        else:
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    fsync_folder(path.parent)


def atomic_write(path: Path, text: str | bytes, *, exclusive: bool = False) -> None:
    """:func:`replace_file` for tws's commands: a failure (a full disk, a read-only folder) is
    an EditError saying so, with the old file untouched; FileExistsError with ``exclusive``.
    """
    try:
        replace_file(path, text, exclusive=exclusive)
    except FileExistsError:
        raise
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise EditError(f"cannot write {path}: {reason}; nothing was changed") from None
