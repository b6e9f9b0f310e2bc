"""The secretariat's cycle in a real git repository: new minutes, new actions, updates.

Each edit's `git diff` is asserted line by line, and refused edits leave files byte for byte.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from tests.conftest import AS_OF, TWS, copy_base, git, run_tws, run_tws_process


def diff_lines(root: Path) -> tuple[list[str], list[str]]:
    """Lines removed and added by the working-tree changes (tracked and new files)."""
    git(root, "add", "-N", ".")
    out = git(root, "diff", "--unified=0", "--no-color")
    removed = [x[1:] for x in out.splitlines() if x.startswith("-") and not x.startswith("---")]
    added = [x[1:] for x in out.splitlines() if x.startswith("+") and not x.startswith("+++")]
    return removed, added


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted((root / "data").rglob("*"))
        if p.is_file()
    }


def tws(root: Path, *args: str) -> tuple[int, str, str]:
    result = run_tws(*args, "--root", str(root), "--as-of", AS_OF)
    return result.exit_code, result.stdout, result.stderr


def test_the_whole_cycle(git_programme: Path) -> None:
    root = git_programme
    # 1. New minutes for the next meeting.
    code, out, err = tws(root, "minutes", "new", "delivery", "--date", "2023-07-20")
    assert code == 0, err
    assert out.strip() == "data/meetings/delivery-2023-07-20.yaml"
    meeting = yaml.safe_load((root / out.strip()).read_text())
    assert meeting["chair"] == "alpha-council"
    assert meeting["attendees"] == [
        "alpha-council",
        "beta-health",
        "gamma-trust",
        "sec-org",
        "pat-private",
    ]
    assert meeting["status"] == "draft"
    assert meeting["number"] == 3
    assert [i["title"] for i in meeting["items"]] == [
        "Welcome and apologies",
        "Declarations of interest",
        "Minutes of the previous meeting and matters arising",
        "Action log",
        "Any other business",
        "Date of next meeting",
    ]
    # The action log is rendered from the records as at the meeting's date: the scaffold
    # writes nothing about the actions that could go stale (tests/editing/test_scaffold.py).
    assert meeting["items"][3] == {"title": "Action log", "action_log": True}
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Draft minutes")

    # 2. An action raised at that meeting: a new file, and one line added to the meeting.
    code, out, err = tws(
        root,
        "actions",
        "new",
        "--group",
        "delivery",
        "--title",
        "Write the plan",
        "--owner",
        "beta-health",
        "--due",
        "2023-09",
        "--raised",
        "delivery-2023-07-20",
    )
    assert code == 0, err
    assert out.split() == ["data/actions/del-009.yaml", "data/meetings/delivery-2023-07-20.yaml"]
    removed, added = diff_lines(root)
    assert removed == ["actions: []"]
    assert "actions: [del-009]" in added  # the flow list stays a flow list
    action = yaml.safe_load((root / "data/actions/del-009.yaml").read_text())
    assert action == {
        "id": "del-009",
        "title": "Write the plan",
        "group": "delivery",
        "owners": ["beta-health"],
        "raised": "delivery-2023-07-20",
        "due": "2023-09",
        "status": "not-started",
        "updates": [],
    }
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Raise del-009")

    # 3. A second action at the same meeting is appended to the list.
    code, out, err = tws(
        root,
        "actions",
        "new",
        "-g",
        "delivery",
        "-t",
        "Book the venue",
        "-o",
        "sec-org",
        "--raised",
        "delivery-2023-07-20",
    )
    assert code == 0, err
    removed, added = diff_lines(root)
    assert removed == ["actions: [del-009]"]
    assert "actions: [del-009, del-010]" in added
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Raise del-010")

    # 4. An update marking an action done: status, completed and one update, nothing else.
    code, out, err = tws(
        root,
        "actions",
        "update",
        "del-001",
        "--status",
        "done",
        "--by",
        "beta-health",
        "--note",
        "All three areas mapped.",
    )
    assert code == 0, err
    removed, added = diff_lines(root)
    assert removed == ["status: in-progress"]
    assert added == [
        "status: done",
        f"completed: {AS_OF}",
        f"  - date: {AS_OF}",
        "    by: beta-health",
        "    status: done",
        "    text: All three areas mapped.",
    ]
    git(root, "add", "-A")
    git(root, "commit", "-qm", "del-001 done")

    # 5. Reopening removes `completed`; a manual RAG and a new due date go in place.
    code, _, err = tws(
        root,
        "actions",
        "update",
        "del-001",
        "--status",
        "in-progress",
        "--by",
        "sec-org",
        "--rag",
        "amber",
        "--due",
        "2023-Q3",
    )
    assert code == 0, err
    removed, added = diff_lines(root)
    assert sorted(removed) == sorted(["due: 2023-04-30", "status: done", f"completed: {AS_OF}"])
    assert added[:3] == ["due: 2023-Q3", "status: in-progress", "rag: amber"]
    assert added[3:6] == [f"  - date: {AS_OF}", "    by: sec-org", "    status: in-progress"]
    assert added[6] == "    text: >-"  # long text is folded as a person would write it
    assert "RAG set to amber" in " ".join(added[7:])
    assert yaml.safe_load((root / "data/actions/del-001.yaml").read_text())["updates"][-1][
        "text"
    ] == (
        "Status changed from done to in-progress; RAG set to amber; due date changed from "
        "2023-04-30 to 2023-Q3."
    )

    # Everything still validates.
    assert run_tws("validate", "--root", str(root), "--as-of", AS_OF).exit_code == 0


def test_edits_keep_comments_quoting_and_blank_lines(git_programme: Path) -> None:
    path = git_programme / "data/actions/del-002.yaml"
    original = path.read_text()
    decorated = (
        "# Owned by the whole group.\n"
        + original.replace("status: not-started", "status: 'not-started'  # agreed in March")
        + "\n# trailing comment\n"
    )
    path.write_text(decorated)
    git(git_programme, "commit", "-qam", "comments")
    code, _, err = tws(
        git_programme,
        "actions",
        "update",
        "del-002",
        "--status",
        "in-progress",
        "--by",
        "alpha-council",
    )
    assert code == 0, err
    text = path.read_text()
    assert text.startswith("# Owned by the whole group.\n")
    assert "status: in-progress  # agreed in March" in text
    assert "# trailing comment" in text
    removed, added = diff_lines(git_programme)
    assert removed == ["status: 'not-started'  # agreed in March"]
    assert added[0] == "status: in-progress  # agreed in March"
    assert added[1:4] == ["updates:", f"  - date: {AS_OF}", "    by: alpha-council"]
    assert text.index("updates:") < text.index("# trailing comment")


def test_refused_edits_change_nothing(git_programme: Path) -> None:
    before = snapshot(git_programme)
    attempts = [
        ("actions", "update", "del-001", "--status", "done", "--by", "nobody-here"),
        ("actions", "update", "del-001", "--status", "finished", "--by", "beta-health"),
        ("actions", "update", "del-001", "--due", "2023-13", "--by", "beta-health"),
        ("actions", "update", "del-404", "--note", "x", "--by", "beta-health"),
        ("actions", "update", "del-001", "--by", "beta-health"),
        ("actions", "new", "-g", "delivry", "-t", "x", "-o", "beta-health"),
        ("actions", "new", "-g", "delivery", "-t", "x", "-o", "beta-helth"),
        ("actions", "new", "-g", "delivery", "-t", "x", "-o", "sec-org", "--raised", "nope"),
        ("minutes", "new", "delivery", "--date", "2023-03-01"),  # exists
        ("minutes", "new", "board", "--date", "2023-08-01"),  # external body
    ]
    for args in attempts:
        code, _out, err = tws(git_programme, *args)
        assert code in (1, 2), (args, code, err)
        assert "Traceback" not in err
        assert snapshot(git_programme) == before, args
    code, _, err = tws(
        git_programme, "actions", "update", "del-001", "--by", "beta-helth", "--note", "x"
    )
    assert code == 2
    assert "did you mean `beta-health`?" in err
    code, _, err = tws(git_programme, "minutes", "new", "delivery", "--date", "2023-03-01")
    assert code == 1
    assert "already exists" in err


def test_an_edit_that_would_break_validation_is_refused(git_programme: Path) -> None:
    # An update dated before the action's latest update would put updates out of order.
    before = snapshot(git_programme)
    result = run_tws(
        "actions",
        "update",
        "del-001",
        "--note",
        "late news",
        "--by",
        "beta-health",
        "--root",
        str(git_programme),
        "--as-of",
        "2023-05-01",
    )
    assert result.exit_code == 1
    assert "nothing was written" in result.stderr
    assert "update-order" in result.stderr
    assert snapshot(git_programme) == before


def test_ids_used_on_other_branches_are_not_handed_out(git_programme: Path) -> None:
    root = git_programme
    git(root, "checkout", "-qb", "partner-branch")
    code, out, _ = tws(
        root, "actions", "new", "-g", "delivery", "-t", "On a branch", "-o", "sec-org"
    )
    assert out.strip() == "data/actions/del-009.yaml"
    git(root, "add", "-A")
    git(root, "commit", "-qm", "branch work")
    git(root, "checkout", "-q", "main")
    assert not (root / "data/actions/del-009.yaml").exists()
    code, out, err = tws(root, "actions", "new", "-g", "delivery", "-t", "On main", "-o", "sec-org")
    assert code == 0, err
    assert out.strip() == "data/actions/del-010.yaml"


def test_runs_at_once_get_distinct_ids(git_programme: Path) -> None:
    # Actions are raised at draft minutes (approved ones are frozen).
    code, _, err = tws(git_programme, "minutes", "new", "advisory", "--date", "2023-07-10")
    assert code == 0, err

    def one(n: int) -> subprocess.CompletedProcess[str]:
        return run_tws_process(
            "actions",
            "new",
            "-g",
            "advisory",
            "-t",
            f"Parallel {n}",
            "-o",
            "robin-public",
            "--raised",
            "advisory-2023-07-10",
            "--root",
            str(git_programme),
            "--as-of",
            AS_OF,
        )

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(one, range(6)))
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    made = sorted(r.stdout.split()[0] for r in results)
    assert made == [f"data/actions/adv-{n:03d}.yaml" for n in range(2, 8)]
    meeting = yaml.safe_load((git_programme / "data/meetings/advisory-2023-07-10.yaml").read_text())
    assert sorted(meeting["actions"]) == [f"adv-{n:03d}" for n in range(2, 8)]
    assert run_tws("validate", "--root", str(git_programme), "--as-of", AS_OF).exit_code == 0


def test_missing_arguments_without_a_terminal_are_usage_errors(programme: Path) -> None:
    for args, option in [
        (("minutes", "new"), "GROUP"),
        (("actions", "new", "-t", "x", "-o", "sec-org"), "--group"),
        (("actions", "update", "del-001", "--note", "x"), "--by"),
    ]:
        result = run_tws(*args, "--root", str(programme), "--as-of", AS_OF)
        assert result.exit_code == 2, args
        assert f"give {option}" in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_missing_arguments_are_asked_for_at_a_terminal(programme: Path) -> None:
    pid, fd = pty.fork()
    if pid == 0:  # the child: tws on a terminal
        os.execv(
            str(TWS),
            [
                str(TWS),
                "minutes",
                "new",
                "--date",
                "2023-07-20",
                "--root",
                str(programme),
                "--as-of",
                AS_OF,
            ],
        )
    output = b""
    answered = False
    while True:
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
        if not answered and b"Group id" in output:
            os.write(fd, b"delivery\n")
            answered = True
    _, status = os.waitpid(pid, 0)
    assert answered, output
    assert os.waitstatus_to_exitcode(status) == 0, output
    assert (programme / "data/meetings/delivery-2023-07-20.yaml").exists()


# --- text as editors save it ---------------------------------------------------------------------

EDITS = (
    ("actions", "update", "del-002", "--status", "done", "--note", "Agreed.", "--by", "sec-org"),
    (
        "actions",
        "new",
        "-g",
        "delivery",
        "-t",
        "Plan",
        "-o",
        "sec-org",
        "--raised",
        "delivery-2023-06-01",
    ),
)
EDITED = ("data/actions/del-002.yaml", "data/meetings/delivery-2023-06-01.yaml")


@pytest.mark.parametrize(
    ("bom", "newline"),
    [("", "\r\n"), ("\ufeff", "\n"), ("\ufeff", "\r\n"), ("", "\r")],
    ids=["crlf", "bom", "bom-crlf", "cr"],
)
def test_edits_keep_line_endings_and_byte_order_mark(
    git_programme: Path, tmp_path: Path, bom: str, newline: str
) -> None:
    reference = copy_base(tmp_path / "reference")
    for rel in EDITED:
        path = git_programme / rel
        path.write_bytes((bom + path.read_text(encoding="utf-8")).replace("\n", newline).encode())
    git(git_programme, "commit", "-qam", "saved by another editor")
    for args in EDITS:
        code, _, err = tws(git_programme, *args)
        assert code == 0, (args, err)
        assert tws(reference, *args)[0] == 0
    for rel in EDITED:
        want = bom + (reference / rel).read_text(encoding="utf-8").replace("\n", newline)
        assert (git_programme / rel).read_bytes().decode("utf-8") == want, rel
    if newline == "\r\n":  # git sees lines: only the changed ones differ
        removed, added = diff_lines(git_programme)
        assert [r.rstrip("\r") for r in removed] == [
            "status: not-started",
            "actions: [del-006, del-007, del-008]",
        ]
        assert added[:2] == ["status: done", "completed: 2023-07-15"]


def test_new_lines_follow_the_first_line_ending_of_a_mixed_file(git_programme: Path) -> None:
    path = git_programme / "data/actions/del-002.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_bytes(("\r\n".join(lines[:2]) + "\r\n" + "\n".join(lines[2:]) + "\n").encode())
    git(git_programme, "commit", "-qam", "mixed endings")
    before = path.read_bytes()
    code, _, err = tws(git_programme, *EDITS[0])
    assert code == 0, err
    after = path.read_bytes()
    removed, added = diff_lines(git_programme)
    assert removed == ["status: not-started"]
    # Untouched lines keep their own endings (the status line its LF); every new line ends
    # as the first line does.
    at = before.index(b"status:")
    assert after.startswith(before[:at] + b"status: done\n")
    new = after[at + len(b"status: done\n") :]
    assert new.count(b"\n") == new.count(b"\r\n") == len(added) - 1
