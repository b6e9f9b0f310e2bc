"""Minutes in the group's shape: the committee shape, attendance by the group's rule, numbered
items, decisions in the body's words, private items and the action log, in both formats."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from tests.conftest import AS_OF, TESTS, git, run_tws
from tests.publishing.test_render import NASTY, Page, check_page, markdown

COMMITTEE = TESTS / "fixtures" / "committee"
MEETING = "board-2023-05-10"
PRIVATE_NAMES = (
    "Pat Privateperson",
    "Sam Hiddenname",
    "Dee Deputyname",
    "Fiona Financename",
    "Casey Clerkname",
)
PRIVATE_IDS = ("pat-private", "sam-hidden", "dee-deputy", "fin-officer", "clerk-person")
NOT_PUBLISHED = (
    "Confidential discussion",  # the notes of the item taken in private
    "Legal advice",  # an internal item
    "contract dispute",
    "five per cent",  # an internal decision
)


def committee(tmp_path: Path) -> Path:
    """The committee fixture programme in a fresh git repository; its root."""
    root = tmp_path / "board"
    shutil.copytree(COMMITTEE, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "Initial records")
    return root


@pytest.fixture
def board(tmp_path: Path) -> Path:
    return committee(tmp_path)


def edit(root: Path, rel: str, change: dict[str, object]) -> None:
    """Set top-level keys of a record file (None removes the key)."""
    path = root / rel
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key, value in change.items():
        if value is None:
            doc.pop(key, None)
        else:
            doc[key] = value
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")


def set_rules(root: Path, group: str, **rules: object) -> None:
    path = root / "data/groups.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for g in doc["groups"]:
        if g["id"] == group:
            g.setdefault("minutes", {}).update(rules)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")


def tws_ok(*args: str, root: Path) -> str:
    result = run_tws(*args, "--root", str(root), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def minutes(root: Path, *args: str, meeting: str = MEETING) -> str:
    return tws_ok("minutes", "render", meeting, *args, root=root)


class Outline(HTMLParser):
    """Headings (level, text) and, under each, its list items and paragraphs, from a parse."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str]] = []
        self.under: dict[str, list[str]] = {}
        self.links: list[str] = []
        self._open: str | None = None
        self._text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"h1", "h2", "h3", "h4", "li", "p"}:
            self._open, self._text = tag, []
        if tag == "a":
            self.links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag != self._open:
            return
        text = " ".join("".join(self._text).split())
        if tag[0] == "h":
            self.headings.append((int(tag[1]), text))
            self.under[text] = []
        elif self.headings:
            self.under[self.headings[-1][1]].append(text)
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)


def outline_md(text: str) -> Outline:
    return Outline(markdown(text))


# --- the committee shape --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_committee_minutes_have_the_committee_shape(board: Path, fmt: str) -> None:
    out = minutes(board, "-f", fmt)
    doc = Outline(out) if fmt == "html" else outline_md(out)
    if fmt == "html":
        check_page(out)
    assert doc.headings == [
        (1, "Trust Board: minutes of 10 May 2023"),
        (2, "Present"),
        (2, "In attendance"),
        (2, "Apologies"),
        (2, "Declarations of interest"),
        (2, "1. Welcome and apologies"),
        (2, "Items for decision"),
        (3, "2. Budget 2023/24"),
        (3, "7. Staffing restructure"),
        (3, "8. Action log"),
        (2, "Other business"),  # the section starts at an internal item, left out here
        (3, "10. Any other business"),
        (2, "Next steps/actions"),
        (2, "Date of next meeting"),
    ]
    first = doc.under["Trust Board: minutes of 10 May 2023"]
    assert first[0] == (
        "Minutes of the third meeting of the Trust Board, held on 10 May 2023, from 10:00 to "
        "12:30 at Board Room, Alpha House, in person."
    )
    assert "These minutes were approved by The Trust's Audit Committee on 20 June 2023." in first
    assert doc.under["Present"] == [
        "Morag Chairperson, Chair of the Board (Alpha Council) (Chair)",
        "Robin Publicname (Gamma Trust)",
        "Lead officer, Beta Health Board",
        "Deputy Director, Gamma Trust (deputising for a representative of Gamma Trust)",
    ]
    assert doc.under["In attendance"] == [
        "Clerk, Alpha Council – secretariat",
        "Finance Officer, Alpha Council – officer, for item 2",
    ]
    assert doc.under["Apologies"] == ["A representative of Gamma Trust", "2 observers attended."]
    assert doc.under["Declarations of interest"] == [
        "Lead officer, Beta Health Board declared an interest in item 2: A member of Gamma "
        "Trust's finance committee. They left the meeting for that item."
    ]
    budget = doc.under["2. Budget 2023/24"]
    assert budget[:4] == [
        "Presented by Finance Officer, Alpha Council.",
        "Papers:",
        "TB(23)05 – Budget 2023/24"
        + ("" if fmt == "html" else " https://example.org/papers/tb-23-05.pdf"),
        "Risk register",
    ]
    assert budget[4:] == [
        "The Finance Officer presented the budget.",
        "The Board approved:",
        "The budget for 2023/24 (for 2, against 1, abstentions 1)",
        "The capital plan",
        "The Board noted:",
        "The risk register",
        "The Board agreed:",
        "The finance team to report quarterly.",
        "Actions arising:",
        "Report on the budget each quarter – Finance Officer, Alpha Council; due October 2023",
    ]
    assert "https://example.org/papers/tb-23-05.pdf" in doc.links
    assert doc.under["7. Staffing restructure"] == [
        "This item was taken in private.",
        "Resolved:",
        "The staffing restructure goes ahead",
    ]
    assert doc.under["10. Any other business"] == [
        "Deferred:",
        "The proposal for a new office",
        "The Board rejected:",
        "The motion to close the café (for 1, against 3, abstentions 0)",
    ]
    assert doc.under["Next steps/actions"] == [
        "Report on the budget each quarter – Finance Officer, Alpha Council; due October 2023",
        "Review the board's standing orders – Morag Chairperson, Chair of the Board (Alpha "
        "Council) and a representative of Gamma Trust; due by the next meeting",
    ]
    assert doc.under["Date of next meeting"] == ["The next meeting will be held on 12 July 2023."]


def test_action_log_is_the_records_as_on_the_meeting_date(board: Path) -> None:
    for fmt in ("md", "html"):
        out = minutes(board, "-f", fmt)
        doc = Outline(out) if fmt == "html" else outline_md(out)
        assert doc.under["8. Action log"] == [
            "The action log as it stood on 10 May 2023:",
            # no raised: listed; its first status change came after the meeting
            "Renew the lease of Alpha House – Alpha Council; due December 2023; status: not "
            "started. Latest update, 1 May 2023: Landlord contacted about terms.",
            # done on 1 June, after the meeting: in progress then; the later update not shown
            "Consult staff on the workforce plan – Lead officer, Beta Health Board; due by this "
            "meeting; status: in progress. Latest update, 1 April 2023: Consultation begun with "
            "two staff groups.",
            "Agree a records retention policy – a representative of Gamma Trust; due July to "
            "September 2023; status: in progress",
        ]
        # done before the meeting (brd-002), or raised at it (brd-003, brd-004): not listed
        text = "\n".join(doc.under["8. Action log"])
        for absent in (
            "Publish the workforce plan",
            "standing orders",
            "brd-",
            "2023-0",
            "overdue",
        ):
            assert absent not in text


def test_an_empty_action_log_says_so(board: Path) -> None:
    path = board / "data/meetings/board-2023-03-01.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["items"].append({"title": "Action log", "action_log": True})
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    (board / "data/actions/brd-006.yaml").unlink()  # no `raised`: it would be listed
    out = minutes(board, meeting="board-2023-03-01")
    assert "## 2\\. Action log\n\nThere were no open actions to review.\n" in out


def test_internal_committee_minutes_name_everyone_and_mark_what_is_internal(board: Path) -> None:
    out = minutes(board, "-f", "html", "-a", "internal")
    check_page(out)
    doc = Outline(out)
    assert doc.under["Present"][2] == "Pat Privateperson, Lead officer (Beta Health Board)"
    assert doc.under["Present"][3] == (
        "Dee Deputyname, Deputy Director (Gamma Trust) (deputising for Sam Hiddenname "
        "(Gamma Trust))"
    )
    assert doc.under["Apologies"][0] == "Sam Hiddenname (Gamma Trust)"
    assert "Internal: To hold reserves at five per cent" in doc.under["2. Budget 2023/24"]
    assert (4, "9. Legal advice (internal)") not in doc.headings  # an h3 under its section
    assert (3, "9. Legal advice (internal)") in doc.headings
    # Taken in private: internally the discussion is there, and still marked as private.
    assert doc.under["7. Staffing restructure"][:2] == [
        "This item was taken in private.",
        "Confidential discussion of staffing changes at Beta Health Board.",
    ]


# --- privacy in every shape -----------------------------------------------------------------------


@pytest.mark.parametrize("style", ["committee", "gov-scot"])
@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("command", ["render", "decisions"])
def test_no_private_name_in_any_public_output(
    board: Path, style: str, fmt: str, command: str
) -> None:
    set_rules(board, "board", style=style)
    for meeting in ("board-2023-03-01", MEETING):
        public = tws_ok("minutes", command, meeting, "-f", fmt, root=board)
        for secret in (*PRIVATE_NAMES, *PRIVATE_IDS, *NOT_PUBLISHED):
            assert secret not in public, (secret, meeting)
    internal = tws_ok("minutes", command, MEETING, "-f", fmt, "-a", "internal", root=board)
    assert "Pat Privateperson" in internal
    assert "Dee Deputyname" in internal


@pytest.mark.parametrize("style", ["committee", "gov-scot"])
def test_by_organisation_lists_organisations_and_keeps_every_apology(
    board: Path, style: str
) -> None:
    set_rules(board, "board", style=style, attendance="by-organisation")
    out = minutes(board, "-f", "html")
    for secret in (*PRIVATE_NAMES, "Lead officer", "Deputy Director"):
        assert secret not in out
    doc = Outline(out)
    present = doc.under["Present" if style == "committee" else "Attendees and apologies"]
    assert "Beta Health Board" in present
    assert "Gamma Trust" in present  # Robin (public: true) and Dee's organisation, once
    assert "Robin Publicname (Gamma Trust)" not in present  # lists are by organisation
    # Sam sent apologies and Gamma Trust was present: the apology is kept, and says so.
    assert "A representative of Gamma Trust" in (
        doc.under["Apologies"] if style == "committee" else present
    )


def test_by_person_names_only_public_people_in_gov_scot_minutes(board: Path) -> None:
    set_rules(board, "board", style="gov-scot")
    out = minutes(board)
    assert "- Robin Publicname (Gamma Trust)\n" in out  # public: true, named
    assert "- Lead officer, Beta Health Board\n" in out
    assert "Chair: Morag Chairperson, Chair of the Board (Alpha Council)." in out


# --- the gov.scot shape with the new fields -------------------------------------------------------


def test_gov_scot_minutes_show_new_fields_where_used(board: Path) -> None:
    set_rules(board, "board", style="gov-scot", called=None)
    md = minutes(board)
    assert (
        "This was the third meeting of the Trust Board, held in person at Board Room, Alpha "
        "House, from 10:00 to 12:30. Chair:"
    ) in md
    assert (
        "Papers: TB(23)05 – Budget 2023/24 (<https://example.org/papers/tb-23-05.pdf>); "
        "Risk register."
    ) in md
    assert "The group approved:\n\n- The budget for 2023/24 (for 2, against 1, abstentions 1)" in md
    assert "In attendance:\n\n- Clerk, Alpha Council – secretariat\n" in md
    assert "Declarations of interest:\n\n- Lead officer, Beta Health Board declared" in md
    assert "These minutes were approved by The Trust's Audit Committee on 20 June 2023." in md
    page = Page(markdown(md))
    assert page.headings.count(1) == 1
    html = minutes(board, "-f", "html")
    doc = Outline(html)
    check_page(html)
    levels = {text: level for level, text in doc.headings}
    assert levels["1. Welcome and apologies"] == 3
    assert levels["Items for decision"] == 3
    assert levels["2. Budget 2023/24"] == 4  # under its section
    assert doc.under["7. Staffing restructure"][0] == "This item was taken in private."


def test_gov_scot_minutes_invent_no_format_or_purpose(programme: Path) -> None:
    edit(programme, "data/meetings/delivery-2023-06-01.yaml", {"format": None, "purpose": None})
    for fmt in ("md", "html"):
        out = minutes(programme, "-f", fmt, meeting="delivery-2023-06-01")
        assert "online" not in out
        assert "None" not in out
        assert "held at Alpha Council HQ. Chair: Alpha Council." in out
    edit(programme, "data/meetings/delivery-2023-06-01.yaml", {"location": None})
    out = minutes(programme, meeting="delivery-2023-06-01")
    assert "This was the second meeting of the Delivery Group. Chair: Alpha Council.\n" in out


def test_public_apologies_are_never_dropped(programme: Path) -> None:
    # Beta Health Board sent apologies while Pat, one of its people, attended.
    out = minutes(programme, meeting="delivery-2023-03-01")
    assert "Apologies were received from:\n\n- Beta Health Board (BHB)\n" in out
    # Pat sent apologies while Beta Health Board attended: kept, without naming Pat.
    out = minutes(programme, meeting="delivery-2023-06-01")
    assert "Apologies were received from:\n\n- A representative of Beta Health Board (BHB)\n" in out
    assert "Pat" not in out


# --- numbering, kinds, declarations ---------------------------------------------------------------


def test_items_keep_their_written_numbers_without_number_items(board: Path) -> None:
    set_rules(board, "board", number_items=False)
    doc = outline_md(minutes(board))
    items = [text for level, text in doc.headings if text[0].isdigit() or "business" in text]
    assert items == ["7. Staffing restructure", "Other business", "Any other business"]


def test_numbers_are_the_same_for_both_audiences(board: Path) -> None:
    public = [t for _, t in outline_md(minutes(board)).headings]
    internal = [t for _, t in outline_md(minutes(board, "-a", "internal")).headings]
    assert "10. Any other business" in public
    assert "10. Any other business" in internal
    assert "9. Legal advice (internal)" in internal


def test_decisions_name_the_group_as_called(board: Path) -> None:
    set_rules(board, "board", called="the Trust Board")
    out = minutes(board)
    assert "**The Trust Board approved:**" in out
    assert "**Resolved:**" in out
    set_rules(board, "board", called=None)
    assert "**The group noted:**" in minutes(board)


@pytest.mark.parametrize("style", ["committee", "gov-scot"])
def test_declarations_none_and_empty(board: Path, style: str) -> None:
    set_rules(board, "board", style=style)
    rel = f"data/meetings/{MEETING}.yaml"
    edit(board, rel, {"declarations": []})
    for fmt in ("md", "html"):
        assert "No declarations of interest were made." in minutes(board, "-f", fmt)
    edit(board, rel, {"declarations": None})
    for fmt in ("md", "html"):
        assert "eclarations" not in minutes(board, "-f", fmt)


# --- escaping -------------------------------------------------------------------------------------


def test_new_fields_show_as_text_in_both_shapes(board: Path) -> None:
    rel = f"data/meetings/{MEETING}.yaml"
    path = board / rel
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    budget = doc["items"][1]
    budget["section"] = NASTY["heading"]
    budget["papers"] = [
        {"reference": NASTY["bold"], "title": NASTY["script"], "url": "javascript:alert(1)"}
    ]
    budget["decisions"] = [{"text": NASTY["link"], "kind": "noted", "vote": {"for": 1}}]
    doc["declarations"][0]["interest"] = NASTY["jinja"]
    doc["location"] = NASTY["script"]
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for style in ("committee", "gov-scot"):
        set_rules(board, "board", style=style)
        html = minutes(board, "-f", "html")
        page = check_page(html)
        assert "javascript" not in " ".join(str(a.get("href")) for a in page.named("a"))
        assert NASTY["script"] in page.text
        assert "49" not in html
        md = minutes(board)
        rendered = Page(markdown(md))
        assert rendered.named("script") == []
        assert rendered.named("a") == []  # javascript: is not a link, nor is the markup
        assert rendered.named("em") == []
        assert rendered.headings.count(1) == 1
        for value in (NASTY["heading"], NASTY["link"], NASTY["bold"]):
            assert any(value in t for t in rendered.texts), value


# --- templates ------------------------------------------------------------------------------------


def test_programme_overrides_the_committee_template(board: Path) -> None:
    (board / "templates").mkdir()
    (board / "templates/minutes_committee.md.j2").write_text(
        "COMMITTEE {{ meeting.items[1].heading | md }} {{ meeting.purpose | md }}|\n",
        encoding="utf-8",
    )
    (board / "templates/minutes.md.j2").write_text("GOV-SCOT\n", encoding="utf-8")
    assert minutes(board) == "COMMITTEE 2\\. Budget 2023/24 |\n"  # md(None) is no text
    set_rules(board, "board", style="gov-scot")
    assert minutes(board) == "GOV-SCOT\n"
    check_page(minutes(board, "-f", "html"))


def test_an_unsafe_committee_override_is_refused(board: Path) -> None:
    (board / "templates").mkdir()
    (board / "templates/minutes_committee.html.j2").write_text(
        "{{ meeting.__class__ }}\n", encoding="utf-8"
    )
    result = run_tws("minutes", "render", MEETING, "-f", "html", "--root", str(board))
    assert result.exit_code == 1
    assert "templates/minutes_committee.html.j2:1: not allowed" in result.stderr


# --- the site -------------------------------------------------------------------------------------


def test_site_meeting_pages_take_the_groups_shape(board: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    tws_ok("site", "build", "-o", str(out), root=board)
    page = (out / "meetings" / f"{MEETING}.html").read_text(encoding="utf-8")
    check_page(page)
    doc = Outline(page)
    assert (2, "Present") in doc.headings
    assert (3, "2. Budget 2023/24") in doc.headings
    assert (2, "Related pages") in doc.headings
    for path in out.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for secret in (*PRIVATE_NAMES, *NOT_PUBLISHED):
            assert secret not in text, (secret, path)
