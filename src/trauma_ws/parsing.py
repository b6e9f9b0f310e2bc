"""Reading many record files fast: the parse cache, and a second process on a second core.

Parsing YAML is most of the cost of loading a programme. Files whose content hash matches a
cache entry are not parsed at all; the rest are split between this process and, when there
are enough of them and a second core, a forked child that parses its share at the same time
and hands the results back through a temporary file.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from trauma_ws import cache, yamlio
from trauma_ws.yamlio import Parsed

PARALLEL_FROM = 400
"""Below this many files to parse, a second process costs more than it saves."""


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the garbage collector during a bulk load, then freeze what was loaded.

    Building hundreds of thousands of small objects makes CPython's collector rescan them
    again and again (several times the cost of the load itself at scale); nothing loaded
    here forms reference cycles, and freezing keeps later collections from rescanning it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def _parse_share(jobs: Sequence[tuple[bytes, str, str]]) -> list[Parsed]:
    return [yamlio.parse_file(raw, file, rel) for raw, file, rel in jobs]


def _parse_split(jobs: list[tuple[bytes, str, str]], workers: int) -> list[Parsed]:
    """Parse ``jobs`` in this process and one forked child; results in the jobs' order."""
    if workers < 2 or len(jobs) < PARALLEL_FROM or not hasattr(os, "fork"):
        return _parse_share(jobs)
    theirs, mine = jobs[1::2], jobs[0::2]
    fd, handoff = tempfile.mkstemp(prefix="tws-parse-", suffix=".pickle")
    os.close(fd)
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError:
        os.unlink(handoff)
        return _parse_share(jobs)
    if pid == 0:  # the child: parse its share, hand it over, leave without cleaning up
        code = 0
        try:
            with open(handoff, "wb") as out:
                pickle.dump(_parse_share(theirs), out, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    try:
        done = _parse_share(mine)
        _, status = os.waitpid(pid, 0)
        received: Any = None
        if os.waitstatus_to_exitcode(status) == 0:
            with open(handoff, "rb") as handle:
                received = pickle.load(handle)  # written a moment ago by our own child
        if not isinstance(received, list) or len(received) != len(theirs):
            received = _parse_share(theirs)  # the child failed: do its share here
    finally:
        with contextlib.suppress(OSError):
            os.unlink(handoff)
    merged: list[Parsed] = []
    for index in range(len(jobs)):
        merged.append(done[index // 2] if index % 2 == 0 else received[index // 2])
    return merged


def parse_many(root: Path, files: Sequence[str], *, use_cache: bool = True) -> list[Parsed]:
    """Parse every file (relative to ``root``), using and refreshing the parse cache."""
    yamlio.warn_if_slow()
    use_cache = use_cache and not os.environ.get("TWS_NO_CACHE")
    entries = cache.load(root) if use_cache else {}
    out: list[Parsed | None] = [None] * len(files)
    jobs: list[tuple[bytes, str, str]] = []
    where: list[int] = []
    fresh: dict[str, tuple[bytes, Any]] = {}
    for index, rel in enumerate(files):
        file = str(root / rel)
        raw = yamlio.read_bytes(file, rel)
        if isinstance(raw, Parsed):
            out[index] = raw
            continue
        digest = yamlio.digest(raw)
        hit = entries.get(rel)
        if hit is not None and hit[0] == digest:
            out[index] = yamlio.cached(rel, hit[1], file, digest)
            fresh[rel] = hit
            continue
        jobs.append((raw, file, rel))
        where.append(index)
    changed = False
    for index, parsed in zip(where, _parse_split(jobs, cores()), strict=True):
        out[index] = parsed
        if parsed.clean and parsed.digest is not None:
            fresh[parsed.path] = (parsed.digest, parsed.data)
            changed = True
    if use_cache and (changed or fresh.keys() != entries.keys()):
        cache.save(root, fresh)
    return [p for p in out if p is not None]
