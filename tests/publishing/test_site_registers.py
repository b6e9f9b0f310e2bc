"""The site's registers: the "Risks and issues" page (public risks only, owners as the public may
see them, mitigating actions linked), the "Measures" page (each chart an inline SVG with its
text alternative, the table of its figures beside it, no JavaScript) and the dashboard's
latest figures; and nothing of a risk or measure that is not public in any file of the site."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from tests.conftest import AS_OF, FIXTURE_BASE, TESTS, copy_base
from tests.publishing.test_site import Doc, build, check_links, pages

from trauma_ws.checking.validate import load_valid
from trauma_ws.publishing import site_reports, site_views

REGISTERS = TESTS / "fixtures" / "registers"
PRIVATE_RISK = ("adv-data", "Referral data cannot be shared yet", "data-sharing agreement")
PRIVATE_MEASURE = ("waiting", "Days waiting for a first appointment", "Waiting-times return")


@pytest.fixture(scope="module")
def registers_programme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_base(tmp_path_factory.mktemp("registers") / "prog")
    shutil.copytree(REGISTERS, root, dirs_exist_ok=True)
    return root


@pytest.fixture(scope="module")
def registers_site(registers_programme: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(registers_programme, tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="module")
def registers_pages(registers_site: Path) -> dict[str, Doc]:
    return pages(registers_site)


def test_both_pages_are_built_and_every_page_links_to_them(
    registers_pages: dict[str, Doc],
) -> None:
    assert {"risks.html", "measures.html"} <= set(registers_pages)
    for name, page in registers_pages.items():
        up = "../" if "/" in name else ""
        assert (f"{up}risks.html", "Risks and issues") in page.links, name
        assert (f"{up}measures.html", "Measures") in page.links, name
    current = [a for a in registers_pages["risks.html"].named("a") if "aria-current" in a]
    assert current == [{"href": "risks.html", "aria-current": "page"}]


def test_register_pages_are_sound_and_their_links_lead_somewhere(
    registers_site: Path, registers_pages: dict[str, Doc]
) -> None:
    for name in ("risks.html", "measures.html", "index.html"):
        page = registers_pages[name]
        assert page.errors == [], name
        assert page.headings.count(1) == 1, name
        for before, after in zip(page.headings, page.headings[1:], strict=False):
            assert after <= before + 1, f"{name}: heading skips from h{before} to h{after}"
        assert page.named("script") == [], name
        assert all(table["caption"] for table in page.tables), name
        assert all(th.get("scope") in ("col", "row") for th in page.named("th")), name
        ids = [attrs["id"] for _, attrs in page.tags if "id" in attrs]
        assert len(ids) == len(set(ids)), f"{name}: an id used twice"
    checked = check_links(
        registers_site, registers_pages, allowed_external={"mailto:fixture@example.org"}
    )
    assert checked > 200


def test_risks_page_lists_the_public_risks_only(registers_pages: dict[str, Doc]) -> None:
    page = registers_pages["risks.html"]
    summary = page.table("Public risks and issues")
    assert summary == [
        [
            "del-capacity: Workforce pressures limit what partners can deliver",
            "Risk",
            "12",
            "Delivery Group",
            "Open",
            "30 September 2023",
        ],
        ["old-venue: No venue for the in-person meeting", "Risk", "4", "Alpha Council", "Closed",
         "1 February 2023"],
    ]  # fmt: skip
    assert ("#risk-del-capacity", summary[0][0]) in page.links
    assert "12 (high): likelihood 4 × impact 3" in page.text
    assert "Keep the plan to what partners can deliver; review it at each meeting." in page.text
    assert "Partners report vacancies in their teams." in page.text
    # The mitigating actions, linked to their pages.
    assert ("actions/del-001.html", "del-001: Map current referral pathways") in page.links
    assert ("actions/del-008.html", "del-008: Share referral data between partners") in page.links
    # An update by a person who has not agreed to be named shows their organisation.
    updates = page.table("Updates on risk del-capacity")
    assert updates == [
        ["1 March 2023", "Alpha Council", "Raised at the Delivery Group."],
        ["1 June 2023", "Beta Health Board", "Two partners have filled their vacancies."],
    ]
    assert page.headings == [1, 2, 3, 2, 3]  # open and monitored, then closed


def test_measures_page_shows_each_public_measure_with_chart_and_table(
    registers_site: Path, registers_pages: dict[str, Doc]
) -> None:
    page = registers_pages["measures.html"]
    html = (registers_site / "measures.html").read_text(encoding="utf-8")
    svgs = re.findall(r"<svg\b[^>]*>.*?</svg>", html, re.S)
    assert len(svgs) == 2  # sites and trained; waiting is not public
    for svg in svgs:
        assert 'role="img"' in svg
        labelled = re.search(r'aria-labelledby="([^"]+)"', svg)
        assert labelled
        for ident in labelled[1].split():
            assert f'id="{ident}"' in svg  # its <title> and <desc>: the text alternative
        assert "<title" in svg
        assert "<desc" in svg
        assert "<script" not in svg
        assert not re.search(r"\son\w+=", svg)
    trained = page.table("Social workers trained (people)")
    assert trained == [
        ["1 January 2023", "0", "Baseline"],
        ["31 March 2023", "120", "Quarterly return, January to March 2023"],
        ["30 June 2023", "200.5", "Quarterly return, April to June 2023"],
        ["31 March 2024", "500", "Target"],
    ]
    # The text alternative is shown beside the chart as well.
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", html, re.S)
    assert any("Latest: 200.5 on 30 June 2023." in c and "Status: on track." in c for c in captions)
    assert "200.5 people on 30 June 2023" in page.text
    assert "500 people by 31 March 2024" in page.text
    assert page.headings == [1, 2, 2]


def test_dashboard_shows_the_latest_figure_of_each_public_measure(
    registers_pages: dict[str, Doc],
) -> None:
    page = registers_pages["index.html"]
    rows = page.table("latest figure of each public measure")
    assert rows == [
        ["Local authorities supported", "4 local authorities", "30 June 2023", "None set",
         "No target"],
        ["Social workers trained", "200.5 people", "30 June 2023", "500 people by 31 March 2024",
         "On track"],
    ]  # fmt: skip
    assert ("measures.html#measure-trained", "Social workers trained") in page.links
    assert "Workstreams in the latest report" not in page.text  # no report records yet


def test_nothing_private_from_the_registers_in_any_file(registers_site: Path) -> None:
    files = [p for p in registers_site.rglob("*") if p.is_file()]
    assert len(files) > 20
    everything = b"\n".join(p.read_bytes() for p in files)
    assert b"del-capacity" in everything  # the check can see what is there
    for needle in (*PRIVATE_RISK, *PRIVATE_MEASURE, "Pat Privateperson", "Privateperson"):
        assert needle.encode() not in everything, needle


def test_a_programme_without_registers_says_so(tmp_path: Path) -> None:
    fixture_pages = pages(build(FIXTURE_BASE, tmp_path / "site"))
    risks = fixture_pages["risks.html"]
    assert "No entries of the programme's register of risks and issues" in risks.text
    assert risks.tables == []
    measures = fixture_pages["measures.html"]
    assert "No measures are published yet." in measures.text
    assert "No measures are published yet." in fixture_pages["index.html"].text


def test_no_report_rag_without_a_submitted_report(registers_programme: Path) -> None:
    day = dt.date.fromisoformat(AS_OF)
    programme = load_valid(registers_programme, as_of=day)
    assert site_reports.latest_report_rag(programme, as_of=day) == (None, ())
    assert site_views.site_view(programme, as_of=day).report_rag == ()
