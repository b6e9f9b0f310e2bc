"""`tws minutes decisions`: the short note of attendance, apologies, declarations and
decisions with votes, in both formats and audiences, following `tws minutes render`."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import AS_OF, run_tws
from tests.publishing.test_minutes_committee import (
    MEETING,
    NOT_PUBLISHED,
    PRIVATE_NAMES,
    Outline,
    committee,
    edit,
    outline_md,
)
from tests.publishing.test_render import check_page

from trauma_ws.cli import render_cmd

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def board(tmp_path: Path) -> Path:
    return committee(tmp_path)


def decisions(root: Path, *args: str, meeting: str = MEETING) -> str:
    result = run_tws("minutes", "decisions", meeting, *args, "--root", str(root), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_note_of_decisions(board: Path, fmt: str) -> None:
    out = decisions(board, "-f", fmt)
    if fmt == "html":
        check_page(out)
    doc = Outline(out) if fmt == "html" else outline_md(out)
    assert doc.headings == [
        (1, "Trust Board: note of decisions, 10 May 2023"),
        (2, "Members attending"),
        (2, "Apologies"),
        (2, "Declarations of interest"),
        (2, "Decisions"),
        (3, "2. Budget 2023/24"),
        (3, "7. Staffing restructure"),
        (3, "10. Any other business"),
    ]
    assert doc.under["Members attending"] == [
        "Morag Chairperson, Chair of the Board (Alpha Council) (Chair)",
        "Robin Publicname (Gamma Trust)",
        "Lead officer, Beta Health Board",
        "Deputy Director, Gamma Trust (deputising for a representative of Gamma Trust)",
    ]
    assert doc.under["Apologies"] == ["A representative of Gamma Trust"]
    assert doc.under["Declarations of interest"][0].startswith(
        "Lead officer, Beta Health Board declared an interest in item 2: "
    )
    assert doc.under["2. Budget 2023/24"] == [
        "The Board approved:",
        "The budget for 2023/24 (for 2, against 1, abstentions 1)",
        "The capital plan",
        "The Board noted:",
        "The risk register",
        "The Board agreed:",
        "The finance team to report quarterly.",
    ]
    assert doc.under["7. Staffing restructure"] == [
        "Resolved:",
        "The staffing restructure goes ahead",
    ]
    assert doc.under["10. Any other business"][-1] == (
        "The motion to close the café (for 1, against 3, abstentions 0)"
    )
    for secret in (*PRIVATE_NAMES, *NOT_PUBLISHED, "Finance Officer presented"):
        assert secret not in out


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_internal_note_names_members_and_marks_internal_decisions(
    board: Path, fmt: str
) -> None:
    out = decisions(board, "-f", fmt, "-a", "internal")
    doc = Outline(out) if fmt == "html" else outline_md(out)
    assert "Pat Privateperson, Lead officer (Beta Health Board)" in doc.under["Members attending"]
    assert "Internal: To hold reserves at five per cent" in doc.under["2. Budget 2023/24"]
    first = doc.under["Trust Board: note of decisions, 10 May 2023"]
    assert "Internal: for members only; not for publication." in first


def test_declarations_and_decisions_when_there_are_none(board: Path) -> None:
    out = decisions(board, meeting="board-2023-03-01")
    assert "## Declarations of interest\n\nNo declarations of interest were recorded" in out
    assert "## Apologies\n\nNo apologies were received.\n" in out
    edit(board, "data/meetings/board-2023-03-01.yaml", {"declarations": []})
    edit(board, "data/meetings/board-2023-03-01.yaml", {"items": [{"title": "Update"}]})
    out = decisions(board, meeting="board-2023-03-01")
    assert "No declarations of interest were made." in out
    assert out.endswith("## Decisions\n\nNo decisions were recorded.\n")
    html = decisions(board, "-f", "html", meeting="board-2023-03-01")
    assert Outline(html).under["Decisions"] == ["No decisions were recorded."]


def test_a_draft_warns_in_public(board: Path) -> None:
    edit(board, f"data/meetings/{MEETING}.yaml", {"status": "draft", "approved_by": None})
    edit(board, f"data/meetings/{MEETING}.yaml", {"approved_on": None})
    result = run_tws("minutes", "decisions", MEETING, "--root", str(board), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert "draft" in result.stderr
    assert "**The minutes of this meeting have not yet been approved.**" in result.stdout


def test_output_file(board: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "decisions.html"
    result = run_tws(
        "minutes", "decisions", MEETING, "-f", "html", "-o", str(target),
        "--root", str(board), "--as-of", AS_OF,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    check_page(target.read_text(encoding="utf-8"))


def test_programme_template_overrides_the_note(board: Path) -> None:
    (board / "templates").mkdir()
    (board / "templates/minutes_decisions.md.j2").write_text(
        "{% for item in meeting.items if item.decision_groups %}{{ item.number | md }} "
        "{% endfor %}\n",
        encoding="utf-8",
    )
    assert decisions(board) == "2 7 10 "  # the newline after a tag is trimmed


def test_unknown_and_missing_meetings_are_usage_errors(board: Path) -> None:
    result = run_tws("minutes", "decisions", "board-2023-05-11", "--root", str(board))
    assert result.exit_code == 2
    assert "did you mean `board-2023-05-10`" in result.stderr
    result = run_tws("minutes", "decisions", "--root", str(board), "--as-of", AS_OF)
    assert result.exit_code == 2
    assert "`tws minutes decisions board-2023-05-10`" in result.stderr
    result = run_tws("minutes", "decisions", MEETING, "-f", "pdf", "--root", str(board))
    assert result.exit_code == 2


def test_the_meeting_is_asked_for_at_a_terminal(
    board: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render_cmd, "interactive", lambda: True)
    result = run_tws(
        "minutes", "decisions", "--root", str(board), "--as-of", AS_OF, input=f"{MEETING}\n"
    )
    assert result.exit_code == 0, result.stderr
    assert "\n# Trust Board: note of decisions, 10 May 2023\n" in result.stdout


def test_help_teaches() -> None:
    result = run_tws("minutes", "decisions", "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for words in (
        "members attending",
        "declarations of interest",
        "for 8, against 2, abstentions 1",
        "tws minutes decisions pdg-2022-08-25 --format html -o decisions.html",
        "--audience",
        "minutes_decisions.md.j2",
    ):
        assert words in text, words
    assert "decisions" in run_tws("minutes", "--help").stdout


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_shipped_meetings_have_a_note(fmt: str) -> None:
    out = decisions(REPO, "-f", fmt, meeting="pdg-2022-08-25")
    doc = Outline(out) if fmt == "html" else outline_md(out)
    assert doc.under["Any other business"] == [
        "The group agreed:",
        "The next meeting will be held in person.",
        "Members will consider whether any key stakeholders are missing from the group.",
    ]
    assert doc.under["Apologies"] == ["No apologies were received."]
