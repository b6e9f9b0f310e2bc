"""Minutes as bodies keep them: deputies attend for members, those in attendance are named once
and attended items that exist, declarations are made by someone present about an item of the
meeting, votes add up to no more than those present, item numbers are used once, a meeting ends
after it starts, actions under an item arose at the meeting, approval by another body is
complete, and no meeting is kept for an external body. Every check here looks within one
meeting only (an action due at the next meeting without `raised`: :mod:`.dates`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from trauma_ws.checking.attendance import ORG_HINT
from trauma_ws.loading.yamlio import KeyPath
from trauma_ws.record import models

if TYPE_CHECKING:
    from trauma_ws.checking.attendance import AttendanceChecks
    from trauma_ws.checking.references import ReferenceChecks

    class _Base(ReferenceChecks, AttendanceChecks): ...
else:
    _Base = object  # the checker in validate.py combines this mixin with its core and the others

ITEM_HINT = "name an item of this meeting by its number or its exact title"


class Items:
    """A meeting's items as they may be named: by number (written, or by place when the group
    numbers items) or by exact title. Built only for a meeting that names its items."""

    __slots__ = ("_named", "choices")

    def __init__(self, meeting: models.Meeting, numbers: list[str | None]) -> None:
        self._named: set[str] = {item.title for item in meeting.items}
        self._named.update(n for n in numbers if n is not None)
        self.choices: list[str] = sorted(self._named)

    def __contains__(self, ref: object) -> bool:
        return ref in self._named


class MinutesChecks(_Base):
    """The checks of the minutes' own fields, a mixin of the checker in :mod:`.validate`.

    Most meetings use few of these fields, so each check first asks whether its field is
    there: a programme's meetings without them cost one pass over their items."""

    def minutes(self) -> None:
        """Report, for each meeting, the problems described in this module's docstring."""
        known = {**self.p.organisations, **self.p.people}
        for rel, ident, meeting in self.each_meeting():
            group = self.p.groups.get(meeting.group)
            if group is not None and group.external:
                self.at(
                    rel,
                    ("group",),
                    f"`{meeting.group}` is an external body whose records are kept elsewhere: "
                    "its meetings are not kept here (remove `external: true` from the group in "
                    "data/groups.yaml if they are)",
                    "external-group",
                )
            start, end = meeting.start, meeting.end
            if start is not None and end is not None and end <= start:  # HH:MM: text order
                self.at(
                    rel,
                    ("end",),
                    f"`end` ({end}) is not after `start` ({start}): give the times on the "
                    "24-hour clock",
                    "bad-times",
                )
            automatic = group is not None and group.minutes.number_items
            numbers = self.item_checks(rel, ident, meeting, automatic, known)
            items: Items | None = None
            if any(e.items for e in meeting.in_attendance) or any(
                d.item is not None for d in meeting.declarations or ()
            ):
                items = Items(meeting, numbers)
            if meeting.in_attendance or any(a.deputy is not None for a in meeting.apologies):
                self.presence(rel, meeting, group is not None, known, items)
            if meeting.declarations:
                self.declarations(rel, meeting, known, items)
            if meeting.approved_by is not None or meeting.approved_on is not None:
                self.approval(rel, meeting)

    def item_ref(self, rel: str, loc: KeyPath, ref: str, items: Items | None) -> None:
        """Report ``ref`` at ``loc`` unless it names an item of the meeting (``items``, which
        :meth:`minutes` builds for every meeting that names an item)."""
        if items is not None and ref not in items:
            suggestion = self.did_you_mean(ref, items.choices)
            self.at(
                rel,
                loc,
                f"no item `{ref}` in this meeting{suggestion}: {ITEM_HINT}",
                "unknown-item",
            )

    def item_checks(
        self,
        rel: str,
        ident: str,
        meeting: models.Meeting,
        automatic: bool,
        known: Mapping[str, object],
    ) -> list[str | None]:
        """Report an item number used twice, an unknown presenter, an action under an item
        that is unknown, listed twice or raised elsewhere, and a vote whose numbers exceed
        those present. The items' numbers (written, or automatic), in order."""
        actions: set[str] = set()
        voting = bool(meeting.attendees)  # without the attendance there is nothing to count
        numbered = automatic
        for i, item in enumerate(meeting.items):
            if item.number is not None:
                numbered = True
            if item.presenter is not None:
                self.ref(
                    rel, ("items", i, "presenter"), item.presenter, known, "presenter", ORG_HINT
                )
            for a, action_id in enumerate(item.actions):
                loc: KeyPath = ("items", i, "actions", a)
                if action_id in actions:
                    self.at(
                        rel,
                        loc,
                        f"action `{action_id}` is listed twice under the items: keep it under "
                        "the item it arose from",
                        "duplicate-id",
                    )
                    continue
                actions.add(action_id)
                self.listed_action(rel, loc, action_id, ident)
            if voting:
                for decision in item.decisions:
                    if decision.vote is not None:
                        self.votes(rel, meeting, i)
                        break
        if not numbered:
            return [None] * len(meeting.items)
        numbers = meeting.item_numbers(automatic=automatic)
        first: dict[str, int] = {}
        for i, number in enumerate(numbers):
            if number is None:
                continue
            if number in first:
                self.duplicate_number(rel, meeting, i, number, first[number])
            else:
                first[number] = i
        return numbers

    def votes(self, rel: str, meeting: models.Meeting, i: int) -> None:
        """Report a vote of item ``i`` whose numbers add up to more than the members present
        (attendees, deputies and the chair, each once)."""
        entitled = len({*meeting.attendees, *meeting.deputies(), meeting.chair})
        for d, decision in enumerate(meeting.items[i].decisions):
            vote = decision.vote
            if vote is None:
                continue
            cast = vote.votes_for + vote.against + vote.abstentions
            if cast > entitled:
                self.at(
                    rel,
                    ("items", i, "decisions", d, "vote"),
                    f"the vote adds up to {cast} ({vote.votes_for} for, {vote.against} "
                    f"against, {vote.abstentions} abstaining) but {entitled} members were "
                    "present to vote (attendees, deputies and the chair): check the numbers "
                    "or the attendance",
                    "vote-count",
                )

    def duplicate_number(
        self, rel: str, meeting: models.Meeting, i: int, number: str, earlier_index: int
    ) -> None:
        """Report item ``i``, whose ``number`` item ``earlier_index`` already has."""
        earlier_item = meeting.items[earlier_index]
        earlier = f"`{earlier_item.title}`"
        if earlier_item.number is None:
            earlier += " (numbered automatically: the group's `minutes.number_items`)"
        if meeting.items[i].number is not None:
            self.at(
                rel,
                ("items", i, "number"),
                f"item number `{number}` is already used by {earlier}: give each item its own "
                "number",
                "duplicate-item-number",
            )
        else:
            self.at(
                rel,
                ("items", i, "title"),
                f"this item is numbered {number} automatically (the group's "
                f"`minutes.number_items`, counting on from the number before it), but "
                f"{earlier} has that number written: give this item a `number` of its own",
                "duplicate-item-number",
            )

    def presence(
        self,
        rel: str,
        meeting: models.Meeting,
        group_ok: bool,
        known: Mapping[str, object],
        items: Items | None,
    ) -> None:
        """Report deputies and those in attendance who are unknown, listed twice or both ways,
        a deputy for someone not a member, and an attended item that does not exist."""
        attendees = set(meeting.attendees)
        apologies = {a.id for a in meeting.apologies}
        deputies: set[str] = set()
        members: set[str] | None = None
        for i, apology in enumerate(meeting.apologies):
            deputy = apology.deputy
            if deputy is None:
                continue
            loc: KeyPath = ("apologies", i, "deputy")
            if not self.ref(rel, loc, deputy, known, "deputy", ORG_HINT):
                continue
            if deputy == apology.id:
                self.at(
                    rel,
                    loc,
                    f"`{deputy}` cannot attend in its own place: remove `deputy`, or name who "
                    "attended instead",
                    "attendance",
                )
            elif deputy in deputies:
                self.at(rel, loc, f"deputy `{deputy}` is listed twice", "duplicate-id")
            elif deputy in attendees:
                self.at(
                    rel,
                    loc,
                    f"`{deputy}` is listed in `attendees` and as the deputy for `{apology.id}`: "
                    "remove it from `attendees` (a deputy is shown among those present)",
                    "attendance",
                )
            elif deputy in apologies:
                self.at(
                    rel,
                    loc,
                    f"`{deputy}` is listed as sending apologies and as the deputy for "
                    f"`{apology.id}`: keep one",
                    "attendance",
                )
            deputies.add(deputy)
            if group_ok and apology.id in known:
                if members is None:
                    members = self.members_on(meeting.group, meeting.date)
                if not self.is_member(apology.id, members):
                    self.at(
                        rel,
                        loc,
                        f"`{deputy}` is named as the deputy for `{apology.id}`, which is not "
                        f"a member of `{meeting.group}` on {meeting.date}: list `{deputy}` "
                        f"under `in_attendance`, or add `{apology.id}` to the group's members "
                        "in data/groups.yaml",
                        "deputy-not-member",
                    )
        in_attendance: set[str] = set()
        for i, entry in enumerate(meeting.in_attendance):
            loc = ("in_attendance", i, "id")
            who = entry.id
            self.ref(rel, loc, who, known, "person or organisation in attendance", ORG_HINT)
            if who in in_attendance:
                self.at(rel, loc, f"`{who}` is listed twice in `in_attendance`", "duplicate-id")
            elif who in attendees or who in deputies:
                listed = "in `attendees`" if who in attendees else "as a deputy"
                self.at(
                    rel,
                    loc,
                    f"`{who}` is listed {listed} and in `in_attendance`: keep one (members "
                    "and deputies are present; `in_attendance` is for those who are not)",
                    "attendance",
                )
            elif who in apologies:
                self.at(
                    rel,
                    loc,
                    f"`{who}` is listed as sending apologies and in `in_attendance`: keep one",
                    "attendance",
                )
            in_attendance.add(who)
            for j, ref in enumerate(entry.items):
                self.item_ref(rel, ("in_attendance", i, "items", j), ref, items)

    def declarations(
        self,
        rel: str,
        meeting: models.Meeting,
        known: Mapping[str, object],
        items: Items | None,
    ) -> None:
        """Report a declaration by someone unknown or not present, or about an unknown item.

        A person counts as present when their organisation is listed and they did not send
        apologies, and an organisation when one of its people is listed, as minutes that list
        organisations (or people) record them."""
        if not meeting.declarations:
            return
        present = {
            *meeting.attendees,
            *meeting.deputies(),
            *(e.id for e in meeting.in_attendance),
            meeting.chair,
        }
        organisations_present = {
            person.organisation for who in present if (person := self.p.people.get(who))
        }
        apologies = {a.id for a in meeting.apologies}
        for d, declaration in enumerate(meeting.declarations):
            by = declaration.by
            loc: KeyPath = ("declarations", d, "by")
            if self.ref(rel, loc, by, known, "declarer", ORG_HINT):
                person = self.p.people.get(by)
                if not (
                    by in present
                    or by in organisations_present
                    or (
                        person is not None
                        and person.organisation in present
                        and by not in apologies
                    )
                ):
                    self.at(
                        rel,
                        loc,
                        f"`{by}` declared an interest but is not recorded as present: add it "
                        "to `attendees`, `in_attendance` or as a deputy, or correct `by`",
                        "declaration-not-present",
                    )
            if declaration.item is not None:
                self.item_ref(rel, ("declarations", d, "item"), declaration.item, items)

    def approval(self, rel: str, meeting: models.Meeting) -> None:
        """Report approval by another body that is half recorded, recorded beside
        ``approved_at``, on a draft, or dated before the meeting or after today."""
        by, on = meeting.approved_by, meeting.approved_on
        if by is None and on is None:
            return
        if by is None:
            self.at(
                rel,
                ("approved_on",),
                "`approved_on` is given without `approved_by`: add the body that approved "
                "the minutes, or remove `approved_on`",
                "approval-incomplete",
            )
        elif on is None:
            self.at(
                rel,
                ("approved_by",),
                "`approved_by` is given without `approved_on`: add the date it approved the "
                "minutes (approved_on: YYYY-MM-DD)",
                "approval-incomplete",
            )
        if by is not None and meeting.approved_at is not None:
            self.at(
                rel,
                ("approved_by",),
                "minutes are approved at a meeting kept here (`approved_at`) or by another body "
                "(`approved_by`), not both: keep one",
                "approval-conflict",
            )
        if by is not None and meeting.status == "draft":
            self.at(
                rel,
                ("approved_by",),
                "the minutes are a draft but `approved_by` says they were approved: set "
                "`status: approved`, or remove `approved_by` and `approved_on`",
                "approval-draft",
            )
        if on is not None:
            if on < meeting.date:
                self.at(
                    rel,
                    ("approved_on",),
                    f"approved on {on}, before the meeting took place ({meeting.date})",
                    "bad-dates",
                )
            self.not_future(rel, ("approved_on",), on, "approved on")
