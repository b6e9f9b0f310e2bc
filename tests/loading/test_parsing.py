"""The parse cache (content-keyed, signed) and parsing in a second process."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from tests.conftest import AS_OF, run_tws

from trauma_ws.checking import validate
from trauma_ws.loading import cache, parsing, yamlio
from trauma_ws.loading.programme import load

DAY = dt.date.fromisoformat(AS_OF)


def problems(root: Path) -> list[str]:
    return [p.format() for p in validate.check(load(root), as_of=DAY)]


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every file that is actually parsed."""
    seen: list[str] = []
    real = yamlio.parse_file

    def spy(raw: bytes, file: str, rel: str) -> yamlio.Parsed:
        seen.append(rel)
        return real(raw, file, rel)

    monkeypatch.setattr(yamlio, "parse_file", spy)
    return seen


def test_a_second_run_parses_nothing_unchanged(programme: Path, counting: list[str]) -> None:
    first = problems(programme)
    assert len(counting) == 14
    counting.clear()
    assert problems(programme) == first
    assert counting == []
    assert (programme / ".tws-cache" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_a_changed_file_is_parsed_again(programme: Path, counting: list[str]) -> None:
    problems(programme)
    counting.clear()
    target = programme / "data/actions/del-003.yaml"
    target.write_text(target.read_text().replace("gamma-trust", "gama-trust"))
    found = problems(programme)
    assert counting == ["data/actions/del-003.yaml"]
    assert any("unknown owner `gama-trust`" in p for p in found)


def test_same_size_same_time_edits_are_still_seen(programme: Path) -> None:
    """Keyed by content, not by size and modification time."""
    target = programme / "data/actions/del-003.yaml"
    stat = target.stat()
    assert problems(programme) == []
    target.write_text(target.read_text().replace("status: blocked", "status: blokked"))
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert any("blokked" in p for p in problems(programme))


def test_a_tampered_or_foreign_cache_is_ignored(programme: Path, counting: list[str]) -> None:
    problems(programme)
    blob = programme / ".tws-cache" / cache.FILE
    data = bytearray(blob.read_bytes())
    data[-5] ^= 0xFF  # any change breaks the signature
    blob.write_bytes(bytes(data))
    counting.clear()
    assert problems(programme) == []
    assert len(counting) == 14  # everything read again: nothing trusted


def test_a_cache_signed_with_another_key_is_ignored(
    programme: Path, counting: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    problems(programme)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))
    counting.clear()
    problems(programme)
    assert len(counting) == 14


def test_a_symlinked_cache_folder_is_never_used(programme: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (programme / ".tws-cache").symlink_to(elsewhere)
    assert problems(programme) == []
    assert list(elsewhere.iterdir()) == []  # nothing written through the link


def test_no_cache_when_asked(programme: Path) -> None:
    result = run_tws(
        "validate", "--root", str(programme), "--as-of", AS_OF, env={"TWS_NO_CACHE": "1"}
    )
    assert result.exit_code == 0
    assert not (programme / ".tws-cache" / cache.FILE).exists()


def test_cache_stores_only_clean_files(programme: Path) -> None:
    target = programme / "data/actions/del-003.yaml"
    target.write_text(target.read_text() + "status: done\n")  # a duplicate key
    problems(programme)
    entries = cache.load(programme)
    assert "data/actions/del-003.yaml" not in entries
    assert "data/actions/del-001.yaml" in entries


def test_positions_come_from_the_file_when_asked(programme: Path) -> None:
    parsed = yamlio.read(str(programme / "data/actions/del-001.yaml"), "data/actions/del-001.yaml")
    assert parsed.raw is None
    assert parsed.mark(("status",)) == (8, 9)


def test_positions_are_not_guessed_when_the_file_changed(programme: Path) -> None:
    target = programme / "data/actions/del-001.yaml"
    parsed = yamlio.read(str(target), "data/actions/del-001.yaml")
    target.write_text("\n\n\n" + target.read_text())
    assert parsed.mark(("status",)) == (1, 1)  # unknown, rather than three lines off


def test_two_processes_parse_the_same_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = tmp_path / "big"
    shutil.copytree(
        Path(__file__).parents[1] / "fixtures" / "base",
        base,
        ignore=shutil.ignore_patterns(".tws-cache"),
    )
    template = (base / "data/actions/del-008.yaml").read_text()
    meeting = base / "data/meetings/delivery-2023-06-01.yaml"
    extra = [f"del-{n:03d}" for n in range(100, 100 + parsing.PARALLEL_FROM)]
    for ident in extra:
        (base / f"data/actions/{ident}.yaml").write_text(template.replace("del-008", ident))
    meeting.write_text(
        meeting.read_text().replace("del-008]", "del-008, " + ", ".join(extra) + "]")
    )
    forks: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    split = load(base, use_cache=False)
    assert len(forks) == 1
    monkeypatch.setattr(parsing, "cores", lambda: 1)
    single = load(base, use_cache=False)
    assert sorted(split.actions) == sorted(single.actions)
    assert split.actions == single.actions
    assert validate.check(split, as_of=DAY) == validate.check(single, as_of=DAY) == []


def test_long_loads_say_what_they_are_doing(monkeypatch: pytest.MonkeyPatch) -> None:
    from trauma_ws.loading import progress

    heard: list[str] = []
    monkeypatch.setattr(progress, "listener", heard.append)
    monkeypatch.setattr(parsing, "PROGRESS_FROM", 10)
    load(Path(__file__).parents[1] / "fixtures" / "base", use_cache=False)
    assert heard == ["reading 14 record files (0 in the parse cache)"]
    heard.clear()
    monkeypatch.setattr(parsing, "PROGRESS_FROM", 100)
    load(Path(__file__).parents[1] / "fixtures" / "base", use_cache=False)
    assert heard == []
