"""The site's reports and downloads: the Reports page (submitted reports, newest first), each
report's page, a Word document beside each report and set of minutes (opened with python-docx,
its headings those of the page, its size in the link), the dashboard's latest report RAG per
workstream, drafts left out (and nothing linking to them) unless ``--include-drafts``, and the
Word documents' cache (reused, rebuilt only for what changed, the same bytes every time).

Each programme is a copy of the base fixture with the reports fixture, in a git repository."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from tests.conftest import AS_OF, git, run_tws
from tests.publishing.test_docx_report_record import board_paper_blocks
from tests.publishing.test_docx_writer import blocks, open_docx
from tests.publishing.test_report_record import FIRST, PRIVATE, SECOND, with_reports
from tests.publishing.test_site import DRAFT_MEETING, Doc, check_links, pages, snapshot

from trauma_ws.publishing import docx_writer
from trauma_ws.publishing.site_docx import size_text

DRAFT_REPORT = "board-2023-07-15"
DRAFT_TITLE = "Zebra crossing pilot: unsubmitted paper"
DRAFT_REFERENCE = "PB-DRAFT-9"
DRAFT_MEETING_TEXT = "Delivery Group meeting of 1 June 2023"


def reports_programme(dest: Path) -> Path:
    """The base fixture with registers, two submitted reports to the board, a draft third
    one, and the draft minutes of 1 June 2023, committed to a new git repository."""
    root = with_reports(dest)
    draft = {
        "id": DRAFT_REPORT,
        "for": "board",
        "date": "2023-07-15",
        "title": DRAFT_TITLE,
        "reference": DRAFT_REFERENCE,
        "author": "alpha-council",
        "status": "draft",
        "workstreams": [{"id": "ws-one", "rag": "green", "reason": "Zebra reason."}],
    }
    (root / "data/reports" / f"{DRAFT_REPORT}.yaml").write_text(
        yaml.safe_dump(draft, sort_keys=False), encoding="utf-8"
    )
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "Records")
    return root


def build(root: Path, out: Path, *args: str, env: dict[str, str] | None = None) -> Path:
    result = run_tws(
        "site", "build", "--root", str(root), "--as-of", AS_OF, "-o", str(out), *args, env=env
    )
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def programme_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return reports_programme(tmp_path_factory.mktemp("site-reports") / "prog")


@pytest.fixture(scope="module")
def public_site(programme_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as published: without the drafts."""
    return build(programme_root, tmp_path_factory.mktemp("public") / "site")


@pytest.fixture(scope="module")
def public_pages(public_site: Path) -> dict[str, Doc]:
    return pages(public_site)


@pytest.fixture(scope="module")
def preview_site(programme_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site with its drafts."""
    return build(programme_root, tmp_path_factory.mktemp("preview") / "site", "--include-drafts")


def docx_texts(path: Path) -> str:
    """Every XML part of a Word file, as text (the document's words are in them)."""
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())


def everything(site: Path) -> str:
    """Every file of the site as text, Word documents unpacked."""
    return "\n".join(
        docx_texts(p) if p.suffix == ".docx" else p.read_text(encoding="utf-8")
        for p in sorted(site.rglob("*"))
        if p.is_file()
    )


# --- the Reports page and each report's page ------------------------------------------------------


def test_reports_page_lists_the_submitted_reports_newest_first(
    public_pages: dict[str, Doc],
) -> None:
    page = public_pages["reports.html"]
    assert page.errors == []
    rows = page.table("Reports submitted to governance bodies")
    assert [row[0] for row in rows] == [
        "Fixture Programme update: report to the Programme Board, 14 July 2023",
        "Fixture Programme update: report to the Programme Board, 31 March 2023",
    ]
    second, first = rows
    assert second[1:] == [
        "Programme Board",
        "14 July 2023",
        "PB2-2023",
        "1 April 2023 to 14 July 2023",
        "Beta Health Board",  # a person who has not agreed to be named: their organisation
        "1 red and 1 amber",
    ]
    assert first[3:] == [
        "PB1-2023",
        "1 March 2023 to 31 March 2023",
        "Alpha Council",
        "1 amber and 1 green",
    ]
    assert [href for href, _ in page.links if href.startswith("reports/")] == [
        f"reports/{SECOND}.html",
        f"reports/{FIRST}.html",
    ]
    for name, doc in public_pages.items():
        up = "../" if "/" in name else ""
        assert (f"{up}reports.html", "Reports") in doc.links, name
    current = [a for a in page.named("a") if "aria-current" in a]
    assert current == [{"href": "reports.html", "aria-current": "page"}]


def without_draft_decisions(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A report's blocks without the decisions listed under draft minutes (the blocks nested
    under a meeting marked "(draft minutes, not yet approved)"), as the public site shows it."""
    out: list[tuple[str, str]] = []
    skipping = False
    for style, text in found:
        if skipping and style not in ("List Bullet", "Normal") and not style.startswith("Heading"):
            continue
        skipping = style == "List Bullet" and text.endswith("(draft minutes, not yet approved)")
        out.append((style, text))
    return out


def test_each_report_page_is_the_public_report_in_the_site_layout(
    programme_root: Path, public_site: Path, public_pages: dict[str, Doc]
) -> None:
    for report in (FIRST, SECOND):
        page = public_pages[f"reports/{report}.html"]
        assert page.errors == []
        assert page.headings.count(1) == 1
        assert page.named("nav")
        assert page.named("script") == []
        html = (public_site / f"reports/{report}.html").read_text(encoding="utf-8")
        rendered = run_tws(
            "report", "render", report, "-f", "html", "-a", "public",
            "--root", str(programme_root), "--as-of", AS_OF,
        )  # fmt: skip
        assert rendered.exit_code == 0, rendered.stderr
        # The same blocks as `tws report render --audience public`, but for what the site adds
        # (the download and the related pages) and the minutes' links, which lead elsewhere.
        site_blocks = [
            b
            for b in board_paper_blocks(html)
            if not b[1].startswith(("Download this report", "Related pages", "Every report"))
        ]
        assert site_blocks == without_draft_decisions(board_paper_blocks(rendered.stdout))
    second = public_pages[f"reports/{SECOND}.html"]
    # The draft minutes' decisions wait for their approval: the meeting is named, no more.
    assert "Delivery Group minutes: June 2023, 1 June 2023 (draft minutes, not yet approved)" in (
        second.text
    )
    assert "The draft training needs analysis." not in everything(public_site)
    assert PRIVATE not in second.text
    assert "Internal:" not in second.text


def test_links_lead_somewhere_and_minutes_are_linked_only_when_published(
    public_site: Path, public_pages: dict[str, Doc]
) -> None:
    assert check_links(public_site, public_pages, allowed_external={
        "mailto:fixture@example.org", "https://example.org/tor",
    }) > 100  # fmt: skip
    links = dict(public_pages[f"reports/{SECOND}.html"].links)
    assert "../meetings/advisory-2023-04-01.html" in links
    assert not [href for href in links if DRAFT_MEETING in href]
    assert "Delivery Group minutes: June 2023" in public_pages[f"reports/{SECOND}.html"].text


# --- Word documents beside reports and minutes ----------------------------------------------------


def _downloads(site: Path, docs: dict[str, Doc]) -> list[tuple[str, Path, str]]:
    """(page, file, link text) of every Word download linked."""
    found = []
    for name, doc in docs.items():
        for href, text in doc.links:
            if urlsplit(href).path.endswith(".docx"):
                target = Path(os.path.normpath((site / name).parent / href))
                found.append((name, target, text))
    return found


def _headings(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(s, t) for s, t in pairs if s == "Title" or s.startswith("Heading")]


def test_each_report_and_minutes_page_links_its_word_document(
    public_site: Path, public_pages: dict[str, Doc]
) -> None:
    downloads = _downloads(public_site, public_pages)
    pages_with = sorted(name for name, _, _ in downloads)
    assert pages_with == sorted(
        name for name in public_pages if re.fullmatch(r"(meetings|reports)/(?!index).*\.html", name)
    )
    assert len(downloads) == 4  # two published minutes, two submitted reports
    for name, target, text in downloads:
        assert target == public_site / name.replace(".html", ".docx")
        size = target.stat().st_size
        what = "this report" if name.startswith("reports/") else "these minutes"
        assert text == f"Download {what} as Word (DOCX, {size_text(size)})"
        assert re.fullmatch(r"Download .* \(DOCX, \d+ KB\)", text)
        document = open_docx(target)
        html = (public_site / name).read_text(encoding="utf-8")
        page_headings = [
            h
            for h in _headings(board_paper_blocks(html))
            if h[1] not in ("Other formats", "Related pages")
        ]
        assert _headings(blocks(document)) == page_headings, name
        assert document.core_properties.language == "en-GB"
        assert PRIVATE not in docx_texts(target)


def test_size_text() -> None:
    assert size_text(1) == "1 byte"
    assert size_text(900) == "900 bytes"
    assert size_text(1024) == "1 KB"
    assert size_text(24 * 1024 + 100) == "24 KB"
    assert size_text(1536 * 1024) == "1.5 MB"


# --- the dashboard --------------------------------------------------------------------------------


def test_dashboard_shows_the_latest_submitted_reports_rag_in_words(
    public_pages: dict[str, Doc],
) -> None:
    page = public_pages["index.html"]
    rows = page.table("Each workstream's RAG rating in the latest report")
    assert rows == [
        ["Workstream One", "Red", "Worse than green", "Referral mapping is overdue."],
        ["Workstream Two", "Amber", "No change (amber)", ""],
    ]
    assert (
        f"reports/{SECOND}.html",
        "Fixture Programme update: report to the Programme Board, 14 July 2023",
    ) in page.links
    assert ("actions/index.html#ws-ws-one", "Workstream One") in page.links
    assert "Zebra reason." not in page.text  # the draft's rating is not the latest submitted


def test_no_report_table_before_any_report_is_submitted(
    programme_root: Path, tmp_path: Path
) -> None:
    out = build(programme_root, tmp_path / "site", "--as-of", "2023-03-30")
    page = pages(out)["index.html"]
    assert "Workstreams in the latest report" not in page.text
    assert "No reports have been submitted yet." in pages(out)["reports.html"].text


# --- drafts ---------------------------------------------------------------------------------------


def test_drafts_are_left_out_and_nothing_links_to_them(
    public_site: Path, public_pages: dict[str, Doc]
) -> None:
    assert not (public_site / f"meetings/{DRAFT_MEETING}.html").exists()
    assert not (public_site / f"meetings/{DRAFT_MEETING}.docx").exists()
    assert not (public_site / f"reports/{DRAFT_REPORT}.html").exists()
    assert not list(public_site.rglob(f"*{DRAFT_REPORT}*"))
    text = everything(public_site)
    for needle in (DRAFT_MEETING, DRAFT_REPORT, DRAFT_TITLE, DRAFT_REFERENCE, "Zebra"):
        assert needle not in text, needle
    meetings = public_pages["meetings/index.html"]
    assert DRAFT_MEETING_TEXT not in meetings.text
    assert "published here once they are no longer a draft" in meetings.text
    # Its actions still appear, saying where they arose, without a link.
    action = public_pages["actions/del-006.html"]
    assert f"{DRAFT_MEETING_TEXT} (its minutes are not yet published)" in action.text
    approved = public_pages["meetings/delivery-2023-03-01.html"]
    assert f"Minutes approved at: {DRAFT_MEETING_TEXT} (its minutes" in approved.text
    assert DRAFT_MEETING_TEXT not in public_pages["groups/delivery.html"].text
    assert DRAFT_MEETING_TEXT not in public_pages["index.html"].text


def test_include_drafts_builds_them_with_their_banner(preview_site: Path) -> None:
    docs = pages(preview_site)
    minutes = docs[f"meetings/{DRAFT_MEETING}.html"]
    assert "these minutes have not yet been approved" in minutes.text
    assert (preview_site / f"meetings/{DRAFT_MEETING}.docx").is_file()
    draft = docs[f"reports/{DRAFT_REPORT}.html"]
    assert "Draft: not yet submitted to the Programme Board." in draft.text
    document = open_docx(preview_site / f"reports/{DRAFT_REPORT}.docx")
    assert document.core_properties.content_status == "Draft"
    rows = docs["reports.html"].table("Reports written to governance bodies")
    assert rows[0][0] == (
        f"{DRAFT_TITLE}: report to the Programme Board, 15 July 2023 (draft: not yet submitted)"
    )
    assert len(rows) == 3
    action = docs["actions/del-006.html"]
    assert (f"../meetings/{DRAFT_MEETING}.html", DRAFT_MEETING_TEXT) in action.links
    # The dashboard's RAG is still the latest submitted report's.
    assert "Zebra reason." not in docs["index.html"].text
    assert check_links(preview_site, docs, allowed_external={
        "mailto:fixture@example.org", "https://example.org/tor",
    }) > 100  # fmt: skip


# --- the Word documents' cache --------------------------------------------------------------------


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles of the Word documents python-docx is asked to write."""
    made: list[str] = []
    real = docx_writer.to_bytes

    def to_bytes(spec: docx_writer.DocumentSpec) -> bytes:
        made.append(spec.title)
        return real(spec)

    monkeypatch.setattr(docx_writer, "to_bytes", to_bytes)
    return made


def _entries(root: Path) -> dict[str, int]:
    """The cache's entries: name to inode."""
    return {p.name: p.stat().st_ino for p in (root / ".tws-cache/docx").glob("*.docx")}


def _docx(site: Path) -> dict[str, bytes]:
    return {k: v for k, v in snapshot(site).items() if k.endswith(".docx")}


def test_a_second_build_reuses_every_document(tmp_path: Path, counted: list[str]) -> None:
    root = reports_programme(tmp_path / "prog")
    first = snapshot(build(root, tmp_path / "one"))
    assert len(counted) == 4
    entries = _entries(root)
    assert len(entries) == 4
    counted.clear()
    second = snapshot(build(root, tmp_path / "two"))
    assert counted == []
    assert second == first  # byte for byte, the Word documents too
    assert _entries(root) == entries
    # Linked from the cache, not written again; read-only, so an editor opening the site's
    # copy cannot change the cache through it.
    for path in (tmp_path / "two").rglob("*.docx"):
        assert path.stat().st_ino in entries.values()
        assert path.stat().st_mode & 0o222 == 0


def test_a_changed_meeting_rebuilds_only_its_own_document(
    tmp_path: Path, counted: list[str]
) -> None:
    root = reports_programme(tmp_path / "prog")
    before = _docx(build(root, tmp_path / "one"))
    entries = _entries(root)
    meeting = root / "data/meetings/advisory-2023-04-01.yaml"
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(
        text.replace("Advise on the practice framework.", "A changed purpose."),
        encoding="utf-8",
    )
    counted.clear()
    after = _docx(build(root, tmp_path / "two"))
    assert len(counted) == 1
    assert counted[0].startswith("Advisory Group")
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {"meetings/advisory-2023-04-01.docx"}
    now = _entries(root)
    assert len(now) == 4  # the stale entry pruned
    assert len(set(now) - set(entries)) == 1
    assert all(now[name] == entries[name] for name in set(now) & set(entries))


def test_documents_are_the_same_with_or_without_the_cache(tmp_path: Path) -> None:
    root = reports_programme(tmp_path / "prog")
    cached = _docx(build(root, tmp_path / "one"))
    again = _docx(build(root, tmp_path / "two"))
    fresh = _docx(build(root, tmp_path / "three", env={"TWS_NO_CACHE": "1"}))
    assert cached == again == fresh
    assert len(fresh) == 4


def test_a_cut_short_entry_or_another_users_cache_is_never_used(
    tmp_path: Path, counted: list[str]
) -> None:
    root = reports_programme(tmp_path / "prog")
    first = _docx(build(root, tmp_path / "one"))
    victim = sorted((root / ".tws-cache/docx").glob("*.docx"))[0]
    victim.chmod(0o644)
    victim.write_bytes(victim.read_bytes()[:1000])
    counted.clear()
    assert _docx(build(root, tmp_path / "two")) == first
    assert len(counted) == 1
    # Another signing key (another user, or a cache committed to the repository): no entry
    # is found, each is built again and the old ones are pruned.
    counted.clear()
    other = {"XDG_CACHE_HOME": str(tmp_path / "other-user")}
    old = _entries(root)
    assert _docx(build(root, tmp_path / "three", env=other)) == first
    assert len(counted) == 4
    assert not set(_entries(root)) & set(old)
