"""Word documents (``--format docx``) from a simple structure, with python-docx.

A document is a :class:`DocumentSpec`: its title, author and language, and a sequence of
blocks: headings (:class:`Heading`: Word's own Title and Heading 1 to 3 styles), paragraphs
(:class:`Paragraph`, of :class:`Run` s, some bold), bullet lists (:class:`Bullets`, Word's
List Bullet style; List Bullet 2 and 3 for lists inside a list's items, whose own paragraphs
are List Continue 2 and 3) and tables (:class:`Table`: the Table Grid style, a header row
marked as one, so Word repeats it on each page and screen readers announce it, and a
caption). :class:`Builder` collects the blocks in reading order; :func:`to_bytes` writes the
file.

Callers build the structure from view data that already has privacy applied (minutes in
``docx_minutes.py``, reports in ``docx_report.py`` and ``docx_report_record.py``); nothing
here decides what an audience sees. All text goes in as text, never as field codes or
markup: whitespace runs become one space, as in the HTML, and characters XML cannot hold
(control characters, lone surrogates, U+FFFE and U+FFFF) are shown escaped as ``\\x1b``, as
in every other output.

python-docx (and lxml under it) is imported only inside :func:`to_bytes`, so commands that
write no Word document never pay for it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from trauma_ws.publishing.safe_text import printable

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.table import _Cell as WordCell
    from docx.text.paragraph import Paragraph as WordParagraph

LANGUAGE = "en-GB"
"""The language every document is marked as (spelling, screen readers' voices)."""
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
"""The time stamp of every part of the file, so the same records give the same bytes."""

_SPACES = re.compile(r"[ \t\n\r\x0b\x0c\u2028\u2029]+")
_NOT_XML = re.compile("[\ufffe\uffff]")
_LINKABLE = re.compile(r"(?:https?://|mailto:)[^\s<>\"'`\\]+")
_LINK_COLOUR = "1A4F8B"  # the HTML pages' link colour (8.3:1 on white)
_A4 = (11906, 16838)  # twentieths of a point (twips): 210 mm by 297 mm
_MARGIN = 1440  # 2.54 cm


def clean(value: object, *, strip: bool = True) -> str:
    """``value`` as one line of text that a Word file can hold and that acts as nothing.

    Whitespace runs (newlines included) become one space, as a browser shows the HTML, and
    with ``strip`` none is left at either end; control characters, lone surrogates and
    U+FFFE/U+FFFF are shown escaped (``\\x1b``), since XML cannot hold them. None is no text.
    """
    if value is None:
        return ""
    text = _SPACES.sub(" ", str(value))
    text = printable(text.strip(" ") if strip else text)
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# --- the structure -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Run:
    """Text in a paragraph; ``bold`` for a lead such as ``Internal:`` or ``The Board noted:``;
    with ``url`` (an http(s) or mailto address), a link to it, as the HTML has one."""

    text: str
    bold: bool = False
    url: str | None = None


Inline = str | Run
"""A part of a paragraph: plain text, or a :class:`Run`."""


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int
    """0 for the document's Title; 1 to 3 for Heading 1 to Heading 3."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    runs: tuple[Run, ...]
    level: int = 0
    """0 for a paragraph of its own (Normal); 1 to 3 for one inside a list item of that level
    (List Continue, List Continue 2, List Continue 3)."""


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[tuple[Run, ...], ...]
    level: int = 1
    """1 for a list (List Bullet); 2 and 3 for a list inside an item of the level above
    (List Bullet 2, List Bullet 3)."""


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str | None = None
    """Shown above the table and given to Word as the table's title (alt text)."""
    row_headers: bool = False
    """The first column names each row (as ``<th scope="row">`` in the HTML): shown bold."""
    total: tuple[str, ...] | None = None
    """A last row of totals, shown bold."""
    numeric: frozenset[int] = frozenset()
    """Columns (from 0) of numbers, aligned right."""
    nowrap: frozenset[int] = frozenset()
    """Columns (from 0) whose cells Word never wraps (ids such as ``pdg-003``)."""


Block = Heading | Paragraph | Bullets | Table


@dataclass(frozen=True, slots=True)
class DocumentSpec:
    """A whole Word document: its properties and its blocks in reading order."""

    title: str
    author: str
    """The programme or group the document comes from (File > Info > Author)."""
    blocks: tuple[Block, ...]
    date: dt.date | None = None
    """When the document's content dates from: its created and modified properties."""
    status: str | None = None
    """Word's content status property: ``Draft`` for minutes not yet approved."""
    page_header: str | None = None
    """Text at the top of every page: ``Internal: not for publication``."""
    language: str = LANGUAGE


def _runs(parts: Iterable[Inline]) -> tuple[Run, ...]:
    return tuple(p if isinstance(p, Run) else Run(p) for p in parts if p)


@dataclass
class Builder:
    """Collects a document's blocks in reading order; :meth:`spec` makes the document."""

    blocks: list[Block] = field(default_factory=list)

    def heading(self, level: int, text: str) -> None:
        """A heading: 0 is the Title, 1 to 3 are Heading 1 to Heading 3."""
        self.blocks.append(Heading(text, level))

    def para(self, *parts: Inline, level: int = 0) -> None:
        """A paragraph of plain text and :class:`Run` s (nothing when all are empty); with
        ``level`` 1 to 3, inside a list item of that level."""
        runs = _runs(parts)
        if runs:
            self.blocks.append(Paragraph(runs, level))

    def bullets(self, items: Iterable[Inline | Sequence[Inline]], *, level: int = 1) -> None:
        """A bullet list, one paragraph of List Bullet per item (nothing for no items); with
        ``level`` 2 or 3, a list inside an item of the level above."""
        rows = tuple(_runs([item] if isinstance(item, str | Run) else item) for item in items)
        if rows:
            self.blocks.append(Bullets(rows, level))

    def table(self, table: Table) -> None:
        self.blocks.append(table)

    def spec(
        self,
        *,
        title: str,
        author: str,
        date: dt.date | None = None,
        status: str | None = None,
        page_header: str | None = None,
    ) -> DocumentSpec:
        """The document of the blocks so far (see :class:`DocumentSpec` for the options)."""
        return DocumentSpec(
            title=title,
            author=author,
            blocks=tuple(self.blocks),
            date=date,
            status=status,
            page_header=page_header,
        )


def bold(text: str) -> Run:
    return Run(text, bold=True)


def link(text: str, url: str | None) -> Run:
    """``text`` linked to ``url`` when it is an http(s) or mailto address; else plain text."""
    return Run(text, url=url if url and _LINKABLE.fullmatch(url) else None)


# --- writing it with python-docx -----------------------------------------------------------------


def _set_language(document: WordDocument, language: str) -> None:
    """Mark the text as ``language``: the defaults, the Normal style and the theme's fonts."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles.element
    for lang in styles.iter(qn("w:lang")):  # the document defaults (en-US in the template)
        lang.set(qn("w:val"), language)
        lang.set(qn("w:eastAsia"), language)
    normal = document.styles["Normal"].element.get_or_add_rPr()
    lang = normal.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        normal.append(lang)
    lang.set(qn("w:val"), language)
    theme = document.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), language)


def _page(document: WordDocument) -> None:
    """A4 with 2.54 cm margins, as British public bodies print."""
    from docx.shared import Twips

    section = document.sections[0]
    section.page_width, section.page_height = Twips(_A4[0]), Twips(_A4[1])
    section.left_margin = section.right_margin = Twips(_MARGIN)


class _Styles:
    """Each style's id, looked up once per document.

    python-docx looks a style up by name on every paragraph, and then reads every style of
    the document to find the default one (about 3 ms a paragraph, most of a document's time);
    the answer is the same each time, so each name is looked up once, and the default style
    of a kind found once, with one query.
    """

    def __init__(self, document: WordDocument) -> None:
        self.document = document
        self.ids: dict[tuple[str, bool], str | None] = {}
        self.defaults: dict[bool, str | None] = {}

    def _default(self, table: bool) -> str | None:
        """The id of the default paragraph (or table) style, as python-docx finds it: the
        last style of the kind marked as the default."""
        if table not in self.defaults:
            from docx.oxml.ns import qn

            kind = "table" if table else "paragraph"
            found = [
                style.get(qn("w:styleId"))
                for style in self.document.styles.element.iterchildren(qn("w:style"))
                if style.get(qn("w:type")) == kind
                and style.get(qn("w:default")) in ("1", "true", "on")
            ]
            self.defaults[table] = found[-1] if found else None
        return self.defaults[table]

    def id(self, name: str, *, table: bool = False) -> str | None:
        """The id of the paragraph (or table) style ``name``; None for the default style.
        Raises KeyError for a style the document does not have."""
        key = (name, table)
        if key not in self.ids:
            from docx.enum.style import WD_STYLE_TYPE

            style = self.document.styles[name]
            kind = WD_STYLE_TYPE.TABLE if table else WD_STYLE_TYPE.PARAGRAPH
            if style.type != kind:
                raise ValueError(f"style {name!r} is not a {kind} style")
            ident = style.style_id
            self.ids[key] = None if ident == self._default(table) else ident
        return self.ids[key]

    def paragraph(self, name: str | None, text: str = "") -> WordParagraph:
        """A new paragraph at the end of the document, as ``add_paragraph(text, name)``."""
        paragraph = self.document.add_paragraph(text)
        style = self.id(name) if name is not None else None
        if style is not None:
            paragraph._p.style = style
        return paragraph


def _paragraph(styles: _Styles, runs: Sequence[Run], style: str | None = None) -> None:
    """One paragraph of ``runs``: the spaces between them kept, none at either end."""
    paragraph = styles.paragraph(style)
    last = len(runs) - 1
    for index, part in enumerate(runs):
        text = clean(part.text, strip=False)
        text = text.lstrip(" ") if index == 0 else text
        text = text.rstrip(" ") if index == last else text
        if part.url:
            _hyperlink(paragraph, text, part.url)
            continue
        run = paragraph.add_run(text)
        if part.bold:
            run.bold = True


def _hyperlink(paragraph: WordParagraph, text: str, url: str) -> None:
    """A link (a ``w:hyperlink`` to an external relationship: no field code), blue and
    underlined as Word shows links."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import RGBColor

    ident = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    element = OxmlElement("w:hyperlink")
    element.set(qn("r:id"), ident)
    run = paragraph.add_run(text)  # made in the paragraph, then moved into the link
    run.font.underline = True
    run.font.color.rgb = RGBColor.from_string(_LINK_COLOUR)
    element.append(run._r)
    paragraph._p.append(element)


def _cell(cell: WordCell, text: str, *, bold: bool, right: bool) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(clean(text))
    if bold:
        run.bold = True
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _table(styles: _Styles, spec: Table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if spec.caption:
        styles.paragraph("Caption", clean(spec.caption))
    rows = [*spec.rows, *([spec.total] if spec.total else [])]
    table = styles.document.add_table(rows=1 + len(rows), cols=len(spec.header))
    table._tbl.tblStyle_val = styles.id("Table Grid", table=True)
    properties = table._tbl.tblPr
    look = properties.find(qn("w:tblLook"))
    if look is not None:
        look.set(qn("w:firstColumn"), "1" if spec.row_headers else "0")
        look.set(qn("w:lastRow"), "1" if spec.total else "0")
    if spec.caption:
        caption = OxmlElement("w:tblCaption")
        caption.set(qn("w:val"), clean(spec.caption))
        properties.append(caption)
    # The header row: repeated at the top of each page, and read as headers by screen readers.
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(OxmlElement("w:tblHeader"))
    # Every cell once: python-docx's table.cell(row, col) lists all the cells at each call.
    cells = table._cells
    width = len(spec.header)
    for col, text in enumerate(spec.header):
        _cell(cells[col], text, bold=True, right=col in spec.numeric)
    for index, row in enumerate(rows, start=1):
        is_total = spec.total is not None and index == len(rows)
        for col, text in enumerate(row):
            strong = is_total or (spec.row_headers and col == 0)
            cell = cells[index * width + col]
            _cell(cell, text, bold=strong, right=col in spec.numeric)
            if col in spec.nowrap:
                cell._tc.get_or_add_tcPr().append(OxmlElement("w:noWrap"))


def _level_style(base: str, level: int) -> str:
    """``List Bullet``, ``List Bullet 2``…: Word's style for a list paragraph at ``level``."""
    if not 1 <= level <= 3:
        raise ValueError(f"list level {level}: use 1 to 3")
    return base if level == 1 else f"{base} {level}"


def _properties(document: WordDocument, spec: DocumentSpec) -> None:
    core = document.core_properties
    core.title = clean(spec.title)
    core.author = core.last_modified_by = clean(spec.author)
    core.language = spec.language
    core.comments = ""
    core.subject = ""
    core.keywords = ""
    core.content_status = clean(spec.status)
    core.revision = 1
    # The content's own date, not the clock: the same records give the same file.
    when = dt.datetime.combine(spec.date or dt.date(2000, 1, 1), dt.time())
    core.created = core.modified = when


def _fixed_zip(data: bytes) -> bytes:
    """The file again with every part's time stamp fixed: the same records, the same bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info))
    return out.getvalue()


def to_bytes(spec: DocumentSpec) -> bytes:
    """The Word document (``.docx``) ``spec`` describes, as bytes.

    Headings use Word's Title and Heading 1–3 styles, lists List Bullet (2 and 3 inside
    them, with List Continue paragraphs), tables Table Grid with a repeating header row; the
    title, author, language (also on the Normal style) and dates are set in the document's
    properties. Record text goes in as text only (see :func:`clean`). Raises ValueError for
    a heading level outside 0–3 or a list level outside 1–3 (0–3 for a paragraph).
    """
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE

    document = docx.Document()
    package = document.part.package
    for ident, rel in list(package.rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:  # python-docx's template's picture
            package.rels.pop(ident)
    _page(document)
    _set_language(document, spec.language)
    _properties(document, spec)
    if spec.page_header:
        document.sections[0].header.paragraphs[0].text = clean(spec.page_header)
    styles = _Styles(document)
    for block in spec.blocks:
        if isinstance(block, Heading):
            if not 0 <= block.level <= 3:
                raise ValueError(f"heading level {block.level}: use 0 (Title) to 3")
            # As document.add_heading() makes it.
            name = "Title" if block.level == 0 else f"Heading {block.level}"
            styles.paragraph(name, clean(block.text))
        elif isinstance(block, Paragraph):
            style = _level_style("List Continue", block.level) if block.level else None
            _paragraph(styles, block.runs, style=style)
        elif isinstance(block, Bullets):
            style = _level_style("List Bullet", block.level)
            for item in block.items:
                _paragraph(styles, item, style=style)
        else:
            _table(styles, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())
