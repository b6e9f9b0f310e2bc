"""The secretariat's month, start to finish, on a copy of the shipped programme (issue 14).

One month of the Partnership Delivery Group as a secretariat officer lives it, each step run
as a user runs it (the installed ``tws``, in a real git repository, committing as they go):
chase before the meeting, scaffold the minutes, write them, raise and update actions on the
meeting's day, render, keep the draft off the public site, report to SWEP. The month is
February 2024, after the shipped report to SWEP of 31 January 2024, so every shipped record
is in the past. Each step's output is checked for what a person would otherwise fix by hand.
"""

from __future__ import annotations

import email.policy
import json
import re
import shutil
from email.message import EmailMessage
from email.parser import BytesParser
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from tests.conftest import TESTS, git, run_tws_process

REPO = TESTS.parent
CHASE_DAY = "2024-02-12"
MEETING = "pdg-2024-02-22"
MEETING_DAY = "2024-02-22"
DAY_AFTER = "2024-02-23"
REPORT_DAY = "2024-02-29"
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def tws(root: Path, *args: str, as_of: str) -> str:
    """Run ``tws ARGS --root ROOT --as-of DAY``; its stdout (fails the test on a non-zero exit)."""
    done = run_tws_process(*args, "--root", str(root), "--as-of", as_of, cwd=root)
    assert done.returncode == 0, f"tws {' '.join(args)} exited {done.returncode}:\n{done.stderr}"
    assert "Traceback" not in done.stderr
    return done.stdout


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """The shipped programme (data/ and templates/) in a fresh git repository."""
    root = tmp_path / "programme"
    root.mkdir()
    for folder in ("data", "templates"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "commit.gpgsign", "false")
    git(root, "config", "user.name", "Secretariat Officer")
    git(root, "config", "user.email", "secretariat@example.org")
    commit(root, "The programme's records")
    return root


def drafts(folder: Path) -> dict[str, EmailMessage]:
    parser = BytesParser(policy=email.policy.default)
    found: dict[str, EmailMessage] = {}
    for path in sorted(folder.glob("*.eml")):
        message = parser.parsebytes(path.read_bytes())
        assert isinstance(message, EmailMessage)
        found[path.stem] = message
    return found


def body_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    content = part.get_content()
    assert isinstance(content, str)
    return content


def open_titles(root: Path, owner: str, as_of: str) -> set[str]:
    listed = json.loads(
        tws(root, "actions", "list", "--owner", owner, "--open", "-f", "json", as_of=as_of)
    )
    return {row["title"] for row in listed}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def page_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.parts).split())


def step_1_chase_before_the_meeting_writes_drafts_that_can_be_sent(office: Path) -> None:
    folder = office.parent / "chase"
    tws(
        office,
        "actions",
        "chase",
        "--drafts",
        str(folder),
        "--reply-by",
        "2024-02-19",
        as_of=CHASE_DAY,
    )
    messages = drafts(folder)
    assert messages, "no drafts written"
    assert (folder / "to-do.txt").is_file()
    # The secretariat's own actions are a to-do list, not a message to itself.
    assert "tisws-team" not in messages
    for owner, message in messages.items():
        text = body_of(message)
        assert text.startswith("Dear "), owner
        assert "Kind regards" in text, owner
        assert "19 February 2024" in text, owner  # the reply-by date, in words
        assert message["Subject"].startswith("Update requested"), owner
        asked = text.split("Kind regards")[0]
        # Actions in plain words: no raw values or ISO dates in what is asked.
        assert not ISO_DATE.search(asked), (owner, asked)
        assert "not-started" not in asked, owner
        assert "in-progress" not in asked, owner
        # Each action asked about is named by its title; its id only in the reference line.
        reference = re.search(r"^Our reference: (.+)$", text, re.MULTILINE)
        assert reference, (owner, text)
        ids = [i.strip() for i in reference.group(1).split(",")]
        flat = " ".join(asked.split())
        for action_id in ids:
            record = yaml.safe_load(
                (office / "data" / "actions" / f"{action_id}.yaml").read_text(encoding="utf-8")
            )
            assert " ".join(record["title"].split()) in flat, (owner, action_id)
            assert action_id not in asked, (owner, action_id)


def step_2_owners_by_name_or_abbreviation_list_and_chase_alike(office: Path) -> None:
    by_id = open_titles(office, "sssc", CHASE_DAY)
    assert by_id, "SSSC has open actions through the group"
    for typed in ("SSSC", "Scottish Social Services Council", "scottish social services council"):
        assert open_titles(office, typed, CHASE_DAY) == by_id, typed
    for typed in ("sssc", "SSSC"):
        chased = tws(office, "actions", "chase", "--owner", typed, as_of=CHASE_DAY)
        for title in by_id:
            assert " ".join(title.split()[:4]) in " ".join(chased.split()), (typed, title)


def step_3_swep_is_one_body_with_one_id(office: Path) -> None:
    groups = yaml.safe_load((office / "data" / "groups.yaml").read_text(encoding="utf-8"))
    names = [o["name"] for o in groups["organisations"]] + [g["name"] for g in groups["groups"]]
    assert names.count("Social Work Education Partnership") == 1
    assert open_titles(office, "SWEP", CHASE_DAY) == open_titles(office, "swep", CHASE_DAY)


def step_4_the_meeting_day(office: Path) -> None:
    tws(
        office,
        "minutes",
        "new",
        "pdg",
        "--date",
        MEETING_DAY,
        "--format",
        "in-person",
        "--start",
        "10:00",
        as_of=MEETING_DAY,
    )
    path = office / "data" / "meetings" / f"{MEETING}.yaml"
    text = path.read_text(encoding="utf-8")
    assert "status: draft" in text
    commit(office, "Scaffold the minutes of 22 February 2024")

    # The secretariat writes the minutes as a person would, in the file itself.
    text = text.replace("  - cosla\n", "", 1).replace(
        "apologies: []", "apologies:\n  - id: cosla", 1
    )
    text = text.replace(
        "  - title: Welcome and apologies\n",
        "  - title: Welcome and apologies\n"
        "    notes:\n"
        "      - The chair welcomed members. See https://www.gov.scot/ for the programme page.\n",
        1,
    )
    text = text.replace(
        "  - title: Any other business\n",
        "  - title: Work plan\n"
        "    notes:\n"
        "      - 'Update from the secretariat: every member has returned their part.'\n"
        "    decisions:\n"
        "      - The group agreed the updated work plan.\n"
        "  - title: Any other business\n",
        1,
    )
    path.write_text(text, encoding="utf-8")
    tws(office, "validate", as_of=MEETING_DAY)

    # The day after: actions raised at the meeting and an update given at it, dated that day.
    tws(
        office,
        "actions",
        "new",
        "-g",
        "pdg",
        "-t",
        "Share the SSSC's learning resources with members",
        "-o",
        "SSSC",
        "--due",
        "next-meeting",
        "--raised",
        MEETING,
        as_of=DAY_AFTER,
    )
    created = sorted((office / "data" / "actions").glob("pdg-*.yaml"))[-1]
    action = yaml.safe_load(created.read_text(encoding="utf-8"))
    assert action["owners"] == ["sssc"]  # the id is written, never the name typed
    assert action["raised"] == MEETING
    meeting = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert action["id"] in meeting["actions"]

    tws(
        office,
        "actions",
        "update",
        "pdg-003",
        "--status",
        "done",
        "--by",
        "tisws-team",
        "--meeting",
        MEETING,
        "--note",
        "Every member has returned their part.",
        as_of=DAY_AFTER,
    )
    done = yaml.safe_load(
        (office / "data" / "actions" / "pdg-003.yaml").read_text(encoding="utf-8")
    )
    assert str(done["completed"]) == MEETING_DAY
    assert str(done["updates"][-1]["date"]) == MEETING_DAY
    # An update that came in by e-mail two days before the meeting, dated the day it came.
    tws(
        office,
        "actions",
        "update",
        "pdg-006",
        "--by",
        "tisws-team",
        "--on",
        "2024-02-20",
        "--note",
        "A draft communications strategy went to members.",
        as_of=DAY_AFTER,
    )
    updated = yaml.safe_load(
        (office / "data" / "actions" / "pdg-006.yaml").read_text(encoding="utf-8")
    )
    assert str(updated["updates"][-1]["date"]) == "2024-02-20"
    tws(office, "validate", as_of=DAY_AFTER)
    commit(office, "Minutes of 22 February 2024 written; actions raised and updated")


def step_5_render_the_draft_minutes(office: Path) -> None:
    html = tws(office, "minutes", "render", MEETING, "--format", "html", as_of=DAY_AFTER)
    text = " ".join(html.split())
    assert "Draft" in text
    assert "Convention of Scottish Local Authorities (COSLA)" in text  # apologies, as published
    assert '<a href="https://www.gov.scot/"' in html  # a web address in a note becomes a link
    assert "The group agreed the updated work plan." in text
    assert "Share the SSSC" in text


def step_6_drafts_stay_off_the_public_site(office: Path) -> None:
    site = office.parent / "site"
    tws(office, "site", "build", "-o", str(site), as_of=DAY_AFTER)
    for page in site.rglob("*"):
        if page.is_file() and page.suffix in {".html", ".xml", ".ics", ".json", ".txt"}:
            assert MEETING not in page.read_text(encoding="utf-8"), page
    assert not (site / "meetings" / f"{MEETING}.html").exists()

    internal = office.parent / "site-drafts"
    tws(office, "site", "build", "-o", str(internal), "--include-drafts", as_of=DAY_AFTER)
    page = internal / "meetings" / f"{MEETING}.html"
    assert page.is_file()
    assert "Draft" in page_text(page)


def step_7_report_to_swep_at_the_month_end(office: Path) -> None:
    tws(office, "report", "new", "--for", "SWEP", as_of=REPORT_DAY)
    path = office / "data" / "reports" / f"swep-{REPORT_DAY}.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert record["status"] == "draft"
    assert str(record["period"]["from"]) == "2024-01-01"  # since the previous report's period
    tws(office, "validate", as_of=REPORT_DAY)
    html = tws(
        office, "report", "render", f"swep-{REPORT_DAY}", "--format", "html", as_of=REPORT_DAY
    )
    text = " ".join(html.split())
    assert (
        "Update the work plan and return it to the secretariat" in text
    )  # completed in the period
    assert "Share the SSSC" in text  # raised in the period
    commit(office, "Draft report to SWEP, February 2024")

    site = office.parent / "site-report"
    tws(office, "site", "build", "-o", str(site), as_of=REPORT_DAY)
    reports = (site / "reports.html").read_text(encoding="utf-8")
    assert "reports/swep-2024-01-31.html" in reports  # the submitted report
    assert f"swep-{REPORT_DAY}" not in reports  # the draft stays internal
    assert not (site / "reports" / f"swep-{REPORT_DAY}.html").exists()
    assert (site / "reports" / "swep-2024-01-31.docx").is_file()
    assert git(office, "status", "--porcelain") == ""


def test_a_month_in_the_secretariat(office: Path) -> None:
    """The month's steps in order, on one repository (one test: each step builds on the last,
    so they must not be shared between the suite's workers)."""
    step_1_chase_before_the_meeting_writes_drafts_that_can_be_sent(office)
    step_2_owners_by_name_or_abbreviation_list_and_chase_alike(office)
    step_3_swep_is_one_body_with_one_id(office)
    step_4_the_meeting_day(office)
    step_5_render_the_draft_minutes(office)
    step_6_drafts_stay_off_the_public_site(office)
    step_7_report_to_swep_at_the_month_end(office)
