"""`tws actions chase`: e-mail drafts any mail client opens, the same messages as text, and the
secretariat's own to-do list. Every draft is parsed with the standard library's e-mail parser."""

from __future__ import annotations

import datetime as dt
import email.policy
import json
import re
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest
from tests.conftest import AS_OF, copy_base, run_tws

from trauma_ws.publishing import chase_email
from trauma_ws.publishing.chase_view import ChaseMessage, ChaseSection, Recipient

ISO_DATE = re.compile(r"\b\d{4}-\d{2}(-\d{2})?\b")
IDS = re.compile(r"\b(del|adv)-\d{3}\b")
RAW_VALUES = ("not-started", "in-progress", "2023-Q2", "next-meeting")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def prog(tmp_path: Path) -> Path:
    """The base fixture with role mailboxes, a person's address, and a group contact; the
    secretariat (sec-org) shares del-002 with the Delivery Group."""
    root = copy_base(tmp_path / "prog")
    groups = root / "data/groups.yaml"
    _edit(
        groups,
        "name: Beta Health Board\n",
        "name: Beta Health Board\n    contact: actions@beta.example.org\n",
    )
    _edit(
        groups,
        "name: Secretariat Office\n",
        "name: Secretariat Office\n    contact: secretariat@example.org\n",
    )
    _edit(
        groups,
        "name: Alpha Council\n",
        "name: Alpha Council\n    contact: chair@alpha.example.org\n",
    )
    _edit(
        groups,
        "name: Pat Privateperson\n",
        "name: Pat Privateperson\n    email: pat@beta.example.org\n",
    )
    _edit(
        groups,
        "name: Delivery Group\n",
        "name: Delivery Group\n    contact: delivery@example.org\n",
    )
    _edit(root / "data/actions/del-002.yaml", "owners: [delivery]", "owners: [delivery, sec-org]")
    return root


def chase(root: Path, *args: str) -> tuple[int, str, str]:
    result = run_tws("actions", "chase", "--root", str(root), "--as-of", AS_OF, *args)
    return result.exit_code, result.stdout, result.stderr


def drafts(root: Path, folder: Path, *args: str) -> dict[str, EmailMessage]:
    code, _, err = chase(root, "--drafts", str(folder), *args)
    assert code == 0, err
    parser = BytesParser(policy=email.policy.default)
    found = {}
    for path in sorted(folder.glob("*.eml")):
        message = parser.parsebytes(path.read_bytes())
        assert isinstance(message, EmailMessage)
        found[path.stem] = message
    return found


def text_of(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    content = part.get_content()
    assert isinstance(content, str)
    return content.replace("\r\n", "\n")  # lines in mail end CRLF


def in_words(body: str) -> str:
    """The body above the reference line, which alone may name ids."""
    above, _, reference = body.partition("\nOur reference: ")
    assert IDS.fullmatch(reference.split(",")[0].strip()), reference
    return above


# --- the drafts -----------------------------------------------------------------------------------


def test_one_draft_per_owner_with_proper_headers(prog: Path, tmp_path: Path) -> None:
    found = drafts(prog, tmp_path / "out")
    assert sorted(found) == [
        "alpha-council",
        "beta-health",
        "delivery",
        "gamma-trust",
        "pat-private",
        "robin-public",
    ]
    beta = found["beta-health"]
    assert beta["To"] == "Beta Health Board <actions@beta.example.org>"
    assert beta["From"] == "Secretariat Office <secretariat@example.org>"
    assert beta["Reply-To"] == "Secretariat Office <secretariat@example.org>"
    assert beta["Subject"] == "Update requested: 2 actions from the Delivery Group"
    assert beta["X-Unsent"] == "1"
    # The programme's today, at the stopped clock's time in Europe/London.
    assert beta["Date"].datetime == dt.datetime(2023, 7, 15, 12, 0, tzinfo=dt.UTC)
    assert beta.get_content_type() == "text/plain"
    assert beta.get_content_charset() == "utf-8"
    assert "Bcc" not in beta
    assert "Cc" not in beta
    # A person is written to at their own address: chase is an internal output.
    assert found["pat-private"]["To"] == "Pat Privateperson <pat@beta.example.org>"


def test_the_body_reads_as_a_letter_in_words(prog: Path, tmp_path: Path) -> None:
    body = text_of(drafts(prog, tmp_path / "out")["beta-health"])
    assert body.startswith("Dear Beta Health Board colleagues,\n\n")
    assert "Ahead of the Delivery Group's next meeting in September 2023, could you" in body
    assert "1. Map current referral pathways\n" in body
    assert "   Due: 30 April 2023 (overdue by 76 days)\n" in body
    assert "   Raised at: the Delivery Group meeting of 1 March 2023\n" in body
    assert "   Last update: 10 May 2023, from Pat Privateperson (Beta Health Board):\n" in body
    assert "   Two of three areas mapped.\n" in body
    assert "2. Share referral data between partners\n" in body
    assert "   Due: 10 August 2023 (in 26 days)\n" in body
    assert "   Last update: none yet\n" in body
    assert "\nKind regards,\n\nSecretariat Office\nSecretariat to the Delivery Group\n" in body
    assert body.endswith("\nOur reference: del-001, del-008\n")


def test_no_ids_iso_dates_or_raw_values_above_the_reference(prog: Path, tmp_path: Path) -> None:
    for owner, message in drafts(prog, tmp_path / "out").items():
        words = in_words(text_of(message))
        assert not ISO_DATE.search(words), (owner, words)
        assert not IDS.search(words), (owner, words)
        for raw in RAW_VALUES:
            assert raw not in words, (owner, raw)
        assert not ISO_DATE.search(str(message["Subject"])), owner


def test_a_blocked_action_and_a_quarter_in_words(prog: Path, tmp_path: Path) -> None:
    body = text_of(drafts(prog, tmp_path / "out")["gamma-trust"])
    assert "   Due: April to June 2023 (overdue by 15 days)\n" in body
    assert "Our records show it as blocked" in body


def test_the_secretariat_gets_a_to_do_list_not_a_message(prog: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    found = drafts(prog, folder)
    assert "sec-org" not in found
    todo = (folder / "to-do.txt").read_text(encoding="utf-8")
    assert todo.startswith("The secretariat's own actions to follow up, 15 July 2023\n")
    assert "Delivery Group (secretariat: Secretariat Office)" in todo
    assert "- Agree the group's communications plan [del-002]" in todo
    assert "  Due: May 2023 (overdue by 45 days)" in todo
    # The group that shares the action is still asked, through its own contact.
    assert "Agree the group's communications plan" in text_of(found["delivery"])


def test_a_group_owner_is_chased_through_its_contact(prog: Path, tmp_path: Path) -> None:
    message = drafts(prog, tmp_path / "out")["delivery"]
    assert message["To"] == "Delivery Group <delivery@example.org>"
    assert len(message["To"].addresses) == 1
    body = text_of(message)
    assert body.startswith("Dear Delivery Group members,\n")
    assert "about an action the\ngroup holds as a whole." in body


def test_or_through_its_chair_copied_to_its_secretariat(prog: Path, tmp_path: Path) -> None:
    groups = prog / "data/groups.yaml"
    _edit(
        groups,
        "    contact: delivery@example.org\n",
        "    contact: delivery@example.org\n    chase: chair-and-secretariat\n",
    )
    # A secretariat that writes from the programme's mailbox is copied in.
    _edit(groups, "    contact: secretariat@example.org\n", "")
    message = drafts(prog, tmp_path / "out")["delivery"]
    assert message["To"] == "Alpha Council <chair@alpha.example.org>"
    assert message["Cc"] is None  # the secretariat has no mailbox of its own to copy
    assert message["From"] == "Fixture Programme <fixture@example.org>"
    body = text_of(message)
    assert body.startswith("Dear Chair,\n")
    assert "As its chair,\ncould you let us know where it stands" in body


def test_an_external_body_owning_an_action_is_written_to_as_a_body(
    prog: Path, tmp_path: Path
) -> None:
    """A body whose own records are kept elsewhere (an external group, as SWEP is when it sits
    on a group here) has no chair or members recorded here: it is written to at its contact,
    as an organisation is, never "Dear Chair" about an action "held as a whole"."""
    groups = prog / "data/groups.yaml"
    _edit(groups, "    external: true\n", "    external: true\n    contact: board@example.org\n")
    _edit(prog / "data/actions/del-001.yaml", "owners: [", "owners: [board, ")
    message = drafts(prog, tmp_path / "out")["board"]
    assert message["To"] == "Programme Board <board@example.org>"
    body = text_of(message)
    assert body.startswith("Dear Programme Board colleagues,\n")
    assert "as a whole" not in body
    assert "chair" not in body.lower()


def test_the_chair_route_never_writes_to_every_member(prog: Path, tmp_path: Path) -> None:
    groups = prog / "data/groups.yaml"
    _edit(groups, "    contact: delivery@example.org\n", "")
    _edit(groups, "    contact: secretariat@example.org\n", "")
    _edit(groups, "name: Gamma Trust\n", "name: Gamma Trust\n    contact: gamma@example.org\n")
    message = drafts(prog, tmp_path / "out")["delivery"]
    assert [a.addr_spec for a in message["To"].addresses] == ["chair@alpha.example.org"]


def test_owners_without_an_address_get_an_empty_to_and_a_warning(
    prog: Path, tmp_path: Path
) -> None:
    code, out, err = chase(prog, "--drafts", str(tmp_path / "out"))
    assert code == 0
    message = BytesParser(policy=email.policy.default).parsebytes(
        (tmp_path / "out/gamma-trust.eml").read_bytes()
    )
    assert message["To"] == ""
    assert "Dear Gamma Trust colleagues," in text_of(message)
    warning = [line for line in err.splitlines() if "warning" in line]
    assert len(warning) == 1
    assert "gamma-trust.eml (Gamma Trust (gamma-trust))" in warning[0]
    assert "robin-public.eml (Robin Publicname (robin-public))" in warning[0]
    assert "Beta Health Board" not in warning[0]
    assert out.splitlines()[0] == str(tmp_path / "out/alpha-council.eml")


def test_the_warning_names_each_draft_and_whom_it_lacks(prog: Path, tmp_path: Path) -> None:
    """A group chased through its chair with no address on record: the warning names the
    group's draft and says it is its chair who has none (not a draft of the chair's own)."""
    groups = prog / "data/groups.yaml"
    _edit(groups, "    contact: delivery@example.org\n", "")
    _edit(groups, "    contact: chair@alpha.example.org\n", "")
    code, _, err = chase(prog, "--drafts", str(tmp_path / "out"))
    assert code == 0, err
    (warning,) = [line for line in err.splitlines() if "no e-mail address" in line]
    assert "delivery.eml (the chair of the Delivery Group, Alpha Council (alpha-council))" in (
        warning
    )
    assert not (tmp_path / "out/alpha-council.eml").exists() or "alpha-council.eml (" in warning
    # Without --drafts, the messages are named by whose actions they are about.
    code, _, err = chase(prog)
    assert "the message about Delivery Group's actions (the chair of the Delivery Group" in err


def test_without_a_next_meeting_an_update_is_asked_by_a_date(prog: Path, tmp_path: Path) -> None:
    body = text_of(drafts(prog, tmp_path / "out")["robin-public"])
    assert (
        "Could you send us a short update on the action below from the Advisory\n"
        "Group by 29 July 2023?" in body
    )
    # The Advisory Group has no secretariat member: the programme's owner serves it.
    assert "\nAlpha Council\nSecretariat to the Advisory Group\n" in body
    again = text_of(drafts(prog, tmp_path / "again", "--reply-by", "2023-07-25")["robin-public"])
    assert "by 25 July 2023?" in again


def test_hostile_record_text_cannot_add_a_header(prog: Path, tmp_path: Path) -> None:
    _edit(
        prog / "data/actions/del-001.yaml",
        "title: Map current referral pathways",
        'title: "Map current referral pathways\\nBcc: x@evil.example"',
    )
    _edit(
        prog / "data/groups.yaml",
        "name: Beta Health Board\n",
        'name: "Beta Health Board\\nBcc: y@evil.example\\n\\nInjected"\n',
    )
    message = drafts(prog, tmp_path / "out")["beta-health"]
    assert "Bcc" not in message
    assert sorted(set(message.keys())) == sorted(
        {
            "To",
            "From",
            "Reply-To",
            "Subject",
            "Date",
            "X-Unsent",
            "Content-Type",
            "Content-Transfer-Encoding",
            "MIME-Version",
        }
    )
    assert [a.addr_spec for a in message["To"].addresses] == ["actions@beta.example.org"]
    assert (
        message["To"].addresses[0].display_name == "Beta Health Board Bcc: y@evil.example Injected"
    )
    body = text_of(message)
    assert "1. Map current referral pathways Bcc: x@evil.example\n" in body
    assert "\nBcc:" not in body


def test_a_header_injection_through_the_library_is_one_line() -> None:
    hostile = ChaseMessage(
        owner="x",
        owner_name="X",
        kind="organisation",
        route=None,
        to=(Recipient("Name\r\nBcc: a@evil.example", "to@example.org"),),
        cc=(),
        sender=Recipient("Sec\nX-Evil: 1", "sec@example.org"),
        missing=(),
        greeting="X colleagues",
        subject="Update\r\nBcc: b@evil.example",
        sections=(ChaseSection("Group", None, "1 August 2023", ()),),
        sign_off=(),
        reference="",
        count=0,
        programme_name="P",
    )
    sent = dt.datetime(2023, 7, 15, 9, 0, tzinfo=dt.UTC)
    data = chase_email.email_message(hostile, "Body é\n", sent=sent).as_bytes()
    parsed = BytesParser(policy=email.policy.default).parsebytes(data)
    assert "Bcc" not in parsed
    assert "X-Evil" not in parsed
    assert parsed["Subject"] == "Update Bcc: b@evil.example"
    assert text_of(parsed) == "Body é\n"


def test_utf8_names_and_text(prog: Path, tmp_path: Path) -> None:
    _edit(prog / "data/groups.yaml", "name: Beta Health Board\n", "name: Bòrd Slàinte Beta\n")
    _edit(
        prog / "data/actions/del-001.yaml",
        "text: Two of three areas mapped.",
        "text: Deux sur trois — café “ok”.",
    )
    folder = tmp_path / "out"
    message = drafts(prog, folder)["beta-health"]
    assert message["To"] == "Bòrd Slàinte Beta <actions@beta.example.org>"
    assert "Deux sur trois — café “ok”." in text_of(message)
    raw = (folder / "beta-health.eml").read_bytes()
    assert raw.isascii()  # encoded words and quoted-printable: safe for any mail system
    assert b"\r\n" in raw


def test_the_template_can_be_overridden(prog: Path, tmp_path: Path) -> None:
    (prog / "templates").mkdir()
    (prog / "templates/chase_email.txt.j2").write_text(
        "Hello {{ message.greeting }}: {{ message.count }} to go.\n", encoding="utf-8"
    )
    message = drafts(prog, tmp_path / "out")["beta-health"]
    assert text_of(message) == "Hello Beta Health Board colleagues: 2 to go.\n"


def test_a_broken_template_is_a_located_error(prog: Path, tmp_path: Path) -> None:
    (prog / "templates").mkdir()
    (prog / "templates/chase_email.txt.j2").write_text("{{ message.nope }}\n", encoding="utf-8")
    code, _, err = chase(prog, "--drafts", str(tmp_path / "out"))
    assert code == 1
    assert "templates/chase_email.txt.j2:1" in err
    assert not (tmp_path / "out").exists()


# --- the text form --------------------------------------------------------------------------------


def test_the_text_form_reads_the_same_as_the_emails(prog: Path, tmp_path: Path) -> None:
    code, text, _ = chase(prog)
    assert code == 0
    for owner, message in drafts(prog, tmp_path / "out").items():
        assert text_of(message) in text, owner
    assert "To: Beta Health Board <actions@beta.example.org>\n" in text
    assert "To: Gamma Trust (no address on record)\n" in text
    assert "Subject: Update requested: 2 actions from the Delivery Group\n" in text
    assert text.index("Dear Robin Publicname") < text.index("The secretariat's own actions")
    assert text.endswith("  Last update: none yet\n")


def test_owner_narrows_the_text_and_json_has_each_message(prog: Path, tmp_path: Path) -> None:
    code, text, _ = chase(prog, "--owner", "gamma-trust")
    assert code == 0
    # What Gamma Trust answers for, as `actions list --owner` finds it: its own, its group's
    # (the Delivery Group, through its chair) and its person's (Robin).
    assert text.count("\nSubject: ") + text.startswith("Subject: ") == 3
    assert "Dear Gamma Trust colleagues," in text
    assert "Dear Beta Health Board colleagues," not in text
    assert "secretariat's own" not in text
    code, out, _ = chase(prog, "-f", "json")
    blocks = json.loads(out)
    assert {b["owner"] for b in blocks} >= {"sec-org", "delivery", "beta-health"}
    assert set(blocks[0]) == {"owner", "name", "members", "actions", "message"}
    # Each block's message is the draft --drafts writes; the secretariat's is its to-do list.
    written = drafts(prog, tmp_path / "out")
    by_owner = {b["owner"]: b["message"] for b in blocks}
    assert by_owner["sec-org"] is None
    assert set(written) == {o for o, m in by_owner.items() if m is not None}
    for owner, message in by_owner.items():
        if message is None:
            continue
        draft = written[owner]
        assert message["draft"] == f"{owner}.eml"
        assert message["subject"] == draft["Subject"]
        assert text_of(draft).startswith(message["greeting"] + "\n")
        to = [a.addr_spec for a in draft["To"].addresses] if draft["To"] else []
        assert [p["address"] for p in message["to"] if p["address"]] == to
    assert by_owner["delivery"]["to"] == [
        {"name": "Delivery Group", "address": "delivery@example.org", "id": "delivery"}
    ]


def test_nothing_to_chase(prog: Path) -> None:
    code, text, _ = chase(prog, "--within", "0", "--stale-days", "9999", "--owner", "board")
    assert code == 0
    assert text == "Nothing to chase on 2023-07-15.\n"


# --- the drafts folder ----------------------------------------------------------------------------


def test_a_new_run_replaces_its_own_drafts_only(prog: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    drafts(prog, folder)
    assert (folder / "to-do.txt").exists()
    again = drafts(prog, folder, "--owner", "beta-health")
    # Beta Health Board's own, its group's and its person's; no stale draft left to send.
    assert sorted(again) == ["beta-health", "delivery", "pat-private"]
    assert not (folder / "to-do.txt").exists()


def test_a_folder_holding_other_files_is_refused(prog: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "letter.eml").write_text("keep me", encoding="utf-8")
    code, _, err = chase(prog, "--drafts", str(folder))
    assert code == 2
    assert "holds other files" in err
    assert (folder / "letter.eml").read_text(encoding="utf-8") == "keep me"


def test_drafts_never_go_into_the_records(prog: Path) -> None:
    code, _, err = chase(prog, "--drafts", str(prog / "data/drafts"))
    assert code == 2
    assert "--drafts" in err
    assert not (prog / "data/drafts").exists()


def test_a_persons_email_stays_out_of_every_other_output(prog: Path, tmp_path: Path) -> None:
    _edit(
        prog / "data/groups.yaml",
        "name: Robin Publicname\n",
        "name: Robin Publicname\n    email: robin@gamma.example.org\n",
    )
    base = ("--root", str(prog), "--as-of", AS_OF)
    outputs = [
        run_tws("export", "json", "--audience", audience, *base).stdout
        for audience in ("public", "internal")
    ]
    outputs += [
        run_tws("minutes", "render", meeting, "--audience", audience, *base).stdout
        for meeting in ("delivery-2023-03-01", "delivery-2023-06-01", "advisory-2023-04-01")
        for audience in ("public", "internal")
    ]
    outputs.append(run_tws("report", "progress", *base).stdout)
    outputs.append(run_tws("export", "csv", *base).stdout)
    assert run_tws("site", "build", "-o", str(tmp_path / "site"), *base).exit_code == 0
    outputs += [p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html")]
    assert len(outputs) > 10
    assert all(outputs)
    for text in outputs:
        assert "pat@beta.example.org" not in text
        assert "robin@gamma.example.org" not in text
    # Only the chase, an internal output for the secretariat, writes to them.
    _, text, _ = chase(prog)
    assert "To: Robin Publicname <robin@gamma.example.org>" in text


def test_without_a_secretariat_address_the_draft_has_no_from(prog: Path, tmp_path: Path) -> None:
    _edit(prog / "data/groups.yaml", "    contact: secretariat@example.org\n", "")
    _edit(prog / "data/workplan.yaml", "contact: fixture@example.org", "contact: The Office")
    folder = tmp_path / "out"
    code, _, err = chase(prog, "--drafts", str(folder))
    assert code == 0
    assert "no address on record for the secretariat to write from" in err
    message = BytesParser(policy=email.policy.default).parsebytes(
        (folder / "beta-health.eml").read_bytes()
    )
    assert message["From"] is None
    assert message["Reply-To"] is None
    assert message["To"] == "Beta Health Board <actions@beta.example.org>"
    # The secretariat still signs the message.
    assert "\nSecretariat Office\nSecretariat to the Delivery Group\n" in text_of(message)
    _, text, _ = chase(prog)
    assert "From: Secretariat Office (no address on record)\n" in text
