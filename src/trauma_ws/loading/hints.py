"""What a model's errors most likely mean, where the plain account would mislead: a note
written ``- Label: text`` (YAML reads a label and a value), a list entry indented one space
too far (YAML reads it as more of the entry above), and which date forms a field takes (for
the did-you-mean of a date written another way). Used by :mod:`.translate`, only for files
that have errors.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any, get_args

from pydantic import BaseModel
from pydantic.functional_validators import BeforeValidator

from trauma_ws.loading.yaml_text import _LINE_BREAK
from trauma_ws.loading.yamlio import KeyPath, Parsed
from trauma_ws.record import fields, suggest
from trauma_ws.record.places import noun
from trauma_ws.record.problems import Problem, error, shown

_LONGEST = 48


def field_info(model: type[BaseModel], loc: KeyPath) -> Any:
    """The pydantic ``FieldInfo`` of the field at ``loc`` (list positions skipped), or None."""
    current: Any = model
    info: Any = None
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part) or next(
            (f for f in current.model_fields.values() if f.alias == part), None
        )
        if info is None:
            return None
        current = inner_model(info.annotation)
    return info


def inner_model(annotation: Any) -> Any:
    """The model inside ``list[M]``, ``M | None`` and the like, or None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = inner_model(arg)
        if found is not None:
            return found
    return None


def _validators(info: Any) -> set[Any]:
    """The functions of the before-validators on a field, however deep in its annotation."""
    found: set[Any] = set()

    def visit(item: Any) -> None:
        if isinstance(item, BeforeValidator):
            found.add(item.func)
        for meta in getattr(item, "__metadata__", ()):
            visit(meta)
        for arg in get_args(item):
            visit(arg)

    for meta in getattr(info, "metadata", ()):
        visit(meta)
    visit(getattr(info, "annotation", None))
    return found


def date_kinds(model: type[BaseModel], loc: KeyPath) -> frozenset[str]:
    """The date forms the field at ``loc`` takes (for :func:`.suggest.date_hint`)."""
    found = _validators(field_info(model, loc))
    if fields._date_or_month in found:
        return suggest.DATE_OR_MONTH
    if fields._period in found:
        return suggest.DUE_KINDS
    return suggest.DATE_KINDS


# --- `- Label: text`, read as a label and a value -----------------------------------------------


def value_at(data: Any, loc: KeyPath) -> Any:
    """The value at ``loc`` in ``data``, or None when there is none."""
    for part in loc:
        if isinstance(part, int) and isinstance(data, list) and 0 <= part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def _scalar_text(value: Any) -> str | None:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str | int | float | dt.date):
        return str(value)
    return None


def labelled(value: Any) -> str | None:
    """``Label: text`` when ``value`` is what YAML makes of that unquoted: a mapping of one
    key to a plain value; else None."""
    if not isinstance(value, dict) or len(value) != 1:
        return None
    [(key, inner)] = value.items()
    text = _scalar_text(inner)
    if not isinstance(key, str) or text is None:
        return None
    return f"{key}: {text}".rstrip()


def colon_entries(
    errors: Iterable[tuple[KeyPath, str]], data: Any, model: type[BaseModel]
) -> set[KeyPath]:
    """The list entries that want text (a note, a decision) but hold a one-key mapping whose
    key is no field of theirs: ``- Update from NES: the framework …`` written unquoted."""
    found: set[KeyPath] = set()
    for loc, kind in errors:
        if kind not in ("missing", "extra_forbidden") or len(loc) < 2:
            continue
        entry = loc[:-1]
        if not isinstance(entry[-1], int):
            continue
        listed = field_info(model, entry[:-1])
        holder = inner_model(listed.annotation) if listed is not None else None
        value = value_at(data, entry)
        if holder is None or "text" not in holder.model_fields or labelled(value) is None:
            continue
        [key] = value
        if key not in holder.model_fields:
            found.add(entry)
    return found


def quoted(text: str) -> str:
    """``text`` as a YAML quoted scalar (double quotes unless it holds one), long text cut."""
    text = shown(text)
    if len(text) > _LONGEST:
        cut = text[:_LONGEST]
        text = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + " …"
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def colon_message(loc: KeyPath, value: Any) -> str:
    """The account of a ``Label: text`` entry at ``loc`` (a note, a decision, an id)."""
    name = noun(str(loc[-2]), None) if len(loc) > 1 else "entry"
    if name.startswith("entry of"):
        name = "entry"
    return (
        f"this {name} has a colon followed by a space, so YAML reads it as a label and a "
        f"value: put the whole {name} in quotes: - {quoted(labelled(value) or '')}"
    )


# --- a list entry indented one space too far ----------------------------------------------------

_ITEM = re.compile(r"( *)- ")


def folded_item(parsed: Parsed, loc: KeyPath, value: Any) -> Problem | None:
    """The problem when the text at ``loc`` took in a list entry written on the line below it
    one space (or more) deeper than its own ``-``, which YAML reads as more of the same text
    (``owners: [alpha - beta]``); None when it did not."""
    if not isinstance(value, str) or " - " not in value or not loc or not isinstance(loc[-1], int):
        return None
    text = parsed.text()
    if text is None:
        return None
    lines = _LINE_BREAK.split(text)
    line, col = parsed.mark(loc)
    if not 1 <= line <= len(lines):
        return None
    own = _ITEM.match(lines[line - 1])
    if own is None or len(own.group()) != col - 1:
        return None  # not written `- value` on its own line: another layout, leave it
    dash = len(own.group(1))
    for number in range(line + 1, min(len(lines), line + value.count(" - ") + 1) + 1):
        found = _ITEM.match(lines[number - 1])
        if found is None:
            continue
        deeper = len(found.group(1))
        if deeper <= dash or lines[number - 1][found.end() :].strip() not in value:
            return None
        spaces = f"{dash} space{'s' * (dash != 1)}"
        return error(
            parsed.path,
            number,
            deeper + 1,
            f"this line is indented {deeper} spaces, but the list it belongs to starts at "
            f"column {dash + 1} (the `-` on line {line}), so YAML reads it as more of the entry "
            f"above (`{shown(value)}`): indent it {spaces} to line it up with that `-`",
            "yaml-indent",
        )
    return None
