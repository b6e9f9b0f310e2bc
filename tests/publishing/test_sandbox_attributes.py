"""The sandbox's attribute rule, remembered per type and name for speed, gives Jinja's own answer:
the same reads allowed and refused, in any order, and ``str.format`` still wrapped."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any

import jinja2
import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment

from trauma_ws.publishing import render
from trauma_ws.publishing.sandbox import BoundedSandbox


@dataclasses.dataclass(frozen=True, slots=True)
class Entry:
    title: str
    when: dt.date


def _function() -> None:
    """A function: its code and globals must stay out of reach."""


def _generator() -> Iterator[int]:
    """A generator: its frame must stay out of reach."""
    yield 1


OBJECTS: list[Any] = [
    Entry("A title", dt.date(2023, 1, 2)),
    "text",
    [1, 2],
    {"key": "value"},
    {1, 2},
    (1, 2),
    dt.date(2023, 1, 2),
    _function,
    Entry,
    _generator(),
]
NAMES = [
    "title",
    "when",
    "upper",
    "format",
    "append",
    "pop",
    "clear",
    "keys",
    "add",
    "index",
    "year",
    "mro",
    "__class__",
    "__globals__",
    "__code__",
    "gi_frame",
    "_private",
    "__dict__",
    "missing",
]


def _outcome(env: jinja2.Environment, obj: Any, name: str) -> str:
    value = env.getattr(obj, name)
    if isinstance(value, jinja2.Undefined):
        try:
            str(value)
        except jinja2.exceptions.SecurityError:
            return "refused"
        except jinja2.exceptions.UndefinedError:
            return "undefined"
        return "undefined"
    if callable(value) and getattr(value, "__name__", "") in ("format", "format_map"):
        return f"wrapped {type(value).__name__}"
    return f"value {value!r}"


@pytest.mark.parametrize("order", ["forwards", "backwards"])
def test_every_read_gets_jinjas_own_answer(order: str) -> None:
    ours = render.environment(None)
    assert isinstance(ours, BoundedSandbox)
    theirs = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined)
    pairs = list(itertools.product(OBJECTS, NAMES))
    if order == "backwards":
        pairs.reverse()
    for _ in range(2):  # the second time round, every answer comes from what was remembered
        for obj, name in pairs:
            assert _outcome(ours, obj, name) == _outcome(theirs, obj, name), (obj, name)
    assert ours.safe  # answers were remembered


def test_a_template_cannot_reach_internals_after_a_safe_read() -> None:
    env = render.environment(None)
    template = env.from_string("{{ e.title }} {{ e.title.upper() }} {{ '{0}'.format(e.title) }}")
    entry = Entry("A title", dt.date(2023, 1, 2))
    assert template.render(e=entry) == "A title A TITLE A title"
    refused = env.from_string("{{ e.title.__class__.__mro__ }}")
    with pytest.raises(jinja2.exceptions.SecurityError):
        refused.render(e=entry)
    escape = env.from_string("{{ '{0.__class__}'.format(e) }}")
    with pytest.raises(jinja2.exceptions.SecurityError):
        escape.render(e=entry)
