"""`--format docx` on the command line: written with -o as every output is (atomically, never
over the records, untouched when unchanged), to a pipe as it is, never to a terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import AS_OF, CLI_ENV, TESTS, TWS, run_tws
from tests.publishing.test_docx_writer import blocks, open_docx

REPO = TESTS.parent
REPORT_AS_OF = "2026-11-23"  # the shipped report's period ends after AS_OF
COMMANDS = [
    ("minutes", "render", "pdg-2022-08-25"),
    ("minutes", "decisions", "pdg-2022-08-25"),
    ("report", "progress", "--for", "swep"),
    ("report", "render", "swep", "--as-of", REPORT_AS_OF),
]
IDS = ["render", "decisions", "report", "report-record"]
ROOT_AS_OF = ("--root", str(REPO), "--as-of", AS_OF)


def docx_args(*args: str) -> list[str]:
    """``ARGS -f docx`` on the shipped programme, as at AS_OF unless ARGS give a date."""
    as_of = [] if "--as-of" in args else ["--as-of", AS_OF]
    return [*args, "-f", "docx", "--root", str(REPO), *as_of]


def tws(*args: str) -> tuple[int, str, bytes]:
    result = run_tws(*docx_args(*args))
    return result.exit_code, result.stderr, result.stdout_bytes


@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
def test_o_writes_a_word_document_once(tmp_path: Path, command: tuple[str, ...]) -> None:
    target = tmp_path / "out" / "doc.docx"
    code, err, out = tws(*command, "-o", str(target))
    assert code == 0, err
    assert out == b""
    assert f"tws: wrote {target}" in err
    assert blocks(open_docx(target))[0][0] == "Title"
    before = target.stat().st_mtime_ns
    code, err, _ = tws(*command, "-o", str(target))
    assert code == 0, err
    assert f"tws: unchanged {target}" in err
    assert target.stat().st_mtime_ns == before


@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
def test_a_pipe_gets_the_document(command: tuple[str, ...]) -> None:
    code, err, out = tws(*command)
    assert code == 0, err
    assert out.startswith(b"PK")
    assert blocks(open_docx(out))[0][0] == "Title"


def test_the_installed_command_writes_the_document_to_a_file_descriptor(tmp_path: Path) -> None:
    target = tmp_path / "minutes.docx"
    with target.open("wb") as sink:
        done = subprocess.run(
            [str(TWS), "minutes", "render", "eag-2022-09-21", "-f", "docx", *ROOT_AS_OF],
            stdout=sink,
            stderr=subprocess.PIPE,
            env={**os.environ, **CLI_ENV},
            check=False,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr
    assert blocks(open_docx(target))[0][0] == "Title"


@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
def test_a_terminal_is_refused(command: tuple[str, ...]) -> None:
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [str(TWS), *docx_args(*command)],
            stdout=follower,
            stderr=subprocess.PIPE,
            env={**os.environ, **CLI_ENV},
            check=False,
            timeout=60,
        )
        os.set_blocking(leader, False)
        try:
            shown = os.read(leader, 65536)
        except (BlockingIOError, OSError):
            shown = b""
    finally:
        os.close(leader)
        os.close(follower)
    assert done.returncode == 2
    assert b"give -o FILE" in done.stderr
    assert b"PK" not in shown


def test_o_naming_a_terminal_is_refused(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    try:
        code, err, _ = tws("minutes", "render", "pdg-2022-08-25", "-o", os.ttyname(follower))
        os.set_blocking(leader, False)
        try:
            shown = os.read(leader, 65536)
        except (BlockingIOError, OSError):
            shown = b""
    finally:
        os.close(leader)
        os.close(follower)
    assert code == 2
    assert "that is a terminal" in err
    assert shown == b""


@pytest.mark.parametrize("folder", ["data", "templates", ".git"])
def test_o_never_writes_over_the_records(programme: Path, folder: str) -> None:
    (programme / folder).mkdir(exist_ok=True)
    target = programme / folder / "minutes.docx"
    result = run_tws(
        "minutes", "render", "delivery-2023-03-01", "-f", "docx", "-o", str(target),
        "--root", str(programme), "--as-of", AS_OF,
    )  # fmt: skip
    assert result.exit_code == 2
    assert "tws never writes output over records" in result.stderr
    assert not target.exists()


@pytest.mark.parametrize(
    "command",
    [("minutes", "render"), ("minutes", "decisions"), ("report", "progress"), ("report", "render")],
)
def test_help_offers_docx(command: tuple[str, ...]) -> None:
    result = run_tws(*command, "--help")
    assert result.exit_code == 0
    assert "docx" in result.stdout


PROBE = """
import sys
sys.argv = ["tws", *sys.argv[1:]]
import trauma_ws.cli
try:
    trauma_ws.cli.main()
except SystemExit:
    pass
print(sorted(m for m in ("docx", "lxml") if m in sys.modules), file=sys.stderr)
"""


@pytest.mark.parametrize(("fmt", "loaded"), [("md", "[]"), ("docx", "['docx', 'lxml']")])
def test_python_docx_is_loaded_only_for_docx(programme: Path, fmt: str, loaded: str) -> None:
    done = subprocess.run(
        [
            *(sys.executable, "-c", PROBE, "minutes", "render", "delivery-2023-03-01"),
            *("-f", fmt, "-o", str(programme.parent / f"out.{fmt}")),
            *("--root", str(programme), "--as-of", AS_OF),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={**os.environ, **CLI_ENV},
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == loaded, done.stderr
