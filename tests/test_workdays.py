"""Dutch working days: weekends and public holidays excluded."""

from __future__ import annotations

from datetime import date

import pytest

from workflow.workdays import add_working_days, is_working_day, working_days_between


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 4, 27), False),  # Koningsdag (Monday)
        (date(2026, 4, 6), False),  # Tweede Paasdag
        (date(2026, 12, 25), False),  # Eerste Kerstdag
        (date(2026, 12, 26), False),  # Tweede Kerstdag (Saturday anyway)
        (date(2026, 1, 1), False),
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 11, 27), True),  # Friday
        (date(2026, 5, 13), True),  # the Wednesday before Hemelvaart
        (date(2026, 5, 14), False),  # Hemelvaartsdag
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_span_over_koningsdag_and_weekend() -> None:
    # Fri 24 Apr 2026 -> Tue 28 Apr: Sat, Sun, Koningsdag skipped; Tue counts
    assert working_days_between(date(2026, 4, 24), date(2026, 4, 28)) == 1
    assert add_working_days(date(2026, 4, 24), 1) == date(2026, 4, 28)


def test_span_over_christmas() -> None:
    # Wed 23 Dec 2026 -> Tue 29 Dec: Thu 24 counts, 25/26 holidays, weekend, Mon 28 and Tue 29 count
    assert working_days_between(date(2026, 12, 23), date(2026, 12, 29)) == 3
    assert add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 29)


def test_negative_and_empty_spans() -> None:
    assert working_days_between(date(2026, 11, 27), date(2026, 11, 20)) == -5
    assert working_days_between(date(2026, 11, 27), date(2026, 11, 27)) == 0
    assert add_working_days(date(2026, 11, 30), -1) == date(2026, 11, 27)


def test_unbounded_spans_are_refused() -> None:
    with pytest.raises(ValueError, match="longer than"):
        working_days_between(date(1, 1, 1), date(9999, 1, 1))
