"""Files with errors built as far as they go: stand-ins in a record of its own, entries left out
of groups.yaml and workplan.yaml, and nothing said about what was made up."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from tests.conftest import FIXTURE_BASE, copy_base

from trauma_ws.loading import partial, programme, yamlio
from trauma_ws.record import models


def errors(model: type[models.Record], data: dict[str, Any]) -> list[tuple[Any, str]]:
    try:
        model.model_validate(data)
    except ValidationError as exc:
        return [(tuple(e["loc"]), e["type"]) for e in exc.errors(include_url=False)]
    raise AssertionError("no errors")


ACTION: dict[str, Any] = {
    "id": "del-003",
    "title": "Recruit practice leads",
    "group": "delivery",
    "owners": ["gamma-trust", "Beta Health"],
    "status": "stuck",
    "due": "2022-23",
    "updates": [{"date": "last week", "by": "gamma-trust", "text": "Interviews."}],
}


def test_a_record_gets_stand_ins_for_its_bad_values() -> None:
    made = partial.build(models.Action, ACTION, errors(models.Action, ACTION))
    assert made is not None
    assert not made.in_full
    action = made.model
    assert isinstance(action, models.Action)
    assert action.owners[0] == "gamma-trust"  # the good values are as written
    assert action.due is None  # an optional field with a bad value is left out
    assert action.updates[0].by == "gamma-trust"
    assert made.made_up == {("owners", 1), ("status",), ("due",), ("updates", 0, "date")}
    assert made.covers(("updates", 0, "date"))
    assert not made.covers(("updates", 0, "by"))
    assert made.original(("owners", 1)) == ("owners", 1)  # nothing moved
    assert ACTION["status"] == "stuck"  # the data is not changed


def test_a_missing_required_field_and_an_unknown_one() -> None:
    data = {k: v for k, v in ACTION.items() if k not in ("title", "due", "updates")}
    data.update(status="done", owners=["gamma-trust"], titel="Recruit")
    made = partial.build(models.Action, data, errors(models.Action, data))
    assert made is not None
    assert made.made_up == {("title",), ("titel",)}


def test_a_note_written_with_a_label_gets_a_stand_in() -> None:
    meeting = {
        "id": "delivery-2023-06-01",
        "group": "delivery",
        "date": dt.date(2023, 6, 1),
        "chair": "alpha-council",
        "status": "draft",
        "items": [{"title": "Updates", "notes": [{"Update from NES": "the framework"}]}],
    }
    made = partial.build(models.Meeting, meeting, errors(models.Meeting, meeting))
    assert made is not None
    assert made.covers(("items", 0, "notes", 0, "text"))


def test_groups_leave_out_the_entries_with_errors_and_count_places_as_written() -> None:
    data = {
        "organisations": [
            {"id": "a", "name": ["A"]},
            {"id": "b", "name": "B"},
            {"id": "c", "name": "C"},
        ],
        "groups": [{"id": "g", "name": "G", "purpose": "P", "members": [{"id": "b"}]}],
    }
    made = partial.build(
        models.GroupsFile,
        data,
        errors(models.GroupsFile, data),
        lists=("organisations", "people", "groups"),
    )
    assert made is not None
    assert made.in_full
    model = made.model
    assert isinstance(model, models.GroupsFile)
    assert [o.id for o in model.organisations] == ["b", "c"]
    assert model.groups == []
    assert [e["id"] for e in made.left_out] == ["a", "g"]
    assert made.original(("organisations", 1, "id")) == ("organisations", 2, "id")
    assert made.original(("people", 0)) == ("people", 0)


def test_what_cannot_be_built_is_not() -> None:
    bad_programme = {"programme": {"name": "P", "owner": "Bad Owner"}, "workstreams": []}
    found = errors(models.Workplan, bad_programme)
    assert partial.build(models.Workplan, bad_programme, found, lists=("workstreams",)) is None
    assert partial.build(models.Action, ["not", "a", "mapping"], []) is None  # type: ignore[arg-type]
    assert partial.build(models.Action, ACTION, [((), "model_type")]) is None


def test_a_clean_programme_builds_nothing_in_part() -> None:
    loaded = programme.load(FIXTURE_BASE, use_cache=False)
    assert loaded.partial_files == {}


def test_a_file_with_errors_is_built_in_part_and_kept_out_of_the_records(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "prog")
    rel = "data/actions/del-003.yaml"
    text = (root / rel).read_text(encoding="utf-8").replace("status: blocked", "status: stuck")
    (root / rel).write_text(text, encoding="utf-8")
    loaded = programme.load(root, use_cache=False)
    assert "del-003" not in loaded.actions
    assert "del-003" in loaded.broken_ids  # references to it are not reported
    assert rel in loaded.partial_files
    assert isinstance(loaded.partial_files[rel].model, models.Action)
    assert isinstance(loaded.files[rel], yamlio.Parsed)
