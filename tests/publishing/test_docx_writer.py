"""Word documents from a simple structure: Word's own styles, tables with a repeating header
row, the title and language set, links, hostile text kept as text, the same bytes each time.

Every document is opened again with python-docx, as Word would read it. The helpers here
(``blocks``, ``html_blocks``…) are shared by the minutes and report tests.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph

from trauma_ws.publishing import docx_writer
from trauma_ws.publishing.docx_writer import Builder, Table, bold, clean, link

# --- reading a Word document back ---------------------------------------------------------------


def open_docx(data: bytes | Path) -> WordDocument:
    """The document, opened by python-docx (a failure here is a broken file)."""
    return docx.Document(io.BytesIO(data) if isinstance(data, bytes) else str(data))


def blocks(document: WordDocument) -> list[tuple[str, str]]:
    """The body in reading order: (style name, text) for paragraphs, ("row", cells joined by
    `` | ``) for each table row."""
    out: list[tuple[str, str]] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            paragraph = WordParagraph(element, document)
            out.append((paragraph.style.name if paragraph.style else "", paragraph.text))
        elif element.tag == qn("w:tbl"):
            for row in WordTable(element, document).rows:
                out.append(("row", " | ".join(cell.text for cell in row.cells)))
    return out


def tables(document: WordDocument) -> list[WordTable]:
    return list(document.tables)


def all_text(document: WordDocument) -> str:
    """Every paragraph's and table cell's text, the page header's, and the properties'."""
    parts = [text for _, text in blocks(document)]
    parts += [p.text for s in document.sections for p in s.header.paragraphs]
    core = document.core_properties
    parts += [core.title, core.author, core.last_modified_by, core.subject, core.comments]
    return "\n".join(parts)


def raw_parts(data: bytes) -> dict[str, str]:
    """Every XML part of the file as text, by name (``word/document.xml``…)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        }


def header_flagged(table: WordTable) -> list[bool]:
    """For each row, whether it is marked as a header row (``w:tblHeader``)."""
    return [
        row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
        for row in table.rows
    ]


def normal_language(document: WordDocument) -> str | None:
    r_pr = document.styles["Normal"].element.rPr
    lang = r_pr.find(qn("w:lang")) if r_pr is not None else None
    return lang.get(qn("w:val")) if lang is not None else None


class HtmlBlocks(HTMLParser):
    """An HTML page's ``main`` as the blocks a Word document of it should have: h1 the
    Title, h2 to h4 Heading 1 to 3, p Normal, li List Bullet, caption Caption, tr a row."""

    STYLES = {  # noqa: RUF012
        "h1": "Title",
        "h2": "Heading 1",
        "h3": "Heading 2",
        "h4": "Heading 3",
        "p": "Normal",
        "li": "List Bullet",
        "caption": "Caption",
    }

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self._in_main = False
        self._open: str | None = None
        self._text: list[str] = []
        self._cells: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self._in_main = True
        elif not self._in_main:
            return
        if tag in self.STYLES:
            self._open, self._text = tag, []
        elif tag == "tr":
            self._cells = []
        elif tag in ("th", "td"):
            self._open, self._text = tag, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self._in_main = False
        if tag == "tr" and self._cells is not None:
            self.blocks.append(("row", " | ".join(self._cells)))
            self._cells = None
        if tag != self._open:
            return
        text = " ".join("".join(self._text).split())
        if tag in ("th", "td") and self._cells is not None:
            self._cells.append(text)
        else:
            self.blocks.append((self.STYLES[tag], text))
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)


def html_blocks(html: str) -> list[tuple[str, str]]:
    return HtmlBlocks(html).blocks


# --- a sample document ----------------------------------------------------------------------------


def sample(**options: object) -> docx_writer.DocumentSpec:
    doc = Builder()
    doc.heading(0, "Board minutes")
    doc.para("Held on ", bold("1 June 2023"), ".")
    doc.heading(1, "Present")
    doc.bullets(["Alpha Council", ("Beta ", bold("Board"))])
    doc.heading(2, "Item")
    doc.heading(3, "Sub-item")
    doc.table(
        Table(
            header=("Workstream", "Open", "Done"),
            rows=(("One", "3", "1"), ("Two", "0", "2")),
            total=("Total", "3", "3"),
            caption="Actions by workstream",
            row_headers=True,
            numeric=frozenset({1, 2}),
        )
    )
    doc.para("See ", link("the paper", "https://example.org/paper.pdf"), ".")
    return doc.spec(
        title="Board minutes: June 2023",
        author="Trust Board",
        date=dt.date(2023, 6, 1),
        **options,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def sample_bytes() -> bytes:
    return docx_writer.to_bytes(sample())


def test_headings_use_words_own_styles(sample_bytes: bytes) -> None:
    found = blocks(open_docx(sample_bytes))
    assert ("Title", "Board minutes") in found
    assert ("Heading 1", "Present") in found
    assert ("Heading 2", "Item") in found
    assert ("Heading 3", "Sub-item") in found
    assert ("Normal", "Held on 1 June 2023.") in found
    assert [t for s, t in found if s == "List Bullet"] == ["Alpha Council", "Beta Board"]


def test_runs_keep_their_spaces_and_bold(sample_bytes: bytes) -> None:
    document = open_docx(sample_bytes)
    held = next(p for p in document.paragraphs if p.text.startswith("Held on"))
    assert [(r.text, bool(r.bold)) for r in held.runs] == [
        ("Held on ", False),
        ("1 June 2023", True),
        (".", False),
    ]


def test_tables_are_real_tables_with_a_header_row(sample_bytes: bytes) -> None:
    document = open_docx(sample_bytes)
    (table,) = tables(document)
    assert table.style is not None
    assert table.style.name == "Table Grid"
    assert header_flagged(table) == [True, False, False, False]
    assert [c.text for c in table.rows[0].cells] == ["Workstream", "Open", "Done"]
    assert [c.text for c in table.rows[-1].cells] == ["Total", "3", "3"]
    assert all(r.bold for c in table.rows[0].cells for r in c.paragraphs[0].runs)
    assert all(r.bold for c in table.rows[-1].cells for r in c.paragraphs[0].runs)
    assert table.rows[1].cells[0].paragraphs[0].runs[0].bold  # a row header
    assert not table.rows[1].cells[1].paragraphs[0].runs[0].bold
    assert table.rows[1].cells[1].paragraphs[0].alignment == 2  # right: a number
    caption = table._tbl.tblPr.find(qn("w:tblCaption"))
    assert caption is not None
    assert caption.get(qn("w:val")) == "Actions by workstream"
    found = blocks(document)
    at = found.index(("Caption", "Actions by workstream"))
    assert found[at + 1] == ("row", "Workstream | Open | Done")


def test_title_author_and_language_are_set(sample_bytes: bytes) -> None:
    document = open_docx(sample_bytes)
    core = document.core_properties
    assert core.title == "Board minutes: June 2023"
    assert core.author == "Trust Board"
    assert core.last_modified_by == "Trust Board"
    assert core.language == "en-GB"
    assert core.comments == ""  # not "generated by python-docx"
    assert core.created == dt.datetime(2023, 6, 1, tzinfo=dt.UTC)
    assert normal_language(document) == "en-GB"
    styles = raw_parts(sample_bytes)["word/styles.xml"]
    assert 'w:val="en-US"' not in styles


def test_the_page_is_a4(sample_bytes: bytes) -> None:
    section = open_docx(sample_bytes).sections[0]
    assert section.page_width is not None
    assert section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_links_are_links_not_fields(sample_bytes: bytes) -> None:
    document = open_docx(sample_bytes)
    (paragraph,) = [p for p in document.paragraphs if p.text == "See the paper."]
    (hyperlink,) = paragraph.hyperlinks
    assert hyperlink.text == "the paper"
    assert hyperlink.address == "https://example.org/paper.pdf"
    xml = raw_parts(sample_bytes)["word/document.xml"]
    assert "w:fldChar" not in xml
    assert "w:instrText" not in xml
    assert "w:fldSimple" not in xml


def test_only_web_and_mail_addresses_become_links() -> None:
    assert link("x", "javascript:alert(1)").url is None
    assert link("x", "file:///etc/passwd").url is None
    assert link("x", "mailto:clerk@example.org").url == "mailto:clerk@example.org"


def test_same_structure_same_bytes() -> None:
    first = docx_writer.to_bytes(sample())
    assert docx_writer.to_bytes(sample()) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {docx_writer.FIXED_TIME}
        assert not [n for n in archive.namelist() if "thumbnail" in n]


def test_status_and_page_header() -> None:
    document = open_docx(
        docx_writer.to_bytes(sample(status="Draft", page_header="Internal: not for publication"))
    )
    assert document.core_properties.content_status == "Draft"
    assert document.sections[0].header.paragraphs[0].text == "Internal: not for publication"


def test_a_heading_level_word_has_no_place_for_is_refused() -> None:
    doc = Builder()
    doc.heading(4, "Too deep")
    with pytest.raises(ValueError, match="heading level 4"):
        docx_writer.to_bytes(doc.spec(title="t", author="a"))


def test_lists_inside_list_items_use_words_list_styles() -> None:
    doc = Builder()
    doc.bullets(["Meeting"])
    doc.bullets(["Item"], level=2)
    doc.para(bold("The group agreed:"), level=2)
    doc.bullets(["A decision", "Another"], level=3)
    doc.para("After the list.")
    document = open_docx(docx_writer.to_bytes(doc.spec(title="t", author="a")))
    assert blocks(document) == [
        ("List Bullet", "Meeting"),
        ("List Bullet 2", "Item"),
        ("List Continue 2", "The group agreed:"),
        ("List Bullet 3", "A decision"),
        ("List Bullet 3", "Another"),
        ("Normal", "After the list."),
    ]
    lead = next(p for p in document.paragraphs if p.text == "The group agreed:")
    assert lead.runs[0].bold


@pytest.mark.parametrize(("kind", "level"), [("bullets", 0), ("bullets", 4), ("para", 4)])
def test_a_list_level_word_has_no_style_for_is_refused(kind: str, level: int) -> None:
    doc = Builder()
    if kind == "bullets":
        doc.bullets(["Too deep"], level=level)
    else:
        doc.para("Too deep", level=level)
    with pytest.raises(ValueError, match=f"list level {level}"):
        docx_writer.to_bytes(doc.spec(title="t", author="a"))


def test_empty_paragraphs_and_lists_are_left_out() -> None:
    doc = Builder()
    doc.para("")
    doc.bullets([])
    assert doc.blocks == []


HOSTILE = (
    "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r")
    + "\x7f\x85\x9f\ud800\udcff\ufffe\uffff"
    + '<w:p><w:r><w:t>injected</w:t></w:r></w:p> ]]> &amp; <!-- x --> "q" \u2028'
)


def test_hostile_text_is_kept_as_text() -> None:
    doc = Builder()
    doc.heading(0, HOSTILE)
    doc.para(HOSTILE, bold(HOSTILE), link(HOSTILE, "https://example.org/"))
    doc.bullets([HOSTILE])
    doc.table(Table(header=(HOSTILE,), rows=((HOSTILE,),), caption=HOSTILE, total=(HOSTILE,)))
    data = docx_writer.to_bytes(
        doc.spec(title=HOSTILE, author=HOSTILE, status=HOSTILE, page_header=HOSTILE)
    )
    document = open_docx(data)
    shown = clean(HOSTILE)
    assert "\\x1b" in shown
    assert "\\x00" in shown
    assert "\\ud800" in shown
    assert "\\ufffe" in shown
    assert "<w:p><w:r><w:t>injected" in shown
    found = blocks(document)
    assert found[0] == ("Title", shown)
    assert ("Normal", f"{shown} {shown} {shown}") in found  # the space before U+2028 kept
    assert ("List Bullet", shown) in found
    assert found.count(("row", shown)) == 3
    assert document.core_properties.title == shown
    assert document.core_properties.author == shown
    assert all(text != "injected" for _, text in found)
    xml = raw_parts(data)["word/document.xml"]
    assert "&lt;w:p&gt;&lt;w:r&gt;" in xml
    assert "\x1b" not in xml


def test_clean_makes_one_line() -> None:
    assert clean("  a\n\tb\r\n c  ") == "a b c"
    assert clean("a\n b", strip=False) == "a b"
    assert clean(" a ", strip=False) == " a "
    assert clean(None) == ""
    assert clean("a\u2028b\u2029") == "a b"
    assert clean("\u00a0keeps no-break spaces\u00a0") == "\u00a0keeps no-break spaces\u00a0"


def test_the_writer_imports_python_docx_only_when_writing() -> None:
    code = (
        "import sys, trauma_ws.publishing.docx_writer, trauma_ws.publishing.docx_minutes, "
        "trauma_ws.publishing.docx_report; "
        "print(sorted(m for m in ('docx', 'lxml') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
