"""Running git in a programme's repository: one place for the subprocess call.

Git is run with bytes in and out: text (subjects, authors, file contents) is decoded as UTF-8
with undecodable bytes replaced, so a commit made in another encoding never stops a command,
and paths come from ``-z`` output decoded as the file system does, so they can be handed back
to git unchanged. ``core.quotePath=false`` and literal pathspecs keep names as they are.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from trauma_ws.record.problems import TwsError

_OPTIONS = ("-c", "core.quotePath=false", "--literal-pathspecs")


def _call(root: Path, args: tuple[str, ...]) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(root), *_OPTIONS, *args],
            capture_output=True,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except OSError as exc:
        raise TwsError(f"cannot run git: {exc.strerror}") from None


def text(data: bytes) -> str:
    """Bytes from git as text: UTF-8, anything undecodable replaced (never an error)."""
    return data.decode("utf-8", errors="replace")


def _complaint(done: subprocess.CompletedProcess[bytes]) -> str:
    lines = text(done.stderr).strip().splitlines()
    return lines[-1].removeprefix("fatal: ") if lines else f"exit code {done.returncode}"


def run_bytes(root: Path, *args: str) -> tuple[int, bytes]:
    """``git -C root args…``: its exit code and raw standard output (TwsError if no git)."""
    done = _call(root, args)
    return done.returncode, done.stdout


def run(root: Path, *args: str) -> tuple[int, str]:
    """``git -C root args…``: its exit code and standard output (TwsError if git is missing)."""
    code, out = run_bytes(root, *args)
    return code, text(out)


def output(root: Path, *args: str) -> str:
    """Standard output of a git command that must succeed (TwsError naming git's complaint)."""
    done = _call(root, args)
    if done.returncode != 0:
        raise TwsError(f"git {args[0]} failed: {_complaint(done)}")
    return text(done.stdout)


def paths(data: bytes) -> list[str]:
    """NUL-separated paths from ``-z`` output, decoded as the file system decodes names."""
    # `git log -z --name-only` puts a newline between a commit's header and its names.
    return [os.fsdecode(p.lstrip(b"\n")) for p in data.split(b"\0") if p.strip(b"\n")]


def not_a_repository(root: Path) -> str | None:
    """Why git cannot be used at ``root`` (no git, not a repository…), or None if it can."""
    try:
        done = _call(root, ("rev-parse", "--show-prefix"))
    except TwsError as exc:
        return str(exc)
    if done.returncode == 0:
        return None
    complaint = _complaint(done)
    if "not a git repository" in complaint:
        return f"{root} is not inside a git repository"
    return f"git cannot be used in {root}: {complaint}"


def prefix(root: Path) -> str:
    """Where ``root`` sits inside its repository (``""`` at the top, or outside git)."""
    try:
        done = _call(root, ("rev-parse", "--show-prefix"))
    except TwsError:
        return ""
    return os.fsdecode(done.stdout.rstrip(b"\n")) if done.returncode == 0 else ""


def is_shallow(root: Path) -> bool:
    """Whether the repository is a shallow clone (some history not fetched)."""
    code, out = run(root, "rev-parse", "--is-shallow-repository")
    return code == 0 and out.strip() == "true"


def shallow_commits(root: Path) -> set[str]:
    """The commits whose parents a shallow clone has not fetched (empty when not shallow)."""
    if not is_shallow(root):
        return set()
    code, out = run_bytes(root, "rev-parse", "--git-path", "shallow")
    if code != 0:
        return set()
    try:
        listed = (root / os.fsdecode(out.rstrip(b"\n"))).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return set()
    return {line.strip() for line in listed.splitlines() if line.strip()}


UNSHALLOW_HINT = "run `git fetch --unshallow` to fetch the rest"
