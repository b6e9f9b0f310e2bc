"""Did-you-mean among many ids: difflib's own answer, found with fewer comparisons, remembered.

A bad merge can leave thousands of references to ids that do not exist, often the same few
ids again and again, each to be compared with every id of its kind. :class:`Index` gives,
for every word, exactly what ``difflib.get_close_matches(word, choices, n=1, cutoff=0.6)``
gives, but works out each distinct word once, and compares it only with the choices that
could still beat the best match found so far: difflib's length bound (``real_quick_ratio``)
and character-bag bound (``quick_ratio``) are upper bounds of its ``ratio``, so a choice
whose bound is below the best ratio found cannot win.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable

CUTOFF = 0.6
"""How close a choice must be to be suggested (difflib's default, and what tws has used)."""


def _length_bound(la: int, lb: int) -> float:
    """``SequenceMatcher.real_quick_ratio`` for sequences of these lengths."""
    total = la + lb
    return 2.0 * min(la, lb) / total if total else 1.0


class Index:
    """Choices grouped by length, and each word's closest choice once worked out."""

    __slots__ = ("_by_length", "_found")

    def __init__(self, choices: Iterable[str]) -> None:
        by_length: dict[int, list[str]] = {}
        for choice in dict.fromkeys(choices):  # a choice listed twice is one candidate
            by_length.setdefault(len(choice), []).append(choice)
        self._by_length = list(by_length.items())
        self._found: dict[str, str | None] = {}

    def closest(self, word: str) -> str | None:
        """The choice ``difflib.get_close_matches(word, choices, n=1)`` gives, or None."""
        try:
            return self._found[word]
        except KeyError:
            found = self._found[word] = self._search(word)
            return found

    def _search(self, word: str) -> str | None:
        # get_close_matches keeps every choice whose ratio is at least the cutoff, then takes
        # the largest (ratio, choice) pair: the best ratio, ties going to the larger text.
        # Its three tests are in the same order here, each also against the best so far.
        size = len(word)
        groups = sorted(
            ((_length_bound(length, size), group) for length, group in self._by_length),
            key=lambda item: item[0],
            reverse=True,
        )
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(word)
        best_ratio = CUTOFF
        best: str | None = None
        for bound, group in groups:
            if bound < best_ratio:
                break  # the groups after this one are bounded lower still
            for choice in group:
                matcher.set_seq1(choice)
                if matcher.quick_ratio() < best_ratio:
                    continue
                ratio = matcher.ratio()
                if ratio > best_ratio or (ratio == best_ratio and (best is None or choice > best)):
                    best_ratio, best = ratio, choice
        return best


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean `x`?)`` for the closest choice, or an empty string."""
    return hint(Index(choices).closest(word))


def hint(close: str | None) -> str:
    """The did-you-mean text for a choice found by :meth:`Index.closest` (or none)."""
    return f" (did you mean `{close}`?)" if close is not None else ""


# --- values: a word for a choice, a date or period in another form ------------------------------

_SYNONYMS: dict[str, tuple[str, ...]] = {
    # an action's status
    "complete": ("done",),
    "completed": ("done",),
    "finished": ("done",),
    "closed": ("done",),
    "achieved": ("done",),
    "delivered": ("done",),
    "resolved": ("done", "closed"),
    "ongoing": ("in-progress",),
    "on-going": ("in-progress",),
    "started": ("in-progress",),
    "underway": ("in-progress",),
    "under-way": ("in-progress",),
    "in-hand": ("in-progress",),
    "progressing": ("in-progress",),
    "active": ("in-progress", "open"),
    "not-yet-started": ("not-started",),
    "to-do": ("not-started",),
    "todo": ("not-started",),
    "pending": ("not-started",),
    "planned": ("not-started",),
    "new": ("not-started",),
    "open": ("not-started", "in-progress"),
    "on-hold": ("blocked",),
    "paused": ("blocked",),
    "stalled": ("blocked",),
    "stuck": ("blocked",),
    "delayed": ("blocked",),
    "cancelled": ("dropped",),
    "canceled": ("dropped",),
    "withdrawn": ("dropped",),
    "abandoned": ("dropped",),
    "superseded": ("dropped",),
    # RAG
    "r": ("red",),
    "a": ("amber",),
    "g": ("green",),
    "yellow": ("amber",),
    "orange": ("amber",),
    # a meeting's format and status
    "face-to-face": ("in-person",),
    "f2f": ("in-person",),
    "in-room": ("in-person",),
    "virtual": ("online",),
    "remote": ("online",),
    "teams": ("online",),
    "ms-teams": ("online",),
    "zoom": ("online",),
    "video": ("online",),
    "videoconference": ("online",),
    "blended": ("hybrid",),
    "signed-off": ("approved",),
    "agreed": ("approved",),
    "final": ("approved", "published"),
    "provisional": ("draft",),
    "unapproved": ("draft",),
    # a member's role
    "convener": ("chair",),
    "convenor": ("chair",),
    "chairperson": ("chair",),
    "chairman": ("chair",),
    "chairwoman": ("chair",),
    "deputy-chair": ("vice-chair",),
    "vice-convener": ("vice-chair",),
    "vice-convenor": ("vice-chair",),
    "secretary": ("secretariat",),
    # a risk's status
    "watch": ("monitoring",),
    "watching": ("monitoring",),
    "monitor": ("monitoring",),
}
"""Words people write for a choice, and the choices they mean; only those offered count."""


def _normal(word: str) -> str:
    """A word as choices are written: lower case, hyphens for spaces and underscores."""
    return "-".join(word.strip().lower().replace("_", " ").replace("-", " ").split())


def choice_hint(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean `done`?)`` for a word written for one of ``choices``: the same word
    in another case or spacing (``In Progress``), a word people use for it (``complete``),
    or the closest by spelling; an empty string when nothing is close."""
    offered = list(choices)
    normal = _normal(word)
    if normal in offered:
        return hint(normal)
    meant = [c for c in _SYNONYMS.get(normal, ()) if c in offered]
    if meant:
        return " (did you mean " + " or ".join(f"`{c}`" for c in meant) + "?)"
    return hint(Index(offered).closest(normal))


DATE_KINDS = frozenset({"date"})
"""A field that holds a date (``date``, ``completed``)."""
DATE_OR_MONTH = frozenset({"date", "month"})
"""A field that holds a date or a month (``next_meeting``)."""
DUE_KINDS = frozenset({"date", "month", "quarter", "year", "financial-year", "next-meeting"})
"""A field that holds any due form (``due``)."""

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for name in names
}
_ORDINAL = r"(?:st|nd|rd|th)?"
_PREFIX = re.compile(r"(?:by|before|due|the|end|of|in|on|close)\s+")
_NEXT = re.compile(r"(?:at\s+)?(?:the\s+)?next[\s_-]*(?:meeting)?")
_FINANCIAL = re.compile(r"(?:fy\s*)?([0-9]{4})\s*[-/–]\s*([0-9]{2}|[0-9]{4})")
_FINANCIAL_SHORT = re.compile(r"fy\s*([0-9]{2})\s*[-/–]\s*([0-9]{2})")
_QUARTER_FIRST = re.compile(r"q([1-4])\s*[-/ ]?\s*([0-9]{4})")
_QUARTER_LAST = re.compile(r"([0-9]{4})\s*[-/ ]?\s*q([1-4])")
_NUMERIC_DATE = re.compile(r"([0-9]{1,2})\s*[/.\-]\s*([0-9]{1,2})\s*[/.\-]\s*([0-9]{4}|[0-9]{2})")
_ISO_LIKE = re.compile(r"([0-9]{4})\s*[/.\-]\s*([0-9]{1,2})\s*[/.\-]\s*([0-9]{1,2})")
_YEAR_MONTH = re.compile(r"([0-9]{4})\s*[/.\-]\s*([0-9]{1,2})")
_MONTH_YEAR = re.compile(r"([0-9]{1,2})\s*[/.\-]\s*([0-9]{4})")
_DAY_MONTH_YEAR = re.compile(
    rf"(?:([0-9]{{1,2}}){_ORDINAL}[\s\-/]+)?([a-z]+)\.?[\s\-/,]+"
    rf"(?:([0-9]{{1,2}}){_ORDINAL},?[\s\-/]+)?([0-9]{{4}})"
)
_YEAR_WORD = re.compile(r"([0-9]{4})[\s\-/]+([a-z]+)")


def _month_named(word: str) -> int | None:
    """The month a word names (``Dec``, ``December``, ``sept``), or None."""
    number = _MONTHS.get(word)
    if number is None and len(word) > 3:
        number = _MONTHS.get(word[:3])
        if number is not None and not any(
            name.startswith(word) for name, n in _MONTHS.items() if n == number
        ):
            number = None
    return number


def _day_text(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _reading(text: str) -> tuple[str, str, str] | None:
    """What ``text`` most likely means in a form tws reads: (the form, its kind, a note)."""
    word = " ".join(text.strip().lower().split())
    while (prefix := _PREFIX.match(word)) is not None:
        word = word[prefix.end() :]
    if _NEXT.fullmatch(word):
        return "next-meeting", "next-meeting", ""
    for pattern in (_FINANCIAL, _FINANCIAL_SHORT):
        if (m := pattern.fullmatch(word)) is not None:
            first, second = _year(m[1]), int(m[2]) % 100
            if (first + 1) % 100 == second:
                return (
                    f"{first}/{second:02d}",
                    "financial-year",
                    f", the financial year from April {first} to March {first + 1}",
                )
    if (m := _QUARTER_FIRST.fullmatch(word)) is not None:
        return f"{m[2]}-Q{m[1]}", "quarter", ""
    if (m := _QUARTER_LAST.fullmatch(word)) is not None:
        return f"{m[1]}-Q{m[2]}", "quarter", ""
    if (m := _ISO_LIKE.fullmatch(word)) is not None:
        day = _day_text(int(m[1]), int(m[2]), int(m[3]))
        return (day, "date", "") if day else None
    if (m := _NUMERIC_DATE.fullmatch(word)) is not None:
        first, second, year = int(m[1]), int(m[2]), _year(m[3])
        if first <= 12 < second:  # 10/27/2022 can only be month first
            day = _day_text(year, first, second)
            note = f"? That is {text.strip()} read as month/day/year"
        else:
            day = _day_text(year, second, first)
            note = f"? That is {text.strip()} read as day/month/year, the UK order"
        return (day, "date", note) if day else None
    if (m := _YEAR_MONTH.fullmatch(word)) is not None and 1 <= int(m[2]) <= 12:
        return f"{m[1]}-{int(m[2]):02d}", "month", ""
    if (m := _MONTH_YEAR.fullmatch(word)) is not None and 1 <= int(m[1]) <= 12:
        return f"{m[2]}-{int(m[1]):02d}", "month", ""
    if (m := _DAY_MONTH_YEAR.fullmatch(word)) is not None:
        month = _month_named(m[2])
        if month is None or (m[1] is not None and m[3] is not None):
            return None
        given = m[1] or m[3]
        if given is None:
            return f"{m[4]}-{month:02d}", "month", ""
        day = _day_text(int(m[4]), month, int(given))
        return (day, "date", "") if day else None
    if (m := _YEAR_WORD.fullmatch(word)) is not None:
        month = _month_named(m[2])
        if month is not None:
            return f"{m[1]}-{month:02d}", "month", ""
    return None


def date_hint(text: str, kinds: frozenset[str] = DUE_KINDS) -> str:
    """`` (did you mean `2022-10-27`?…)`` for a date or period written in another form
    (``27/10/2022``, ``December 2022``, ``Q3 2023``, ``2022-23``), when that form is one of
    ``kinds`` (:data:`DATE_KINDS`, :data:`DATE_OR_MONTH`, :data:`DUE_KINDS`); else ``""``."""
    found = _reading(text)
    if found is None or found[1] not in kinds or found[0] == text.strip():
        return ""
    meant, _, note = found
    if note.startswith("?"):
        return f" (did you mean `{meant}`{note})"
    return f" (did you mean `{meant}`{note}?)"


def names_of(record: object) -> list[str]:
    """The names people know a record by, besides its id: its ``name``, ``short_name``,
    ``abbreviation`` and ``title``, where it has them (the command line takes any of them for
    the id; ``tws validate`` names the id when a file gives one of them instead)."""
    found = []
    for attribute in ("name", "short_name", "abbreviation", "title"):
        value = getattr(record, attribute, None)
        if isinstance(value, str) and value.strip():
            found.append(value)
    return found
