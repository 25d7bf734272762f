"""Calendar arithmetic in Dutch working days, and when a deadline falls due.

A working day is Monday to Friday, not a Dutch public holiday (as the
maintained ``holidays`` package knows them: Nieuwjaarsdag, Goede Vrijdag,
Pasen, Koningsdag, Bevrijdingsdag in lustrum years, Hemelvaart, Pinksteren,
Kerstmis) and not one of the organisation's own closing days.  Dates are
local to the Netherlands (Europe/Amsterdam); a deadline on a date falls due
at the end of that day, local time.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

__all__ = [
    "DEFAULT",
    "LOCAL",
    "MAX_SPAN_DAYS",
    "WorkCalendar",
    "add_days",
    "add_working_days",
    "is_working_day",
    "working_days_between",
]

MAX_SPAN_DAYS = 366 * 50
"""Longest span the functions will walk; longer spans are refused (bounded work)."""

LOCAL = ZoneInfo("Europe/Amsterdam")


@cache
def _holidays() -> Any:
    import holidays  # deferred: importing it costs start-up time most commands never need

    return holidays.country_holidays("NL")


def _check_span(days: int) -> None:
    if abs(days) > MAX_SPAN_DAYS:
        msg = f"span of {days} days is longer than the {MAX_SPAN_DAYS} allowed"
        raise ValueError(msg)


class WorkCalendar:
    """Dutch working days, less the organisation's own ``closing_days``."""

    def __init__(self, closing_days: Iterable[date] = ()) -> None:
        self.closing_days = frozenset(closing_days)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in _holidays() and day not in self.closing_days

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``; negative when end < start."""
        span = (end - start).days
        _check_span(span)
        first = start if span >= 0 else end
        count = sum(1 for n in range(1, abs(span) + 1) if self.is_working_day(first + timedelta(days=n)))
        return count if span >= 0 else -count

    def add_working_days(self, start: date, days: int) -> date:
        """The date ``days`` working days after ``start`` (before it when negative)."""
        _check_span(days * 2)
        step = 1 if days >= 0 else -1
        current, left = start, abs(days)
        while left:
            current += timedelta(days=step)
            if self.is_working_day(current):
                left -= 1
        return current

    @staticmethod
    def local_date(moment: datetime) -> date:
        return moment.astimezone(LOCAL).date()

    @staticmethod
    def end_of(day: date) -> datetime:
        """The moment (UTC) a deadline on ``day`` falls due: the end of that day, Dutch time."""
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=LOCAL).astimezone(UTC)

    def due(self, start: datetime, days: int, *, working: bool) -> datetime:
        """When a term of ``days`` (working) days that starts at ``start`` ends."""
        first = self.local_date(start)
        last = self.add_working_days(first, days) if working else add_days(first, days)
        return self.end_of(last)

    def shift(self, due: datetime, paused_from: datetime, paused_until: datetime, *, working: bool) -> datetime:
        """``due`` moved on by the time a clock stood still (in working days for a working-day term)."""
        if not working:
            return due + (paused_until - paused_from)
        paused = self.working_days_between(self.local_date(paused_from), self.local_date(paused_until))
        return self.end_of(self.add_working_days(self.due_day(due), paused)) if paused > 0 else due

    @classmethod
    def due_day(cls, due: datetime) -> date:
        """The (local) day whose end ``due`` is."""
        return cls.local_date(due - timedelta(microseconds=1))


DEFAULT = WorkCalendar()
"""Dutch working days without closing days of an organisation."""


def is_working_day(day: date) -> bool:
    return DEFAULT.is_working_day(day)


def working_days_between(start: date, end: date) -> int:
    return DEFAULT.working_days_between(start, end)


def add_working_days(start: date, days: int) -> date:
    return DEFAULT.add_working_days(start, days)


def add_days(start: date, days: int) -> date:
    _check_span(days)
    return start + timedelta(days=days)
