"""The broken-file corpus: each case is the base fixture with a few files changed.

A case folder under tests/corpus/ holds the changed files at their paths under the programme
root, ``expected.txt`` (problem lines that must appear, exactly), ``exit`` (the exit code),
and optionally ``delete.txt`` (base files to remove), ``absent.txt`` (text that must not
appear in the output) and ``xfail.txt`` (why the case fails today: a known defect in src/).
"""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import time
from pathlib import Path
from types import ModuleType

import pytest
from tests.conftest import AS_OF, FIXTURE_BASE, copy_base, run_tws

from trauma_ws.loading import yamlio

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
META = frozenset({"expected.txt", "exit", "delete.txt", "absent.txt", "xfail.txt"})
SRC = Path(yamlio.__file__).resolve().parents[1]
"""The package: problem codes are read from its loading and checking layers."""

PROBLEM_LINE = re.compile(r"^data/[^:]+:\d+:\d+: (error|warning): \S.* \[[a-z0-9]+(-[a-z0-9]+)*\]$")
SUMMARY_LINE = re.compile(r"^tws: \d+ files checked(, no problems|: \d+ errors?, \d+ warnings?)$")

# Problem codes exercised elsewhere because a corpus case would need a huge file.
TESTED_ELSEWHERE = {
    "file-too-large": "tests/loading/test_yamlio.py and tests/checking/test_validate.py",
    "frozen-minutes": "tests/checking/test_frozen.py (needs git history)",
    "outside-link": "tests/loading/test_adversarial.py (needs symbolic links)",
}


def _cases() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def _params() -> list[object]:
    params: list[object] = []
    for case in _cases():
        reason_file = case / "xfail.txt"
        marks = []
        if reason_file.exists():
            reason = " ".join(reason_file.read_text(encoding="utf-8").split())
            marks.append(pytest.mark.xfail(strict=True, reason=reason))
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


def _lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def overlay_files(case: Path) -> list[Path]:
    """The record files a case adds or replaces (everything but its own metadata)."""
    return sorted(
        f
        for f in case.rglob("*")
        if f.is_file()
        and not (f.parent == case and f.name in META)
        and "__pycache__" not in f.parts
    )


def apply_case(case: Path, root: Path) -> None:
    """Overlay the case's files on the programme at ``root`` and delete what it lists."""
    for source in overlay_files(case):
        target = root / source.relative_to(case)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    for rel in _lines(case / "delete.txt"):
        (root / rel).unlink()


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes (to show validate wrote nothing)."""
    return {
        f.relative_to(folder).as_posix(): f.read_bytes() for f in folder.rglob("*") if f.is_file()
    }


@pytest.mark.parametrize("case", _params())
def test_case(case: Path, tmp_path: Path) -> None:
    root = copy_base(tmp_path / "prog")
    apply_case(case, root)
    before = snapshot(root / "data")

    result = run_tws("validate", "--root", str(root), "--as-of", AS_OF)

    everything = result.stdout + result.stderr
    assert "Traceback" not in everything
    assert result.exception is None or isinstance(result.exception, SystemExit), everything
    want_exit = int((case / "exit").read_text(encoding="utf-8").strip())
    assert result.exit_code == want_exit, everything
    printed = result.stdout.splitlines()
    for line in printed:
        assert PROBLEM_LINE.match(line), f"not a one-line problem: {line!r}"
    expected = _lines(case / "expected.txt")
    for line in expected:
        assert line in printed, f"missing: {line}\n--- got:\n{result.stdout}"
    if not expected:
        assert result.stdout == ""
    for text in _lines(case / "absent.txt"):
        assert text not in result.stdout, f"should not be reported: {text}"
    summary = result.stderr.splitlines()
    assert len(summary) == 1, result.stderr
    assert SUMMARY_LINE.match(summary[0]), summary[0]
    errors = sum(" error: " in line for line in printed)
    warnings = sum(" warning: " in line for line in printed)
    if printed:
        assert f": {errors} error" in summary[0]
        assert f", {warnings} warning" in summary[0]
    assert snapshot(root / "data") == before, "validate changed files under data/"


# --- the corpus itself --------------------------------------------------------------------------


def test_every_case_is_well_formed() -> None:
    cases = _cases()
    assert len(cases) >= 60
    for case in cases:
        assert (case / "exit").read_text(encoding="utf-8").strip() in ("0", "1"), case.name
        changed = overlay_files(case) or _lines(case / "delete.txt")
        assert changed, f"{case.name} changes nothing"
        for rel in _lines(case / "delete.txt"):
            assert (FIXTURE_BASE / rel).is_file(), f"{case.name}: {rel} is not in the base"
        for source in overlay_files(case):
            assert source.relative_to(case).parts[0] == "data", source
        expected = _lines(case / "expected.txt")
        exit_code = int((case / "exit").read_text(encoding="utf-8"))
        if exit_code == 1:
            assert any(" error: " in line for line in expected), f"{case.name}: no error line"
        else:
            assert not any(" error: " in line for line in expected), case.name
        for line in expected:
            assert PROBLEM_LINE.match(line), f"{case.name}: {line!r}"


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_binary_cases", CORPUS / "make_binary_cases.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_binary_cases_match_their_generator() -> None:
    made: dict[str, dict[str, bytes]] = _load_generator().cases()
    assert {"bad-utf8", "utf16-bom", "control-character"} <= set(made)
    for case, files in made.items():
        for rel, data in files.items():
            on_disk = (CORPUS / case / rel).read_bytes()
            assert on_disk == data, f"{case}/{rel}: run tests/corpus/make_binary_cases.py"
    assert b"\xe9" in made["bad-utf8"]["data/actions/del-003.yaml"]
    assert made["utf16-bom"]["data/actions/del-003.yaml"].startswith(b"\xff\xfe")
    assert b"\x00" in made["control-character"]["data/actions/del-003.yaml"]


def test_billion_laughs_is_refused_fast() -> None:
    case = CORPUS / "billion-laughs" / "data" / "actions" / "del-002.yaml"
    assert case.read_text(encoding="utf-8").count("*a") >= 80
    start = time.perf_counter()
    parsed = yamlio.read(str(case), "data/actions/del-002.yaml")
    elapsed = time.perf_counter() - start
    assert elapsed < 10.0  # a generous bound: what it guards against takes minutes
    assert parsed.data is None
    assert [p.code for p in parsed.problems] == ["yaml-anchor"]


def _codes_in_source() -> set[str]:
    """Problem codes the loader and checks can report, read from their source."""
    codes: set[str] = set()
    reporters = {"error", "warning", "make", "refuse", "at", "at_key"}
    for source in sorted([*SRC.glob("loading/*.py"), *SRC.glob("checking/*.py")]):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                last = node.args[-1]
                constant = isinstance(last, ast.Constant) and isinstance(last.value, str)
                if called in reporters and constant:
                    codes.add(str(last.value))
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                named_code = any(isinstance(t, ast.Name) and t.id == "code" for t in node.targets)
                if named_code and isinstance(node.value.value, str):
                    codes.add(node.value.value)
            elif isinstance(node, ast.If) and isinstance(node.test, ast.Compare):
                # `elif kind in ("bad-id", …): … code = kind`
                assigns_kind = any(
                    isinstance(stmt, ast.Assign)
                    and isinstance(stmt.value, ast.Name)
                    and any(isinstance(t, ast.Name) and t.id == "code" for t in stmt.targets)
                    for stmt in node.body
                )
                if assigns_kind:
                    for comparator in node.test.comparators:
                        if isinstance(comparator, ast.Tuple):
                            codes.update(
                                e.value
                                for e in comparator.elts
                                if isinstance(e, ast.Constant) and isinstance(e.value, str)
                            )
    return {c for c in codes if re.fullmatch(r"[a-z]+(-[a-z]+)*", c)}


def test_every_problem_code_has_a_case() -> None:
    in_source = _codes_in_source()
    assert {"yaml-alias", "duplicate-key", "unknown-ref", "bad-due", "missing-file"} <= in_source
    covered: set[str] = set()
    for case in _cases():
        if (case / "xfail.txt").exists():
            continue
        for line in _lines(case / "expected.txt"):
            covered.add(line.rsplit("[", 1)[1].rstrip("]"))
    missing = in_source - covered - set(TESTED_ELSEWHERE)
    assert not missing, f"problem codes with no passing corpus case: {sorted(missing)}"
