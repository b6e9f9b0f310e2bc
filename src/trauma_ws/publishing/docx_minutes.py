"""A meeting's minutes and its note of decisions as Word documents (``--format docx``).

Built from the same :class:`~trauma_ws.publishing.minutes_view.MeetingView` the templates get,
already filtered for its audience, so the Word file says what the Markdown and HTML say, in the
group's shape: gov-scot (attendees and apologies, items, next steps, contact) or committee
(present, in attendance, apologies, declarations, numbered items, date of next meeting). The
headings follow the HTML's levels, one lower (its ``h1`` is Word's Title, ``h2`` Heading 1);
lists stay lists. The programme's own templates do not apply: Word's shape is this module's.
"""

from __future__ import annotations

from trauma_ws.publishing import docx_writer
from trauma_ws.publishing.docx_writer import Builder, Inline, bold, link
from trauma_ws.publishing.minutes_view import ItemView, MeetingView
from trauma_ws.publishing.views import ActionView, ContactView

INTERNAL_HEADER = "Internal: for members only; not for publication"
"""The top of every page of an internal document."""


def contact_runs(contact: ContactView) -> tuple[Inline, ...]:
    """Who to contact, linked when it is an e-mail address, and the full stop after it."""
    if contact.email:
        return (link(contact.email, f"mailto:{contact.email}"), ".")
    return (f"{contact.contact}.",)


def _when(meeting: MeetingView) -> str:
    """``, from 10:00 to 12:30`` or ``, starting at 10:00``; nothing without a start."""
    if not meeting.start:
        return ""
    if meeting.end:
        return f", from {meeting.start} to {meeting.end}"
    return f", starting at {meeting.start}"


def _action(action: ActionView, meeting: MeetingView) -> str:
    text = f"{action.title} – {action.owners_text}"
    if action.due:
        text += f"; due {action.due_text}"
    if meeting.internal:
        text += f" ({action.status_text})"
    return text


def _internal(flag: bool) -> tuple[Inline, ...]:
    return (bold("Internal:"), " ") if flag else ()


def _decisions(doc: Builder, item: ItemView, *, lead_bold: bool) -> None:
    for group in item.decision_groups:
        doc.para(bold(group.lead) if lead_bold else group.lead)
        doc.bullets(
            (
                *_internal(d.internal),
                d.text,
                f" ({d.vote_text})" if d.vote_text else "",
            )
            for d in group.decisions
        )


def _approval(doc: Builder, meeting: MeetingView, *, by_the_group: str) -> None:
    if meeting.status == "draft":
        doc.para(bold("Draft:"), f" these minutes have not yet been approved{by_the_group}.")
    elif meeting.approved_at:
        doc.para(f"These minutes were approved at the {meeting.approved_at.label}.")
    elif meeting.approved_by:
        on = f" on {meeting.approved_on_text}" if meeting.approved_on_text else ""
        doc.para(f"These minutes were approved by {meeting.approved_by}{on}.")


def _item(doc: Builder, item: ItemView, meeting: MeetingView, *, level: int) -> None:
    """One item: its heading at ``level``, or one lower inside a section."""
    committee = meeting.style == "committee"
    heading = item.heading + (" (internal)" if item.internal else "")
    doc.heading(level + 1 if item.in_section else level, heading)
    if item.presenter:
        doc.para(f"Presented by {item.presenter}.")
    if item.papers:
        doc.para("Papers:")
        doc.bullets(
            (f"{p.reference} – " if p.reference else "", link(p.title, p.url)) for p in item.papers
        )
    if item.private:
        doc.para("This item was taken in private.")
    if committee:
        for note in item.notes:
            doc.para(*_internal(note.internal), note.text)
    else:
        doc.bullets((*_internal(n.internal), n.text) for n in item.notes)
    if item.action_log:
        if item.log:
            doc.para(f"The action log as it stood on {meeting.date_text}:")
            doc.bullets(
                f"{e.title} – {e.owners_text}"
                + (f"; due {e.due_text}" if e.due_text else "")
                + f"; status: {e.status_text}"
                + (
                    f". Latest update, {e.last_update_date_text}: {e.last_update_text}"
                    if e.last_update_text
                    else ""
                )
                for e in item.log
            )
        else:
            doc.para("There were no open actions to review.")
    _decisions(doc, item, lead_bold=committee)
    if item.actions:
        doc.para("Actions arising:")
        doc.bullets(_action(a, meeting) for a in item.actions)


def _next_steps(doc: Builder, meeting: MeetingView) -> None:
    doc.heading(1, "Next steps/actions")
    if meeting.actions:
        doc.bullets(_action(a, meeting) for a in meeting.actions)
    else:
        doc.para("No actions were recorded.")


def _declarations(doc: Builder, meeting: MeetingView, *, heading: bool) -> None:
    if meeting.declarations is None:
        return
    if heading:
        doc.heading(1, "Declarations of interest")
    if meeting.declarations:
        if not heading:
            doc.para("Declarations of interest:")
        doc.bullets(d.text for d in meeting.declarations)
    else:
        doc.para("No declarations of interest were made.")


def _overview(meeting: MeetingView) -> str:
    """The gov-scot overview: which meeting, where and how, when, and who chaired it."""
    which = f"the {meeting.number_text}" if meeting.number_text else "a meeting"
    where = f" at {meeting.location}" if meeting.location else ""
    held = {
        "in-person": f", held in person{where}",
        "hybrid": f", held {where.strip() or 'in person'} and online",
        "online": f", held online ({meeting.location})" if meeting.location else ", held online",
    }.get(meeting.format or "", f", held{where}" if meeting.location else "")
    return (
        f"This was {which} of the {meeting.group_name}{held}{_when(meeting)}. "
        f"Chair: {meeting.chair}."
    )


def _gov_scot(doc: Builder, meeting: MeetingView) -> None:
    doc.heading(0, meeting.title)
    doc.para(f"Minutes from the meeting of the group on {meeting.date_text}.")
    if meeting.internal:
        doc.para(bold("Internal:"), " for group members only; not for publication.")
    _approval(doc, meeting, by_the_group=" by the group")
    doc.heading(1, "Attendees and apologies")
    if meeting.attendees:
        doc.bullets(meeting.attendees)
    else:
        doc.para("No attendees were recorded.")
    if meeting.in_attendance:
        doc.para("In attendance:")
        doc.bullets(p.text for p in meeting.in_attendance)
    if meeting.apologies:
        doc.para("Apologies were received from:")
        doc.bullets(meeting.apologies)
    if meeting.observers_text:
        doc.para(f"{meeting.observers_text} attended.")
    _declarations(doc, meeting, heading=False)
    doc.heading(1, "Items and actions")
    doc.heading(2, "Overview")
    doc.para(_overview(meeting))
    doc.para(meeting.purpose or "")
    for item in meeting.items:
        if item.section:
            doc.heading(2, item.section)
        _item(doc, item, meeting, level=2)
    _next_steps(doc, meeting)
    if meeting.next_meeting_text:
        on = "on" if meeting.next_meeting_exact else "in"
        doc.para(f"The group's next meeting is expected {on} {meeting.next_meeting_text}.")
    contact = meeting.contact
    doc.heading(1, "Contact")
    doc.para(
        f"For more information on the {contact.group_name} or on {contact.programme_name}, "
        "contact: ",
        *contact_runs(contact),
    )
    if contact.url:
        doc.para("The programme's web page: ", link(contact.url, contact.url), ".")
    if contact.group_url:
        doc.para("The group's web page: ", link(contact.group_url, contact.group_url), ".")


def _held(meeting: MeetingView) -> str:
    """``the first meeting of the X Board, held on 1 June 2023, from 10:00 to 12:30 at Y``."""
    which = meeting.number_text or "meeting"
    where = f" at {meeting.location}" if meeting.location else ""
    held = f"held on {meeting.date_text}{_when(meeting)}{where}"
    return f"the {which} of the {meeting.group_name}, {held}"


def _committee(doc: Builder, meeting: MeetingView) -> None:
    doc.heading(0, f"{meeting.group_name}: minutes of {meeting.date_text}")
    how = {"in-person": ", in person", "online": ", online", "hybrid": ", in person and online"}
    doc.para(f"Minutes of {_held(meeting)}{how.get(meeting.format or '', '')}.")
    if meeting.internal:
        doc.para(bold("Internal:"), " for members only; not for publication.")
    _approval(doc, meeting, by_the_group="")
    doc.heading(1, "Present")
    doc.bullets(p.text for p in meeting.present)
    if meeting.in_attendance:
        doc.heading(1, "In attendance")
        doc.bullets(p.text for p in meeting.in_attendance)
    doc.heading(1, "Apologies")
    if meeting.apologies:
        doc.bullets(meeting.apologies)
    else:
        doc.para("No apologies were received.")
    if meeting.observers_text:
        doc.para(f"{meeting.observers_text} attended.")
    _declarations(doc, meeting, heading=True)
    for item in meeting.items:
        if item.section:
            doc.heading(1, item.section)
        _item(doc, item, meeting, level=1)
    _next_steps(doc, meeting)
    if meeting.next_meeting_text:
        doc.heading(1, "Date of next meeting")
        when = "will be held on" if meeting.next_meeting_exact else "is expected in"
        doc.para(f"The next meeting {when} {meeting.next_meeting_text}.")


def _spec(doc: Builder, meeting: MeetingView) -> docx_writer.DocumentSpec:
    title = next(b.text for b in doc.blocks if isinstance(b, docx_writer.Heading))
    return doc.spec(
        title=title,
        author=meeting.group_name,
        date=meeting.date,
        status="Draft" if meeting.status == "draft" else None,
        page_header=INTERNAL_HEADER if meeting.internal else None,
    )


def minutes_spec(meeting: MeetingView) -> docx_writer.DocumentSpec:
    """The minutes as a document structure, in the shape of the group's ``minutes.style``."""
    doc = Builder()
    if meeting.style == "committee":
        _committee(doc, meeting)
    else:
        _gov_scot(doc, meeting)
    return _spec(doc, meeting)


def decisions_spec(meeting: MeetingView) -> docx_writer.DocumentSpec:
    """The note of decisions (as ``tws minutes decisions`` gives it) as a document structure."""
    doc = Builder()
    doc.heading(0, f"{meeting.group_name}: note of decisions, {meeting.date_text}")
    doc.para(
        f"A note of {_held(meeting)}: the members attending, apologies, declarations of "
        "interest and the decisions taken, with the outcome of any vote."
    )
    if meeting.internal:
        doc.para(bold("Internal:"), " for members only; not for publication.")
    if meeting.status == "draft":
        doc.para("The minutes of this meeting have not yet been approved.")
    doc.heading(1, "Members attending")
    doc.bullets(p.text for p in meeting.present)
    doc.heading(1, "Apologies")
    if meeting.apologies:
        doc.bullets(meeting.apologies)
    else:
        doc.para("No apologies were received.")
    if meeting.declarations is None:
        doc.heading(1, "Declarations of interest")
        doc.para("No declarations of interest were recorded for this meeting.")
    else:
        _declarations(doc, meeting, heading=True)
    doc.heading(1, "Decisions")
    decided = [item for item in meeting.items if item.decision_groups]
    for item in decided:
        doc.heading(2, item.heading + (" (internal)" if item.internal else ""))
        _decisions(doc, item, lead_bold=False)
    if not decided:
        doc.para("No decisions were recorded.")
    return _spec(doc, meeting)


def minutes_docx(meeting: MeetingView) -> bytes:
    """The minutes as a Word document (see :func:`docx_writer.to_bytes`)."""
    return docx_writer.to_bytes(minutes_spec(meeting))


def decisions_docx(meeting: MeetingView) -> bytes:
    """The note of decisions as a Word document (see :func:`docx_writer.to_bytes`)."""
    return docx_writer.to_bytes(decisions_spec(meeting))
