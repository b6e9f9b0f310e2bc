"""`tws minutes new`: the standard agenda of the group's style, carried-forward time, place
and format, and nothing written that goes stale; `tws validate` passes right after it and
`tws minutes render` renders it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from tests.conftest import AS_OF, run_tws

NEW = "data/meetings/delivery-2023-07-10.yaml"
PREVIOUS = "data/meetings/delivery-2023-06-01.yaml"
TITLES = [
    "Welcome and apologies",
    "Declarations of interest",
    "Minutes of the previous meeting and matters arising",
    "Action log",
    "Any other business",
    "Date of next meeting",
]


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


def scaffold(root: Path, *options: str, group: str = "delivery") -> tuple[str, dict[str, object]]:
    """Run `minutes new` for 10 July 2023; the file's text and data."""
    code, out, err = tws(root, "minutes", "new", group, "--date", "2023-07-10", *options)
    assert code == 0, err
    rel = out.strip()
    text = (root / rel).read_text(encoding="utf-8")
    return text, yaml.safe_load(text)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def set_style(root: Path, rules: str) -> None:
    """Give the Delivery Group a `minutes:` mapping."""
    edit(
        root / "data/groups.yaml",
        "    purpose: Oversee delivery of the workplan.\n",
        f"    purpose: Oversee delivery of the workplan.\n    minutes: {rules}\n",
    )


def valid_and_renders(root: Path, ident: str = "delivery-2023-07-10") -> None:
    code, out, err = tws(root, "validate", "--strict")
    assert code == 0, out + err
    for fmt in ("md", "html"):
        for audience in ("public", "internal"):
            code, out, err = tws(
                root, "minutes", "render", ident, "--format", fmt, "--audience", audience
            )
            assert code == 0, err
            if audience == "public":
                assert "del-0" not in out  # no action ids in the public minutes


# --- the agenda ----------------------------------------------------------------------------------


def test_gov_scot_scaffold(programme: Path) -> None:
    text, data = scaffold(programme)
    items = data["items"]
    assert [i["title"] for i in items] == TITLES
    assert all("number" not in i for i in items)
    # The action log is rendered from the records: the item holds nothing else.
    assert items[3] == {"title": "Action log", "action_log": True}
    assert data["status"] == "draft"
    assert data["number"] == 3
    assert data["apologies"] == []
    assert data["actions"] == []
    for left_out in ("declarations", "purpose", "in_attendance", "start", "end", "next_meeting"):
        assert left_out not in data, left_out
    # Guidance, as comments.
    assert "# in_attendance:\n" in text
    assert "capacity" in text
    assert "`declarations: []`" in text
    assert "# purpose: optional" in text
    assert "deputy" in text
    # Nothing written from the records that could go stale.
    items_text = text[text.index("\nitems:") :]
    assert not re.search(r"\d{4}-\d{2}", items_text.replace("delivery-2023-", "")), items_text
    for stale in ("del-0", "overdue", "not started", "in progress", "blocked", "due "):
        assert stale not in items_text, stale
    valid_and_renders(programme)


def test_the_previous_minutes_item_says_how_to_record_their_approval(programme: Path) -> None:
    text, _ = scaffold(programme)
    command = "tws minutes approve delivery-2023-06-01 --at delivery-2023-07-10"
    assert f"# {command}\n" in text
    code, _, err = tws(programme, *command.split()[1:])
    assert code == 0, err
    assert tws(programme, "validate")[0] == 0


def test_committee_items_are_numbered(programme: Path) -> None:
    set_style(programme, "{style: committee, attendance: by-person}")
    text, data = scaffold(programme)
    items = data["items"]
    assert [i["title"] for i in items] == TITLES
    assert [i["number"] for i in items] == [1, 2, 3, 4, 5, 6]
    assert "  - number: 1\n    title: Welcome and apologies\n" in text
    assert "Number them from 5" in text
    valid_and_renders(programme)


def test_committee_items_numbered_automatically_get_no_number(programme: Path) -> None:
    set_style(programme, "{style: committee, number_items: true}")
    text, data = scaffold(programme)
    assert [i["title"] for i in data["items"]] == TITLES
    assert all("number" not in i for i in data["items"])
    assert "Number them" not in text
    valid_and_renders(programme)


def test_a_group_s_first_meeting(programme: Path) -> None:
    """No previous meeting: no number, format, time or place is invented."""
    edit(
        programme / "data/groups.yaml",
        "  - id: board\n",
        "  - id: steering\n    name: Steering Group\n    purpose: Steer.\n    members:\n"
        "      - id: gamma-trust\n        role: chair\n      - id: beta-health\n"
        "        role: member\n  - id: board\n",
    )
    text, data = scaffold(programme, group="steering")
    for left_out in ("number", "format", "location", "start", "end", "purpose"):
        assert left_out not in data, left_out
    assert data["chair"] == "gamma-trust"
    assert "No earlier meeting of the group is recorded" in text
    valid_and_renders(programme, "steering-2023-07-10")


# --- carried forward -----------------------------------------------------------------------------


def test_time_place_and_format_are_carried_forward(programme: Path) -> None:
    edit(programme / PREVIOUS, "format: hybrid\n", "start: 10:00\nend: 12:30\nformat: hybrid\n")
    text, _ = scaffold(programme)
    assert "start: 10:00\nend: 12:30\nformat: hybrid\nlocation: Alpha Council HQ\n" in text
    valid_and_renders(programme)


@pytest.mark.parametrize(
    ("options", "written"),
    [
        (("--start", "14:00"), "start: 14:00\nformat: hybrid\n"),  # the old end no longer fits
        (("--start", "9:30", "--end", "11:00"), "start: 09:30\nend: 11:00\nformat: hybrid\n"),
        (("--end", "13:00"), "start: 10:00\nend: 13:00\nformat: hybrid\n"),
        (
            ("--format", "online", "--location", "Room 2: the annexe"),
            "end: 12:30\nformat: online\nlocation: 'Room 2: the annexe'\n",
        ),
    ],
)
def test_options_override_what_is_carried_forward(
    programme: Path, options: tuple[str, ...], written: str
) -> None:
    edit(programme / PREVIOUS, "format: hybrid\n", "start: 10:00\nend: 12:30\nformat: hybrid\n")
    text, _ = scaffold(programme, *options)
    assert written in text
    assert tws(programme, "validate")[0] == 0


def test_no_format_is_invented(programme: Path) -> None:
    edit(programme / PREVIOUS, "format: hybrid\n", "")
    _, data = scaffold(programme)
    assert "format" not in data
    assert data["location"] == "Alpha Council HQ"
    valid_and_renders(programme)


def test_purpose_when_given(programme: Path) -> None:
    purpose = "Agree the plan for the autumn, and hear from the working groups on their progress."
    text, data = scaffold(programme, "--purpose", purpose)
    assert data["purpose"] == purpose
    assert "# purpose:" not in text
    valid_and_renders(programme)


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (("--start", "25:00"), "--start: `25:00` is not a time of day"),
        (("--end", "9.30"), "--end: `9.30` is not a time of day"),
        (("--start", "10:00", "--end", "09:00"), "would end at 09:00, not after it starts"),
        (("--end", "09:00"), "carry forward"),
        (("--format", "zoom"), "--format must be in-person, online or hybrid"),
        (("--purpose", " "), "--purpose must not be empty"),
    ],
)
def test_bad_options_write_nothing(programme: Path, options: tuple[str, ...], said: str) -> None:
    edit(programme / PREVIOUS, "format: hybrid\n", "start: 10:00\nend: 12:30\nformat: hybrid\n")
    before = snapshot(programme)
    code, out, err = tws(programme, "minutes", "new", "delivery", "--date", "2023-07-10", *options)
    assert code == 2, err
    assert out == ""
    assert said in err
    assert snapshot(programme) == before
    assert not (programme / NEW).exists()
