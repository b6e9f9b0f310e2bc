"""An edit obeys the rules CI applies: what `tws validate` (and `--since`) refuses, it refuses.

Frozen minutes, dates after the programme's today, blank text, and a meeting numbered between
two others; each refused edit leaves every file byte for byte as it was.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from tests.conftest import AS_OF, git, run_tws


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted((root / "data").rglob("*"))
        if p.is_file()
    }


def tws(root: Path, *args: str, as_of: str | None = AS_OF) -> tuple[int, str, str]:
    dated = ("--as-of", as_of) if as_of is not None else ()
    result = run_tws(*args, "--root", str(root), *dated)
    assert "Traceback" not in result.stderr
    assert result.exit_code != 3, result.stderr
    return result.exit_code, result.stdout, result.stderr


NEW = ("actions", "new", "-g", "delivery", "-t", "Something to do", "-o", "sec-org")


# --- approved minutes are frozen ------------------------------------------------------------


@pytest.mark.parametrize(
    ("meeting", "status", "instead"),
    [
        ("delivery-2023-03-01", "approved", "--raised delivery-2023-06-01"),
        ("advisory-2023-04-01", "published", "tws minutes new advisory"),
    ],
)
def test_an_action_is_not_added_to_approved_minutes(
    git_programme: Path, meeting: str, status: str, instead: str
) -> None:
    group = meeting.split("-", maxsplit=1)[0]
    before = snapshot(git_programme)
    code, out, err = tws(
        git_programme,
        "actions",
        "new",
        "-g",
        group,
        "-t",
        "Something to do",
        "-o",
        "sec-org",
        "--raised",
        meeting,
    )
    assert code == 1, err
    assert out == ""
    assert f"{meeting} is {status}" in err
    assert "frozen" in err
    assert instead in err
    assert "--description" in err
    assert snapshot(git_programme) == before
    # What the refusal suggests works, and passes the pull-request check.
    if status == "approved":
        code, out, err = tws(git_programme, *NEW, "--raised", "delivery-2023-06-01")
        assert code == 0, err
        code, _, err = tws(git_programme, "validate", "--since", "HEAD")
        assert code == 0, err


def test_any_edit_changing_frozen_minutes_is_refused(git_programme: Path) -> None:
    """The frozen rule is checked on the result, whatever the edit: here an approved meeting
    whose file still lists nothing gets a new action through `--raised` after the status
    check was passed (a draft read, approved on disk by the time of the check)."""
    from trauma_ws.editing import workflow
    from trauma_ws.record.problems import DataError

    meeting = git_programme / "data/meetings/delivery-2023-06-01.yaml"
    draft = meeting.read_text(encoding="utf-8")
    approved = draft.replace("status: draft", "status: approved")
    read = {"data/meetings/delivery-2023-06-01.yaml": approved}
    new = approved.replace("del-008]", "del-008, del-009]")
    action = (git_programme / "data/actions/del-008.yaml").read_text(encoding="utf-8")
    overrides = {
        "data/meetings/delivery-2023-06-01.yaml": new,
        "data/actions/del-009.yaml": action.replace("del-008", "del-009"),
    }
    meeting.write_text(approved, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        workflow.check_result(git_programme, dt.date(2023, 7, 15), overrides, read)
    assert [p.code for p in caught.value.problems] == ["frozen-minutes"]
    assert "`actions`" in caught.value.problems[0].message


# --- dates after today ------------------------------------------------------------------------


def test_an_update_dated_after_the_programmes_today_is_refused(programme: Path) -> None:
    # The in-process clock is stopped at noon on 2023-07-15 (London).
    before = snapshot(programme)
    args = ("actions", "update", "del-001", "--note", "Early news.", "--by", "beta-health")
    for day in ("2023-07-16", "2024-01-01"):
        code, out, err = tws(programme, *args, as_of=day)
        assert code == 1, err
        assert out == ""
        assert f"the update's date, {day}, is after today (2023-07-15" in err
        assert snapshot(programme) == before
    code, _, err = tws(programme, *args, "--status", "done", as_of=None)
    assert code == 0, err
    data = yaml.safe_load((programme / "data/actions/del-001.yaml").read_text())
    assert data["completed"] == dt.date(2023, 7, 15)
    assert data["updates"][-1]["date"] == dt.date(2023, 7, 15)


def test_today_is_the_programmes_day_not_the_machines(
    programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trauma_ws.cli import common

    # 23:30 UTC on 15 July is already 16 July in Edinburgh.
    late = dt.datetime(2023, 7, 15, 23, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(common, "now", lambda: late)
    args = ("actions", "update", "del-001", "--note", "Late news.", "--by", "beta-health")
    code, _, err = tws(programme, *args, as_of="2023-07-16")
    assert code == 0, err
    assert tws(programme, "validate", as_of=None)[0] == 0
    code, _, err = tws(programme, *args, as_of="2023-07-17")
    assert code == 1
    assert "after today (2023-07-16" in err


def test_an_edit_whose_result_has_dates_after_today_is_refused(programme: Path) -> None:
    """A record dated after today anywhere in the programme fails `tws validate`, so an edit
    that would leave it there is refused, whatever --as-of says: CI checks on today."""
    path = programme / "data/actions/del-001.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "  - date: 2023-07-20\n    by: beta-health\n    text: Written ahead.\n",
        encoding="utf-8",
    )
    before = snapshot(programme)
    for args in (
        ("actions", "update", "del-002", "--note", "Started.", "--by", "beta-health"),
        (*NEW, "--raised", "delivery-2023-06-01"),
        ("minutes", "new", "delivery", "--date", "2023-09-01"),
    ):
        for as_of in (AS_OF, "2023-07-01", None):
            code, _, err = tws(programme, *args, as_of=as_of)
            assert code == 1, (args, err)
            assert (
                "data/actions/del-001.yaml:18:11: error: update dated 2023-07-20 is after "
                "today (2023-07-15) [future-date]"
            ) in err
            assert "nothing was written" in err
            assert snapshot(programme) == before
    assert tws(programme, "validate", as_of=None)[0] == 1


@pytest.mark.parametrize(
    "dated",
    [("--on", "2023-06-20"), ("--meeting", "delivery-2023-06-01")],
    ids=["on", "meeting"],
)
def test_an_update_dated_after_the_as_of_day_is_refused(
    programme: Path, dated: tuple[str, str]
) -> None:
    """--as-of is the day treated as today: an update dated after it (by --on or a meeting
    held later) is refused, as `tws validate --as-of` would refuse it, though the real today
    is later still; dated on or before it, the same update is written."""
    before = snapshot(programme)
    args = ("actions", "update", "del-002", "--note", "Started.", "--by", "beta-health", *dated)
    code, _, err = tws(programme, *args, as_of="2023-05-31")
    assert code == 1, err
    assert "is after the day given as today (--as-of 2023-05-31)" in err
    assert "nothing was written" in err
    assert snapshot(programme) == before
    code, _, err = tws(programme, *args, as_of="2023-06-20")
    assert code == 0, err
    assert tws(programme, "validate", as_of="2023-06-20")[0] == 0


# --- blank text ----------------------------------------------------------------------------------


@pytest.mark.parametrize("blank", ["", " ", "   \t ", "\n", " \r\n "])
@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("actions", "update", "del-001", "--by", "beta-health", "--note"), "--note"),
        (("actions", "update", "del-001", "--by", "beta-health", "-s", "done", "-n"), "--note"),
        ((*NEW, "--description"), "--description"),
        (("actions", "new", "-g", "delivery", "-o", "sec-org", "-t"), "--title"),
        (("minutes", "new", "delivery", "--date", "2023-08-01", "--location"), "--location"),
    ],
)
def test_blank_text_is_a_usage_error(
    programme: Path, args: tuple[str, ...], option: str, blank: str
) -> None:
    before = snapshot(programme)
    code, out, err = tws(programme, *args, blank)
    assert code == 2, err
    assert out == ""
    assert f"{option} must not be empty" in err
    assert snapshot(programme) == before


# --- numbering -----------------------------------------------------------------------------------


def test_minutes_between_two_meetings_do_not_share_a_number(git_programme: Path) -> None:
    # delivery-2023-03-01 is number 1 (approved), delivery-2023-06-01 number 2.
    code, out, err = tws(git_programme, "minutes", "new", "delivery", "--date", "2023-04-15")
    assert code == 0, err
    rel = out.strip()
    assert rel == "data/meetings/delivery-2023-04-15.yaml"
    data = yaml.safe_load((git_programme / rel).read_text())
    assert "number" not in data
    assert "warning:" in err
    assert "delivery-2023-06-01 is number 2" in err
    assert "without a `number`" in err
    numbers = [
        yaml.safe_load(p.read_text()).get("number")
        for p in (git_programme / "data/meetings").glob("delivery-*.yaml")
    ]
    assert sorted(n for n in numbers if n is not None) == [1, 2]
    git(git_programme, "add", "-A")
    assert tws(git_programme, "validate", "--since", "HEAD")[0] == 0
    # After the last meeting, numbering carries on as before.
    code, out, err = tws(git_programme, "minutes", "new", "delivery", "--date", "2023-07-20")
    assert code == 0, err
    assert yaml.safe_load((git_programme / out.strip()).read_text())["number"] == 3
    assert "warning" not in err


# --- dates as they happened: --on and --meeting -------------------------------------------------


@pytest.mark.parametrize(
    ("option", "day"),
    [
        (("--on", "2023-06-02"), dt.date(2023, 6, 2)),
        (("--meeting", "delivery-2023-06-01"), dt.date(2023, 6, 1)),
        # --on says when, even when the update was given at a meeting.
        (("--meeting", "delivery-2023-06-01", "--on", "2023-06-03"), dt.date(2023, 6, 3)),
    ],
)
def test_an_update_is_dated_the_day_it_happened(
    programme: Path, option: tuple[str, ...], day: dt.date
) -> None:
    code, _, err = tws(
        programme, "actions", "update", "del-001", "--status", "done", "--by", "beta-health",
        *option, as_of=None,
    )  # fmt: skip
    assert code == 0, err
    data = yaml.safe_load((programme / "data/actions/del-001.yaml").read_text())
    assert data["completed"] == day
    assert data["updates"][-1]["date"] == day
    assert data["updates"][-1]["status"] == "done"


@pytest.mark.parametrize(
    ("option", "code", "said"),
    [
        # Before the action's last update (10 May 2023): validate would refuse the order.
        (("--on", "2023-05-01"), 1, "del-001"),
        (("--on", "2023-07-16"), 1, "the update's date, 2023-07-16, is after today"),
        (("--on", "2023-02-30"), 2, "not a real date"),
        (("--meeting", "delivery-2023-06-0"), 2, "did you mean `delivery-2023-06-01`?"),
    ],
)
def test_a_bad_day_for_an_update_is_refused_and_nothing_written(
    programme: Path, option: tuple[str, ...], code: int, said: str
) -> None:
    before = snapshot(programme)
    got, out, err = tws(
        programme, "actions", "update", "del-001", "--note", "News.", "--by", "beta-health",
        *option, as_of=None,
    )  # fmt: skip
    assert (got, out) == (code, ""), err
    assert said in err
    assert snapshot(programme) == before
