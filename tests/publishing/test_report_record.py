"""`tws report render`: a report record laid out as a board paper, its written sections beside
those worked out for its period; trends against the previous report; privacy; HTML shape."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest
from tests.conftest import AS_OF, TESTS, copy_base, run_tws, run_tws_process
from tests.publishing.test_render import NASTY, Page, check_page, markdown
from tests.publishing.test_report import check_tables
from tests.publishing.test_views import strings

from trauma_ws.checking.validate import load_valid
from trauma_ws.loading.programme import Programme
from trauma_ws.publishing import report_record_parts as parts
from trauma_ws.publishing import report_record_view
from trauma_ws.publishing.report_record_view import ReportRecordView, report_view
from trauma_ws.record.problems import UsageError

REPO = Path(__file__).resolve().parents[2]
GOLDEN = TESTS / "golden" / "report"
DAY = dt.date.fromisoformat(AS_OF)
SHIPPED = "swep-2024-01-31"
SHIPPED_AS_OF = "2026-11-23"
PRIVATE = "Pat Privateperson"
FIRST, SECOND = "board-2023-03-31", "board-2023-07-14"


def with_reports(dest: Path) -> Path:
    root = copy_base(dest)
    for extra in ("registers", "reports"):
        shutil.copytree(TESTS / "fixtures" / extra, root, dirs_exist_ok=True)
    return root


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the fixture with registers and two reports, for the tests that read it."""
    return with_reports(tmp_path_factory.mktemp("reports") / "prog")


@pytest.fixture(scope="module")
def prog(root: Path) -> Programme:
    return load_valid(root, as_of=DAY)


def view(prog: Programme, ident: str = SECOND, audience: str = "public") -> ReportRecordView:
    return report_view(prog, ident, as_of=DAY, audience=audience)


def render_ok(*args: str, root: Path, as_of: str = AS_OF) -> str:
    result = run_tws("report", "render", *args, "--root", str(root), "--as-of", as_of)
    assert result.exit_code == 0, result.stderr
    return result.stdout


# --- the board paper's shape ---------------------------------------------------------------------


def test_every_section_of_a_full_report_in_the_board_papers_order(prog: Programme) -> None:
    v = view(prog)
    assert [(s.number, s.title, s.level) for s in v.sections] == [
        ("1", "Purpose of report", 2),
        ("2", "Recommendations", 2),
        ("3", "Financial implications", 2),
        ("4", "Main text", 2),
        ("4.1", "Background", 3),
        ("4.2", "Progress update", 3),
        ("4.3", "Next steps", 3),
        ("5", "Policy implications", 2),
        ("6", "Risk assessment", 2),
        ("7", "Consultations", 2),
        ("8", "Background papers", 2),
    ]
    assert {s.key for s in v.sections} == set(report_record_view.SECTION_KEYS)
    assert v.front == (
        ("Report to", "Programme Board"),
        ("Report on", "Fixture Programme update"),
        ("Report by", "Beta Health Board"),  # a person not agreeing to be named, in public
        ("Report no", "PB2-2023"),
        ("Date", "14 July 2023"),
    )
    assert v.purpose == (
        "To update the Programme Board on the workplan.",
        "And to seek its agreement to the next steps.",
    )
    assert v.recommendations_lead == "It is recommended that the Programme Board:"
    assert v.recommendations == (
        "Note the progress reported.",
        "Agree the priorities for the next quarter.",
    )
    assert v.consultations == (
        "The members of the Delivery Group.",
        "The members of the Advisory Group.",
    )
    assert not v.draft


def test_optional_sections_left_out_close_up_and_defaults_fill_in(prog: Programme) -> None:
    v = view(prog, FIRST)
    assert [(s.number, s.key) for s in v.sections] == [
        ("1", "purpose"),
        ("2", "recommendations"),
        ("3", "main"),
        ("3.1", "background"),
        ("3.2", "progress"),
        ("3.3", "next-steps"),
        ("4", "risks"),
    ]
    assert v.title == "Fixture Programme update"
    assert v.purpose == (
        "To update the Programme Board on the work of the Delivery Group and the Advisory "
        "Group from 1 March 2023 to 31 March 2023.",
    )
    assert v.background == (
        "This report covers the work of the Delivery Group and the Advisory Group, which "
        "report to the Programme Board, from 1 March 2023 to 31 March 2023. It is the first "
        "report to the Programme Board recorded here, and covers the programme from its "
        "beginning.",
    )


def test_the_default_recommendation_is_to_note_the_report(root: Path, tmp_path: Path) -> None:
    copy = with_reports(tmp_path / "prog")
    path = copy / "data/reports" / f"{FIRST}.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("recommendations:\n  - Note the report.\n", ""),
        encoding="utf-8",
    )
    v = view(load_valid(copy, as_of=DAY), FIRST)
    assert v.recommendations == (report_record_view.NOTE_THE_REPORT,)


# --- the period and its figures -------------------------------------------------------------------


def test_the_period_runs_from_the_day_after_the_previous_report(prog: Programme) -> None:
    v = view(prog)
    assert (v.start, v.end) == (dt.date(2023, 4, 1), dt.date(2023, 7, 14))
    assert v.previous is not None
    assert (v.previous.reference, v.previous.period_text) == (
        "PB1-2023",
        "1 March 2023 to 31 March 2023",
    )
    assert v.background[-1].endswith(
        "The previous report to the Programme Board (PB1-2023, dated 31 March 2023) covered "
        "1 March 2023 to 31 March 2023. This one carries on from the day after that period "
        "ended."
    )
    assert v.figures_note == (
        "Figures are as at 14 July 2023, worked out from the records as they stood on 15 July 2023."
    )


def test_generated_sections_are_the_periods(prog: Programme) -> None:
    p = view(prog).progress
    assert [a.id for a in p.completed] == ["del-004"]
    assert [a.id for a in p.raised] == ["adv-001", "del-006", "del-007", "del-008"]
    assert [(a.id, a.days_overdue) for a in p.overdue] == [
        ("del-001", 75),
        ("del-002", 44),
        ("adv-001", 14),
        ("del-003", 14),
    ]
    assert [m.id for m in p.meetings] == ["advisory-2023-04-01", "delivery-2023-06-01"]
    assert [a.id for a in p.upcoming] == ["del-006", "del-008"]


def test_the_figures_are_as_at_the_periods_end(prog: Programme) -> None:
    early = view(prog, FIRST)
    trained = next(m for m in early.measures if m.id == "trained")
    assert (trained.latest_text, trained.latest_date_text) == ("120 people", "31 March 2023")
    assert trained.target_text == "500 people by 31 March 2024"
    assert trained.status == "on track"
    assert [row[1] for row in trained.table.rows] == ["0", "120", "500"]  # not June's 200.5
    sites = next(m for m in early.measures if m.id == "sites")
    assert sites.latest_text is None  # its first figure is from June
    later = next(m for m in view(prog).measures if m.id == "trained")
    assert later.latest_text == "200.5 people"


# --- trends against the previous report -----------------------------------------------------------


def test_each_workstreams_rag_shows_its_trend(prog: Programme) -> None:
    first = view(prog, FIRST).workstreams
    assert [(w.id, w.trend, w.trend_symbol, w.trend_text) for w in first] == [
        ("ws-one", "new", "★", "New: the first rating reported to the Programme Board"),
        ("ws-two", "new", "★", "New: the first rating reported to the Programme Board"),
    ]
    second = view(prog).workstreams
    assert [(w.id, w.rag_text, w.previous_rag, w.trend, w.trend_text) for w in second] == [
        ("ws-one", "Red", "green", "down", "Worse than green"),
        ("ws-two", "Amber", "amber", "same", "No change (amber)"),
    ]
    assert second[0].reason == "Referral mapping is overdue."
    assert second[0].narrative == "Two of three areas were mapped."
    assert second[0].counts is not None
    assert second[0].counts.red == 1  # del-001


def test_improved_and_newly_rated_workstreams(tmp_path: Path) -> None:
    root = with_reports(tmp_path / "prog")
    path = root / "data/reports" / f"{FIRST}.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  - id: ws-two\n    rag: amber\n", "").replace("rag: green", "rag: red")
    path.write_text(text.replace("    rag: red", "    rag: red", 1), encoding="utf-8")
    second = path.with_name(f"{SECOND}.yaml")
    second.write_text(
        second.read_text(encoding="utf-8").replace("rag: red", "rag: amber"), encoding="utf-8"
    )
    ws = view(load_valid(root, as_of=DAY)).workstreams
    assert [(w.id, w.trend, w.trend_symbol, w.trend_text) for w in ws] == [
        ("ws-one", "up", "↑", "Improved from red"),
        ("ws-two", "new", "★", "New: not rated in the previous report"),
    ]


@pytest.mark.parametrize(
    ("rag", "previous", "had", "expected"),
    [
        ("green", "amber", True, ("up", "Improved from amber")),
        ("amber", "red", True, ("up", "Improved from red")),
        ("red", "amber", True, ("down", "Worse than amber")),
        ("amber", "amber", True, ("same", "No change (amber)")),
        ("red", None, True, ("new", "New: not rated in the previous report")),
        ("red", None, False, ("new", "New: the first rating reported to the Board")),
    ],
)
def test_trend(rag: str, previous: str | None, had: bool, expected: tuple[str, str]) -> None:
    assert parts.trend(rag, previous, had, "Board") == expected


# --- privacy --------------------------------------------------------------------------------------


def test_public_view_names_no_private_person_and_shows_only_public_registers(
    prog: Programme,
) -> None:
    public = view(prog)
    assert not [s for s in strings(public) if PRIVATE in s]
    assert [r.id for r in public.risks] == ["del-capacity"]  # adv-data is internal
    assert public.risks[0].owner == "Delivery Group"
    assert public.risks[0].latest_update == "Two partners have filled their vacancies."
    assert [m.id for m in public.measures] == ["sites", "trained"]  # waiting is internal
    decisions = [
        d.text
        for m in public.meetings
        for item in m.items
        for g in item.decision_groups
        for d in g.decisions
    ]
    assert decisions == [
        "Comments to be sent to the Delivery Group.",
        "The draft training needs analysis.",
    ]
    internal = view(prog, audience="internal")
    assert internal.author == f"{PRIVATE} (Beta Health Board)"
    assert [r.id for r in internal.risks] == ["adv-data", "del-capacity"]  # by score
    assert internal.risks[0].owner == f"{PRIVATE} (Beta Health Board)"
    assert [m.id for m in internal.measures] == ["sites", "trained", "waiting"]
    assert "Beta Health Board's staffing plan, discussed in confidence." in strings(internal)


def test_a_risk_raised_after_the_period_is_left_out(prog: Programme) -> None:
    assert [r.id for r in view(prog, FIRST, "internal").risks] == ["del-capacity"]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_public_output_never_names_a_private_person(root: Path, fmt: str) -> None:
    public = render_ok(SECOND, "-f", fmt, root=root)
    assert PRIVATE not in public
    assert "pat-private" not in public
    assert "Referral data cannot be shared yet" not in public
    assert "discussed in confidence" not in public
    assert "Internal:" not in public
    internal = render_ok(SECOND, "-f", fmt, "-a", "internal", root=root)
    assert PRIVATE in internal
    assert "Referral data cannot be shared yet" in internal
    assert "discussed in confidence" in internal
    assert "Internal:" in internal


# --- rendered -------------------------------------------------------------------------------------


def test_markdown_is_the_board_paper(root: Path) -> None:
    out = render_ok(SECOND, root=root)
    lines = out.splitlines()
    assert lines[:6] == [
        "# Fixture Programme update",
        "",
        "**Report to:** Programme Board\\",
        "**Report on:** Fixture Programme update\\",
        "**Report by:** Beta Health Board\\",
        "**Report no:** PB2-2023\\",
    ]
    assert [line for line in lines if line.startswith(("## ", "### "))] == [
        "## 1. Purpose of report",
        "## 2. Recommendations",
        "## 3. Financial implications",
        "## 4. Main text",
        "### 4.1 Background",
        "### 4.2 Progress update",
        "### 4.3 Next steps",
        "## 5. Policy implications",
        "## 6. Risk assessment",
        "## 7. Consultations",
        "## 8. Background papers",
        "## Contact",
    ]
    assert "- **2.1** Note the progress reported." in lines
    assert "| Workstream One | Red | ↓ Worse than green | Referral mapping is overdue. |" in lines
    page = Page(markdown(out))
    assert page.named("script") == []
    assert page.headings.count(1) == 1
    # Only the http(s) paper becomes a link: the javascript: one stays text.
    assert [a["href"] for a in page.named("a")] == [
        "minutes/advisory-2023-04-01.md",
        "minutes/delivery-2023-06-01.md",
        "https://example.org/tor",
    ]


@pytest.mark.parametrize("audience", ["public", "internal"])
@pytest.mark.parametrize("ident", [FIRST, SECOND])
def test_html_is_a_sound_document_with_charts(root: Path, ident: str, audience: str) -> None:
    html = render_ok(ident, "-f", "html", "-a", audience, root=root)
    page = check_page(html)
    check_tables(page)
    assert page.title.startswith("Fixture Programme update: report to the Programme Board")
    measures = 3 if audience == "internal" else 2
    svgs = page.named("svg")
    assert len(svgs) == measures
    assert all(s.get("role") == "img" and s.get("aria-labelledby") for s in svgs)
    assert len(page.named("figure")) == len(page.named("figcaption")) == measures
    assert all(
        (a.get("href") or "").startswith(("minutes/", "https://", "mailto:"))
        for a in page.named("a")
    )
    assert "javascript:" not in html.replace("javascript:alert(1)</li>", "")


def test_html_trend_is_in_words_beside_its_symbol(root: Path) -> None:
    html = render_ok(SECOND, "-f", "html", root=root)
    assert (
        '<td class="trend trend-down"><span aria-hidden="true">↓</span> Worse than green</td>'
    ) in html
    assert '<td class="rag rag-red">Red</td>' in html


@pytest.fixture
def nasty(tmp_path: Path) -> Path:
    root = with_reports(tmp_path / "prog")
    path = root / "data/reports" / f"{SECOND}.yaml"
    text = path.read_text(encoding="utf-8")
    wild = " ".join(NASTY.values()).replace('"', "'")
    path.write_text(
        text.replace("narrative: Two of three areas were mapped.", f'narrative: "{wild}"'),
        encoding="utf-8",
    )
    return root


def test_written_text_shows_as_text(nasty: Path) -> None:
    html = render_ok(SECOND, "-f", "html", root=nasty)
    check_page(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html
    out = render_ok(SECOND, root=nasty)
    assert "49" not in out
    assert r"\<script\>alert(1)\</script\> \{\{ 7\*7 \}\}" in out
    page = Page(markdown(out))
    assert page.named("script") == []


def test_the_body_partial_fits_another_page(root: Path, prog: Programme, tmp_path: Path) -> None:
    from trauma_ws.publishing import render

    copy = with_reports(tmp_path / "prog")
    (copy / "templates").mkdir()
    (copy / "templates/page.html.j2").write_text(
        '<!doctype html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width"><title>{{ report.title }}</title>'
        "</head><body><main><h1>{{ report.title }}</h1>\n"
        '{% include "report_record_body.html.j2" %}</main></body></html>\n',
        encoding="utf-8",
    )
    page = check_page(render.render("page.html.j2", {"report": view(prog)}, root=copy))
    check_tables(page)
    assert page.headings[1] == 2


def test_a_programme_template_overrides_the_report(tmp_path: Path) -> None:
    copy = with_reports(tmp_path / "prog")
    (copy / "templates").mkdir()
    (copy / "templates/report_record.md.j2").write_text(
        "{{ report.title | md }}: {{ report.workstreams | length }} workstreams\n",
        encoding="utf-8",
    )
    assert render_ok("board", root=copy) == "Fixture Programme update: 2 workstreams\n"


# --- the command ----------------------------------------------------------------------------------


def test_a_bodys_id_renders_its_latest_report(root: Path) -> None:
    assert render_ok("board", root=root) == render_ok(SECOND, root=root)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("board-2023-07-15",),
            "`board-2023-07-15` is not a report or body reported to; did you mean",
        ),
        (("delivery",), "`delivery` is a group (Delivery Group), not a report"),
        ((SECOND, "--format", "pdf"), "pdf"),
        ((SECOND, "--audience", "everyone"), "everyone"),
    ],
)
def test_usage_errors(root: Path, args: tuple[str, ...], message: str) -> None:
    result = run_tws("report", "render", *args, "--root", str(root), "--as-of", AS_OF)
    assert result.exit_code == 2, result.stderr
    assert message in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_a_report_covering_days_after_the_as_of_date_is_refused(root: Path) -> None:
    result = run_tws("report", "render", SECOND, "--root", str(root), "--as-of", "2023-07-13")
    assert result.exit_code == 2
    assert "covers days to 2023-07-14, after the as-of date 2023-07-13" in result.stderr


def test_library_refuses_an_unknown_format(prog: Programme) -> None:
    with pytest.raises(UsageError, match="unknown format `docx`"):
        report_record_view.render_report(prog, SECOND, root=None, as_of=DAY, fmt="docx")


def test_the_view_is_a_plain_tree(prog: Programme) -> None:
    """Frozen dataclasses, tuples and plain values only: another renderer walks it as is."""

    def walk(value: object) -> None:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            assert type(value).__dataclass_params__.frozen  # type: ignore[attr-defined]
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name))
        elif isinstance(value, tuple):
            for item in value:
                walk(item)
        else:
            assert value is None or isinstance(value, str | int | dt.date), type(value)

    walk(view(prog, audience="internal"))


def test_output_file_is_written(root: Path, tmp_path: Path) -> None:
    target = tmp_path / "build" / "reports" / "board.html"
    args = ["board", "-f", "html", "-o", str(target), "--root", str(root), "--as-of", AS_OF]
    result = run_tws("report", "render", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    check_page(target.read_text(encoding="utf-8"))


# --- the shipped report ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_shipped_report_matches_golden(fmt: str, update_golden: bool) -> None:
    out = render_ok(SHIPPED, "-f", fmt, root=REPO, as_of=SHIPPED_AS_OF)
    golden = GOLDEN / f"{SHIPPED}.public.{fmt}"
    if update_golden:
        golden.write_text(out, encoding="utf-8", newline="\n")
    assert golden.is_file(), f"no golden file {golden}: run pytest --update-golden and review it"
    assert out == golden.read_text(encoding="utf-8"), "run pytest --update-golden, review the diff"


def test_shipped_report_reads_like_the_seed_board_paper() -> None:
    out = render_ok("swep", root=REPO, as_of=SHIPPED_AS_OF)
    headings = [line for line in out.splitlines() if line.startswith(("## ", "### "))]
    assert headings == [
        "## 1. Purpose of report",
        "## 2. Recommendations",
        "## 3. Main text",
        "### 3.1 Background",
        "### 3.2 Progress update",
        "### 3.3 Next steps",
        "## 4. Policy implications",
        "## 5. Risk assessment",
        "## 6. Background papers",
        "## Contact",
    ]
    assert "**Report to:** Social Work Education Partnership\\" in out
    assert "It is recommended that the Social Work Education Partnership:" in out
    # Progress with figures: the seeds' 200 social workers trained and 4 local authorities.
    assert "| 200 social workers | 31 December 2023 |" in out
    assert "| 4 local authorities | 31 December 2023 |" in out
    assert "The priorities for the next period:" in out
    page = check_page(render_ok("swep", "-f", "html", root=REPO, as_of=SHIPPED_AS_OF))
    check_tables(page)
    assert len(page.named("svg")) == 2
    # The register's two risks are internal: named in internal output only.
    assert "Resource and capacity for a whole systems approach" not in out
    internal = render_ok("swep", "-a", "internal", root=REPO, as_of=SHIPPED_AS_OF)
    assert "Resource and capacity for a whole systems approach" in internal


def test_installed_command_renders_the_shipped_report() -> None:
    done = run_tws_process(
        "report", "render", "swep", "-f", "html", "--root", str(REPO), "--as-of", SHIPPED_AS_OF
    )
    assert done.returncode == 0, done.stderr
    check_page(done.stdout)
