"""Hostile input: links out of the repository, huge and explosive files, ids that are paths."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
from tests.conftest import AS_OF, run_tws

from trauma_ws.loading import yamlio


def tws(root: Path, *args: str) -> tuple[int, str, str]:
    result = run_tws(*args, "--root", str(root), "--as-of", AS_OF)
    return result.exit_code, result.stdout, result.stderr


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".tws-cache" not in p.parts
    }


def test_a_link_to_a_file_outside_the_repository_is_not_read(
    programme: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: del-099\ntitle: SECRET-CONTENT\n")
    (programme / "data/actions/del-099.yaml").symlink_to(secret)
    code, out, _ = tws(programme, "validate")
    assert code == 1
    assert (
        "data/actions/del-099.yaml:0:0: error: not read: a symbolic link to a file outside the "
        "programme's folder; put the record itself here [outside-link]"
    ) in out
    assert "SECRET-CONTENT" not in out
    export = run_tws("export", "json", "--root", str(programme), "--as-of", AS_OF)
    assert "SECRET-CONTENT" not in export.stdout + export.stderr


def test_a_linked_folder_outside_is_not_read(programme: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    (programme / "data/meetings").rename(outside)
    (programme / "data/meetings").symlink_to(outside)
    code, out, _ = tws(programme, "validate")
    assert code == 1
    assert "[outside-link]" in out


def test_a_link_inside_the_repository_is_fine(programme: Path) -> None:
    shared = programme / "shared"
    shared.mkdir()
    target = programme / "data/workplan.yaml"
    (shared / "workplan.yaml").write_bytes(target.read_bytes())
    target.unlink()
    target.symlink_to(shared / "workplan.yaml")
    assert tws(programme, "validate")[0] == 0


def test_a_fifty_megabyte_file_is_refused_quickly(programme: Path) -> None:
    big = programme / "data/actions/del-001.yaml"
    line = b"description: " + b"x" * 1000 + b"\n"
    with big.open("wb") as handle:
        for _ in range(50 * 1024):
            handle.write(line)
    tracemalloc.start()
    started = time.perf_counter()
    code, out, _ = tws(programme, "validate")
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert code == 1
    assert "data/actions/del-001.yaml:1:1: error: the file is 49.5 MB, over the 5 MB limit" in out
    assert elapsed < 20.0  # a generous bound (a loaded CI machine); memory is the real check
    assert peak < 40 * 1024 * 1024  # read up to the limit only, never the whole file


@pytest.mark.parametrize(
    "text",
    [
        # A "billion laughs": nine levels of ten aliases each.
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
            for i in range(8)
        ),
        "a: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 1500)),
    ],
    ids=["billion-laughs", "deep-flow", "deep-block"],
)
def test_explosive_documents_are_refused_fast_with_bounded_memory(text: str) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    parsed = yamlio.parse(text.encode(), "data/actions/x.yaml")
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert parsed.data is None
    assert parsed.problems
    assert {p.code for p in parsed.problems} <= {
        "yaml-anchor",
        "yaml-alias",
        "too-deep",
        "yaml-syntax",
    }
    assert elapsed < 10.0  # a generous bound: what it guards against takes minutes
    assert peak < 64 * 1024 * 1024


@pytest.mark.parametrize(
    "args",
    [
        ("actions", "new", "-g", "../../outside", "-t", "x", "-o", "sec-org"),
        ("actions", "new", "-g", "delivery/../../x", "-t", "x", "-o", "sec-org"),
        ("minutes", "new", "../escape", "--date", "2023-08-01"),
        ("minutes", "new", "/tmp/escape", "--date", "2023-08-01"),
        ("actions", "update", "../del-001", "--note", "x", "--by", "sec-org"),
        ("minutes", "render", "../../etc/passwd"),
        ("actions", "show", "../actions/del-001"),
        ("history", "../../../etc/passwd"),
    ],
)
def test_ids_that_look_like_paths_are_refused_before_anything_is_written(
    programme: Path, args: tuple[str, ...]
) -> None:
    before = files_under(programme.parent)
    code, out, err = tws(programme, *args)
    assert code == 2, (code, out, err)
    assert "Traceback" not in err
    assert files_under(programme.parent) == before


def test_a_path_like_id_in_a_file_is_a_bad_id(programme: Path) -> None:
    target = programme / "data/actions/del-003.yaml"
    target.write_text(target.read_text().replace("id: del-003", "id: ../del-003"))
    code, out, _ = tws(programme, "validate")
    assert code == 1
    assert "`../del-003` is not a valid id" in out
