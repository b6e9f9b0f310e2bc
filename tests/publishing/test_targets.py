"""Output never destroys input: ``-o`` refuses the programme's records, templates, cache and
git folders (however the path is spelled), writes into pipes and devices instead of replacing
them, and the parse cache's ``.gitignore`` is whole even after a full disk."""

from __future__ import annotations

import errno
import os
import pty
import stat
import subprocess
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import AS_OF, TWS, copy_base, run_tws

from trauma_ws.publishing import targets

FILE_COMMANDS = {
    "minutes render": ("minutes", "render", "delivery-2023-03-01"),
    "minutes render html": ("minutes", "render", "delivery-2023-03-01", "-f", "html"),
    "report progress": ("report", "progress"),
    "export csv": ("export", "csv"),
    "export ics": ("export", "ics"),
    "export json": ("export", "json"),
    "actions list": ("actions", "list"),
    "actions overdue csv": ("actions", "overdue", "-f", "csv"),
    "actions due": ("actions", "due", "--within", "400"),
    "actions stale json": ("actions", "stale", "--days", "0", "-f", "json"),
    "groups": ("groups",),
    "members": ("members", "delivery"),
}

FILE_TARGETS = {
    "a record": "data/meetings/delivery-2023-03-01.yaml",
    "the workplan": "data/workplan.yaml",
    "a new file in data": "data/actions/new.yaml",
    "a template": "templates/minutes.md.j2",
    "the parse cache": ".tws-cache/parse-v1.bin",
    "the cache's gitignore": ".tws-cache/.gitignore",
    "git's config": ".git/config",
    "the repository's git": "../.git/config",
    "dot-dot into data": "build/../data/groups.yaml",
    "dot-dot from outside": "../prog/data/actions/del-001.yaml",
    "a link to a record": "report.md",
    "through a linked folder": "linked/del-001.yaml",
}

FOLDER_TARGETS = {
    "data": "data",
    "in data": "data/site",
    "in templates": "templates/site",
    "the cache": ".tws-cache",
    "in the cache": ".tws-cache/site",
    "git": ".git",
    "in git": ".git/site",
    "the repository's git": "../.git/site",
    "dot-dot into data": "build/../data/site",
    "through a linked folder": "linked",
    "a link to data": "data-link",
}


def _programme_in_repository(tmp_path: Path) -> Path:
    """``tmp_path/repo/prog`` with a cache, templates, a .git of its own and its repository's
    (plain folders: the refusal needs no git), and links into data/."""
    root = copy_base(tmp_path / "repo" / "prog")
    for git_dir in (root / ".git", root.parent / ".git"):
        git_dir.mkdir()
        (git_dir / "config").write_text("[core]\n", encoding="utf-8")
    (root / "templates").mkdir()
    (root / "templates" / "README.md").write_text("Templates.\n", encoding="utf-8")
    assert run_tws("validate", "--root", str(root), "--as-of", AS_OF).exit_code == 0
    assert (root / ".tws-cache" / "parse-v1.bin").is_file()
    (root / "report.md").symlink_to(root / "data/meetings/delivery-2023-03-01.yaml")
    (root / "linked").symlink_to(root / "data/actions")
    (root / "data-link").symlink_to(root / "data")
    return root


def _snapshot(top: Path) -> dict[str, bytes | str]:
    """Every entry under ``top``: file bytes, link targets, folders (no link followed)."""
    found: dict[str, bytes | str] = {}
    for folder, dirs, files in os.walk(top):
        for name in dirs + files:
            path = Path(folder) / name
            rel = str(path.relative_to(top))
            if path.is_symlink():
                found[rel] = "-> " + os.readlink(path)
            elif path.is_dir():
                found[rel] = "folder"
            else:
                found[rel] = path.read_bytes()
    return found


def _refused(result: Any) -> None:
    assert result.exit_code == 2, result.stdout + result.stderr
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith("tws: error: "), result.stderr
    assert "inside" in errors[0], result.stderr
    assert "wrote" not in result.stderr


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes | str]]:
    """One programme in a repository for the refusals (which write nothing, as each test
    checks), and what it held before them."""
    top = tmp_path_factory.mktemp("refusals")
    return _programme_in_repository(top), _snapshot(top)


@pytest.mark.parametrize("target", FILE_TARGETS.values(), ids=FILE_TARGETS.keys())
@pytest.mark.parametrize("command", FILE_COMMANDS.values(), ids=FILE_COMMANDS.keys())
def test_output_never_goes_over_input(
    shared: tuple[Path, dict[str, bytes | str]], command: Sequence[str], target: str
) -> None:
    root, before = shared
    result = run_tws(*command, "-o", target, "--root", str(root), "--as-of", AS_OF, cwd=root)
    _refused(result)
    assert _snapshot(root.parent.parent) == before


@pytest.mark.parametrize("target", FOLDER_TARGETS.values(), ids=FOLDER_TARGETS.keys())
@pytest.mark.parametrize(
    "command", [("site", "build", "--as-of", AS_OF), ("schema",)], ids=["site build", "schema"]
)
def test_output_folders_never_go_over_input(
    shared: tuple[Path, dict[str, bytes | str]], command: Sequence[str], target: str
) -> None:
    root, before = shared
    result = run_tws(*command, "-o", target, "--root", str(root), cwd=root)
    _refused(result)
    assert _snapshot(root.parent.parent) == before


def test_schema_never_writes_through_a_link_into_data(tmp_path: Path) -> None:
    root = _programme_in_repository(tmp_path)
    (root / "schemas").mkdir()
    (root / "schemas" / "action.schema.json").symlink_to(root / "data/actions/del-001.yaml")
    before = _snapshot(tmp_path)
    _refused(run_tws("schema", "--root", str(root), cwd=root))
    assert _snapshot(tmp_path) == before


def test_output_beside_the_records_is_still_written(tmp_path: Path) -> None:
    root = _programme_in_repository(tmp_path)
    for name in ("build/minutes.md", "data.md", "templates.md", "../out/minutes.md"):
        result = run_tws(
            "minutes", "render", "delivery-2023-03-01", "-o", name, "--root", str(root), cwd=root
        )
        assert result.exit_code == 0, result.stderr
        assert (root / name).read_text(encoding="utf-8").startswith("#")


def test_protected_place_names_why() -> None:
    assert targets.protected_place(Path("/nowhere/.git/x")) == "a git folder (.git/)"
    assert targets.protected_place(Path("/nowhere/data/x")) is None  # no programme there


# --- pipes and devices are written into, never replaced ---------------------------------------


class _Reader(threading.Thread):
    """Reads a FIFO to its end, through a second name (a hard link) so that it can always be
    released, even when the FIFO's own name was replaced."""

    def __init__(self, fifo: Path) -> None:
        super().__init__(daemon=True)
        self.spare = fifo.with_name(fifo.name + ".spare")
        os.link(fifo, self.spare)
        self.data = b""

    def run(self) -> None:
        with open(self.spare, "rb") as handle:
            self.data = handle.read()

    def finish(self) -> bytes:
        self.join(timeout=5)
        if self.is_alive():  # nothing opened the FIFO for writing: let the reader go
            fd = os.open(self.spare, os.O_WRONLY | os.O_NONBLOCK)
            os.close(fd)
            self.join(timeout=30)
        assert not self.is_alive()
        return self.data


@pytest.mark.parametrize("linked", [False, True], ids=["fifo", "link to a fifo"])
@pytest.mark.parametrize("command", FILE_COMMANDS.values(), ids=FILE_COMMANDS.keys())
def test_a_fifo_is_written_into_not_replaced(
    tmp_path: Path, command: Sequence[str], linked: bool
) -> None:
    root = copy_base(tmp_path / "prog")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    target = fifo
    if linked:  # as /dev/stdout is a link to the real thing
        target = tmp_path / "stdout"
        target.symlink_to(fifo)
    reader = _Reader(fifo)
    reader.start()
    try:
        result = run_tws(*command, "-o", str(target), "--root", str(root), "--as-of", AS_OF)
    finally:
        data = reader.finish()
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert target.is_symlink() == linked
    piped = run_tws(*command, "--root", str(root), "--as-of", AS_OF)
    # (standard output in the test runner reads CRLF as LF; the calendar has CRLF)
    assert data.decode("utf-8").lstrip("\ufeff").replace("\r\n", "\n") == piped.stdout
    assert not [p for p in tmp_path.iterdir() if "tws-tmp" in p.name]


def test_a_terminal_is_written_into_not_replaced(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "prog")
    main, child = pty.openpty()
    chunks: list[bytes] = []

    def read() -> None:
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: the other end is closed
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    target = tmp_path / "stdout"  # as /dev/stdout links to the terminal
    try:
        target.symlink_to(os.ttyname(child))
        result = run_tws("groups", "-o", str(target), "--root", str(root), "--as-of", AS_OF)
    finally:
        os.close(child)
        reader.join(timeout=30)
        os.close(main)
    assert result.exit_code == 0, result.stderr
    assert target.is_symlink()
    shown = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    assert "Delivery Group" in shown


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
@pytest.mark.parametrize("into", ["file", "pipe"])
def test_standard_output_by_name_is_written_into(tmp_path: Path, into: str) -> None:
    """``-o /proc/self/fd/1`` (what ``/dev/stdout`` links to) is tws's own standard output,
    whether the shell sent it to a file or a pipe: written into, never replaced."""
    root = copy_base(tmp_path / "prog")
    args = [str(TWS), "export", "csv", "--no-bom", "--root", str(root), "--as-of", AS_OF]
    expected = run_tws(*args[1:]).stdout
    sink = tmp_path / "out.csv"
    with sink.open("wb") as handle:
        done = subprocess.run(
            [*args, "-o", "/proc/self/fd/1"],
            stdout=handle if into == "file" else subprocess.PIPE,
            stderr=subprocess.PIPE,
            check=False,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr
    written = sink.read_bytes() if into == "file" else done.stdout
    assert written.decode("utf-8") == expected


def test_the_null_device_is_a_sink(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "prog")
    sink = tmp_path / "null"
    sink.symlink_to(os.devnull)
    result = run_tws("export", "json", "-o", str(sink), "--root", str(root), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert sink.is_symlink()
    assert os.readlink(sink) == os.devnull


# --- the cache's .gitignore ---------------------------------------------------------------------


class _FullDisk:
    """A text file whose every write fails as on a full disk."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def _ignores_everything(root: Path) -> bool:
    ignore = root / ".tws-cache" / ".gitignore"
    return "*" in ignore.read_text(encoding="utf-8").splitlines()


def test_the_cache_gitignore_survives_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_base(tmp_path / "prog")
    real_fdopen = os.fdopen

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_fdopen(fd, mode, *args, **kwargs)
        return _FullDisk(handle) if mode == "w" else handle

    with monkeypatch.context() as patched:
        patched.setattr(os, "fdopen", fdopen)
        result = run_tws("validate", "--root", str(root), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    cache = root / ".tws-cache"
    ignore = cache / ".gitignore"
    # Whole or absent; and no cache without it.
    assert not ignore.exists() or _ignores_everything(root)
    assert ignore.exists() or not (cache / "parse-v1.bin").exists()
    assert [p.name for p in cache.iterdir() if p.name not in (".gitignore", "parse-v1.bin")] == []
    # The next run, with room on the disk, leaves it whole.
    assert run_tws("validate", "--root", str(root), "--as-of", AS_OF).exit_code == 0
    assert _ignores_everything(root)


@pytest.mark.parametrize("left", ["", "# Created by tws: a cache, safe to delete.\n"])
def test_a_truncated_cache_gitignore_is_repaired(tmp_path: Path, left: str) -> None:
    root = copy_base(tmp_path / "prog")
    (root / ".tws-cache").mkdir()
    (root / ".tws-cache" / ".gitignore").write_text(left, encoding="utf-8")
    assert run_tws("validate", "--root", str(root), "--as-of", AS_OF).exit_code == 0
    assert _ignores_everything(root)
    assert (root / ".tws-cache" / "parse-v1.bin").is_file()
