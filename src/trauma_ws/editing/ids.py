"""Where a new record goes and which id it gets: a well-formed id's path, and an action
group's next free id, counting ids used here and on every local and remote-tracking branch."""

from __future__ import annotations

import re
from pathlib import Path

from trauma_ws.loading.programme import ACTIONS, Programme
from trauma_ws.record import models
from trauma_ws.record.problems import TwsError, UsageError
from trauma_ws.storage import gitio


def record_path(root: Path, folder: str, ident: str) -> str:
    """``<folder>/<ident>.yaml``, refused unless ``ident`` is a well-formed id.

    Checked before anything is written, so no id can lead a write outside the folder.
    """
    if not re.fullmatch(models.ID_PATTERN.strip("^$"), ident):
        raise UsageError(f"`{ident}` is not a valid id (lower-case letters, digits, hyphens)")
    rel = f"{folder}/{ident}.yaml"
    target = (root / rel).resolve()
    if target.parent != (root / folder).resolve():
        raise UsageError(f"`{ident}` would be written outside {folder}/")
    return rel


def ids_on_branches(root: Path) -> set[str]:
    """Action ids in ``data/actions/`` on every local and remote-tracking branch.

    The programme may sit in a sub-folder of its repository; empty outside a git repository.
    """

    def git(*args: str) -> bytes:
        try:
            code, out = gitio.run_bytes(root, *args)
        except TwsError:
            return b""  # no git here: nothing to avoid
        return out if code == 0 else b""

    if gitio.not_a_repository(root) is not None:
        return set()
    prefix = gitio.prefix(root)
    refs = git("for-each-ref", "--format=%(refname)%00", "refs/heads", "refs/remotes")
    found: set[str] = set()
    for ref in gitio.paths(refs):
        if not ref.startswith("refs/"):
            continue
        tree = f"{ref}:{prefix}{ACTIONS}"
        # --full-tree: from a sub-folder, ls-tree would otherwise list only paths under it
        listing = gitio.paths(git("ls-tree", "-z", "--full-tree", "--name-only", tree))
        found.update(n.removesuffix(".yaml") for n in listing if n.endswith(".yaml"))
    return found


def id_prefix(programme: Programme, group: str) -> str:
    """The prefix of a group's action ids: as its existing actions have it, else its id."""
    counts: dict[str, int] = {}
    for action in programme.actions.values():
        m = _NUMBERED.fullmatch(action.id)
        if action.group == group and m:
            counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    return max(sorted(counts), key=lambda p: counts[p]) if counts else group


_NUMBERED = re.compile(r"(.+)-([0-9]+)")


def next_action_id(root: Path, programme: Programme, group: str) -> str:
    """The next free ``<prefix>-NNN`` id, counting files here and on every branch.

    Remote-tracking branches count too, so an id taken on a colleague's pushed branch is
    never handed out again.
    """
    pattern = re.compile(rf"{re.escape(id_prefix(programme, group))}-([0-9]+)")
    used = set(programme.actions)
    used.update(p.name.removesuffix(".yaml") for p in (root / ACTIONS).glob("*.yaml"))
    used.update(ids_on_branches(root))
    numbers = [int(m.group(1)) for ident in used if (m := pattern.fullmatch(ident))]
    return f"{id_prefix(programme, group)}-{max(numbers, default=0) + 1:03d}"
