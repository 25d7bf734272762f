"""Moments and dates for people: Europe/Amsterdam, with the zone, in Dutch words.

The store and JSON keep ISO-8601 UTC; only human output comes through here.
Day and month names come from a small table of our own (the Dutch one is
:mod:`workflow.legal.dutch`'s), not from the operating system's locale, so the output is the same on every machine.
A deadline stored as the first moment of a day (00:00 Dutch time) means the
end of the day before: it shows as "uiterlijk vrijdag 4 december 2026".
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from workflow.i18n import Language, language, text
from workflow.legal.dutch import MONTHS, WEEKDAYS

__all__ = ["ZONE", "date_text", "deadline_text", "local", "moment_text", "short_moment_text", "span_text"]

ZONE = ZoneInfo("Europe/Amsterdam")
"""The zone of every time shown to people."""

_DAYS = {
    "nl": WEEKDAYS,
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS = {
    "nl": MONTHS,
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def local(moment: datetime) -> datetime:
    """``moment`` (aware) in Europe/Amsterdam."""
    return moment.astimezone(ZONE)


def date_text(day: date, lang: Language | None = None) -> str:
    """``vrijdag 4 december 2026`` (``Friday 4 December 2026`` in English)."""
    chosen = lang or language()
    return f"{_DAYS[chosen][day.weekday()]} {day.day} {_MONTHS[chosen][day.month - 1]} {day.year}"


def moment_text(moment: datetime, lang: Language | None = None) -> str:
    """``vrijdag 4 december 2026 14:05 CET``: the moment in Dutch time, with its zone."""
    here = local(moment)
    return f"{date_text(here.date(), lang)} {here:%H:%M} {here.tzname()}"


_SHORT_DAYS = {
    "nl": ("ma", "di", "wo", "do", "vr", "za", "zo"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}


def short_moment_text(moment: datetime, lang: Language | None = None) -> str:
    """``ma 05-10-2026 10:33`` (``Mon 2026-10-05 10:33`` in English): Dutch time, for tables; at most 20 characters."""
    chosen = lang or language()
    here = local(moment)
    day = _SHORT_DAYS[chosen][here.weekday()]
    return f"{day} {here:%d-%m-%Y %H:%M}" if chosen == "nl" else f"{day} {here:%Y-%m-%d %H:%M}"


def deadline_text(due: datetime, lang: Language | None = None) -> str:
    """``uiterlijk vrijdag 4 december 2026`` (the day's end), or with the hour when it falls within a day."""
    here = local(due)
    if here.time() == time(0, 0):
        return text("time.by_day", lang=lang, day=date_text(here.date() - timedelta(days=1), lang))
    return text("time.by_moment", lang=lang, day=date_text(here.date(), lang), hour=f"{here:%H:%M} {here.tzname()}")


def span_text(seconds: float, lang: Language | None = None) -> str:
    """A length of time in whole days, or hours under two days: ``8 dagen``, ``5 uur``."""
    hours = abs(seconds) / 3600
    if hours < 48:
        whole = max(1, round(hours))
        return text("time.hour" if whole == 1 else "time.hours", lang=lang, n=whole)
    days = round(hours / 24)
    return text("time.days", lang=lang, n=days)
