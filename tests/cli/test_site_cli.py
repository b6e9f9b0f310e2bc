"""`tws site build` from the command line: what its help says about drafts and the Word
documents' cache, what it reports, and `TWS_NO_CACHE`."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import AS_OF, run_tws, run_tws_process
from tests.publishing.test_site import DRAFT_MEETING


def test_help_says_drafts_are_left_out_unless_asked_for() -> None:
    result = run_tws("site", "build", "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "--include-drafts" in text
    assert (
        "Minutes still in draft (meeting status draft) and reports still in draft are left out"
        in text
    )
    assert ".tws-cache/docx/" in text


def test_the_build_counts_its_word_documents_and_keeps_them(programme: Path) -> None:
    result = run_tws("site", "build", "--root", str(programme), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert " and 2 Word documents in " in result.stderr
    assert len(list((programme / ".tws-cache/docx").glob("*.docx"))) == 2
    assert not (programme / f"build/site/meetings/{DRAFT_MEETING}.html").exists()


def test_no_cache_keeps_no_word_documents(programme: Path, tmp_path: Path) -> None:
    result = run_tws(
        "site", "build", "--root", str(programme), "--as-of", AS_OF, "-o", str(tmp_path / "s"),
        env={"TWS_NO_CACHE": "1"},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "s/meetings/advisory-2023-04-01.docx").is_file()
    assert not (programme / ".tws-cache/docx").exists()


def test_installed_command_builds_the_drafts_when_asked(programme: Path, tmp_path: Path) -> None:
    out = tmp_path / "preview"
    done = run_tws_process(
        "site", "build", "--root", str(programme), "--as-of", AS_OF, "-o", str(out),
        "--include-drafts",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert " and 3 Word documents in " in done.stderr
    assert (out / f"meetings/{DRAFT_MEETING}.docx").is_file()


def test_progress_is_ten_lines_in_a_log_and_every_step_at_a_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A CI log of a large build gets a line at each tenth of the way, not one per 250 pages;
    a terminal hears every step; a small site says nothing."""
    from trauma_ws.cli.site_cmd import SHOW_PROGRESS_FROM, progress_lines

    def told(terminal: bool, total: int) -> list[str]:
        show = progress_lines(terminal=terminal)
        for done in [*range(250, total, 250), total]:
            show(done, total)
        return capsys.readouterr().err.splitlines()

    log = told(False, 23803)
    assert 9 <= len(log) <= 11
    assert log[-1] == "tws: 23803/23803 pages"
    assert len(told(True, 23803)) == 96
    assert told(False, SHOW_PROGRESS_FROM - 1) == []
