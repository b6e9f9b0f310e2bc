"""The names people use for ids: what a person typed (an id in any case, a name, a short name,
an abbreviation, a title, a group and a date) resolved to the one id it means.

Every command option and argument that takes an id goes through :func:`resolve`, so that
``--owner SSSC``, ``--owner "Scottish Social Services Council"`` and ``--owner sssc`` are the
same question. Files keep ids: an edit writes the id :func:`resolve` gives, never the text
typed. Nothing here reads today's date.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import shlex
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from trauma_ws.loading.programme import Programme
from trauma_ws.record.problems import UsageError
from trauma_ws.record.suggest import CUTOFF, Index, names_of

ORGANISATION = "organisation"
PERSON = "person"
GROUP = "group"
BODY = "body"
"""A group that some group reports to (``--for``)."""
MEETING = "meeting"
ACTION = "action"
WORKSTREAM = "workstream"
RISK = "risk"
MEASURE = "measure"
REPORT = "report"

PARTIES: tuple[str, ...] = (ORGANISATION, PERSON, GROUP)
"""Who can own an action or give an update."""
KINDS: tuple[str, ...] = (
    ORGANISATION,
    PERSON,
    GROUP,
    BODY,
    MEETING,
    ACTION,
    WORKSTREAM,
    RISK,
    MEASURE,
    REPORT,
)

_WORDS = {BODY: "body reported to"}
_PARTIES_LISTED = (
    "data/groups.yaml lists the organisations and people (`tws members GROUP`: a group's)"
)
_LISTED = {
    ORGANISATION: _PARTIES_LISTED,
    PERSON: _PARTIES_LISTED,
    GROUP: "`tws groups` lists the groups",
    BODY: "`tws groups` lists the groups and the bodies they report to",
    MEETING: "data/meetings/ holds one file a meeting, named for its id",
    ACTION: "`tws actions list` lists the actions",
    WORKSTREAM: "data/workplan.yaml lists the workstreams",
    RISK: "`tws risks list` lists the risks",
    MEASURE: "`tws measures list` lists the measures",
    REPORT: "data/reports/ holds one file a report, named for its id",
}
_TITLED = frozenset({ACTION, WORKSTREAM, RISK, MEASURE})
_GROUP_AND_DATE = re.compile(r"^(?P<who>.+?)[\s,]+(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})$")


@dataclass(frozen=True, slots=True)
class Found:
    """One record a text can mean: its kind, its id and how people know it."""

    kind: str
    id: str
    label: str
    """Its name or title (a meeting: its group and date), for messages."""
    closeness: float = 1.0
    """How close the text typed was to its id or a name (difflib's ratio), when not exact."""

    def description(self) -> str:
        """``the organisation Scottish Social Services Council``; a title after a colon:
        ``the action: Share an overview…``."""
        if not self.label or self.label == self.id:
            return f"the {word(self.kind)}"
        sep = ": " if self.kind in _TITLED else " "
        return f"the {word(self.kind)}{sep}{self.label}"

    def text(self) -> str:
        """```sssc` (the organisation Scottish Social Services Council)``."""
        return f"`{self.id}` ({self.description()})"

    def question(self) -> str:
        """```sssc`? (the organisation Scottish Social Services Council)``: the id asked
        about as every did-you-mean of tws asks it, then what it is."""
        return f"`{self.id}`? ({self.description()})"


def word(kind: str) -> str:
    """How a kind reads in a sentence: ``organisation``, ``body reported to``."""
    return _WORDS.get(kind, kind)


def article(text: str) -> str:
    """``an organisation``, ``a group``."""
    return ("an " if text[:1].lower() in "aeiou" else "a ") + text


def either(kinds: Sequence[str]) -> str:
    """``organisation, person or group``."""
    names = [word(k) for k in kinds]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def _id_form(text: str) -> str:
    """Text as an id would be written: lower case, hyphens for spaces and underscores."""
    return "-".join(text.casefold().replace("_", " ").split())


def pool(programme: Programme, kind: str) -> Mapping[str, Any]:
    """The records of ``kind``, by id (a body reported to: its group, when recorded)."""
    if kind == BODY:
        reported = {b for g in programme.groups.values() for b in g.reports_to}
        return {b: programme.groups.get(b) for b in sorted(reported)}
    tables: dict[str, Mapping[str, Any]] = {
        ORGANISATION: programme.organisations,
        PERSON: programme.people,
        GROUP: programme.groups,
        MEETING: programme.meetings,
        ACTION: programme.actions,
        WORKSTREAM: programme.workstreams,
        RISK: programme.risks,
        MEASURE: programme.measures,
        REPORT: programme.reports,
    }
    return tables[kind]


def _names(record: Any) -> list[str]:
    """The names people know a record by, besides its id, and the ids merged into it."""
    found = names_of(record)
    found.extend(getattr(record, "formerly", None) or ())  # ids merged into this one
    return found


def _label(programme: Programme, kind: str, ident: str, record: Any) -> str:
    if kind == MEETING and record is not None:
        group = programme.groups.get(record.group)
        name = (group.short_name or group.name) if group is not None else record.group
        return f"of the {name} on {record.date:%-d %B %Y}"
    if kind == REPORT and record is not None:
        body = programme.groups.get(record.body)
        name = body.name if body is not None else record.body
        return f"to the {name} of {record.date:%-d %B %Y}"
    if record is None:
        return ident
    return str(getattr(record, "name", None) or getattr(record, "title", None) or ident)


def _found(programme: Programme, kind: str, ident: str) -> Found:
    return Found(kind, ident, _label(programme, kind, ident, pool(programme, kind).get(ident)))


def matches(programme: Programme, text: str, kinds: Iterable[str]) -> list[Found]:
    """Every record of ``kinds`` that ``text`` names, best kind of match only: its id as
    written; else its id in another case or spacing (``PDG-001``, ``pdg 001``); else its name,
    short name, abbreviation or title in any case; else, for a meeting or report, a group
    named as above and a date (``pdg 2022-08-25``). One record found once, in the first of
    ``kinds`` that holds it."""
    kinds = list(kinds)
    for way in (_exact, _any_case, _by_name, _by_group_and_date):
        found: dict[str, Found] = {}
        for kind in kinds:
            for ident in way(programme, text, kind):
                found.setdefault(ident, _found(programme, kind, ident))
        if found:
            return list(found.values())
    return []


def _exact(programme: Programme, text: str, kind: str) -> list[str]:
    return [text] if text in pool(programme, kind) else []


def _any_case(programme: Programme, text: str, kind: str) -> list[str]:
    wanted = _id_form(text)
    return [wanted] if wanted in pool(programme, kind) else []


def _by_name(programme: Programme, text: str, kind: str) -> list[str]:
    wanted = _normal(text)
    return [
        ident
        for ident, record in pool(programme, kind).items()
        if any(_normal(n) == wanted for n in _names(record))
    ]


def _by_group_and_date(programme: Programme, text: str, kind: str) -> list[str]:
    if kind not in (MEETING, REPORT):
        return []
    m = _GROUP_AND_DATE.match(text.strip())
    if m is None:
        return []
    groups = {f.id for f in matches(programme, m["who"], (GROUP,))}
    day = m["day"]
    if kind == MEETING:
        return sorted(
            i
            for i, meeting in programme.meetings.items()
            if meeting.group in groups and meeting.date.isoformat() == day
        )
    return sorted(
        i
        for i, report in programme.reports.items()
        if report.body in groups and report.date.isoformat() == day
    )


def resolve(programme: Programme, text: str, kinds: Sequence[str], *, role: str = "") -> str:
    """The id ``text`` names among the records of ``kinds`` (see :func:`matches`).

    ``role`` is what the option calls the thing asked for (``owner``, ``update author
    (--by)``); by default the kinds themselves. Raises UsageError (exit 2) when ``text`` names
    no record of ``kinds`` (saying what it is instead, when it names another kind, or the
    nearest record of any kind), or more than one (naming each).
    """
    if text in _pools(programme, kinds):
        return text  # an id as written: the common case, with nothing to build
    asked = role or either(kinds)
    found = matches(programme, text, kinds)
    if len(found) == 1:
        return found[0].id
    if found:
        listed = "; ".join(f.text() for f in found)
        raise UsageError(
            f"`{text}` could be more than one {asked}: {listed}; give the id of the one meant"
        )
    raise UsageError(_unknown(programme, text, kinds, asked))


def _pools(programme: Programme, kinds: Sequence[str]) -> _Union:
    return _Union([pool(programme, k) for k in kinds])


class _Union:
    """Membership in any of several tables, without copying them."""

    __slots__ = ("_tables",)

    def __init__(self, tables: list[Mapping[str, Any]]) -> None:
        self._tables = tables

    def __contains__(self, key: object) -> bool:
        return any(key in t for t in self._tables)


def _unknown(programme: Programme, text: str, kinds: Sequence[str], asked: str) -> str:
    """The refusal of ``text``, which names nothing of ``kinds``."""
    refusal = _refusal(programme, text, kinds, asked)
    if MEETING in kinds and (to_come := _not_yet_recorded(programme, text)):
        return f"{refusal}. {to_come}"
    return refusal


def _refusal(programme: Programme, text: str, kinds: Sequence[str], asked: str) -> str:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) > 1 and all(matches(programme, p, kinds) for p in parts):
        example = " ".join(f"-o {shlex.quote(p)}" for p in parts)
        return (
            f"`{text}` names {len(parts)}, not one {asked}: give each its own option, the "
            f"option repeated" + (f" ({example})" if asked == "owner" else "")
        )
    # A body reported to is a group: with groups accepted, it is no other kind.
    others = [k for k in KINDS if k not in kinds and not (k == BODY and GROUP in kinds)]
    elsewhere = matches(programme, text, others)
    if elsewhere:
        what = " and ".join(_what(f, text) for f in elsewhere)
        return f"`{text}` is {what}, not {article(asked)}; {_hint(kinds)}"
    mine = nearest(programme, text, kinds)
    near = nearest(programme, text, others)
    if mine is None and near is None:
        return (
            f"`{text}` is not {article(asked)}: no {either(_plain(kinds))} has that id or "
            f"name; {_hint(kinds)}"
        )
    if near is None or (mine is not None and mine.closeness >= near.closeness):
        assert mine is not None
        return f"`{text}` is not {article(asked)}; did you mean {mine.question()}"
    instead = f"; the nearest {asked} is {mine.text()}" if mine is not None else f"; {_hint(kinds)}"
    return (
        f"`{text}` is not {article(asked)}; the nearest name is {near.text()}, "
        f"not {article(asked)}{instead}"
    )


def _not_yet_recorded(programme: Programme, text: str) -> str | None:
    """For a meeting id of a known group and a real date with no minutes recorded
    (``pdg-2024-04-25``): how to scaffold them; None for anything else."""
    match = re.fullmatch(r"(?P<group>[a-z0-9][a-z0-9-]*)-(?P<day>\d{4}-\d{2}-\d{2})", text)
    group = programme.groups.get(match["group"]) if match else None
    if match is None or group is None or group.external:
        return None
    try:
        day = dt.date.fromisoformat(match["day"])
    except ValueError:
        return None
    return (
        f"If it is the {group.short_name or group.name} meeting on {day:%-d %B %Y}, its "
        f"minutes are not recorded yet: scaffold them first with `tws minutes new {group.id} "
        f"--date {day.isoformat()}`"
    )


def _what(found: Found, text: str) -> str:
    """``a group (Partnership Delivery Group)``, or, named otherwise, ``a group, `pdg` (…)``."""
    kind = article(word(found.kind))
    label = f" ({found.label})" if found.label and found.label != found.id else ""
    return f"{kind}{label}" if found.id == text else f"{kind}, `{found.id}`{label}"


def _plain(kinds: Sequence[str]) -> list[str]:
    """``kinds`` without bodies reported to when groups are there (a body is a group)."""
    return [k for k in kinds if not (k == BODY and GROUP in kinds)]


def _hint(kinds: Sequence[str]) -> str:
    return "; ".join(dict.fromkeys(_LISTED[k] for k in _plain(kinds)))


def nearest(programme: Programme, text: str, kinds: Iterable[str]) -> Found | None:
    """The record of ``kinds`` whose id or name is closest to ``text`` (by difflib's measure,
    as every did-you-mean of tws); failing that, one whose id, name or abbreviation is a whole
    word of ``text`` (``SSSC Council``); None when nothing is close."""
    labels: dict[str, list[tuple[str, str]]] = {}
    for kind in kinds:
        for ident, record in pool(programme, kind).items():
            for label in (ident, *_names(record)):
                labels.setdefault(_normal(label), []).append((kind, ident))
    typed = _normal(text)
    close = Index(labels).closest(typed)
    if close is not None:
        closeness = difflib.SequenceMatcher(None, typed, close).ratio()
    else:
        words = set(re.split(r"[\s,;()]+", typed))
        close = next((label for label in labels if label in words), None)
        if close is None and len(typed) >= 3:
            # A name cut short (`Expert`): the shortest name holding it, the most specific.
            holding = sorted((label for label in labels if typed in label), key=len)
            close = holding[0] if holding else None
        closeness = CUTOFF
    if close is None:
        return None
    kind, ident = labels[close][0]
    found = _found(programme, kind, ident)
    return Found(found.kind, found.id, found.label, closeness)
