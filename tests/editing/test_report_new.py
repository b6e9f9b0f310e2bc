"""`tws report new`: the next report to a body as a draft record, its period since the previous
report (or since the programme began), each workstream rated as its actions suggest; valid as
written, never overwriting, refused whole with nothing written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from tests.conftest import AS_OF, git, run_tws

NEW = "data/reports/board-2023-07-15.yaml"


def tws(root: Path, *args: str, as_of: str = AS_OF) -> tuple[int, str, str]:
    result = run_tws(*args, "--root", str(root), "--as-of", as_of)
    assert "Traceback" not in result.stderr
    assert result.exit_code != 3, result.stderr
    return result.exit_code, result.stdout, result.stderr


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted((root / "data").rglob("*"))
        if p.is_file()
    }


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def scaffold(root: Path, *options: str, as_of: str = AS_OF) -> tuple[str, dict[str, object]]:
    code, out, err = tws(root, "report", "new", "--for", "board", *options, as_of=as_of)
    assert code == 0, err
    rel = out.strip()
    assert err.endswith(f"tws: created draft report {Path(rel).stem}\n")
    text = (root / rel).read_text(encoding="utf-8")
    return text, yaml.safe_load(text)


def previous_report(root: Path, ident: str, author: str = "sec-org", extra: str = "") -> None:
    folder = root / "data/reports"
    folder.mkdir(exist_ok=True)
    day = ident.split("-", 1)[1]
    (folder / f"{ident}.yaml").write_text(
        f"id: {ident}\nfor: board\ndate: {day}\nauthor: {author}\nstatus: submitted\n{extra}",
        encoding="utf-8",
    )


def test_the_first_report_covers_the_programme_from_its_beginning(git_programme: Path) -> None:
    text, data = scaffold(git_programme)
    assert data == {
        "id": "board-2023-07-15",
        "for": "board",
        "date": dt.date(2023, 7, 15),
        "author": "alpha-council",  # the programme's owner
        "period": {
            "from": dt.date(2023, 3, 1),  # the first meeting
            "to": dt.date(2023, 7, 15),
        },
        "status": "draft",
        "recommendations": [],
        # ws-one is led by the Delivery Group; ws-two by no group reporting to the board.
        "workstreams": [{"id": "ws-one", "rag": "red"}],
        "achievements": [],
        "priorities": [],
    }
    assert "rag: red  # worst of 1 open action: red (del-001)\n" in text
    assert "# reason: why it has this rating\n" in text
    assert "# narrative: what progressed in the period\n" in text
    assert "# The period starts on the programme's first recorded meeting or action date.\n" in text
    # Only the new file changed, and it passes validate as written.
    assert git(git_programme, "status", "--porcelain") == "?? data/reports/\n"
    code, out, err = tws(git_programme, "validate", "--strict")
    assert code == 0, out + err


def test_the_next_report_runs_from_the_day_after_the_previous_one(git_programme: Path) -> None:
    previous_report(git_programme, "board-2023-03-31", extra="period:\n  to: 2023-03-20\n")
    _, data = scaffold(git_programme)
    assert data["period"] == {
        "from": dt.date(2023, 3, 21),
        "to": dt.date(2023, 7, 15),
    }
    assert data["author"] == "sec-org"  # as the previous report


def test_the_date_and_author_can_be_given(git_programme: Path) -> None:
    _, data = scaffold(git_programme, "--date", "2023-06-30", "--author", "robin-public")
    assert str(data["date"]) == "2023-06-30"
    assert data["author"] == "robin-public"
    assert (git_programme / "data/reports/board-2023-06-30.yaml").is_file()


def test_each_workstream_gets_the_rag_its_actions_suggest(git_programme: Path) -> None:
    root = git_programme
    edit(
        root / "data/workplan.yaml",
        "    aim: Deliver the second strand of the programme.\n",
        "    aim: Deliver the second strand of the programme.\n    lead: advisory\n"
        "  - id: ws-three\n    title: Workstream Three\n    aim: A third strand.\n",
    )
    # del-008, due on 20 July, is due within 14 days of 15 July: amber; del-004 is done.
    edit(root / "data/actions/del-008.yaml", "due: 2023-08-10", "due: 2023-07-20")
    edit(
        root / "data/actions/del-008.yaml",
        "group: delivery\n",
        "group: delivery\nworkstream: ws-two\n",
    )
    edit(
        root / "data/actions/del-004.yaml",
        "group: delivery\n",
        "group: delivery\nworkstream: ws-three\n",
    )
    text, data = scaffold(root)
    assert data["workstreams"] == [
        {"id": "ws-one", "rag": "red"},  # del-001, overdue since April
        {"id": "ws-two", "rag": "amber"},
        {"id": "ws-three", "rag": "green"},
    ]
    assert "rag: amber  # worst of 1 open action: amber (del-008)\n" in text
    assert "rag: green  # no open actions (1 done): green\n" in text
    assert "or green when none is open; with no" in (text)


def test_a_workstream_no_action_rates_keeps_the_previous_reports_rating(
    git_programme: Path,
) -> None:
    """With no actions recorded for it, a workstream is rated as the previous report rated it
    (a green would read as an improvement nobody made); with none before, green."""
    root = git_programme
    edit(
        root / "data/workplan.yaml",
        "    aim: Deliver the second strand of the programme.\n",
        "    aim: Deliver the second strand of the programme.\n    lead: advisory\n"
        "  - id: ws-three\n    title: Workstream Three\n    aim: A third strand.\n"
        "    lead: delivery\n",
    )
    previous_report(
        root,
        "board-2023-03-31",
        extra="workstreams:\n  - id: ws-three\n    rag: amber\n  - id: ws-one\n    rag: green\n",
    )
    text, data = scaffold(root)
    rated = {w["id"]: w["rag"] for w in data["workstreams"]}  # type: ignore[attr-defined]
    assert rated["ws-three"] == "amber"
    assert "rag: amber  # as the previous report (board-2023-03-31) rated it: no actions" in text
    assert rated["ws-one"] == "red"  # its actions rate it, whatever the previous report said
    code, out, err = tws(root, "report", "render", "board-2023-07-15")
    assert code == 0, err
    assert "| Workstream Three | Amber | → No change (amber) |" in out


def test_a_draft_renders_with_its_trend_straight_away(git_programme: Path) -> None:
    previous_report(
        git_programme, "board-2023-03-31", extra="workstreams:\n  - id: ws-one\n    rag: amber\n"
    )
    scaffold(git_programme)
    code, out, err = tws(git_programme, "report", "render", "board-2023-07-15")
    assert code == 0, err
    assert "**Draft: not yet submitted to the Programme Board.**" in out
    assert "| Workstream One | Red | ↓ Worse than amber |  |" in out


def test_an_existing_report_is_never_overwritten(git_programme: Path) -> None:
    scaffold(git_programme)
    before = snapshot(git_programme)
    code, out, err = tws(git_programme, "report", "new", "--for", "board")
    assert code == 1
    assert "data/reports/board-2023-07-15.yaml already exists" in err
    assert out == ""
    assert snapshot(git_programme) == before


def test_refusals_write_nothing(git_programme: Path) -> None:
    before = snapshot(git_programme)
    for args, code, message in [
        (("--for", "bord"), 2, "`bord` is not a body reported to; did you mean `board`?"),
        (("--for", "delivery"), 2, "`delivery` is a group (Delivery Group), not a body"),
        (("--for", "board", "--author", "alpha-counsil"), 2, "did you mean `alpha-council`?"),
        (("--for", "board", "--date", "2023-07-16"), 1, "[future-date]"),
        (("--for", "board", "--date", "2023-02-30"), 2, "2023-02-30"),
    ]:
        got, out, err = tws(git_programme, "report", "new", *args)
        assert got == code, err
        assert message in err
        assert out == ""
    assert snapshot(git_programme) == before
    assert git(git_programme, "status", "--porcelain") == ""


def test_without_for_and_no_terminal_it_asks_for_the_option(git_programme: Path) -> None:
    code, _, err = tws(git_programme, "report", "new")
    assert code == 2
    assert "give --for" in err
