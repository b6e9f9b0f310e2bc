"""Whole-programme checks: ids, file names, references, reporting lines, attendance, dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from os import PathLike
from pathlib import Path

from trauma_ws.loading.parsing import positions_many
from trauma_ws.loading.programme import GROUPS, WORKPLAN, Programme, load, stem
from trauma_ws.loading.yamlio import KeyPath, Mark
from trauma_ws.record import models, suggest
from trauma_ws.record.problems import DataError, Problem, error, warning

_ORG_HINT = "add it to `organisations` or `people` in data/groups.yaml"
_GROUP_HINT = "add it to `groups` in data/groups.yaml"


class _Checker:
    def __init__(self, programme: Programme, as_of: dt.date) -> None:
        self.p = programme
        self.as_of = as_of
        self.problems: list[Problem] = []
        self.parties = {**programme.organisations, **programme.people, **programme.groups}
        # One suggestion index per pool of ids (the pool kept, so that its id stays its own).
        self._indexes: dict[int, tuple[object, suggest.Index]] = {}
        # Problems waiting for their positions: (file, key path, at the key?, severe?, ...).
        self._unplaced: list[tuple[str, KeyPath, bool, bool, str, str]] = []

    # -- helpers ---------------------------------------------------------------------------------

    def at(self, rel: str, loc: KeyPath, message: str, code: str, *, severe: bool = True) -> None:
        """Report a problem with the value at ``loc`` in ``rel`` (placed by :meth:`placed`)."""
        self._unplaced.append((rel, loc, False, severe, message, code))

    def at_key(self, rel: str, loc: KeyPath, message: str, code: str) -> None:
        """Report a problem with the key naming ``loc`` in ``rel``."""
        self._unplaced.append((rel, loc, True, True, message, code))

    def placed(self) -> list[Problem]:
        """The problems reported with :meth:`at`, each at its line and column.

        Positions are not kept for files read cleanly, so each file with problems is read
        again, once for all of its problems, and only as far as the last of them.
        """
        wanted: dict[str, tuple[list[KeyPath], list[KeyPath]]] = {}
        for rel, loc, on_key, *_ in self._unplaced:
            if rel in self.p.files:
                wanted.setdefault(rel, ([], []))[on_key].append(loc)
        found = positions_many([(self.p.files[rel], *locs) for rel, locs in wanted.items()])
        where: dict[tuple[str, KeyPath, bool], Mark] = {}
        for (rel, (values, keys)), (value_marks, key_marks) in zip(
            wanted.items(), found, strict=True
        ):
            where.update(
                ((rel, loc, False), mark) for loc, mark in zip(values, value_marks, strict=True)
            )
            where.update(
                ((rel, loc, True), mark) for loc, mark in zip(keys, key_marks, strict=True)
            )
        out = [
            (error if severe else warning)(
                rel, *where.get((rel, loc, on_key), (0, 0)), message, code
            )
            for rel, loc, on_key, severe, message, code in self._unplaced
        ]
        self._unplaced.clear()
        return out

    def repeated(self, rel: str, field: str, values: list[str], what: str) -> None:
        """Report an id listed twice in one list."""
        seen: set[str] = set()
        for i, value in enumerate(values):
            if value in seen:
                self.at(rel, (field, i), f"{what} `{value}` is listed twice", "duplicate-id")
            seen.add(value)

    def ref(
        self,
        rel: str,
        loc: KeyPath,
        value: str | None,
        known: Iterable[str],
        what: str,
        hint: str,
    ) -> bool:
        """Report ``value`` at ``loc`` unless it is one of ``known``; True when it resolves."""
        if value is None:
            return True
        pool = known if isinstance(known, dict | set | frozenset) else set(known)
        if value in pool:
            return True
        if not self.checkable(what, value):
            return False  # its record has problems of its own: reported there, not here
        suggestion = self.did_you_mean(value, pool)
        self.at(rel, loc, f"unknown {what} `{value}`{suggestion}: {hint}", "unknown-ref")
        return False

    def did_you_mean(self, value: str, pool: Iterable[str]) -> str:
        """The did-you-mean for ``value`` among ``pool``, worked out once per value and pool."""
        held = self._indexes.get(id(pool))
        if held is None:
            held = self._indexes[id(pool)] = (pool, suggest.Index(pool))
        return suggest.hint(held[1].closest(value))

    def not_future(self, rel: str, loc: KeyPath, day: dt.date, what: str) -> None:
        """Report a record dated after today (the as-of date)."""
        if day > self.as_of:
            self.at(rel, loc, f"{what} {day} is after today ({self.as_of})", "future-date")

    def checkable(self, what: str, value: str) -> bool:
        """False when ``value`` may exist in a record that could not be read."""
        if value in self.p.broken_ids:
            return False
        if what == "workstream":
            return self.p.workplan is not None
        if what in ("meeting", "action"):
            return True
        return self.p.groups_file is not None

    # -- the checks ------------------------------------------------------------------------------

    def run(self) -> list[Problem]:
        if self.p.groups_file is None and GROUPS in self.p.files:
            self.problems.append(
                warning(
                    GROUPS,
                    0,
                    0,
                    "references to organisations, people and groups are not checked until "
                    "this file's errors are fixed",
                    "unchecked-refs",
                )
            )
        self.unique_parties()
        self.workplan()
        self.groups()
        self.actions()
        self.meetings()
        self.problems.extend(self.placed())
        return self.problems

    def unique_parties(self) -> None:
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

    def workplan(self) -> None:
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
            self.ref(
                WORKPLAN,
                ("workstreams", i, "lead"),
                stream.lead,
                self.p.groups,
                "group",
                _GROUP_HINT,
            )

    def groups(self) -> None:
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
        members_known = {**self.p.organisations, **self.p.people}
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
                        _GROUP_HINT,
                    )
            for m, member in enumerate(group.members):
                loc: KeyPath = ("groups", g, "members", m)
                if member.id in self.p.groups:
                    self.at(
                        GROUPS,
                        (*loc, "id"),
                        f"`{member.id}` is a group: members are organisations or people",
                        "bad-member",
                    )
                else:
                    self.ref(
                        GROUPS,
                        (*loc, "id"),
                        member.id,
                        members_known,
                        "organisation or person",
                        _ORG_HINT,
                    )
                if member.since and member.until and member.until < member.since:
                    self.at(
                        GROUPS,
                        (*loc, "until"),
                        f"`until` ({member.until}) is before `since` ({member.since})",
                        "bad-dates",
                    )
        self.cycles()

    def cycles(self) -> None:
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
        group = self.p.groups.get(group_id)
        if group is None:
            return set()
        return {
            m.id
            for m in group.members
            if (m.since is None or m.since <= day) and (m.until is None or day <= m.until)
        }

    def actions(self) -> None:
        parties = self.parties
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
        for ident, action in self.p.actions.items():
            rel = self.p.action_files[ident]
            if stem(rel) != ident:
                self.at(
                    rel,
                    ("id",),
                    f"the file name says `{stem(rel)}` but the id is "
                    f"`{ident}`: rename the file to {ident}.yaml",
                    "file-name",
                )
            self.ref(rel, ("group",), action.group, self.p.groups, "group", _GROUP_HINT)
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
            if action.status == "done" and action.completed is None:
                self.at(
                    rel,
                    ("status",),
                    "status is done but `completed` is missing: add `completed: YYYY-MM-DD`",
                    "completed",
                )
            elif action.status != "done" and action.completed is not None:
                self.at(
                    rel,
                    ("completed",),
                    f"`completed` is set but status is "
                    f"{action.status}: remove it or set status to done",
                    "completed",
                )
            if action.completed:
                self.not_future(rel, ("completed",), action.completed, "completed on")
            previous: dt.date | None = None
            for u, update in enumerate(action.updates):
                self.ref(
                    rel,
                    ("updates", u, "by"),
                    update.by,
                    parties,
                    "update author",
                    "give an organisation, person or group id from data/groups.yaml",
                )
                if previous is not None and update.date < previous:
                    self.at(
                        rel,
                        ("updates", u, "date"),
                        f"update dated {update.date} comes "
                        f"after one dated {previous}: keep updates in date order",
                        "update-order",
                    )
                self.not_future(rel, ("updates", u, "date"), update.date, "update dated")
                previous = update.date
            last = next((u for u in reversed(action.updates) if u.status), None)
            if last is not None and last.status != action.status:
                self.at(
                    rel,
                    ("status",),
                    f"status is {action.status} but the latest update "
                    f"({last.date}) records {last.status}",
                    "status-mismatch",
                    severe=False,
                )

    def meetings(self) -> None:
        members_known = {**self.p.organisations, **self.p.people}
        for ident, meeting in self.p.meetings.items():
            rel = self.p.meeting_files[ident]
            if stem(rel) != ident:
                self.at(
                    rel,
                    ("id",),
                    f"the file name says `{stem(rel)}` but the id is "
                    f"`{ident}`: rename the file to {ident}.yaml",
                    "file-name",
                )
            expected = f"{meeting.group}-{meeting.date.isoformat()}"
            if ident != expected:
                self.at(
                    rel,
                    ("id",),
                    f"a meeting's id is its group and date: expected `{expected}`",
                    "meeting-id",
                )
            group_ok = self.ref(rel, ("group",), meeting.group, self.p.groups, "group", _GROUP_HINT)
            members = self.members_on(meeting.group, meeting.date) if group_ok else set()

            def is_member(who: str, members: set[str] = members) -> bool:
                person = self.p.people.get(who)
                return who in members or (person is not None and person.organisation in members)

            for field in ("attendees", "apologies"):
                for i, who in enumerate(getattr(meeting, field)):
                    if (
                        self.ref(rel, (field, i), who, members_known, "attendee", _ORG_HINT)
                        and group_ok
                        and not is_member(who)
                    ):
                        self.at(
                            rel,
                            (field, i),
                            f"`{who}` is not a member of `{meeting.group}`"
                            f" on {meeting.date}: add it to the group's members in "
                            "data/groups.yaml",
                            "not-a-member",
                            severe=False,
                        )
            self.repeated(rel, "attendees", meeting.attendees, "attendee")
            self.repeated(rel, "apologies", meeting.apologies, "apology")
            both = set(meeting.attendees) & set(meeting.apologies)
            for i, who in enumerate(meeting.apologies):
                if who in both:
                    self.at(
                        rel,
                        ("apologies", i),
                        f"`{who}` is listed both as attending and as sending apologies: keep one",
                        "attendance",
                    )
            if (
                self.ref(rel, ("chair",), meeting.chair, members_known, "chair", _ORG_HINT)
                and group_ok
                and not is_member(meeting.chair)
            ):
                self.at(
                    rel,
                    ("chair",),
                    f"the chair `{meeting.chair}` is not a member of "
                    f"`{meeting.group}` on {meeting.date}",
                    "not-a-member",
                    severe=False,
                )
            if meeting.approved_at is not None and self.ref(
                rel,
                ("approved_at",),
                meeting.approved_at,
                self.p.meetings,
                "meeting",
                "give the id of the meeting whose minutes approved these",
            ):
                later = self.p.meetings[meeting.approved_at]
                if later.id == meeting.id:
                    self.at(
                        rel,
                        ("approved_at",),
                        "minutes cannot approve themselves: give the later meeting that "
                        "approved them",
                        "bad-dates",
                    )
                elif later.date < meeting.date:
                    self.at(
                        rel,
                        ("approved_at",),
                        f"approved at `{later.id}`, which took place before this meeting",
                        "bad-dates",
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
                self.not_future(
                    rel, ("corrections", c, "date"), correction.date, "correction dated"
                )
            if meeting.status != "draft" and meeting.date > self.as_of:
                self.at(
                    rel,
                    ("status",),
                    f"status is {meeting.status} but the meeting is on {meeting.date}, after today",
                    "future-date",
                    severe=False,
                )
            seen: set[str] = set()
            for i, action_id in enumerate(meeting.actions):
                if action_id in seen:
                    self.at(
                        rel, ("actions", i), f"action `{action_id}` is listed twice", "duplicate-id"
                    )
                seen.add(action_id)
                if self.ref(
                    rel,
                    ("actions", i),
                    action_id,
                    self.p.actions,
                    "action",
                    "give the id of a file in data/actions/",
                ):
                    raised = self.p.actions[action_id].raised
                    if raised != ident:
                        said = f"`{raised}`" if raised else "nothing"
                        self.at(
                            rel,
                            ("actions", i),
                            f"action `{action_id}` is listed here "
                            f"but its `raised` says {said}: set `raised: {ident}` in "
                            f"data/actions/{action_id}.yaml",
                            "raised-mismatch",
                        )


def check(programme: Programme, *, as_of: dt.date) -> list[Problem]:
    """Every problem in the programme (loading and cross-checks), sorted."""
    problems = list(programme.problems)
    problems.extend(_Checker(programme, as_of).run())
    return sorted(set(problems))


def load_valid(
    root: PathLike[str] | str, *, as_of: dt.date, overrides: Mapping[str, str] | None = None
) -> Programme:
    """Load the programme and refuse (DataError) when it has errors, rather than guess."""
    programme = load(Path(root), overrides=overrides)
    problems = check(programme, as_of=as_of)
    # Records dated after the as-of date are an error for `tws validate` (a typo in a year, as
    # a rule), but a query may look back to an earlier date on purpose.
    errors = [p for p in problems if p.is_error and p.code != "future-date"]
    if errors:
        raise DataError(
            f"the records have {len(errors)} error{'s' * (len(errors) != 1)}; "
            "fix them first (see `tws validate`)",
            errors,
        )
    return programme
