"""`tws actions chase` and `tws actions show`: the e-mails asking each owner for an update, and
one action whole."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from trauma_ws.cli.actions_cmd import _load, _rag, actions_app
from trauma_ws.cli.common import (
    AsOfOpt,
    RootOpt,
    eprint,
    out,
    parse_day,
)

if TYPE_CHECKING:
    from trauma_ws.loading.programme import Programme
    from trauma_ws.publishing import chase_view


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
        typer.Option(
            "--owner",
            metavar="ID",
            help="Only what this owner is asked (or, for the secretariat, its to-do list).",
            show_default=False,
        ),
    ] = None,
    drafts: Annotated[
        Path | None,
        typer.Option(
            "--drafts",
            metavar="DIR",
            help="Write one e-mail draft per owner (OWNER.eml, which any mail client opens) "
            "and the secretariat's to-do.txt into DIR, a new or empty folder (or one an "
            "earlier --drafts wrote: its drafts are replaced).",
            file_okay=False,
            show_default=False,
        ),
    ] = None,
    reply_by: Annotated[
        dt.date | None,
        typer.Option(
            "--reply-by",
            metavar="DATE",
            help="Ask for updates by this date (YYYY-MM-DD). Default: before the group's "
            "next meeting when the records say when it is, else two weeks from today.",
            parser=parse_day,
            show_default=False,
        ),
    ] = None,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
    format: Annotated[ChaseFormat, typer.Option("--format", "-f")] = ChaseFormat.text,
) -> None:
    """One e-mail per owner asking for an update on everything overdue, due soon or stale.

    Where an id is asked for, a name, short name or abbreviation in any case does too (`SSSC`,
    "Partnership Delivery Group", a meeting as "pdg 2022-08-25"); the files keep ids.

    Each message greets the owner, says what is asked (an update before the group's next
    meeting, or by a date), gives each action in words (title, due date, the meeting it
    arose at, its last update) and signs off for the group's secretariat; its body comes
    from the template chase_email.txt.j2, which the programme's templates/ may override.
    An organisation is written to at its `contact`, a person at their `email`, a group
    through its contact or its chair and secretariat (its `chase` field). The secretariat's
    own actions are a to-do list, not a message. Owners with no address on record get a
    message with an empty To, and a warning naming them.

    Examples:

      tws actions chase

      tws actions chase --drafts build/chase

      tws actions chase --owner sssc --reply-by 2022-10-20
    """
    from trauma_ws.querying import names, query

    programme, day = _load(root, as_of)
    if owner is not None:
        owner = names.resolve(programme, owner, names.PARTIES, role="owner")
    from trauma_ws.publishing import chase_email, chase_view, targets

    if format is ChaseFormat.json:
        from trauma_ws.publishing import output

        blocks = query.chase(
            programme, as_of=day, within=within, stale_days=stale_days, owner=owner
        )
        messages = {
            m.owner: m
            for m in chase_view.build(
                programme,
                as_of=day,
                within=within,
                stale_days=stale_days,
                owner=owner,
                reply_by=reply_by,
                blocks=blocks,
            ).messages
        }
        out(
            output.rows_json(
                [
                    {
                        "owner": b.owner,
                        "name": b.name,
                        "members": b.members,
                        "actions": [{**r.to_dict(), "reasons": why} for r, why in b.items],
                        "message": _message_json(messages.get(b.owner)),
                    }
                    for b in blocks
                ]
            )
        )
        return

    if drafts is not None:
        targets.check(drafts, option="--drafts")
    view = chase_view.build(
        programme,
        as_of=day,
        within=within,
        stale_days=stale_days,
        owner=owner,
        reply_by=reply_by,
    )
    made = chase_email.drafts(view, root=programme.root, sent=_sent(programme.root, day))
    todo = chase_email.todo_text(view, root=programme.root)
    if drafts is None:
        if not made and not todo:
            out(f"Nothing to chase on {day}.\n")
            return
        out(chase_email.text_form(view, made, todo))
    else:
        for path in chase_email.write(drafts, made, todo):
            out(f"{path}\n")
        eprint(
            f"tws: wrote {len(made)} draft{'s' * (len(made) != 1)}"
            + (" and the secretariat's to-do list" if todo else "")
            + f" in {drafts}"
            + ("" if made or todo else f": nothing to chase on {day}")
        )
    lacking = chase_email.missing(view, drafts=drafts is not None)
    if lacking:
        eprint(
            f"tws: warning: {'drafts' if drafts is not None else 'messages'} with no e-mail "
            "address on record for whom they go to (their To lacks it): "
            + "; ".join(lacking)
            + ". Add `contact` (organisations, groups) or `email` (people) in "
            "data/groups.yaml"
        )
    if chase_email.no_sender(view):
        eprint(
            "tws: warning: no address on record for the secretariat to write from: the "
            "drafts have no From (the mail client fills it in); add `contact` to the "
            "secretariat's organisation in data/groups.yaml, or give an e-mail address as "
            "`programme.contact` in data/workplan.yaml"
        )


def _sent(root: Path, day: dt.date) -> dt.datetime:
    """The drafts' Date: now, in the programme's time zone, when ``day`` is today there;
    else nine in the morning of ``day``."""
    from trauma_ws.cli import common
    from trauma_ws.loading.programme import time_zone

    zone = time_zone(root)
    moment = common.now().astimezone(zone).replace(microsecond=0)
    if moment.date() == day:
        return moment
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=zone)


def _message_json(message: chase_view.ChaseMessage | None) -> dict[str, Any] | None:
    """The e-mail a block becomes, for scripts: its draft's file name, To and Cc (each name,
    address or null, and id), subject, greeting and the reply-by date in words; None for the
    secretariat's own actions (its to-do list)."""
    if message is None:
        return None

    def people(recipients: tuple[chase_view.Recipient, ...]) -> list[dict[str, Any]]:
        return [{"name": r.name, "address": r.address, "id": r.id} for r in recipients]

    replies = [s.reply_by for s in message.sections if s.reply_by]
    return {
        "draft": f"{message.owner}.eml",
        "to": people(message.to),
        "cc": people(message.cc),
        "subject": message.subject,
        "greeting": f"Dear {message.greeting},",
        "reply_by": replies[0] if replies else None,
    }


def _due_shown(due: str | None, day: dt.date | None) -> str:
    """An action's ``due`` as written, with the date it resolves to when that differs:
    ``next-meeting (no later meeting or date recorded yet)`` when it resolves to none."""
    if not due:
        return "-"
    if day is None:
        return f"{due} (no later meeting or date recorded yet)"
    return due if due == str(day) else f"{due} (resolves to {day})"


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
    """One action: its resolved due date, RAG (derived or manual) and history of updates.

    Where an id is asked for, a name, short name or abbreviation in any case does too (`SSSC`,
    "Partnership Delivery Group", a meeting as "pdg 2022-08-25"); the files keep ids.
    """
    from trauma_ws.querying import names, query

    programme, day = _load(root, as_of)
    action_id = names.resolve(programme, action_id, (names.ACTION,))
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
            _due_shown(a.due, r.due_date),
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
