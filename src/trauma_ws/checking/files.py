"""Files and ids: ids unique across organisations, people and groups, workstream and action ids
used once, and each action's and meeting's id matching its file name (a meeting's id is its
group and date)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from trauma_ws.loading.programme import GROUPS, WORKPLAN, stem
from trauma_ws.record import models

if TYPE_CHECKING:
    from trauma_ws.checking.validate import CheckerCore
else:
    CheckerCore = object  # the checker in validate.py combines this mixin with its core


class FileChecks(CheckerCore):
    """The checks of files and ids, a mixin of the checker in :mod:`.validate`."""

    def unique_parties(self) -> None:
        """Report an id used twice across organisations, people and groups."""
        gf = self.p.groups_file
        if gf is None:
            return
        seen: dict[str, str] = {}
        sections: list[tuple[str, Sequence[models.Organisation | models.Person | models.Group]]] = [
            ("organisations", gf.organisations),
            ("people", gf.people),
            ("groups", gf.groups),
        ]
        for section, records in sections:
            for index, record in enumerate(records):
                if record.id in seen:
                    self.at(
                        GROUPS,
                        (section, index, "id"),
                        f"id `{record.id}` is already used in `{seen[record.id]}`: "
                        "ids must be unique across organisations, people and groups",
                        "duplicate-id",
                    )
                else:
                    seen[record.id] = section
        for section, records in sections:
            for index, record in enumerate(records):
                for f, old in enumerate(getattr(record, "formerly", ())):
                    if old in seen or old == record.id:
                        self.at(
                            GROUPS,
                            (section, index, "formerly", f),
                            f"`{old}` is listed under `formerly` but is still an id in "
                            f"`{seen.get(old, section)}`: remove that record (its references "
                            f"now use `{record.id}`) or this entry",
                            "duplicate-id",
                        )
                    seen.setdefault(old, f"{section} (formerly)")

    def unique_workstreams(self) -> None:
        """Report a workstream id used twice in the workplan."""
        wp = self.p.workplan
        if wp is None:
            return
        seen: set[str] = set()
        for i, stream in enumerate(wp.workstreams):
            if stream.id in seen:
                self.at(
                    WORKPLAN,
                    ("workstreams", i, "id"),
                    f"workstream id `{stream.id}` is used twice",
                    "duplicate-id",
                )
            seen.add(stream.id)

    def unique_actions(self) -> None:
        """Report an action id used by two files (read even from files with other errors)."""
        ids_seen: dict[str, str] = {}
        for rel, parsed in self.p.files.items():
            if not rel.startswith("data/actions/"):
                continue
            ident = parsed.ident
            if isinstance(ident, str):
                if ident in ids_seen:
                    self.at(
                        rel,
                        ("id",),
                        f"action id `{ident}` is also used by {ids_seen[ident]}"
                        " (a bad merge?): give one of them the next free id",
                        "duplicate-id",
                    )
                else:
                    ids_seen[ident] = rel

    def file_names(self) -> None:
        """Report an action or meeting whose file is not named for its id, and a meeting whose
        id is not its group and date."""
        for ident in self.p.actions:
            self.file_name(self.p.action_files[ident], ident)
        for ident, meeting in self.p.meetings.items():
            rel = self.p.meeting_files[ident]
            self.file_name(rel, ident)
            expected = f"{meeting.group}-{meeting.date.isoformat()}"
            if ident != expected:
                self.at(
                    rel,
                    ("id",),
                    f"a meeting's id is its group and date: expected `{expected}`",
                    "meeting-id",
                )

    def file_name(self, rel: str, ident: str) -> None:
        """Report the record in ``rel`` when its file is not named ``<ident>.yaml``."""
        if stem(rel) != ident:
            self.at(
                rel,
                ("id",),
                f"the file name says `{stem(rel)}` but the id is "
                f"`{ident}`: rename the file to {ident}.yaml",
                "file-name",
            )
