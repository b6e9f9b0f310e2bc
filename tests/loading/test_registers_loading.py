"""Loading data/risks/ and data/measures/: optional folders, one record a file, figures that
may be decimals where (and only where) a model wants a figure."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import TESTS, copy_base

from trauma_ws.loading.programme import load, record_files

REGISTERS = TESTS / "fixtures" / "registers"


def with_registers(dest: Path) -> Path:
    """The base fixture with the registers fixture's risks and measures added."""
    root = copy_base(dest)
    shutil.copytree(REGISTERS, root, dirs_exist_ok=True)
    return root


def test_a_programme_without_registers_loads_as_before(tmp_path: Path) -> None:
    programme = load(copy_base(tmp_path / "prog"), use_cache=False)
    assert programme.risks == {}
    assert programme.measures == {}
    assert not programme.problems


def test_risks_and_measures_are_listed_and_loaded(tmp_path: Path) -> None:
    root = with_registers(tmp_path / "prog")
    (root / "data" / "risks" / "notes.yml").write_text("id: notes\n", encoding="utf-8")
    (root / "data" / "measures" / ".draft.yaml").write_text("id: x\n", encoding="utf-8")
    files, problems = record_files(root)
    assert "data/risks/del-capacity.yaml" in files
    assert "data/measures/trained.yaml" in files
    assert "data/measures/.draft.yaml" not in files
    assert [(p.path, p.code) for p in problems] == [("data/risks/notes.yml", "wrong-extension")]
    programme = load(root, use_cache=False)
    assert sorted(programme.risks) == ["adv-data", "del-capacity", "old-venue"]
    assert sorted(programme.measures) == ["sites", "trained", "waiting"]
    assert programme.risk_files["adv-data"] == "data/risks/adv-data.yaml"
    assert programme.measure_files["trained"] == "data/measures/trained.yaml"
    assert programme.measures["trained"].values[1].value == 200.5
    assert not [p for p in programme.problems if p.path.startswith("data/measures/")]


def test_a_decimal_is_refused_where_a_whole_number_is_wanted(tmp_path: Path) -> None:
    root = with_registers(tmp_path / "prog")
    path = root / "data" / "risks" / "adv-data.yaml"
    path.write_text(path.read_text().replace("likelihood: 5", "likelihood: 4.5"))
    programme = load(root, use_cache=False)
    found = [(p.path, p.line, p.code) for p in programme.problems]
    assert found == [("data/risks/adv-data.yaml", 6, "yaml-number")]
    assert "adv-data" not in programme.risks
    assert "adv-data" in programme.broken_ids  # so nothing else reports it as unknown


def test_a_figure_refuses_surprising_number_forms_with_the_way_to_write_it(
    tmp_path: Path,
) -> None:
    root = with_registers(tmp_path / "prog")
    path = root / "data" / "measures" / "sites.yaml"
    path.write_text(path.read_text().replace("value: 4", "value: 0x4"))
    problems = [p for p in load(root, use_cache=False).problems if "sites" in p.path]
    assert [p.code for p in problems] == ["yaml-number"]
    assert "write 4 in plain digits" in problems[0].message


def test_the_cache_gives_the_same_registers(tmp_path: Path) -> None:
    root = with_registers(tmp_path / "prog")
    first = load(root)
    again = load(root)
    assert again.risks == first.risks
    assert again.measures == first.measures
