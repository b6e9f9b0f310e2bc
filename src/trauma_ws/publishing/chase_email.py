"""`tws actions chase` as e-mail: each message's body from the overridable template
``chase_email.txt.j2``, an ``.eml`` draft built with Python's :mod:`email` package, the same
messages as text, and the secretariat's to-do list (``chase_todo.txt.j2``).

Headers are built from addresses the records' checks already accepted and from names made one
line (:func:`trauma_ws.publishing.chase_view.line`), through :mod:`email.headerregistry`, so no
record text can add a header. ``X-Unsent: 1`` makes Outlook open a draft for editing; other
clients open it as a message to forward or "edit as new".
"""

from __future__ import annotations

import datetime as dt
import email.policy
import email.utils
from collections.abc import Sequence
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

from trauma_ws.publishing.chase_view import ChaseMessage, ChaseView, Recipient, line
from trauma_ws.publishing.render import render
from trauma_ws.record.problems import UsageError

TEMPLATE = "chase_email.txt.j2"
TODO_TEMPLATE = "chase_todo.txt.j2"
TODO_FILE = "to-do.txt"
MARKER = ".tws-chase"
"""Marks a folder of drafts tws wrote, whose old drafts a new run may replace."""
MARKER_TEXT = "Drafts written by `tws actions chase --drafts`; the next run replaces them.\n"
RULE = "-" * 72


@dataclass(frozen=True, slots=True)
class Draft:
    """One message: the file name it is saved as, its body, and the ``.eml`` bytes."""

    filename: str
    body: str
    message: ChaseMessage
    data: bytes


def body(message: ChaseMessage, *, root: Path | None) -> str:
    """The message's text from ``chase_email.txt.j2`` (the programme's own, when it has one)."""
    text = render(TEMPLATE, {"message": message}, root=root)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def todo_text(view: ChaseView, *, root: Path | None) -> str:
    """The secretariat's to-do list from ``chase_todo.txt.j2``; empty when it has nothing."""
    if not view.todo:
        return ""
    return render(TODO_TEMPLATE, {"todo": view.todo, "as_of_text": view.as_of_text}, root=root)


def _address(recipient: Recipient) -> Address:
    # The view made names one line already; again here, so no caller can add a header.
    return Address(display_name=line(recipient.name), addr_spec=line(recipient.address or ""))


def _addresses(recipients: Sequence[Recipient]) -> tuple[Address, ...]:
    return tuple(_address(r) for r in recipients if r.address)


def email_message(message: ChaseMessage, text: str, *, sent: dt.datetime) -> EmailMessage:
    """The draft: To (empty when no address is on record), Cc, From and Reply-To (the
    secretariat's mailbox, when known), Subject, Date (``sent``, aware), ``X-Unsent: 1``, and
    ``text`` as a UTF-8 plain-text body."""
    msg = EmailMessage(policy=email.policy.SMTP)
    to = _addresses(message.to)
    msg["To"] = to if to else ""
    cc = _addresses(message.cc)
    if cc:
        msg["Cc"] = cc
    if message.sender is not None and message.sender.address:
        msg["From"] = _address(message.sender)
        msg["Reply-To"] = _address(message.sender)
    msg["Subject"] = line(message.subject)
    msg["Date"] = email.utils.format_datetime(sent)
    msg["X-Unsent"] = "1"
    msg.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    return msg


def drafts(view: ChaseView, *, root: Path | None, sent: dt.datetime) -> list[Draft]:
    """One draft per message of ``view``, named ``<owner id>.eml`` (ids are safe names)."""
    found = []
    for message in view.messages:
        text = body(message, root=root)
        data = email_message(message, text, sent=sent).as_bytes()
        found.append(Draft(f"{message.owner}.eml", text, message, data))
    return found


def _header_line(label: str, recipients: Sequence[Recipient]) -> str:
    shown = []
    for r in recipients:
        shown.append(f"{r.name} <{r.address}>" if r.address else f"{r.name} (no address on record)")
    return f"{label}: {', '.join(shown)}"


def text_form(view: ChaseView, items: Sequence[Draft], todo: str) -> str:
    """The messages as they read in the drafts, each under its headers, then the to-do list."""
    parts: list[str] = []
    for draft in items:
        m = draft.message
        lines = [_header_line("To", m.to) if m.to else f"To: (no address: {m.owner_name})"]
        if m.cc:
            lines.append(_header_line("Cc", m.cc))
        if m.sender is not None:
            lines.append(_header_line("From", [m.sender]))
        lines += [f"Subject: {m.subject}", "", draft.body.rstrip("\n"), "", RULE, ""]
        parts.append("\n".join(lines))
    if todo:
        parts.append(todo)
    return "\n".join(parts).rstrip("\n") + "\n"


def missing(view: ChaseView, *, drafts: bool) -> list[str]:
    """Each message that should reach someone with no address on record, and whom:
    ``pdg.eml (the chair of the Partnership Delivery Group, Scottish Government
    (scottish-government))`` with ``drafts`` (its file's name), else ``the message about …``."""
    out = []
    for m in view.messages:
        if not m.missing:
            continue
        label = f"{m.owner}.eml" if drafts else f"the message about {m.owner_name}'s actions"
        whom = ", ".join(m.missing)
        if m.kind == "group" and m.route != "contact" and m.to:
            whom = f"the chair of the {m.owner_name}, {whom}"
        out.append(f"{label} ({whom})")
    return out


def no_sender(view: ChaseView) -> bool:
    """True when some message has no sender's address on record (its draft has no From)."""
    return any(m.sender is None or not m.sender.address for m in view.messages)


def write(folder: Path, items: Sequence[Draft], todo: str) -> list[Path]:
    """Save the drafts (and ``to-do.txt``, when there is a to-do list) in ``folder``.

    The folder must be new, empty, or one an earlier run wrote (it holds ``.tws-chase``):
    that run's drafts and to-do list are removed first, so no stale draft is left to send.
    UsageError for a folder holding other files, or that cannot be made; the paths written.
    """
    from trauma_ws.storage.files import replace_file

    try:
        folder.mkdir(parents=True, exist_ok=True)
        entries = list(folder.iterdir())
        if entries and not (folder / MARKER).is_file():
            raise UsageError(
                f"--drafts {folder}: the folder holds other files; give a new or empty folder "
                "(tws replaces only drafts it wrote there itself)"
            )
        for entry in entries:
            if entry.is_file() and (entry.suffix == ".eml" or entry.name == TODO_FILE):
                entry.unlink()
        replace_file(folder / MARKER, MARKER_TEXT)
        written = []
        for draft in items:
            path = folder / draft.filename
            replace_file(path, draft.data)
            written.append(path)
        if todo:
            replace_file(folder / TODO_FILE, todo)
            written.append(folder / TODO_FILE)
    except OSError as exc:
        raise UsageError(f"--drafts {folder}: cannot write there: {exc.strerror or exc}") from None
    return written
