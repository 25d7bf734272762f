"""Dates written the Dutch way: "woensdag 6 mei 2026".

The one table of Dutch day and month names: :mod:`workflow.i18n.time` uses
it for Dutch output and keeps only the English names itself.
"""

from __future__ import annotations

from datetime import date

__all__ = ["MONTHS", "WEEKDAYS", "dutch_date"]

WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


def dutch_date(day: date) -> str:
    """``day`` as "woensdag 6 mei 2026", independent of the process locale."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"
