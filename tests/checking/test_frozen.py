"""Approved minutes are frozen: `tws validate --since REV` reports unrecorded changes."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import AS_OF, git, run_tws

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
