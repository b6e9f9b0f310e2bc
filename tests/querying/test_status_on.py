"""An action's status as it stood on a date (query.status_on, query.last_update_on): pure
functions of the action record, used by the minutes' action log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from trauma_ws.querying import query
from trauma_ws.record import models

D = dt.date.fromisoformat


def action(**fields: Any) -> models.Action:
    base: dict[str, Any] = {
        "id": "x-001",
        "title": "An action",
        "group": "g",
        "owners": ["org"],
        "status": "not-started",
    }
    return models.Action.model_validate({**base, **fields})


def update(day: str, status: str | None = None, text: str = "Progress.") -> dict[str, Any]:
    return {"date": day, "by": "org", "text": text, **({"status": status} if status else {})}


DONE_LATER = action(
    status="done",
    completed="2023-06-01",
    updates=[
        update("2023-03-01", "in-progress"),
        update("2023-04-01", text="No status given."),
        update("2023-05-01", "blocked"),
        update("2023-06-01", "done"),
    ],
)


@pytest.mark.parametrize(
    ("day", "status"),
    [
        ("2023-02-28", "not-started"),  # before the first recorded change
        ("2023-03-01", "in-progress"),  # an update dated that day counts
        ("2023-04-15", "in-progress"),  # an update without a status changes nothing
        ("2023-05-01", "blocked"),
        ("2023-05-31", "blocked"),
        ("2023-06-01", "done"),  # completed that day
        ("2024-01-01", "done"),
    ],
)
def test_status_follows_the_dated_updates(day: str, status: str) -> None:
    assert query.status_on(DONE_LATER, D(day)) == status


def test_completed_counts_even_without_a_done_update() -> None:
    a = action(status="done", completed="2023-04-10", updates=[update("2023-03-01", "in-progress")])
    assert query.status_on(a, D("2023-04-09")) == "in-progress"
    assert query.status_on(a, D("2023-04-10")) == "done"


def test_without_any_recorded_change() -> None:
    # Nothing records a change: the action's own status, if it is open.
    assert query.status_on(action(status="in-progress"), D("2020-01-01")) == "in-progress"
    assert query.status_on(action(status="blocked"), D("2020-01-01")) == "blocked"
    # A drop with no date counts from the start.
    assert query.status_on(action(status="dropped"), D("2020-01-01")) == "dropped"
    # Done later with no status recorded: open then, but how is not known.
    later = action(status="done", completed="2023-05-01")
    assert query.status_on(later, D("2023-04-30")) is None
    assert query.status_on(later, D("2023-05-01")) == "done"


def test_a_dated_drop() -> None:
    a = action(status="dropped", updates=[update("2023-05-01", "dropped")])
    assert query.status_on(a, D("2023-04-30")) == "not-started"
    assert query.status_on(a, D("2023-05-01")) == "dropped"


def test_last_update_on() -> None:
    assert query.last_update_on(DONE_LATER, D("2023-02-01")) is None
    last = query.last_update_on(DONE_LATER, D("2023-04-30"))
    assert last is not None
    assert (last.date, last.text) == (D("2023-04-01"), "No status given.")
    assert query.last_update_on(action(), D("2023-04-30")) is None
