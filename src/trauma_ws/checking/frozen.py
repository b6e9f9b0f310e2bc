"""Approved minutes are frozen: changes since a git revision without a recorded correction.

Once a meeting's minutes are ``approved`` or ``published``, they may change afterwards only
by a recorded correction (an entry added under ``corrections``) or by the edits approving
and publishing make (``approved`` to ``published``; ``approved_at``, or ``approved_by`` and
``approved_on``, filled in where they were empty), and writing a body's id where they had
an id since merged into it (``formerly``). ``tws validate --since REV``
compares every meeting file approved at REV with the working tree and reports any other
change as an error naming the commit that made it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from trauma_ws.loading.programme import MEETINGS, Programme
from trauma_ws.record import models
from trauma_ws.record.problems import Problem, TwsError, UsageError, error
from trauma_ws.storage import gitio

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FROZEN = ("approved", "published")
_APPROVAL = ("approved_at", "approved_by", "approved_on")
_PUBLISHING = {"status", *_APPROVAL}


def _git(root: Path, *args: str) -> tuple[int, str]:
    try:
        return gitio.run(root, *args)
    except TwsError as exc:
        raise UsageError(f"--since needs git: {exc}") from None


def _git_bytes(root: Path, *args: str) -> tuple[int, bytes]:
    try:
        return gitio.run_bytes(root, *args)
    except TwsError as exc:
        raise UsageError(f"--since needs git: {exc}") from None


def _load(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError:
        return None


def _changed_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    keys = [*old, *(k for k in new if k not in old)]
    return [k for k in keys if old.get(k) != new.get(k)]


def _allowed(old: dict[str, Any], new: dict[str, Any], fields: list[str]) -> bool:
    """Approving or publishing, or any change that comes with a newly recorded correction."""
    old_corrections = old.get("corrections") or []
    new_corrections = new.get("corrections") or []
    if "corrections" in fields:
        grew = (
            isinstance(old_corrections, list)
            and isinstance(new_corrections, list)
            and len(new_corrections) > len(old_corrections)
            and new_corrections[: len(old_corrections)] == old_corrections
        )
        return grew
    if set(fields) <= _PUBLISHING:
        status_ok = old.get("status") == new.get("status") or (
            old.get("status") == "approved" and new.get("status") == "published"
        )
        # Approval is recorded once: filled in where it was empty, never changed or removed.
        approval_ok = all(old.get(k) in (None, new.get(k)) for k in _APPROVAL)
        return status_ok and approval_ok
    return False


def renamed(value: Any, former: dict[str, str]) -> Any:
    """``value`` (loaded YAML) with every string that is a former id replaced by the id that
    body has now (``formerly`` in data/groups.yaml): what a merge of two ids writes."""
    if isinstance(value, str):
        return former.get(value, value)
    if isinstance(value, list):
        return [renamed(v, former) for v in value]
    if isinstance(value, dict):
        return {k: renamed(v, former) for k, v in value.items()}
    return value


def former_ids(programme: Programme) -> dict[str, str]:
    """Each id merged into another (``formerly``), mapped to the id the body has now."""
    bodies: list[models.Organisation | models.Group] = [
        *programme.organisations.values(),
        *programme.groups.values(),
    ]
    return {old: body.id for body in bodies for old in body.formerly}


def is_frozen(text: str) -> bool:
    """Whether the meeting file ``text`` holds approved or published minutes."""
    data = _load(text)
    return isinstance(data, dict) and data.get("status") in _FROZEN


def edit_problem(old_text: str, new_text: str) -> list[str]:
    """The fields an edit would change in frozen minutes without a recorded correction.

    Empty when the minutes (``old_text``) are a draft, or the change is allowed (approving
    or publishing, or one that comes with a new ``corrections`` entry): the rule ``--since``
    applies.
    """
    old, new = _load(old_text), _load(new_text)
    if not isinstance(old, dict) or old.get("status") not in _FROZEN or not isinstance(new, dict):
        return []
    fields = _changed_fields(old, new)
    return [] if not fields or _allowed(old, new, fields) else fields


def _commit_for(root: Path, since: str, rel: str) -> str:
    """The latest commit after ``since`` that changed ``rel`` (or: not committed yet)."""
    code, out = _git(root, "log", "-1", "--format=%h %s", f"{since}..HEAD", "--", rel)
    if code == 0 and out.strip():
        sha, _, subject = out.strip().partition(" ")
        return f"commit {sha} ({subject})"
    return "uncommitted changes"


def _meeting_files(root: Path, since: str) -> list[str]:
    """Meeting files at ``since``, as paths from the top of the repository."""
    code, listing = _git_bytes(
        root, "ls-tree", "-r", "-z", "--full-name", "--name-only", since, "--", f"{MEETINGS}/"
    )
    return gitio.paths(listing) if code == 0 else []


def check_since(root: Path, since: str, programme: Programme) -> list[Problem]:
    """Problems for approved or published minutes changed since git revision ``since``.

    Works wherever the programme sits in its repository (at the top or in a sub-folder);
    UsageError when ``root`` is not in a git repository or ``since`` is not a revision there.
    """
    why = gitio.not_a_repository(root)
    if why is not None:
        raise UsageError(f"--since needs the programme's git history, but {why}")
    code, _ = _git(root, "rev-parse", "--verify", "--quiet", f"{since}^{{commit}}")
    if code != 0:
        hint = ""
        if gitio.is_shallow(root):
            hint = f" (this is a shallow clone: fetch {since}, or {gitio.UNSHALLOW_HINT})"
        raise UsageError(f"--since {since}: not a git revision here{hint}")
    prefix = gitio.prefix(root)
    former = former_ids(programme)
    problems: list[Problem] = []
    for repo_path in _meeting_files(root, since):
        if not repo_path.endswith(".yaml") or not repo_path.startswith(prefix):
            continue
        rel = repo_path.removeprefix(prefix)
        code, text = _git(root, "show", f"{since}:{repo_path}")
        old = _load(text) if code == 0 else None
        if not isinstance(old, dict) or old.get("status") not in _FROZEN:
            continue
        current = root / rel
        if not current.is_file():
            problems.append(
                error(
                    rel,
                    0,
                    0,
                    f"minutes that were {old.get('status')} at {since} were deleted in "
                    f"{_commit_for(root, since, rel)}: approved minutes are kept",
                    "frozen-minutes",
                )
            )
            continue
        new = _load(current.read_text(encoding="utf-8", errors="replace"))
        if not isinstance(new, dict):
            continue  # unreadable now: validate reports that itself
        fields = _changed_fields(old, new)
        if not fields or _allowed(old, new, fields):
            continue
        if former:
            # Writing a body's one id where the minutes had an id since merged into it
            # (``formerly``) is not a change to what the minutes say.
            as_now = renamed(old, former)
            if not (fields := _changed_fields(as_now, new)) or _allowed(as_now, new, fields):
                continue
        parsed = programme.files.get(rel)
        first = next((f for f in fields if f != "corrections"), fields[0])
        line, col = parsed.key_mark((first,)) if parsed else (0, 0)
        shown = ", ".join(f"`{f}`" for f in fields)
        problems.append(
            error(
                rel,
                line,
                col,
                f"these minutes were {old.get('status')} at {since} but {shown} changed in "
                f"{_commit_for(root, since, rel)} without a recorded correction: add an "
                "entry under `corrections` (date, agreed_at, change) or undo the change",
                "frozen-minutes",
            )
        )
    return problems
