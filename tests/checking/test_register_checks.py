"""The register checks over whole programmes (the corpus has a case for each problem code)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import AS_OF, TESTS, copy_base, run_tws

from trauma_ws.checking.registers import same_unit
from trauma_ws.checking.validate import check, load_valid
from trauma_ws.loading.programme import load

REGISTERS = TESTS / "fixtures" / "registers"
TODAY = dt.date.fromisoformat(AS_OF)


def with_registers(dest: Path) -> Path:
    root = copy_base(dest)
    shutil.copytree(REGISTERS, root, dirs_exist_ok=True)
    return root


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_registers_fixture_is_valid(tmp_path: Path) -> None:
    root = with_registers(tmp_path / "prog")
    result = run_tws("validate", "--strict", "--root", str(root), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stdout
    assert result.stderr == "tws: 20 files checked, no problems\n"


def test_an_overdue_review_warns_only_while_the_risk_is_live(tmp_path: Path) -> None:
    root = with_registers(tmp_path / "prog")
    later = TODAY + dt.timedelta(days=120)  # every review date in the fixture has passed
    found = [(p.path, p.code, p.severity) for p in check(load(root), as_of=later)]
    overdue = [f for f in found if f[1] == "review-overdue"]
    assert overdue == [
        ("data/risks/adv-data.yaml", "review-overdue", "warning"),  # monitoring
        ("data/risks/del-capacity.yaml", "review-overdue", "warning"),  # open
    ]  # old-venue is closed


def test_a_review_due_today_is_not_overdue(tmp_path: Path) -> None:
    root = with_registers(tmp_path / "prog")
    review = dt.date(2023, 8, 31)
    assert not [p for p in check(load(root), as_of=review) if p.code == "review-overdue"]
    after = check(load(root), as_of=review + dt.timedelta(days=1))
    assert [p.path for p in after if p.code == "review-overdue"] == ["data/risks/adv-data.yaml"]


def test_a_risk_citing_an_unreadable_action_is_not_reported_twice(tmp_path: Path) -> None:
    root = with_registers(tmp_path / "prog")
    edit(root, "data/actions/del-008.yaml", "status: not-started", "status: begun")
    found = [(p.path, p.code) for p in check(load(root), as_of=TODAY)]
    assert ("data/actions/del-008.yaml", "bad-value") in found
    assert not [f for f in found if f[0].startswith("data/risks/")]


def test_queries_refuse_registers_with_errors_but_not_future_figures(tmp_path: Path) -> None:
    root = with_registers(tmp_path / "prog")
    # Looking back to a date before a figure is a query's right, as with actions.
    earlier = dt.date(2023, 4, 1)
    assert "trained" in load_valid(root, as_of=earlier).measures
    edit(root, "data/risks/del-capacity.yaml", "score: 12", "score: 13")
    result = run_tws("risks", "list", "--root", str(root), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "data/risks/del-capacity.yaml:9:8: error: score 13" in result.stderr
    assert result.stdout == ""


def test_units_agree_whatever_their_case_and_spacing() -> None:
    assert same_unit("Local  authorities", "local authorities")
    assert not same_unit("%", "people")
