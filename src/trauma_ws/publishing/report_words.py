"""A progress report's words: the purpose and summary paragraphs, written from its view data.

Given a :class:`report_figures.ProgressView` whose figures are already worked out, these say
what the report is for (and what a body is asked to do), how the period runs, and the key
numbers.
"""

from __future__ import annotations

from trauma_ws.loading.programme import Programme
from trauma_ws.publishing import views
from trauma_ws.publishing.report_figures import ProgressView
from trauma_ws.publishing.report_scope import Period


def count(n: int, noun: str, *, first: bool = False) -> str:
    """``no actions``, ``1 action``, ``3 actions``; ``No``, ``One`` to start a sentence."""
    if n > 1:
        return f"{n} {noun}s"
    word = ("One" if first else "1") if n == 1 else ("No" if first else "no")
    return f"{word} {noun}{'s' * (n == 0)}"


def _was(n: int) -> str:
    return "was" if n == 1 else "were"


def purpose(programme: Programme, view: ProgressView, scope: Period) -> tuple[str, ...]:
    """What the report is for (and what a body is asked to do), then how the period runs."""
    first = f"To report on the work of {view.groups_text} from {view.period_text}."
    if view.body_name:
        first = (
            f"To update the {view.body_name} on the work of {view.groups_text} from "
            f"{view.period_text}. The {view.body_name} is asked to note the progress reported"
        )
        if n := len(view.overdue):
            what = "overdue action" if n == 1 else f"{n} overdue actions"
            first += f", in particular the {what} in section 6"
        first += "."
    notes, single = [], len(view.groups) == 1
    last, basis = scope.last, scope.basis
    if basis == "previous-report" and scope.previous is not None:
        prior = scope.previous
        named = f"{prior.reference}, " if prior.reference else ""
        notes.append(
            f"The period starts on {view.start_text}, the day after the period of the previous "
            f"report to the {view.body_name} ({named}dated {views.date_text(prior.date)}) "
            "ended."
        )
    elif basis == "quarter":
        since = (
            f"No earlier report to the {view.body_name} is recorded, so the"
            if view.body_name
            else "The"
        )
        notes.append(f"{since} period covers the three months to {view.end_text}.")
    elif basis == "meeting" and single:
        notes.append(f"The period starts on {view.start_text}, when the group last met.")
    elif basis == "meeting":
        who = views.join_names(
            dict.fromkeys(f"the {views.group_label(programme, m.group)}" for m in last)
        )
        notes.append(
            f"The period starts on {view.start_text}, the date of the groups' most recent meeting, "
            f"held by {who}."
        )
    elif basis in ("updates", "end"):
        met = "The group had not met" if single else "None of the groups had met"
        notes.append(
            f"{met} by {view.end_text}, so the period starts with the first update recorded."
            if basis == "updates"
            else f"{met} and no updates had been recorded by {view.end_text}, so the report "
            "covers that day alone."
        )
    if view.end < view.as_of:
        notes.append(
            f"Figures are as at {view.end_text}, worked out from the records as they "
            f"stood on {view.as_of_text}."
        )
    return (first, " ".join(notes)) if notes else (first,)


def summary(view: ProgressView) -> tuple[str, ...]:
    """Two paragraphs of key numbers: the actions; then RAG ratings, meetings and updates."""
    t, n_overdue, n_raised = view.total, len(view.overdue), len(view.raised)
    first = f"At the end of the period, {view.groups_text} had {count(t.open, 'open action')}"
    if t.open:
        parts = [(t.not_started, "not started"), (t.in_progress, "in progress")]
        parts.append((t.blocked, "blocked"))
        first += f" ({views.join_names(f'{n} {what}' for n, what in parts if n)})"
        if n_overdue == t.open == 1:
            first += ", which was overdue"
        elif n_overdue:
            first += f", of which {n_overdue} {_was(n_overdue)} overdue"
        else:
            first += ", none of them overdue" if t.open > 1 else ", which was not overdue"
    n_done = len(view.completed)
    first += (
        f". {count(n_done, 'action', first=True)} {_was(n_done)} completed in the period, and "
        f"{n_raised or 'none'} {_was(n_raised)} raised."
    )
    second = (
        f"RAG ratings of the open actions: {t.red} red, {t.amber} amber and {t.green} green. "
        if t.open
        else ""
    )
    second += (
        f"{'The group' if len(view.groups) == 1 else 'The groups'} held "
        f"{count(len(view.meetings), 'meeting')} and recorded "
        f"{count(len(view.updates), 'progress update')} in the period."
    )
    return (first, second)
