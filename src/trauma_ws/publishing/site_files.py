"""Writing a built site: the output folder checked, every file written into a new folder beside
it (every other one by a forked child on a second core, for a large site), and the new folder
swapped in for the old as a whole, so a failed build leaves the previous site as it was."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from trauma_ws.publishing import targets
from trauma_ws.record.problems import TwsError, UsageError

MARKER = ".tws-site"
"""A file in every built site: a later build may replace a folder only when it holds one."""
MARKER_TEXT = (
    "This folder was built by `tws site build`; each build replaces it as a whole.\n"
    "Do not keep anything else in it.\n"
)
PROGRESS_EVERY = 250
PARALLEL_FROM = 2000
"""From this many files, a forked child on a second core writes every other one."""
_BINARY = getattr(os, "O_BINARY", 0)


@dataclass(frozen=True, slots=True)
class WithFiles:
    """A page's text and the files that go beside it (a Word download whose size the page
    shows), made together: ``files`` are (path under the site's folder, its bytes or a file
    that holds them, hard-linked into the site, or copied where it cannot be linked)."""

    text: str
    files: tuple[tuple[str, bytes | Path], ...]


Task = tuple[str, Callable[[], str | WithFiles]]
"""One file of the site: its path under the site's folder, and how to make its text (with any
files that go beside it)."""
Progress = Callable[[int, int], None]
"""Called with (pages written, pages in all) as the build goes on."""


class SiteError(TwsError):
    """The site could not be written (a full disk, a read-only folder); the old one is kept."""


def pages_in(tasks: Sequence[Task]) -> int:
    """How many of ``tasks`` are HTML pages."""
    return sum(1 for rel, _ in tasks if rel.endswith(".html"))


def check_output(out: Path, *, root: Path) -> Path:
    """``out`` made absolute, refused when replacing it could lose anything but an old site."""
    target = targets.check(out)
    if out.is_symlink():
        raise UsageError(f"-o {out}: that is a symbolic link; give a real folder")
    if target == root or root.is_relative_to(target):
        raise UsageError(f"-o {out}: that folder holds the programme; give a folder for the site")
    if target.exists():
        if not target.is_dir():
            raise UsageError(f"-o {out}: that is a file; give a folder")
        if any(target.iterdir()) and not (target / MARKER).is_file():
            raise UsageError(
                f"-o {out}: the folder is not empty and was not built by `tws site build`; "
                "empty it, or choose another folder (a build replaces the folder as a whole)"
            )
    return target


def write_site(target: Path, tasks: Sequence[Task], progress: Progress | None) -> None:
    """Make and write every file of ``tasks`` into a new folder, then put it where ``target``
    is (removing the old site). Raises SiteError, leaving ``target`` as it was, when a file
    cannot be written."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.new-"))
    except OSError as exc:
        raise SiteError(f"cannot write the site in {target.parent}: {exc.strerror}") from None
    try:
        _write_all(work, tasks, progress)
        (work / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        work.chmod(0o755)  # mkdtemp makes it private; a web server must read it
        _swap_in(work, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            shutil.rmtree(work)
        if isinstance(exc, OSError):
            raise SiteError(
                f"cannot write the site to {target}: {exc.strerror or exc}; "
                "the previous site (if any) is unchanged"
            ) from None
        raise


def _write(work: Path, tasks: Sequence[Task], done: Callable[[], None] | None = None) -> None:
    """Make and write each file of ``tasks`` under ``work``; ``done()`` after each page."""
    base = f"{work}{os.sep}"  # joined as text: pathlib costs more than the write itself
    folders: set[str] = set()

    def put(rel: str, data: bytes) -> None:
        folder = rel.rpartition("/")[0]
        if folder not in folders:
            os.makedirs(base + folder, exist_ok=True)
            folders.add(folder)
        fd = os.open(base + rel, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _BINARY, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)

    def link(rel: str, source: Path) -> None:
        folder = rel.rpartition("/")[0]
        if folder not in folders:
            os.makedirs(base + folder, exist_ok=True)
            folders.add(folder)
        try:
            os.link(source, base + rel)
        except OSError:  # another file system, or none that links: a copy
            put(rel, source.read_bytes())

    for rel, make in tasks:
        made = make()
        if isinstance(made, WithFiles):
            for other, data in made.files:
                if isinstance(data, Path):
                    link(other, data)
                else:
                    put(other, data)
            made = made.text
        put(rel, made.encode("utf-8"))
        if done is not None and rel.endswith(".html"):
            done()


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _write_all(work: Path, tasks: Sequence[Task], progress: Progress | None) -> None:
    """Write every file, every other one from a forked child on a second core for a large
    site; when the child fails, this process writes its share too (and meets its error)."""
    total = pages_in(tasks)
    count = 0

    def done() -> None:
        nonlocal count
        count += 1
        if progress is not None and (count % PROGRESS_EVERY == 0 or count == total):
            progress(count, total)

    if len(tasks) < PARALLEL_FROM or _cores() < 2 or not hasattr(os, "fork"):
        _write(work, tasks, done)
        return
    theirs, mine = tasks[1::2], tasks[0::2]
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError:
        _write(work, tasks, done)
        return
    if pid == 0:  # pragma: no cover - the child: write its share, leave without cleaning up
        code = 1
        try:
            _write(work, theirs)
            code = 0
        finally:
            os._exit(code)
    # Progress counts this process's pages for both (the child writes as many, as fast).
    step = total / max(1, pages_in(mine))

    def done_here() -> None:
        nonlocal count
        before = int(count * step)
        count += 1
        now = min(int(count * step), total - 1)
        if progress is not None and now // PROGRESS_EVERY > before // PROGRESS_EVERY:
            progress(now - now % PROGRESS_EVERY, total)

    try:
        _write(work, mine, done_here)
    except BaseException:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(pid, 0)
        raise
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        _write(work, theirs)  # the child failed: write its share here
    if progress is not None:
        progress(total, total)


def _swap_in(new: Path, target: Path) -> None:
    """Put the freshly built folder ``new`` where ``target`` is, removing the old site."""
    if not target.exists():
        os.rename(new, target)
        return
    old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old-"))
    os.rename(target, old / "site")
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(old / "site", target)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)
