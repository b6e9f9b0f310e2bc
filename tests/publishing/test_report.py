"""`tws report progress`: figures at the period's end, sections, privacy, escaping, HTML shape."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
import yaml
from tests.conftest import AS_OF, copy_base, run_tws, run_tws_process
from tests.publishing.test_render import NASTY, Page, check_page, markdown
from tests.publishing.test_views import strings

from trauma_ws.checking.validate import load_valid
from trauma_ws.loading.programme import Programme
from trauma_ws.publishing import render, report
from trauma_ws.record.problems import UsageError

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "report"
DAY = dt.date.fromisoformat(AS_OF)
SHIPPED_AS_OF = "2026-11-23"
PRIVATE = "Pat Privateperson"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the base fixture for the tests that only read it."""
    return copy_base(tmp_path_factory.mktemp("report") / "prog")


@pytest.fixture(scope="module")
def base(root: Path) -> Programme:
    return load_valid(root, as_of=DAY)


def view(programme: Programme, **kwargs: object) -> report.ProgressView:
    options: dict[str, object] = {"as_of": DAY, "audience": "public", **kwargs}
    return report.progress_view(programme, **options)  # type: ignore[arg-type]


def ids(lines: tuple[report.ActionLine, ...]) -> list[str]:
    return [line.id for line in lines]


def counts(row: report.WorkstreamCounts) -> tuple[object, ...]:
    """(title, not started, in progress, blocked, done, dropped, total, open, red, amber, green)."""
    return dataclasses.astuple(row)[1:]


def report_ok(*args: str, root: Path, as_of: str = AS_OF) -> str:
    result = run_tws("report", "progress", *args, "--root", str(root), "--as-of", as_of)
    assert result.exit_code == 0, result.stderr
    return result.stdout


# --- the default period: since the last meeting, but never shorter than a reporting cycle ----


def test_for_a_body_with_no_earlier_report_covers_at_least_a_quarter(base: Programme) -> None:
    # The groups last met on 1 June, six weeks before the end: with no report to the board
    # recorded, the period is the quarter to the end instead (it was 1 June until reports
    # became records: the default changed on purpose, see test_default_period_* below).
    v = view(base, body="board")
    assert v.groups == ("delivery", "advisory")
    assert v.title == "Programme Board: progress report"
    assert (v.start, v.end) == (dt.date(2023, 4, 16), DAY)
    assert v.period_text == "16 April 2023 to 15 July 2023"
    assert v.next_end == dt.date(2023, 10, 14)  # 91 days after, as long as the period
    assert v.owner_name == "Alpha Council"
    assert v.purpose == (
        "To update the Programme Board on the work of the Delivery Group and the Advisory Group "
        "from 16 April 2023 to 15 July 2023. The Programme Board is asked to note the progress "
        "reported, in particular the 4 overdue actions in section 6.",
        "No earlier report to the Programme Board is recorded, so the period covers the three "
        "months to 15 July 2023.",
    )
    assert v.summary == (
        "At the end of the period, the Delivery Group and the Advisory Group had 7 open actions "
        "(3 not started, 3 in progress and 1 blocked), of which 4 were overdue. One action was "
        "completed in the period, and 3 were raised.",
        "RAG ratings of the open actions: 4 red, 0 amber and 3 green. The groups held 1 meeting "
        "and recorded 2 progress updates in the period.",
    )


def test_default_period_sections(base: Programme) -> None:
    v = view(base, body="board")
    assert ids(v.completed) == ["del-004"]  # 20 May, inside the quarter
    assert ids(v.raised) == ["del-006", "del-007", "del-008"]
    assert [(line.id, line.days_overdue) for line in v.overdue] == [
        ("del-001", 76),
        ("del-002", 45),
        ("adv-001", 15),
        ("del-003", 15),
    ]
    assert [(u.action_id, u.update.date) for u in v.updates] == [
        ("del-004", dt.date(2023, 5, 20)),
        ("del-001", dt.date(2023, 5, 10)),
    ]
    assert ids(v.upcoming) == ["del-006", "del-008"]  # del-007 has no due date
    assert ids(v.undated) == ["del-007"]
    assert [m.id for m in v.meetings] == ["delivery-2023-06-01"]
    assert v.meetings[0].draft
    assert v.meetings[0].html_href == "minutes/delivery-2023-06-01.html"


def _with_report(root: Path, ident: str, extra: str = "") -> None:
    body, day = ident.split("-", 1)
    folder = root / "data" / "reports"
    folder.mkdir(exist_ok=True)
    (folder / f"{ident}.yaml").write_text(
        f"id: {ident}\nfor: {body}\ndate: {day}\nauthor: alpha-council\nstatus: submitted\n"
        + extra,
        encoding="utf-8",
    )


def test_default_period_runs_from_the_previous_report_not_the_last_meeting(
    programme: Path,
) -> None:
    # The secretariat's case from issue 13: a report run two days after a meeting covered
    # those two days. With a report to the board recorded on 31 March, it starts on 1 April.
    _with_report(programme, "board-2023-03-31")
    as_of = dt.date(2023, 6, 3)
    v = report.progress_view(
        load_valid(programme, as_of=as_of), as_of=as_of, audience="public", body="board"
    )
    assert (v.start, v.end) == (dt.date(2023, 4, 1), as_of)
    assert v.purpose[1] == (
        "The period starts on 1 April 2023, the day after the period of the previous report to "
        "the Programme Board (dated 31 March 2023) ended."
    )
    assert ids(v.completed) == ["del-004"]
    assert [m.id for m in v.meetings] == ["advisory-2023-04-01", "delivery-2023-06-01"]
    # Coming up runs as long again: to 5 August, so del-002 (due 31 May) is overdue and
    # del-006 (due 15 July) is listed, which the two-day period missed.
    assert "del-006" in ids(v.upcoming)


def test_default_period_uses_the_previous_reports_own_period_and_reference(
    programme: Path,
) -> None:
    _with_report(programme, "board-2023-05-20", "reference: PB7-2023\nperiod:\n  to: 2023-05-14\n")
    v = report.progress_view(
        load_valid(programme, as_of=DAY), as_of=DAY, audience="public", body="board"
    )
    assert v.start == dt.date(2023, 5, 15)
    assert "previous report to the Programme Board (PB7-2023, dated 20 May 2023)" in v.purpose[1]


def test_a_last_meeting_before_the_previous_report_still_starts_the_period(
    programme: Path,
) -> None:
    # Never shorter: the last meeting (1 June) is earlier than the day after the report.
    _with_report(programme, "board-2023-07-01")
    v = report.progress_view(
        load_valid(programme, as_of=DAY), as_of=DAY, audience="public", body="board"
    )
    assert v.start == dt.date(2023, 6, 1)
    assert v.purpose[1].startswith("The period starts on 1 June 2023, the date of the groups'")


def test_default_period_from_the_command_line(programme: Path) -> None:
    _with_report(programme, "board-2023-03-31")
    out = report_ok("--for", "board", root=programme, as_of="2023-06-03")
    assert "Report by Alpha Council for the period 1 April 2023 to 3 June 2023." in out


def test_one_group_only(base: Programme) -> None:
    v = view(base, group="advisory")
    assert v.groups == ("advisory",)
    assert v.title == "Advisory Group: progress report"
    assert v.start == dt.date(2023, 4, 1)  # advisory-2023-04-01
    assert v.purpose[1] == "The period starts on 1 April 2023, when the group last met."
    assert v.summary[0].startswith(
        "At the end of the period, the Advisory Group had 1 open action (1 in progress), "
        "which was overdue. No actions were completed in the period, and 1 was raised."
    )
    assert ids(v.raised) == ids(v.overdue) == ["adv-001"]
    assert [m.id for m in v.meetings] == ["advisory-2023-04-01"]
    assert [counts(row) for row in v.workstreams] == [
        ("No workstream", 0, 1, 0, 0, 0, 1, 1, 1, 0, 0)
    ]


def test_neither_reports_every_group_of_the_programme(base: Programme) -> None:
    v = view(base)
    assert v.groups == ("delivery", "advisory")
    assert v.title == "Fixture Programme: progress report"
    assert v.purpose[0].startswith("To report on the work of the Delivery Group and the Advisory")
    # Every workstream of the workplan has a row when the whole programme is reported.
    assert [row.id for row in v.workstreams] == ["ws-one", "ws-two", None]


def test_to_without_from_covers_at_least_a_quarter(base: Programme) -> None:
    # The groups last met on 1 April, two months before the end: the quarter is longer.
    v = view(base, end=dt.date(2023, 5, 31))
    assert v.start == dt.date(2023, 3, 1)
    assert v.purpose[1] == (
        "The period covers the three months to 31 May 2023. Figures are as at 31 May 2023, "
        "worked out from the records as they stood on 15 July 2023."
    )


# --- a fixed period: figures as at its end --------------------------------------------------------


def test_counts_by_status_and_rag_per_workstream(base: Programme) -> None:
    v = view(base, start=dt.date(2023, 3, 1), end=dt.date(2023, 5, 31))
    # del-006..008 were raised on 1 June, after the period: they did not exist yet.
    # del-004 was completed on 20 May; del-001 was due on 30 April and still open.
    assert [counts(row) for row in v.workstreams] == [
        ("Workstream One", 0, 1, 0, 0, 0, 1, 1, 1, 0, 0),
        ("Workstream Two", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        ("No workstream", 1, 1, 1, 1, 1, 5, 3, 0, 2, 1),
    ]
    assert counts(v.total) == ("Total", 1, 2, 1, 1, 1, 6, 4, 1, 2, 1)
    assert ids(v.completed) == ["del-004"]
    assert ids(v.raised) == ["del-001", "del-002", "del-003", "del-004", "del-005", "adv-001"]
    assert [(line.id, line.days_overdue) for line in v.overdue] == [("del-001", 31)]
    assert [(u.action_id, u.update.date) for u in v.updates] == [
        ("del-004", dt.date(2023, 5, 20)),
        ("del-001", dt.date(2023, 5, 10)),
        ("del-004", dt.date(2023, 4, 2)),
        ("del-001", dt.date(2023, 3, 20)),
    ]
    # The next period runs to 31 August; del-002 falls due on the period's last day.
    assert ids(v.upcoming) == ["del-002", "adv-001", "del-003"]
    assert [m.id for m in v.meetings] == ["delivery-2023-03-01", "advisory-2023-04-01"]


def test_status_is_taken_back_to_the_end_of_the_period(base: Programme) -> None:
    del_004, del_006 = base.actions["del-004"], base.actions["del-006"]
    assert report.status_on(base, del_004, dt.date(2023, 4, 1)) == "not-started"
    assert report.status_on(base, del_004, dt.date(2023, 4, 30)) == "in-progress"
    assert report.status_on(base, del_004, dt.date(2023, 5, 20)) == "done"
    assert report.status_on(base, del_006, dt.date(2023, 5, 31)) is None
    assert report.status_on(base, del_006, dt.date(2023, 6, 1)) == "in-progress"
    v = view(base, start=dt.date(2023, 4, 1), end=dt.date(2023, 4, 30))
    line = next(line for line in v.raised if line.id == "adv-001")
    assert (line.status, line.rag) == ("in-progress", "green")
    assert "del-004" not in ids(v.completed)
    assert next(ln for ln in v.upcoming if ln.id == "del-001").rag == "amber"


def test_without_a_meeting_or_an_update_the_period_is_a_quarter(base: Programme) -> None:
    # Nothing had happened by 28 February: the period was that day alone, and is a quarter.
    v = view(base, group="delivery", end=dt.date(2023, 2, 28))
    assert (v.start, v.end) == (dt.date(2022, 11, 29), dt.date(2023, 2, 28))
    assert v.purpose[1].startswith("The period covers the three months to 28 February 2023.")
    assert v.total.total == 0  # nothing had been raised yet
    assert v.summary[0].startswith("At the end of the period, the Delivery Group had no open")


def test_without_a_meeting_updates_start_the_period(base: Programme) -> None:
    # With no meeting held, delivery's first update (20 March) starts a period longer than
    # the quarter to 15 July.
    prog = dataclasses.replace(base, meetings={})
    v = report.progress_view(prog, as_of=DAY, audience="public")
    assert v.start == dt.date(2023, 3, 20)
    assert v.purpose[1].startswith(
        "None of the groups had met by 15 July 2023, so the period starts with the first "
        "update recorded."
    )


def test_a_one_day_period(base: Programme) -> None:
    v = view(base, start=dt.date(2023, 5, 20), end=dt.date(2023, 5, 20))
    assert ids(v.completed) == ["del-004"]
    assert v.next_end == dt.date(2023, 5, 21)
    assert [u.update.text for u in v.updates] == ["Published on the programme web page."]


# --- the rendered report --------------------------------------------------------------------------

SECTIONS = [
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


def test_markdown_has_the_numbered_sections_and_tables(root: Path) -> None:
    out = report_ok("--for", "board", "--from", "2023-03-01", root=root)
    lines = out.splitlines()
    assert lines[0] == "# Programme Board: progress report"
    assert "Report by Alpha Council for the period 1 March 2023 to 15 July 2023." in lines
    assert [line[3:] for line in lines if line.startswith("## ")] == SECTIONS
    page = Page(markdown(out))
    assert page.headings.count(1) == 1
    assert len(page.named("table")) == 5  # workstreams, completed, raised, overdue, coming up
    assert [a["href"] for a in page.named("a")] == [
        "minutes/delivery-2023-03-01.md",
        "minutes/advisory-2023-04-01.md",
        "minutes/delivery-2023-06-01.md",
    ]
    assert page.named("script") == []


def check_tables(page: Page) -> None:
    """Every table starts with a caption; every header cell has a scope."""
    for i, (tag, _) in enumerate(page.tags):
        if tag == "table":
            assert page.tags[i + 1][0] == "caption"
    assert page.named("th")
    assert all(th.get("scope") in ("col", "row") for th in page.named("th"))


@pytest.mark.parametrize("audience", ["public", "internal"])
@pytest.mark.parametrize(
    "args", [("--for", "board"), ("--group", "advisory"), ("--from", "2023-01-01")]
)
def test_html_is_a_sound_document(root: Path, args: tuple[str, ...], audience: str) -> None:
    page = check_page(report_ok(*args, "-f", "html", "-a", audience, root=root))
    check_tables(page)
    assert [h for h in page.headings if h == 2] == [2] * 10
    assert set(page.headings) == {1, 2}
    assert page.title.endswith(": progress report")


def test_empty_sections_say_so_in_words(root: Path) -> None:
    out = report_ok("--group", "advisory", "--from", "2023-07-01", "--to", "2023-07-10", root=root)
    for sentence in (
        "No actions were completed in this period.",
        "No actions were raised in this period.",
        "No progress updates were recorded in this period.",
        "No open actions fall due between 10 July 2023 and 20 July 2023, a period as long as "
        "this one.",
        "No meetings were held in this period.",
    ):
        assert f"\n{sentence}\n" in out
    html = check_page(
        report_ok("--group", "advisory", "--from", "2023-07-01", "-f", "html", root=root)
    )
    assert len(html.named("table")) == 2  # the workstream table and the overdue action
    assert "No actions were completed in this period." in html.texts


def test_updates_are_listed_newest_first_with_their_authors(root: Path) -> None:
    out = report_ok("--group", "delivery", "--from", "2023-03-01", "-a", "internal", root=root)
    assert (
        "- **20 May 2023, del-004: Publish the terms of reference.** Update from Alpha Council "
        "(status: done): Published on the programme web page.\n"
        "- **10 May 2023, del-001: Map current referral pathways.** Update from "
        "Pat Privateperson (Beta Health Board): Two of three areas mapped.\n"
    ) in out


# --- privacy --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_public_report_never_names_a_private_person(root: Path, fmt: str) -> None:
    # The period holds del-006 (owned by her) and her update of del-001.
    args = ("--from", "2023-03-01", "-f", fmt)
    public = report_ok(*args, root=root)
    assert "Two of three areas mapped." in public
    assert "Draft the training needs analysis" in public
    assert PRIVATE not in public
    assert "pat-private" not in public
    assert "Robin Publicname" in public  # she agreed to be named
    internal = report_ok(*args, "-a", "internal", root=root)
    assert PRIVATE in internal
    assert "Internal:" in internal
    assert "Internal:" not in public


def test_public_view_holds_no_private_name(base: Programme) -> None:
    v = view(base, start=dt.date(2023, 1, 1))
    assert not [s for s in strings(v) if PRIVATE in s]
    assert [line.owners_text for line in v.raised if line.id == "del-006"] == ["Beta Health Board"]


# --- escaping -------------------------------------------------------------------------------------


@pytest.fixture
def nasty(programme: Path) -> Path:
    """The fixture with a script, Jinja code and Markdown in an update of del-001."""
    path = programme / "data/actions/del-001.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["updates"][-1]["text"] = " ".join(NASTY.values())
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return programme


def test_html_shows_update_text_as_text(nasty: Path) -> None:
    html = report_ok("--from", "2023-05-01", "-f", "html", root=nasty)
    page = check_page(html)
    assert any(" ".join(NASTY.values()) in text for text in page.texts)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html
    assert "49" not in html
    assert all((a.get("href") or "").startswith(("minutes/", "mailto:")) for a in page.named("a"))


def test_markdown_shows_update_text_as_text(nasty: Path) -> None:
    out = report_ok("--from", "2023-05-01", root=nasty)
    assert r"\<script\>alert(1)\</script\> \{\{ 7\*7 \}\}" in out
    assert "49" not in out
    page = Page(markdown(out))
    assert any(" ".join(NASTY.values()) in text for text in page.texts)
    assert page.named("script") == []
    assert page.named("em") == []
    assert page.headings.count(1) == 1


# --- the body partial, for the static site -------------------------------------------------------


def test_body_partial_fits_another_page(programme: Path) -> None:
    (programme / "templates").mkdir()
    (programme / "templates/page.html.j2").write_text(
        '<!doctype html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width"><title>{{ report.title }}</title>'
        "</head><body><main><h1>{{ report.title }}</h1>\n"
        '{% include "report_body.html.j2" %}</main></body></html>\n',
        encoding="utf-8",
    )
    prog = load_valid(programme, as_of=DAY)
    v = report.progress_view(prog, as_of=DAY, audience="public", body="board")
    page = check_page(render.render("page.html.j2", {"report": v}, root=programme))
    check_tables(page)
    assert page.headings[1] == 2


def test_programme_template_overrides_the_report(programme: Path) -> None:
    (programme / "templates").mkdir()
    (programme / "templates/report.md.j2").write_text(
        "{{ report.title | md }}: {{ report.overdue | length }} overdue\n", encoding="utf-8"
    )
    assert (
        report_ok("--for", "board", root=programme)
        == "Programme Board: progress report: 4 overdue\n"
    )


# --- the shipped records: golden files ------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_shipped_swep_report_matches_golden(fmt: str, update_golden: bool) -> None:
    out = report_ok("--for", "swep", "-f", fmt, root=REPO, as_of=SHIPPED_AS_OF)
    golden = GOLDEN / f"swep-{SHIPPED_AS_OF}.public.{fmt}"
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(out, encoding="utf-8", newline="\n")
    assert golden.is_file(), f"no golden file {golden}: run pytest --update-golden and review it"
    assert out == golden.read_text(encoding="utf-8"), "run pytest --update-golden, review the diff"


def test_shipped_swep_report_reads_as_a_report() -> None:
    out = report_ok("--for", "swep", root=REPO, as_of=SHIPPED_AS_OF)
    assert out.startswith(
        "# Social Work Education Partnership: progress report\n\n"
        "Report by Scottish Government for the period 21 September 2022 to 23 November 2026.\n"
    )
    assert (
        "To update the Social Work Education Partnership on the work of the Partnership Delivery "
        "Group and the Expert Advisory Group from 21 September 2022 to 23 November 2026." in out
    )
    page = check_page(report_ok("--for", "swep", "-f", "html", root=REPO, as_of=SHIPPED_AS_OF))
    check_tables(page)
    assert "pdg-003" in page.texts
    assert "Trauma in social work education" in page.texts


# --- the command ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--for", "bored"), "`bored` is not a body reported to; did you mean `board`?"),
        (("--group", "advisery"), "`advisery` is not a group; did you mean `advisory`?"),
        (("--for", "delivery"), "no group reports to `delivery`; bodies reported to: board"),
        (("--for", "board", "--group", "delivery"), "give --for BODY or --group GROUP, not both"),
        (("--from", "2023-07-02", "--to", "2023-07-01"), "would start on 2023-07-02, after it"),
        (("--from", "2023-07-16"), "would start on 2023-07-16, after it ends on 2023-07-15"),
        (("--to", "2023-07-16"), "after the as-of date 2023-07-15"),
        (("--format", "pdf"), "pdf"),
        (("--from", "2023-13-01"), "2023-13-01"),
    ],
)
def test_usage_errors(root: Path, args: tuple[str, ...], message: str) -> None:
    result = run_tws("report", "progress", *args, "--root", str(root), "--as-of", AS_OF)
    assert result.exit_code == 2, result.stderr
    assert message in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_library_refuses_an_unknown_format(base: Programme) -> None:
    with pytest.raises(UsageError, match="unknown format `pdf`"):
        report.render_progress(base, root=None, as_of=DAY, fmt="pdf")


def test_output_file_is_written_atomically(root: Path, tmp_path: Path) -> None:
    target = tmp_path / "build" / "report.html"
    args = ["--for", "board", "-f", "html", "-o", str(target), "--root", str(root)]
    result = run_tws("report", "progress", *args, "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "wrote" in result.stderr
    check_page(target.read_text(encoding="utf-8"))
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]
    again = run_tws("report", "progress", *args, "--as-of", AS_OF)
    assert "unchanged" in again.stderr


def test_help_has_an_example() -> None:
    result = run_tws("report", "progress", "--help")
    assert result.exit_code == 0
    assert "tws report progress --for swep --format html -o build/report.html" in result.stdout


def test_installed_command_runs() -> None:
    done = run_tws_process(
        "report", "progress", "--for", "swep", "-f", "html", "--root", str(REPO),
        "--as-of", SHIPPED_AS_OF,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    check_page(done.stdout)
