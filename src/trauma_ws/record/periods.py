"""Due forms (date, month, quarter, year, UK financial year) resolved to the period's last day."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from trauma_ws.record.problems import shown

# Matched whole (fullmatch), in ASCII digits only: `$` would also match before a final line
# break, and `\d` would take digits from any script.
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_QUARTER = re.compile(r"([0-9]{4})-[Qq]([1-4])")
_YEAR = re.compile(r"([0-9]{4})")
_FINANCIAL_YEAR = re.compile(r"([0-9]{4})/([0-9]{2})")

FORMS = (
    "a date (2022-09-02), a month (2023-07), a quarter (2023-Q2), a year (2022) "
    "or a financial year (2022/23)"
)


class PeriodError(ValueError):
    """The text is not one of the due forms."""


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def kind_of(text: str) -> str:
    """Which form ``text`` is written in: date, month, quarter, year or financial-year."""
    for kind, pattern in (
        ("date", _DATE),
        ("month", _MONTH),
        ("quarter", _QUARTER),
        ("year", _YEAR),
        ("financial-year", _FINANCIAL_YEAR),
    ):
        if pattern.fullmatch(text):
            return kind
    raise PeriodError(f"`{shown(text)}` is not {FORMS}")


def resolve(text: str) -> date:
    """The last day of the period ``text`` names.

    >>> resolve("2023-Q2"), resolve("2022/23")
    (datetime.date(2023, 6, 30), datetime.date(2023, 3, 31))
    """
    text = text.strip()  # typed input (--due " 2023-Q2"); the record models refuse spaces
    try:
        if m := _DATE.fullmatch(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _MONTH.fullmatch(text):
            return _month_end(int(m[1]), int(m[2]))
        if m := _QUARTER.fullmatch(text):
            return _month_end(int(m[1]), int(m[2]) * 3)
        if m := _YEAR.fullmatch(text):
            return date(int(m[1]), 12, 31)
        if m := _FINANCIAL_YEAR.fullmatch(text):
            start = int(m[1])
            if (start + 1) % 100 != int(m[2]):
                raise PeriodError(
                    f"`{text}` is not a financial year: the second year must follow the first "
                    f"(write {start}/{(start + 1) % 100:02d})"
                )
            if start + 1 > date.max.year:
                raise PeriodError(
                    f"`{text}` would end on 31 March {start + 1}, after 9999-12-31, the last "
                    "date tws can handle"
                )
            return date(start + 1, 3, 31)
    except ValueError as exc:
        if isinstance(exc, PeriodError):
            raise
        raise PeriodError(f"`{shown(text)}` is not a real date ({exc})") from None
    raise PeriodError(f"`{shown(text)}` is not {FORMS}")


def add_days(day: date, days: int) -> date:
    """``day`` moved by ``days`` (negative: back), held within 0001-01-01 to 9999-12-31.

    >>> add_days(date(9999, 12, 1), 60)
    datetime.date(9999, 12, 31)
    """
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def parse_date(text: str) -> date:
    """A calendar date written as YYYY-MM-DD."""
    m = _DATE.fullmatch(text.strip())
    if not m:
        raise PeriodError(f"`{shown(text)}` is not a date written as YYYY-MM-DD")
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        raise PeriodError(f"`{shown(text)}` is not a real date ({exc})") from None
