"""The registers for one audience: in public, only public risks and measures, and no person
named who has not agreed to be."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from tests.conftest import AS_OF, TESTS, copy_base

from trauma_ws.loading.programme import Programme, load
from trauma_ws.publishing import register_views as rv
from trauma_ws.querying import registers as q
from trauma_ws.record.problems import UsageError

REGISTERS = TESTS / "fixtures" / "registers"
TODAY = dt.date.fromisoformat(AS_OF)


@pytest.fixture(scope="module")
def programme(tmp_path_factory: pytest.TempPathFactory) -> Programme:
    root = copy_base(tmp_path_factory.mktemp("views") / "prog")
    shutil.copytree(REGISTERS, root, dirs_exist_ok=True)
    return load(root, use_cache=False)


def test_a_private_person_is_named_internally_and_not_in_public(programme: Programme) -> None:
    row = q.risk_row(programme.risks["adv-data"], TODAY, via=("pat-private",))
    internal = rv.risk_record(programme, row, audience="internal")
    assert (internal["owner"], internal["owner_name"]) == (
        "pat-private",
        "Pat Privateperson (Beta Health Board)",
    )
    public = rv.risk_record(programme, row, audience="public")
    assert (public["owner"], public["owner_name"]) == ("beta-health", "Beta Health Board")
    assert public["via"] == ["beta-health"]
    assert list(public) == rv.RISK_COLUMNS


def test_update_authors_follow_the_same_rule(programme: Programme) -> None:
    risk = programme.risks["del-capacity"]
    public = rv.risk_detail(programme, risk, audience="public", as_of=TODAY)
    assert [(u["by"], u["by_name"]) for u in public["updates"]] == [
        ("alpha-council", "Alpha Council"),
        ("beta-health", "Beta Health Board"),
    ]
    assert "Pat" not in repr(public)
    internal = rv.risk_detail(programme, risk, audience="internal", as_of=TODAY)
    assert internal["updates"][1]["by"] == "pat-private"
    assert internal["mitigating_actions"][0] == {
        "id": "del-001",
        "title": "Map current referral pathways",
        "status": "in-progress",
    }


def test_an_internal_record_is_refused_for_the_public(programme: Programme) -> None:
    assert rv.visible_risk(programme, "adv-data", audience="internal").id == "adv-data"
    with pytest.raises(UsageError, match="not public"):
        rv.visible_risk(programme, "adv-data", audience="public")
    with pytest.raises(UsageError, match="not public"):
        rv.visible_measure(programme, "waiting", audience="public")
    with pytest.raises(UsageError, match="did you mean `trained`"):
        rv.visible_measure(programme, "trainde", audience="internal")
