"""`tws actions chase` and `tws actions show`: what to ask each owner, and one action whole."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from trauma_ws.cli.actions_cmd import _load, _rag, actions_app
from trauma_ws.cli.common import (
    AsOfOpt,
    RootOpt,
    out,
)

if TYPE_CHECKING:
    from trauma_ws.loading.programme import Programme


class ChaseFormat(StrEnum):
    text = "text"
    json = "json"


@actions_app.command()
def chase(
    within: Annotated[
        int, typer.Option("--within", min=0, help="Count as due soon within this many days.")
    ] = 30,
    stale_days: Annotated[
        int, typer.Option("--stale-days", min=0, help="Count as stale after this many days.")
    ] = 60,
    owner: Annotated[
        str | None,
        typer.Option("--owner", metavar="ID", help="Only this owner's block.", show_default=False),
    ] = None,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
    format: Annotated[ChaseFormat, typer.Option("--format", "-f")] = ChaseFormat.text,
) -> None:
    """One block per owner of everything overdue, due soon or stale, ready for an email.

    Each action names the meeting it arose at. A group owner means all its members; its
    block lists them.
    """
    from trauma_ws.querying import query

    programme, day = _load(root, as_of)
    if owner is not None:
        query.known(
            "owner", owner, {**programme.organisations, **programme.people, **programme.groups}
        )
    blocks = query.chase(programme, as_of=day, within=within, stale_days=stale_days)
    if owner is not None:
        blocks = [b for b in blocks if b.owner == owner]
    if format is ChaseFormat.json:
        from trauma_ws.publishing import output

        out(
            output.rows_json(
                [
                    {
                        "owner": b.owner,
                        "name": b.name,
                        "members": b.members,
                        "actions": [{**r.to_dict(), "reasons": why} for r, why in b.items],
                    }
                    for b in blocks
                ]
            )
        )
        return
    if not blocks:
        out(f"Nothing to chase on {day}.\n")
        return
    lines: list[str] = []
    for block in blocks:
        lines.append(f"To: {block.name} ({block.owner})")
        if block.members:
            lines.append(f"    (all members: {', '.join(block.members)})")
        lines.append("")
        lines.append(f"Actions to follow up as of {day}:")
        for r, why in block.items:
            a = r.action
            lines.append(f"  - {a.id}: {a.title}")
            arose = _meeting_label(programme, a.raised)
            due_text = (
                f"due {a.due} ({r.due_date})"
                if r.due_date and a.due != str(r.due_date)
                else (f"due {a.due}" if a.due else "no due date")
            )
            lines.append(f"    {due_text}; status {a.status}; {'; '.join(why)}")
            if arose:
                lines.append(f"    arose at {arose}")
        lines.append("")
        lines.append("-" * 72)
        lines.append("")
    out("\n".join(lines))


def _meeting_label(programme: Programme, meeting_id: str | None) -> str:
    if meeting_id is None or meeting_id not in programme.meetings:
        return ""
    meeting = programme.meetings[meeting_id]
    group = programme.groups.get(meeting.group)
    name = group.name if group else meeting.group
    return f"the {name} meeting of {meeting.date:%-d %B %Y} ({meeting_id})"


class ShowFormat(StrEnum):
    text = "text"
    json = "json"


@actions_app.command()
def show(
    action_id: Annotated[str, typer.Argument(metavar="ID", help="The action's id, e.g. pdg-001.")],
    root: RootOpt = None,
    as_of: AsOfOpt = None,
    format: Annotated[ShowFormat, typer.Option("--format", "-f")] = ShowFormat.text,
) -> None:
    """One action: its resolved due date, RAG (derived or manual) and history of updates."""
    from trauma_ws.querying import query

    programme, day = _load(root, as_of)
    query.known("action", action_id, programme.actions)
    r = query.row(programme, programme.actions[action_id], day)
    a = r.action
    if format is ShowFormat.json:
        detail: dict[str, Any] = {
            **r.to_dict(),
            "description": a.description,
            "completed": a.completed.isoformat() if a.completed else None,
            "updates": [
                {"date": u.date.isoformat(), "by": u.by, "text": u.text, "status": u.status}
                for u in a.updates
            ],
        }
        out(_json_one(detail))
        return
    lines = [f"{a.id}: {a.title}", ""]
    owners = ", ".join(f"{programme.name_of(o)} ({o})" for o in a.owners)
    fields = [
        ("Group", f"{programme.name_of(a.group)} ({a.group})"),
        (
            "Workstream",
            f"{programme.workstreams[a.workstream].title} ({a.workstream})"
            if a.workstream
            else "-",
        ),
        ("Owners", owners),
        ("Status", a.status + (f", completed {a.completed}" if a.completed else "")),
        ("RAG", _rag(r) + ("" if r.rag_manual else " (derived)") if r.rag else "-"),
        (
            "Due",
            f"{a.due} (resolves to {r.due_date})"
            if a.due and a.due != str(r.due_date)
            else (a.due or "-"),
        ),
    ]
    if r.days_overdue is not None:
        fields.append(("Overdue", query.plural(r.days_overdue, "day")))
    elif r.days_to_due is not None:
        fields.append(("Due in", query.plural(r.days_to_due, "day")))
    fields.append(("Raised at", _meeting_label(programme, a.raised) or "-"))
    width = max(len(k) for k, _ in fields)
    lines += [f"{k.ljust(width)}  {v}" for k, v in fields]
    if a.description:
        lines += ["", a.description]
    lines += ["", "History:" if a.updates else "History: no updates yet"]
    for u in a.updates:
        change = f" [status: {u.status}]" if u.status else ""
        lines.append(f"  {u.date}  {programme.name_of(u.by)}{change}: {u.text}")
    out("\n".join(lines) + "\n")


def _json_one(detail: dict[str, Any]) -> str:
    from trauma_ws.publishing.output import json_text

    return json_text(detail)
