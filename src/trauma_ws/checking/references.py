"""References: every owner, organisation, group, workstream, meeting and action a record names
exists (with a did-you-mean when it does not), an action and the meeting that raised it list
each other, and no action is kept in an external body's log."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from trauma_ws.loading.programme import GROUPS, WORKPLAN, Programme
from trauma_ws.loading.yamlio import KeyPath
from trauma_ws.record.problems import Problem
from trauma_ws.record.suggest import names_of

if TYPE_CHECKING:
    from trauma_ws.checking.validate import CheckerCore
else:
    CheckerCore = object  # the checker in validate.py combines this mixin with its core

GROUP_HINT = "add it to `groups` in data/groups.yaml"
_BAD_ID = re.compile(r"^(?P<lead>.*?)`(?P<value>.+)` is not a valid id: ")


def _words(text: str) -> str:
    return " ".join(text.replace("-", " ").replace("_", " ").split()).casefold()


def named_id(programme: Programme, text: str) -> tuple[str, str] | None:
    """The id and name of the one organisation, person or group that ``text`` names: its
    name, short name or abbreviation in any case, hyphens and underscores read as spaces
    (``Scottish Social Services Council``, ``SSSC``, ``scottish-social-services-council``);
    None when no record, or more than one, has that name."""
    wanted = _words(text)
    found: dict[str, str] = {}
    for table in (programme.organisations, programme.people, programme.groups):
        for ident, record in table.items():
            if any(_words(name) == wanted for name in names_of(record)):
                found[ident] = record.name
    return next(iter(found.items())) if len(found) == 1 else None


def names_for_ids(programme: Programme, problems: Iterable[Problem]) -> list[Problem]:
    """``problems``, each ``bad-id`` whose value is a party's name or abbreviation saying so,
    with the id to write instead (files keep ids: names are for the command line)."""
    out = []
    for problem in problems:
        match = _BAD_ID.match(problem.message) if problem.code == "bad-id" else None
        found = named_id(programme, match["value"]) if match else None
        if match and found:
            ident, name = found
            out.append(
                dataclasses.replace(
                    problem,
                    message=f"{match['lead']}`{match['value']}` is a name, not an id: the "
                    f"records keep ids, so write `{ident}` ({name})",
                )
            )
        else:
            out.append(problem)
    return out


class ReferenceChecks(CheckerCore):
    """The checks of references between records, a mixin of the checker in :mod:`.validate`."""

    def workplan_refs(self) -> None:
        """Report an unknown programme owner or workstream lead."""
        wp = self.p.workplan
        if wp is None:
            return
        self.ref(
            WORKPLAN,
            ("programme", "owner"),
            wp.programme.owner,
            self.p.organisations,
            "organisation",
            "add it to `organisations` in data/groups.yaml",
        )
        for i, stream in enumerate(wp.workstreams):
            self.ref(
                WORKPLAN,
                ("workstreams", i, "lead"),
                stream.lead,
                self.p.groups,
                "group",
                GROUP_HINT,
            )

    def people_refs(self) -> None:
        """Report a person's unknown organisation."""
        gf = self.p.groups_file
        if gf is None:
            return
        for i, person in enumerate(gf.people):
            self.ref(
                GROUPS,
                ("people", i, "organisation"),
                person.organisation,
                self.p.organisations,
                "organisation",
                "add it to `organisations`",
            )

    def action_refs(self) -> None:
        """Report an action's unknown group, workstream, owners, meeting and update authors."""
        parties = self.parties
        for rel, ident, action in self.each_action():
            self.ref(rel, ("group",), action.group, self.p.groups, "group", GROUP_HINT)
            self.ref(
                rel,
                ("workstream",),
                action.workstream,
                self.p.workstreams,
                "workstream",
                "add it to `workstreams` in data/workplan.yaml",
            )
            self.repeated(rel, "owners", action.owners, "owner")
            group = self.p.groups.get(action.group)
            if group is not None and group.external:
                self.at(
                    rel,
                    ("group",),
                    f"`{action.group}` is an external body whose records are kept elsewhere: "
                    "put the action in the log of the group that holds it",
                    "external-group",
                    severe=False,
                )
            for i, owner in enumerate(action.owners):
                self.ref(
                    rel,
                    ("owners", i),
                    owner,
                    parties,
                    "owner",
                    "owners are organisation, person or group ids from data/groups.yaml",
                )
            if action.raised is not None and self.ref(
                rel,
                ("raised",),
                action.raised,
                self.p.meetings,
                "meeting",
                "give the id of a file in data/meetings/",
            ):
                meeting = self.p.meetings[action.raised]
                if ident not in meeting.actions:
                    self.at(
                        rel,
                        ("raised",),
                        f"raised at `{action.raised}`, but that meeting's "
                        f"`actions` does not list `{ident}`: add it there",
                        "raised-mismatch",
                    )
            for u, update in enumerate(action.updates):
                self.ref(
                    rel,
                    ("updates", u, "by"),
                    update.by,
                    parties,
                    "update author",
                    "give an organisation, person or group id from data/groups.yaml",
                )

    def meeting_refs(self) -> None:
        """Report a meeting's unknown approving meeting, correcting meetings and actions."""
        for rel, ident, meeting in self.each_meeting():
            # Approved at itself or at an earlier meeting: reported with the dates.
            self.ref(
                rel,
                ("approved_at",),
                meeting.approved_at,
                self.p.meetings,
                "meeting",
                "give the id of the meeting whose minutes approved these",
            )
            for c, correction in enumerate(meeting.corrections):
                self.ref(
                    rel,
                    ("corrections", c, "agreed_at"),
                    correction.agreed_at,
                    self.p.meetings,
                    "meeting",
                    "give the id of the meeting that agreed the correction",
                )
            seen: set[str] = set()
            for i, action_id in enumerate(meeting.actions):
                if action_id in seen:
                    self.at(
                        rel, ("actions", i), f"action `{action_id}` is listed twice", "duplicate-id"
                    )
                seen.add(action_id)
                self.listed_action(rel, ("actions", i), action_id, ident)

    def listed_action(self, rel: str, loc: KeyPath, action_id: str, meeting_id: str) -> None:
        """Report an action listed by meeting ``meeting_id`` (at ``loc``) that is unknown, or
        whose ``raised`` names another meeting or none."""
        if self.ref(
            rel, loc, action_id, self.p.actions, "action", "give the id of a file in data/actions/"
        ):
            raised = self.p.actions[action_id].raised
            if raised != meeting_id:
                said = f"`{raised}`" if raised else "nothing"
                self.at(
                    rel,
                    loc,
                    f"action `{action_id}` is listed here "
                    f"but its `raised` says {said}: set `raised: {meeting_id}` in "
                    f"data/actions/{action_id}.yaml",
                    "raised-mismatch",
                )
