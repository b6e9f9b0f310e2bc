"""`tws site build`: the public website's pages, links, privacy, escaping and safe replacement."""

from __future__ import annotations

import datetime as dt
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from tests.conftest import AS_OF, FIXTURE_BASE, run_tws, run_tws_process

from trauma_ws.checking.validate import load_valid
from trauma_ws.publishing import site

VOID = {"meta", "link", "br", "hr", "img", "input", "source", "wbr", "area", "base", "col"}
FOCUSABLE = {"a", "button", "input", "select", "textarea", "summary"}

FIXTURE_PAGES = {
    "index.html",
    "actions/index.html",
    *(f"actions/{a.stem}.html" for a in (FIXTURE_BASE / "data/actions").glob("*.yaml")),
    "meetings/index.html",
    *(f"meetings/{m.stem}.html" for m in (FIXTURE_BASE / "data/meetings").glob("*.yaml")),
    "groups/index.html",
    "groups/delivery.html",
    "groups/advisory.html",
    "groups/board.html",
    "risks.html",
    "measures.html",
    "reports.html",
    "report.html",
}
"""The pages of the base fixture's site built with its drafts (one meeting's minutes are a
draft, ``DRAFT_MEETING``): every kind of page the fixture has."""
DRAFT_MEETING = "delivery-2023-06-01"


class Doc(HTMLParser):
    """An HTML page as the tests need it, from a real parse: tags, headings, links, tables."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.doctype = ""
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[int] = []
        self.texts: list[str] = []
        self.title = ""
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.links: list[tuple[str, str]] = []
        """(href, link text) of every ``<a href>``."""
        self.tables: list[dict[str, object]] = []
        self._link: list[str] | None = None
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._caption: list[str] | None = None
        self.feed(html)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed: {self.stack}")

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "a" and found.get("href") is not None:
            self._link = [found["href"] or ""]
        elif tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()
        if tag == "a" and self._link is not None:
            self.links.append((self._link[0], " ".join("".join(self._link[1:]).split())))
            self._link = None
        elif tag == "caption" and self._caption is not None:
            self.tables[-1]["caption"] = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            rows = self.tables[-1]["rows"]
            assert isinstance(rows, list)
            rows.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "title":
            self.title += data
        self.texts.append(data)
        for part in (self._link, self._cell, self._caption):
            if part is not None:
                part.append(data)

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for t, attrs in self.tags if t == tag]

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())

    def ids(self) -> set[str]:
        return {attrs["id"] or "" for _, attrs in self.tags if "id" in attrs}

    def table(self, caption_part: str) -> list[list[str]]:
        """The body rows (header row left out) of the table whose caption has ``caption_part``."""
        for table in self.tables:
            if caption_part in str(table["caption"]):
                rows = table["rows"]
                assert isinstance(rows, list)
                return rows[1:]
        raise AssertionError(f"no table captioned …{caption_part}…")


def build(root: Path, out: Path, *args: str) -> Path:
    result = run_tws("site", "build", "--root", str(root), "--as-of", AS_OF, "-o", str(out), *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return out


def pages(out: Path) -> dict[str, Doc]:
    return {
        p.relative_to(out).as_posix(): Doc(p.read_text(encoding="utf-8"))
        for p in sorted(out.rglob("*.html"))
    }


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base fixture programme's site with its draft minutes, built once for the read-only
    tests (tests/publishing/test_site_reports.py checks the site without them)."""
    return build(FIXTURE_BASE, tmp_path_factory.mktemp("site") / "site", "--include-drafts")


@pytest.fixture(scope="module")
def fixture_pages(fixture_site: Path) -> dict[str, Doc]:
    return pages(fixture_site)


# --- what is built --------------------------------------------------------------------------------


def test_every_page_is_built(fixture_site: Path) -> None:
    built = {p.relative_to(fixture_site).as_posix() for p in fixture_site.rglob("*.html")}
    assert built == FIXTURE_PAGES
    assert (fixture_site / "assets/site.css").is_file()
    assert (fixture_site / site.MARKER).is_file()
    assert not list(fixture_site.rglob("*.js"))


def test_the_build_says_where_the_site_is(programme: Path) -> None:
    result = run_tws("site", "build", "--as-of", AS_OF, cwd=programme)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    count = len(FIXTURE_PAGES) - 1  # the draft minutes are left out
    assert result.stderr == (
        f"tws: built {count} pages and 2 Word documents in build/site "
        "(open build/site/index.html)\n"
    )
    assert (programme / "build/site/index.html").is_file()


def test_progress_is_reported_as_pages_are_written(tmp_path: Path) -> None:
    programme = load_valid(FIXTURE_BASE, as_of=dt.date.fromisoformat(AS_OF))
    seen: list[tuple[int, int]] = []
    built = site.build(
        programme,
        as_of=dt.date.fromisoformat(AS_OF),
        out=tmp_path / "out",
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[-1] == (built.pages, built.pages)
    assert built.out == (tmp_path / "out").resolve()


# --- every page: a sound, accessible document -----------------------------------------------------


def test_every_page_is_a_sound_accessible_document(fixture_pages: dict[str, Doc]) -> None:
    for name, page in fixture_pages.items():
        where = f"{name}: "
        assert page.errors == [], where
        assert page.doctype.lower() == "doctype html", where
        assert page.named("html") == [{"lang": "en-GB"}], where
        assert page.title.strip(), where
        assert page.headings.count(1) == 1, where
        assert page.headings[0] == 1, where
        for before, after in zip(page.headings, page.headings[1:], strict=False):
            assert after <= before + 1, f"{where}heading skips from h{before} to h{after}"
        assert len(page.named("main")) == 1, where
        assert page.named("main")[0].get("id") == "main", where
        assert len(page.named("header")) == 1, where
        assert len(page.named("footer")) == 1, where
        assert page.named("nav"), where
        assert all(nav.get("aria-label") for nav in page.named("nav")), where
        first = next((t, a) for t, a in page.tags if t in FOCUSABLE)
        assert first == ("a", {"class": "skip-link", "href": "#main"}), where
        assert page.links[0] == ("#main", "Skip to main content"), where
        assert page.named("script") == [], where
        assert not [a for _, attrs in page.tags for a in attrs if a.startswith("on")], where
        for table in page.tables:
            assert table["caption"], f"{where}a table without a caption"
        assert all(th.get("scope") in ("col", "row") for th in page.named("th")), where


def test_titles_are_unique(fixture_pages: dict[str, Doc]) -> None:
    titles = [page.title for page in fixture_pages.values()]
    assert len(set(titles)) == len(titles)


def test_link_texts_make_sense_out_of_context(fixture_pages: dict[str, Doc]) -> None:
    vague = {"here", "click here", "more", "read more", "link", "this", "details"}
    for name, page in fixture_pages.items():
        for href, text in page.links:
            assert text, f"{name}: {href} has no link text"
            assert text.lower() not in vague, f"{name}: {href} has link text {text!r}"


def test_rag_is_written_in_words_as_well_as_colour(fixture_site: Path) -> None:
    found = 0
    for path in fixture_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert html.count('class="rag ') == len(re.findall(r'class="rag rag-[a-z]+">[A-Z]', html))
        for rag, text in re.findall(r'class="rag rag-([a-z]+)">([^<]*)<', html):
            assert text == ("No rating" if rag == "none" else rag.capitalize()), path
            found += 1
    assert found > 30


def test_style_sheet_colours_meet_the_contrast_minimum(fixture_site: Path) -> None:
    css = (fixture_site / "assets/site.css").read_text(encoding="utf-8")

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    def contrast(a: str, b: str) -> float:
        high, low = sorted((luminance(a), luminance(b)), reverse=True)
        return (high + 0.05) / (low + 0.05)

    pairs = 0
    for rule in re.findall(r"\{([^}]*)\}", css):
        background = re.search(r"background:\s*(#[0-9a-f]{6})", rule)
        colour = re.search(r"(?<![-\w])color:\s*(#[0-9a-f]{6})", rule)
        if background and colour:
            pairs += 1
            assert contrast(background[1], colour[1]) >= 4.5, rule
    assert pairs >= 6
    for text in ("#1a1a1a", "#1a4f8b", "#505a5f"):
        assert contrast("#ffffff", text) >= 4.5
        assert contrast("#f3f2f1", text) >= 4.5
    assert re.search(r"a:focus[^{]*\{[^}]*outline: 3px solid", css)


# --- links ----------------------------------------------------------------------------------------


def check_links(out: Path, docs: dict[str, Doc], *, allowed_external: set[str]) -> int:
    """Assert every link and source is relative and leads to a file (and anchor) that exists."""
    checked = 0
    for name, page in docs.items():
        refs = [href for href, _ in page.links]
        refs += [a.get("href") or "" for a in page.named("link")]
        refs += [a.get("src") or "" for _, a in page.tags if "src" in a]
        for ref in refs:
            parts = urlsplit(ref)
            if parts.scheme:
                assert ref in allowed_external, f"{name}: link {ref!r}"
                continue
            assert not parts.netloc, f"{name}: {ref!r}"
            assert not ref.startswith("/"), f"{name}: {ref!r} is not relative"
            target = (out / name).parent / unquote(parts.path) if parts.path else out / name
            target = Path(os.path.normpath(target))
            assert target.is_relative_to(out), f"{name}: {ref!r} leads outside the site"
            assert target.is_file(), f"{name}: {ref!r} is broken"
            if parts.fragment:
                anchor_page = docs[target.relative_to(out).as_posix()]
                assert parts.fragment in anchor_page.ids(), f"{name}: {ref!r}: no such anchor"
            checked += 1
    return checked


def test_every_link_is_relative_and_leads_somewhere(
    fixture_site: Path, fixture_pages: dict[str, Doc]
) -> None:
    checked = check_links(
        fixture_site, fixture_pages, allowed_external={"mailto:fixture@example.org"}
    )
    assert checked > 200


def test_every_page_is_reachable_from_the_dashboard(
    fixture_site: Path, fixture_pages: dict[str, Doc]
) -> None:
    seen = {"index.html"}
    todo = ["index.html"]
    while todo:
        name = todo.pop()
        for href, _ in fixture_pages[name].links:
            path = urlsplit(href).path
            if not path or urlsplit(href).scheme:
                continue
            target = os.path.normpath((fixture_site / name).parent / path)
            rel = Path(target).relative_to(fixture_site).as_posix()
            if not rel.endswith(".html"):
                continue  # a Word download (test_site_reports.py opens each)
            if rel not in seen:
                seen.add(rel)
                todo.append(rel)
    assert seen == set(fixture_pages)


# --- the dashboard and the pages' content ---------------------------------------------------------


def test_dashboard_lists_the_overdue_actions(fixture_pages: dict[str, Doc]) -> None:
    rows = fixture_pages["index.html"].table("past their due date")
    assert [(row[0].split(":")[0], row[1], row[3]) for row in rows] == [
        ("del-001", "Beta Health Board", "76"),
        ("del-002", "Delivery Group", "45"),
        ("adv-001", "Robin Publicname (Gamma Trust)", "15"),
        ("del-003", "Gamma Trust", "15"),
    ]
    soon = fixture_pages["index.html"].table("falling due")
    assert [(row[0].split(":")[0], row[3]) for row in soon] == [
        ("del-006", "16"),
        ("del-008", "26"),
    ]


def test_dashboard_counts_by_workstream(fixture_pages: dict[str, Doc]) -> None:
    page = fixture_pages["index.html"]
    rag = page.table("RAG ratings")
    assert rag[0] == ["Workstream One", "1", "0", "0", "0", "1"]
    assert rag[-1] == ["All workstreams", "4", "0", "4", "1", "9"]
    status = page.table("Status of the actions")
    assert status[-1] == ["All workstreams", "3", "3", "1", "1", "1", "9"]
    recent = page.table("latest updates")
    assert [(row[0], row[1].split(":")[0]) for row in recent] == [
        ("20 May 2023", "del-004"),
        ("10 May 2023", "del-001"),
        ("2 April 2023", "del-004"),
        ("20 March 2023", "del-001"),
    ]


def test_action_page_shows_details_and_history(fixture_pages: dict[str, Doc]) -> None:
    page = fixture_pages["actions/del-001.html"]
    assert "Action del-001: Map current referral pathways" in page.text
    assert "Red : overdue by 76 days" in page.text or "Red: overdue by 76 days" in page.text
    assert "30 April 2023" in page.text
    updates = page.table("Updates on action del-001")
    assert [row[:2] for row in updates] == [
        ["20 March 2023", "Beta Health Board"],
        ["10 May 2023", "Beta Health Board"],
    ]
    assert ("../meetings/delivery-2023-03-01.html", "Delivery Group meeting of 1 March 2023") in (
        page.links
    )
    quarter = fixture_pages["actions/del-003.html"]
    assert "April to June 2023 (by 30 June 2023)" in quarter.text


def test_meeting_page_is_the_public_minutes(fixture_pages: dict[str, Doc]) -> None:
    page = fixture_pages["meetings/delivery-2023-03-01.html"]
    assert page.headings[:3] == [1, 2, 2]
    assert "Delivery Group minutes: March 2023" in page.text
    assert "Secretariat Office" in page.text
    assert "in confidence" not in page.text  # an internal note
    assert ("../actions/del-001.html", "del-001: Map current referral pathways") in page.links
    draft = fixture_pages["meetings/delivery-2023-06-01.html"]
    assert "these minutes have not yet been approved" in draft.text


def test_group_page_lists_members_reporting_lines_and_meetings(
    fixture_pages: dict[str, Doc],
) -> None:
    advisory = fixture_pages["groups/advisory.html"]
    members = advisory.table("Members of the Advisory Group")
    assert members == [
        ["Gamma Trust", "chair", "Robin Publicname (chair)"],
        ["Alpha Council", "member", "–"],
    ]
    assert ("../groups/board.html", "Programme Board") in advisory.links
    board = fixture_pages["groups/board.html"]
    assert ("../groups/delivery.html", "Delivery Group") in board.links
    assert ("../groups/advisory.html", "Advisory Group") in board.links
    assert "keeps its own records elsewhere" in board.text
    delivery = fixture_pages["groups/delivery.html"]
    assert [row[0] for row in delivery.table("Members of the Delivery Group")] == [
        "Alpha Council",
        "Secretariat Office",
        "Beta Health Board",
        "Gamma Trust",
    ]
    assert [row[0] for row in delivery.table("Meetings of the Delivery Group")] == [
        "Delivery Group meeting of 1 June 2023",
        "Delivery Group meeting of 1 March 2023",
    ]


def test_report_page_is_the_latest_progress_report(fixture_pages: dict[str, Doc]) -> None:
    page = fixture_pages["report.html"]
    assert page.headings[:2] == [1, 2]
    assert "Fixture Programme: progress report" in page.title
    assert "the Delivery Group and the Advisory Group" in page.text
    assert ("meetings/delivery-2023-06-01.html", "Delivery Group minutes: June 2023") in page.links
    nav = [href for href, _ in fixture_pages["index.html"].links]
    assert "report.html" in nav


# --- privacy --------------------------------------------------------------------------------------

PRIVATE = {
    "pat-private": "Pat Privateperson",
    "quinn-hidden": "Quinn Hiddenname",
    "sam-secret": "Sam Secretname",
}


def _edit(path: Path, change: dict[str, object]) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc.update(change)
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


@pytest.fixture
def private_programme(programme: Path) -> Path:
    """The fixture with private people as members, chairs, attendees, owners and authors."""
    data = programme / "data"
    groups = yaml.safe_load((data / "groups.yaml").read_text(encoding="utf-8"))
    groups["people"] += [
        {"id": "quinn-hidden", "name": "Quinn Hiddenname", "organisation": "alpha-council"},
        {"id": "sam-secret", "name": "Sam Secretname", "organisation": "gamma-trust"},
    ]
    for group in groups["groups"]:
        if group["id"] == "delivery":
            group["members"].append({"id": "quinn-hidden", "role": "vice-chair"})
        if group["id"] == "advisory":
            group["members"].append({"id": "sam-secret", "role": "member"})
    (data / "groups.yaml").write_text(yaml.safe_dump(groups, sort_keys=False), encoding="utf-8")
    _edit(
        data / "meetings/delivery-2023-06-01.yaml",
        {"chair": "quinn-hidden", "attendees": ["quinn-hidden", "beta-health", "sec-org"]},
    )
    _edit(
        data / "meetings/advisory-2023-04-01.yaml",
        {"attendees": ["robin-public", "alpha-council", "sam-secret"]},
    )
    _edit(
        data / "actions/del-002.yaml",
        {
            "owners": ["pat-private", "quinn-hidden"],
            "updates": [{"date": "2023-06-02", "by": "quinn-hidden", "text": "Plan drafted."}],
        },
    )
    _edit(
        data / "actions/adv-001.yaml",
        {
            "owners": ["robin-public", "sam-secret"],
            "updates": [{"date": "2023-07-01", "by": "sam-secret", "text": "Comments collated."}],
        },
    )
    return programme


def test_public_site_names_no_private_person(private_programme: Path, tmp_path: Path) -> None:
    out = build(private_programme, tmp_path / "site", "--include-drafts")
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) > 20
    everything = b"\n".join(p.read_bytes() for p in files)
    for ident, name in PRIVATE.items():
        for needle in (ident, name, name.split()[-1]):
            assert needle.encode() not in everything, needle
    assert b"Robin Publicname" in everything
    assert b"in confidence" not in everything
    docs = pages(out)
    assert "Plan drafted." in docs["actions/del-002.html"].text
    assert "Beta Health Board and Alpha Council" in docs["actions/del-002.html"].text
    delivery = docs["groups/delivery.html"].table("Members of the Delivery Group")
    assert ["Alpha Council", "chair and vice chair", "–"] in delivery


# --- escaping -------------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
JINJA = "{{ 7*7 }}"
JS_LINK = "[click](javascript:alert(1))"


@pytest.fixture
def nasty_programme(programme: Path) -> Path:
    """Markup, a script, Jinja code and script/data URLs in text fields across the records."""
    data = programme / "data"
    workplan = yaml.safe_load((data / "workplan.yaml").read_text(encoding="utf-8"))
    workplan["programme"]["name"] = f"Programme {SCRIPT}"
    workplan["programme"]["contact"] = "javascript:alert(1)"
    workplan["programme"]["url"] = "data:text/html,<script>alert(1)</script>"
    workplan["workstreams"][0]["title"] = f"Workstream {JINJA}"
    (data / "workplan.yaml").write_text(yaml.safe_dump(workplan, sort_keys=False), "utf-8")
    _edit(
        data / "actions/del-001.yaml",
        {
            "title": f"{SCRIPT} {JINJA}",
            "description": JS_LINK,
            "updates": [{"date": "2023-05-10", "by": "beta-health", "text": "javascript:alert(1)"}],
        },
    )
    meeting = data / "meetings/delivery-2023-06-01.yaml"
    doc = yaml.safe_load(meeting.read_text(encoding="utf-8"))
    doc["items"].append({"title": SCRIPT, "notes": [JINJA, JS_LINK], "decisions": [SCRIPT]})
    meeting.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return programme


def test_data_is_shown_as_text_never_as_markup_or_links(
    nasty_programme: Path, tmp_path: Path
) -> None:
    out = build(nasty_programme, tmp_path / "site", "--include-drafts")
    docs = pages(out)
    for name, page in docs.items():
        assert page.errors == [], name
        assert page.named("script") == [], name
        for href, _ in page.links:
            assert not href.lower().startswith(("javascript:", "data:")), name
        assert not [a for _, attrs in page.tags for a in attrs if a.startswith("on")], name
        assert f"Programme {SCRIPT}" in page.title, name
    action = docs["actions/del-001.html"]
    assert f"Action del-001: {SCRIPT} {JINJA}" in action.text
    assert JS_LINK in action.text
    assert "javascript:alert(1)" in action.table("Updates on action del-001")[0]
    assert f"del-001: {SCRIPT} {JINJA}" in docs["index.html"].text
    assert f"Workstream {JINJA}" in docs["index.html"].text
    minutes = docs["meetings/delivery-2023-06-01.html"]
    assert minutes.text.count(SCRIPT) >= 3
    assert JINJA in minutes.text
    assert JS_LINK in minutes.text
    assert "Contact: javascript:alert(1)." in docs["index.html"].text
    everything = b"".join(p.read_bytes() for p in out.rglob("*.html"))
    assert b"<script" not in everything
    assert b"49" not in everything.replace(b"2049", b"")


def test_only_web_and_mail_addresses_become_links() -> None:
    assert site.safe_url("https://www.gov.scot/x") == "https://www.gov.scot/x"
    assert site.safe_url(" http://example.org ") == "http://example.org"
    for bad in ("javascript:alert(1)", "data:text/html,x", "//evil.example", "https://a b", None):
        assert site.safe_url(bad) is None
    assert site.safe_email("team@gov.scot") == "team@gov.scot"
    for bad in ("javascript:alert(1)@x.org", "a@b", "Office of the Chief Social Work Adviser"):
        assert site.safe_email(bad) is None


# --- writing: deterministic, swapped in whole, never over something else -----------------------


def snapshot(out: Path) -> dict[str, bytes]:
    """Every file under ``out`` (but tws's parse cache) by relative path, with its bytes."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and ".tws-cache" not in p.parts
    }


def test_rebuild_is_byte_for_byte_the_same_and_replaces_the_old_site(
    programme: Path, tmp_path: Path
) -> None:
    out = build(programme, tmp_path / "site")
    first = snapshot(out)
    (out / "stray.html").write_text("left over", encoding="utf-8")
    build(programme, out)
    assert snapshot(out) == first
    other = build(programme, tmp_path / "elsewhere")
    assert snapshot(other) == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "prog", "site"]


def test_a_failed_build_leaves_the_previous_site(programme: Path, tmp_path: Path) -> None:
    out = build(programme, tmp_path / "site")
    before = snapshot(out)
    (programme / "templates").mkdir()
    (programme / "templates/site_action.html.j2").write_text(
        '{% extends "site_base.html.j2" %}{% block title %}x{% endblock %}\n'
        "{% block content %}\n{{ action.view.nothing.here }}\n{% endblock %}\n",
        encoding="utf-8",
    )
    result = run_tws("site", "build", "--root", str(programme), "--as-of", AS_OF, "-o", str(out))
    assert result.exit_code == 1
    assert "templates/site_action.html.j2:3: template error" in result.stderr
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["prog", "site"]


def test_programme_templates_override_the_site_and_the_minutes(
    programme: Path, tmp_path: Path
) -> None:
    (programme / "templates").mkdir()
    (programme / "templates/minutes.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block title %}t{% endblock %}\n'
        "{% block content %}<h1>Our minutes of {{ meeting.date_text }}</h1>{% endblock %}\n",
        encoding="utf-8",
    )
    out = build(programme, tmp_path / "site")
    page = pages(out)["meetings/delivery-2023-03-01.html"]
    assert "Our minutes of 1 March 2023" in page.text
    assert page.headings.count(1) == 1


def test_minutes_override_without_a_content_block_is_refused_clearly(
    programme: Path, tmp_path: Path
) -> None:
    (programme / "templates").mkdir()
    (programme / "templates/minutes.html.j2").write_text(
        "<!doctype html><title>{{ meeting.title }}</title>\n", encoding="utf-8"
    )
    out = tmp_path / "site"
    result = run_tws("site", "build", "--root", str(programme), "--as-of", AS_OF, "-o", str(out))
    assert result.exit_code == 1
    assert "minutes.html.j2 has no `{% block content %}`" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("where", ["root", "data", "foreign"])
def test_refuses_to_replace_what_it_did_not_build(
    programme: Path, tmp_path: Path, where: str
) -> None:
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    out = {"root": programme, "data": programme / "data/site", "foreign": foreign}[where]
    before = snapshot(tmp_path)
    result = run_tws("site", "build", "--root", str(programme), "--as-of", AS_OF, "-o", str(out))
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(f"tws: error: -o {out}: ")
    assert snapshot(tmp_path) == before


def test_a_folder_that_cannot_be_made_is_a_clear_error(programme: Path, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    out = tmp_path / "a-file" / "site"
    result = run_tws("site", "build", "--root", str(programme), "--as-of", AS_OF, "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"tws: error: cannot write the site in {out.parent}: ")
    assert "internal error" not in result.stderr


def test_invalid_records_are_refused(programme: Path, tmp_path: Path) -> None:
    _edit(programme / "data/actions/del-001.yaml", {"status": "finished"})
    result = run_tws(
        "site", "build", "--root", str(programme), "--as-of", AS_OF, "-o", str(tmp_path / "s")
    )
    assert result.exit_code == 1
    assert "fix them first" in result.stderr
    assert not (tmp_path / "s").exists()


def test_help_has_an_example() -> None:
    result = run_tws("site", "build", "--help")
    assert result.exit_code == 0
    assert "tws site build -o public" in result.stdout


def test_installed_command_builds_the_site(programme: Path, tmp_path: Path) -> None:
    done = run_tws_process(
        "site", "build", "--root", str(programme), "--as-of", AS_OF, "-o", str(tmp_path / "s")
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert (tmp_path / "s/index.html").is_file()
