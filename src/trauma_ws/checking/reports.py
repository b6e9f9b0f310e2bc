"""Reports to governance bodies: each report's file named for its id, the id its body and date,
the body one that groups report to, the author and workstreams known (each workstream once),
the report not dated after today, and its period the right way round and within its date."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trauma_ws.loading.programme import REPORTS, stem

if TYPE_CHECKING:
    from trauma_ws.checking.validate import CheckerCore
else:
    CheckerCore = object  # the checker in validate.py combines this mixin with its core

AUTHOR_HINT = "give an organisation, person or group id from data/groups.yaml"
WORKSTREAM_HINT = "give a workstream id from data/workplan.yaml"


class ReportChecks(CheckerCore):
    """The checks of reports, a mixin of the checker in :mod:`.validate`."""

    def report_files(self) -> None:
        """Report an id two report files use, a file not named for its report's id, and an
        id that is not the report's body and date."""
        seen: dict[str, str] = {}
        for rel, parsed in self.p.files.items():
            if not rel.startswith(REPORTS + "/") or not isinstance(parsed.ident, str):
                continue
            if parsed.ident in seen:
                self.at(
                    rel,
                    ("id",),
                    f"report id `{parsed.ident}` is also used by {seen[parsed.ident]}: a "
                    "body has one report a day; correct the id, `for` or `date`",
                    "duplicate-id",
                )
            else:
                seen[parsed.ident] = rel
        for ident, report in self.p.reports.items():
            rel = self.p.report_files[ident]
            if stem(rel) != ident:
                self.at(
                    rel,
                    ("id",),
                    f"the file name says `{stem(rel)}` but the id is `{ident}`: rename the "
                    f"file to {ident}.yaml",
                    "file-name",
                )
            expected = f"{report.body}-{report.date.isoformat()}"
            if ident != expected:
                self.at(
                    rel,
                    ("id",),
                    f"a report's id is the body it is for and its date: expected `{expected}` "
                    "(correct the id, or `for` and `date`)",
                    "report-id",
                )

    def report_refs(self) -> None:
        """Report a body that no group reports to, an unknown author, and a workstream that
        is unknown or listed twice."""
        bodies = {b for g in self.p.groups.values() for b in g.reports_to}
        for ident, report in self.p.reports.items():
            rel = self.p.report_files[ident]
            self._body(rel, report.body, bodies)
            self.ref(rel, ("author",), report.author, self.parties, "author", AUTHOR_HINT)
            seen: set[str] = set()
            for w, stream in enumerate(report.workstreams):
                where = ("workstreams", w, "id")
                if stream.id in seen:
                    self.at(
                        rel,
                        where,
                        f"workstream `{stream.id}` is listed twice: give each workstream "
                        "one entry (merge the two)",
                        "duplicate-id",
                    )
                seen.add(stream.id)
                self.ref(rel, where, stream.id, self.p.workstreams, "workstream", WORKSTREAM_HINT)

    def _body(self, rel: str, body: str, bodies: set[str]) -> None:
        if body in bodies or self.p.groups_file is None:
            return
        listed = ", ".join(sorted(bodies)) or "none yet"
        suggestion = self.did_you_mean(body, bodies)
        if body in self.p.groups:
            self.at(
                rel,
                ("for",),
                f"no group reports to `{body}`{suggestion}: a report is for a body that groups "
                f"report to (`reports_to` in data/groups.yaml; bodies reported to: {listed})",
                "not-reported-to",
            )
        elif self.checkable("group", body):
            self.at(
                rel,
                ("for",),
                f"unknown body `{body}`{suggestion}: give a group that groups report to "
                f"(bodies reported to: {listed})",
                "unknown-ref",
            )

    def report_dates(self) -> None:
        """Report a report dated after today, and a period that ends before it starts or
        after the report's date."""
        for ident, report in self.p.reports.items():
            rel = self.p.report_files[ident]
            self.not_future(rel, ("date",), report.date, "report dated")
            period = report.period
            if period is None:
                continue
            end = period.end or report.date
            if period.start is not None and period.start > end:
                to = "`period.to`" if period.end else "the report's date (the default end)"
                self.at(
                    rel,
                    ("period", "to") if period.end else ("period", "from"),
                    f"the period ends on {end}, before it starts on {period.start}: correct "
                    f"`period.from` or {to}; they may be swapped",
                    "bad-period",
                )
            elif period.end is not None and period.end > report.date:
                self.at(
                    rel,
                    ("period", "to"),
                    f"the period ends on {period.end}, after the report's date "
                    f"({report.date}): a report covers days before it is written; correct "
                    "`period.to` or `date`",
                    "bad-period",
                )
