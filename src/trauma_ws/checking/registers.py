"""The registers: each risk's and measure's file named for its id, its owner, workstream,
actions and update authors known, a risk's score equal to likelihood × impact (1–25), its
review not overdue, and a measure's figures in date order, in its unit and not after today."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from trauma_ws.loading.programme import MEASURES, RISKS, stem
from trauma_ws.record import registers

if TYPE_CHECKING:
    from trauma_ws.checking.validate import CheckerCore
else:
    CheckerCore = object  # the checker in validate.py combines this mixin with its core

WORKSTREAM_HINT = "add it to `workstreams` in data/workplan.yaml, or leave `workstream` out"
PARTY_HINT = "give an organisation, person or group id from data/groups.yaml"


class RegisterChecks(CheckerCore):
    """The checks of risks and measures, a mixin of the checker in :mod:`.validate`."""

    def register_files(self) -> None:
        """Report a risk or measure whose file is not named for its id, and an id that two
        files use (read even from files with other errors)."""
        for folder, what in ((RISKS, "risk"), (MEASURES, "measure")):
            seen: dict[str, str] = {}
            for rel, parsed in self.p.files.items():
                if not rel.startswith(folder + "/"):
                    continue
                ident = parsed.ident
                if not isinstance(ident, str):
                    continue
                if ident in seen:
                    self.at(
                        rel,
                        ("id",),
                        f"{what} id `{ident}` is also used by {seen[ident]}: "
                        "give one of them another id",
                        "duplicate-id",
                    )
                else:
                    seen[ident] = rel
        named = [*self.p.risk_files.items(), *self.p.measure_files.items()]
        for ident, rel in named:
            if stem(rel) != ident:
                self.at(
                    rel,
                    ("id",),
                    f"the file name says `{stem(rel)}` but the id is "
                    f"`{ident}`: rename the file to {ident}.yaml",
                    "file-name",
                )

    def risk_refs(self) -> None:
        """Report a risk's unknown owner, workstream, actions and update authors."""
        for rel, _, risk in self.each_risk():
            self.ref(rel, ("owner",), risk.owner, self.parties, "owner", PARTY_HINT)
            self.ref(
                rel,
                ("workstream",),
                risk.workstream,
                self.p.workstreams,
                "workstream",
                WORKSTREAM_HINT,
            )
            self.repeated(rel, "actions", risk.actions, "action")
            for i, action in enumerate(risk.actions):
                self.ref(
                    rel,
                    ("actions", i),
                    action,
                    self.p.actions,
                    "action",
                    "give the id of a file in data/actions/ (an action that mitigates it)",
                )
            for u, update in enumerate(risk.updates):
                self.ref(
                    rel, ("updates", u, "by"), update.by, self.parties, "update author", PARTY_HINT
                )

    def risk_scores(self) -> None:
        """Report a score outside 1–25, or one that is not likelihood × impact."""
        for ident, risk in self.p.risks.items():
            if risk.score is None:
                continue
            rel = self.p.risk_files[ident]
            right = risk.product
            rated = f"likelihood {risk.likelihood} × impact {risk.impact} is {right}"
            if not 1 <= risk.score <= 25:
                self.at(
                    rel,
                    ("score",),
                    f"score {risk.score} is outside 1–25 (likelihood and impact are each 1–5): "
                    f"{rated}, so write `score: {right}` or leave it out",
                    "score-range",
                )
            elif risk.score != right:
                self.at(
                    rel,
                    ("score",),
                    f"score {risk.score} is not likelihood × impact: {rated}, so write "
                    f"`score: {right}` (or leave it out), or correct the ratings",
                    "score-mismatch",
                )

    def risk_dates(self) -> None:
        """Report a risk raised or updated after today, updates out of date order or before
        it was raised, and (a warning) a live risk whose review date has passed."""
        for ident, risk in self.p.risks.items():
            rel = self.p.risk_files[ident]
            self.not_future(rel, ("raised",), risk.raised, "raised on")
            previous: dt.date | None = None
            for u, update in enumerate(risk.updates):
                where = ("updates", u, "date")
                if previous is not None and update.date < previous:
                    self.at(
                        rel,
                        where,
                        f"update dated {update.date} comes after one dated {previous}: "
                        "keep updates in date order",
                        "update-order",
                    )
                elif update.date < risk.raised:
                    self.at(
                        rel,
                        where,
                        f"update dated {update.date} is before the {risk.kind} was raised "
                        f"({risk.raised}): correct the date, or `raised`",
                        "bad-dates",
                    )
                self.not_future(rel, where, update.date, "update dated")
                previous = update.date
            live = risk.status in registers.LIVE_RISK_STATUSES
            if live and risk.review is not None and risk.review < self.as_of:
                self.at(
                    rel,
                    ("review",),
                    f"review was due on {risk.review}, before today ({self.as_of}): review "
                    "the " + risk.kind + ", add an update and set the next `review` date",
                    "review-overdue",
                    severe=False,
                )

    def measure_refs(self) -> None:
        """Report a measure's unknown workstream."""
        for rel, _, measure in self.each_measure():
            self.ref(
                rel,
                ("workstream",),
                measure.workstream,
                self.p.workstreams,
                "workstream",
                WORKSTREAM_HINT,
            )

    def measure_values(self) -> None:
        """Report figures out of date order (or two for one date), dated after today, or
        in a unit other than the measure's; and a baseline dated after today."""
        for ident, measure in self.p.measures.items():
            rel = self.p.measure_files[ident]
            if measure.baseline is not None:
                self.not_future(rel, ("baseline", "date"), measure.baseline.date, "baseline dated")
            previous: dt.date | None = None
            for v, value in enumerate(measure.values):
                where = ("values", v, "date")
                if previous is not None and value.date == previous:
                    self.at(
                        rel,
                        where,
                        f"two figures are dated {value.date}: keep one figure a date "
                        "(remove one of them, or correct its date)",
                        "value-order",
                    )
                elif previous is not None and value.date < previous:
                    self.at(
                        rel,
                        where,
                        f"figure dated {value.date} comes after one dated {previous}: keep "
                        "`values` oldest first (move it up, or correct its date)",
                        "value-order",
                    )
                self.not_future(rel, where, value.date, "figure dated")
                previous = value.date if previous is None else max(previous, value.date)
                if value.unit is not None and not same_unit(value.unit, measure.unit):
                    self.at(
                        rel,
                        ("values", v, "unit"),
                        f"unit `{value.unit}` is not the measure's unit `{measure.unit}`: "
                        f"give the figure in {measure.unit} (or leave `unit` out here)",
                        "unit-mismatch",
                    )


def same_unit(a: str, b: str) -> bool:
    """Whether two units are the same, ignoring case and spaces around and within."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
