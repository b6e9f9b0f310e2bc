"""Dates and periods: membership periods the right way round, nothing dated after today,
updates in date order, an action's status and completion date agreeing with each other and with
its latest update, an action due at the next meeting saying which meeting it arose at, and
minutes approved at a later meeting."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from trauma_ws.loading.programme import GROUPS
from trauma_ws.record import models

if TYPE_CHECKING:
    from trauma_ws.checking.validate import CheckerCore
else:
    CheckerCore = object  # the checker in validate.py combines this mixin with its core


class DateChecks(CheckerCore):
    """The checks of dates, a mixin of the checker in :mod:`.validate`."""

    def membership_dates(self) -> None:
        """Report a membership whose ``until`` is before its ``since``."""
        gf = self.p.groups_file
        if gf is None:
            return
        for g, group in enumerate(gf.groups):
            for m, member in enumerate(group.members):
                if member.since and member.until and member.until < member.since:
                    self.at(
                        GROUPS,
                        ("groups", g, "members", m, "until"),
                        f"`until` ({member.until}) is before `since` ({member.since})",
                        "bad-dates",
                    )

    def action_dates(self) -> None:
        """Report an action's completion, updates and status out of step with its dates, and
        an action due at the next meeting that does not say which meeting it arose at (so its
        due date cannot be worked out)."""
        for ident, action in self.p.actions.items():
            rel = self.p.action_files[ident]
            if action.due == models.NEXT_MEETING and action.raised is None:
                self.at(
                    rel,
                    ("due",),
                    "due at the next meeting, but the action does not say which meeting it "
                    "arose at: add `raised: MEETING-ID`, or give a date (YYYY-MM-DD)",
                    "due-next-meeting",
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

    def meeting_dates(self) -> None:
        """Report minutes approved at themselves or earlier, and corrections or non-draft
        minutes dated after today."""
        for ident, meeting in self.p.meetings.items():
            rel = self.p.meeting_files[ident]
            # An unknown `approved_at` is reported with the references.
            approved_at = meeting.approved_at
            later = None if approved_at is None else self.p.meetings.get(approved_at)
            if later is not None:
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
