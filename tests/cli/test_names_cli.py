"""Names people use, as a user types them: `--owner SSSC`, `--group "Partnership Delivery
Group"`, a meeting as `pdg 2022-08-25`; ambiguity and the nearest across kinds (exit 2); edits
write ids, never the text typed; `actions list --owner` and `actions chase --owner` find the
same actions for every owner of the shipped programme."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from tests.conftest import AS_OF, copy_base, run_tws

REPO = Path(__file__).resolve().parents[2]
SHIPPED_DAYS = ("2022-09-30", "2023-07-15")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's own programme (tws writes its parse cache at the root)."""
    root = tmp_path_factory.mktemp("shipped")
    shutil.copytree(REPO / "data", root / "data")
    return root


def ids(result_stdout: str) -> list[str]:
    return [row["id"] for row in json.loads(result_stdout)]


@pytest.mark.parametrize(
    "owner",
    ["sssc", "SSSC", "Scottish Social Services Council", "scottish SOCIAL services council"],
)
def test_list_takes_an_owner_by_id_name_or_abbreviation(shipped: Path, owner: str) -> None:
    result = run_tws(
        "actions", "list", "--owner", owner, "--open", "-f", "json", "--root", str(shipped),
        "--as-of", "2022-09-30",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    # SSSC owns nothing itself: it answers for the Partnership Delivery Group's actions.
    assert [r["id"] for r in found] == ["pdg-002", "pdg-003", "pdg-006"]
    assert all(r["via"] == ["pdg"] for r in found)


def test_chase_by_abbreviation_is_not_empty_when_list_is_not(shipped: Path) -> None:
    common = ("--root", str(shipped), "--as-of", "2022-09-30")
    listed = run_tws("actions", "list", "--owner", "SSSC", "--open", *common)
    chased = run_tws("actions", "chase", "--owner", "SSSC", *common)
    assert listed.exit_code == chased.exit_code == 0
    assert "Nothing to chase" not in chased.stdout
    assert "Update the work plan and return it to the secretariat" in chased.stdout


def test_swep_is_one_owner(shipped: Path) -> None:
    common = ("-f", "json", "--root", str(shipped), "--as-of", "2022-09-30")
    by_id = run_tws("actions", "list", "--owner", "swep", *common)
    assert "pdg-001" in ids(by_id.stdout)  # its own action, under its one id
    for typed in ("SWEP", "Social Work Education Partnership"):
        assert ids(run_tws("actions", "list", "--owner", typed, *common).stdout) == ids(
            by_id.stdout
        )


def _owners(root: Path) -> list[str]:
    groups = yaml.safe_load((root / "data/groups.yaml").read_text(encoding="utf-8"))
    return [e["id"] for section in ("organisations", "people", "groups") for e in groups[section]]


@pytest.mark.parametrize("day", SHIPPED_DAYS)
def test_list_and_chase_find_the_same_actions_for_every_owner(shipped: Path, day: str) -> None:
    common = ("--root", str(shipped), "--as-of", day, "-f", "json")
    # Everything open is chased: due within a century, stale after no days.
    every = ("--within", "36500", "--stale-days", "0")
    owners = _owners(shipped)
    assert "swep" in owners
    assert "sssc" in owners
    for owner in owners:
        listed = run_tws("actions", "list", "--owner", owner, "--open", *common)
        chased = run_tws("actions", "chase", "--owner", owner, *every, *common)
        assert listed.exit_code == chased.exit_code == 0, (owner, chased.stderr)
        in_chase = {a["id"] for block in json.loads(chased.stdout) for a in block["actions"]}
        assert set(ids(listed.stdout)) == in_chase, owner


def test_list_and_chase_agree_for_people_through_their_organisation(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "prog")
    common = ("--root", str(root), "--as-of", AS_OF, "-f", "json")
    every = ("--within", "36500", "--stale-days", "0")
    # Robin is a member of the Advisory Group; their organisation, Gamma Trust, of the
    # Delivery Group: Robin answers for both groups' actions and Gamma Trust's own.
    listed = run_tws("actions", "list", "--owner", "Robin Publicname", "--open", *common)
    rows = {r["id"]: r["via"] for r in json.loads(listed.stdout)}
    assert rows["del-003"] == ["gamma-trust"]
    assert rows["del-002"] == ["gamma-trust", "delivery"]
    for owner in _owners(root):
        listed = run_tws("actions", "list", "--owner", owner, "--open", *common)
        chased = run_tws("actions", "chase", "--owner", owner, *every, *common)
        in_chase = {a["id"] for block in json.loads(chased.stdout) for a in block["actions"]}
        assert set(ids(listed.stdout)) == in_chase, owner


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("actions", "list", "--owner", "SSSC Council"),
         "`SSSC Council` is not an owner; did you mean `sssc`? "
         "(the organisation Scottish Social Services Council)"),
        (("actions", "list", "--owner", "Scottish Social Services"),  # a name cut short
         "did you mean `sssc`? (the organisation Scottish Social Services Council)"),
        (("actions", "list", "--group", "sssc"),
         "`sssc` is an organisation (Scottish Social Services Council), not a group"),
        (("actions", "show", "pdg"),
         "`pdg` is a group (Trauma Responsive Social Work Services Partnership Delivery "
         "Group), not an action; `tws actions list` lists the actions"),
        (("actions", "show", "pdgg"),
         "`pdgg` is not an action; the nearest name is `pdg` (the group"),
        (("minutes", "render", "pdg 2022-08-26"),
         "`pdg 2022-08-26` is not a meeting; did you mean `pdg-2022-08-25`? (the meeting of "
         "the Partnership Delivery Group on 25 August 2022)"),
        (("report", "progress", "--for", "Partnership Delivery"),
         "did you mean `pdg`?"),
        (("members", "Expert Advisory"), "did you mean `eag`? (the group"),
    ],
)  # fmt: skip
def test_unknown_names_are_usage_errors_naming_the_nearest(
    shipped: Path, args: tuple[str, ...], said: str
) -> None:
    result = run_tws(*args, "--root", str(shipped), "--as-of", "2022-09-30")
    assert result.exit_code == 2
    assert said in result.stderr
    assert "known:" not in result.stderr  # no list of ids, cut short or not
    assert result.stderr.count("\n") == 1  # one line


@pytest.mark.parametrize(
    ("args", "first_line"),
    [
        (("minutes", "render", "PDG 2022-08-25"), "# Trauma Responsive"),
        (("minutes", "render", "Partnership Delivery Group 2022-08-25"), "# Trauma Responsive"),
        (("actions", "show", "PDG-003"), "pdg-003: Update the work plan"),
        (("members", "Partnership Delivery Group", "-f", "csv"), "id,name,kind"),
        (("report", "render", "SWEP"), "#"),
    ],
)
def test_names_work_for_arguments_too(
    shipped: Path, args: tuple[str, ...], first_line: str
) -> None:
    result = run_tws(*args, "--root", str(shipped), "--as-of", "2024-02-01")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.lstrip("\ufeff").startswith(first_line)


def test_a_group_member_is_listed_as_a_group(shipped: Path) -> None:
    result = run_tws(
        "members", "pdg", "-f", "json", "--root", str(shipped), "--as-of", "2022-09-30"
    )
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    assert rows["swep"]["kind"] == "group"
    assert rows["swep"]["name"] == "Social Work Education Partnership"
    assert rows["sssc"]["kind"] == "organisation"


def test_ambiguous_names_list_the_candidates(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "prog")
    groups = root / "data/groups.yaml"
    text = groups.read_text(encoding="utf-8")
    groups.write_text(
        text.replace("name: Gamma Trust\n", "name: Gamma Trust\n    abbreviation: BHB\n"),
        encoding="utf-8",
    )
    result = run_tws("actions", "list", "--owner", "bhb", "--root", str(root), "--as-of", AS_OF)
    assert result.exit_code == 2
    assert "`bhb` could be more than one owner: " in result.stderr
    assert "`beta-health` (the organisation Beta Health Board)" in result.stderr
    assert "`gamma-trust` (the organisation Gamma Trust)" in result.stderr


def _action(root: Path, ident: str) -> dict[str, object]:
    loaded = yaml.safe_load((root / f"data/actions/{ident}.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_edits_write_ids_never_the_names_typed(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "prog")
    common = ("--root", str(root), "--as-of", AS_OF)
    new = run_tws(
        "actions", "new", "--group", "Delivery Group", "--title", "Share the referral map",
        "--owner", "BHB", "--owner", "Robin Publicname", "--owner", "beta-health",
        "--raised", "DELIVERY 2023-06-01", "--workstream", "WS-ONE", *common,
    )  # fmt: skip
    assert new.exit_code == 0, new.stderr
    ident = new.stderr.strip().rsplit(" ", 1)[-1]
    action = _action(root, ident)
    assert action["group"] == "delivery"
    assert action["owners"] == ["beta-health", "robin-public"]  # the same owner once
    assert action["raised"] == "delivery-2023-06-01"
    assert action["workstream"] == "ws-one"
    meeting = (root / "data/meetings/delivery-2023-06-01.yaml").read_text(encoding="utf-8")
    assert f"- {ident}" in meeting or ident in meeting
    update = run_tws(
        "actions", "update", ident.upper(), "--by", "Beta Health Board", "--note", "Started.",
        "--meeting", "Delivery Group 2023-06-01", *common,
    )  # fmt: skip
    assert update.exit_code == 0, update.stderr
    last = _action(root, ident)["updates"]
    assert isinstance(last, list)
    assert last[-1]["by"] == "beta-health"
    assert str(last[-1]["date"]) == "2023-06-01"
    text = (root / f"data/actions/{ident}.yaml").read_text(encoding="utf-8")
    for typed in ("BHB", "Beta Health Board", "Delivery Group", "Robin Publicname"):
        assert typed not in text
    assert run_tws("validate", *common).exit_code == 0


def test_a_refused_name_writes_nothing(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "prog")
    before = sorted(p.name for p in (root / "data/actions").iterdir())
    result = run_tws(
        "actions", "new", "--group", "Delivery Group", "--title", "Anything",
        "--owner", "Beta Helth", "--root", str(root), "--as-of", AS_OF,
    )  # fmt: skip
    assert result.exit_code == 2
    assert "`Beta Helth` is not an owner; did you mean `beta-health`?" in result.stderr
    assert sorted(p.name for p in (root / "data/actions").iterdir()) == before


def test_minutes_new_and_report_new_take_names(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "prog")
    common = ("--root", str(root), "--as-of", AS_OF)
    made = run_tws("minutes", "new", "Delivery Group", "--date", "2023-07-14", *common)
    assert made.exit_code == 0, made.stderr
    assert (root / "data/meetings/delivery-2023-07-14.yaml").is_file()
    report = run_tws(
        "report", "new", "--for", "Programme Board", "--author", "Alpha Council",
        "--date", "2023-07-14", *common,
    )  # fmt: skip
    assert report.exit_code == 0, report.stderr
    written = yaml.safe_load(
        (root / "data/reports/board-2023-07-14.yaml").read_text(encoding="utf-8")
    )
    assert written["for"] == "board"
    assert written["author"] == "alpha-council"


def test_prompts_take_names_and_write_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from trauma_ws.cli import prompts

    monkeypatch.setattr(prompts, "interactive", lambda: True)
    root = copy_base(tmp_path / "prog")
    answers = [
        "Delivery Group",  # the group by name
        "Bring the referral figures",
        "BHB, Gamma Trust",  # owners by abbreviation and name
        "",  # done
        "delivery 2023-06-01",  # the meeting by group and date
        "",  # no due date
    ]
    result = run_tws(
        "actions", "new", "--root", str(root), "--as-of", AS_OF,
        input="".join(f"{a}\n" for a in answers),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    text = (root / "data/actions/del-009.yaml").read_text(encoding="utf-8")
    assert "group: delivery\n" in text
    assert "owners:\n  - beta-health\n  - gamma-trust\n" in text
    assert "raised: delivery-2023-06-01\n" in text


def test_several_owners_in_one_option_are_told_to_repeat_it(tmp_path: Path) -> None:
    """`-o "SSSC, tisws-team"` names two owners: the refusal says to give each its own -o
    (quoted for the shell where a name has spaces), and nothing is written."""
    root = copy_base(tmp_path / "prog")
    before = sorted(p.name for p in (root / "data/actions").iterdir())
    result = run_tws(
        "actions", "new", "-g", "delivery", "-t", "Two owners", "-o", "Beta Health Board, sec-org",
        "--root", str(root), "--as-of", AS_OF,
    )  # fmt: skip
    assert result.exit_code == 2, result.stderr
    assert "`Beta Health Board, sec-org` names 2, not one owner" in result.stderr
    assert "(-o 'Beta Health Board' -o sec-org)" in result.stderr
    assert sorted(p.name for p in (root / "data/actions").iterdir()) == before


def test_a_meeting_not_yet_recorded_says_how_to_scaffold_it(tmp_path: Path) -> None:
    """Approving at a later meeting whose minutes are not recorded yet: the refusal still
    offers the nearest meeting (a mistyped date) and says how to scaffold the later one."""
    root = copy_base(tmp_path / "prog")
    result = run_tws(
        "minutes", "approve", "delivery-2023-06-01", "--at", "delivery-2023-09-14",
        "--root", str(root), "--as-of", "2023-10-01",
    )  # fmt: skip
    assert result.exit_code == 2, result.stderr
    assert "`delivery-2023-09-14` is not a meeting (--at); did you mean" in result.stderr
    assert "If it is the Delivery Group meeting on 14 September 2023, its minutes are not " in (
        result.stderr
    )
    assert "`tws minutes new delivery --date 2023-09-14`" in result.stderr
    # Not for an unknown group, nor a date that does not exist.
    for text in ("nobody-2023-09-14", "delivery-2023-02-30"):
        result = run_tws("minutes", "render", text, "--root", str(root), "--as-of", AS_OF)
        assert result.exit_code == 2
        assert "scaffold" not in result.stderr
