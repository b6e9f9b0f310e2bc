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


def atomic_write(path: Path, text: str, *, exclusive: bool = False) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never half.

    With ``exclusive``, refuse (FileExistsError) when ``path`` already exists, without a window
    in which two writers could both succeed: the new file is linked into place, which fails
    if the name is taken. Any other failure (a full disk, a read-only folder) is an EditError
    saying so, and the old file is untouched.
    """
    folder = path.parent
    tmp: str | None = None
    try:
        # The name is cut short so that a file whose own name is as long as the file system
        # allows can still be written.
        prefix = f".{path.name[:40]}."
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tws-tmp", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists() and not exclusive:
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        if exclusive:
            os.link(tmp, path)
        else:
            os.replace(tmp, path)
        with contextlib.suppress(OSError):
            dir_fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    except FileExistsError:
        raise
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise EditError(f"cannot write {path}: {reason}; nothing was changed") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
