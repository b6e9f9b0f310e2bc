"""Write a deterministic synthetic programme for benchmarks: N actions, N/5 meetings, 20 groups,
N/50 risks and N/200 measures."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

AS_OF = dt.date(2026, 11, 23)
"""The date every generated programme is valid on: run `tws validate --as-of 2026-11-23`."""

START = dt.date(2022, 4, 1)
"""The programme's first day (the start of financial year 2022/23)."""

SEED = 20261123
MARKER = ".tws-bench"
"""A file written beside ``data/`` so that a later run may safely replace what it generated."""

WIDTH = 78
"""Longest line written, so that the files look hand-written (and yamllint stays quiet)."""

# --- vocabulary -------------------------------------------------------------------------------


def _lines(text: str) -> tuple[str, ...]:
    """The non-blank lines of ``text``, stripped: one entry per line keeps the tables compact."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _words(text: str) -> tuple[str, ...]:
    """The words of ``text``."""
    return tuple(text.split())


def _rows(text: str) -> tuple[tuple[str, ...], ...]:
    """Rows of ``a | b | c`` cells."""
    return tuple(tuple(cell.strip() for cell in line.split("|")) for line in _lines(text))


# id | name | abbreviation ("-" for none)
ORGANISATIONS: tuple[tuple[str, ...], ...] = _rows("""
    scot-gov | Scottish Government Social Work Division | SG
    sssc | Scottish Social Services Council | SSSC
    care-inspectorate | Care Inspectorate | -
    nes | NHS Education for Scotland | NES
    phs | Public Health Scotland | PHS
    iriss | Institute for Research and Innovation in Social Services | IRISS
    social-work-scotland | Social Work Scotland | SWS
    cosla | Convention of Scottish Local Authorities | COSLA
    glasgow-city | Glasgow City Council | -
    edinburgh-city | City of Edinburgh Council | -
    fife | Fife Council | -
    highland | Highland Council | -
    dundee-city | Dundee City Council | -
    aberdeen-city | Aberdeen City Council | -
    north-lanarkshire | North Lanarkshire Council | -
    south-ayrshire | South Ayrshire Council | -
    western-isles | Comhairle nan Eilean Siar | CnES
    nhs-lothian | NHS Lothian | -
    nhs-ggc | NHS Greater Glasgow and Clyde | NHS GGC
    nhs-tayside | NHS Tayside | -
    who-cares | Who Cares? Scotland | -
    children-1st | Children 1st | -
    sacro | Sacro | -
    uni-stirling | University of Stirling | -
    uni-strathclyde | University of Strathclyde | -
    celcis | CELCIS, Centre for Excellence for Children's Care and Protection | CELCIS
    unison | UNISON Scotland | -
    sasw | Scottish Association of Social Work | SASW
""")

FIRST_NAMES = _words("""
    Aisha Alasdair Amira Andrew Ailsa Bethany Callum Catriona Chidi Claire Craig Deborah Donald
    Eilidh Euan Fatima Fiona Fraser Gillian Graham Hamish Heather Iain Isla Jamal Janet Kirsty
    Kenneth Lorna Malcolm Mairi Morag Neil Niamh Olumide Priya Rhona Ruairidh Sanjay Shona
    Stuart Tariq Una Wei Yvonne Zainab
""")
LAST_NAMES = _words("""
    Ahmed Anderson Baird Black Boyle Cameron Campbell Chen Clark Douglas Duncan Ferguson Fraser
    Gallagher Gordon Grant Hamilton Henderson Hussain Johnston Kaur Kerr Khan MacDonald MacKay
    MacLeod Martin McGregor Mitchell Morrison Murray Nwosu Paterson Reid Robertson Ross Scott
    Shah Sinclair Stewart Thomson Walker Watson Wilson Wright Young
""")
JOB_TITLES = _lines("""
    Chief Social Work Officer
    Head of Service
    Service Manager
    Team Manager
    Senior Practitioner
    Practice Development Officer
    Learning and Development Lead
    Policy Officer
    Programme Manager
    Project Officer
    Data Analyst
    Research Fellow
    Clinical Psychologist
    Lived Experience Adviser
    Communications Officer
    Finance Business Partner
    Information Governance Lead
    Workforce Planning Lead
    Trade Union Representative
    Head of Policy
""")

# id | name | short name | reports to (comma-separated) | external or internal | purpose
GROUPS: tuple[tuple[str, ...], ...] = _rows(
    """
    ntt-board | National Trauma Transformation Board | NTT Board | - | external |
        Oversees trauma-informed change across Scottish public services.
    cswo-forum | Chief Social Work Officers Forum | CSWO Forum | - | external |
        Brings together the chief social work officers of every local authority.
    pb | Programme Board | - | ntt-board,cswo-forum | internal |
        Sets the programme's direction, agrees its budget and holds delivery to account.
    pdg | Programme Delivery Group | PDG | pb | internal |
        Coordinates delivery across the workstreams and manages the risk register.
    frc | Finance and Resources Committee | FRC | pb | internal |
        Scrutinises spending against the budget and approves grant awards.
    eag | Expert Advisory Group | EAG | pb | internal |
        Gives independent advice on evidence, practice and evaluation.
    lep | Lived Experience Panel | LEP | pb | internal |
        Makes sure people with lived experience shape every part of the programme.
    wdg | Workforce Development Group | WDG | pdg | internal |
        Plans the learning, supervision and wellbeing offer for the social work workforce.
    psg | Practice Standards Group | PSG | pdg | internal |
        Writes and reviews the trauma-responsive practice standards and guidance.
    deg | Data and Evaluation Group | DEG | pdg,frc | internal |
        Designs the outcome measures and commissions the programme's evaluation.
    ceg | Communications and Engagement Group | CEG | pdg | internal |
        Plans communications with staff, partners and the public.
    cyp | Children and Young People Group | CYP | pdg | internal |
        Leads the work with children's services and family support.
    asg | Adult Services Group | ASG | pdg | internal |
        Leads the work with adult social work and social care.
    jsw | Justice Social Work Group | JSW | pdg | internal |
        Leads the work with justice social work services.
    swg | Supervision and Wellbeing Group | SWG | wdg | internal |
        Develops reflective supervision and staff wellbeing support.
    tdg | Training Design Group | TDG | wdg | internal |
        Designs and quality-assures the training modules.
    qag | Quality Assurance Group | QAG | psg,deg | internal |
        Runs practice audits against the standards and reports the findings.
    igg | Information Governance Group | IGG | deg | internal |
        Agrees data sharing, retention and privacy arrangements.
    psn | Peer Support Network | PSN | lep | internal |
        Connects peer workers and people with lived experience across areas.
    lin | Local Implementation Network | LIN | pdg | internal |
        Brings together the implementation leads of every local authority.
""".replace("|\n", "| ")
)

# id | title | lead group | aim
WORKSTREAMS: tuple[tuple[str, ...], ...] = _rows(
    """
    workforce | Workforce learning and wellbeing | wdg |
        Every social worker can reach trauma-informed training and reflective supervision.
    practice | Practice standards | psg |
        Trauma-responsive practice standards are agreed, used and audited.
    children | Children and families | cyp |
        Children's services respond to trauma consistently across Scotland.
    adults | Adult services | asg |
        Adult social work recognises and responds to trauma.
    justice | Justice social work | jsw |
        Justice social work uses trauma-responsive approaches in every area.
    lived-experience | Lived experience leadership | lep |
        People with lived experience co-design and co-lead the programme.
    evaluation | Data and evaluation | deg |
        The programme's outcomes are measured and published.
    engagement | Communications and engagement | ceg |
        Staff, partners and the public know about the programme and can shape it.
""".replace("|\n", "| ")
)

# group id -> its workstream
GROUP_WORKSTREAM: dict[str, str] = {
    row[0]: row[1]
    for row in _rows("""
    wdg | workforce
    swg | workforce
    tdg | workforce
    psg | practice
    qag | practice
    cyp | children
    asg | adults
    jsw | justice
    lep | lived-experience
    psn | lived-experience
    deg | evaluation
    igg | evaluation
    ceg | engagement
""")
}

VERBS = _lines("""
    Draft
    Circulate
    Review
    Agree
    Publish
    Map
    Scope
    Confirm
    Share
    Update
    Commission
    Pilot
    Evaluate
    Report on
    Test
    Refresh
    Finalise
    Cost
    Present
    Collate feedback on
""")
TOPICS = _lines("""
    the trauma-informed supervision framework
    the practice audit tool
    the training needs analysis
    the learning pathway for newly qualified workers
    the lived experience payment policy
    the outcome measures
    the evaluation brief
    the data sharing agreement
    the communications plan
    the risk register
    the budget forecast
    the grant criteria
    the reflective practice guide
    the peer support model
    the wellbeing survey
    the implementation toolkit
    the induction module
    the practice standards
    the self-assessment template
    the case file audit findings
    the workforce survey results
    the easy-read summary
    the website content
    the annual report
    the equality impact assessment
    the privacy notice
    the regional learning sets
    the coaching offer
    the quality assurance framework
    the secondment arrangements
""")
AUDIENCES = _lines("""
    with local implementation leads
    with the Lived Experience Panel
    with chief social work officers
    with trade union colleagues
    for the next Board
    with the workstream leads
    across the pilot areas
    with NHS partners
    for ministers
    with the evaluation team
    before the summer recess
    with third sector partners
""")
AREAS = _lines("""
    Glasgow
    Fife
    Highland
    Dundee
    Aberdeen
    North Lanarkshire
    South Ayrshire
    the Western Isles
    Edinburgh
    the pilot areas
    all 32 local authorities
""")
REASONS = _lines("""
    so that partners can comment before it is agreed
    so that the Board can take a decision at its next meeting
    so that local areas know what is expected of them
    so that the evaluation can start on time
    so that the costs are clear before the grant round opens
    to respond to the findings of the practice audit
    as agreed when the workplan was refreshed
    so that people with lived experience are paid fairly and promptly
    to close the gap identified in the self-assessment returns
    so that the learning offer reaches staff in remote and rural areas
""")
PROGRESS = _lines("""
    First draft shared with {who} for comment; comments due within three weeks.
    Met with {who} to agree the scope; a revised version will follow.
    Work paused while the team waits for the budget decision.
    Feedback from {who} received and being worked through.
    A short-life working group has been set up and met twice.
    Pilot running in {area}; early feedback from staff is positive.
    Delayed by staff absence; a new date will be proposed at the next meeting.
    Discussed with {who}, who asked for more detail on costs and timescales.
    Version two circulated to members by email.
    Data collection complete in {area}; analysis under way.
    Sessions booked in {area} for the coming quarter.
    Waiting for legal advice on the data protection questions raised.
    Paper prepared and taken to the group for discussion.
    Procurement route agreed with the finance team.
""")
FOLLOW_UP = _lines("""
    {who} will report back at the next meeting.
    The revised timescale has been agreed with the chair.
    Costs are expected to stay within the agreed budget.
    Colleagues in {area} have offered to test the next version.
    A progress note will go to the Programme Delivery Group.
    No risks to delivery have been identified at this stage.
""")
DONE_TEXT = _lines("""
    Completed and circulated to all members.
    Agreed by the group and published on the programme's web page.
    Final version signed off by the chair.
    Done; the report is on the shared drive and was noted at the meeting.
    Completed; the findings will feed into the next workplan refresh.
""")
DROPPED_TEXT = _lines("""
    No longer needed: the work has been taken forward by the national programme.
    Closed by the group as it overlaps with another action.
    Dropped after the funding for this strand was withdrawn.
""")
BLOCKED_TEXT = _lines("""
    Blocked until the data sharing agreement is signed by all partners.
    Cannot proceed until the budget for next year is confirmed.
    On hold pending the outcome of the national review.
""")
ITEM_TITLES = _lines("""
    Programme update from the programme manager
    Finance report
    Risk register review
    Workstream highlight reports
    Lived experience update
    Evaluation progress
    Training and learning offer
    Practice audit findings
    Communications update
    Data and performance report
    Workforce survey
    Supervision framework
    Local implementation reports
    Grant applications
    Equality impact assessment
    Information governance
    Forward plan
""")
NOTES = _lines("""
    {who} introduced the paper and summarised the main points for members.
    Members welcomed the progress made since the last meeting and thanked the team.
    {who} noted that staff capacity remains the biggest risk to delivery this year.
    The group discussed how the work could reach staff in remote and rural areas.
    There was a discussion about how the costs would be met after the end of the grant.
    {who} reported that uptake of the training in {area} had been higher than expected.
    Members asked for the next report to include figures for each local authority.
    The evaluation team explained the timetable for the interim report.
    {who} raised concerns about the workload of practitioners taking part in the pilot.
    The group agreed the importance of keeping lived experience at the centre of the work.
    It was noted that the data for {area} was incomplete and would be updated.
    {who} gave a verbal update on the national picture and the links with other work.
    Members discussed the feedback from the regional learning sets.
    The chair thanked {who} for the detailed and helpful paper.
""")
INTERNAL_NOTES = _lines("""
    The group discussed a staffing matter in confidence; no details are recorded here.
    Commercially sensitive figures from the tender were discussed and are not minuted.
    A complaint about a member of staff was discussed in private session.
""")
DECISIONS = _lines("""
    The group approved the paper subject to the changes discussed.
    The group agreed to recommend the proposal to the Programme Board.
    The risk rating was raised to amber and will be reviewed next meeting.
    The group noted the report.
    The budget reallocation was approved.
    The revised terms of reference were agreed.
    The group agreed to extend the pilot by three months.
""")
LOCATIONS = _lines("""
    Victoria Quay, Edinburgh
    Atlantic Quay, Glasgow
    Online (Microsoft Teams)
    Dundee House
    Inverness Town House
    Perth Concert Hall, meeting room 2
    Stirling Court Hotel
""")
PURPOSES = _lines("""
    Regular meeting to review progress, risks and decisions.
    Quarterly review of delivery against the workplan.
    Development session and regular business.
    Meeting to agree the annual report and the plan for next year.
""")

# --- model --------------------------------------------------------------------------------------


@dataclass(slots=True)
class Member:
    id: str
    role: str
    since: dt.date | None = None
    until: dt.date | None = None

    def active(self, day: dt.date) -> bool:
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )


@dataclass(slots=True)
class Group:
    id: str
    name: str
    short_name: str | None
    purpose: str
    reports_to: tuple[str, ...]
    external: bool
    start: dt.date = START
    members: list[Member] = field(default_factory=list)


@dataclass(slots=True)
class Person:
    id: str
    name: str
    organisation: str
    role: str
    public: bool


@dataclass(slots=True)
class Meeting:
    id: str
    group: str
    date: dt.date
    number: int
    actions: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Action:
    group: str
    created: dt.date
    raised: str | None
    id: str = ""


@dataclass(slots=True)
class World:
    people: list[Person]
    person_org: dict[str, str]
    groups: list[Group]
    meetings: list[Meeting]
    actions: list[Action]
    names: dict[str, str] = field(default_factory=dict)


# --- YAML writing -------------------------------------------------------------------------------

_PLAIN_START = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]")
_SPECIAL = re.compile(
    r"^(?:~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE"
    r"|on|On|ON|off|Off|OFF|[-+]?[0-9][0-9_.:eE+-]*|\.inf|\.nan)$"
)


def scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when that reads back as the same text, else quoted."""
    if (
        not text
        or _PLAIN_START.match(text)
        or ": " in text
        or " #" in text
        or text.endswith((":", " "))
        or _SPECIAL.match(text)
    ):
        return "'" + text.replace("'", "''") + "'"
    return text


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap (faster than textwrap, and enough for generated prose)."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return lines


def text_field(out: list[str], indent: str, key: str, text: str, lead: str | None = None) -> None:
    """``key: text`` on one line when it fits, else as a folded block (``>-``).

    ``lead`` (as long as ``indent``) starts the first line instead, as in ``"  - "``.
    """
    first = indent if lead is None else lead
    value = scalar(text)
    if len(indent) + len(key) + 2 + len(value) <= WIDTH:
        out.append(f"{first}{key}: {value}")
        return
    out.append(f"{first}{key}: >-")
    inner = indent + "  "
    out.extend(inner + line for line in wrap(text, WIDTH - len(inner)))


def text_item(out: list[str], indent: str, text: str) -> None:
    """``- text`` in a sequence, folded when long."""
    value = scalar(text)
    if len(indent) + 2 + len(value) <= WIDTH:
        out.append(f"{indent}- {value}")
        return
    out.append(f"{indent}- >-")
    inner = indent + "  "
    out.extend(inner + line for line in wrap(text, WIDTH - len(inner)))


def id_list(out: list[str], key: str, ids: Sequence[str]) -> None:
    out.append(f"{key}:")
    out.extend(f"  - {ident}" for ident in ids)


# --- the programme ------------------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _day(start: dt.date, end: dt.date, rng: random.Random) -> dt.date:
    """A random day from ``start`` to ``end`` inclusive."""
    return dt.date.fromordinal(rng.randint(start.toordinal(), end.toordinal()))


def _people(rng: random.Random, count: int) -> list[Person]:
    people: list[Person] = []
    used: set[str] = set()
    orgs = [org[0] for org in ORGANISATIONS]
    for i in range(count):
        first = FIRST_NAMES[rng.randrange(len(FIRST_NAMES))]
        last = LAST_NAMES[rng.randrange(len(LAST_NAMES))]
        ident = _slug(f"{first} {last}")
        suffix = 2
        while ident in used:
            ident = _slug(f"{first} {last} {suffix}")
            suffix += 1
        used.add(ident)
        org = orgs[i % len(orgs)] if i < 2 * len(orgs) else orgs[rng.randrange(len(orgs))]
        people.append(
            Person(
                ident,
                f"{first} {last}",
                org,
                JOB_TITLES[rng.randrange(len(JOB_TITLES))],
                rng.random() < 0.15,
            )
        )
    return people


def _groups(rng: random.Random, people: list[Person], meetings_per_group: int) -> list[Group]:
    groups: list[Group] = []
    orgs = [org[0] for org in ORGANISATIONS]
    for ident, name, short, reports, kind, purpose in GROUPS:
        reports_to = () if reports == "-" else tuple(reports.split(","))
        short_name = None if short == "-" else short
        group = Group(ident, name, short_name, purpose, reports_to, kind == "external")
        if group.external:
            group.members = [Member(org, "member") for org in rng.sample(orgs, 4)]
            groups.append(group)
            continue
        # Groups started over the first year; a big programme needs a longer history.
        group.start = _day(START, dt.date(2023, 3, 31), rng)
        earliest = AS_OF - dt.timedelta(days=int(meetings_per_group * 1.6) + 30)
        group.start = min(group.start, earliest)
        chosen = rng.sample(people, rng.randint(8, 15))
        span = (AS_OF - group.start).days
        members: list[Member] = []
        chair = chosen[0]
        if rng.random() < 0.4:  # the chair changed part-way through
            change = group.start + dt.timedelta(days=rng.randint(span // 3, 2 * span // 3))
            members.append(Member(chair.id, "chair", None, change - dt.timedelta(days=1)))
            members.append(Member(chosen[1].id, "chair", change, None))
        else:
            members.append(Member(chair.id, "chair"))
            members.append(Member(chosen[1].id, "vice-chair"))
        members.append(Member(chosen[2].id, "secretariat"))
        for person in chosen[3:]:
            role = "observer" if rng.random() < 0.1 else "member"
            since = until = None
            if rng.random() < 0.25:
                since = group.start + dt.timedelta(days=rng.randint(30, span // 2))
            if rng.random() < 0.15:
                until = group.start + dt.timedelta(days=rng.randint(span // 2, span - 10))
            members.append(Member(person.id, role, since, until))
        for org in rng.sample(orgs, rng.randint(1, 3)):
            members.append(Member(org, "member"))
        group.members = members
        groups.append(group)
    return groups


def _meetings(rng: random.Random, groups: list[Group], total: int) -> list[Meeting]:
    internal = [g for g in groups if not g.external]
    weights = [3.0 if g.id in ("pb", "pdg") else 1.0 for g in internal]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for i in range(total - sum(counts)):
        counts[i % len(counts)] += 1
    meetings: list[Meeting] = []
    horizon = AS_OF + dt.timedelta(days=90)
    for group, count in zip(internal, counts, strict=True):
        if count == 0:
            continue
        span = (horizon - group.start).days
        offsets = sorted(rng.sample(range(span + 1), count))
        for number, offset in enumerate(offsets, start=1):
            day = group.start + dt.timedelta(days=offset)
            meetings.append(Meeting(f"{group.id}-{day.isoformat()}", group.id, day, number))
    return meetings


def _actions(
    rng: random.Random, groups: list[Group], meetings: list[Meeting], n: int
) -> list[Action]:
    """Create ``n`` actions, raise most at past meetings, and number them per group by date."""
    past = [m for m in meetings if m.date <= AS_OF]
    internal = [g for g in groups if not g.external]
    actions: list[Action] = []
    for _ in range(n):
        if past and rng.random() < 0.88:
            meeting = past[rng.randrange(len(past))]
            actions.append(Action(meeting.group, meeting.date, meeting.id))
        else:
            group = internal[rng.randrange(len(internal))]
            actions.append(Action(group.id, _day(group.start, AS_OF, rng), None))
    by_meeting = {m.id: m for m in meetings}
    ordered = sorted(range(n), key=lambda i: (actions[i].group, actions[i].created, i))
    numbers: dict[str, int] = {}
    for i in ordered:
        action = actions[i]
        numbers[action.group] = numbers.get(action.group, 0) + 1
        action.id = f"{action.group}-{numbers[action.group]:03d}"
        if action.raised is not None:
            by_meeting[action.raised].actions.append(action.id)
    return [actions[i] for i in ordered]


def build(n: int, seed: int = SEED) -> tuple[random.Random, World]:
    """The programme's skeleton: people, groups with members, meetings and numbered actions."""
    rng = random.Random(seed)
    people = _people(rng, 160)
    internal_groups = sum(1 for g in GROUPS if g[4] == "internal")
    meetings_total = max(n // 5, 1)
    groups = _groups(rng, people, 3 * meetings_total // internal_groups + 1)
    meetings = _meetings(rng, groups, meetings_total)
    actions = _actions(rng, groups, meetings, n)
    names = {org[0]: org[1] for org in ORGANISATIONS}
    names.update({g[0]: f"the {g[1]}" for g in GROUPS})
    names.update({p.id: p.name for p in people})
    world = World(people, {p.id: p.organisation for p in people}, groups, meetings, actions, names)
    return rng, world


# --- rendering ----------------------------------------------------------------------------------


def render_workplan() -> str:
    out = [
        "# The programme and its workstreams (synthetic data for benchmarks).",
        "programme:",
        "  name: Trauma Responsive Social Work Services",
        "  owner: scot-gov",
        "  contact: trauma.programme@example.org",
        "  url: https://example.org/trauma-responsive-social-work",
        "workstreams:",
    ]
    for ident, title, lead, aim in WORKSTREAMS:
        out.append(f"  - id: {ident}")
        text_field(out, "    ", "title", title)
        text_field(out, "    ", "aim", aim)
        out.append(f"    lead: {lead}")
    return "\n".join(out) + "\n"


def render_groups(world: World) -> str:
    out = ["# Organisations, people and groups (synthetic data for benchmarks).", "organisations:"]
    for ident, name, abbreviation in ORGANISATIONS:
        out.append(f"  - id: {ident}")
        text_field(out, "    ", "name", name)
        if abbreviation != "-":
            out.append(f"    abbreviation: {scalar(abbreviation)}")
    out.append("")
    out.append("people:")
    for person in world.people:
        out.append(f"  - id: {person.id}")
        out.append(f"    name: {scalar(person.name)}")
        out.append(f"    organisation: {person.organisation}")
        out.append(f"    role: {scalar(person.role)}")
        if person.public:
            out.append("    public: true")
    out.append("")
    out.append("groups:")
    for group in world.groups:
        out.append(f"  - id: {group.id}")
        text_field(out, "    ", "name", group.name)
        if group.short_name:
            out.append(f"    short_name: {scalar(group.short_name)}")
        text_field(out, "    ", "purpose", group.purpose)
        if group.reports_to:
            out.append("    reports_to:")
            out.extend(f"      - {target}" for target in group.reports_to)
        if group.external:
            out.append("    external: true")
        out.append("    members:")
        for member in group.members:
            out.append(f"      - id: {member.id}")
            out.append(f"        role: {member.role}")
            if member.since:
                out.append(f"        since: {member.since.isoformat()}")
            if member.until:
                out.append(f"        until: {member.until.isoformat()}")
    return "\n".join(out) + "\n"


def _due(created: dt.date, rng: random.Random) -> str | None:
    """A due period some weeks or months after ``created``, in one of the five forms."""
    roll = rng.random()
    if roll < 0.05:
        return None
    target = created + dt.timedelta(days=rng.randint(21, 420))
    year, month = target.year, target.month
    if roll < 0.45:
        return target.isoformat()
    if roll < 0.65:
        return f"{year}-{month:02d}"
    if roll < 0.80:
        return f"{year}-Q{(month - 1) // 3 + 1}"
    if roll < 0.90:
        return str(year)
    start = year if month >= 4 else year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def _status(created: dt.date, rng: random.Random) -> str:
    age = (AS_OF - created).days
    done = min(0.9, 0.05 + 0.85 * age / 900)
    roll = rng.random()
    if roll < done:
        return "done"
    if roll < done + 0.05:
        return "dropped"
    roll = rng.random()
    if roll < 0.25:
        return "not-started"
    if roll < 0.8:
        return "in-progress"
    return "blocked"


def _sentence(template: str, who: str, area: str) -> str:
    return template.replace("{who}", who).replace("{area}", area)


BROKEN = ("unknown-owner",)
"""Problems ``--broken`` can inject, one in every action file."""


def renamed(ident: str) -> str:
    """An id close to ``ident`` that no record has: its old name, as after a rename."""
    return f"{ident}-old"


def render_action(
    action: Action,
    world: World,
    groups: dict[str, Group],
    rng: random.Random,
    broken: str | None = None,
) -> str:
    group = groups[action.group]
    created = action.created
    people = [m.id for m in group.members if m.active(created) and m.id in world.person_org]
    owners = rng.sample(people, min(len(people), rng.choice((1, 1, 1, 2, 2, 3))))
    if rng.random() < 0.15:
        owners.append(ORGANISATIONS[rng.randrange(len(ORGANISATIONS))][0])
    if rng.random() < 0.05:
        owners.append(group.id)
    status = _status(created, rng)
    end = AS_OF
    if status in ("done", "dropped"):
        end = _day(
            created + dt.timedelta(days=min(7, (AS_OF - created).days)),
            min(AS_OF, created + dt.timedelta(days=400)),
            rng,
        )
    count = rng.randint(1, 6)
    dates = sorted(_day(created, end, rng) for _ in range(count))
    dates[-1] = end if status in ("done", "dropped") else dates[-1]
    secretariat = next((m.id for m in group.members if m.role == "secretariat"), owners[0])
    area = AREAS[rng.randrange(len(AREAS))]
    verb = VERBS[rng.randrange(len(VERBS))]
    topic = TOPICS[rng.randrange(len(TOPICS))]
    title = f"{verb} {topic}"
    if rng.random() < 0.6:
        title += " " + AUDIENCES[rng.randrange(len(AUDIENCES))]
    description = (
        f"{verb} {topic} {REASONS[rng.randrange(len(REASONS))]}. The work covers {area} "
        f"and is reported to the {group.name}."
    )

    out = [f"id: {action.id}"]
    text_field(out, "", "title", title)
    out.append(f"group: {group.id}")
    workstream = GROUP_WORKSTREAM.get(group.id)
    if workstream is None or rng.random() < 0.1:
        workstream = WORKSTREAMS[rng.randrange(len(WORKSTREAMS))][0]
    if rng.random() < 0.9:
        out.append(f"workstream: {workstream}")
    # A broken owner is written in place of the first one, after every random draw, so that
    # the rest of the programme is the same as the clean one.
    written = [renamed(owners[0]), *owners[1:]] if broken == "unknown-owner" else owners
    id_list(out, "owners", written)
    if action.raised:
        out.append(f"raised: {action.raised}")
    due = _due(created, rng)
    if due is not None:
        out.append(f"due: {due}")
    out.append(f"status: {status}")
    if status in ("not-started", "in-progress", "blocked") and rng.random() < 0.25:
        out.append(f"rag: {('red', 'amber', 'green')[rng.randrange(3)]}")
    if status == "done":
        out.append(f"completed: {end.isoformat()}")
    text_field(out, "", "description", description)
    out.append("updates:")
    for i, day in enumerate(dates):
        last = i == count - 1
        by = owners[0] if rng.random() < 0.7 else secretariat
        who = world.names[owners[rng.randrange(len(owners))]]
        update_status: str | None = None
        if last and status == "done":
            text = DONE_TEXT[rng.randrange(len(DONE_TEXT))]
            update_status = "done"
        elif last and status == "dropped":
            text = DROPPED_TEXT[rng.randrange(len(DROPPED_TEXT))]
            update_status = "dropped"
        elif last and status == "blocked":
            text = BLOCKED_TEXT[rng.randrange(len(BLOCKED_TEXT))]
            update_status = "blocked"
        else:
            text = _sentence(PROGRESS[rng.randrange(len(PROGRESS))], who, area)
            if rng.random() < 0.5:
                text += " " + _sentence(FOLLOW_UP[rng.randrange(len(FOLLOW_UP))], who, area)
            if status != "not-started" and (i == 0 or last) and rng.random() < 0.6:
                update_status = "in-progress"
        out.append(f"  - date: {day.isoformat()}")
        out.append(f"    by: {by}")
        if update_status:
            out.append(f"    status: {update_status}")
        text_field(out, "    ", "text", text)
    return "\n".join(out) + "\n"


def render_meeting(
    meeting: Meeting,
    following: Meeting | None,
    world: World,
    groups: dict[str, Group],
    rng: random.Random,
) -> str:
    group = groups[meeting.group]
    day = meeting.date
    active = [m for m in group.members if m.active(day)]
    chairs = [m.id for m in active if m.role == "chair"]
    vice = [m.id for m in active if m.role == "vice-chair"]
    chair = vice[0] if vice and rng.random() < 0.1 else chairs[0]
    others = [m.id for m in active if m.id in world.person_org and m.id != chair]
    org_members = [m.id for m in active if m.id not in world.person_org]
    attendees = [chair]
    apologies: list[str] = []
    for ident in others:
        roll = rng.random()
        if roll < 0.75:
            attendees.append(ident)
        elif roll < 0.9:
            apologies.append(ident)
    if org_members and rng.random() < 0.3:  # someone deputising for a member organisation
        org = org_members[rng.randrange(len(org_members))]
        deputies = [
            p.id
            for p in world.people
            if p.organisation == org and p.id not in others and p.id != chair
        ]
        if deputies:
            attendees.append(deputies[rng.randrange(len(deputies))])
    if org_members and rng.random() < 0.1:
        attendees.append(org_members[rng.randrange(len(org_members))])
    future = day > AS_OF
    if future or following is None or following.date > AS_OF:
        status, approved_at = "draft", None
    else:
        status = "published" if rng.random() < 0.7 else "approved"
        approved_at = following.id
    fmt = ("in-person", "online", "hybrid")[rng.randrange(3)]

    title = group.short_name or group.name
    out = [f"# {title}, meeting {meeting.number}: {day.strftime('%d %B %Y').lstrip('0')}"]
    out.append(f"id: {meeting.id}")
    out.append(f"group: {group.id}")
    out.append(f"date: {day.isoformat()}")
    out.append(f"number: {meeting.number}")
    out.append(f"format: {fmt}")
    if fmt != "online":
        out.append(f"location: {scalar(LOCATIONS[rng.randrange(len(LOCATIONS))])}")
    out.append(f"chair: {chair}")
    id_list(out, "attendees", attendees)
    if apologies:
        id_list(out, "apologies", apologies)
    out.append(f"status: {status}")
    if approved_at:
        out.append(f"approved_at: {approved_at}")
    text_field(out, "", "purpose", PURPOSES[rng.randrange(len(PURPOSES))])
    out.append("items:")
    titles = ["Welcome, apologies and minutes of the last meeting"]
    titles += rng.sample(ITEM_TITLES, rng.randint(5, 7))
    titles.append("Any other business")
    names = [world.names[a] for a in attendees]
    for t, item_title in enumerate(titles):
        out.append(f"  - title: {scalar(item_title)}")
        if future:
            continue
        if t == 0:
            out.append("    notes:")
            received = {0: "No apologies were", 1: "One apology was"}.get(
                len(apologies), f"{len(apologies)} apologies were"
            )
            text_item(out, "      ", f"The chair welcomed members. {received} received.")
            if approved_at is not None or meeting.number > 1:
                text_item(
                    out,
                    "      ",
                    "The minutes of the last meeting were agreed as an accurate record.",
                )
            continue
        if rng.random() < 0.03:
            out.append("    internal: true")
        out.append("    notes:")
        for _ in range(rng.randint(2, 5)):
            if rng.random() < 0.05:
                note = INTERNAL_NOTES[rng.randrange(len(INTERNAL_NOTES))]
                text_field(out, "        ", "text", note, lead="      - ")
                out.append("        internal: true")
                continue
            who = names[rng.randrange(len(names))]
            area = AREAS[rng.randrange(len(AREAS))]
            text_item(out, "      ", _sentence(NOTES[rng.randrange(len(NOTES))], who, area))
        decided = rng.randint(0, 2)
        if decided:
            out.append("    decisions:")
            for decision in rng.sample(DECISIONS, decided):
                text_item(out, "      ", decision)
    if meeting.actions:
        id_list(out, "actions", meeting.actions)
    if following is not None:
        when = following.date.isoformat()
        out.append(f"next_meeting: {when if rng.random() < 0.8 else when[:7]}")
    return "\n".join(out) + "\n"


# --- registers: risks and measures ---------------------------------------------------------------

RISKS_PER = 50
"""One risk or issue for every 50 actions (N = 20,000: 400), as a register grows with the work."""
MEASURES_PER = 200
"""One measure for every 200 actions (N = 20,000: 100), with 8 to 16 figures each (about 12)."""

# title | response
RISK_TEXTS: tuple[tuple[str, ...], ...] = _rows(
    """
    Staff capacity limits what the workstream can deliver this year |
        Keep the plan realistic and move nothing into delivery that cannot be staffed.
    Funding after the end of the grant is not confirmed |
        Raise the cost of continuing at the Board and ask partners to commit their share.
    Uptake of the training is lower than planned |
        Offer sessions at different times and online, and ask managers to release staff.
    Data from local areas arrives late or incomplete |
        Agree a common return and a timetable with the local implementation leads.
    The data sharing agreement is not signed in time |
        Escalate to the information governance leads and agree an interim arrangement.
    People with lived experience are not paid promptly |
        Use the agreed payment policy and check every claim within ten working days.
    Turnover of key staff loses knowledge of the programme |
        Keep handover notes and name a deputy for every lead.
    Partners read the practice standards in different ways |
        Publish worked examples and run a question and answer session with each area.
    Competing national priorities take managers' time |
        Link the work to the national priorities in every report to the Board.
    The evaluation cannot show change within the programme's life |
        Agree interim measures with the evaluation team and report them each quarter.
    Supervision sessions are cancelled when services are under pressure |
        Protect supervision time in the workforce plan and monitor cancellations.
    Rural and island areas cannot reach face-to-face sessions |
        Provide online sessions and travel costs, and hold events in each region.
""".replace("|\n", "| ")
)
RISK_UPDATES = _lines("""
    Reviewed at the group; the rating is unchanged.
    Mitigating actions are on track; the likelihood was lowered.
    The risk was discussed with the Board, which asked for a fuller plan.
    Partners reported new pressures in {area}; the impact was raised.
    The response was agreed and owners confirmed.
    No change since the last review.
""")
RISK_DESCRIPTIONS = _lines("""
    Raised by members when the workplan was refreshed.
    Identified in the self-assessment returns from {area}.
    Reported by the local implementation leads from {area}.
    Noted in the evaluation team's interim report.
""")

# title (with {area}) | unit | direction | start | target | source
MEASURE_TEXTS: tuple[tuple[str, ...], ...] = _rows(
    """
    Staff trained in trauma-informed practice in {area} | staff | up | 0 | 1200 |
        Training records of the implementation team
    Social workers with reflective supervision each month in {area} | % | up | 35 | 80 |
        Quarterly supervision return
    Days from referral to allocation in {area} | days | down | 42 | 21 |
        Local authority performance return
    Managers attending trauma briefings in {area} | managers | up | 0 | 300 |
        Briefing attendance records
    Practice audits completed against the standards in {area} | audits | up | 0 | 60 |
        Quality Assurance Group audit log
    Staff reporting good wellbeing in {area} | % | up | 48 | 70 |
        Staff wellbeing survey
    People with lived experience paid within ten working days in {area} | % | up | 60 | 95 |
        Finance team's payment records
    Sessions cancelled because of service pressure in {area} | sessions | down | 30 | 10 |
        Session booking system
""".replace("|\n", "| ")
)


def _register_owner(group: Group, world: World, rng: random.Random) -> str:
    """A group, one of its people (named in public only when they agreed) or an organisation."""
    roll = rng.random()
    if roll < 0.5:
        return group.id
    people = [m.id for m in group.members if m.id in world.person_org]
    if roll < 0.85 and people:
        return people[rng.randrange(len(people))]
    return ORGANISATIONS[rng.randrange(len(ORGANISATIONS))][0]


def render_risk(
    ident: str, group: Group, world: World, actions: Sequence[str], rng: random.Random
) -> str:
    """One risk or issue of ``group``: valid on ``AS_OF`` (reviews of live risks still ahead)."""
    title, response = RISK_TEXTS[rng.randrange(len(RISK_TEXTS))]
    area = AREAS[rng.randrange(len(AREAS))]
    kind = "issue" if rng.random() < 0.2 else "risk"
    owner = _register_owner(group, world, rng)
    likelihood, impact = rng.randint(1, 5), rng.randint(1, 5)
    roll = rng.random()
    status = "open" if roll < 0.5 else "monitoring" if roll < 0.8 else "closed"
    raised = _day(group.start, AS_OF - dt.timedelta(days=30), rng)
    people = [m.id for m in group.members if m.id in world.person_org]
    out = [f"id: {ident}"]
    text_field(out, "", "title", title)
    out.append(f"kind: {kind}")
    out.append(f"owner: {owner}")
    workstream = GROUP_WORKSTREAM.get(group.id)
    if workstream is not None:
        out.append(f"workstream: {workstream}")
    out.append(f"likelihood: {likelihood}")
    out.append(f"impact: {impact}")
    if rng.random() < 0.5:
        out.append(f"score: {likelihood * impact}")
    out.append(f"status: {status}")
    text_field(out, "", "response", response)
    chosen = rng.sample(list(actions), min(len(actions), rng.randint(0, 3)))
    if chosen:
        id_list(out, "actions", chosen)
    out.append(f"raised: {raised.isoformat()}")
    if status != "closed":
        out.append(f"review: {(AS_OF + dt.timedelta(days=rng.randint(7, 120))).isoformat()}")
    if rng.random() < 0.6:
        out.append("public: true")
    if rng.random() < 0.5:
        text_field(
            out,
            "",
            "description",
            RISK_DESCRIPTIONS[rng.randrange(len(RISK_DESCRIPTIONS))].replace("{area}", area),
        )
    count = rng.randint(0, 4)
    if count and people:
        out.append("updates:")
        for day in sorted(_day(raised, AS_OF, rng) for _ in range(count)):
            out.append(f"  - date: {day.isoformat()}")
            out.append(f"    by: {people[rng.randrange(len(people))]}")
            text = RISK_UPDATES[rng.randrange(len(RISK_UPDATES))].replace("{area}", area)
            text_field(out, "    ", "text", text)
    return "\n".join(out) + "\n"


def _figure(value: float, unit: str) -> str:
    return f"{value:.1f}" if unit == "%" else str(round(value))


def render_measure(ident: str, group: Group, rng: random.Random) -> str:
    """One measure of ``group``'s workstream: a baseline, a target and 8–16 dated figures
    moving towards it with some noise, none after ``AS_OF``."""
    title, unit, direction, start_text, goal_text, source = MEASURE_TEXTS[
        rng.randrange(len(MEASURE_TEXTS))
    ]
    area = AREAS[rng.randrange(len(AREAS))]
    start, goal = float(start_text), float(goal_text)
    count = rng.randint(8, 16)
    step = rng.choice((30, 61, 91))  # monthly, every two months or quarterly
    first = AS_OF - dt.timedelta(days=step * count + rng.randint(0, 60))
    baseline = first - dt.timedelta(days=step)
    target = AS_OF + dt.timedelta(days=rng.randint(-90, 540))
    pace = rng.uniform(0.5, 1.3)  # how fast it moves towards the target (1: on the line)
    span = (target - baseline).days
    out = [f"id: {ident}"]
    text_field(out, "", "title", title.replace("{area}", area))
    out.append(f"unit: {scalar(unit)}")
    out.append(f"direction: {direction}")
    workstream = GROUP_WORKSTREAM.get(group.id)
    if workstream is not None:
        out.append(f"workstream: {workstream}")
    out.append("baseline:")
    out.append(f"  value: {_figure(start, unit)}")
    out.append(f"  date: {baseline.isoformat()}")
    out.append("target:")
    out.append(f"  value: {_figure(goal, unit)}")
    out.append(f"  date: {target.isoformat()}")
    if rng.random() < 0.15:
        out.append("public: false")
    out.append("values:")
    for i in range(count):
        day = first + dt.timedelta(days=step * i)
        share = min(1.0, pace * (day - baseline).days / span)
        value = start + (goal - start) * share
        value += abs(goal - start) * rng.uniform(-0.05, 0.05)
        value = max(0.0, min(value, 100.0) if unit == "%" else value)
        out.append(f"  - date: {day.isoformat()}")
        out.append(f"    value: {_figure(value, unit)}")
        text_field(out, "    ", "source", f"{source}, {day.strftime('%B %Y')}")
    return "\n".join(out) + "\n"


def write_registers(data: Path, world: World, seed: int) -> tuple[int, int, int]:
    """Risks (N/50) and measures (N/200) under ``data``; (risks, measures, bytes).

    Drawn from a random stream of their own, after everything else, so that the actions,
    meetings and groups are byte for byte those of a programme without registers.
    """
    rng = random.Random(seed + 1)
    n = len(world.actions)
    internal = [g for g in world.groups if not g.external]
    actions_of: dict[str, list[str]] = {}
    for action in world.actions:
        actions_of.setdefault(action.group, []).append(action.id)
    (data / "risks").mkdir()
    (data / "measures").mkdir()
    size = 0
    risks = max(n // RISKS_PER, 1)
    for i in range(1, risks + 1):
        group = internal[rng.randrange(len(internal))]
        ident = f"{group.id}-risk-{i:04d}"
        size += _write(
            data / "risks" / f"{ident}.yaml",
            render_risk(ident, group, world, actions_of.get(group.id, ()), rng),
        )
    measures = max(n // MEASURES_PER, 1)
    for i in range(1, measures + 1):
        group = internal[rng.randrange(len(internal))]
        ident = f"{group.id}-measure-{i:03d}"
        size += _write(data / "measures" / f"{ident}.yaml", render_measure(ident, group, rng))
    return risks, measures, size


# --- writing ------------------------------------------------------------------------------------


def _write(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    path.write_bytes(data)
    return len(data)


def marker_text(
    n: int, seed: int = SEED, broken: str | None = None, *, registers: bool = True
) -> str:
    """What the marker file says once a programme is complete: n, seed and this file's hash.

    A benchmark cache whose marker differs (another n, seed or ``broken``, or an edited
    generator) is stale.
    """
    fingerprint = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    mode = f" broken={broken}" if broken else ""
    mode += "" if registers else " registers=no"
    return f"n={n} seed={seed}{mode} generator={fingerprint} complete\n"


def generate(
    n: int,
    outdir: str | Path,
    seed: int = SEED,
    broken: str | None = None,
    *,
    registers: bool = True,
) -> dict[str, int]:
    """Write a programme with ``n`` actions under ``outdir/data``; return counts and bytes.

    With ``registers`` (the default) it also writes n/50 risks and n/200 measures
    (:func:`write_registers`); without, the programme is what it was before they existed.

    ``outdir/data`` is replaced when this generator made it (a ``.tws-bench`` marker file sits
    beside it) and refused otherwise, so that a real programme is never overwritten.
    ``broken="unknown-owner"`` writes every action's first owner as an id that no record
    has but close to a real one (``renamed``): one `unknown-ref` error per action, each with
    a did-you-mean; everything else is byte for byte the clean programme.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    if broken is not None and broken not in BROKEN:
        raise ValueError(f"--broken takes one of: {', '.join(BROKEN)}")
    root = Path(outdir)
    data = root / "data"
    marker = root / MARKER
    if data.exists():
        if not marker.is_file():
            raise FileExistsError(f"{data} exists and was not made by bench/generate.py")
        shutil.rmtree(data)
    root.mkdir(parents=True, exist_ok=True)
    marker.write_text(f"n={n} seed={seed} incomplete\n", encoding="utf-8")
    (data / "actions").mkdir(parents=True)
    (data / "meetings").mkdir()

    rng, world = build(n, seed)
    groups = {g.id: g for g in world.groups}
    sizes = {"actions": 0, "meetings": 0, "action_bytes": 0, "meeting_bytes": 0}
    total = _write(data / "workplan.yaml", render_workplan())
    total += _write(data / "groups.yaml", render_groups(world))
    for action in world.actions:
        size = _write(
            data / "actions" / f"{action.id}.yaml",
            render_action(action, world, groups, rng, broken),
        )
        sizes["actions"] += 1
        sizes["action_bytes"] += size
    by_group: dict[str, list[Meeting]] = {}
    for meeting in world.meetings:
        by_group.setdefault(meeting.group, []).append(meeting)
    for run in by_group.values():
        for i, meeting in enumerate(run):
            following = run[i + 1] if i + 1 < len(run) else None
            size = _write(
                data / "meetings" / f"{meeting.id}.yaml",
                render_meeting(meeting, following, world, groups, rng),
            )
            sizes["meetings"] += 1
            sizes["meeting_bytes"] += size
    sizes["risks"] = sizes["measures"] = sizes["register_bytes"] = 0
    if registers:
        risks, measures, size = write_registers(data, world, seed)
        sizes.update(risks=risks, measures=measures, register_bytes=size)
    sizes["bytes"] = (
        total + sizes["action_bytes"] + sizes["meeting_bytes"] + sizes["register_bytes"]
    )
    marker.write_text(marker_text(n, seed, broken, registers=registers), encoding="utf-8")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int, help="number of actions (meetings: n/5)")
    parser.add_argument("outdir", type=Path, help="folder to write data/ into")
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    parser.add_argument(
        "--broken",
        choices=BROKEN,
        help="inject one problem in every action: unknown-owner writes each action's first "
        "owner as a renamed id (`<id>-old`), so validate reports one unknown-ref per action",
    )
    parser.add_argument(
        "--no-registers",
        action="store_true",
        help="write no risks or measures (the programme as generated before they existed)",
    )
    args = parser.parse_args(argv)
    try:
        sizes = generate(
            args.n, args.outdir, args.seed, args.broken, registers=not args.no_registers
        )
    except (FileExistsError, ValueError) as exc:
        print(f"generate.py: error: {exc}", file=sys.stderr)
        return 2
    actions = max(sizes["actions"], 1)
    meetings = max(sizes["meetings"], 1)
    print(
        f"{args.outdir}: {sizes['actions']} actions (avg {sizes['action_bytes'] // actions} B), "
        f"{sizes['meetings']} meetings (avg {sizes['meeting_bytes'] // meetings} B), "
        f"{sizes['risks']} risks, {sizes['measures']} measures, "
        f"{sizes['bytes'] / 1e6:.1f} MB; validate with --as-of {AS_OF.isoformat()}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
