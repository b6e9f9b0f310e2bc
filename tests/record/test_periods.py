"""Due forms resolved to the last day of their period, and the errors for bad ones."""

from __future__ import annotations

from datetime import date

import pytest

from trauma_ws.record import periods
from trauma_ws.record.periods import PeriodError


@pytest.mark.parametrize(
    ("text", "last_day", "kind"),
    [
        ("2022-09-02", date(2022, 9, 2), "date"),
        ("2023-07", date(2023, 7, 31), "month"),
        ("2023-04", date(2023, 4, 30), "month"),
        ("2023-12", date(2023, 12, 31), "month"),
        ("2023-Q1", date(2023, 3, 31), "quarter"),
        ("2023-Q2", date(2023, 6, 30), "quarter"),
        ("2023-q3", date(2023, 9, 30), "quarter"),
        ("2023-Q4", date(2023, 12, 31), "quarter"),
        ("2022", date(2022, 12, 31), "year"),
        ("2022/23", date(2023, 3, 31), "financial-year"),
        ("2019/20", date(2020, 3, 31), "financial-year"),
        ("1999/00", date(2000, 3, 31), "financial-year"),
        ("2099/00", date(2100, 3, 31), "financial-year"),
    ],
)
def test_every_form_resolves_to_the_last_day(text: str, last_day: date, kind: str) -> None:
    assert periods.resolve(text) == last_day
    assert periods.kind_of(text) == kind


@pytest.mark.parametrize(
    ("text", "last_day"),
    [
        ("2024-02", date(2024, 2, 29)),
        ("2023-02", date(2023, 2, 28)),
        ("2000-02", date(2000, 2, 29)),
        ("1900-02", date(1900, 2, 28)),
        ("2024-02-29", date(2024, 2, 29)),
        ("2024-Q1", date(2024, 3, 31)),
        ("2023/24", date(2024, 3, 31)),
    ],
)
def test_leap_years(text: str, last_day: date) -> None:
    assert periods.resolve(text) == last_day


def test_surrounding_spaces_are_ignored() -> None:
    assert periods.resolve("  2023-Q2 ") == date(2023, 6, 30)
    assert periods.parse_date(" 2023-07-15\n") == date(2023, 7, 15)


def test_parse_date_takes_only_full_dates() -> None:
    assert periods.parse_date("2023-07-15") == date(2023, 7, 15)
    for text in ("2023-07", "2023", "15/07/2023", "2023-7-15"):
        with pytest.raises(PeriodError, match=r"is not a date written as YYYY-MM-DD"):
            periods.parse_date(text)
    with pytest.raises(PeriodError, match=r"`2023-02-29` is not a real date \(day is out of range"):
        periods.parse_date("2023-02-29")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2023-13", r"^`2023-13` is not a real date \(.*month.*\)$"),
        ("2023-00", r"^`2023-00` is not a real date \(.*month.*\)$"),
        ("2023-02-29", r"^`2023-02-29` is not a real date \(day is out of range for month\)$"),
        ("2023-04-31", r"^`2023-04-31` is not a real date"),
        ("2022/24", r"^`2022/24` is not a financial year: .*\(write 2022/23\)$"),
        ("1999/01", r"^`1999/01` is not a financial year: .*\(write 1999/00\)$"),
        ("2022/2023", r"^`2022/2023` is not a date \(2022-09-02\), a month \(2023-07\), a quarter"),
        ("2023-Q5", r"^`2023-Q5` is not a date .* or a financial year \(2022/23\)$"),
        ("2023-Q0", r"^`2023-Q0` is not a date"),
        ("Q2 2023", r"^`Q2 2023` is not a date"),
        ("23-07", r"^`23-07` is not a date"),
        ("2023-7", r"^`2023-7` is not a date"),
        ("next week", r"^`next week` is not a date"),
        ("", r"^`` is not a date"),
    ],
)
def test_bad_forms_raise_a_clear_period_error(text: str, message: str) -> None:
    with pytest.raises(PeriodError, match=message):
        periods.resolve(text)


def test_kind_of_refuses_what_is_no_form() -> None:
    with pytest.raises(PeriodError, match=r"a quarter \(2023-Q2\)"):
        periods.kind_of("2023-H1")


def test_period_error_is_a_value_error() -> None:
    assert issubclass(PeriodError, ValueError)
