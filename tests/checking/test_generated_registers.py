"""The benchmark's generated programme (bench/generate.py) with its risks and measures: valid as
generated, the same every time, and the rest of it the same as without them."""

from __future__ import annotations

from pathlib import Path

from tests.checking.test_bad_merge import AS_OF, _generator
from tests.conftest import run_tws


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "data").rglob("*.yaml"))
    }


def test_generated_registers_are_valid_and_deterministic(tmp_path: Path) -> None:
    generate = _generator().generate
    sizes = generate(200, tmp_path / "a")
    assert (sizes["risks"], sizes["measures"]) == (4, 1)
    result = run_tws("validate", "--root", str(tmp_path / "a"), "--as-of", AS_OF, "--strict")
    assert result.exit_code == 0, result.stderr
    generate(200, tmp_path / "b")
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    generate(200, tmp_path / "c", registers=False)
    without = _files(tmp_path / "c")
    with_them = _files(tmp_path / "a")
    assert {k: v for k, v in with_them.items() if "/risks/" not in k and "/measures/" not in k} == (
        without
    )
    measure = next(v for k, v in with_them.items() if "/measures/" in k).decode()
    assert 8 <= measure.count("  - date: ") <= 16


def test_generated_registers_scale_with_the_programme(tmp_path: Path) -> None:
    sizes = _generator().generate(2000, tmp_path / "prog")
    assert (sizes["risks"], sizes["measures"]) == (40, 10)
    risks = [p.read_text(encoding="utf-8") for p in (tmp_path / "prog/data/risks").iterdir()]
    assert 0 < sum("public: true" in r for r in risks) < len(risks)  # some public, some not
