"""`tws report new` then `tws report render`, as a secretariat officer runs them: the installed
command in a programme kept in git, and `make run` rendering the shipped programme's latest
report."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import AS_OF, git, run_tws, run_tws_process
from tests.publishing.test_render import check_page
from tests.test_ci_files import _make_target


def test_report_help_lists_its_commands() -> None:
    result = run_tws("report", "--help")
    assert result.exit_code == 0
    for command in ("new", "render", "progress"):
        assert f"  {command} " in result.stdout


def test_scaffold_validate_and_render_with_the_installed_command(git_programme: Path) -> None:
    root = ["--root", str(git_programme), "--as-of", AS_OF]
    done = run_tws_process("report", "new", "--for", "board", *root)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "data/reports/board-2023-07-15.yaml\n"
    assert done.stderr.endswith("tws: created draft report board-2023-07-15\n")
    checked = run_tws_process("validate", "--strict", *root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    page = run_tws_process("report", "render", "board", "-f", "html", *root)
    assert page.returncode == 0, page.stderr
    check_page(page.stdout)
    assert "Draft:" in page.stdout
    git(git_programme, "add", "-A")
    git(git_programme, "commit", "-q", "-m", "Draft report to the board")
    again = run_tws_process("report", "new", "--for", "board", *root)
    assert again.returncode == 1
    assert "already exists" in again.stderr
    assert git(git_programme, "status", "--porcelain") == ""


def test_make_run_renders_the_latest_report() -> None:
    _, recipe = _make_target("run")
    for fmt in ("html", "docx"):
        assert any(
            line.startswith(f"$(BIN)/tws report render swep --format {fmt} -o build/")
            for line in recipe
        ), (fmt, recipe)
