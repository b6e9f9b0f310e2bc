"""The small things a reader notices (issue 14 item 8): abbreviations in attendee lists, the
group's and programme's pages in the Contact section, web addresses as links, ids that never
break in the report's Ref column, a report's links to the minutes from wherever it is written,
and `tws groups` keeping "external" out of the name."""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from tests.conftest import AS_OF, run_tws
from tests.publishing.test_docx_writer import blocks, open_docx
from tests.publishing.test_report_record import SECOND, with_reports

from trauma_ws.publishing.render import linkify

MEETING = "delivery-2023-06-01"


class Anchors(HTMLParser):
    """Every link of a page: (href, text), and the text of each ``td.ref`` cell."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.refs: list[str] = []
        self._href: str | None = None
        self._text: list[str] = []
        self._in_ref = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a":
            self._href, self._text = found.get("href") or "", []
        if tag == "td" and found.get("class") == "ref":
            self._in_ref = True
            self.refs.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text)))
            self._href = None
        if tag == "td":
            self._in_ref = False

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)
        if self._in_ref:
            self.refs[-1] += data


def anchors(html: str) -> Anchors:
    parser = Anchors()
    parser.feed(html)
    return parser


def tws(root: Path, *args: str) -> str:
    result = run_tws(*args, "--root", str(root), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def tws_bytes(root: Path, *args: str) -> bytes:
    result = run_tws(*args, "-f", "docx", "--root", str(root), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


# --- abbreviations after names ------------------------------------------------------------------


def test_attendees_are_listed_with_their_abbreviation(programme: Path) -> None:
    md = tws(programme, "minutes", "render", MEETING, "-f", "md")
    assert "- Beta Health Board (BHB)\n" in md
    assert "- Alpha Council\n" in md  # no abbreviation recorded: the name alone
    html = tws(programme, "minutes", "render", MEETING, "-f", "html")
    assert "<li>Beta Health Board (BHB)</li>" in html
    found = blocks(open_docx(tws_bytes(programme, "minutes", "render", MEETING)))
    assert ("List Bullet", "Beta Health Board (BHB)") in found
    assert ("List Bullet", "Alpha Council") in found


# --- the Contact section ------------------------------------------------------------------------


def test_contact_links_the_programme_and_group_pages(programme: Path) -> None:
    replace_in(
        programme / "data/groups.yaml",
        "    name: Delivery Group\n",
        "    name: Delivery Group\n    url: https://example.org/delivery\n",
    )
    replace_in(
        programme / "data/groups.yaml",
        "    name: Advisory Group\n",
        "    name: Advisory Group\n    url: javascript:alert(1)\n",
    )
    html = tws(programme, "minutes", "render", MEETING, "-f", "html")
    assert ("https://example.org/delivery", "https://example.org/delivery") in anchors(html).links
    md = tws(programme, "minutes", "render", MEETING, "-f", "md")
    assert "The group's web page: <https://example.org/delivery>" in md
    document = open_docx(tws_bytes(programme, "minutes", "render", MEETING))
    assert "https://example.org/delivery" in {
        rel.target_ref for rel in document.part.rels.values() if rel.is_external
    }
    # An address that is not http(s) is never a link, nor shown as the group's page.
    advisory = tws(programme, "minutes", "render", "advisory-2023-04-01", "-f", "html")
    assert "javascript" not in advisory
    assert "The group's web page" not in advisory
    # The site's page of the group links it too.
    out = programme / "site"
    tws(programme, "site", "build", "-o", str(out))
    page = (out / "groups" / "delivery.html").read_text()
    assert ("https://example.org/delivery", "https://example.org/delivery") in anchors(page).links


# --- web addresses as links ---------------------------------------------------------------------


def test_web_addresses_become_links_and_nothing_else_does() -> None:
    assert str(linkify("See https://example.org/a.")) == (
        'See <a href="https://example.org/a">https://example.org/a</a>.'
    )
    assert str(linkify("(see http://example.org/b), then")) == (
        '(see <a href="http://example.org/b">http://example.org/b</a>), then'
    )
    assert str(linkify("https://en.wikipedia.org/wiki/A_(b)!")) == (
        '<a href="https://en.wikipedia.org/wiki/A_(b)">https://en.wikipedia.org/wiki/A_(b)</a>!'
    )
    for text in ("javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd"):
        assert "<a" not in str(linkify(text))
    escaped = str(linkify('<b>x</b> https://e.org/?a=1&b="2" end'))
    assert escaped.startswith("&lt;b&gt;x&lt;/b&gt; ")
    assert '<a href="https://e.org/?a=1&amp;b=">https://e.org/?a=1&amp;b=</a>&#34;2&#34;' in (
        escaped
    )
    assert str(linkify(None)) == ""


def test_notes_and_updates_link_their_addresses_in_html(programme: Path) -> None:
    replace_in(
        programme / f"data/meetings/{MEETING}.yaml",
        "      - Members reviewed the open actions.\n",
        "      - 'Members reviewed the open actions (https://example.org/log). Also "
        "javascript:alert(1).'\n",
    )
    html = tws(programme, "minutes", "render", MEETING, "-f", "html")
    assert ("https://example.org/log", "https://example.org/log") in anchors(html).links
    assert not any(href.startswith("javascript") for href, _ in anchors(html).links)
    assert "https://example.org/log</a>). Also javascript:alert(1).</li>" in html
    # The Markdown stays as written: no link added, nothing unescaped.
    md = tws(programme, "minutes", "render", MEETING, "-f", "md")
    assert "<https://example.org/log>" not in md


# --- the Ref column -----------------------------------------------------------------------------


def test_the_report_never_breaks_an_id(programme: Path) -> None:
    html = tws(programme, "report", "progress", "--group", "delivery", "-f", "html")
    refs = anchors(html).refs
    assert refs
    assert all(ref.startswith("del-") for ref in refs)
    assert "td.ref { white-space: nowrap; }" in html
    document = open_docx(tws_bytes(programme, "report", "progress", "--group", "delivery"))
    checked = 0
    for table in document.tables:
        if table.rows[0].cells[0].text != "Ref":
            continue
        for row in table.rows[1:]:
            properties = row.cells[0]._tc.tcPr
            assert properties is not None
            assert properties.find(qn("w:noWrap")) is not None
            checked += 1
    assert checked


# --- the report's links to the minutes ----------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [("report", "progress", "--group", "delivery"), ("report", "render", SECOND)],
    ids=["progress", "record"],
)
def test_a_report_written_anywhere_links_to_the_minutes(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    """Both kinds of report (ad hoc and a report record) link to build/minutes/ from wherever
    they are written."""
    programme = with_reports(tmp_path / "prog")

    def minutes_links(page: str) -> list[str]:
        return [href for href, _ in anchors(page).links if "delivery-2023" in href]

    # To standard output, and in build/: beside the minutes folder, as before.
    assert minutes_links(tws(programme, *command, "-f", "html"))
    inside = programme / "build" / "report.html"
    tws(programme, *command, "-f", "html", "-o", str(inside))
    links = minutes_links(inside.read_text())
    assert links
    assert all(h.startswith("minutes/delivery-2023-") for h in links)
    # Elsewhere: each link still leads to build/minutes/.
    for where in (tmp_path / "elsewhere" / "report.html", programme / "reports" / "r.md"):
        fmt = "md" if where.suffix == ".md" else "html"
        tws(programme, *command, "-f", fmt, "-o", str(where))
        text = where.read_text()
        hrefs = (
            minutes_links(text)
            if fmt == "html"
            else [
                part.split(")")[0].replace("\\", "")
                for part in text.split("](")[1:]
                if "delivery-2023" in part.split(")")[0]
            ]
        )
        assert hrefs
        for href in hrefs:
            target = Path(os.path.normpath(where.parent / href))
            assert target.parent == programme / "build" / "minutes", href


# --- tws groups -----------------------------------------------------------------------------------


def test_groups_keep_external_out_of_the_name(programme: Path) -> None:
    table = tws(programme, "groups")
    header = next(line for line in table.splitlines() if line.startswith("ID"))
    assert header.split()[:3] == ["ID", "Name", "External"]
    board = next(line for line in table.splitlines() if line.startswith("board"))
    start = header.index("External")
    assert board[:start].rstrip().endswith("Programme Board")
    assert board[start:].startswith("yes")
