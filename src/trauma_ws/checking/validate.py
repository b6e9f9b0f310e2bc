"""Whole-programme checks: the checker's core, and :func:`check` and :func:`load_valid`.

The core collects the problems the checks report with :meth:`CheckerCore.at` and places them
at their lines and columns in one pass per file. The checks themselves are mixins, one module
per concern: references between records (:mod:`.references`), attendance, membership and
reporting lines (:mod:`.attendance`), dates and periods (:mod:`.dates`), files and ids
(:mod:`.files`), the minutes' own fields: deputies, those in attendance, declarations,
votes, items, times and approval (:mod:`.minutes`), the risk and measure registers
(:mod:`.registers`), and reports to governance bodies (:mod:`.reports`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from os import PathLike
from pathlib import Path

from pydantic import BaseModel

from trauma_ws.checking import frozen
from trauma_ws.checking.attendance import AttendanceChecks
from trauma_ws.checking.dates import DateChecks
from trauma_ws.checking.files import FileChecks
from trauma_ws.checking.minutes import MinutesChecks
from trauma_ws.checking.references import ReferenceChecks, named_id, names_for_ids
from trauma_ws.checking.registers import RegisterChecks
from trauma_ws.checking.reports import ReportChecks
from trauma_ws.loading.parsing import positions_many
from trauma_ws.loading.programme import GROUPS, Programme, load
from trauma_ws.loading.yamlio import KeyPath, Mark
from trauma_ws.record import models, registers, suggest
from trauma_ws.record.problems import DataError, Problem, error, warning

PARTIAL_CODES = frozenset({"unknown-ref", "duplicate-id"})
"""What is reported of a record built in part: its references, which depend on nothing made
up to build it (an id listed twice, an id no record has)."""


class CheckerCore:
    """What every check uses: the programme, today, and the problems reported so far."""

    def __init__(self, programme: Programme, as_of: dt.date) -> None:
        self.p = programme
        self.as_of = as_of
        self.problems: list[Problem] = []
        self.parties = {**programme.organisations, **programme.people, **programme.groups}
        # One suggestion index per pool of ids (the pool kept, so that its id stays its own).
        self._indexes: dict[int, tuple[object, suggest.Index]] = {}
        self.former_ids = frozen.former_ids(programme)
        """Each id merged into another (``formerly`` in data/groups.yaml): the id to use now."""
        # Problems waiting for their positions: (file, key path, at the key?, severe?, ...).
        self._unplaced: list[tuple[str, KeyPath, bool, bool, str, str]] = []
        self._partial_pass = False

    def at(self, rel: str, loc: KeyPath, message: str, code: str, *, severe: bool = True) -> None:
        """Report a problem with the value at ``loc`` in ``rel`` (placed by :meth:`placed`)."""
        self._report(rel, loc, False, severe, message, code)

    def at_key(self, rel: str, loc: KeyPath, message: str, code: str) -> None:
        """Report a problem with the key naming ``loc`` in ``rel``."""
        self._report(rel, loc, True, True, message, code)

    def _report(
        self, rel: str, loc: KeyPath, on_key: bool, severe: bool, message: str, code: str
    ) -> None:
        made = self.p.partial_files.get(rel) if self.p.partial_files else None
        if made is not None and (made.in_full or self._partial_pass):
            # A file built despite its errors (loading/partial.py): nothing is said about what
            # was made up to build it, and the places are those of the file as written.
            if made.covers(loc) or (self._partial_pass and code not in PARTIAL_CODES):
                return
            loc = made.original(loc)
        self._unplaced.append((rel, loc, on_key, severe, message, code))

    def each_action(self) -> Iterator[tuple[str, str, models.Action]]:
        """(file, id, action) for each action; in :meth:`partial_pass`, those built in part."""
        if not self._partial_pass:
            files = self.p.action_files
            return ((files[ident], ident, a) for ident, a in self.p.actions.items())
        return ((r, m.id, m) for r, m in self._built_in_part() if isinstance(m, models.Action))

    def each_meeting(self) -> Iterator[tuple[str, str, models.Meeting]]:
        """(file, id, meeting) for each meeting; in :meth:`partial_pass`, those built in part."""
        if not self._partial_pass:
            files = self.p.meeting_files
            return ((files[ident], ident, m) for ident, m in self.p.meetings.items())
        return ((r, m.id, m) for r, m in self._built_in_part() if isinstance(m, models.Meeting))

    def each_risk(self) -> Iterator[tuple[str, str, registers.Risk]]:
        """(file, id, risk) for each risk; in :meth:`partial_pass`, those built in part."""
        if not self._partial_pass:
            files = self.p.risk_files
            return ((files[ident], ident, r) for ident, r in self.p.risks.items())
        return ((f, m.id, m) for f, m in self._built_in_part() if isinstance(m, registers.Risk))

    def each_measure(self) -> Iterator[tuple[str, str, registers.Measure]]:
        """(file, id, measure) for each measure; in :meth:`partial_pass`, those built in part."""
        if not self._partial_pass:
            files = self.p.measure_files
            return ((files[ident], ident, m) for ident, m in self.p.measures.items())
        return ((f, m.id, m) for f, m in self._built_in_part() if isinstance(m, registers.Measure))

    def _built_in_part(self) -> list[tuple[str, BaseModel]]:
        return [(rel, made.model) for rel, made in self.p.partial_files.items() if not made.in_full]

    def partial_pass(self, checks: Iterable[Callable[[], None]]) -> None:
        """Run ``checks`` again over the records built in part (loading/partial.py): only
        their references are reported (:data:`PARTIAL_CODES`), nothing about the places
        made up to build them, so a file's references are checked in the same run as its
        other errors are reported."""
        if not any(not made.in_full for made in self.p.partial_files.values()):
            return
        self._partial_pass = True
        try:
            for run in checks:
                run()
        finally:
            self._partial_pass = False

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
        now = self.former_ids.get(value)
        if now is not None and now in pool:
            self.at(
                rel,
                loc,
                f"`{value}` is now `{now}` (data/groups.yaml lists it under `formerly`): "
                f"write `{now}`",
                "former-id",
            )
            return False
        suggestion = self.did_you_mean(value, pool)
        if not suggestion and (found := named_id(self.p, value)) and found[0] in pool:
            suggestion = f" (did you mean `{found[0]}`, the id of {found[1]}?)"
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


# MinutesChecks comes first: it uses helpers of the reference and attendance checks.
class _Checker(
    MinutesChecks,
    FileChecks,
    ReferenceChecks,
    AttendanceChecks,
    DateChecks,
    RegisterChecks,
    ReportChecks,
    CheckerCore,
):
    """All the whole-programme checks, over one programme on one day."""

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
        # Files and ids
        self.unique_parties()
        self.unique_workstreams()
        self.unique_actions()
        self.file_names()
        # References
        self.workplan_refs()
        self.people_refs()
        self.action_refs()
        self.meeting_refs()
        # Attendance, membership and reporting lines
        self.reporting_and_members()
        self.attendance()
        # Dates and periods
        self.membership_dates()
        self.action_dates()
        self.meeting_dates()
        # The minutes' own fields
        self.minutes()
        # The registers: risks and measures
        self.register_files()
        self.risk_refs()
        self.risk_scores()
        self.risk_dates()
        self.measure_refs()
        self.measure_values()
        # Reports to governance bodies
        self.report_files()
        self.report_refs()
        self.report_dates()
        # Records built in part, for their references
        self.partial_pass(
            (
                self.action_refs,
                self.meeting_refs,
                self.attendance,
                self.minutes,
                self.risk_refs,
                self.measure_refs,
            )
        )
        self.problems.extend(self.placed())
        return self.problems


def check(programme: Programme, *, as_of: dt.date) -> list[Problem]:
    """Every problem in the programme (loading and cross-checks), sorted."""
    problems = names_for_ids(programme, programme.problems)
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
