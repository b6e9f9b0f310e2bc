"""The workplan queries (trauma_ws.querying.query) on the fixture programme, fixed as-of dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.conftest import FIXTURE_BASE

from trauma_ws.loading.programme import Programme, load
from trauma_ws.querying import query
from trauma_ws.record import models
from trauma_ws.record.problems import UsageError

D = dt.date.fromisoformat
AS_OF = D("2023-07-15")


@pytest.fixture(scope="module")
def base() -> Programme:
    return load(FIXTURE_BASE)


def write_action(root: Path, ident: str, body: str) -> None:
    """Add an action file (and list it at a meeting) in a copied programme."""
    (root / "data" / "actions" / f"{ident}.yaml").write_text(
        f"id: {ident}\ntitle: Extra action {ident}\ngroup: delivery\n{body}", encoding="utf-8"
    )


def ids(rows: list[query.Row]) -> list[str]:
    return [r.id for r in rows]


@pytest.mark.parametrize(
    ("ident", "written", "resolved"),
    [
        ("del-001", "2023-04-30", "2023-04-30"),  # a date
        ("del-002", "2023-05", "2023-05-31"),  # a month
        ("del-003", "2023-Q2", "2023-06-30"),  # a quarter
        ("del-004", "2023", "2023-12-31"),  # a year
        ("del-005", "2022/23", "2023-03-31"),  # a UK financial year
    ],
)
def test_every_due_form_resolves_to_the_end_of_its_period(
    base: Programme, ident: str, written: str, resolved: str
) -> None:
    action = base.actions[ident]
    assert action.due == written
    assert query.due_date(action) == D(resolved)


def test_overdue_lists_open_actions_most_overdue_first(base: Programme) -> None:
    rows = query.overdue(base, as_of=AS_OF)
    assert [(r.id, r.days_overdue) for r in rows] == [
        ("del-001", 76),
        ("del-002", 45),
        ("adv-001", 15),  # ties break by id
        ("del-003", 15),
    ]
    # del-004 (done) and del-005 (dropped, financial year 2022/23) are past due but closed.
    assert "del-004" not in ids(rows)
    assert "del-005" not in ids(rows)


def test_nothing_is_overdue_on_its_due_date(base: Programme) -> None:
    rows = query.overdue(base, as_of=D("2023-04-30"))
    assert ids(rows) == []
    assert ids(query.overdue(base, as_of=D("2023-05-01"))) == ["del-001"]


def test_year_and_financial_year_forms_make_actions_overdue(programme: Path) -> None:
    write_action(programme, "del-020", "owners: [sec-org]\ndue: 2022/23\nstatus: not-started\n")
    write_action(programme, "del-021", "owners: [sec-org]\ndue: 2022\nstatus: in-progress\n")
    loaded = load(programme)
    rows = query.overdue(loaded, as_of=D("2023-04-01"))
    found = {r.id: r.days_overdue for r in rows}
    assert found["del-020"] == 1  # 31 March 2023 was the last day of 2022/23
    assert found["del-021"] == 91  # 31 December 2022


def test_due_within_a_window(base: Programme) -> None:
    assert [(r.id, r.days_to_due) for r in query.due_within(base, as_of=AS_OF, days=30)] == [
        ("del-006", 16),
        ("del-008", 26),
    ]
    assert ids(query.due_within(base, as_of=AS_OF, days=16)) == ["del-006"]
    assert ids(query.due_within(base, as_of=AS_OF, days=15)) == []
    # Something due today is due within 0 days, and is not overdue.
    assert ids(query.due_within(base, as_of=D("2023-07-31"), days=0)) == ["del-006"]


def test_stale_uses_the_last_update_or_else_the_raising_meeting(base: Programme) -> None:
    rows = query.stale(base, as_of=AS_OF, days=60)
    assert ids(rows) == ["del-002", "del-003", "adv-001", "del-001"]
    activity = {r.id: r.last_activity for r in rows}
    assert activity["del-001"] == D("2023-05-10")  # its latest update
    assert activity["del-002"] == D("2023-03-01")  # no updates: the meeting it arose at
    assert ids(query.stale(base, as_of=AS_OF, days=66)) == ["del-002", "del-003", "adv-001"]


def test_stale_counts_an_action_with_no_activity_at_all(programme: Path) -> None:
    write_action(programme, "del-030", "owners: [sec-org]\nstatus: not-started\n")
    rows = query.stale(load(programme), as_of=AS_OF, days=60)
    assert "del-030" in ids(rows)
    assert next(r for r in rows if r.id == "del-030").last_activity is None


def _action(status: str, rag: str | None = None) -> models.Action:
    return models.Action(
        id="x-001",
        title="t",
        group="g",
        owners=["o"],
        status=status,  # type: ignore[arg-type]
        rag=rag,  # type: ignore[arg-type]
        completed=D("2023-01-01") if status == "done" else None,
    )


@pytest.mark.parametrize(
    ("status", "due", "expected"),
    [
        ("in-progress", "2023-07-14", "red"),  # overdue
        ("blocked", "2023-07-14", "red"),  # blocked past due
        ("blocked", "2023-12-31", "amber"),  # blocked, not yet due
        ("blocked", None, "amber"),
        ("not-started", "2023-07-29", "amber"),  # due within 14 days
        ("not-started", "2023-07-30", "green"),  # 15 days away
        ("in-progress", None, "green"),
        ("done", "2023-01-01", "green"),
        ("dropped", "2023-01-01", None),
    ],
)
def test_derived_rag(status: str, due: str | None, expected: str | None) -> None:
    action = _action(status)
    assert query.derive_rag(action, D(due) if due else None, AS_OF) == expected


def test_a_manual_rag_wins_and_is_marked(base: Programme) -> None:
    # del-006 is due 2023-07-31 with `rag: green` set by hand; five days before, the derived
    # rating would be amber.
    r = query.row(base, base.actions["del-006"], D("2023-07-26"))
    assert (r.rag, r.rag_manual) == ("green", True)
    assert query.derive_rag(r.action, r.due_date, D("2023-07-26")) == "amber"
    derived = query.row(base, base.actions["del-008"], D("2023-08-01"))
    assert (derived.rag, derived.rag_manual) == ("amber", False)


def test_owner_filter_follows_groups_and_people(base: Programme) -> None:
    rows = query.select(base, as_of=AS_OF, owner="alpha-council")
    assert {r.id: r.via for r in rows} == {
        "del-002": ("delivery",),
        "del-004": (),
        "del-007": ("advisory",),
        "del-008": (),
    }
    rows = query.select(base, as_of=AS_OF, owner="beta-health")
    assert {r.id: r.via for r in rows} == {
        "del-001": (),
        "del-002": ("delivery",),
        "del-006": ("pat-private",),  # its person owns it
        "del-008": (),
    }


def test_group_membership_counts_only_on_the_date(base: Programme) -> None:
    # gamma-trust joined the delivery group on 2023-05-01.
    before = query.select(base, as_of=D("2023-04-01"), owner="gamma-trust")
    after = query.select(base, as_of=AS_OF, owner="gamma-trust")
    # adv-001 is owned by robin-public, one of gamma-trust's people.
    assert ids(before) == ["adv-001", "del-003"]
    assert ids(after) == ["adv-001", "del-002", "del-003"]
    # alpha-council left the advisory group at the end of 2023.
    later = query.select(base, as_of=D("2024-01-15"), owner="alpha-council")
    assert "del-007" not in ids(later)


def test_filters_combine(base: Programme) -> None:
    rows = query.select(
        base,
        as_of=AS_OF,
        group="delivery",
        raised="delivery-2023-03-01",
        statuses=["in-progress", "blocked"],
    )
    assert ids(rows) == ["del-001", "del-003"]
    assert ids(query.select(base, as_of=AS_OF, workstream="ws-one")) == ["del-001"]
    open_rows = query.select(base, as_of=AS_OF, open_only=True, raised="delivery-2023-03-01")
    assert ids(open_rows) == ["del-001", "del-002", "del-003"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"owner": "alpa-council"},
            "`alpa-council` is not an owner; did you mean `alpha-council`?",
        ),
        ({"group": "delivry"}, "`delivry` is not a group; did you mean `delivery`?"),
        ({"workstream": "ws-three"}, "`ws-three` is not a workstream"),
        ({"raised": "delivery-2023-03-02"}, "did you mean `delivery-2023-03-01`?"),
        ({"statuses": ["finished"]}, "unknown status `finished`"),
    ],
)
def test_unknown_filter_ids_are_usage_errors(
    base: Programme, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(UsageError) as caught:
        query.select(base, as_of=AS_OF, **kwargs)  # type: ignore[arg-type]
    assert message in str(caught.value)


def test_chase_groups_by_owner_with_reasons(base: Programme) -> None:
    blocks = {b.owner: b for b in query.chase(base, as_of=AS_OF, within=30, stale_days=60)}
    assert set(blocks) == {
        "alpha-council",
        "beta-health",
        "delivery",
        "gamma-trust",
        "pat-private",
        "robin-public",
    }
    beta = {r.id: why for r, why in blocks["beta-health"].items}
    assert beta == {
        "del-001": ["overdue by 76 days", "no update since 2023-05-10"],
        "del-008": ["due in 26 days"],
    }
    assert blocks["delivery"].members == [
        "Alpha Council",
        "Beta Health Board",
        "Gamma Trust",
        "Secretariat Office",
        "Pat Privateperson",
    ]


def test_members_on_a_date(base: Programme) -> None:
    march = [m.id for m in query.members_on(base, "delivery", D("2023-03-01"))]
    assert march == ["alpha-council", "beta-health", "sec-org", "pat-private"]
    june = [m.id for m in query.members_on(base, "delivery", D("2023-06-01"))]
    assert "gamma-trust" in june
    assert query.groups_of(base, "alpha-council", D("2024-01-01")) == ["delivery"]
