"""Decisions in the body's words: grouped by kind under "The Board noted:", "Resolved:"…,
with the outcome of any vote; internal decisions only for the internal audience."""

from __future__ import annotations

from dataclasses import dataclass

from trauma_ws.publishing import views
from trauma_ws.record import models

_LEADS = {
    "noted": "{called} noted:",
    "agreed": "{called} agreed:",
    "approved": "{called} approved:",
    "resolved": "Resolved:",
    "deferred": "Deferred:",
    "rejected": "{called} rejected:",
}
DEFAULT_KIND = "agreed"
"""The kind of a decision written as plain text: the minutes say "The group agreed:"."""


@dataclass(frozen=True, slots=True)
class DecisionView:
    text: str
    kind: str
    """``noted``, ``agreed``…; ``agreed`` for a decision written as plain text."""
    vote_text: str | None
    """``for 8, against 2, abstentions 1`` when a vote was taken."""
    votes_for: int | None
    against: int | None
    abstentions: int | None
    internal: bool


@dataclass(frozen=True, slots=True)
class DecisionGroupView:
    """Consecutive decisions of one kind, under the words that introduce them."""

    kind: str
    lead: str
    """``The group agreed:``, ``The Board noted:``, ``Resolved:``…"""
    decisions: tuple[DecisionView, ...]


def called_text(group: models.Group) -> str:
    """How decisions name the group at the start of a sentence: ``The group``, ``The Board``."""
    called = (group.minutes.called or "the group").strip()
    return called[:1].upper() + called[1:]


def lead(kind: str, called: str) -> str:
    """The words before decisions of ``kind``: ``The Board noted:``, ``Resolved:``."""
    return _LEADS[kind].format(called=called)


def vote_text(vote: models.Vote) -> str:
    """``for 8, against 2, abstentions 1``."""
    return f"for {vote.votes_for}, against {vote.against}, abstentions {vote.abstentions}"


def decision_groups(
    decisions: list[models.Decision], *, audience: views.Audience, called: str
) -> tuple[DecisionGroupView, ...]:
    """Decisions for ``audience`` (internal ones only internally), consecutive ones of the same
    kind grouped under one lead."""
    groups: list[tuple[str, list[DecisionView]]] = []
    for d in decisions:
        if audience == "public" and d.internal:
            continue
        kind = d.kind or DEFAULT_KIND
        view = DecisionView(
            text=d.text,
            kind=kind,
            vote_text=vote_text(d.vote) if d.vote else None,
            votes_for=d.vote.votes_for if d.vote else None,
            against=d.vote.against if d.vote else None,
            abstentions=d.vote.abstentions if d.vote else None,
            internal=d.internal,
        )
        if groups and groups[-1][0] == kind:
            groups[-1][1].append(view)
        else:
            groups.append((kind, [view]))
    return tuple(
        DecisionGroupView(kind=kind, lead=lead(kind, called), decisions=tuple(views_))
        for kind, views_ in groups
    )
