"""Places in a record named in words: entries counted from 1, named by title, id or date."""

from __future__ import annotations

import datetime as dt

import pytest

from trauma_ws.record.places import noun, place

MEETING = {
    "items": [
        {"title": "Welcome"},
        {"title": "Any other business", "decisions": [{"text": "Agreed", "vote": {"for": "x"}}]},
        {"notes": ["a"]},
    ],
    "apologies": [{"id": "beta-health"}],
    "in_attendance": [{"id": "pat-private", "items": ["5", "6"]}],
}
GROUPS = {"groups": [{"id": "delivery", "members": [{}, {}, {}, {"id": "gamma-trust"}]}]}
ACTION = {"updates": [{"date": dt.date(2023, 3, 20), "by": "beta-health"}, {"date": "last week"}]}


@pytest.mark.parametrize(
    ("loc", "data", "words"),
    [
        ((), None, "the file"),
        (("status",), ACTION, "`status`"),
        (("programme", "timezone"), None, "`programme.timezone`"),
        (("owners", 0), None, "owner 1"),
        (("items", 1), MEETING, "item 2 (“Any other business”)"),
        (("items", 0, "number"), MEETING, "`number` of item 1 (“Welcome”)"),
        (("items", 2, "notes", 0), MEETING, "note 1 of item 3"),
        (
            ("items", 1, "decisions", 0, "vote", "for"),
            MEETING,
            "`vote.for` of decision 1 in item 2 (“Any other business”)",
        ),
        (
            ("groups", 0, "members", 3, "role"),
            GROUPS,
            "`role` of member 4 (`gamma-trust`) in group 1 (`delivery`)",
        ),
        (("updates", 0, "by"), ACTION, "`by` of update 1 (2023-03-20)"),
        # The field a message is about does not name its own entry.
        (("updates", 1, "date"), ACTION, "`date` of update 2"),
        (("groups", 0, "id"), GROUPS, "`id` of group 1"),
        (("apologies", 0, "deputy"), MEETING, "`deputy` of apology 1 (`beta-health`)"),
        (
            ("in_attendance", 0, "items", 1),
            MEETING,
            "listed item 2 of person in attendance 1 (`pat-private`)",
        ),
        (("things", 2, "name"), None, "`name` of entry 3 of `things`"),
        # Places the data does not have are still named.
        (("items", 9, "title"), MEETING, "`title` of item 10"),
    ],
)
def test_a_place_is_named_in_words(loc: tuple[str | int, ...], data: object, words: str) -> None:
    assert place(loc, data) == words


def test_a_long_title_is_cut_and_a_line_break_shown_as_an_escape() -> None:
    data = {"items": [{"title": "A very long title " * 5}, {"title": "Two\nlines"}]}
    assert place(("items", 0), data) == "item 1 (“A very long title A very long title A…”)"
    assert place(("items", 1), data) == "item 2 (“Two lines”)"
    assert place(("items", 1), {"items": [{}, {"id": "a\u0007b"}]}) == "item 2 (`a\\x07b`)"


def test_each_list_of_the_models_has_a_noun() -> None:
    from pydantic import BaseModel

    from trauma_ws.record import models

    lists: set[str] = set()
    for model in models.KINDS.values():
        seen: list[type[BaseModel]] = [model]
        while seen:
            current = seen.pop()
            for name, info in current.model_fields.items():
                text = str(info.annotation)
                if "list[" in text:
                    lists.add(name)
                for arg in getattr(info.annotation, "__args__", ()) or ():
                    for inner in (arg, *getattr(arg, "__args__", ())):
                        if isinstance(inner, type) and issubclass(inner, BaseModel):
                            seen.append(inner)
                if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel):
                    seen.append(info.annotation)
    unnamed = sorted(name for name in lists if noun(name).startswith("entry of"))
    assert not unnamed, f"lists without a noun in record/places.py: {unnamed}"
    assert "items" in lists
