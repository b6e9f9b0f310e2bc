"""A record with errors, built as far as it goes, so that the rest of it is still checked.

A file whose model cannot be built used to stop there: its references were checked only once
its other errors were fixed, one run later. :func:`build` makes the model anyway, in one of
two ways, and says which places it made up, so that nothing is reported about them:

- **stand-ins** (a record of its own: an action, a meeting, a risk, a measure): each bad value
  is replaced by a value of the right type, or left out where the field may be, and an
  unknown key is dropped. The record is checked for its references only (the stand-ins could
  make any other rule speak up), and is not used for anything else.
- **entries left out** (``data/groups.yaml``, ``data/workplan.yaml``, many records in one
  file): an organisation, person, group or workstream with a problem is left out, and the
  rest of the file is used as usual; references to what was left out are not reported
  (their ids join :attr:`.Programme.broken_ids`), and the places the checks name in the
  file are counted again with the entries left out put back (:meth:`Partial.original`).

None of this runs for a file without errors.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from trauma_ws.loading.yamlio import KeyPath

_WORD = "tws-set-aside"
"""The stand-in for text and ids: valid as either, and no record's id."""
_CANDIDATES: tuple[Any, ...] = (
    _WORD,
    0,
    False,
    dt.date(2000, 1, 1),
    "2000",
    "00:00",
    [_WORD],
    [],
)
"""Values tried, in order, as a stand-in for a bad value of a field."""


@dataclass(slots=True)
class Partial:
    """A model built from a file with errors, and what was made up to build it."""

    model: BaseModel
    made_up: frozenset[KeyPath] = frozenset()
    """Places whose value was replaced or left out: nothing there is reported."""
    kept: dict[str, list[int]] = field(default_factory=dict)
    """For a list whose entries were left out, each kept entry's place in the file."""
    left_out: list[Any] = field(default_factory=list)
    """The entries left out, as written."""
    in_full: bool = False
    """The model stands for the file in every check (entries were left out), not only for
    its references (stand-ins were made up)."""

    def covers(self, loc: KeyPath) -> bool:
        """Whether ``loc`` is at or under a place that was made up."""
        return any(loc[: len(place)] == place for place in self.made_up)

    def original(self, loc: KeyPath) -> KeyPath:
        """``loc`` in the model as the place in the file (entries left out put back)."""
        if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
            kept = self.kept.get(loc[0])
            if kept is not None and 0 <= loc[1] < len(kept):
                return (loc[0], kept[loc[1]], *loc[2:])
        return loc


def _core(annotation: Any) -> Any:
    """``annotation`` without ``Annotated`` and ``| None``."""
    while True:
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
            continue
        args = [a for a in get_args(annotation) if a is not type(None)]
        if get_origin(annotation) not in (list, Literal) and len(args) == 1:
            annotation = args[0]
            continue
        return annotation


def _type_at(model: type[BaseModel], loc: KeyPath) -> tuple[Any, bool]:
    """The type of the value at ``loc`` (constraints kept), and whether it may be left out."""
    current: Any = model
    optional = False
    for part in loc:
        core = _core(current)
        if isinstance(part, int):
            if get_origin(core) is not list:
                raise LookupError(loc)
            current, optional = get_args(core)[0], False
            continue
        if not (isinstance(core, type) and issubclass(core, BaseModel)):
            raise LookupError(loc)
        info = core.model_fields.get(part) or next(
            (f for f in core.model_fields.values() if f.alias == part), None
        )
        if info is None:
            raise LookupError(loc)
        current = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        optional = not info.is_required()
    return current, optional


_MADE: dict[tuple[type[BaseModel], tuple[str | None, ...]], Any] = {}
"""Stand-ins found, by model and place (list positions as None): a bad merge repeats them."""
_NONE: Any = object()


def _made(model: type[BaseModel], loc: KeyPath, annotation: Any) -> Any:
    """:func:`_stand_in` for the place ``loc`` of ``model``, worked out once per place."""
    key = (model, tuple(None if isinstance(p, int) else p for p in loc))
    made = _MADE.get(key)
    if made is None:
        try:
            made = _stand_in(annotation)
        except LookupError:
            made = _NONE
        _MADE[key] = made
    if made is _NONE:
        raise LookupError(loc)
    return copy.deepcopy(made)


def _stand_in(annotation: Any, depth: int = 0) -> Any:
    """A value ``annotation`` accepts: a model's required fields, each a stand-in; a choice's
    first; else the first of :data:`_CANDIDATES` that passes. LookupError when none does."""
    core = _core(annotation)
    tries: list[Any] = []
    if isinstance(core, type) and issubclass(core, BaseModel) and depth < 6:
        tries.append(
            {
                (info.alias or name): _stand_in(
                    Annotated[(info.annotation, *info.metadata)]
                    if info.metadata
                    else info.annotation,
                    depth + 1,
                )
                for name, info in core.model_fields.items()
                if info.is_required()
            }
        )
    if get_origin(core) is Literal:
        tries.append(get_args(core)[0])
    tries.extend(_CANDIDATES)
    adapter: TypeAdapter[Any] = TypeAdapter(annotation)
    for value in tries:
        try:
            adapter.validate_python(value)
        except ValidationError:
            continue
        return value
    raise LookupError(annotation)


def _holder(data: Any, loc: KeyPath) -> Any:
    for part in loc[:-1]:
        listed = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if not (listed or (isinstance(data, dict) and part in data)):
            raise LookupError(loc)
        data = data[part]
    return data


def build(
    model: type[BaseModel],
    data: Any,
    errors: Iterable[tuple[KeyPath, str]],
    *,
    lists: tuple[str, ...] = (),
) -> Partial | None:
    """``model`` built from ``data`` despite ``errors`` (each a place and pydantic's kind of
    error), or None when it cannot be. Entries of the top-level ``lists`` with an error are
    left out; elsewhere each bad value gets a stand-in (``lists`` empty only)."""
    if not isinstance(data, dict):
        return None
    data = copy.deepcopy(data)
    made_up: set[KeyPath] = set()
    dropped: dict[str, set[int]] = {}
    try:
        for loc, kind in errors:
            if not loc:
                return None
            if len(loc) >= 2 and loc[0] in lists and isinstance(loc[1], int):
                dropped.setdefault(str(loc[0]), set()).add(loc[1])
                continue
            holder = _holder(data, loc)
            made_up.add(loc)
            if kind == "extra_forbidden":
                holder.pop(loc[-1], None)
                continue
            if lists:
                # Many records in one file: only their entries may be left out.
                annotation, optional = _type_at(model, loc)
                if not (optional and len(loc) == 1):
                    return None
                made_up.discard(loc)
                holder.pop(loc[-1], None)
                continue
            annotation, optional = _type_at(model, loc)
            if optional and isinstance(loc[-1], str):
                holder.pop(loc[-1], None)
            elif isinstance(holder, dict) or isinstance(loc[-1], int):
                holder[loc[-1]] = _made(model, loc, annotation)  # a list's entry: in range
            else:
                return None
    except (LookupError, TypeError):  # a place the data does not have as pydantic said
        return None
    kept: dict[str, list[int]] = {}
    left_out: list[Any] = []
    for name, gone in dropped.items():
        entries = data.get(name)
        if not isinstance(entries, list):
            return None
        kept[name] = [i for i in range(len(entries)) if i not in gone]
        left_out.extend(entries[i] for i in sorted(gone) if i < len(entries))
        data[name] = [entries[i] for i in kept[name]]
    try:
        built = model.model_validate(data)
    except ValidationError:
        return None
    return Partial(built, frozenset(made_up), kept, left_out, in_full=bool(lists))
