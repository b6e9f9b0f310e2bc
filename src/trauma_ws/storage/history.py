"""A record's change history from git: who changed which fields, when, and why."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from trauma_ws.record.problems import TwsError
from trauma_ws.storage import gitio

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RS, _US = "\x1e", "\x1f"
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
"""Control characters, which a commit's author or subject must not bring into any output."""


@dataclass(frozen=True, slots=True)
class Change:
    """One commit that touched a record file."""

    commit: str
    date: str
    author: str
    subject: str
    path: str
    fields: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "commit": self.commit,
            "date": self.date,
            "author": self.author,
            "subject": self.subject,
            "path": self.path,
            "fields": list(self.fields),
        }


def _load(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError:
        return None


def changed_fields(before: Any, after: Any) -> tuple[str, ...]:
    """Top-level fields whose values differ; lists that grew say by how much."""
    if not isinstance(after, dict):
        return ("(not a YAML mapping)",)
    if before is None:
        return ("(created)",)
    if not isinstance(before, dict):
        return tuple(after)
    out = []
    for key in [*after, *(k for k in before if k not in after)]:
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if key not in before:
            out.append(f"+{key}")
        elif key not in after:
            out.append(f"-{key}")
        elif isinstance(old, list) and isinstance(new, list) and new[: len(old)] == old:
            out.append(f"{key} (+{len(new) - len(old)})")
        else:
            out.append(key)
    return tuple(out)


CUT_SHORT = "(history cut short: earlier commits not fetched)"
"""The fields of the oldest change of a shallow clone, whose earlier history is missing."""
NOT_UTF8 = "(not UTF-8: undecodable bytes replaced)"
"""Added to a change's fields when the file committed there is not valid UTF-8."""


def _shown(path: str) -> str:
    """A path as text that can always be printed (undecodable name bytes replaced)."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _log(root: Path, rel: str) -> list[tuple[str, str, str, str, str]]:
    """(commit, date, author, subject, path from the top) per commit, newest first."""
    code, log = gitio.run_bytes(
        root,
        "log",
        "-z",
        "--follow",
        "--name-only",
        f"--format={_RS}%H{_US}%aI{_US}%an{_US}%s",
        "--",
        rel,
    )
    if code != 0:
        if gitio.run(root, "rev-parse", "--verify", "--quiet", "HEAD")[0] != 0:
            return []  # no commits yet
        gitio.output(root, "log", "-1", "--", rel)  # raises with git's own complaint
        return []
    prefix = gitio.prefix(root)
    entries = []
    for block in log.split(_RS.encode())[1:]:
        header, _, names = block.partition(b"\0")
        fields = [_CONTROL.sub("\ufffd", gitio.text(f)) for f in header.split(_US.encode(), 3)]
        commit, date, author, subject = [*fields, "", "", ""][:4]
        path = next(iter(gitio.paths(names)), prefix + rel)
        entries.append((commit.strip(), date, author, subject, path))
    return entries


def history(root: Path, rel: str) -> list[Change]:
    """Every commit that changed ``rel`` (following renames), oldest first.

    In a shallow clone whose fetched history starts after the record was created, the oldest
    change's fields are ``(CUT_SHORT,)``: it is not called the record's creation. A file
    committed in another encoding is read with undecodable bytes replaced (``NOT_UTF8`` among
    its fields). TwsError when ``root`` is not inside a git repository.
    """
    why = gitio.not_a_repository(root)
    if why is not None:
        raise TwsError(f"{why}: the history comes from git")
    prefix = gitio.prefix(root)
    entries = _log(root, rel)
    entries.reverse()
    cut = gitio.shallow_commits(root)
    changes = []
    previous: Any = None
    for index, (commit, date, author, subject, path) in enumerate(entries):
        code, blob = gitio.run_bytes(root, "show", f"{commit}:{path}")
        current = _load(gitio.text(blob)) if code == 0 else None
        if code != 0:
            fields: tuple[str, ...] = ("(deleted)",)  # no such file in this commit
        elif index == 0 and commit in cut:
            fields = (CUT_SHORT,)
        else:
            fields = changed_fields(previous, current)
        if code == 0 and _not_utf8(blob):
            fields += (NOT_UTF8,)
        shown = _shown(path.removeprefix(prefix))
        changes.append(Change(commit, date, author, subject, shown, fields))
        previous = current
    return changes


def cut_short(changes: list[Change]) -> bool:
    """Whether a history starts at a shallow clone's edge instead of the record's creation."""
    return bool(changes) and CUT_SHORT in changes[0].fields


def _not_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False
