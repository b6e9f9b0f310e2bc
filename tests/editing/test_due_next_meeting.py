"""`--due next-meeting` in `tws actions new` and `tws actions update`: accepted for an action
raised at a meeting, refused (nothing written) for one that was not."""

from __future__ import annotations

from pathlib import Path

import yaml
from tests.conftest import AS_OF, git, run_tws

NEW = ("actions", "new", "-g", "delivery", "-t", "Bring the figures", "-o", "sec-org")


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted((root / "data").rglob("*"))
        if p.is_file()
    }


def tws(root: Path, *args: str) -> tuple[int, str, str]:
    result = run_tws(*args, "--root", str(root), "--as-of", AS_OF)
    assert "Traceback" not in result.stderr
    assert result.exit_code != 3, result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_a_new_action_due_at_the_next_meeting(programme: Path) -> None:
    code, out, err = tws(
        programme, *NEW, "--due", "next-meeting", "--raised", "delivery-2023-06-01"
    )
    assert code == 0, err
    action = yaml.safe_load((programme / out.split()[0]).read_text(encoding="utf-8"))
    assert action["due"] == "next-meeting"
    assert action["raised"] == "delivery-2023-06-01"
    assert tws(programme, "validate")[0] == 0


def test_an_update_makes_an_action_due_at_the_next_meeting(git_programme: Path) -> None:
    root = git_programme
    code, _, err = tws(
        root, "actions", "update", "del-007", "--due", "next-meeting", "--by", "sec-org"
    )
    assert code == 0, err
    out = git(root, "diff", "--unified=0", "--no-color")
    added = [x[1:] for x in out.splitlines() if x.startswith("+") and not x.startswith("+++")]
    assert added[0] == "due: next-meeting"
    data = yaml.safe_load((root / "data/actions/del-007.yaml").read_text(encoding="utf-8"))
    assert data["updates"][-1]["text"] == "Due date changed from none to the next meeting."
    assert tws(root, "validate")[0] == 0
    # And back to a date, said in words.
    code, _, err = tws(root, "actions", "update", "del-007", "--due", "2023-09", "--by", "sec-org")
    assert code == 0, err
    data = yaml.safe_load((root / "data/actions/del-007.yaml").read_text(encoding="utf-8"))
    assert data["updates"][-1]["text"] == "Due date changed from the next meeting to 2023-09."


def test_next_meeting_needs_the_meeting_the_action_arose_at(programme: Path) -> None:
    code, out, err = tws(programme, *NEW)
    assert code == 0, err
    ident = Path(out.split()[0]).stem
    before = snapshot(programme)
    for args in (
        (*NEW, "--due", "next-meeting"),
        ("actions", "update", ident, "--due", "next-meeting", "--by", "sec-org"),
    ):
        code, out, err = tws(programme, *args)
        assert code == 2, err
        assert out == ""
        assert "no `raised` meeting" in err
        assert "--raised MEETING" in err
        assert snapshot(programme) == before
