"""The calendar of the Algemene termijnenwet (Atw, BWBR0002448): which days a term may not end on.

Art. 1 lid 1 names Saturday, Sunday and the *algemeen erkende feestdagen*;
art. 3 says which those are:

- lid 1: "de Nieuwjaarsdag, de Christelijke tweede Paas- en Pinksterdag, de
  beide Kerstdagen, de Hemelvaartsdag, de dag waarop de verjaardag van de Koning
  wordt gevierd en de vijfde mei" -- 5 May every year, not only in lustrum
  years as the ``holidays`` package has it;
- lid 2: Goede Vrijdag is equated with them;
- lid 3: further days are equated by decree published in the Staatscourant
  (in practice the Friday after Hemelvaartsdag and bridging days); these are
  data, see :mod:`workflow.legal.equated`.

Eerste Paasdag and Eerste Pinksterdag are not in the list: they are Sundays and
count under art. 1 as such.  The King's birthday is celebrated on 27 April
since 1 January 2014 ("Besluit van 30 januari 2013, nr. 13.000173, houdende
vaststelling en aanduiding van de zevenentwintigste april als Koningsdag",
Stcrt. 2013, 4075, herplaatst; BWBR0032908, art. 1: "behoudens uitzonderingen
in verband met zondagen"); when 27 April is a Sunday it is celebrated the day
before, Saturday 26 April (the decree does not name the day; koninklijkhuis.nl
does: "Als 27 april op een zondag valt, wordt Koningsdag de dag ervoor
gevierd"; so in 2014 and 2025, next in 2031).  The calendar covers the years
from 2014 on.

This calendar is separate from the organisation's working-day calendar
(:mod:`workflow.workdays`), which serves service norms and knows closing days.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from .equated import BUNDLED_EQUATED, EquatedDay, LegalTermError, load_equated
from .texts import said

__all__ = [
    "ENV_EQUATED",
    "FIRST_YEAR",
    "AtwCalendar",
    "Holiday",
    "easter_sunday",
    "statutory_holidays",
]

FIRST_YEAR = 2014
ENV_EQUATED = "WF_ATW_EQUATED"

ART_1 = "Atw art. 1"
ART_3 = "Atw art. 3"
ART_3_2 = "Atw art. 3 lid 2"
ART_3_3 = "Atw art. 3 lid 3"


@dataclass(frozen=True, order=True)
class Holiday:
    """A day a term may not end on, other than a Saturday or Sunday, with the article that says so."""

    day: date
    name: str
    article: str
    verified: bool = True
    source: str = ""


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the Meeus/Jones/Butcher algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _koningsdag(year: int) -> date:
    birthday = date(year, 4, 27)
    return birthday - timedelta(days=1) if birthday.weekday() == 6 else birthday


def statutory_holidays(year: int) -> tuple[Holiday, ...]:
    """The holidays of art. 3 lid 1 and 2 in ``year``, in date order."""
    if year < FIRST_YEAR:
        raise LegalTermError("year_out_of_range", said("year_out_of_range", first=FIRST_YEAR, year=year))
    easter = easter_sunday(year)
    days = [
        Holiday(date(year, 1, 1), "Nieuwjaarsdag", ART_3),
        Holiday(easter - timedelta(days=2), "Goede Vrijdag", ART_3_2),
        Holiday(easter + timedelta(days=1), "Tweede Paasdag", ART_3),
        Holiday(_koningsdag(year), "Koningsdag", ART_3),
        Holiday(date(year, 5, 5), "5 mei", ART_3),
        Holiday(easter + timedelta(days=39), "Hemelvaartsdag", ART_3),
        Holiday(easter + timedelta(days=50), "Tweede Pinksterdag", ART_3),
        Holiday(date(year, 12, 25), "Eerste Kerstdag", ART_3),
        Holiday(date(year, 12, 26), "Tweede Kerstdag", ART_3),
    ]
    return tuple(sorted(days))


@cache
def _bundled() -> tuple[EquatedDay, ...]:
    return load_equated(BUNDLED_EQUATED)


class AtwCalendar:
    """Saturdays, Sundays and Atw holidays: the days on which a statutory term does not end.

    ``extra`` names a file of further equated days (same shape as the bundled
    ``atw_equated.toml``); its entries are added to the bundled ones and win
    for a date both list.  ``bundled=False`` leaves the bundled table out
    (for tests and for users who keep the whole table themselves).
    """

    def __init__(self, extra: Path | None = None, *, bundled: bool = True) -> None:
        equated = {d.day: d for d in (_bundled() if bundled else ())}
        self.extra = extra
        if extra is not None:
            equated.update({d.day: d for d in load_equated(extra)})
        self._equated: Mapping[date, EquatedDay] = equated
        self._years: dict[int, dict[date, Holiday]] = {}

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> AtwCalendar:
        """The bundled table plus the file named by ``WF_ATW_EQUATED``, when set."""
        value = (os.environ if environ is None else environ).get(ENV_EQUATED, "").strip()
        return cls(Path(value) if value else None)

    @property
    def equated(self) -> tuple[EquatedDay, ...]:
        """Every equated day known to this calendar, in date order."""
        return tuple(sorted(self._equated.values()))

    def _year(self, year: int) -> dict[date, Holiday]:
        if year not in self._years:
            found = {h.day: h for h in statutory_holidays(year)}
            for eq in self._equated.values():
                if eq.day.year == year and eq.day not in found:
                    found[eq.day] = Holiday(eq.day, eq.name, ART_3_3, eq.verified, eq.source)
            self._years[year] = found
        return self._years[year]

    def holidays(self, year: int) -> tuple[Holiday, ...]:
        """Every Atw holiday of ``year`` (art. 3 lid 1, 2 and 3), in date order."""
        return tuple(sorted(self._year(year).values()))

    def holiday(self, day: date) -> Holiday | None:
        """The Atw holiday on ``day``, if it is one."""
        return self._year(day.year).get(day)

    def is_free(self, day: date) -> bool:
        """True for a Saturday, Sunday or Atw holiday: a day a term does not end on."""
        return day.weekday() >= 5 or day in self._year(day.year)

    def reason(self, day: date) -> str | None:
        """Why a term cannot end on ``day``, in Dutch with the article; None for an ordinary day."""
        found = self.holiday(day)
        if found is not None:
            return f"{found.name} ({found.article})"
        if day.weekday() >= 5:
            return f"{'zaterdag' if day.weekday() == 5 else 'zondag'} ({ART_1})"
        return None
