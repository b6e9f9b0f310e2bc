"""The names people use for ids (querying/names.py): ids in any case, names, short names,
abbreviations, titles, a group and a date; ambiguity; the nearest across every kind."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from tests.conftest import copy_base

from trauma_ws.loading.programme import Programme, load
from trauma_ws.querying import names, query
from trauma_ws.record.problems import UsageError

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def base(tmp_path: Path) -> Programme:
    return load(copy_base(tmp_path / "prog"))


@pytest.fixture
def shipped(tmp_path: Path) -> Programme:
    """The repository's own programme, copied (loading writes a parse cache at the root)."""
    root = tmp_path / "shipped"
    shutil.copytree(REPO / "data", root / "data")
    return load(root)


@pytest.mark.parametrize(
    ("typed", "kinds", "ident"),
    [
        ("beta-health", names.PARTIES, "beta-health"),
        ("BETA-HEALTH", names.PARTIES, "beta-health"),
        ("Beta Health", names.PARTIES, "beta-health"),  # spaces for hyphens: the id
        ("Beta Health Board", names.PARTIES, "beta-health"),  # the name
        ("  beta health BOARD ", names.PARTIES, "beta-health"),  # any case and spacing
        ("BHB", names.PARTIES, "beta-health"),  # the abbreviation
        ("bhb", names.PARTIES, "beta-health"),
        ("Pat Privateperson", names.PARTIES, "pat-private"),  # a person by name
        ("Delivery Group", (names.GROUP,), "delivery"),
        ("programme board", (names.BODY,), "board"),
        ("DEL-003", (names.ACTION,), "del-003"),
        ("delivery 2023-03-01", (names.MEETING,), "delivery-2023-03-01"),  # group and date
        ("Delivery Group 2023-06-01", (names.MEETING,), "delivery-2023-06-01"),
        ("Delivery-2023-03-01", (names.MEETING,), "delivery-2023-03-01"),
    ],
)
def test_what_people_type_resolves_to_the_id(
    base: Programme, typed: str, kinds: tuple[str, ...], ident: str
) -> None:
    assert names.resolve(base, typed, kinds) == ident


def test_shipped_names_and_abbreviations(shipped: Programme) -> None:
    for typed in ("sssc", "SSSC", "Scottish Social Services Council"):
        assert names.resolve(shipped, typed, names.PARTIES, role="owner") == "sssc"
    assert names.resolve(shipped, "Partnership Delivery Group", (names.GROUP,)) == "pdg"
    assert names.resolve(shipped, "PDG", (names.GROUP,)) == "pdg"
    assert names.resolve(shipped, "pdg 2022-08-25", (names.MEETING,)) == "pdg-2022-08-25"
    # One body, one id: SWEP by id, name and abbreviation is the group.
    for typed in ("swep", "SWEP", "Social Work Education Partnership"):
        assert names.resolve(shipped, typed, names.PARTIES) == "swep"
        assert names.resolve(shipped, typed, (names.BODY,)) == "swep"


def test_a_name_two_records_share_is_ambiguous(base: Programme) -> None:
    base.organisations["gamma-trust"] = base.organisations["gamma-trust"].model_copy(
        update={"abbreviation": "BHB"}
    )
    with pytest.raises(UsageError) as caught:
        names.resolve(base, "bhb", names.PARTIES, role="owner")
    message = str(caught.value)
    assert message.startswith("`bhb` could be more than one owner: ")
    assert "`beta-health` (the organisation Beta Health Board)" in message
    assert "`gamma-trust` (the organisation Gamma Trust)" in message
    assert message.endswith("give the id of the one meant")
    # An id is never ambiguous: it is matched before any name.
    assert names.resolve(base, "beta-health", names.PARTIES) == "beta-health"


def test_the_nearest_is_named_with_what_it_is(base: Programme) -> None:
    with pytest.raises(UsageError) as caught:
        names.resolve(base, "Beta Helth Board", names.PARTIES, role="owner")
    assert str(caught.value) == (
        "`Beta Helth Board` is not an owner; did you mean `beta-health`? "
        "(the organisation Beta Health Board)"
    )


def test_a_whole_word_abbreviation_is_suggested(shipped: Programme) -> None:
    with pytest.raises(UsageError) as caught:
        names.resolve(shipped, "SSSC Council", names.PARTIES, role="owner")
    assert str(caught.value) == (
        "`SSSC Council` is not an owner; did you mean `sssc`? "
        "(the organisation Scottish Social Services Council)"
    )


def test_a_record_of_another_kind_is_named_as_such(base: Programme) -> None:
    with pytest.raises(UsageError) as caught:
        names.resolve(base, "delivery", (names.ACTION,))
    message = str(caught.value)
    assert message.startswith("`delivery` is a group (Delivery Group), not an action;")
    assert "`tws actions list` lists the actions" in message
    with pytest.raises(UsageError) as caught:
        names.resolve(base, "Beta Health Board", (names.GROUP,))
    assert str(caught.value).startswith(
        "`Beta Health Board` is an organisation, `beta-health` (Beta Health Board), not a group"
    )


def test_the_nearest_of_another_kind_says_so(base: Programme) -> None:
    with pytest.raises(UsageError) as caught:
        names.resolve(base, "deliverry", (names.ACTION,))
    message = str(caught.value)
    assert message.startswith(
        "`deliverry` is not an action; the nearest name is `delivery` (the group Delivery "
        "Group), not an action"
    )


def test_nothing_close_names_where_to_look_and_dumps_no_ids(base: Programme) -> None:
    with pytest.raises(UsageError) as caught:
        names.resolve(base, "zzzz", names.PARTIES, role="owner")
    message = str(caught.value)
    assert message.startswith(
        "`zzzz` is not an owner: no organisation, person or group has that id or name"
    )
    assert "alpha-council" not in message
    assert "known:" not in message


def test_a_query_gives_the_same_rows_for_an_id_and_its_names(base: Programme) -> None:
    as_of = dt.date(2023, 7, 15)
    by_id = query.select(base, as_of=as_of, owner="beta-health", group="delivery")
    for owner, group in (("BHB", "Delivery Group"), ("Beta Health Board", "DELIVERY")):
        rows = query.select(base, as_of=as_of, owner=owner, group=group)
        assert [r.id for r in rows] == [r.id for r in by_id]
        assert [r.via for r in rows] == [r.via for r in by_id]
