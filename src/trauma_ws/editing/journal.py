"""Writing an edit's files all or nothing, never over a change made by someone else.

:func:`apply` is the one way the edit commands write record files. Under the programme's edit
lock it checks, just before each file is replaced, that the file is byte for byte what the
edit read (or still absent, for a new file), and refuses otherwise. An edit of several files
first writes every new version to a temporary file beside its target, then a journal
(``.tws-cache/edit-journal.json``) recording each target's old and new content, then replaces
the targets one by one; a failure part-way puts back the files already replaced. When the
process is killed between two replacements the journal stays behind, and :func:`recover`
(run by the next edit command and by ``tws validate``) undoes the interrupted edit: every file
the edit had already written is put back as it was, so the programme is as the person last
saw it, and they run the command again.

A record that is a symbolic link is written through the link (the link stays a link), as long
as it leads to a file inside the programme's folder; a link leading outside is refused.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trauma_ws.editing.edit import EditError, atomic_write
from trauma_ws.storage.files import TEMP_SUFFIX, fsync_folder, replace_file, write_beside

JOURNAL = "edit-journal.json"
"""The journal's file name, in the programme's ``.tws-cache/`` folder."""
JOURNAL_PATH = f".tws-cache/{JOURNAL}"
_FOLDERS = ("data", "data/actions", "data/meetings")
_VERSION = 1
_UNCHANGED = "; nothing was changed"


@dataclass(frozen=True, slots=True)
class Change:
    """One file of an edit: its path relative to the root, what was read, what to write.

    ``old`` is the file's bytes as the edit read them, or None for a file the edit creates
    (it must not exist when written).
    """

    rel: str
    old: bytes | None
    new: bytes


@dataclass(slots=True)
class _Staged:
    change: Change
    target: Path
    tmp: str | None = None
    done: bool = False


def _digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def _read(path: Path) -> bytes | None:
    """The file's bytes, or None when there is no file (nor a link) at ``path``."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def target_of(root: Path, rel: str) -> Path:
    """The file an edit of ``rel`` writes: ``root/rel``, or where it leads if it is a link.

    EditError when ``rel`` (or a folder on the way) is a symbolic link leading outside the
    programme's folder: tws never writes there.
    """
    path = root / rel
    if path.is_symlink() and not path.exists():
        # A link leading nowhere: the name is taken, and nothing is created through it.
        real = Path(os.path.realpath(path.parent)) / path.name
    else:
        real = Path(os.path.realpath(path))
    base = os.path.realpath(root)
    if not (str(real) == base or str(real).startswith(base + os.sep)):
        raise EditError(
            f"{rel} is a symbolic link to a file outside the programme's folder; tws does not "
            "write there: put the record itself in the programme; nothing was changed"
        )
    return real


def _changed_on_disk(item: _Staged) -> str | None:
    """Why the file can no longer be written, or None when it is as the edit read it."""
    rel = item.change.rel
    now = _read(item.target)
    if item.change.old is None:
        if now is None and not item.target.is_symlink():
            return None
        return f"{rel} appeared on disk while tws was writing it{_UNCHANGED}: run the command again"
    if now == item.change.old:
        return None
    what = "was deleted" if now is None else "was changed on disk (saved by someone else)"
    return (
        f"{rel} {what} while tws was editing it{_UNCHANGED}, so that change is kept: run the "
        "command again to make the edit on the file as it is now"
    )


def _stage(item: _Staged) -> None:
    """Write the new content to a temporary file beside the target (fsynced)."""
    mode = item.target.stat().st_mode & 0o7777 if item.change.old is not None else 0o644
    item.tmp = write_beside(item.target, item.change.new, mode=mode)


def _put(item: _Staged) -> None:
    """Move the staged file into place: replace the target, or link it in as a new file."""
    assert item.tmp is not None
    if item.change.old is None:
        os.link(item.tmp, item.target)  # fails if the name was taken meanwhile
        item.done = True
        with contextlib.suppress(OSError):
            os.unlink(item.tmp)
    else:
        os.replace(item.tmp, item.target)
        item.done = True
    item.tmp = None


def _discard(items: Sequence[_Staged]) -> None:
    for item in items:
        if item.tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(item.tmp)
            item.tmp = None


def _journal_path(root: Path) -> Path | None:
    from trauma_ws.loading import cache

    where = cache.folder(root)
    return None if where is None else where / JOURNAL


def _write_journal(root: Path, items: Sequence[_Staged], what: str) -> Path:
    from trauma_ws.loading import cache

    path = _journal_path(root)
    if path is None:
        raise EditError(
            "cannot keep the edit journal in .tws-cache/ (it is a link or not a folder): "
            "remove it; nothing was changed"
        )
    base = Path(os.path.realpath(root))
    record: dict[str, Any] = {
        "version": _VERSION,
        "edit": what,
        "files": [
            {
                "rel": item.change.rel,
                "target": item.target.relative_to(base).as_posix(),
                "old_sha256": _digest(item.change.old),
                "new_sha256": _digest(item.change.new),
                "old": None
                if item.change.old is None
                else base64.b64encode(item.change.old).decode("ascii"),
                "tmp": None if item.tmp is None else Path(item.tmp).relative_to(base).as_posix(),
            }
            for item in items
        ],
    }
    key = cache.signing_key()
    if key is None:
        raise EditError(
            "cannot sign the edit journal (no private folder for tws's key): set "
            "XDG_CACHE_HOME to a folder of your own; nothing was changed"
        )
    record["mac"] = _mac(key, record)
    atomic_write(path, json.dumps(record, indent=1) + "\n")
    return path


def _mac(key: bytes, record: dict[str, Any]) -> str:
    body = json.dumps({k: v for k, v in record.items() if k != "mac"}, sort_keys=True)
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()


def _restore(target: Path, old: bytes | None) -> None:
    """Put ``old`` back at ``target`` (None: remove the file the edit created)."""
    if old is None:
        target.unlink(missing_ok=True)
        return
    replace_file(target, old)


def apply(root: Path, changes: Sequence[Change], *, what: str = "edit") -> None:
    """Write every change, or none: the caller holds :func:`~trauma_ws.editing.edit.programme_lock`.

    ``what`` names the edit in the journal (``actions new del-009``). Raises EditError, with
    nothing changed, when a file is not as the edit read it, a link leads outside the
    programme, or a write fails (a full disk, a read-only folder, a permission refused); the
    message names the file and says how to go on.
    """
    items = [_Staged(c, target_of(root, c.rel)) for c in changes]
    for item in items:
        why = _changed_on_disk(item)
        if why is not None:
            raise EditError(why)
    journal: Path | None = None
    try:
        for item in items:
            _stage(item)
        if len(items) > 1:
            journal = _write_journal(root, items, what)
        for item in items:
            why = _changed_on_disk(item)
            if why is not None:
                raise EditError(why)
            _put(item)
    except (OSError, EditError) as exc:
        _discard(items)
        failed = next((i.change.rel for i in items if not i.done), items[-1].change.rel)
        if isinstance(exc, FileExistsError):
            reason = f"{failed} appeared on disk while tws was writing it"
        elif isinstance(exc, OSError):
            reason = f"cannot write {failed}: {exc.strerror or exc}"
        else:
            reason = str(exc)  # says itself that nothing was changed
        undone = _undo_done(items)
        if undone is not None:
            raise EditError(
                f"{reason.replace(_UNCHANGED, '')}; and the files already written could not "
                f"be put back ({undone}): the next tws edit command, or `tws validate`, will "
                "undo them"
            ) from None
        if journal is not None:
            journal.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            reason += _UNCHANGED
            if isinstance(exc, FileExistsError):
                reason += ": run the command again"
        raise EditError(reason) from None
    for folder in {item.target.parent for item in items}:
        fsync_folder(folder)
    if journal is not None:
        journal.unlink(missing_ok=True)
        fsync_folder(journal.parent)


def _undo_done(items: Sequence[_Staged]) -> str | None:
    """Put back the files already replaced; None when all were put back, else why not."""
    for item in reversed(items):
        if not item.done:
            continue
        try:
            _restore(item.target, item.change.old)
            item.done = False
        except OSError as exc:
            return f"{item.change.rel}: {exc.strerror or exc}"
    return None


# --- after a crash ------------------------------------------------------------------------------


def pending(root: Path) -> bool:
    """Whether an interrupted edit or a left-over temporary file may need :func:`recover`."""
    if _journal_file(root) is not None:
        return True
    return any(_temporaries(root))


def _journal_file(root: Path) -> Path | None:
    """The journal, when there is one (never through a linked ``.tws-cache``)."""
    folder = root / ".tws-cache"
    path = folder / JOURNAL
    if folder.is_symlink() or path.is_symlink() or not path.is_file():
        return None
    return path


def _temporaries(root: Path) -> list[Path]:
    found: list[Path] = []
    for folder in _FOLDERS:
        with contextlib.suppress(OSError):
            found.extend(p for p in (root / folder).glob(f".*{TEMP_SUFFIX}") if p.is_file())
    return sorted(found)


def recover(root: Path) -> list[str]:
    """Undo an interrupted edit and remove left-over temporary files; the caller holds the lock.

    Returns one message per thing done, for stderr. A file changed again since the edit was
    interrupted is left as it is, and the message says so. Raises EditError when a file the
    interrupted edit wrote cannot be put back (the journal is kept, to try again).
    """
    messages: list[str] = []
    path = _journal_file(root)
    if path is not None:
        messages.extend(_undo_journal(root, path))
    leftovers = _temporaries(root)
    for leftover in leftovers:
        with contextlib.suppress(OSError):
            leftover.unlink()
    if leftovers:
        names = ", ".join(p.relative_to(root).as_posix() for p in leftovers)
        messages.append(
            f"removed {len(leftovers)} temporary file{'s' * (len(leftovers) != 1)} left by an "
            f"interrupted write ({names}); the records themselves were whole"
        )
    return messages


def _undo_journal(root: Path, path: Path) -> list[str]:
    from trauma_ws.loading import cache

    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        files = record["files"]
        what = str(record.get("edit", "an edit"))
        mac = str(record["mac"])
    except (OSError, ValueError, KeyError, TypeError):
        return [f"{JOURNAL_PATH} cannot be read, so it was not used: delete it"]
    key = cache.signing_key()
    if key is None or not hmac.compare_digest(mac, _mac(key, record)):
        # Not written by this user's tws (committed to the repository, say): never acted on,
        # or a pull request could make CI check other records than the ones it holds.
        return [f"{JOURNAL_PATH} was not written by your tws, so it was not used: delete it"]
    base = Path(os.path.realpath(root))
    put_back: list[str] = []
    kept: list[str] = []
    for entry in files:
        rel = str(entry["rel"])
        target = base / str(entry["target"])
        if not Path(os.path.realpath(target)).is_relative_to(base):
            kept.append(rel)
            continue
        old = None if entry["old"] is None else base64.b64decode(entry["old"])
        now = _read(target)
        if entry.get("tmp"):
            with contextlib.suppress(OSError):
                (base / str(entry["tmp"])).unlink()
        if _digest(now) == entry["old_sha256"]:
            continue  # never replaced
        if _digest(now) != entry["new_sha256"]:
            kept.append(rel)  # changed again since: someone's work, left alone
            continue
        try:
            _restore(target, old)
        except OSError as exc:
            raise EditError(
                f"an interrupted edit ({what}) could not be undone: cannot "
                f"write {rel}: {exc.strerror or exc}; fix that and run the command again"
            ) from None
        put_back.append(rel)
    path.unlink(missing_ok=True)
    message = f"an interrupted edit ({what}) was undone"
    if put_back:
        message += ": " + ", ".join(put_back) + " put back as before"
    if kept:
        message += (
            "; " + ", ".join(kept) + " changed again since and left as it is: check it by hand"
        )
    return [message + "; run the command again if it is still wanted"]
