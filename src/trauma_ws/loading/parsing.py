"""Reading many record files fast: the parse cache, and a second process on a second core.

Parsing YAML is most of the cost of loading a programme. Files whose content hash matches a
cache entry are not parsed at all; the rest are split between this process and, when there
are enough of them and a second core, a forked child that parses its share at the same time
and hands the results back through a temporary file. Positions for many problems (a bad
merge) are found the same way: each file read again once, half of them in the child.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from trauma_ws.loading import cache, progress, yamlio
from trauma_ws.loading.yamlio import KeyPath, Mark, Parsed

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_FROM = 400
"""Below this many files to parse, a second process costs more than it saves."""
POSITIONS_PARALLEL_FROM = 1000
"""From this many files to read again for positions, a second process saves time."""
PROGRESS_FROM = 2000
"""From this many files, loading takes long enough to say what is happening."""


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _one(base: str, rel: str, entries: dict[str, tuple[bytes, Any]]) -> Parsed | None:
    """Read one file and parse it, or None when the cache holds what its content reads as."""
    file = base + rel
    raw = yamlio.read_bytes(file, rel)
    if isinstance(raw, Parsed):
        return raw
    hit = entries.get(rel)
    if hit is not None and hit[0] == yamlio.digest(raw):
        return None
    return yamlio.parse_file(raw, file, rel)


def _share(
    root: Path, files: Sequence[str], entries: dict[str, tuple[bytes, Any]]
) -> list[Parsed | None]:
    base = f"{root}{os.sep}"  # joined as text: pathlib costs more than the read here
    return [_one(base, rel, entries) for rel in files]


def _split(
    root: Path, files: Sequence[str], entries: dict[str, tuple[bytes, Any]], workers: int
) -> list[Parsed | None]:
    """Read and parse ``files`` in this process and one forked child, in the files' order.

    Each process reads, hashes and parses its own half (every other file, so both halves
    hold a like mix of actions and meetings); the child hands back only what it parsed, as
    the cache entries it found are already here.
    """
    return _in_two(lambda share: _share(root, share, entries), files, workers, PARALLEL_FROM)


def _in_two(
    work: Callable[[Sequence[T]], list[R]], items: Sequence[T], workers: int, least: int
) -> list[R]:
    """``work(items)``, with every other item done by a forked child from ``least`` items.

    ``work`` returns one picklable result per item, in order; when the child fails, this
    process does its share too.
    """
    if workers < 2 or len(items) < least or not hasattr(os, "fork"):
        return work(items)
    theirs, mine = items[1::2], items[0::2]
    fd, handoff = tempfile.mkstemp(prefix="tws-parse-", suffix=".pickle")
    os.close(fd)
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError:
        os.unlink(handoff)
        return work(items)
    if pid == 0:  # the child: parse its share, hand it over, leave without cleaning up
        code = 0
        try:
            with open(handoff, "wb") as out:
                pickle.dump(work(theirs), out, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    try:
        done = work(mine)
        _, status = os.waitpid(pid, 0)
        received: Any = None
        if os.waitstatus_to_exitcode(status) == 0:
            with open(handoff, "rb") as handle:
                received = pickle.load(handle)  # written a moment ago by our own child
        if not isinstance(received, list) or len(received) != len(theirs):
            received = work(theirs)  # the child failed: do its share here
    finally:
        with contextlib.suppress(OSError):
            os.unlink(handoff)
    merged: list[R] = []
    for index in range(len(items)):
        merged.append(done[index // 2] if index % 2 == 0 else received[index // 2])
    return merged


def parse_many(root: Path, files: Sequence[str], *, use_cache: bool = True) -> list[Parsed]:
    """Parse every file (relative to ``root``), using and refreshing the parse cache."""
    yamlio.warn_if_slow()
    use_cache = use_cache and not os.environ.get("TWS_NO_CACHE")
    entries = cache.load(root) if use_cache else {}
    if len(files) >= PROGRESS_FROM:
        progress.say(f"reading {len(files)} record files ({len(entries)} in the parse cache)")
    results = _split(root, files, entries, cores())
    out: list[Parsed] = []
    base = f"{root}{os.sep}"
    fresh: dict[str, tuple[bytes, Any]] = {}
    changed = False
    for rel, result in zip(files, results, strict=True):
        if result is None:
            content_digest, data = entries[rel]
            out.append(yamlio.cached(rel, data, base + rel, content_digest))
            fresh[rel] = (content_digest, data)
            continue
        if result.clean and result.digest is not None:
            fresh[rel] = (result.digest, result.data)
            changed = True
        out.append(result)
    del results
    if use_cache and (changed or fresh.keys() != entries.keys()):
        entries.clear()
        cache.save(root, fresh)
    return out


Wanted = tuple[Parsed, Sequence[KeyPath], Sequence[KeyPath]]
"""A file, the paths of values whose positions are wanted, and of keys."""


def _positions(wanted: Sequence[Wanted]) -> list[tuple[list[Mark], list[Mark]]]:
    return [parsed.positions(values, keys) for parsed, values, keys in wanted]


def positions_many(wanted: Sequence[Wanted]) -> list[tuple[list[Mark], list[Mark]]]:
    """Where each file's ``values`` and ``keys`` are, reading each file again at most once.

    Many files (a bad merge) are split with a second process, as parsing is.
    """
    return _in_two(_positions, wanted, cores(), POSITIONS_PARALLEL_FROM)
