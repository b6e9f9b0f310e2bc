"""Edits never overwrite someone's work, are all or nothing, recover from a kill, keep links.

Each edit command is run as a user runs it; faults are injected at the system calls that write
(or, for a kill, by a real SIGKILL in a child process at a chosen point), and the records are
compared byte for byte with what they were.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.conftest import AS_OF, CLI_ENV, run_tws

from trauma_ws.editing import approval, journal, minutes_new, workflow
from trauma_ws.editing.edit import EditError

ACTION_NEW = "data/actions/del-009.yaml"
MEETING = "data/meetings/delivery-2023-06-01.yaml"

# One invocation of each edit command, and the existing file it edits (None: it only creates).
EDITS: dict[str, tuple[tuple[str, ...], str]] = {
    "update": (
        ("actions", "update", "del-001", "--note", "Progress reported.", "--by", "beta-health"),
        "data/actions/del-001.yaml",
    ),
    "new-raised": (
        (
            "actions",
            "new",
            "-g",
            "delivery",
            "-t",
            "A new action",
            "-o",
            "sec-org",
            "--raised",
            "delivery-2023-06-01",
        ),
        MEETING,
    ),
    "minutes": (
        ("minutes", "new", "delivery", "--date", "2023-08-01"),
        "data/meetings/delivery-2023-08-01.yaml",
    ),
    "approve": (
        ("minutes", "approve", "delivery-2023-06-01", "--by", "Board", "--on", "2023-07-01"),
        MEETING,
    ),
    "publish": (
        ("minutes", "publish", "delivery-2023-03-01"),
        "data/meetings/delivery-2023-03-01.yaml",
    ),
}


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under data/ (links as where they lead), and anything in .tws-cache/ but the
    parse cache."""
    found = {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted((root / "data").rglob("*"))
        if p.is_file()
    }
    found.update(
        {
            str(p.relative_to(root)): p.read_bytes()
            for p in sorted((root / ".tws-cache").glob("*"))
            if p.is_file() and p.name not in ("parse-v1.bin", ".gitignore")
        }
    )
    return found


def tws(root: Path, *args: str) -> tuple[int, str, str]:
    result = run_tws(*args, "--root", str(root), "--as-of", AS_OF)
    assert "Traceback" not in result.stderr
    assert result.exit_code != 3, result.stderr
    return result.exit_code, result.stdout, result.stderr


def no_leftovers(root: Path) -> None:
    assert sorted(p.name for p in (root / "data").rglob(f"*{journal.TEMP_SUFFIX}")) == []
    assert not (root / journal.JOURNAL_PATH).exists()


# --- a person saving a file while tws edits it ---------------------------------------------------


def _someone_saves(root: Path, rel: str) -> None:
    path = root / rel
    if path.exists():
        path.write_bytes(path.read_bytes() + b"# a line a colleague saved\n")
    else:
        path.write_text("# a colleague started these minutes\n", encoding="utf-8")


@pytest.mark.parametrize("edit", sorted(EDITS))
@pytest.mark.parametrize("moment", ["after-checking", "just-before-replacing"])
def test_a_file_saved_during_an_edit_is_never_overwritten(
    programme: Path, monkeypatch: pytest.MonkeyPatch, edit: str, moment: str
) -> None:
    args, rel = EDITS[edit]
    if moment == "after-checking":
        # The edit has read the files and checked its result: the colleague saves now.
        for module in (workflow, minutes_new, approval):
            real = module.check_result

            def racing(*a: Any, real: Callable[..., Any] = real, **kw: Any) -> Any:
                done = real(*a, **kw)
                _someone_saves(programme, rel)
                return done

            monkeypatch.setattr(module, "check_result", racing)
    else:
        # The new versions are staged beside the files: the colleague saves now.
        real_stage = journal._stage

        def racing_stage(item: Any) -> None:
            real_stage(item)
            if item.change.rel == rel:
                _someone_saves(programme, rel)

        monkeypatch.setattr(journal, "_stage", racing_stage)
    before = snapshot(programme)
    code, out, err = tws(programme, *args)
    assert code == 1, err
    assert out == ""
    assert rel in err
    assert "run the command again" in err
    assert "nothing was changed" in err
    assert b"colleague" in (programme / rel).read_bytes()
    no_leftovers(programme)
    # Nothing else was written: the colleague's save is the only change.
    assert snapshot(programme) == {**before, rel: (programme / rel).read_bytes()}


# --- a write that fails ------------------------------------------------------------------------


FAILURES = [errno.EACCES, errno.ENOSPC, errno.EROFS]


def fail_writing(monkeypatch: pytest.MonkeyPatch, name: str, step: str, failure: int) -> None:
    """Make the system refuse, with ``failure``, one step of writing the file called ``name``.

    ``stage`` is creating the new version beside it; ``replace`` is moving it into place
    (a rename over the old file, or a link for a new one).
    """

    def refuse(path: Any) -> None:
        raise OSError(failure, os.strerror(failure), os.fspath(path))

    if step == "stage":
        real_mkstemp = tempfile.mkstemp

        def mkstemp(*args: Any, **kw: Any) -> Any:
            if str(kw.get("prefix", "")).startswith(f".{name}."):
                refuse(kw.get("dir", "."))
            return real_mkstemp(*args, **kw)

        monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
        return
    real_replace, real_link = os.replace, os.link

    def replace(src: Any, dst: Any, *a: Any, **kw: Any) -> None:
        if Path(dst).name == name:
            refuse(dst)
        real_replace(src, dst, *a, **kw)

    def link(src: Any, dst: Any, *a: Any, **kw: Any) -> None:
        if Path(dst).name == name:
            refuse(dst)
        real_link(src, dst, *a, **kw)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "link", link)


@pytest.mark.parametrize("failure", FAILURES, ids=errno.errorcode.get)
@pytest.mark.parametrize("step", ["stage", "replace"])
@pytest.mark.parametrize("which", ["first-file", "second-file"])
def test_a_failing_write_of_either_file_changes_nothing(
    programme: Path, monkeypatch: pytest.MonkeyPatch, failure: int, step: str, which: str
) -> None:
    before = snapshot(programme)
    # `actions new --raised` writes the new action first, then the meeting.
    name = Path(ACTION_NEW if which == "first-file" else MEETING).name
    fail_writing(monkeypatch, name, step, failure)
    code, out, err = tws(programme, *EDITS["new-raised"][0])
    assert code == 1, err
    assert out == ""
    assert os.strerror(failure) in err
    assert "nothing was changed" in err
    assert snapshot(programme) == before
    no_leftovers(programme)
    monkeypatch.undo()
    assert tws(programme, "validate")[0] == 0


@pytest.mark.parametrize("failure", FAILURES, ids=errno.errorcode.get)
@pytest.mark.parametrize("edit", ["update", "minutes"])
def test_a_failing_write_of_a_single_file_changes_nothing(
    programme: Path, monkeypatch: pytest.MonkeyPatch, failure: int, edit: str
) -> None:
    before = snapshot(programme)
    args, rel = EDITS[edit]
    for step in ("stage", "replace"):
        fail_writing(monkeypatch, Path(rel).name, step, failure)
        code, _out, err = tws(programme, *args)
        assert code == 1, err
        assert os.strerror(failure) in err
        assert "nothing was changed" in err
        assert snapshot(programme) == before
        no_leftovers(programme)
        monkeypatch.undo()


# --- killed part-way -----------------------------------------------------------------------------


KILLER = """
import os, signal, sys
from trauma_ws.editing import journal

point, after = sys.argv[1], int(sys.argv[2])
calls = []
real = getattr(journal, point)

def dying(item):
    real(item)
    calls.append(item)
    if len(calls) == after:
        os.kill(os.getpid(), signal.SIGKILL)

setattr(journal, point, dying)
from trauma_ws.cli import app
sys.argv = ["tws", *sys.argv[3:]]
app()
"""


def killed(root: Path, point: str, after: int, *args: str) -> None:
    """Run ``tws args`` in a child process that is killed right after the ``after``-th call
    of ``journal.<point>`` (``_stage``: a new version written beside its file; ``_put``: a
    file replaced)."""
    done = subprocess.run(
        [sys.executable, "-c", KILLER, point, str(after), *args, "--root", str(root)],
        env={**os.environ, **CLI_ENV},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr


@pytest.mark.parametrize("after", [1, 2], ids=["between-the-writes", "after-both-writes"])
@pytest.mark.parametrize("recovery", ["next-edit", "validate"])
def test_an_edit_killed_part_way_is_undone_by_the_next_command(
    programme: Path, after: int, recovery: str
) -> None:
    before = snapshot(programme)
    killed(programme, "_put", after, *EDITS["new-raised"][0], "--as-of", AS_OF)
    # Half done on disk: the action is there (and, after both, the meeting lists it).
    assert (programme / ACTION_NEW).exists()
    assert (programme / journal.JOURNAL_PATH).exists()
    if recovery == "validate":
        code, out, err = tws(programme, "validate")
        assert code == 0, out + err
        assert snapshot(programme) == before
    else:
        code, out, err = tws(programme, *EDITS["update"][0])
        assert code == 0, err
        after_update = snapshot(programme)
        assert ACTION_NEW not in after_update
        assert after_update[MEETING] == before[MEETING]
        assert after_update["data/actions/del-001.yaml"] != before["data/actions/del-001.yaml"]
    assert "interrupted edit (actions new del-009" in err
    assert "was undone" in err
    assert ACTION_NEW in err
    no_leftovers(programme)
    # The edit can simply be made again, whole.
    code, out, err = tws(programme, *EDITS["new-raised"][0])
    assert code == 0, err
    assert out.split() == [ACTION_NEW, MEETING]
    assert tws(programme, "validate")[0] == 0


def test_a_file_changed_after_the_kill_is_left_for_a_person(programme: Path) -> None:
    killed(programme, "_put", 2, *EDITS["new-raised"][0], "--as-of", AS_OF)
    meeting = programme / MEETING
    meeting.write_bytes(meeting.read_bytes() + b"# edited by hand after the crash\n")
    edited = meeting.read_bytes()
    code, _out, err = tws(programme, "validate")
    assert "was undone" in err
    assert f"{MEETING} changed again since and left as it is: check it by hand" in err
    assert meeting.read_bytes() == edited
    assert not (programme / ACTION_NEW).exists()
    assert not (programme / journal.JOURNAL_PATH).exists()
    assert code == 1  # the meeting lists an action that is gone: for a person to sort out


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_temporary_files_left_by_a_kill_are_removed_and_reported(
    programme: Path, edit: str
) -> None:
    before = snapshot(programme)
    args, _rel = EDITS[edit]
    killed(programme, "_stage", 1, *args, "--as-of", AS_OF)
    leftovers = list((programme / "data").rglob(f".*{journal.TEMP_SUFFIX}"))
    assert len(leftovers) == 1, leftovers
    code, _out, err = tws(programme, "validate")
    assert code == 0, err
    assert "removed 1 temporary file left by an interrupted write" in err
    assert snapshot(programme) == before
    no_leftovers(programme)


def test_a_journal_not_written_by_this_tws_is_never_acted_on(programme: Path) -> None:
    """A journal committed to a pull request cannot make CI check other records."""
    killed(programme, "_put", 2, *EDITS["new-raised"][0], "--as-of", AS_OF)
    path = programme / journal.JOURNAL_PATH
    record = path.read_text(encoding="utf-8").replace('"mac": "', '"mac": "0')
    path.write_text(record, encoding="utf-8")
    half_done = snapshot(programme)
    code, _out, err = tws(programme, "validate")
    assert "was not written by your tws, so it was not used" in err
    assert snapshot(programme) == half_done
    assert code == 0  # the edit was whole by then: both files written


# --- symbolic links ------------------------------------------------------------------------------


def _link(root: Path, rel: str, to: Path) -> None:
    """Move the record ``rel`` to ``to`` and leave a relative symbolic link in its place."""
    path = root / rel
    to.parent.mkdir(parents=True, exist_ok=True)
    path.rename(to)
    path.symlink_to(os.path.relpath(to, path.parent))


@pytest.mark.parametrize("edit", ["update", "new-raised"])
def test_a_linked_record_is_edited_through_its_link(programme: Path, edit: str) -> None:
    args, rel = EDITS[edit]
    real = programme / "shared" / Path(rel).name
    _link(programme, rel, real)
    old = real.read_bytes()
    code, _out, err = tws(programme, *args)
    assert code == 0, err
    assert (programme / rel).is_symlink()
    assert (programme / rel).resolve() == real.resolve()
    new = real.read_bytes()
    assert new[: len(old) // 2] == old[: len(old) // 2]
    data = yaml.safe_load(new)
    if edit == "update":
        assert data["updates"][-1]["text"] == "Progress reported."
    else:
        assert data["actions"][-1] == "del-009"
    no_leftovers(programme)
    assert tws(programme, "validate")[0] == 0


@pytest.mark.parametrize("edit", ["update", "new-raised"])
def test_a_record_linked_outside_the_programme_is_refused(
    programme: Path, tmp_path: Path, edit: str
) -> None:
    args, rel = EDITS[edit]
    outside = tmp_path / "elsewhere" / Path(rel).name
    _link(programme, rel, outside)
    old = outside.read_bytes()
    before = snapshot(programme)
    code, out, err = tws(programme, *args)
    assert code == 1
    assert out == ""
    assert "outside" in err
    assert outside.read_bytes() == old
    assert (programme / rel).is_symlink()
    assert snapshot(programme) == before


def test_the_writer_itself_refuses_a_link_outside(programme: Path, tmp_path: Path) -> None:
    """Even if the records were not checked first, tws never writes through such a link."""
    rel = "data/actions/del-001.yaml"
    outside = tmp_path / "elsewhere" / "del-001.yaml"
    _link(programme, rel, outside)
    old = outside.read_bytes()
    with pytest.raises(EditError, match="outside the programme"):
        journal.apply(programme, [journal.Change(rel, old, b"id: del-001\n")])
    assert outside.read_bytes() == old
    assert (programme / rel).is_symlink()


def test_a_new_file_is_never_created_through_a_dangling_link(
    programme: Path, tmp_path: Path
) -> None:
    rel = "data/meetings/delivery-2023-08-01.yaml"
    target = tmp_path / "elsewhere" / "planted.yaml"
    (programme / rel).symlink_to(target)
    code, _out, _err = tws(programme, *EDITS["minutes"][0])
    assert code == 1
    assert not target.exists()
    assert (programme / rel).is_symlink()
