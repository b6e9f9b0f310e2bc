"""The YAML reader's builders: libyaml's event stream to plain dicts, lists and scalars.

Every refusal happens here, before anything is expanded: aliases and anchors (a "billion
laughs" file stops at its first alias), explicit tags other than ``!!str``, nesting deeper
than ``MAX_DEPTH``, duplicate keys, keys that are not plain text, several documents in one
file, control characters written as escapes. :func:`_build_fast` reads the usual clean file
without positions and gives up (``_SLOW``) at anything out of the ordinary; :func:`_build`
(one node at a time, :func:`_walk`; as far as wanted, :func:`_walk_until`) reads it again
recording each key's and value's line and column (``KeyPath`` to ``Mark``) and the problems.
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Generator
from typing import TYPE_CHECKING, Any

import yaml

from trauma_ws.loading.yaml_scalars import (
    _CONTROL,
    _PLAIN_FIRST,
    _STR,
    TRUTHY,
    _escaped_control,
    _scalar,
)
from trauma_ws.record.problems import error

if TYPE_CHECKING:
    from trauma_ws.loading.yamlio import Parsed

MAX_DEPTH = 40

KeyPath = tuple[str | int, ...]

_Loader: Any = getattr(yaml, "CSafeLoader", None)
if _Loader is None:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader
    _warned = False
else:
    _warned = True


def warn_if_slow() -> None:
    """Say once on stderr when PyYAML has no libyaml: the pure-Python parser is ~9x slower."""
    global _warned
    if not _warned:
        _warned = True
        print(
            "tws: warning: PyYAML was built without libyaml, so reading is about 9 times slower; "
            "reinstall PyYAML with libyaml available to speed it up",
            file=sys.stderr,
        )


class _Stop(Exception):
    """Raised inside the builder to stop at the first refusal."""


class _Duplicate:
    """A key seen twice in one mapping: its second value is read but not kept."""

    __slots__ = ("key",)

    def __init__(self, key: str) -> None:
        self.key = key


def _build(text: str, result: Parsed) -> None:
    """Build plain values from libyaml's events, recording marks; raise _Stop on a refusal."""
    for _ in _walk(text, result):
        pass


def _walk_until(
    text: str, result: Parsed, values: Collection[KeyPath] | None, keys: Collection[KeyPath]
) -> bool:
    """Record positions in ``result`` until those of ``values`` and ``keys`` are all known
    (or all of them, with ``values`` None); True when the whole file was read (or refused).
    """
    steps = _walk(text, result)
    try:
        if values is None:
            for _ in steps:
                pass
            return True
        wanted = (set(values), set(keys))
        if not wanted[0] and not wanted[1]:
            return False
        for is_key, loc in steps:
            found = wanted[is_key]
            if loc in found:
                found.discard(loc)
                if not wanted[0] and not wanted[1]:
                    return False
    except (_Stop, yaml.YAMLError):
        pass
    finally:
        steps.close()  # stopped early: let libyaml go now, not when collected
    return True


def _walk(text: str, result: Parsed) -> Generator[tuple[bool, KeyPath], None, None]:
    """:func:`_build`, one node at a time: yields (is a key, its path) after recording each."""
    path = result.path
    marks = result._marks
    key_marks = result._key_marks
    truthy = result._truthy
    implicit = result._implicit
    assert marks is not None
    assert key_marks is not None
    assert truthy is not None
    assert implicit is not None
    # A frame: [container, its path, pending key (mappings only), expecting a key]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0

    def refuse(ev: Any, message: str, code: str) -> None:
        m = ev.start_mark
        result.problems.append(error(path, m.line + 1, m.column + 1, message, code))
        raise _Stop

    loader = _Loader(text)
    try:
        while True:
            ev = loader.get_event()
            if ev is None:
                break
            kind = type(ev)
            if kind is yaml.StreamStartEvent or kind is yaml.StreamEndEvent:
                continue
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    refuse(
                        ev,
                        "a second YAML document (`---`): keep one record per file",
                        "multi-document",
                    )
                continue
            if kind is yaml.DocumentEndEvent:
                continue
            if kind is yaml.AliasEvent:
                refuse(
                    ev,
                    f"alias `*{ev.anchor}`: aliases are not allowed, write the value out",
                    "yaml-alias",
                )
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
                continue
            if ev.anchor is not None:
                refuse(
                    ev, f"anchor `&{ev.anchor}`: anchors and aliases are not allowed", "yaml-anchor"
                )
            tag = ev.tag
            if tag is not None and tag not in (_STR, "!"):
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                refuse(
                    ev, f"tag `{shown}` is not allowed: only plain YAML values are read", "yaml-tag"
                )
            line = ev.start_mark.line + 1
            col = ev.start_mark.column + 1
            if kind is yaml.ScalarEvent and ev.style == '"' and _CONTROL.search(ev.value):
                result.problems.append(_escaped_control(text, ev, path))
                raise _Stop
            # Where does this node go?
            if stack:
                top = stack[-1]
                container = top[0]
                if top[3]:  # a mapping expecting a key
                    if kind is not yaml.ScalarEvent:
                        refuse(ev, "a key must be plain text, not a list or mapping", "yaml-key")
                    key = ev.value
                    loc = (*top[1], key)
                    if key in container:
                        first = key_marks.get(loc, (0, 0))[0]
                        result.problems.append(
                            error(
                                path,
                                line,
                                col,
                                f"duplicate key `{key}` (first at line {first}): keep one",
                                "duplicate-key",
                            )
                        )
                        key = _Duplicate(key)
                    else:
                        key_marks[loc] = (line, col)
                    top[2] = key
                    top[3] = False
                    yield True, loc
                    continue
                if isinstance(container, dict):
                    key = top[2]
                    loc = (*top[1], key)
                    top[3] = True
                else:
                    key = len(container)
                    loc = (*top[1], key)
            else:
                container = None
                key = None
                loc = ()
            if kind is yaml.ScalarEvent:
                value, surprise = _scalar(ev.value, ev.implicit[0] and tag is None)
                if surprise == TRUTHY:
                    truthy[loc] = ev.value
                elif surprise:
                    implicit[loc] = ev.value
            elif kind is yaml.MappingStartEvent:
                value = {}
            elif kind is yaml.SequenceStartEvent:
                value = []
            else:  # pragma: no cover - libyaml emits no other events
                continue
            marks[loc] = (line, col)
            if isinstance(key, _Duplicate):
                pass  # the first value stays; the duplicate is reported
            elif container is None:
                root = value
            elif isinstance(container, dict):
                container[key] = value
            else:
                container.append(value)
            if kind is not yaml.ScalarEvent:
                if len(stack) >= MAX_DEPTH:
                    refuse(ev, f"nested more than {MAX_DEPTH} levels deep", "too-deep")
                stack.append([value, loc, None, kind is yaml.MappingStartEvent])
            yield False, loc
    finally:
        loader.dispose()
    result.data = root


_SLOW: Any = object()
_EXPECT_KEY: Any = object()
_IN_LIST: Any = object()
_INTERN: dict[str, str] = {}
_EVENT_KIND = {
    yaml.ScalarEvent: 0,
    yaml.MappingStartEvent: 1,
    yaml.SequenceStartEvent: 2,
    yaml.MappingEndEvent: 3,
    yaml.SequenceEndEvent: 3,
    yaml.StreamStartEvent: 4,
    yaml.StreamEndEvent: 4,
    yaml.DocumentEndEvent: 4,
    yaml.DocumentStartEvent: 5,
    yaml.AliasEvent: 6,
}


def _build_fast(text: str) -> Any:
    """The usual case, quickly: plain values without positions, or ``_SLOW``.

    Anything out of the ordinary (a problem to report, a yes/no word, a tag) returns
    ``_SLOW``, and :func:`_build` reads the file again with every position recorded.
    Keys and short values are interned: a large programme repeats them thousands of times.
    """
    loader = _Loader(text)
    get = loader.get_event
    kinds = _EVENT_KIND
    intern = _INTERN.setdefault
    first_chars = _PLAIN_FIRST
    stack: list[Any] = []
    pending: list[Any] = []
    root: Any = _SLOW
    documents = 0
    # Only a double-quoted scalar with an escape can hold a control character (libyaml
    # refuses raw ones): with no backslash anywhere, no scalar needs looking at.
    escapes = "\\" in text
    control = _CONTROL.search
    try:
        while (ev := get()) is not None:
            kind = kinds[type(ev)]
            if kind == 4:
                continue
            if kind == 3:
                stack.pop()
                pending.pop()
                continue
            if kind == 5:
                documents += 1
                if documents > 1:
                    return _SLOW
                continue
            if kind == 6 or ev.anchor is not None or ev.tag is not None:
                return _SLOW
            if stack:
                top = stack[-1]
                key = pending[-1]
                if key is _EXPECT_KEY:
                    if kind != 0:
                        return _SLOW
                    key = intern(ev.value, ev.value)
                    if key in top or (escapes and control(key)):
                        return _SLOW
                    pending[-1] = key
                    continue
            else:
                top = key = None
            if kind == 0:
                value = ev.value
                if ev.implicit[0]:
                    if not value:
                        value = None
                    elif value[0] in first_chars:
                        value, surprise = _scalar(value, True)
                        if surprise:
                            return _SLOW
                elif escapes and control(value):
                    return _SLOW
                if type(value) is str and len(value) < 48:
                    value = intern(value, value)
            elif kind == 1:
                value = {}
            else:
                value = []
            if top is None:
                root = value
            elif key is _IN_LIST:
                top.append(value)
            else:
                top[key] = value
                pending[-1] = _EXPECT_KEY
            if kind != 0:
                if len(stack) >= MAX_DEPTH:
                    return _SLOW
                stack.append(value)
                pending.append(_EXPECT_KEY if kind == 1 else _IN_LIST)
    except yaml.YAMLError:
        return _SLOW
    finally:
        loader.dispose()
    return root
