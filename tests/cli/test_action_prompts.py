"""Interactive `tws actions new`: it asks for owners, the meeting and the due date, asks again
after a bad answer, and stops cleanly at the end of input."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from tests.conftest import AS_OF, TWS, run_tws

from trauma_ws.cli import prompts


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prompts, "interactive", lambda: True)


def new(root: Path, answers: list[str], *args: str) -> tuple[int, str, str]:
    result = run_tws(
        "actions",
        "new",
        "--root",
        str(root),
        "--as-of",
        AS_OF,
        *args,
        input="".join(f"{a}\n" for a in answers),
    )
    return result.exit_code, result.stdout, result.stderr


def actions(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "data/actions").iterdir())


@pytest.mark.usefixtures("terminal")
def test_every_part_is_asked_for_and_bad_answers_are_asked_again(programme: Path) -> None:
    code, out, err = new(
        programme,
        [
            "delivry",  # a typo: did you mean
            "delivery",
            "",  # no title: asked again
            "Bring the referral figures",
            "beta-helth, gamma-trust",  # one typo: the other is kept
            "beta-health",
            "",  # done
            "",  # the default: the group's latest meeting, a draft
            "December 2023",  # not a form due takes: the reason
            "next-meeting",
        ],
    )
    assert code == 0, err
    assert "data/actions/del-009.yaml" in out
    assert "`delivry` is not a group; did you mean `delivery`?" in err
    assert "give a title" in err
    assert "`beta-helth` is not an owner; did you mean `beta-health`?" in err
    assert "`December 2023` is not a date" in err
    assert "[delivery-2023-06-01]" in err  # the meeting offered
    text = (programme / "data/actions/del-009.yaml").read_text(encoding="utf-8")
    assert "title: Bring the referral figures\n" in text
    assert "owners:\n  - gamma-trust\n  - beta-health\n" in text
    assert "raised: delivery-2023-06-01\n" in text
    assert "due: next-meeting\n" in text
    meeting = (programme / "data/meetings/delivery-2023-06-01.yaml").read_text(encoding="utf-8")
    assert "del-009" in meeting


@pytest.mark.usefixtures("terminal")
def test_owners_one_a_line_and_no_meeting_or_due(programme: Path) -> None:
    code, _, err = new(
        programme,
        ["alpha-council", "beta-health", "alpha-council", "", "none", ""],
        "-g",
        "delivery",
        "-t",
        "Circulate the note",
    )
    assert code == 0, err
    text = (programme / "data/actions/del-009.yaml").read_text(encoding="utf-8")
    assert "owners:\n  - alpha-council\n  - beta-health\n" in text  # each once
    assert "raised:" not in text
    assert "due:" not in text


@pytest.mark.usefixtures("terminal")
def test_frozen_minutes_and_next_meeting_without_one_are_explained(programme: Path) -> None:
    code, _, err = new(
        programme,
        [
            "sec-org",
            "",
            "delivery-2023-03-01",  # approved: frozen
            "delivery-2023-0601",  # a typo
            "none",
            "next-meeting",  # no meeting to follow
            "2023-Q4",
        ],
        "-g",
        "delivery",
        "-t",
        "Write the summary",
    )
    assert code == 0, err
    assert "delivery-2023-03-01 is approved: approved minutes are frozen" in err
    assert "give the current draft minutes, delivery-2023-06-01," in err
    assert "did you mean `delivery-2023-06-01`" in err
    assert "next-meeting needs the meeting the action arose at" in err
    text = (programme / "data/actions/del-009.yaml").read_text(encoding="utf-8")
    assert "due: 2023-Q4\n" in text
    assert "raised:" not in text


@pytest.mark.usefixtures("terminal")
def test_the_end_of_input_stops_with_nothing_written(programme: Path) -> None:
    before = actions(programme)
    meeting = (programme / "data/meetings/delivery-2023-06-01.yaml").read_bytes()
    code, out, err = new(programme, ["delivery", "A title", "beta-health"])
    assert code == 1
    assert "tws: stopped: nothing was written" in err
    assert "Traceback" not in err
    assert "data/actions/" not in out
    assert actions(programme) == before
    assert (programme / "data/meetings/delivery-2023-06-01.yaml").read_bytes() == meeting


@pytest.mark.usefixtures("terminal")
def test_given_everything_nothing_is_asked(programme: Path) -> None:
    code, out, err = new(programme, [], "-g", "delivery", "-t", "Quiet", "-o", "sec-org")
    assert code == 0, err
    assert "data/actions/del-009.yaml" in out
    assert "Owner" not in err


def test_without_a_terminal_a_missing_option_is_a_usage_error(programme: Path) -> None:
    code, _, err = new(programme, ["delivery"], "-t", "x", "-o", "sec-org")
    assert code == 2
    assert "give --group" in err


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_ctrl_d_at_a_real_terminal(programme: Path) -> None:
    """The installed tws at a pseudo-terminal: a typo is asked again, then Ctrl-D stops it."""
    import pty
    import select
    import subprocess

    parent, child = pty.openpty()
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb"}
    proc = subprocess.Popen(
        [str(TWS), "actions", "new", "--root", str(programme), "--as-of", AS_OF],
        stdin=child,
        stdout=subprocess.PIPE,
        stderr=child,
        env=env,
    )
    os.close(child)
    seen = b""

    def wait_for(text: bytes) -> None:
        nonlocal seen
        while text not in seen:
            ready, _, _ = select.select([parent], [], [], 30)
            assert ready, seen
            try:
                seen += os.read(parent, 4096)
            except OSError:  # EIO: the child closed the terminal, everything was read
                break
        assert text in seen, seen

    wait_for(b"Group (id):")
    os.write(parent, b"delivry\n")
    wait_for(b"did you mean `delivery`")
    wait_for(b"Group (id):")
    os.write(parent, b"\x04")  # Ctrl-D at the start of a line: the end of input
    assert proc.wait(timeout=30) == 1
    wait_for(b"nothing was written")
    assert proc.stdout is not None
    with proc.stdout:
        assert proc.stdout.read() == b""  # the questions went to the terminal, not stdout
    os.close(parent)
    assert actions(programme) == sorted(p.name for p in (programme / "data/actions").iterdir())
