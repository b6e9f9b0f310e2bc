"""`tws minutes approve` and `tws minutes publish`, run as the secretariat runs them.

Each edit changes only the status and approval lines (the rest of the file byte for byte,
comments, CR LF and byte-order mark included), passes the pull-request check
(`tws validate --since`), and each refusal leaves every file as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from tests.conftest import AS_OF, copy_base, git, run_tws

DRAFT = "delivery-2023-06-01"
DRAFT_FILE = f"data/meetings/{DRAFT}.yaml"
APPROVED = "delivery-2023-03-01"  # approved at DRAFT
PUBLISHED = "advisory-2023-04-01"
LATER = "delivery-2023-07-10"  # created by the tests, before AS_OF


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


def diff_lines(root: Path) -> tuple[list[str], list[str]]:
    """Lines removed and added by the working-tree changes."""
    git(root, "add", "-N", ".")
    out = git(root, "diff", "--unified=0", "--no-color")
    removed = [x[1:] for x in out.splitlines() if x.startswith("-") and not x.startswith("---")]
    added = [x[1:] for x in out.splitlines() if x.startswith("+") and not x.startswith("+++")]
    return removed, added


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


def later_meeting(root: Path, ident: str = LATER) -> None:
    """Record the group's later meeting (a draft), and commit it."""
    group, _, date = ident.partition("-")
    code, _, err = tws(root, "minutes", "new", group, "--date", date)
    assert code == 0, err
    commit(root, f"Minutes of {ident}")


# --- approving and publishing --------------------------------------------------------------------


def test_approve_at_a_later_meeting_then_publish(git_programme: Path) -> None:
    root = git_programme
    later_meeting(root)
    code, out, err = tws(root, "minutes", "approve", DRAFT, "--at", LATER)
    assert code == 0, err
    assert out == f"{DRAFT_FILE}\n"
    assert f"recorded the approval of {DRAFT}" in err
    assert diff_lines(root) == (["status: draft"], ["status: approved", f"approved_at: {LATER}"])
    assert tws(root, "validate", "--since", "HEAD")[0] == 0
    commit(root, "Approved")

    code, out, err = tws(root, "minutes", "publish", DRAFT)
    assert code == 0, err
    assert out == f"{DRAFT_FILE}\n"
    assert diff_lines(root) == (["status: approved"], ["status: published"])
    # Publishing is the one change approved minutes allow without a correction.
    code, out, err = tws(root, "validate", "--since", "HEAD", "--strict")
    assert code == 0, out + err
    data = yaml.safe_load((root / DRAFT_FILE).read_text(encoding="utf-8"))
    assert (data["status"], data["approved_at"]) == ("published", LATER)


def test_approve_by_a_body_whose_meetings_are_kept_elsewhere(git_programme: Path) -> None:
    root = git_programme
    code, _, err = tws(
        root, "minutes", "approve", DRAFT, "--by", "the Programme Board", "--on", "2023-07-03"
    )
    assert code == 0, err
    assert diff_lines(root) == (
        ["status: draft"],
        ["status: approved", "approved_by: the Programme Board", "approved_on: 2023-07-03"],
    )
    assert tws(root, "validate", "--since", "HEAD")[0] == 0
    commit(root, "Approved by the board")
    assert tws(root, "minutes", "publish", DRAFT)[0] == 0
    assert tws(root, "validate", "--since", "HEAD")[0] == 0


def test_minutes_may_be_approved_at_a_meeting_of_the_group_they_report_to(
    git_programme: Path,
) -> None:
    root = git_programme
    groups = root / "data/groups.yaml"
    text = groups.read_text(encoding="utf-8")
    text = text.replace(
        "    purpose: Advise on practice.\n    reports_to: [board]",
        "    purpose: Advise on practice.\n    reports_to: [board, delivery]",
    )
    groups.write_text(text, encoding="utf-8")
    commit(root, "The Advisory Group reports to the Delivery Group")
    later_meeting(root, "advisory-2023-05-01")
    later_meeting(root)
    code, _, err = tws(root, "minutes", "approve", "advisory-2023-05-01", "--at", LATER)
    assert code == 0, err
    assert tws(root, "validate", "--since", "HEAD")[0] == 0


# --- what is kept --------------------------------------------------------------------------------


def test_comments_and_layout_are_kept(git_programme: Path) -> None:
    root = git_programme
    later_meeting(root)
    path = root / DRAFT_FILE
    original = path.read_text(encoding="utf-8")
    decorated = (
        "# Minutes of the June meeting.\n"
        + original.replace("status: draft", "status: draft  # for approval in July\n# (chair)")
        + "# trailing comment\n"
    )
    path.write_text(decorated, encoding="utf-8")
    commit(root, "comments")
    assert tws(root, "minutes", "approve", DRAFT, "--at", LATER)[0] == 0
    approved = path.read_text(encoding="utf-8")
    assert approved == decorated.replace(
        "status: draft  # for approval in July\n",
        f"status: approved  # for approval in July\napproved_at: {LATER}\n",
    )
    commit(root, "approved")
    assert tws(root, "minutes", "publish", DRAFT)[0] == 0
    assert path.read_text(encoding="utf-8") == approved.replace(
        "status: approved  #", "status: published  #"
    )


@pytest.mark.parametrize(
    ("bom", "newline"),
    [("", "\r\n"), ("\ufeff", "\n"), ("\ufeff", "\r\n"), ("", "\r")],
    ids=["crlf", "bom", "bom-crlf", "cr"],
)
def test_line_endings_and_byte_order_mark_are_kept(
    git_programme: Path, tmp_path: Path, bom: str, newline: str
) -> None:
    reference = copy_base(tmp_path / "reference")
    path = git_programme / DRAFT_FILE
    path.write_bytes((bom + path.read_text(encoding="utf-8")).replace("\n", newline).encode())
    commit(git_programme, "saved by another editor")
    edits = (
        ("minutes", "approve", DRAFT, "--by", "Programme Board", "--on", "2023-07-03"),
        ("minutes", "publish", DRAFT),
    )
    for args in edits:
        code, _, err = tws(git_programme, *args)
        assert code == 0, (args, err)
        assert tws(reference, *args)[0] == 0
        want = bom + (reference / DRAFT_FILE).read_text(encoding="utf-8").replace("\n", newline)
        assert path.read_bytes().decode("utf-8") == want, args
    if newline == "\r\n":
        removed, added = diff_lines(git_programme)
        assert [r.rstrip("\r") for r in removed] == ["status: draft"]
        assert [a.rstrip("\r") for a in added] == [
            "status: published",
            "approved_by: Programme Board",
            "approved_on: 2023-07-03",
        ]


# --- refusals ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ("approve", APPROVED, "--at", DRAFT),
            [
                f"{APPROVED} is already approved (approved at {DRAFT})",
                "correction agreed at a later meeting",
                "`corrections`",
                f"tws minutes publish {APPROVED}",
            ],
        ),
        (
            ("approve", PUBLISHED, "--by", "Programme Board", "--on", "2023-07-01"),
            [f"{PUBLISHED} is already published", "`corrections`"],
        ),
        (
            ("approve", DRAFT, "--at", APPROVED),
            [f"{APPROVED} was held on 1 March 2023, not after {DRAFT}", f"--at {LATER}"],
        ),
        (("approve", DRAFT, "--at", DRAFT), ["minutes cannot approve themselves"]),
        (
            ("approve", DRAFT, "--at", "advisory-2023-07-12"),
            ["a meeting of the Advisory Group, not of the Delivery Group", "--by BODY --on DATE"],
        ),
        (
            ("approve", DRAFT, "--at", "delivery-2023-07-20"),
            ["delivery-2023-07-20 is on 20 July 2023, after today (15 July 2023)"],
        ),
        (
            ("approve", DRAFT, "--by", "Delivery Group", "--on", "2023-07-01"),
            ["is the Delivery Group, whose meetings are kept here", "--at MEETING"],
        ),
        (
            ("approve", DRAFT, "--by", "advisory", "--on", "2023-07-01"),
            ["is the Advisory Group, whose meetings are kept here"],
        ),
        (
            ("approve", DRAFT, "--by", "Programme Board", "--on", "2023-05-31"),
            ["--on 2023-05-31 is before the meeting (1 June 2023)"],
        ),
        (
            ("approve", DRAFT, "--by", "Programme Board", "--on", "2023-07-16"),
            ["--on 2023-07-16 is after today (15 July 2023)"],
        ),
        (
            ("publish", DRAFT),
            [
                f"{DRAFT} are draft minutes: approve them first",
                f"`tws minutes approve {DRAFT}` and --at {LATER}",
            ],
        ),
        (("publish", PUBLISHED), [f"{PUBLISHED} is already published"]),
    ],
)
def test_refusals_change_nothing(
    git_programme: Path, args: tuple[str, ...], said: list[str]
) -> None:
    root = git_programme
    for later in (LATER, "advisory-2023-07-12", "delivery-2023-07-20"):
        later_meeting(root, later)
    before = snapshot(root)
    code, out, err = tws(root, "minutes", *args)
    assert code == 1, err
    assert out == ""
    for words in said:
        assert words in err, (words, err)
    assert "nothing was written" in err
    assert snapshot(root) == before


def test_publishing_draft_minutes_of_a_group_with_no_later_meeting_says_how(
    programme: Path,
) -> None:
    code, _, err = tws(programme, "minutes", "publish", DRAFT)
    assert code == 1
    assert "no later meeting of the group is recorded yet" in err
    assert "tws minutes new delivery --date DATE" in err


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("approve", DRAFT), "say where the minutes were approved"),
        (("approve", DRAFT, "--at", LATER, "--by", "Programme Board"), "not both"),
        (
            ("approve", DRAFT, "--at", LATER, "--by", "B", "--on", "2023-07-01"),
            "not both",
        ),
        (("approve", DRAFT, "--by", "Programme Board"), "--by needs --on DATE"),
        (("approve", DRAFT, "--on", "2023-07-01"), "--on needs --by BODY"),
        (("approve", DRAFT, "--by", "  ", "--on", "2023-07-01"), "--by must not be empty"),
        (("approve", DRAFT, "--by", "B", "--on", "2023-13-01"), "not a real date"),
        (("approve", "delivery-2023-06-02", "--at", LATER), "did you mean `delivery-2023-06-01`"),
        (("approve", DRAFT, "--at", "delivery-2023-07-11"), f"did you mean `{LATER}`"),
        (("publish", "delivery-2023-06-02"), "is not a meeting"),
    ],
)
def test_usage_errors_change_nothing(programme: Path, args: tuple[str, ...], said: str) -> None:
    later_meeting_plain = ("minutes", "new", "delivery", "--date", "2023-07-10")
    assert tws(programme, *later_meeting_plain)[0] == 0
    before = snapshot(programme)
    code, out, err = tws(programme, "minutes", *args)
    assert code == 2, err
    assert out == ""
    assert said in err
    assert snapshot(programme) == before


def test_the_approval_is_checked_as_validate_checks_it(programme: Path) -> None:
    """An edit whose result `tws validate` refuses is refused: here another record is broken."""
    later = ("minutes", "new", "delivery", "--date", "2023-07-10")
    assert tws(programme, *later)[0] == 0
    path = programme / "data/actions/del-001.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "rag: purple\n", encoding="utf-8")
    before = snapshot(programme)
    code, _, err = tws(programme, "minutes", "approve", DRAFT, "--at", LATER)
    assert code == 1
    assert "rag" in err
    assert snapshot(programme) == before
