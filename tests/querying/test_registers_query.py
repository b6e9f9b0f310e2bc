"""Questions over the registers: risk filters and ranking; a measure's latest figure against
its target."""

from __future__ import annotations

import datetime as dt
import shutil
from typing import Any

import pytest
from tests.conftest import AS_OF, TESTS, copy_base

from trauma_ws.loading.programme import Programme, load
from trauma_ws.querying import registers as q
from trauma_ws.record.problems import UsageError
from trauma_ws.record.registers import Measure

REGISTERS = TESTS / "fixtures" / "registers"
TODAY = dt.date.fromisoformat(AS_OF)
D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def programme(tmp_path_factory: pytest.TempPathFactory) -> Programme:
    root = copy_base(tmp_path_factory.mktemp("registers") / "prog")
    shutil.copytree(REGISTERS, root, dirs_exist_ok=True)
    return load(root, use_cache=False)


def ids(rows: list[q.RiskRow]) -> list[str]:
    return [r.id for r in rows]


def test_risks_come_highest_score_first(programme: Programme) -> None:
    rows = q.select_risks(programme, as_of=TODAY)
    assert ids(rows) == ["adv-data", "del-capacity", "old-venue"]
    assert [(r.score, q.level(r.score)) for r in rows] == [
        (20, "very high"),
        (12, "high"),
        (4, "low"),
    ]


@pytest.mark.parametrize(
    ("score", "level"),
    [(1, "low"), (4, "low"), (5, "medium"), (9, "medium"), (10, "high"), (16, "high")],
)
def test_levels(score: int, level: str) -> None:
    assert q.level(score) == level
    assert q.level(20) == q.level(25) == "very high"


def test_filters_combine(programme: Programme) -> None:
    assert ids(q.select_risks(programme, as_of=TODAY, statuses=["open", "monitoring"])) == [
        "adv-data",
        "del-capacity",
    ]
    assert ids(q.select_risks(programme, as_of=TODAY, kinds=["issue"])) == ["adv-data"]
    assert ids(q.select_risks(programme, as_of=TODAY, workstream="ws-two")) == ["old-venue"]
    assert ids(q.select_risks(programme, as_of=TODAY, public_only=True)) == [
        "del-capacity",
        "old-venue",
    ]
    both = q.select_risks(programme, as_of=TODAY, kinds=["risk"], statuses=["closed"])
    assert ids(both) == ["old-venue"]


def test_an_owner_answers_through_its_people_and_groups(programme: Programme) -> None:
    rows = q.select_risks(programme, as_of=TODAY, owner="beta-health")
    assert {r.id: r.via for r in rows} == {
        "adv-data": ("pat-private",),
        "del-capacity": ("delivery",),
    }
    direct = q.select_risks(programme, as_of=TODAY, owner="alpha-council")
    assert {r.id: r.via for r in direct}["old-venue"] == ()


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        ({"owner": "beta-helth"}, "did you mean `beta-health`?"),
        ({"workstream": "ws-on"}, "did you mean `ws-one`?"),
        ({"statuses": ["opne"]}, "did you mean `open`?"),
        ({"kinds": ["isue"]}, "did you mean `issue`?"),
    ],
)
def test_unknown_filter_values_are_usage_errors(
    programme: Programme, arguments: dict[str, Any], words: str
) -> None:
    with pytest.raises(UsageError, match=words):
        q.select_risks(programme, as_of=TODAY, **arguments)


def test_a_risk_row_has_the_days_to_its_review(programme: Programme) -> None:
    row = q.risk_row(programme.risks["adv-data"], TODAY)
    assert row.days_to_review == 47
    assert not row.review_overdue
    later = q.risk_row(programme.risks["adv-data"], D("2023-09-01"))
    assert later.review_overdue
    closed = q.risk_row(programme.risks["old-venue"], TODAY)
    assert closed.days_to_review is not None
    assert closed.days_to_review < 0
    assert not closed.review_overdue
    assert list(row.to_dict())[:4] == ["id", "title", "kind", "owner"]


# --- measures -----------------------------------------------------------------------------------


def measure(**fields: Any) -> Measure:
    base: dict[str, Any] = {"id": "m", "title": "Trained", "unit": "people", "direction": "up"}
    return Measure.model_validate({**base, **fields})


def figures(*pairs: tuple[str, float]) -> list[dict[str, Any]]:
    return [{"date": d, "value": v, "source": "a return"} for d, v in pairs]


TARGET = {"value": 100, "date": "2023-12-31"}


def test_status_met_on_track_behind_going_up() -> None:
    base = {"baseline": {"value": 0, "date": "2023-01-01"}, "target": TARGET}
    # Halfway through the year the line to the target is at about 50.
    mid = D("2023-07-02")
    on = q.measure_row(measure(**base, values=figures(("2023-07-02", 55))), mid)
    assert on.status == q.ON_TRACK
    assert on.expected == pytest.approx(50.0)
    behind = q.measure_row(measure(**base, values=figures(("2023-07-02", 40))), mid)
    assert behind.status == q.BEHIND
    met = q.measure_row(measure(**base, values=figures(("2023-07-02", 100))), mid)
    assert met.status == q.MET


def test_status_going_down() -> None:
    target = {"value": 20, "date": "2023-12-31"}
    down = {"direction": "down", "target": target}
    values = figures(("2023-01-01", 60), ("2023-07-02", 35))
    assert q.measure_row(measure(**down, values=values), D("2023-07-15")).status == q.ON_TRACK
    values = figures(("2023-01-01", 60), ("2023-07-02", 45))
    assert q.measure_row(measure(**down, values=values), D("2023-07-15")).status == q.BEHIND
    values = figures(("2023-01-01", 60), ("2023-07-02", 18))
    assert q.measure_row(measure(**down, values=values), D("2023-07-15")).status == q.MET


def test_a_target_date_passed_unmet_is_behind() -> None:
    row = q.measure_row(measure(target=TARGET, values=figures(("2023-06-30", 99))), D("2024-01-01"))
    assert row.status == q.BEHIND


def test_no_status_without_a_target_a_figure_or_a_line() -> None:
    assert q.measure_row(measure(values=figures(("2023-06-30", 5))), TODAY).status is None
    assert q.measure_row(measure(target=TARGET), TODAY).status is None
    # One figure and no baseline: no line to judge it against (unless it meets the target).
    lone = q.measure_row(measure(target=TARGET, values=figures(("2023-06-30", 5))), TODAY)
    assert lone.status is None


def test_the_latest_figure_is_the_latest_by_the_as_of_date() -> None:
    m = measure(values=figures(("2023-03-31", 10), ("2023-06-30", 20), ("2023-09-30", 30)))
    assert q.measure_row(m, TODAY).latest is not None
    assert q.measure_row(m, TODAY).to_dict()["latest"] == 20
    assert q.measure_row(m, D("2023-01-01")).latest is None
    assert [v.value for v in q.values_by(m, TODAY)] == [10, 20]


def test_select_measures(programme: Programme) -> None:
    rows = q.select_measures(programme, as_of=TODAY)
    assert [(r.id, r.status) for r in rows] == [
        ("sites", None),
        ("trained", q.ON_TRACK),
        ("waiting", q.BEHIND),
    ]
    assert [r.id for r in q.select_measures(programme, as_of=TODAY, public_only=True)] == [
        "sites",
        "trained",
    ]
    assert [r.id for r in q.select_measures(programme, as_of=TODAY, workstream="ws-two")] == [
        "waiting"
    ]
    assert list(rows[1].to_dict()) == q.MEASURE_COLUMNS
    with pytest.raises(UsageError, match="did you mean `ws-one`"):
        q.select_measures(programme, as_of=TODAY, workstream="ws-on")
