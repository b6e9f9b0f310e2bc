"""Progress on long work: the library says what it is doing; the CLI decides who hears it."""

from __future__ import annotations

from collections.abc import Callable

listener: Callable[[str], None] | None = None
"""Set by the CLI (to a function writing to a terminal's stderr); None means silence."""


def say(message: str) -> None:
    if listener is not None:
        listener(message)
