"""Did-you-mean for values: a choice in another case or word, a date or period in another form."""

from __future__ import annotations

import pytest

from trauma_ws.record import fields
from trauma_ws.record.suggest import (
    DATE_KINDS,
    DATE_OR_MONTH,
    DUE_KINDS,
    choice_hint,
    date_hint,
)

STATUS = fields.STATUSES


@pytest.mark.parametrize(
    ("word", "choices", "meant"),
    [
        ("complete", STATUS, "`done`"),
        ("Completed", STATUS, "`done`"),
        ("finished", STATUS, "`done`"),
        ("closed", STATUS, "`done`"),
        ("ongoing", STATUS, "`in-progress`"),
        ("Started", STATUS, "`in-progress`"),
        ("In progress", STATUS, "`in-progress`"),
        ("in_progress", STATUS, "`in-progress`"),
        ("Not started", STATUS, "`not-started`"),
        ("todo", STATUS, "`not-started`"),
        ("open", STATUS, "`not-started` or `in-progress`"),
        ("on hold", STATUS, "`blocked`"),
        ("cancelled", STATUS, "`dropped`"),
        ("in-progres", STATUS, "`in-progress`"),
        ("Amber", fields.RAGS, "`amber`"),
        ("RED", fields.RAGS, "`red`"),
        ("G", fields.RAGS, "`green`"),
        ("Face to face", ("in-person", "online", "hybrid"), "`in-person`"),
        ("Teams", ("in-person", "online", "hybrid"), "`online`"),
        ("Convener", fields.ROLES, "`chair`"),
        ("vice chair", fields.ROLES, "`vice-chair`"),
        ("secretary", fields.ROLES, "`secretariat`"),
        # A word people use is offered only when its choice is one of these.
        ("closed", ("open", "monitoring", "closed-off"), "`closed-off`"),
        ("active", ("open", "monitoring", "closed"), "`open`"),
    ],
)
def test_a_choice_written_another_way_gets_a_suggestion(
    word: str, choices: tuple[str, ...], meant: str
) -> None:
    assert choice_hint(word, choices) == f" (did you mean {meant}?)"


def test_nothing_is_suggested_when_nothing_is_close() -> None:
    assert choice_hint("purple", fields.RAGS) == ""
    assert choice_hint("zzz", STATUS) == ""


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("2022-23", "2022/23"),
        ("2022-2023", "2022/23"),
        ("FY2022/23", "2022/23"),
        ("FY 22-23", "2022/23"),
        ("December 2022", "2022-12"),
        ("Dec 2022", "2022-12"),
        ("dec-2022", "2022-12"),
        ("Sept 2023", "2023-09"),
        ("2022 December", "2022-12"),
        ("end of March 2023", "2023-03"),
        ("by the end of March 2023", "2023-03"),
        ("Q3 2023", "2023-Q3"),
        ("q3-2023", "2023-Q3"),
        ("2023 Q3", "2023-Q3"),
        ("2023-3", "2023-03"),
        ("10/2022", "2022-10"),
        ("2023-3-5", "2023-03-05"),
        ("2023/10/27", "2023-10-27"),
        ("27 October 2022", "2022-10-27"),
        ("27th Oct 2022", "2022-10-27"),
        ("October 27, 2022", "2022-10-27"),
        ("next meeting", "next-meeting"),
        ("Next_meeting", "next-meeting"),
    ],
)
def test_a_due_written_another_way_gets_a_suggestion(written: str, meant: str) -> None:
    assert date_hint(written, DUE_KINDS).startswith(f" (did you mean `{meant}`")


def test_a_financial_year_says_which_months_it_covers() -> None:
    assert date_hint("2022-23") == (
        " (did you mean `2022/23`, the financial year from April 2022 to March 2023?)"
    )


def test_a_date_with_slashes_is_read_in_the_uk_order_and_says_so() -> None:
    assert date_hint("27/10/2022", DATE_KINDS) == (
        " (did you mean `2022-10-27`? That is 27/10/2022 read as day/month/year, the UK order)"
    )
    # Both numbers could be a month: still the UK order, said.
    assert date_hint("05/06/2023", DATE_KINDS).startswith(" (did you mean `2023-06-05`?")
    # The second number cannot be a month: it was written month first.
    assert date_hint("10/27/2022", DATE_KINDS) == (
        " (did you mean `2022-10-27`? That is 10/27/2022 read as month/day/year)"
    )
    assert date_hint("27/10/22", DATE_KINDS).startswith(" (did you mean `2022-10-27`?")


@pytest.mark.parametrize(
    ("written", "kinds"),
    [
        ("December 2022", DATE_KINDS),  # a month where a day is wanted
        ("2022-23", DATE_OR_MONTH),  # a financial year where a date or month is wanted
        ("Q3 2023", DATE_OR_MONTH),
        ("next meeting", DATE_OR_MONTH),
        ("31/02/2023", DUE_KINDS),  # no such day
        ("2022-25", DUE_KINDS),  # not consecutive years
        ("Smarch 2023", DUE_KINDS),
        ("last Tuesday", DUE_KINDS),
        ("2023-Q2\n", DUE_KINDS),  # the message already says to write it without the break
    ],
)
def test_no_suggestion_of_a_form_the_field_does_not_take(
    written: str, kinds: frozenset[str]
) -> None:
    assert date_hint(written, kinds) == ""


def test_a_month_is_suggested_where_a_date_or_month_is_wanted() -> None:
    assert date_hint("Dec 2023", DATE_OR_MONTH) == " (did you mean `2023-12`?)"
