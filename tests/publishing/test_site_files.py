"""Writing a built site: a forked child writes every other file of a large site, giving the same
files as one process does; when the child fails, this process writes its share; when this
process fails, nothing replaces the old site."""

from __future__ import annotations

import datetime as dt
import functools
import os
from pathlib import Path

import pytest
from tests.conftest import AS_OF, FIXTURE_BASE
from tests.publishing.test_site import snapshot

from trauma_ws.checking.validate import load_valid
from trauma_ws.publishing import site, site_files


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every site counts as large, on a machine with two cores."""
    monkeypatch.setattr(site_files, "PARALLEL_FROM", 2)
    monkeypatch.setattr(site_files, "_cores", lambda: 2)


def _tasks(count: int) -> list[site_files.Task]:
    return [
        (f"pages/{i}.html", functools.partial(str.format, "page {}\n", i)) for i in range(count)
    ]


def _site(tmp_path: Path, name: str) -> dict[str, bytes]:
    programme = load_valid(FIXTURE_BASE, as_of=dt.date.fromisoformat(AS_OF))
    seen: list[tuple[int, int]] = []
    built = site.build(
        programme,
        as_of=dt.date.fromisoformat(AS_OF),
        out=tmp_path / name,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[-1] == (built.pages, built.pages)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    return snapshot(built.out)


def test_two_processes_write_the_same_site_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = _site(tmp_path, "one")
    monkeypatch.setattr(site_files, "PARALLEL_FROM", 2)
    monkeypatch.setattr(site_files, "_cores", lambda: 2)
    two = _site(tmp_path, "two")
    assert two == one
    assert len(one) > 20


@pytest.mark.usefixtures("two_cores")
def test_when_the_child_fails_this_process_writes_its_share(tmp_path: Path) -> None:
    parent = os.getpid()

    def flaky() -> str:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return "written here\n"

    tasks = [*_tasks(6), ("pages/flaky.html", flaky)]
    tasks.insert(1, ("pages/child.html", flaky))  # both in odd places: the child's share
    site_files.write_site(tmp_path / "out", tasks, None)
    out = tmp_path / "out"
    assert (out / "pages/child.html").read_text(encoding="utf-8") == "written here\n"
    assert (out / "pages/flaky.html").read_text(encoding="utf-8") == "written here\n"
    assert sorted(p.name for p in (out / "pages").iterdir()) == sorted(
        [*(f"{i}.html" for i in range(6)), "child.html", "flaky.html"]
    )
    assert (out / site_files.MARKER).is_file()


@pytest.mark.usefixtures("two_cores")
def test_when_this_process_fails_the_old_site_stays(tmp_path: Path) -> None:
    out = tmp_path / "out"
    site_files.write_site(out, _tasks(4), None)
    before = snapshot(out)

    def broken() -> str:
        raise RuntimeError("a template failed")

    with pytest.raises(RuntimeError, match="a template failed"):
        site_files.write_site(out, [*_tasks(4), ("pages/broken.html", broken)], None)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no folder left behind
