"""Shared test fixtures and helpers: the base programme, CLI runners, git, golden files."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from trauma_ws.cli import app

TESTS = Path(__file__).resolve().parent
AS_OF = "2023-07-15"
"""The date the tests treat as today (``--as-of``)."""
FIXTURE_BASE = TESTS / "fixtures" / "base"
"""The valid fixture programme every other test builds on."""
CORPUS = TESTS / "corpus"
"""The broken-file corpus: one folder per case, overlaid on the base fixture."""
TWS = Path(sys.executable).parent / "tws"
"""The installed ``tws`` executable of the virtualenv running the tests."""

CLI_ENV: dict[str, str] = {"NO_COLOR": "1", "COLUMNS": "120", "TERM": "dumb"}

GIT_ENV: dict[str, str] = {
    "GIT_AUTHOR_NAME": "Fixture Author",
    "GIT_AUTHOR_EMAIL": "author@example.org",
    "GIT_AUTHOR_DATE": "2023-07-15T12:00:00+00:00",
    "GIT_COMMITTER_NAME": "Fixture Committer",
    "GIT_COMMITTER_EMAIL": "committer@example.org",
    "GIT_COMMITTER_DATE": "2023-07-15T12:00:00+00:00",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite golden files from the current output instead of comparing with them.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when pytest was run with ``--update-golden``."""
    return bool(request.config.getoption("--update-golden"))


def copy_base(dest: Path) -> Path:
    """A copy of the base fixture programme at ``dest``; returns ``dest``."""
    shutil.copytree(FIXTURE_BASE, dest, ignore=shutil.ignore_patterns(".tws-cache"))
    return dest


@pytest.fixture(autouse=True, scope="session")
def _private_cache_key(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the parse cache's signing key in a temporary folder, not the user's home."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


NOW = "2023-07-15T12:00:00+00:00"
"""The instant the in-process CLI's clock is stopped at: noon on ``AS_OF`` in London."""


@pytest.fixture(autouse=True)
def _stopped_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stop the in-process CLI's clock, so no test's result depends on the day it runs.

    Tests still pass ``--as-of``; this only catches one that forgets. Subprocess runs of the
    installed ``tws`` read the real clock (tests/cli/test_today.py checks that path).
    """
    import datetime as dt

    from trauma_ws.cli import common

    at = dt.datetime.fromisoformat(os.environ.get("TWS_TEST_NOW", NOW))
    monkeypatch.setattr(common, "now", lambda: at)


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    """A fresh copy of the base fixture programme; its root folder."""
    return copy_base(tmp_path / "prog")


def need_git() -> None:
    """Skip the test when git is not installed (fail instead on CI, where it must be)."""
    if shutil.which("git") is None:
        reason = "git is not installed (on PATH): this test needs a real repository"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


def git(root: Path, *args: str) -> str:
    """Run git in ``root`` with pinned identity and dates; its stdout (raises on failure)."""
    need_git()
    env = {**os.environ, **GIT_ENV}
    done = subprocess.run(
        ["git", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


@pytest.fixture
def git_programme(programme: Path) -> Path:
    """The base fixture copy made a git repository with one initial commit."""
    git(programme, "init", "-q", "-b", "main")
    git(programme, "config", "commit.gpgsign", "false")
    git(programme, "config", "user.name", GIT_ENV["GIT_AUTHOR_NAME"])
    git(programme, "config", "user.email", GIT_ENV["GIT_AUTHOR_EMAIL"])
    git(programme, "add", "-A")
    git(programme, "commit", "-q", "-m", "Initial records")
    return programme


def run_tws(
    *args: str,
    cwd: Path | None = None,
    input: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Result:
    """Invoke ``tws`` in-process; the result keeps ``stdout`` and ``stderr`` apart."""
    runner = CliRunner()
    full_env = {**CLI_ENV, **(env or {})}
    with contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext():
        return runner.invoke(app, list(args), input=input, env=full_env, catch_exceptions=True)


def run_tws_process(
    *args: str,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``tws`` executable as a subprocess (text mode, output captured)."""
    full_env = {**os.environ, **CLI_ENV, **(env or {})}
    return subprocess.run(
        [str(TWS), *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
