"""Building many objects at once: the garbage collector paused, and what was built frozen.

Loading builds the records, and a site build its views: hundreds of thousands of small
objects without reference cycles, kept to the end of the command. CPython's collector would
rescan them again and again while they are built and used (several times the cost of a large
load, a tenth of a large site build) and could never free them.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the garbage collector for the block, then freeze what was built in it (later
    collections do not rescan it) and start the collector again, if it was running."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()
