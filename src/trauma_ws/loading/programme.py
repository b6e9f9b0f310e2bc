"""Find a programme's root, list its record files and load them into a :class:`Programme`."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from trauma_ws.loading import partial, translate, yamlio
from trauma_ws.record import models, registers, zones
from trauma_ws.record.problems import DataError, Problem, TwsError, UsageError, error, warning
from trauma_ws.record.reports import Report

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

DATA = "data"
WORKPLAN = "data/workplan.yaml"
GROUPS = "data/groups.yaml"
ACTIONS = "data/actions"
MEETINGS = "data/meetings"
RISKS = "data/risks"
MEASURES = "data/measures"
REPORTS = "data/reports"
ONE_PER_FILE = (ACTIONS, MEETINGS, RISKS, MEASURES, REPORTS)
"""The folders holding one record a file, each file named for its record's id."""


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` that holds a ``data/`` folder."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / DATA).is_dir():
            return folder
    raise UsageError(
        f"no `data/` folder in {here} or above it: run tws inside a programme's repository "
        "or pass --root DIR"
    )


def check_root(root: Path) -> Path:
    """``root`` as given by ``--root``, refused unless it holds a ``data/`` folder."""
    if not root.is_dir():
        raise UsageError(f"--root {root}: no such folder")
    if not (root / DATA).is_dir():
        raise UsageError(f"--root {root}: it has no `data/` folder (is it a programme's root?)")
    return root.resolve()


@dataclass(slots=True)
class Programme:
    """Everything under ``data/``, as models, with where each record came from."""

    root: Path
    workplan: models.Workplan | None = None
    groups_file: models.GroupsFile | None = None
    actions: dict[str, models.Action] = field(default_factory=dict)
    meetings: dict[str, models.Meeting] = field(default_factory=dict)
    files: dict[str, yamlio.Parsed] = field(default_factory=dict)
    action_files: dict[str, str] = field(default_factory=dict)
    meeting_files: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    organisations: dict[str, models.Organisation] = field(default_factory=dict)
    people: dict[str, models.Person] = field(default_factory=dict)
    groups: dict[str, models.Group] = field(default_factory=dict)
    workstreams: dict[str, models.Workstream] = field(default_factory=dict)
    broken_ids: set[str] = field(default_factory=set)
    """Ids of action, meeting, risk, measure and report files that could not be read as records, and
    of the entries of groups.yaml and workplan.yaml left out for their errors: references to
    them are not reported (the record may be there, under its problem)."""
    partial_files: dict[str, partial.Partial] = field(default_factory=dict)
    """Files with errors, each built as far as it goes (:mod:`.partial`): groups.yaml and
    workplan.yaml stand as built in every check; a record of its own, for its references."""
    risks: dict[str, registers.Risk] = field(default_factory=dict)
    measures: dict[str, registers.Measure] = field(default_factory=dict)
    risk_files: dict[str, str] = field(default_factory=dict)
    measure_files: dict[str, str] = field(default_factory=dict)
    reports: dict[str, Report] = field(default_factory=dict)
    report_files: dict[str, str] = field(default_factory=dict)
    _meeting_days: dict[str, list[dt.date]] | None = None

    def meeting_days(self, group_id: str) -> list[dt.date]:
        """The dates of ``group_id``'s recorded meetings, in order (worked out once)."""
        if self._meeting_days is None:
            days: dict[str, list[dt.date]] = {}
            for meeting in self.meetings.values():
                days.setdefault(meeting.group, []).append(meeting.date)
            for listed in days.values():
                listed.sort()
            self._meeting_days = days
        return self._meeting_days.get(group_id, [])

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)

    def name_of(self, ident: str) -> str:
        """A display name for an organisation, person or group id (the id when unknown)."""
        for table in (self.organisations, self.people, self.groups):
            record = table.get(ident)
            if record is not None:
                return record.name
        return ident


def _outside(root: Path, rel: str) -> Problem | None:
    """A problem when ``rel`` leads, through a symbolic link, outside the programme's folder.

    Records are read from the repository only: a link in a pull request must not make CI
    read (and then publish) a file from elsewhere on the machine.
    """
    real = os.path.realpath(root / rel)
    base = os.path.realpath(root)
    if real == base or real.startswith(base + os.sep):
        return None
    return error(
        rel,
        0,
        0,
        "not read: a symbolic link to a file outside the programme's folder; "
        "put the record itself here",
        "outside-link",
    )


def _linked(root: Path, rel: str) -> bool:
    """Whether ``rel`` or a folder on the way to it is a symbolic link."""
    parts = rel.split("/")
    return any((root / "/".join(parts[: i + 1])).is_symlink() for i in range(len(parts)))


def _listing(root: Path, folder: str) -> tuple[list[str], list[Problem]]:
    """The ``*.yaml`` files of one records folder (relative paths), and problems with others."""
    found: list[str] = []
    problems: list[Problem] = []
    base = root / folder
    if not base.is_dir():
        return found, problems
    folder_linked = _linked(root, folder)  # checked once, not for every file
    with os.scandir(base) as entries:
        for entry in entries:
            rel = f"{folder}/{entry.name}"
            if entry.name.startswith("."):
                continue
            if entry.name.endswith(".yaml"):
                outside = _outside(root, rel) if folder_linked or entry.is_symlink() else None
                if outside is not None:
                    problems.append(outside)
                    continue
                found.append(rel)
            elif entry.name.endswith(".yml"):
                problems.append(
                    warning(
                        rel,
                        0,
                        0,
                        "not read: record files end in `.yaml`; rename it",
                        "wrong-extension",
                    )
                )
    found.sort()
    return found, problems


def record_files(root: Path) -> tuple[list[str], list[Problem]]:
    """Every record file of the programme, relative to ``root``, and listing problems."""
    files: list[str] = []
    problems: list[Problem] = []
    for rel in (WORKPLAN, GROUPS):
        outside = _outside(root, rel) if _linked(root, rel) else None
        if outside is not None:
            problems.append(outside)
        elif (root / rel).is_file():
            files.append(rel)
        else:
            other = "workstreams" if rel == WORKPLAN else "organisations, people and groups"
            problems.append(
                error(
                    rel,
                    0,
                    0,
                    f"missing: the programme needs {rel} listing its {other}",
                    "missing-file",
                )
            )
    for folder in ONE_PER_FILE:  # data/risks/, measures/ and reports/ are optional, as the others
        listed, trouble = _listing(root, folder)
        files.extend(listed)
        problems.extend(trouble)
    return files, problems


def load(
    root: Path, *, overrides: Mapping[str, str] | None = None, use_cache: bool = True
) -> Programme:
    """Read every record under ``root/data`` into a Programme, collecting problems.

    ``overrides`` maps relative paths to text used instead of the file on disk (or as a new
    file), so an edit can be checked as part of the whole programme before it is written.
    """
    from trauma_ws.loading.bulk import collector_paused
    from trauma_ws.loading.parsing import parse_many

    files, problems = record_files(root)
    if overrides:
        files = sorted(set(files) | set(overrides))
        problems = [p for p in problems if p.path not in overrides]
    on_disk = [rel for rel in files if not overrides or rel not in overrides]
    with collector_paused():
        parsed_files = parse_many(root, on_disk, use_cache=use_cache)
        if overrides:
            parsed_files += [
                yamlio.parse(text.encode("utf-8"), rel) for rel, text in overrides.items()
            ]
            parsed_files.sort(key=lambda parsed: parsed.path)
        programme = Programme(root=root, problems=problems)
        for parsed in parsed_files:
            _add(programme, parsed)
        _index(programme)
    return programme


def _add(programme: Programme, parsed: yamlio.Parsed) -> None:
    rel = parsed.path
    programme.files[rel] = parsed
    programme.problems.extend(parsed.problems)
    folders = tuple(folder + "/" for folder in ONE_PER_FILE)
    if parsed.problems and parsed.data is None:
        if rel.startswith(folders):
            _note_broken(programme, parsed)
        return
    made: partial.Partial | None
    if rel == WORKPLAN:
        programme.workplan, found, made = translate.build_partial(
            models.Workplan, parsed, ("workstreams",)
        )
        if made is not None and isinstance(made.model, models.Workplan):
            programme.workplan = made.model
    elif rel == GROUPS:
        programme.groups_file, found, made = translate.build_partial(
            models.GroupsFile, parsed, ("organisations", "people", "groups")
        )
        if made is not None and isinstance(made.model, models.GroupsFile):
            programme.groups_file = made.model
    elif rel.startswith(ACTIONS + "/"):
        action, found, made = translate.build_partial(models.Action, parsed)
        if action is not None and action.id not in programme.actions:
            programme.actions[action.id] = action
            programme.action_files[action.id] = rel
    elif rel.startswith(RISKS + "/"):
        risk, found, made = translate.build_partial(registers.Risk, parsed)
        if risk is not None and risk.id not in programme.risks:
            programme.risks[risk.id] = risk
            programme.risk_files[risk.id] = rel
    elif rel.startswith(MEASURES + "/"):
        measure, found, made = translate.build_partial(registers.Measure, parsed)
        if measure is not None and measure.id not in programme.measures:
            programme.measures[measure.id] = measure
            programme.measure_files[measure.id] = rel
    elif rel.startswith(REPORTS + "/"):
        report, found, made = translate.build_partial(Report, parsed)
        if report is not None and report.id not in programme.reports:
            programme.reports[report.id] = report
            programme.report_files[report.id] = rel
    else:
        meeting, found, made = translate.build_partial(models.Meeting, parsed)
        if meeting is not None and meeting.id not in programme.meetings:
            programme.meetings[meeting.id] = meeting
            programme.meeting_files[meeting.id] = rel
    programme.problems.extend(found)
    if made is not None:
        programme.partial_files[rel] = made
        for entry in made.left_out:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                programme.broken_ids.add(entry["id"])
    if isinstance(parsed.data, dict) and isinstance(parsed.data.get("id"), str):
        parsed.ident = parsed.data["id"]
    if rel.startswith(folders) and any(p.is_error for p in found):
        _note_broken(programme, parsed)
    elif not found and not parsed.problems:
        parsed.data = None  # the model holds it now; positions are read again if needed


def _note_broken(programme: Programme, parsed: yamlio.Parsed) -> None:
    programme.broken_ids.add(stem(parsed.path))
    if isinstance(parsed.data, dict) and isinstance(parsed.data.get("id"), str):
        programme.broken_ids.add(parsed.data["id"])


def _index(programme: Programme) -> None:
    if programme.groups_file is not None:
        for org in programme.groups_file.organisations:
            programme.organisations.setdefault(org.id, org)
        for person in programme.groups_file.people:
            programme.people.setdefault(person.id, person)
        for group in programme.groups_file.groups:
            programme.groups.setdefault(group.id, group)
    if programme.workplan is not None:
        for stream in programme.workplan.workstreams:
            programme.workstreams.setdefault(stream.id, stream)


def time_zone(root: Path) -> ZoneInfo:
    """The programme's time zone: ``programme.timezone`` in ``data/workplan.yaml``.

    Only the workplan is read. When it does not name one, or cannot be read as a workplan for
    another reason (``tws validate`` reports that), the zone is ``Europe/London``. Raises
    DataError, with the located problem, when the name given is not a time zone.
    """
    try:
        found: ZoneInfo = zones.zone(zones.DEFAULT)
    except zones.ZoneError as exc:  # no zone data at all (tzdata missing from the install)
        raise TwsError(f"the default time zone: {exc}") from None
    file = root / WORKPLAN
    if (_linked(root, WORKPLAN) and _outside(root, WORKPLAN) is not None) or not file.is_file():
        return found
    parsed = yamlio.read(str(file), WORKPLAN)
    data = parsed.data
    section = data.get("programme") if isinstance(data, dict) else None
    if not isinstance(section, dict) or "timezone" not in section:
        return found
    name = section["timezone"]
    if isinstance(name, str):
        try:
            return zones.zone(name)
        except zones.ZoneError as exc:
            message = f"`programme.timezone`: {exc}"
            code = "unknown-timezone"
    else:
        message = "`programme.timezone` should be text, an IANA name such as Europe/London"
        code = "wrong-type"
    line, col = parsed.mark(("programme", "timezone"))
    raise DataError(
        "the programme's time zone is not known, so its today cannot be worked out: "
        "correct it, or give the date with --as-of",
        [error(WORKPLAN, line, col, message, code)],
    )


def stem(rel: str) -> str:
    """The id a record file's name promises: ``data/actions/pdg-001.yaml`` -> ``pdg-001``."""
    return rel.rsplit("/", 1)[-1].removesuffix(".yaml")
