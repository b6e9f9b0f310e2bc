"""Places in a record named in words for messages: ``("items", 5, "title")`` becomes
"`title` of item 6 (“Any other business”)".

Entries of a list count from 1, as a reader counts them, and an entry that is a mapping is
named by its title, id or date when it has one. A field is named in backticks, a field inside
a field with a dot (`programme.timezone`), and the list entries holding it follow, innermost
first: "`role` of member 4 (`gamma-trust`) in group 1 (`delivery`)". docs/format.md ("How
problems name a place") describes the same. No I/O here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from trauma_ws.record.problems import shown

Loc = tuple[str | int, ...]

NOUNS: dict[str, str] = {
    "actions": "action",
    "apologies": "apology",
    "attendees": "attendee",
    "corrections": "correction",
    "declarations": "declaration",
    "decisions": "decision",
    "formerly": "former id",
    "groups": "group",
    "in_attendance": "person in attendance",
    "items": "item",
    "members": "member",
    "notes": "note",
    "organisations": "organisation",
    "owners": "owner",
    "papers": "paper",
    "recommendations": "recommendation",
    "achievements": "achievement",
    "priorities": "priority",
    "consultations": "consultation",
    "background_papers": "background paper",
    "people": "person",
    "reports_to": "reporting line",
    "updates": "update",
    "values": "figure",
    "workstreams": "workstream",
}
"""What one entry of each list is called; a list not named here gives "entry N of `name`"."""

_NESTED_NOUNS: dict[tuple[str, str], str] = {("in_attendance", "items"): "listed item"}
"""Nouns that depend on the list holding the list (an item named by someone in attendance)."""

_LABELS = ("title", "id", "date")
"""The fields that name a mapping entry, the first one present winning."""

_LONGEST = 40


def noun(field: str, parent: str | None = None) -> str:
    """What one entry of the list ``field`` is called (``notes`` -> ``note``)."""
    if parent is not None and (parent, field) in _NESTED_NOUNS:
        return _NESTED_NOUNS[(parent, field)]
    return NOUNS.get(field, f"entry of `{field}`")


def _label(entry: Any, skip: str | int | None) -> str:
    """`` (“Title”)``, `` (`id`)`` or `` (2023-03-20)`` for a mapping entry; else nothing.

    The field ``skip`` (the one a message is about) does not name its own entry."""
    if not isinstance(entry, dict):
        return ""
    for field in _LABELS:
        value = entry.get(field)
        if field == skip:
            continue
        if isinstance(value, dt.date):
            return f" ({value.isoformat()})"
        if not isinstance(value, str) or not value.strip() or field == "date":
            continue
        text = shown(" ".join(value.split()))
        if len(text) > _LONGEST:
            cut = text[: _LONGEST - 1]
            text = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "…"
        return f" (“{text}”)" if field == "title" else f" (`{text}`)"
    return ""


def _entry(field: str, parent: str | None, index: int, entry: Any, skip: str | int | None) -> str:
    name = noun(field, parent)
    if name.startswith("entry of "):
        return f"entry {index + 1} of `{field}`"
    return f"{name} {index + 1}{_label(entry, skip)}"


def place(loc: Loc, data: Any = None) -> str:
    """``loc`` in words; ``data`` (the file's values, when known) names the entries.

    >>> place(("groups", 0, "members", 3, "role"))
    '`role` of member 4 in group 1'
    >>> place(("items", 5), {"items": [{}] * 5 + [{"title": "Any other business"}]})
    'item 6 (“Any other business”)'
    """
    pieces: list[str] = []  # outermost first
    fields: list[str] = []  # field names since the last list entry
    value = data
    field: str | None = None
    parent: str | None = None
    for at, part in enumerate(loc):
        if isinstance(part, int):
            value = _child(value, part)
            name = field if field is not None else "list"
            if len(fields) > 1:
                pieces.append(f"`{'.'.join(fields[:-1])}`")
            following = loc[at + 1] if at + 1 < len(loc) else None
            pieces.append(_entry(name, parent, part, value, following))
            parent, field, fields = name, None, []
        else:
            value = _child(value, part)
            field = part
            fields.append(part)
    if fields:
        pieces.append(f"`{'.'.join(fields)}`")
    if not pieces:
        return "the file"
    inner = pieces[::-1]
    out = inner[0]
    for i, piece in enumerate(inner[1:]):
        out += (" of " if i == 0 else " in ") + piece
    return out


def _child(value: Any, part: str | int) -> Any:
    if isinstance(part, int):
        return value[part] if isinstance(value, list) and 0 <= part < len(value) else None
    return value.get(part) if isinstance(value, dict) else None
