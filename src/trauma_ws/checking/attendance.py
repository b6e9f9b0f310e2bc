"""Attendance and membership: a meeting's attendees, apologies and chair are members of its
group on the meeting's date, nobody is listed twice or both ways; a group's members are
organisations, people or other groups (a body that is a group here and sits on another
group is one record), never the group itself; reporting lines lead to groups and never go
round in a circle; a group chased through its contact has one. (Deputies and those in
attendance who are not members: :mod:`.minutes`.)"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from trauma_ws.checking.references import GROUP_HINT
from trauma_ws.loading.programme import GROUPS
from trauma_ws.loading.yamlio import KeyPath

if TYPE_CHECKING:
    from trauma_ws.checking.validate import CheckerCore
else:
    CheckerCore = object  # the checker in validate.py combines this mixin with its core

ORG_HINT = "add it to `organisations` or `people` in data/groups.yaml"


class AttendanceChecks(CheckerCore):
    """The checks of membership, attendance and reporting lines, a mixin of the checker in
    :mod:`.validate`."""

    def reporting_and_members(self) -> None:
        """Report a group reporting to itself or to an unknown group, a member that is the
        group itself or unknown, and reporting lines that go round in a circle."""
        gf = self.p.groups_file
        if gf is None:
            return
        members_known = {**self.p.organisations, **self.p.people, **self.p.groups}
        for g, group in enumerate(gf.groups):
            for r, target in enumerate(group.reports_to):
                if target == group.id:
                    self.at(
                        GROUPS,
                        ("groups", g, "reports_to", r),
                        f"group `{group.id}` cannot report to itself",
                        "reporting-cycle",
                    )
                else:
                    self.ref(
                        GROUPS,
                        ("groups", g, "reports_to", r),
                        target,
                        self.p.groups,
                        "group",
                        GROUP_HINT,
                    )
            for m, member in enumerate(group.members):
                loc: KeyPath = ("groups", g, "members", m, "id")
                if member.id == group.id:
                    self.at(
                        GROUPS,
                        loc,
                        f"`{member.id}` cannot be a member of itself: members are "
                        "organisations, people or other groups",
                        "bad-member",
                    )
                else:
                    self.ref(
                        GROUPS,
                        loc,
                        member.id,
                        members_known,
                        # A group may be a member too, but a new member is most often an
                        # organisation or a person: the message names those.
                        "organisation or person",
                        ORG_HINT,
                    )
            if group.chase == "contact" and group.contact is None:
                self.at(
                    GROUPS,
                    ("groups", g, "chase"),
                    f"group `{group.id}` is chased through its contact, but has no `contact`: "
                    "add the group's mailbox, or write `chase: chair-and-secretariat`",
                    "chase-without-contact",
                    severe=False,
                )
        self.cycles()

    def cycles(self) -> None:
        """Report each circle of reporting lines once, at the first group in it."""
        graph = {
            gid: [t for t in g.reports_to if t in self.p.groups and t != gid]
            for gid, g in self.p.groups.items()
        }
        reported: set[frozenset[str]] = set()
        state: dict[str, int] = {}

        def visit(node: str, trail: list[str]) -> None:
            state[node] = 1
            trail.append(node)
            for nxt in graph[node]:
                if state.get(nxt) == 1:
                    cycle = [*trail[trail.index(nxt) :], nxt]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        self._cycle(cycle)
                elif nxt not in state:
                    visit(nxt, trail)
            trail.pop()
            state[node] = 2

        for node in sorted(graph):
            if node not in state:
                visit(node, [])

    def _cycle(self, cycle: list[str]) -> None:
        gf = self.p.groups_file
        assert gf is not None
        first = cycle[0]
        index = next(i for i, g in enumerate(gf.groups) if g.id == first)
        self.at(
            GROUPS,
            ("groups", index, "reports_to"),
            "reporting lines go round in a circle: " + " -> ".join(cycle),
            "reporting-cycle",
        )

    def members_on(self, group_id: str, day: dt.date) -> set[str]:
        """The ids of the members of ``group_id`` on ``day``."""
        group = self.p.groups.get(group_id)
        if group is None:
            return set()
        return {
            m.id
            for m in group.members
            if (m.since is None or m.since <= day) and (m.until is None or day <= m.until)
        }

    def is_member(self, who: str, members: set[str]) -> bool:
        """Whether ``who`` is one of ``members``, or a person of an organisation that is."""
        person = self.p.people.get(who)
        return who in members or (person is not None and person.organisation in members)

    def attendance(self) -> None:
        """Report a meeting's unknown group, and attendees, apologies and chair that are
        unknown, not members of the group on the meeting's date, or listed twice. An attendee
        or apology may be a group (one that is a member); the chair is an organisation or
        person."""
        members_known = {**self.p.organisations, **self.p.people}
        attendees_known = {**members_known, **self.p.groups}
        for rel, _, meeting in self.each_meeting():
            group_ok = self.ref(rel, ("group",), meeting.group, self.p.groups, "group", GROUP_HINT)
            members = self.members_on(meeting.group, meeting.date) if group_ok else set()
            apologies = [a.id for a in meeting.apologies]
            # An apology naming a deputy must come from a member: an error in .minutes, so the
            # warning is not given twice.
            deputised = {i for i, a in enumerate(meeting.apologies) if a.deputy is not None}
            for field, listed in (("attendees", meeting.attendees), ("apologies", apologies)):
                for i, who in enumerate(listed):
                    at: KeyPath = (field, i) if field == "attendees" else (field, i, "id")
                    if (
                        self.ref(rel, at, who, attendees_known, "attendee", ORG_HINT)
                        and group_ok
                        and not (field == "apologies" and i in deputised)
                        and not self.is_member(who, members)
                    ):
                        self.at(
                            rel,
                            at,
                            f"`{who}` is not a member of `{meeting.group}`"
                            f" on {meeting.date}: add it to the group's members in "
                            "data/groups.yaml",
                            "not-a-member",
                            severe=False,
                        )
            self.repeated(rel, "attendees", meeting.attendees, "attendee")
            self.repeated(rel, "apologies", apologies, "apology")
            both = set(meeting.attendees) & set(apologies)
            for i, who in enumerate(apologies):
                if who in both:
                    self.at(
                        rel,
                        ("apologies", i),
                        f"`{who}` is listed both as attending and as sending apologies: keep one",
                        "attendance",
                    )
            if (
                self.ref(rel, ("chair",), meeting.chair, members_known, "chair", ORG_HINT)
                and group_ok
                and not self.is_member(meeting.chair, members)
            ):
                self.at(
                    rel,
                    ("chair",),
                    f"the chair `{meeting.chair}` is not a member of "
                    f"`{meeting.group}` on {meeting.date}",
                    "not-a-member",
                    severe=False,
                )
