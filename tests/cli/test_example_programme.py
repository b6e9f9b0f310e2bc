"""The example programme in examples/dundee-ijb, end to end: validate, then render both shapes.

The example is a board whose members are people (a Scottish Integration Joint Board), written
from its published minutes. Each test works on a copy in a git repository under tmp_path.
The privacy rule is checked on every public render: no person without `public: true` in the
example's groups.yaml is named, anywhere in the output.
"""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt
from tests.conftest import AS_OF, git, run_tws, run_tws_process

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "dundee-ijb"
MEETINGS = ["dijb-2022-04-20", "dijb-2022-06-22"]
SHAPES = {
    # As shipped: the committee shape, naming people by role.
    "committee": {"style": "committee", "attendance": "by-person"},
    # The programme's own (gov.scot) shape, attendance by organisation.
    "gov-scot": {"style": "gov-scot", "attendance": "by-organisation"},
}

# Facts from the minutes that every render, public or internal, in either shape, shows.
ITEM_TITLES = {
    "dijb-2022-04-20": ["Apologies for absence", "Minutes of previous meetings", "Action tracker"],
    "dijb-2022-06-22": [
        "Apologies for absence",
        "Membership and Chairperson",
        "Trauma-informed practice and leadership update",
    ],
}
DECISIONS = {
    "dijb-2022-04-20": [
        "the minutes of its meetings of 23 February 2022 and 25 March 2022",
        "the action tracker for its meetings",
    ],
    "dijb-2022-06-22": [],
}


class _Text(HTMLParser):
    """The text of an HTML document (what a reader sees), from a real parse."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.feed(html)
        self.close()

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible_text(output: str, fmt: str) -> str:
    """What a reader sees, spaces collapsed: Markdown is rendered first, so escapes go."""
    html = MarkdownIt("commonmark").render(output) if fmt == "md" else output
    return " ".join("".join(_Text(html).parts).split())


def people() -> list[dict[str, Any]]:
    data = yaml.safe_load((EXAMPLE / "data" / "groups.yaml").read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = data["people"]
    return found


def private_names() -> list[str]:
    return [p["name"] for p in people() if not p.get("public", False)]


def public_names() -> list[str]:
    return [p["name"] for p in people() if p.get("public", False)]


def names_of(ids: list[str]) -> list[str]:
    by_id = {p["id"]: p["name"] for p in people()}
    return [by_id[i] for i in ids]


def set_shape(root: Path, shape: str) -> None:
    """Rewrite the board's `minutes:` rules in the copy's groups.yaml for ``shape``."""
    path = root / "data" / "groups.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    board = next(g for g in data["groups"] if g["id"] == "dijb")
    board["minutes"].update(SHAPES[shape])
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def commit_all(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "commit.gpgsign", "false")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Example records")


def copy_example(dest: Path, shape: str = "committee") -> Path:
    """A copy of the example at ``dest`` in the given shape, committed to a new repository."""
    shutil.copytree(EXAMPLE, dest, ignore=shutil.ignore_patterns(".tws-cache", "schemas"))
    if shape != "committee":
        set_shape(dest, shape)
    commit_all(dest)
    return dest


@pytest.fixture(params=sorted(SHAPES))
def example(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The example, copied into tmp_path and committed, in each published shape."""
    return copy_example(tmp_path / "dundee-ijb", request.param)


def render(root: Path, meeting: str, fmt: str, audience: str) -> str:
    result = run_tws(
        "minutes", "render", meeting, "--format", fmt, "--audience", audience,
        "--root", str(root), "--as-of", AS_OF,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_example_as_shipped_is_committee_shaped_and_names_people_by_role() -> None:
    data = yaml.safe_load((EXAMPLE / "data" / "groups.yaml").read_text(encoding="utf-8"))
    board = next(g for g in data["groups"] if g["id"] == "dijb")
    assert board["minutes"] == {
        "style": "committee",
        "attendance": "by-person",
        "number_items": False,
        "called": "the Board",
    }
    # Ids name roles, never people; only the chair and the chief officer are public.
    for person in people():
        # Names are stand-ins: the example copies no one's name out of the Board's minutes.
        assert person["name"].startswith("Stand-in "), person
    assert {p["id"] for p in people() if p.get("public")} == {"chair", "chief-officer"}


def test_the_example_validates_strictly(example: Path) -> None:
    result = run_tws("validate", "--strict", "--root", str(example), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stdout + result.stderr


def test_the_installed_tws_validates_the_example(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "dundee-ijb")
    done = run_tws_process("validate", "--strict", "--root", str(root), "--as-of", AS_OF)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("meeting", MEETINGS)
def test_public_minutes_name_no_one_not_public(example: Path, meeting: str, fmt: str) -> None:
    output = render(example, meeting, fmt, "public")
    text = visible_text(output, fmt)
    for name in private_names():
        assert name.casefold() not in output.casefold(), name
        assert name.casefold() not in text.casefold(), name
    for title in ITEM_TITLES[meeting]:
        assert title in text
    for decision in DECISIONS[meeting]:
        assert decision in text
    assert "apologies" in text.casefold()


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("meeting", MEETINGS)
def test_internal_minutes_name_the_members_present(example: Path, meeting: str, fmt: str) -> None:
    output = render(example, meeting, fmt, "internal")
    text = visible_text(output, fmt)
    path = example / "data" / "meetings" / f"{meeting}.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    for name in names_of(record["attendees"]):
        assert name in text, name
    for title in ITEM_TITLES[meeting]:
        assert title in text
    for decision in DECISIONS[meeting]:
        assert decision in text


# --- what the real minutes lack, on a test-only fictional meeting --------------------------------

# The minutes the example is written from record no deputy, no declaration, no vote and no item
# taken in private. This overlay, written only into the copy under tmp_path and never shipped,
# adds them on a fictional meeting held by fictional people, so that the example's groups and
# people are exercised with every attendance form without inventing facts about anyone real.
FICTIONAL_PEOPLE = [
    {
        "id": "test-absent-member",
        "name": "Zelda Quillfeather",
        "organisation": "nhs-tayside",
        "role": "Non-Executive Member nominated by NHS Tayside (fictional, for tests)",
    },
    {
        "id": "test-proxy",
        "name": "Orrin Thistlewood",
        "organisation": "nhs-tayside",
        "role": "Proxy member nominated by NHS Tayside (fictional, for tests)",
    },
]
FICTIONAL_MEETING = """\
id: dijb-2099-01-01
group: dijb
date: 2099-01-01
start: '10:00'
end: '11:30'
format: in-person
location: A fictional venue
chair: chair
attendees:
  - chair
  - voting-member-nhs-2
apologies:
  - id: test-absent-member
    deputy: test-proxy
in_attendance:
  - id: finance-manager
    capacity: officer
    items:
      - '1'
observers: 2
declarations:
  - by: test-proxy
    item: '1'
    interest: A fictional interest, for the tests only.
    left: true
status: draft
items:
  - number: 1
    title: A fictional item taken in private
    private: true
    papers:
      - reference: TEST(99)1
        title: A fictional paper
    notes:
      - A fictional discussion that stays out of the public minutes.
    decisions:
      - text: the fictional proposal.
        kind: approved
        vote:
          for: 2
          against: 1
"""


def add_fictional_meeting(root: Path) -> None:
    path = root / "data" / "groups.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["people"].extend(FICTIONAL_PEOPLE)
    board = next(g for g in data["groups"] if g["id"] == "dijb")
    board["members"].append({"id": "test-absent-member", "role": "member"})
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    (root / "data" / "meetings" / "dijb-2099-01-01.yaml").write_text(
        FICTIONAL_MEETING, encoding="utf-8"
    )


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_deputy_and_a_declaration_are_not_named_in_public(example: Path, fmt: str) -> None:
    add_fictional_meeting(example)
    checked = run_tws("validate", "--strict", "--root", str(example), "--as-of", AS_OF)
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    public = render(example, "dijb-2099-01-01", fmt, "public")
    for name in [*private_names(), *(p["name"] for p in FICTIONAL_PEOPLE)]:
        assert name.casefold() not in public.casefold(), name
    assert "A fictional item taken in private" in visible_text(public, fmt)
    internal = render(example, "dijb-2099-01-01", fmt, "internal")
    assert "A fictional discussion that stays out of the public minutes." in visible_text(
        internal, fmt
    )


# --- the shipped shape, exactly: committee minutes naming people by role ---------------------


def test_the_committee_minutes_read_as_the_board_publishes_them(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "dundee-ijb")
    for fmt in ("md", "html"):
        text = visible_text(render(root, "dijb-2022-04-20", fmt, "public"), fmt)
        # Sections in the committee order, and the Board's own words for decisions.
        order = ["Present", "In attendance", "Apologies", "Declarations of interest"]
        places = [text.index(h) for h in order]
        assert places == sorted(places), (fmt, places)
        assert "No declarations of interest were made." in text
        assert "IIIa. Minutes of previous meetings" in text
        assert "IIIb. Action tracker" in text
        assert "The Board approved:" in text
        assert "The Board noted:" in text
        assert "DIJB36-2022" in text  # the paper's reference
        # Apologies by role and organisation, never dropped; the public chair named.
        assert "Chief Social Work Officer, Dundee City Health and Social Care" in text
        assert "Stand-in Chair" in text
        june = visible_text(render(root, "dijb-2022-06-22", fmt, "public"), fmt)
        apologies = june.split("Apologies", 1)[1].split("Declarations of interest", 1)[0]
        assert apologies.count("), NHS Tayside") + apologies.count("Tayside, NHS Tayside") == 2
        assert "due by the next meeting" in june


def test_the_note_of_decisions_of_the_example(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "dundee-ijb")
    for fmt in ("md", "html"):
        result = run_tws(
            "minutes", "decisions", "dijb-2022-04-20", "--format", fmt,
            "--root", str(root), "--as-of", AS_OF,
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        text = visible_text(result.stdout, fmt)
        for heading in ("Members attending", "Apologies", "Declarations of interest"):
            assert heading in text
        for decision in DECISIONS["dijb-2022-04-20"]:
            assert decision in text
        for name in private_names():
            assert name.casefold() not in result.stdout.casefold(), name
