"""Approved minutes are frozen: `tws validate --since REV` reports unrecorded changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import AS_OF, git, run_tws

from trauma_ws.checking.frozen import edit_problem

APPROVED = "data/meetings/delivery-2023-03-01.yaml"  # status: approved in the fixture
DRAFT = "data/meetings/delivery-2023-06-01.yaml"


def validate_since(root: Path, rev: str) -> tuple[int, str, str]:
    result = run_tws("validate", "--root", str(root), "--as-of", AS_OF, "--since", rev)
    return result.exit_code, result.stdout, result.stderr


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_unchanged_minutes_pass(git_programme: Path) -> None:
    code, out, _ = validate_since(git_programme, "HEAD")
    assert code == 0, out


def test_changing_approved_minutes_names_the_commit(git_programme: Path) -> None:
    base = git(git_programme, "rev-parse", "HEAD").strip()
    edit(git_programme, APPROVED, "purpose: ", "purpose: Rewritten. ")
    git(git_programme, "commit", "-qam", "Quietly rewrite the purpose")
    sha = git(git_programme, "rev-parse", "--short", "HEAD").strip()
    code, out, _ = validate_since(git_programme, base)
    assert code == 1
    (line,) = [x for x in out.splitlines() if "[frozen-minutes]" in x]
    assert line.startswith(f"{APPROVED}:")
    assert f"commit {sha} (Quietly rewrite the purpose)" in line
    assert "`purpose` changed" in line
    assert "corrections" in line
    # Plain `tws validate` (no --since) does not look at history.
    assert run_tws("validate", "--root", str(git_programme), "--as-of", AS_OF).exit_code == 0


def test_uncommitted_changes_are_reported_too(git_programme: Path) -> None:
    edit(git_programme, APPROVED, "chair: alpha-council", "chair: beta-health")
    code, out, _ = validate_since(git_programme, "HEAD")
    assert code == 1
    assert "uncommitted changes" in out


def test_a_recorded_correction_is_allowed(git_programme: Path) -> None:
    base = git(git_programme, "rev-parse", "HEAD").strip()
    edit(git_programme, APPROVED, "purpose: ", "purpose: Corrected. ")
    (git_programme / APPROVED).write_text(
        (git_programme / APPROVED).read_text()
        + "corrections:\n  - date: 2023-06-01\n    agreed_at: delivery-2023-06-01\n"
        "    change: The purpose was reworded as agreed at the June meeting.\n"
    )
    git(git_programme, "commit", "-qam", "Correct the purpose")
    code, out, _ = validate_since(git_programme, base)
    assert code == 0, out


def test_editing_an_earlier_correction_is_not_a_new_one(git_programme: Path) -> None:
    (git_programme / APPROVED).write_text(
        (git_programme / APPROVED).read_text()
        + "corrections:\n  - date: 2023-06-01\n    agreed_at: delivery-2023-06-01\n"
        "    change: First wording.\n"
    )
    git(git_programme, "commit", "-qam", "A correction")
    base = git(git_programme, "rev-parse", "HEAD").strip()
    edit(git_programme, APPROVED, "First wording.", "Second wording.")
    code, out, _ = validate_since(git_programme, base)
    assert code == 1
    assert "`corrections` changed" in out


def test_publishing_and_draft_edits_are_allowed(git_programme: Path) -> None:
    base = git(git_programme, "rev-parse", "HEAD").strip()
    edit(git_programme, APPROVED, "status: approved", "status: published")
    edit(git_programme, DRAFT, "purpose: ", "purpose: Still a draft. ")
    code, out, _ = validate_since(git_programme, base)
    assert code == 0, out


def test_deleting_approved_minutes_is_reported(git_programme: Path) -> None:
    base = git(git_programme, "rev-parse", "HEAD").strip()
    git(git_programme, "rm", "-q", APPROVED)
    git(git_programme, "commit", "-qm", "Remove the March minutes")
    code, out, _ = validate_since(git_programme, base)
    assert code == 1
    assert "were deleted in commit" in out


def test_a_bad_revision_is_a_usage_error(git_programme: Path) -> None:
    code, _, err = validate_since(git_programme, "no-such-branch")
    assert code == 2
    assert "not a git revision" in err


# --- approving and publishing (the edits `tws minutes approve` and `publish` make) ---------------


def test_approving_a_draft_by_another_body_then_publishing_is_allowed(
    git_programme: Path,
) -> None:
    base = git(git_programme, "rev-parse", "HEAD").strip()
    edit(
        git_programme,
        DRAFT,
        "status: draft",
        "status: approved\napproved_by: Programme Board\napproved_on: 2023-06-20",
    )
    git(git_programme, "commit", "-qam", "Approve the June minutes")
    approved = git(git_programme, "rev-parse", "HEAD").strip()
    code, out, _ = validate_since(git_programme, base)
    assert code == 0, out
    edit(git_programme, DRAFT, "status: approved", "status: published")
    git(git_programme, "commit", "-qam", "Publish the June minutes")
    for rev in (base, approved):
        code, out, _ = validate_since(git_programme, rev)
        assert code == 0, out


def test_approving_a_draft_at_a_later_meeting_is_allowed(git_programme: Path) -> None:
    base = git(git_programme, "rev-parse", "HEAD").strip()
    later = "delivery-2023-07-01"
    (git_programme / f"data/meetings/{later}.yaml").write_text(
        (git_programme / DRAFT)
        .read_text()
        .replace("2023-06-01", "2023-07-01")
        .replace("number: 2", "number: 3")
        .replace("actions: [del-006, del-007, del-008]\n", "")
    )
    edit(git_programme, DRAFT, "status: draft", f"status: approved\napproved_at: {later}")
    git(git_programme, "add", "-A")
    git(git_programme, "commit", "-qm", "Approve the June minutes at the July meeting")
    code, out, _ = validate_since(git_programme, base)
    assert code == 0, out


def test_a_recorded_approval_cannot_change(git_programme: Path) -> None:
    edit(
        git_programme,
        DRAFT,
        "status: draft",
        "status: approved\napproved_by: Programme Board\napproved_on: 2023-06-20",
    )
    git(git_programme, "commit", "-qam", "Approve the June minutes")
    base = git(git_programme, "rev-parse", "HEAD").strip()
    edit(git_programme, DRAFT, "approved_on: 2023-06-20", "approved_on: 2023-06-21")
    code, out, _ = validate_since(git_programme, base)
    assert code == 1
    assert "`approved_on` changed" in out


@pytest.mark.parametrize(
    ("old", "new", "frozen"),
    [
        # Filling in an approval where there was none: allowed, with or without publishing.
        ("status: approved\n", "status: approved\napproved_by: B\napproved_on: 2023-06-20\n", []),
        ("status: approved\n", "status: published\napproved_by: B\napproved_on: 2023-06-20\n", []),
        ("status: approved\n", "status: published\napproved_at: m-2023-07-01\n", []),
        (
            "status: approved\napproved_by: B\n",
            "status: approved\napproved_by: B\napproved_on: 2023-06-20\n",
            [],
        ),
        # Changing or removing a recorded one, or going back: not allowed.
        (
            "status: approved\napproved_by: B\n",
            "status: approved\napproved_by: C\n",
            ["approved_by"],
        ),
        ("status: approved\napproved_on: 2023-06-20\n", "status: approved\n", ["approved_on"]),
        ("status: published\n", "status: approved\n", ["status"]),
        ("status: approved\n", "status: draft\n", ["status"]),
        # A draft is not frozen: approving it is an edit like any other.
        ("status: draft\n", "status: approved\napproved_by: B\napproved_on: 2023-06-20\n", []),
    ],
)
def test_edit_problem_allows_approval_once(old: str, new: str, frozen: list[str]) -> None:
    head = "id: m-2023-06-01\ngroup: m\n"
    assert edit_problem(head + old, head + new) == frozen
