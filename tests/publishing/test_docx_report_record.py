"""`tws report render --format docx`: a report to a body as a Word document that says what the
HTML board paper says, block for block, in Word's own styles; its tables with header rows;
its properties; privacy as in every output; draft marking; the shipped SWEP report.

Each document is made through the command line, as officials make it, and opened again with
python-docx.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from docx.document import Document as WordDocument
from docx.table import Table as WordTable
from tests.conftest import AS_OF, TESTS, run_tws
from tests.publishing.test_docx_writer import (
    all_text,
    blocks,
    header_flagged,
    normal_language,
    open_docx,
    raw_parts,
    tables,
)
from tests.publishing.test_render import NASTY
from tests.publishing.test_report_record import (
    FIRST,
    PRIVATE,
    SECOND,
    SHIPPED,
    SHIPPED_AS_OF,
    with_reports,
)

REPO = TESTS.parent


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the fixture with registers and two reports, for the tests that read it."""
    return with_reports(tmp_path_factory.mktemp("docx-reports") / "prog")


def docx_of(*args: str, root: Path, as_of: str = AS_OF) -> bytes:
    """``tws report render … --format docx`` with standard output a pipe: the bytes."""
    result = run_tws("report", "render", *args, "-f", "docx", "--root", str(root), "--as-of", as_of)
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"PK")
    return result.stdout_bytes


def html_of(*args: str, root: Path, as_of: str = AS_OF) -> str:
    result = run_tws("report", "render", *args, "-f", "html", "--root", str(root), "--as-of", as_of)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def shipped() -> bytes:
    """The shipped programme's latest report to the SWEP, public, as `make run` writes it."""
    return docx_of("swep", root=REPO, as_of=SHIPPED_AS_OF)


# --- the HTML board paper as the blocks a Word document of it has ---------------------------------


class BoardPaperBlocks(HTMLParser):
    """A report page's ``main`` as the blocks its Word document should have.

    As ``test_docx_writer.HtmlBlocks`` (h1 the Title, h2 to h4 Heading 1 to 3, p Normal,
    caption Caption, tr a row), and for what a board paper adds: each ``dt``/``dd`` pair of
    the front matter is one Normal paragraph ``label: text``; a numbered recommendation
    (``ul.numbered > li``) a Normal paragraph; a list inside a list item List Bullet 2 or 3,
    and a paragraph inside an item List Continue (2, 3); a chart's ``figcaption`` (its text
    alternative) a Normal paragraph, and the chart itself, like anything hidden from screen
    readers (``aria-hidden``, the trend's arrow), nothing.
    """

    HEADINGS = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3"}  # noqa: RUF012
    BLOCKS = frozenset({*HEADINGS, "p", "li", "caption", "dt", "dd", "figcaption"})

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self._in_main = False
        self._open: list[tuple[str, str, list[str]]] = []  # (tag, style, text so far)
        self._lists: list[bool] = []  # for each open ul: is it numbered?
        self._hidden = 0  # depth inside an element hidden from screen readers
        self._cells: list[str] | None = None
        self._label = ""
        self.feed(html)

    def _depth(self) -> int:
        return sum(tag == "li" for tag, _, _ in self._open)

    def _flush(self) -> None:
        """Emit the text an open block has so far: a list item before its nested list."""
        if self._open:
            tag, style, text = self._open[-1]
            words = " ".join("".join(text).split())
            if words and tag == "li":
                self.blocks.append((style, words))
            text.clear()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self._in_main = True
        if not self._in_main:
            return
        if self._hidden or tag == "svg" or ("aria-hidden", "true") in attrs:
            self._hidden += 1
            return
        if tag == "ul":
            self._lists.append("numbered" in (dict(attrs).get("class") or ""))
        elif tag == "tr":
            self._cells = []
        elif tag in ("th", "td"):
            self._open.append((tag, "cell", []))
        elif tag in self.BLOCKS:
            depth = self._depth()
            self._flush()
            if tag == "li":
                numbered = bool(self._lists and self._lists[-1])
                style = "Normal" if numbered else _level("List Bullet", depth + 1)
            elif tag == "p" and depth:
                style = _level("List Continue", depth)
            else:
                style = self.HEADINGS.get(tag, "Caption" if tag == "caption" else "Normal")
            self._open.append((tag, style, []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self._in_main = False
        if self._hidden:
            self._hidden -= 1
            return
        if tag == "ul" and self._lists:
            self._lists.pop()
        elif tag == "tr" and self._cells is not None:
            self.blocks.append(("row", " | ".join(self._cells)))
            self._cells = None
        elif self._open and self._open[-1][0] == tag:
            _, style, text = self._open.pop()
            words = " ".join("".join(text).split())
            if tag in ("th", "td") and self._cells is not None:
                self._cells.append(words)
            elif tag == "dt":
                self._label = words
            elif tag == "dd":
                self.blocks.append((style, f"{self._label}: {words}"))
            elif words:
                self.blocks.append((style, words))

    def handle_data(self, data: str) -> None:
        if self._open and not self._hidden:
            self._open[-1][2].append(data)


def _level(style: str, level: int) -> str:
    return style if level == 1 else f"{style} {level}"


def board_paper_blocks(html: str) -> list[tuple[str, str]]:
    return BoardPaperBlocks(html).blocks


def tables_headed(document: WordDocument, *header: str) -> list[WordTable]:
    """The tables whose header row starts with the cells ``header``."""
    return [
        t for t in tables(document) if [c.text for c in t.rows[0].cells][: len(header)] == [*header]
    ]


def table_headed(document: WordDocument, *header: str) -> WordTable:
    """The one table whose header row starts with the cells ``header``."""
    (found,) = tables_headed(document, *header)
    return found


def rows(table: WordTable) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


# --- the same content as the HTML -----------------------------------------------------------------

CASES = [
    pytest.param(SHIPPED, SHIPPED_AS_OF, True, id="shipped"),
    pytest.param(FIRST, AS_OF, False, id="first"),
    pytest.param(SECOND, AS_OF, False, id="second"),
]


@pytest.mark.parametrize("audience", ["public", "internal"])
@pytest.mark.parametrize(("report", "as_of", "is_shipped"), CASES)
def test_docx_says_what_the_html_says(
    root: Path, report: str, as_of: str, is_shipped: bool, audience: str
) -> None:
    where = REPO if is_shipped else root
    data = docx_of(report, "-a", audience, root=where, as_of=as_of)
    html = html_of(report, "-a", audience, root=where, as_of=as_of)
    document = open_docx(data)
    assert blocks(document) == board_paper_blocks(html)
    core = document.core_properties
    assert core.title.startswith(blocks(document)[0][1] + ": report to the ")
    assert core.language == "en-GB"
    assert normal_language(document) == "en-GB"
    assert core.author
    assert core.content_status == ""  # all three are submitted
    header = document.sections[0].header.paragraphs[0].text
    assert header.startswith("Internal:") == (audience == "internal")
    for table in tables(document):
        assert header_flagged(table)[0]
        assert not any(header_flagged(table)[1:])
        assert table.style is not None
        assert table.style.name == "Table Grid"


def test_the_comparison_sees_every_kind_of_block(root: Path) -> None:
    """The HTML of the fuller fixture report has each shape the Word document maps."""
    found = {style for style, _ in board_paper_blocks(html_of(SECOND, "-a", "internal", root=root))}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3", "Normal", "Caption", "row"} <= found
    assert {"List Bullet", "List Bullet 2", "List Continue 2", "List Bullet 3"} <= found


# --- the shipped report, as the seed board paper --------------------------------------------------


def test_the_shipped_report_reads_like_the_seed_board_paper(shipped: bytes) -> None:
    document = open_docx(shipped)
    found = blocks(document)
    assert found[0] == ("Title", "Trauma Responsive Social Work Services Programme progress update")
    assert ("Normal", "Report to: Social Work Education Partnership") in found
    assert ("Normal", "Date: 31 January 2024") in found
    headings = [(style, text) for style, text in found if style.startswith("Heading")]
    assert [(style, text) for style, text in headings if style != "Heading 3"] == [
        ("Heading 1", "1. Purpose of report"),
        ("Heading 1", "2. Recommendations"),
        ("Heading 1", "3. Main text"),
        ("Heading 2", "3.1 Background"),
        ("Heading 2", "3.2 Progress update"),
        ("Heading 2", "3.3 Next steps"),
        ("Heading 1", "4. Policy implications"),
        ("Heading 1", "5. Risk assessment"),
        ("Heading 1", "6. Background papers"),
        ("Heading 1", "Contact"),
    ]
    assert [text for style, text in headings if style == "Heading 3"] == [
        "Workstreams",
        "Key achievements",
        "Figures",
        "Actions by workstream",
        "Completed in the period",
        "Raised in the period",
        "Overdue at the end of the period",
        "Updates in the period",
        "Meetings and decisions",
        "Coming up",
    ]
    text = [t for _, t in found]
    assert "It is recommended that the Social Work Education Partnership:" in text
    assert any(t.startswith("2.1 Note the content of this report") for t in text)
    assert "The priorities for the next period:" in text
    assert any(t.startswith("Open risks and issues marked public") for t in text)
    core = document.core_properties
    assert core.title == (
        "Trauma Responsive Social Work Services Programme progress update: report to the "
        "Social Work Education Partnership, 31 January 2024"
    )
    assert core.language == "en-GB"
    assert core.author == "Scottish Government Trauma Informed Social Work Services Team"


def test_the_shipped_reports_tables(shipped: bytes) -> None:
    document = open_docx(shipped)
    rag = rows(table_headed(document, "Workstream", "RAG"))
    assert rag[0] == ["Workstream", "RAG", "Since the previous report", "Reason"]
    assert rag[2] == [
        "Access to trauma training and resources",
        "Green",
        "New: the first rating reported to the Social Work Education Partnership",
        "Training has reached over 200 newly qualified and early career social workers.",
    ]
    assert [row[1] for row in rag[1:]] == ["Amber", "Green", "Green", "Green", "Amber", "Amber"]
    figures = rows(table_headed(document, "Measure"))
    assert figures[0] == ["Measure", "Latest", "On", "Target", "Status"]
    assert figures[1:] == [
        [
            "Local authorities supported by the implementation support and learning programme",
            "4 local authorities",
            "31 December 2023",
            "none set",
            "no target",
        ],
        [
            "Newly qualified and early career social workers trained in trauma skilled practice",
            "200 social workers",
            "31 December 2023",
            "none set",
            "no target",
        ],
    ]
    sites, trained = (rows(t) for t in tables_headed(document, "Date"))
    assert sites[0] == ["Date", "Figure (local authorities)", "Source"]
    assert trained[0] == ["Date", "Figure (social workers)", "Source"]
    assert trained[1][:2] == ["31 December 2023", "200"]
    assert "delivered to over 200 newly qualified" in trained[1][2]
    actions = rows(table_headed(document, "Workstream", "Not started"))
    assert actions[-1] == ["Total", "9", "1", "0", "0", "0", "10", "3", "0", "7"]
    overdue = rows(table_headed(document, "Ref", "Action", "Owners", "Due", "Days overdue"))
    assert [row[0] for row in overdue[1:]] == ["pdg-003", "pdg-004", "pdg-006"]


def test_a_measures_chart_is_given_in_words_beside_its_table(shipped: bytes) -> None:
    found = blocks(open_docx(shipped))
    at = found.index(
        (
            "Normal",
            "Newly qualified and early career social workers trained in trauma skilled practice, "
            "in social workers (higher is better). Latest: 200 on 31 December 2023.",
        )
    )
    assert found[at + 1] == (
        "Caption",
        "Newly qualified and early career social workers trained in trauma skilled practice "
        "(social workers)",
    )
    assert found[at + 2] == ("row", "Date | Figure (social workers) | Source")
    assert "word/media/" not in "".join(raw_parts(shipped))  # no picture: the words instead


def test_the_meetings_decisions_are_nested_lists(root: Path) -> None:
    found = blocks(open_docx(docx_of(SECOND, "-a", "internal", root=root)))
    start = found.index(("Heading 3", "Meetings and decisions"))
    part = found[start + 1 : found.index(("Heading 2", "4.3 Next steps"))]
    assert part == [
        ("List Bullet", "Advisory Group minutes: April 2023, 1 April 2023"),
        ("List Bullet 2", "Practice framework"),
        ("List Continue 2", "The group agreed:"),
        ("List Bullet 3", "Comments to be sent to the Delivery Group."),
        (
            "List Bullet",
            "Delivery Group minutes: June 2023, 1 June 2023 (draft minutes, not yet approved)",
        ),
        ("List Bullet 2", "Training needs analysis"),
        ("List Continue 2", "The group noted:"),
        ("List Bullet 3", "The draft training needs analysis."),
        ("List Bullet 3", "Internal: Beta Health Board's staffing plan, discussed in confidence."),
    ]


# --- privacy and draft marking --------------------------------------------------------------------

SECRETS = (
    PRIVATE,
    "pat-private",
    "Referral data cannot be shared yet",
    "discussed in confidence",
)


@pytest.mark.parametrize("report", [FIRST, SECOND])
def test_no_private_name_in_a_public_word_document(root: Path, report: str) -> None:
    data = docx_of(report, root=root)
    text = all_text(open_docx(data))
    xml = "\n".join(raw_parts(data).values())
    for secret in SECRETS:
        assert secret not in text, secret
        assert secret not in xml, secret
    assert "Internal:" not in text
    internal = open_docx(docx_of(SECOND, "-a", "internal", root=root))
    everything = all_text(internal)
    for secret in (PRIVATE, "Referral data cannot be shared yet", "discussed in confidence"):
        assert secret in everything
    assert internal.core_properties.author == f"{PRIVATE} (Beta Health Board)"


def test_the_shipped_reports_internal_risks_only_internally(shipped: bytes) -> None:
    risk = "Resource and capacity for a whole systems approach"
    assert risk not in all_text(open_docx(shipped))
    internal = open_docx(docx_of("swep", "-a", "internal", root=REPO, as_of=SHIPPED_AS_OF))
    register = rows(table_headed(internal, "Risk"))
    assert register[0] == ["Risk", "Kind", "Owner", "Likelihood", "Impact", "Score", "Response"]
    assert any(row[0].startswith(risk) for row in register[1:])


def test_a_draft_is_marked(tmp_path: Path) -> None:
    board = with_reports(tmp_path / "prog")
    path = board / "data/reports" / f"{SECOND}.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["status"] = "draft"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    document = open_docx(docx_of(SECOND, root=board))
    assert document.core_properties.content_status == "Draft"
    found = blocks(document)
    assert ("Normal", "Draft: not yet submitted to the Programme Board.") in found
    draft = next(p for p in document.paragraphs if p.text.startswith("Draft:"))
    assert (draft.runs[0].text, draft.runs[0].bold) == ("Draft:", True)


# --- hostile text ---------------------------------------------------------------------------------


def test_written_text_stays_text(tmp_path: Path) -> None:
    board = with_reports(tmp_path / "prog")
    path = board / "data/reports" / f"{SECOND}.yaml"
    wild = " ".join(NASTY.values()) + " <w:p><w:r><w:t>injected</w:t></w:r></w:p>"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["workstreams"][0]["narrative"] = wild
    doc["recommendations"][0] = wild
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    data = docx_of(SECOND, root=board)
    found = [text for _, text in blocks(open_docx(data))]
    assert any(wild in text for text in found)
    assert "injected" not in found
    assert "<w:t>injected" not in raw_parts(data)["word/document.xml"]
    assert not any(text.startswith("49") for text in found)
