"""The parse cache: what each record file read as, keyed by the file's content hash.

Kept in ``.tws-cache/`` under the programme root (git-ignored by a ``.gitignore`` of its own,
safe to delete). An entry is used only when the file's bytes hash to the digest it was stored
under, so a changed file is always read again. The cache file is signed with an HMAC whose key
lives outside the repository (``$XDG_CACHE_HOME/tws/key``, created on first use, readable by
its owner only), and is read only when the signature checks: a cache file committed to the
repository, or written by anyone but this user's tws, is ignored, never trusted. Only files
that read cleanly are cached; files with problems are read again each time.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
import secrets
import tempfile
from pathlib import Path
from typing import Any

from trauma_ws.storage.files import replace_file

VERSION = b"tws-parse-cache/2\n"
CACHE_DIR = ".tws-cache"
FILE = "parse-v1.bin"
_MAC_SIZE = 32
IGNORE_TEXT = "# Created by tws: a cache, safe to delete.\n*\n"


def signing_key() -> bytes | None:
    """This user's key for signing what tws keeps in ``.tws-cache/``, created on first use;
    None when there is nowhere private to keep it."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "tws"
    path = folder / "key"
    try:
        with open(path, "rb") as handle:
            key = handle.read()
        if len(key) >= 32:
            return key
    except OSError:
        pass
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = secrets.token_bytes(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
        return key
    except FileExistsError:
        with contextlib.suppress(OSError), open(path, "rb") as handle:
            key = handle.read()
            return key if len(key) >= 32 else None
        return None
    except OSError:
        return None


def folder(root: Path) -> Path | None:
    """``root/.tws-cache``, created with its own ``.gitignore``; None when it is unsafe.

    A ``.tws-cache`` that is a symbolic link (which a pull request could add) is never used:
    writing through it could change files outside the repository.
    """
    path = root / CACHE_DIR
    try:
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            return None
        path.mkdir(exist_ok=True)
        ignore = path / ".gitignore"
        if ignore.is_symlink() or (ignore.exists() and not ignore.is_file()):
            return None
        if not _ignores_all(ignore):
            _write_ignore(path)
    except OSError:
        return None
    return path


def _ignores_all(ignore: Path) -> bool:
    """True when ``ignore`` exists and has its ``*`` line (not lost to a full disk)."""
    try:
        lines = ignore.read_bytes().splitlines()
    except FileNotFoundError:
        return False
    return b"*" in (line.strip() for line in lines)


def _write_ignore(folder: Path) -> None:
    """The cache's ``.gitignore``, written whole or not at all (temp file, then rename), so a
    full disk cannot leave an empty one that lets git see the cache."""
    replace_file(folder / ".gitignore", IGNORE_TEXT)


def load(root: Path) -> dict[str, tuple[bytes, Any]]:
    """Entries ``{relative path: (digest, data)}``; empty when absent, unsigned or stale."""
    key = signing_key()
    path = root / CACHE_DIR / FILE
    if key is None or path.is_symlink():
        return {}
    try:
        blob = path.read_bytes()
    except OSError:
        return {}
    mac, body = blob[:_MAC_SIZE], blob[_MAC_SIZE:]
    if not body.startswith(VERSION):
        return {}
    if not hmac.compare_digest(mac, hmac.new(key, body, hashlib.sha256).digest()):
        return {}  # not written by this user's tws: ignore it
    try:
        entries = pickle.loads(body[len(VERSION) :])  # signed by us, so written by us
    except Exception:
        return {}
    return entries if isinstance(entries, dict) else {}


class _Signed:
    """A file-like writer that signs what passes through it (no copy of the whole)."""

    def __init__(self, handle: Any, signer: Any) -> None:
        self.handle = handle
        self.signer = signer

    def write(self, chunk: bytes) -> int:
        self.signer.update(chunk)
        written: int = self.handle.write(chunk)
        return written


def save(root: Path, entries: dict[str, tuple[bytes, Any]]) -> None:
    """Write the cache atomically; any failure just leaves no cache."""
    key = signing_key()
    where = folder(root)
    if key is None or where is None:
        return
    signer = hmac.new(key, VERSION, hashlib.sha256)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".parse-", suffix=".tmp", dir=where)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(b"\0" * _MAC_SIZE)  # the signature, once it is known
                handle.write(VERSION)
                pickle.Pickler(_Signed(handle, signer), protocol=pickle.HIGHEST_PROTOCOL).dump(
                    entries
                )
                handle.seek(0)
                handle.write(signer.digest())
            os.replace(tmp, where / FILE)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
    except OSError:
        return
