"""Calendar arithmetic in Dutch working days.

A working day is Monday to Friday, not a Dutch public holiday (as the
maintained ``holidays`` package knows them: Nieuwjaarsdag, Pasen, Koningsdag,
Bevrijdingsdag in lustrum years, Hemelvaart, Pinksteren, Kerstmis).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import Any

__all__ = ["add_days", "add_working_days", "is_working_day", "working_days_between"]

MAX_SPAN_DAYS = 366 * 50
"""Longest span the functions will walk; longer spans are refused (bounded work)."""


@cache
def _holidays() -> Any:
    import holidays  # deferred: importing it costs start-up time most commands never need

    return holidays.country_holidays("NL")


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays()


def _check_span(days: int) -> None:
    if abs(days) > MAX_SPAN_DAYS:
        msg = f"span of {days} days is longer than the {MAX_SPAN_DAYS} allowed"
        raise ValueError(msg)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when end < start."""
    span = (end - start).days
    _check_span(span)
    first = start if span >= 0 else end
    count = sum(1 for n in range(1, abs(span) + 1) if is_working_day(first + timedelta(days=n)))
    return count if span >= 0 else -count


def add_days(start: date, days: int) -> date:
    _check_span(days)
    return start + timedelta(days=days)


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (before it when negative)."""
    _check_span(days * 2)
    step = 1 if days >= 0 else -1
    current, left = start, abs(days)
    while left:
        current += timedelta(days=step)
        if is_working_day(current):
            left -= 1
    return current
