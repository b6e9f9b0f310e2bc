"""A bad merge (issue 15): many problems at once, reported as before but without the slowness.

The golden file is `tws validate --format json` on a generated programme (bench/generate.py,
N = 200, ``--broken unknown-owner``: one unknown owner in every action) with a few more
problems made by hand, as tws reported it before reporting many problems was made fast:
every problem, position and did-you-mean must stay the same, cold and from the parse cache.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import run_tws

from trauma_ws.loading import parsing, yamlio
from trauma_ws.record import suggest

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "validate" / "bad-merge-200.json"
AS_OF = "2026-11-23"  # bench/generate.py's fixed as-of date


def _generator() -> ModuleType:
    """bench/generate.py, imported as a module of its own name (it is not a package)."""
    name = "tws_bench_generate"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO / "bench" / "generate.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while it loads
        spec.loader.exec_module(module)
    return sys.modules[name]


def _replace(path: Path, old: str, new: str, *, last: bool = False) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    if last:
        head, _, tail = text.rpartition(old)
        text = head + new + tail
    else:
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def bad_merge(root: Path) -> Path:
    """The generated programme with one unknown owner per action, and more problems besides."""
    # Without risks and measures: the golden file was made before the generator wrote them.
    _generator().generate(200, root, broken="unknown-owner", registers=False)
    data = root / "data"
    actions = data / "actions"
    # An organisation renamed in groups.yaml, its old id still used everywhere.
    _replace(data / "groups.yaml", "  - id: nes\n", "  - id: nhs-education\n")
    # Problems at the end of a file, after the one at its top.
    _replace(actions / "asg-001.yaml", "by: priya-cameron\n", "by: priya-cameronn\n", last=True)
    _replace(actions / "asg-002.yaml", "group: asg\n", "group: asgg\n")
    _replace(actions / "asg-003.yaml", "raised: asg-", "raised: asg-1999-")
    # A file the model refuses (did-you-mean from the model's own words) and an unknown key.
    _replace(actions / "asg-004.yaml", "status: ", "status: dnoe\nformer_status: ")
    meeting = sorted((data / "meetings").glob("*.yaml"))[3]
    _replace(meeting, "actions:\n", "actions:\n  - asg-9999\n")
    _replace(meeting, "chair: ", "chair: x")
    return root


def _validate(root: Path) -> str:
    result = run_tws("validate", "--root", str(root), "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 1, result.output
    return result.stdout


def test_bad_merge_reports_what_it_always_did(tmp_path: Path, update_golden: bool) -> None:
    root = bad_merge(tmp_path / "prog")
    cold = _validate(root)
    if update_golden:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(cold, encoding="utf-8", newline="\n")
    assert GOLDEN.is_file(), f"no golden file {GOLDEN}: run pytest --update-golden and review it"
    expected = GOLDEN.read_text(encoding="utf-8")
    document = json.loads(expected)
    assert document["errors"] >= 200  # one per action at least: the case is what it says
    assert cold == expected, "run pytest --update-golden, review the diff"
    assert (root / ".tws-cache").is_dir()
    assert _validate(root) == expected  # positions read again for files from the parse cache


def test_bad_merge_positions_found_in_two_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parsing, "POSITIONS_PARALLEL_FROM", 2)
    monkeypatch.setattr(parsing, "cores", lambda: 2)
    root = bad_merge(tmp_path / "prog")
    assert _validate(root) == GOLDEN.read_text(encoding="utf-8")


# --- suggestions: difflib's answer, always ------------------------------------------------------


def _difflib(word: str, choices: list[str]) -> str | None:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else None


@pytest.mark.parametrize(
    ("word", "choices"),
    [
        ("org-115", [f"org-{i}" for i in range(1000)]),
        ("ab", ["ba", "ab ", "a", "b"]),  # ties go to the larger text, as in difflib
        ("", ["", "a"]),
        ("", ["a"]),
        ("abc", []),
        ("nes-old", ["nes", "nhs-education", "phs", "sssc"]),
        ("x" * 300, ["x" * 299 + "y", "x" * 250]),  # difflib's autojunk applies to the word
    ],
)
def test_index_gives_difflibs_answer(word: str, choices: list[str]) -> None:
    index = suggest.Index(choices)
    assert index.closest(word) == _difflib(word, choices)
    assert index.closest(word) == _difflib(word, choices)  # remembered, the same
    assert suggest.did_you_mean(word, choices) == (
        f" (did you mean `{_difflib(word, choices)}`?)"
        if _difflib(word, choices) is not None
        else ""
    )


@given(
    st.text(alphabet="abc-1", max_size=8),
    st.lists(st.text(alphabet="abc-1", max_size=8), max_size=30),
)
def test_index_agrees_with_difflib_on_any_ids(word: str, choices: list[str]) -> None:
    assert suggest.Index(choices).closest(word) == _difflib(word, choices)


# --- positions: read again once, only as far as needed ------------------------------------------

TEXT = """\
id: del-001
title: A
owners: [a, b]
updates:
  - date: 2023-01-01
    by: x
    text: t
"""


def _parsed(tmp_path: Path) -> yamlio.Parsed:
    file = tmp_path / "del-001.yaml"
    file.write_text(TEXT, encoding="utf-8")
    parsed = yamlio.read(str(file), "data/actions/del-001.yaml")
    assert parsed.clean
    return parsed


def test_locate_reads_as_far_as_asked_and_mark_agrees_with_a_full_reading(
    tmp_path: Path,
) -> None:
    full = _parsed(tmp_path)
    every = dict(full.marks)
    keys = dict(full.key_marks)
    partial = _parsed(tmp_path)
    partial.locate([("owners", 1)], [("title",)])
    assert ("updates",) not in (partial._marks or {})  # stopped after what was asked for
    assert partial.mark(("owners", 1)) == every[("owners", 1)]
    assert partial.key_mark(("title",)) == keys[("title",)]
    # Asked for more later: read again to the end, with the same answers as before.
    assert partial.mark(("updates", 0, "by")) == every[("updates", 0, "by")]
    assert partial.mark(("updates", 0, "nothing", 3)) == every[("updates", 0)]
    assert partial.marks == every
    assert partial.key_marks == keys


def test_positions_are_not_kept(tmp_path: Path) -> None:
    parsed = _parsed(tmp_path)
    every = dict(parsed.marks)
    fresh = _parsed(tmp_path)
    values, keys = fresh.positions([("owners", 1), ("nothing",)], [("title",)])
    assert values == [every[("owners", 1)], (1, 1)]
    assert keys == [(2, 1)]
    assert fresh._marks is None
    assert parsed.positions([("id",)]) == ([every[("id",)]], [])  # known: not read again


def test_locate_of_a_missing_path_reads_to_the_end(tmp_path: Path) -> None:
    parsed = _parsed(tmp_path)
    parsed.locate([("nothing",), ("owners", 7)])
    assert parsed.mark(("owners", 7)) == (3, 9)
    assert parsed.mark(("nothing",)) == (1, 1)
    assert parsed.truthy == {}


def test_locate_after_the_file_changed_gives_no_positions(tmp_path: Path) -> None:
    parsed = _parsed(tmp_path)
    (tmp_path / "del-001.yaml").write_text(TEXT.replace("A", "B"), encoding="utf-8")
    parsed.locate([("owners", 1)])
    assert parsed.mark(("owners", 1)) == (1, 1)
