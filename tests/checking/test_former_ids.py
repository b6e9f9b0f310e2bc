"""One body, one id: `formerly` records an id merged into another (issue 14 item 2).

A body recorded under two ids (as SWEP was, once a group and once an organisation) is merged
into one by renaming every reference and listing the old id under `formerly`. Approved
minutes may change by that rename alone (`tws validate --since`); any other change still needs
a recorded correction; a file that still uses the old id is told the id to use; and an old
id still in use as a record's own id is an error.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import AS_OF, git, run_tws

APPROVED = "data/meetings/delivery-2023-03-01.yaml"  # approved, lists beta-health in apologies
OLD, NEW = "beta-health", "beta-health-board"
FORMERLY = f"    abbreviation: BHB\n    formerly: [{OLD}]\n"


def rename_everywhere(root: Path, *, formerly: bool) -> None:
    """Write NEW for OLD in every record, as a person merging the ids would."""
    word = re.compile(rf"(?<![\w-]){re.escape(OLD)}(?![\w-])")
    for path in (root / "data").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(word.sub(NEW, text), encoding="utf-8")
    if formerly:
        groups = root / "data" / "groups.yaml"
        text = groups.read_text(encoding="utf-8")
        assert "    abbreviation: BHB\n" in text
        groups.write_text(text.replace("    abbreviation: BHB\n", FORMERLY, 1), encoding="utf-8")


def validate(root: Path, *args: str) -> tuple[int, str]:
    result = run_tws("validate", "--root", str(root), "--as-of", AS_OF, *args)
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout


def test_a_rename_listed_under_formerly_leaves_approved_minutes_valid(git_programme: Path) -> None:
    base = git(git_programme, "rev-parse", "HEAD").strip()
    rename_everywhere(git_programme, formerly=True)
    assert NEW in (git_programme / APPROVED).read_text(encoding="utf-8")
    git(git_programme, "commit", "-qam", "One body, one id")
    assert validate(git_programme, "--since", base) == (0, "")


def test_without_formerly_the_rename_is_a_change_to_approved_minutes(git_programme: Path) -> None:
    base = git(git_programme, "rev-parse", "HEAD").strip()
    rename_everywhere(git_programme, formerly=False)
    code, out = validate(git_programme, "--since", base)
    assert code == 1
    assert f"{APPROVED}:" in out
    assert "[frozen-minutes]" in out


def test_formerly_does_not_excuse_another_change(git_programme: Path) -> None:
    base = git(git_programme, "rev-parse", "HEAD").strip()
    rename_everywhere(git_programme, formerly=True)
    path = git_programme / APPROVED
    path.write_text(path.read_text().replace("purpose: ", "purpose: Rewritten. ", 1))
    code, out = validate(git_programme, "--since", base)
    assert code == 1
    (line,) = [x for x in out.splitlines() if "[frozen-minutes]" in x]
    assert "`purpose`" in line
    assert "`apologies`" not in line


def test_a_file_still_using_the_old_id_is_told_the_new_one(programme: Path) -> None:
    rename_everywhere(programme, formerly=True)
    path = programme / APPROVED
    path.write_text(path.read_text().replace(NEW, OLD))  # a branch made before the merge
    code, out = validate(programme)
    assert code == 1
    lines = [x for x in out.splitlines() if "[former-id]" in x]
    assert lines
    for line in lines:
        assert re.match(rf"{re.escape(APPROVED)}:\d+:\d+: error: `{OLD}` is now `{NEW}`", line)
        assert f"write `{NEW}`" in line


def test_an_old_id_still_in_use_is_an_error(programme: Path) -> None:
    groups = programme / "data" / "groups.yaml"
    text = groups.read_text(encoding="utf-8")
    groups.write_text(
        text.replace(
            "    abbreviation: BHB\n", "    abbreviation: BHB\n    formerly: [alpha-council]\n", 1
        )
    )
    code, out = validate(programme)
    assert code == 1
    (line,) = [x for x in out.splitlines() if "formerly" in x]
    assert line.startswith("data/groups.yaml:")
    assert "`alpha-council` is listed under `formerly` but is still an id" in line
    assert "[duplicate-id]" in line


def test_the_command_line_takes_the_old_id_for_the_new(programme: Path) -> None:
    rename_everywhere(programme, formerly=True)
    by_old = run_tws(
        "actions", "list", "--owner", OLD, "-f", "json", "--root", str(programme), "--as-of", AS_OF
    )
    by_new = run_tws(
        "actions", "list", "--owner", NEW, "-f", "json", "--root", str(programme), "--as-of", AS_OF
    )
    assert by_old.exit_code == 0, by_old.stderr
    assert by_old.stdout == by_new.stdout
    assert NEW in by_new.stdout
