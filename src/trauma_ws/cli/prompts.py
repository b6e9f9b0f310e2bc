"""The questions the editing commands ask at a terminal (`tws actions new` asks for every
part of an action): each answer is checked as it is given, and a bad one is explained and
asked again; end of input (Ctrl-D) or Ctrl-C stops cleanly, with nothing written.

Questions go to standard error, so standard output keeps only what the command prints.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import typer

from trauma_ws.cli.common import EXIT_DATA, eprint
from trauma_ws.publishing.safe_text import printable
from trauma_ws.record.problems import UsageError

if TYPE_CHECKING:
    from trauma_ws.loading.programme import Programme

T = TypeVar("T")

NONE_WORDS = frozenset({"none", "-"})
"""Typed for an optional answer that offers a default, to give none instead."""


def interactive() -> bool:
    """True when a person can answer a prompt (standard input is a terminal)."""
    return sys.stdin.isatty()


def ask(value: str | None, option: str, question: str) -> str:
    """``value``, or ask for it at a terminal; without one, a usage error naming the option."""
    if value is not None:
        return value
    if interactive():
        return read(question) or ask(None, option, question)
    raise UsageError(f"give {option} (there is no terminal to ask for it)")


def read(question: str, *, default: str = "") -> str:
    """One answer, stripped; ``default`` (shown in brackets) when the answer is blank.

    The question goes to standard error (click's prompt would leave a space on standard
    output, which holds only what the command prints). End of input (Ctrl-D) or Ctrl-C
    stops the command: exit 1, nothing written.
    """
    shown = f"{question} [{default}]: " if default else f"{question}: "
    try:
        sys.stderr.write(printable(shown))
        sys.stderr.flush()
        answer = sys.stdin.readline()
    except KeyboardInterrupt:
        answer = ""
    if not answer:
        eprint("")
        eprint("tws: stopped: nothing was written")
        raise typer.Exit(EXIT_DATA)
    return answer.strip() or default


def until_valid(question: str, check: Callable[[str], T], *, default: str = "") -> T:
    """Ask ``question`` until ``check`` accepts the answer; each refusal (a UsageError) is
    shown, and the question asked again."""
    while True:
        answer = read(question, default=default)
        try:
            return check(answer)
        except UsageError as exc:
            eprint(f"tws: {exc}; try again (Ctrl-D to stop)")


@dataclass
class NewAction:
    """The answers for a new action (None: not asked, or answered with none)."""

    group: str
    title: str
    owners: list[str]
    raised: str | None
    due: str | None


def _known(programme: Programme, kind: str) -> Callable[[str], str]:
    """A check of an answer naming a record of ``kind``: its id, or its name, short name or
    abbreviation in any case; the id is what the answer gives."""
    from trauma_ws.querying import names

    def check(answer: str) -> str:
        if not answer:
            raise UsageError(f"give the {kind}'s id or name")
        return names.resolve(programme, answer, (kind,))

    return check


def _title(answer: str) -> str:
    if not answer:
        raise UsageError("give a title: what is to be done, in a few words")
    return answer


def _owners(programme: Programme) -> list[str]:
    """Owners, several to a line (separated by commas) or one a line; a blank line ends."""
    from trauma_ws.querying import names

    owners: list[str] = []
    eprint("Owners: organisations, people or groups, each by id, name or abbreviation;")
    eprint("separate several with commas, or give one a line; a blank line when done.")
    while True:
        answer = read("Owner" if not owners else "Another owner (blank when done)")
        if not answer:
            if owners:
                return owners
            eprint("tws: give at least one owner; try again (Ctrl-D to stop)")
            continue
        for part in (p.strip() for p in answer.split(",")):
            if not part:
                continue
            try:
                ident = names.resolve(programme, part, names.PARTIES, role="owner")
            except UsageError as exc:
                eprint(f"tws: {exc}; give it again (Ctrl-D to stop)")
                continue
            if ident not in owners:
                owners.append(ident)


def latest_draft(programme: Programme, group: str) -> str | None:
    """The id of ``group``'s latest meeting, when its minutes are still a draft (approved
    minutes are frozen: a new action cannot be listed in them)."""
    held = sorted(
        (m for m in programme.meetings.values() if m.group == group), key=lambda m: (m.date, m.id)
    )
    return held[-1].id if held and held[-1].status == "draft" else None


def _raised(programme: Programme, group: str) -> Callable[[str], str | None]:
    from trauma_ws.querying import names

    def check(answer: str) -> str | None:
        if not answer or answer.lower() in NONE_WORDS:
            return None
        answer = names.resolve(programme, answer, (names.MEETING,))
        meeting = programme.meetings[answer]
        if meeting.status != "draft":
            latest = latest_draft(programme, group)
            instead = f"give the current draft minutes, {latest}," if latest else "give none"
            raise UsageError(
                f"{answer} is {meeting.status}: approved minutes are frozen, so the action "
                f"cannot be listed in them; {instead} or create the group's next minutes "
                f"first (`tws minutes new {group}`)"
            )
        return answer

    return check


def _due(raised: str | None) -> Callable[[str], str | None]:
    from trauma_ws.record import models, periods

    def check(answer: str) -> str | None:
        if not answer or answer.lower() in NONE_WORDS:
            return None
        if answer == models.NEXT_MEETING:
            if raised is None:
                raise UsageError(
                    "next-meeting needs the meeting the action arose at, and none was given: "
                    "give a date or period such as 2023-10 or 2023-Q4, or blank for none"
                )
            return answer
        try:
            periods.resolve(answer)
        except periods.PeriodError as exc:
            raise UsageError(str(exc)) from None
        return answer

    return check


def new_action(
    programme: Programme,
    *,
    group: str | None,
    title: str | None,
    owners: list[str] | None,
    raised: str | None,
    due: str | None,
    ask_raised: bool,
    ask_due: bool,
) -> NewAction:
    """Ask for whatever of a new action was not given: group, title, owners, the meeting it
    arose at (offering the group's latest meeting while its minutes are a draft) and the due
    date (any form ``--due`` takes, next-meeting, or blank for none)."""
    if group is not None:
        from trauma_ws.querying import names

        group = names.resolve(programme, group, (names.GROUP,))
    if group is None:
        group = until_valid("Group (id)", _known(programme, "group"))
    if title is None:
        title = until_valid("Title", _title)
    if not owners:
        owners = _owners(programme)
    if ask_raised:
        latest = latest_draft(programme, group)
        question = (
            "Meeting it arose at (id; none for none)"
            if latest
            else "Meeting it arose at (id; blank for none)"
        )
        raised = until_valid(question, _raised(programme, group), default=latest or "")
    if ask_due:
        due = until_valid(
            "Due (2023-10-31, 2023-10, 2023-Q4, 2023, 2023/24 or next-meeting; blank for none)",
            _due(raised),
        )
    return NewAction(group, title, owners, raised, due)
