"""Faults: killed mid-write, a full disk, a read-only folder, many writers at once."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from tests.conftest import AS_OF, CLI_ENV, TWS, run_tws, run_tws_process

from trauma_ws.editing import edit


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "data").rglob("*.yaml"))
    }


def test_a_write_killed_at_any_moment_leaves_the_old_file_whole(programme: Path) -> None:
    target = programme / "data/actions/del-001.yaml"
    old = target.read_bytes()
    rng = random.Random(20231115)
    for attempt in range(12):
        note = f"Attempt {attempt}: " + "long note " * 400
        proc = subprocess.Popen(
            [
                str(TWS),
                "actions",
                "update",
                "del-001",
                "--note",
                note,
                "--by",
                "beta-health",
                "--root",
                str(programme),
                "--as-of",
                AS_OF,
            ],
            env={**os.environ, **CLI_ENV},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.0, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = target.read_bytes()
        data = yaml.safe_load(now)  # always a whole, readable file
        assert data["id"] == "del-001"
        if now != old:  # the new version, whole
            assert data["updates"][-1]["text"].startswith(f"Attempt {attempt}: ")
        old = now
    assert run_tws("validate", "--root", str(programme), "--as-of", AS_OF).exit_code == 0
    # Leftover temporary files (when killed between write and rename) are hidden dot-files
    # that tws never reads.
    for leftover in (programme / "data/actions").glob(".*"):
        assert leftover.name.endswith(".tws-tmp")


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (errno.ENOSPC, "No space left on device"),
        (errno.EROFS, "Read-only file system"),
        (errno.EACCES, "Permission denied"),
    ],
)
def test_a_failing_disk_gives_a_clear_error_and_changes_nothing(
    programme: Path, monkeypatch: pytest.MonkeyPatch, failure: int, message: str
) -> None:
    before = snapshot(programme)

    def broken(fd: int) -> None:
        raise OSError(failure, os.strerror(failure))

    monkeypatch.setattr(edit.os, "fsync", broken)
    for args in (
        ("actions", "update", "del-001", "--status", "done", "--by", "beta-health"),
        (
            "actions",
            "new",
            "-g",
            "delivery",
            "-t",
            "New",
            "-o",
            "sec-org",
            "--raised",
            "delivery-2023-06-01",
        ),
        ("minutes", "new", "delivery", "--date", "2023-08-01"),
    ):
        result = run_tws(*args, "--root", str(programme), "--as-of", AS_OF)
        assert result.exit_code == 1, (args, result.stderr)
        assert message in result.stderr
        assert "nothing was changed" in result.stderr
        assert "Traceback" not in result.stderr
        assert snapshot(programme) == before
    leftovers = [p.name for p in (programme / "data").rglob(".*tws-tmp")]
    assert leftovers == []


def as_the_kernel_would_for_a_user(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse to create a file in a folder without write permission, even for root.

    Root (a CI container, say) may write anywhere, so there the permission check a user
    meets is made here instead, from the folder's real mode bits.
    """
    real_open = os.open

    def checked_open(path: str | os.PathLike[str], flags: int, *args: object, **kw: object) -> int:
        folder = os.path.dirname(os.fspath(path))
        if flags & os.O_CREAT and not os.stat(folder or ".").st_mode & 0o222:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return real_open(path, flags, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", checked_open)


def test_a_read_only_data_folder_for_real(programme: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = programme / "data/actions"
    before = snapshot(programme)
    if os.name == "posix" and os.geteuid() == 0:
        as_the_kernel_would_for_a_user(monkeypatch)
    folder.chmod(0o555)
    try:
        result = run_tws(
            "actions",
            "update",
            "del-001",
            "--note",
            "x",
            "--by",
            "beta-health",
            "--root",
            str(programme),
            "--as-of",
            AS_OF,
        )
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 1
    assert "Permission denied" in result.stderr
    assert snapshot(programme) == before


def test_twenty_new_actions_at_once_get_twenty_ids(programme: Path) -> None:
    def one(n: int) -> subprocess.CompletedProcess[str]:
        return run_tws_process(
            "actions",
            "new",
            "-g",
            "delivery",
            "-t",
            f"At once {n}",
            "-o",
            "sec-org",
            "--raised",
            "delivery-2023-06-01",
            "--root",
            str(programme),
            "--as-of",
            AS_OF,
        )

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(one, range(20)))
    assert [r.returncode for r in results] == [0] * 20, [r.stderr for r in results]
    made = sorted(r.stdout.split()[0] for r in results)
    assert made == [f"data/actions/del-{n:03d}.yaml" for n in range(9, 29)]
    titles = sorted(yaml.safe_load((programme / m).read_text())["title"] for m in made)
    assert titles == sorted(f"At once {n}" for n in range(20))
    meeting = yaml.safe_load((programme / "data/meetings/delivery-2023-06-01.yaml").read_text())
    assert sorted(meeting["actions"]) == sorted(
        ["del-006", "del-007", "del-008", *(f"del-{n:03d}" for n in range(9, 29))]
    )
    assert run_tws("validate", "--root", str(programme), "--as-of", AS_OF).exit_code == 0
