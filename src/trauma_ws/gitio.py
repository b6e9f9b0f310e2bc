"""Running git in a programme's repository: one place for the subprocess call."""

from __future__ import annotations

import subprocess
from pathlib import Path

from trauma_ws.problems import TwsError


def run(root: Path, *args: str) -> tuple[int, str]:
    """``git -C root args…``: its exit code and standard output (TwsError if git is missing)."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
        )
    except OSError as exc:
        raise TwsError(f"cannot run git: {exc.strerror}") from None
    return done.returncode, done.stdout


def output(root: Path, *args: str) -> str:
    """Standard output of a git command that must succeed (TwsError naming git's complaint)."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
        )
    except OSError as exc:
        raise TwsError(f"cannot run git: {exc.strerror}") from None
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()
        raise TwsError(f"git {args[0]} failed: {message[-1] if message else done.returncode}")
    return done.stdout


def prefix(root: Path) -> str:
    """Where ``root`` sits inside its repository (``""`` at the top, or outside git)."""
    code, out = run(root, "rev-parse", "--show-prefix")
    return out.strip() if code == 0 else ""
