"""The report checks over whole programmes (the corpus has a case for each problem code)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import AS_OF, TESTS, copy_base, run_tws

from trauma_ws.checking.validate import check
from trauma_ws.loading.programme import load

REPORTS = TESTS / "fixtures" / "reports"
REGISTERS = TESTS / "fixtures" / "registers"
TODAY = dt.date.fromisoformat(AS_OF)
FIRST = "data/reports/board-2023-03-31.yaml"


def with_reports(dest: Path) -> Path:
    root = copy_base(dest)
    shutil.copytree(REGISTERS, root, dirs_exist_ok=True)
    shutil.copytree(REPORTS, root, dirs_exist_ok=True)
    return root


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def found(root: Path) -> list[tuple[str, int, int, str]]:
    return [(p.path, p.line, p.col, p.code) for p in check(load(root), as_of=TODAY)]


def test_the_reports_fixture_is_valid(tmp_path: Path) -> None:
    root = with_reports(tmp_path / "prog")
    result = run_tws("validate", "--strict", "--root", str(root), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stdout
    assert result.stderr == "tws: 22 files checked, no problems\n"


def test_two_files_with_one_id(tmp_path: Path) -> None:
    root = with_reports(tmp_path / "prog")
    shutil.copyfile(root / FIRST, root / "data/reports/board-2023-04-01.yaml")
    assert found(root) == [("data/reports/board-2023-04-01.yaml", 2, 5, "duplicate-id")]


def test_a_file_not_named_for_its_report(tmp_path: Path) -> None:
    root = with_reports(tmp_path / "prog")
    (root / FIRST).rename(root / "data/reports/board-2023-04-01.yaml")
    assert found(root) == [("data/reports/board-2023-04-01.yaml", 2, 5, "file-name")]


def test_a_body_is_not_checked_while_groups_cannot_be_read(tmp_path: Path) -> None:
    root = with_reports(tmp_path / "prog")
    edit(root, "data/groups.yaml", "organisations:", "organisations: [")
    codes = {code for path, *_, code in found(root) if path.startswith("data/reports/")}
    assert codes == set()


def test_a_period_from_after_the_reports_date_is_reported_at_from(tmp_path: Path) -> None:
    root = with_reports(tmp_path / "prog")
    edit(root, FIRST, "status: submitted", "period:\n  from: 2023-04-02\nstatus: submitted")
    result = run_tws("validate", "--root", str(root), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert (
        f"{FIRST}:8:9: error: the period ends on 2023-03-31, before it starts on 2023-04-02: "
        "correct `period.from` or the report's date (the default end); they may be swapped "
        "[bad-period]"
    ) in result.stdout


def test_a_report_dated_after_today_is_refused_by_validate_but_not_by_queries(
    tmp_path: Path,
) -> None:
    root = with_reports(tmp_path / "prog")
    earlier = run_tws("validate", "--root", str(root), "--as-of", "2023-07-01")
    assert "report dated 2023-07-14 is after today (2023-07-01) [future-date]" in earlier.stdout
    # A query may look back to an earlier date on purpose, as with actions.
    listed = run_tws(
        "report", "render", "board-2023-03-31", "--root", str(root), "--as-of", "2023-07-01"
    )
    assert listed.exit_code == 0, listed.stderr
