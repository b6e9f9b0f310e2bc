"""A record's change history from git: who changed which fields, when, and why."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from trauma_ws import gitio
from trauma_ws.problems import TwsError

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RS, _US = "\x1e", "\x1f"


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


def history(root: Path, rel: str) -> list[Change]:
    """Every commit that changed ``rel`` (following renames), oldest first."""
    try:
        inside = gitio.output(root, "rev-parse", "--is-inside-work-tree").strip() == "true"
    except TwsError:
        inside = False
    if not inside:
        raise TwsError(f"{root} is not inside a git repository: the history comes from git")
    prefix = gitio.prefix(root)
    log = gitio.output(
        root,
        "log",
        "--follow",
        "--name-only",
        f"--format={_RS}%H{_US}%aI{_US}%an{_US}%s",
        "--",
        rel,
    )
    entries = []
    for block in log.split(_RS)[1:]:
        header, _, names = block.partition("\n")
        commit, date, author, subject = header.split(_US, 3)
        path = next((n for n in names.splitlines() if n.strip()), prefix + rel)
        entries.append((commit, date, author, subject, path))
    entries.reverse()
    changes = []
    previous: Any = None
    for commit, date, author, subject, path in entries:
        try:
            text = gitio.output(root, "show", f"{commit}:{path}")
        except TwsError:
            text = ""  # deleted in this commit
        current = _load(text) if text else None
        fields = changed_fields(previous, current) if current is not None else ("(deleted)",)
        shown = path.removeprefix(prefix)
        changes.append(Change(commit, date, author, subject, shown, fields))
        previous = current
    return changes
