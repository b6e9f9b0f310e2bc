"""Minutes, notes of decisions and progress reports as Word documents: the HTML's content,
block for block, in Word's own styles; both shapes of minutes; privacy as in every output.

Each document is made through the command line, as officials make it, and opened again with
python-docx.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from tests.conftest import AS_OF, TESTS, run_tws
from tests.publishing.test_docx_writer import (
    all_text,
    blocks,
    header_flagged,
    html_blocks,
    normal_language,
    open_docx,
    raw_parts,
    tables,
)
from tests.publishing.test_minutes_committee import (
    NOT_PUBLISHED,
    PRIVATE_IDS,
    PRIVATE_NAMES,
    committee,
    set_rules,
)

REPO = TESTS.parent
SHIPPED = sorted(p.stem for p in (REPO / "data" / "meetings").glob("*.yaml"))
DUNDEE = REPO / "examples" / "dundee-ijb"
COMMITTEE = TESTS / "fixtures" / "committee"


def tws_bytes(*args: str, root: Path) -> bytes:
    """``tws … --format docx`` with standard output a pipe: the document's bytes."""
    result = run_tws(*args, "-f", "docx", "--root", str(root), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def tws_text(*args: str, root: Path) -> str:
    result = run_tws(*args, "--root", str(root), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def meetings(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "data" / "meetings").glob("*.yaml"))


# --- the same content as the HTML -----------------------------------------------------------------

CASES = [
    *((REPO, m) for m in SHIPPED),
    *((DUNDEE, m) for m in meetings(DUNDEE)),
    *((COMMITTEE, m) for m in meetings(COMMITTEE)),
]


@pytest.mark.parametrize("audience", ["public", "internal"])
@pytest.mark.parametrize("command", ["render", "decisions"])
@pytest.mark.parametrize(("root", "meeting"), CASES, ids=[m for _, m in CASES])
def test_docx_minutes_say_what_the_html_says(
    root: Path, meeting: str, command: str, audience: str
) -> None:
    data = tws_bytes("minutes", command, meeting, "-a", audience, root=root)
    html = tws_text("minutes", command, meeting, "-f", "html", "-a", audience, root=root)
    document = open_docx(data)
    assert blocks(document) == html_blocks(html)
    core = document.core_properties
    assert core.title == blocks(document)[0][1]
    assert core.language == "en-GB"
    assert normal_language(document) == "en-GB"
    assert core.author  # the group's name
    header = document.sections[0].header.paragraphs[0].text
    assert header.startswith("Internal:") == (audience == "internal")


def test_shipped_minutes_have_the_gov_scot_headings() -> None:
    document = open_docx(tws_bytes("minutes", "render", "pdg-2022-08-25", root=REPO))
    found = blocks(document)
    assert found[0] == (
        "Title",
        "Trauma Responsive Social Work Services Partnership Delivery Group minutes: August 2022",
    )
    level1 = [text for style, text in found if style == "Heading 1"]
    assert level1 == [
        "Attendees and apologies",
        "Items and actions",
        "Next steps/actions",
        "Contact",
    ]
    assert ("Heading 2", "Overview") in found
    assert ("List Bullet", "Scottish Government (SG)") in found
    assert document.core_properties.author == (
        "Trauma Responsive Social Work Services Partnership Delivery Group"
    )
    assert document.core_properties.content_status == ""


def test_committee_minutes_have_the_committee_headings(tmp_path: Path) -> None:
    board = committee(tmp_path)
    document = open_docx(tws_bytes("minutes", "render", "board-2023-05-10", root=board))
    found = blocks(document)
    assert found[0] == ("Title", "Trust Board: minutes of 10 May 2023")
    level1 = [text for style, text in found if style == "Heading 1"]
    assert level1[:4] == ["Present", "In attendance", "Apologies", "Declarations of interest"]
    assert "Next steps/actions" in level1
    assert document.core_properties.author == "Trust Board"


def test_draft_minutes_say_so_in_the_properties(tmp_path: Path) -> None:
    board = committee(tmp_path)
    path = board / "data/meetings/board-2023-05-10.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["status"] = "draft"
    for key in ("approved_by", "approved_on", "approved_at"):
        doc.pop(key, None)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    document = open_docx(tws_bytes("minutes", "render", "board-2023-05-10", root=board))
    assert document.core_properties.content_status == "Draft"
    assert ("Normal", "Draft: these minutes have not yet been approved.") in blocks(document)


# --- privacy --------------------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["committee", "gov-scot"])
@pytest.mark.parametrize("command", ["render", "decisions"])
def test_no_private_name_in_a_public_word_document(
    tmp_path: Path, style: str, command: str
) -> None:
    board = committee(tmp_path)
    set_rules(board, "board", style=style)
    for meeting in meetings(board):
        data = tws_bytes("minutes", command, meeting, root=board)
        text = all_text(open_docx(data))
        xml = "\n".join(raw_parts(data).values())
        for secret in (*PRIVATE_NAMES, *PRIVATE_IDS, *NOT_PUBLISHED):
            assert secret not in text, (secret, meeting)
            assert secret not in xml, (secret, meeting)
    internal = all_text(
        open_docx(tws_bytes("minutes", command, "board-2023-05-10", "-a", "internal", root=board))
    )
    assert "Pat Privateperson" in internal


def test_no_private_name_in_a_public_word_report(tmp_path: Path) -> None:
    board = committee(tmp_path)
    data = tws_bytes("report", "progress", "--from", "2023-01-01", root=board)
    xml = "\n".join(raw_parts(data).values())
    text = all_text(open_docx(data))
    for secret in (*PRIVATE_NAMES, *PRIVATE_IDS):
        assert secret not in text
        assert secret not in xml
    internal = tws_bytes("report", "progress", "--from", "2023-01-01", "-a", "internal", root=board)
    assert "Internal:" in open_docx(internal).sections[0].header.paragraphs[0].text


# --- hostile text in the records ------------------------------------------------------------------

INJECTION = '<w:p><w:r><w:t>injected</w:t></w:r></w:p> ]]> &amp; <!-- c --> "q"'


def test_markup_in_a_note_stays_text(tmp_path: Path) -> None:
    board = committee(tmp_path)
    path = board / "data/meetings/board-2023-05-10.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["items"][0]["notes"] = [INJECTION]
    doc["items"][0]["title"] = INJECTION
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for style in ("committee", "gov-scot"):
        set_rules(board, "board", style=style)
        data = tws_bytes("minutes", "render", "board-2023-05-10", root=board)
        found = blocks(open_docx(data))
        assert any(INJECTION in text for _, text in found)
        assert all(text != "injected" for _, text in found)
        assert "<w:t>injected" not in raw_parts(data)["word/document.xml"]


# --- the progress report --------------------------------------------------------------------------

REPORTS = [
    (REPO, ("--for", "swep")),
    (REPO, ("--group", "pdg", "--from", "2022-08-01", "--to", "2022-12-31")),
    (DUNDEE, ()),
    (COMMITTEE, ("--from", "2023-01-01")),
]


@pytest.mark.parametrize("audience", ["public", "internal"])
@pytest.mark.parametrize(("root", "args"), REPORTS, ids=["swep", "pdg", "dundee", "committee"])
def test_docx_report_says_what_the_html_says(
    root: Path, args: tuple[str, ...], audience: str
) -> None:
    data = tws_bytes("report", "progress", *args, "-a", audience, root=root)
    html = tws_text("report", "progress", *args, "-f", "html", "-a", audience, root=root)
    document = open_docx(data)
    assert blocks(document) == html_blocks(html)
    assert document.core_properties.title == blocks(document)[0][1]
    assert document.core_properties.language == "en-GB"
    assert normal_language(document) == "en-GB"
    for table in tables(document):
        assert header_flagged(table)[0]
        assert not any(header_flagged(table)[1:])
        assert table.style is not None
        assert table.style.name == "Table Grid"


def test_the_swep_report_has_numbered_sections_and_tables() -> None:
    document = open_docx(tws_bytes("report", "progress", "--for", "swep", root=REPO))
    found = blocks(document)
    assert found[0] == ("Title", "Social Work Education Partnership: progress report")
    level1 = [text for style, text in found if style == "Heading 1"]
    assert level1 == [
        "1. Purpose",
        "2. Summary",
        "3. Progress by workstream",
        "4. Completed in the period",
        "5. Raised in the period",
        "6. Overdue actions",
        "7. Updates in the period",
        "8. Coming up",
        "9. Meetings held",
        "10. Contact",
    ]
    workstreams = tables(document)[0]
    assert [c.text for c in workstreams.rows[0].cells][:3] == [
        "Workstream",
        "Not started",
        "In progress",
    ]
    assert workstreams.rows[-1].cells[0].text == "Total"
    overdue = next(t for t in tables(document) if t.rows[0].cells[4].text == "Days overdue")
    assert overdue.rows[1].cells[0].text == "pdg-003"
    assert document.core_properties.author == "Trauma Responsive Social Work Services"
