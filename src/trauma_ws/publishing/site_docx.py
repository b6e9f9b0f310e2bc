"""The site's Word downloads: a report's or a set of minutes' ``.docx`` for the page that links
it, with its size in words, from a content-keyed cache so that builds after the first skip
python-docx.

python-docx takes about 30 ms a document: at 4,000 meetings that is two minutes a build. So
each document's bytes are kept in ``.tws-cache/docx/`` under the programme's root, keyed by a
hash of what decides them: the document's structure (:class:`docx_writer.DocumentSpec`, whose
``repr`` holds every text, level and property), the tws version, the python-docx version and
the source of ``docx_writer.py`` itself (so a changed writer never serves old files). A miss
builds the document and stores it; a hit is linked into the site (a hard link: no bytes read
or written again; a copy where the file system cannot link), so entries are read-only, and an
editor cannot change the cache through the site's copy. Entries are named by an HMAC
of the key with this user's signing key (the parse cache's), so a file committed to the
repository, or put there by anyone else, is never found and never published. Each entry used
is touched; :meth:`DocxStore.prune` then removes those the build did not use (records since
changed or removed), so the cache holds one site's documents. Any failure to read or write the
cache only costs a rebuild: the site is the same.

Whichever process writes a page (see :mod:`.site_files`: a forked child writes every other
page of a large site) looks up and builds its own documents, so the misses are shared by both
cores, and only what is written is ever built.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import importlib.metadata
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import trauma_ws
from trauma_ws.publishing import docx_writer

FORMAT = "tws-site-docx/1"
"""Changes when the cache's own layout changes."""
FOLDER = "docx"
"""The cache's folder under ``.tws-cache/``."""
MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_STARTED = ".build-started"
_END_OF_ZIP = b"PK\x05\x06"  # a whole file ends with this record (22 bytes, no comment)


@dataclass(frozen=True, slots=True)
class Download:
    """A Word file beside a page: where it is (relative to the site's top) and the words for
    its link, its size included (``Download these minutes as Word (DOCX, 37 KB)``)."""

    href: str
    size: int
    text: str


def size_text(size: int) -> str:
    """A file's size as people read it: ``812 bytes``, ``37 KB``, ``1.4 MB`` (1 KB = 1,024
    bytes, rounded to the nearest, never 0 KB)."""
    if size < 1024:
        return f"{size} byte{'s' * (size != 1)}"
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


Stored = bytes | Path
"""A document: its bytes, or the cache's file that holds them (to link into the site)."""


def size_of(document: Stored) -> int:
    return document.stat().st_size if isinstance(document, Path) else len(document)


def download(href: str, document: Stored, what: str) -> Download:
    """The link to ``document`` at ``href``: ``Download {what} as Word (DOCX, 37 KB)``."""
    size = size_of(document)
    return Download(href, size, f"Download {what} as Word (DOCX, {size_text(size)})")


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "none"


def _salt() -> bytes:
    """What, besides the document's structure, decides its bytes."""
    try:
        writer = Path(docx_writer.__file__).read_bytes()
    except OSError:  # pragma: no cover - a zipped install: the version alone decides
        writer = b""
    parts = (FORMAT, trauma_ws.__version__, _version("python-docx"), _version("lxml"))
    return "\n".join(parts).encode() + b"\n" + hashlib.sha256(writer).digest()


class DocxStore:
    """Word documents by their structure, from the cache when it has them.

    ``where`` makes and gives the programme's ``.tws-cache`` folder (None when it cannot be
    used), and ``key`` is this user's signing key; with either None nothing is cached and
    every document is built. Nothing is made on disk before :meth:`start`, which the build
    calls once it has checked its output folder.
    """

    def __init__(self, where: Callable[[], Path | None] | None, key: bytes | None) -> None:
        self.where = where if key is not None else None
        self.folder: Path | None = None
        self.key = key or b""
        self.salt = _salt()
        self.started = 0
        self.built = 0
        """Documents built by python-docx in this process (misses, or all without a cache)."""
        self.reused = 0
        """Documents taken from the cache in this process."""

    def start(self) -> None:
        """Make the cache's folder, and note when this build began (see :meth:`prune`)."""
        cache = self.where() if self.where is not None else None
        if cache is None:
            return
        folder = cache / FOLDER
        try:
            if folder.is_symlink():
                return
            folder.mkdir(exist_ok=True)
            marker = folder / _STARTED
            marker.write_bytes(b"")
            # The file system's own clock: entries touched from now on have a later time.
            self.started = marker.stat().st_mtime_ns
        except OSError:
            return
        self.folder = folder

    def _name(self, spec: docx_writer.DocumentSpec) -> str:
        digest = hashlib.sha256(self.salt + repr(spec).encode("utf-8", "surrogatepass"))
        return hmac.new(self.key, digest.digest(), hashlib.sha256).hexdigest() + ".docx"

    def get(self, spec: docx_writer.DocumentSpec) -> Stored:
        """The document: the cache's file that holds it, or its bytes, built with python-docx
        (and stored)."""
        if self.folder is None:
            self.built += 1
            return docx_writer.to_bytes(spec)
        path = self.folder / self._name(spec)
        with contextlib.suppress(OSError), open(path, "rb") as handle:
            handle.seek(-22, os.SEEK_END)
            if handle.read(4) == _END_OF_ZIP:  # whole, not cut short by a full disk
                os.utime(handle.fileno())
                self.reused += 1
                return path
        data = docx_writer.to_bytes(spec)
        self.built += 1
        self._store(path, data)
        return data

    def _store(self, path: Path, data: bytes) -> None:
        """Write ``data`` at ``path`` in one step (no fsync: a lost entry is built again)."""
        with contextlib.suppress(OSError):
            fd, tmp = tempfile.mkstemp(prefix=".new-", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.chmod(tmp, 0o444)  # read-only: the site links to it
                os.replace(tmp, path)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)

    def prune(self) -> int:
        """Remove the entries this build did not use (and leftover temporary files); how many
        were removed. Call once, after every page is written."""
        if self.folder is None:
            return 0
        removed = 0
        with contextlib.suppress(OSError), os.scandir(self.folder) as entries:
            for entry in entries:
                if entry.name == _STARTED or not entry.is_file(follow_symlinks=False):
                    continue
                with contextlib.suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_mtime_ns < self.started:
                        os.unlink(entry.path)
                        removed += 1
        return removed
