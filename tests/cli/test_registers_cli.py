"""`tws risks …` and `tws measures …` run as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from tests.conftest import AS_OF, TESTS, copy_base, run_tws, run_tws_process

from trauma_ws.publishing.register_views import MEASURE_COLUMNS, RISK_COLUMNS

REGISTERS = TESTS / "fixtures" / "registers"
REPO = TESTS.parent


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base fixture with risks and measures (read only: tests must not change it)."""
    folder = copy_base(tmp_path_factory.mktemp("registers") / "prog")
    shutil.copytree(REGISTERS, folder, dirs_exist_ok=True)
    return folder


def tws(root: Path, *args: str) -> tuple[int, str, str]:
    result = run_tws(*args, "--root", str(root), "--as-of", AS_OF)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def as_json(root: Path, *args: str) -> list[dict[str, object]]:
    code, out, err = tws(root, *args, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert isinstance(data, list)
    return data


# --- tws risks ----------------------------------------------------------------------------------


def test_risks_list_is_a_plain_table_when_piped(root: Path) -> None:
    code, out, _ = tws(root, "risks", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Risks and issues on 2023-07-15 (3)"
    assert lines[1].split() == [
        "ID", "Title", "Kind", "Owner", "Score", "Level", "Status", "Review",
    ]  # fmt: skip
    assert lines[2].startswith("adv-data ")
    assert "20 (5×4)" in lines[2]
    assert "very high" in lines[2]
    assert not any(ch in out for ch in "┃│━─")


def test_risks_json_and_csv_share_the_documented_columns(root: Path) -> None:
    rows = as_json(root, "risks", "list")
    assert [r["id"] for r in rows] == ["adv-data", "del-capacity", "old-venue"]
    assert list(rows[0]) == RISK_COLUMNS
    first = rows[0]
    assert (first["score"], first["level"], first["days_to_review"]) == (20, "very high", 47)
    assert first["review_overdue"] is False
    code, out, _ = tws(root, "risks", "list", "--format", "csv")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out)))
    assert list(table[0]) == RISK_COLUMNS
    assert table[1]["actions"] == "del-001; del-008"
    assert table[1]["public"] == "true"


def test_risk_filters_combine(root: Path) -> None:
    assert [r["id"] for r in as_json(root, "risks", "list", "--kind", "issue")] == ["adv-data"]
    rows = as_json(root, "risks", "list", "-s", "open", "-s", "closed", "-w", "ws-one")
    assert [r["id"] for r in rows] == ["del-capacity"]
    owned = as_json(root, "risks", "list", "--owner", "beta-health")
    assert {r["id"]: r["via"] for r in owned} == {
        "adv-data": ["pat-private"],
        "del-capacity": ["delivery"],
    }
    _code, out, err = tws(root, "risks", "list", "--owner", "beta-health")
    assert "through its groups or people" in err
    assert "Via" in out.splitlines()[1]


def test_the_public_audience_sees_public_risks_and_no_private_names(root: Path) -> None:
    rows = as_json(root, "risks", "list", "--audience", "public")
    assert [r["id"] for r in rows] == ["del-capacity", "old-venue"]
    code, out, _ = tws(root, "risks", "show", "del-capacity", "-a", "public")
    assert code == 0
    assert "Beta Health Board: Two partners have filled their vacancies." in out
    assert "Pat" not in out
    code, out, err = tws(root, "risks", "show", "adv-data", "-a", "public")
    assert code == 2
    assert "not public" in err
    assert out == ""


def test_risks_show_text_and_json(root: Path) -> None:
    code, out, _ = tws(root, "risks", "show", "del-capacity")
    assert code == 0
    assert out.startswith("del-capacity: Workforce pressures limit what partners can deliver\n")
    assert "Score       12 (high)" in out
    assert "Review      2023-09-30 (in 77 days)" in out
    assert "  del-008: Share referral data between partners (not-started)" in out
    assert "  2023-06-01  Pat Privateperson (Beta Health Board): Two partners" in out
    code, out, _ = tws(root, "risks", "show", "del-capacity", "--format", "json")
    detail = json.loads(out)
    assert list(detail)[: len(RISK_COLUMNS)] == RISK_COLUMNS
    assert detail["response"].startswith("Keep the plan")
    assert [u["date"] for u in detail["updates"]] == ["2023-03-01", "2023-06-01"]


def test_an_overdue_review_is_marked(root: Path) -> None:
    result = run_tws("risks", "show", "adv-data", "--root", str(root), "--as-of", "2023-09-10")
    assert "Review      2023-08-31 (overdue by 10 days)" in result.stdout
    listed = run_tws("risks", "list", "--root", str(root), "--as-of", "2023-09-10")
    assert "2023-08-31 (overdue)" in listed.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("risks", "list", "--owner", "beta-helth"), "did you mean `beta-health`?"),
        (("risks", "list", "--status", "opn"), "did you mean `open`?"),
        (("risks", "list", "--workstream", "ws-on"), "did you mean `ws-one`?"),
        (("risks", "show", "del-capcity"), "did you mean `del-capacity`?"),
        (("measures", "show", "trainde"), "did you mean `trained`?"),
        (("measures", "list", "-w", "ws-tw"), "did you mean `ws-two`?"),
    ],
)
def test_unknown_ids_are_usage_errors_naming_the_nearest(
    root: Path, args: tuple[str, ...], words: str
) -> None:
    code, out, err = tws(root, *args)
    assert code == 2
    assert words in err
    assert out == ""


def test_no_risks_at_all(tmp_path: Path) -> None:
    bare = copy_base(tmp_path / "prog")
    code, out, _ = tws(bare, "risks", "list")
    assert (code, out) == (0, "No risks or issues match.\n")
    assert tws(bare, "measures", "list", "-f", "json")[1] == "[]\n"


def test_output_to_a_file(root: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "risks.csv"
    code, out, err = tws(root, "risks", "list", "-f", "csv", "-o", str(target))
    assert code == 0
    assert out == ""
    assert "wrote" in err
    assert target.read_text(encoding="utf-8").startswith("\ufeffid,title,kind")


# --- tws measures -------------------------------------------------------------------------------


def test_measures_list_gives_the_latest_against_the_target(root: Path) -> None:
    code, out, _ = tws(root, "measures", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Measures on 2023-07-15 (3)"
    by_id = {line.split()[0]: line for line in lines[2:]}
    assert "no target" in by_id["sites"]
    assert "200.5 people" in by_id["trained"]
    assert by_id["trained"].rstrip().endswith("on track")
    assert by_id["waiting"].rstrip().endswith("behind")
    rows = as_json(root, "measures", "list")
    assert list(rows[0]) == MEASURE_COLUMNS
    assert [(r["id"], r["status"]) for r in rows] == [
        ("sites", None),
        ("trained", "on track"),
        ("waiting", "behind"),
    ]
    public = as_json(root, "measures", "list", "--audience", "public")
    assert [r["id"] for r in public] == ["sites", "trained"]


def test_measures_show_text_json_and_svg(root: Path, tmp_path: Path) -> None:
    code, out, _ = tws(root, "measures", "show", "trained")
    assert code == 0
    assert "Status      on track (the line to the target is at 197.8 on 2023-06-30)" in out
    assert "30 June 2023    200.5            Quarterly return, April to June 2023" in out
    detail = json.loads(tws(root, "measures", "show", "trained", "-f", "json")[1])
    assert [f["value"] for f in detail["figures"]] == [120, 200.5]
    svg = tmp_path / "chart.svg"
    code, out, _ = tws(root, "measures", "show", "trained", "-f", "svg", "-o", str(svg))
    assert code == 0
    chart = ET.fromstring(svg.read_text(encoding="utf-8"))
    assert chart.tag == "{http://www.w3.org/2000/svg}svg"
    code, out, err = tws(root, "measures", "show", "waiting", "-a", "public")
    assert code == 2
    assert "not public" in err


def test_the_installed_tws_lists_risks(root: Path) -> None:
    done = run_tws_process("risks", "list", "--root", str(root), "--as-of", AS_OF, "-f", "json")
    assert done.returncode == 0, done.stderr
    assert [r["id"] for r in json.loads(done.stdout)] == ["adv-data", "del-capacity", "old-venue"]


def test_help_teaches() -> None:
    for args in (("risks",), ("measures",), ("risks", "list"), ("measures", "show")):
        result = run_tws(*args, "--help")
        assert result.exit_code == 0
        assert "--as-of" in result.stdout or "Commands:" in result.stdout
    words = " ".join(run_tws("risks", "list", "--help").stdout.split())
    assert "open, monitoring, closed" in words
    assert "straight line" in " ".join(run_tws("measures", "list", "--help").stdout.split())


# --- the shipped registers ----------------------------------------------------------------------

SHIPPED_AS_OF = "2026-11-23"


def test_the_shipped_measures_give_the_seed_figures_with_their_sources() -> None:
    result = run_tws(
        "measures", "list", "--root", str(REPO), "--as-of", SHIPPED_AS_OF, "-f", "json"
    )
    assert result.exit_code == 0, result.stderr
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    assert (rows["nqsw-trained"]["latest"], rows["nqsw-trained"]["latest_date"]) == (
        200,
        "2023-12-31",
    )
    assert rows["local-authorities-supported"]["latest"] == 4
    for row in rows.values():
        assert "the programme's page" in str(row["source"])
    example = REPO / "examples" / "dundee-ijb"
    briefed = run_tws(
        "measures",
        "show",
        "managers-briefed",
        "--root",
        str(example),
        "--as-of",
        AS_OF,
        "-f",
        "json",
    )
    assert briefed.exit_code == 0, briefed.stderr
    [figure] = json.loads(briefed.stdout)["figures"]
    assert (figure["date"], figure["value"]) == ("2022-05-10", 141)
    assert "DIJB38-2022" in figure["source"]


def test_the_shipped_risks_are_internal_and_clean() -> None:
    rows = json.loads(
        run_tws("risks", "list", "--root", str(REPO), "--as-of", SHIPPED_AS_OF, "-f", "json").stdout
    )
    assert {r["id"] for r in rows} == {"pdg-workforce-pressures", "pdg-resource-capacity"}
    assert not any(r["public"] for r in rows)
    public = run_tws("risks", "list", "--root", str(REPO), "--as-of", SHIPPED_AS_OF, "-a", "public")
    assert public.stdout == "No risks or issues match.\n"
    checked = run_tws("validate", "--strict", "--root", str(REPO), "--as-of", SHIPPED_AS_OF)
    assert checked.exit_code == 0, checked.stdout
