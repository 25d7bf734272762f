"""Statutory terms as the law counts them: calendar days, weeks and months, then the Atw.

How a term is counted (each step is one function below):

1. Counting begins on the day after the trigger (``start``, e.g. receipt);
   N days/weeks end N days / N x 7 days after ``start``.  N months end in the
   N-th following month on the day with the same number as ``start``; when
   that month has no such day, on its last day (31 January + 1 month = 28/29
   February).  The Atw has no rule for months; this is the rule of Regulation
   (EEG, Euratom) 1182/71 art. 3 lid 2 c as explained by the KCBR
   (Handleiding wetgeving en Europa 2.6.1.d) and the one Dutch courts apply
   (see the conclusion ECLI:NL:PHR:2017:419 on terms in months).  Mixed terms
   add months first, then weeks and days.  That end is ``naive_end``.
2. Atw art. 1 lid 1: a term ending on a Saturday, Sunday or generally
   recognised holiday runs on to the next day that is none of these.
   Art. 1 lid 2: not for terms counted back from a moment or event
   (``backward=True``): those end on the naive date, whatever day it is.
3. Atw art. 2: a term of at least three days is extended so far that it
   contains at least two days that are not a Saturday, Sunday or holiday.
   We do not apply art. 2 to backward terms either: extending their end would
   move it further back and shorten the time of whoever must act before it,
   the opposite of what the Atw is for (our reading, not a court's).

Atw art. 4 (exceptions for particular terms) is not modelled: whether the
Atw applies to a term is for the caller (the definition) to decide.

Suspension (Awb 4:15) and extension (e.g. Awb 4:14 lid 3, Omgevingswet)
move the *naive* end, after which the Atw is applied afresh to the moved end.
Moving the Atw-extended end instead would let the Atw extend the term twice:
an 8-week term ending on Saturday runs to Monday; suspended for two days it
ends on the Monday that is two days after that Saturday, not on Wednesday.
"""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from .calendar import AtwCalendar
from .equated import LegalTermError
from .texts import said

__all__ = [
    "ART_2_REASON",
    "Skipped",
    "Suspension",
    "TermResult",
    "awb_suspension",
    "extend",
    "legal_term",
    "suspend",
]

ART_2_REASON = "minstens twee werkdagen in de termijn (Atw art. 2)"
_ONE = timedelta(days=1)


@dataclass(frozen=True)
class Skipped:
    """A day the end of a term moved past, and why (Dutch, with the article)."""

    day: date
    reason: str


@dataclass(frozen=True)
class TermResult:
    """A computed term: ``end`` is the last day on which the act is in time.

    ``length_days`` is the term as counted (``naive_end - start`` before any
    suspension or extension); Atw art. 2 applies when it is at least three.
    """

    start: date
    naive_end: date
    end: date
    skipped: tuple[Skipped, ...]
    length_days: int
    backward: bool = False
    suspended_days: int = 0
    extended: bool = False

    def to_json(self) -> dict[str, Any]:
        """``{"start", "naive_end", "end", "skipped": [{"date", "reason"}]}`` with ISO dates."""
        return {
            "start": self.start.isoformat(),
            "naive_end": self.naive_end.isoformat(),
            "end": self.end.isoformat(),
            "skipped": [{"date": s.day.isoformat(), "reason": s.reason} for s in self.skipped],
        }


@dataclass(frozen=True)
class Suspension:
    """Whole days during which a term does not run: from ``first_day`` up to (not including) ``resumed``."""

    first_day: date
    resumed: date
    ground: str = ""

    @property
    def days(self) -> int:
        """The number of whole days suspended."""
        return (self.resumed - self.first_day).days


def _add_months(day: date, months: int) -> date:
    years, index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, index + 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def _check_amounts(days: int, weeks: int, months: int) -> None:
    amounts = {"days": days, "weeks": weeks, "months": months}
    negative = {k: v for k, v in amounts.items() if v < 0}
    if negative:
        raise LegalTermError("term_negative", said("term_negative", found=negative))
    if not any(amounts.values()):
        raise LegalTermError("term_empty", said("term_empty"))


def _count(start: date, days: int, weeks: int, months: int, backward: bool) -> date:
    sign = -1 if backward else 1
    try:
        moved = _add_months(start, sign * months)
        return moved + sign * timedelta(days=days + 7 * weeks)
    except (OverflowError, ValueError) as exc:
        msg = said("term_out_of_range", months=months, weeks=weeks, days=days, start=start)
        raise LegalTermError("term_out_of_range", msg) from exc


def _roll_forward(day: date, calendar: AtwCalendar, skipped: list[Skipped]) -> date:
    """Atw art. 1 lid 1: on to the next day that is no Saturday, Sunday or holiday."""
    while calendar.is_free(day):
        skipped.append(Skipped(day, calendar.reason(day) or ""))
        day += _ONE
    return day


def _has_two_ordinary_days(start: date, end: date, calendar: AtwCalendar) -> bool:
    found, day = 0, start + _ONE
    while day <= end and found < 2:
        found += not calendar.is_free(day)
        day += _ONE
    return found >= 2


def _apply_atw(start: date, naive_end: date, length_days: int, calendar: AtwCalendar) -> TermResult:
    skipped: list[Skipped] = []
    end = _roll_forward(naive_end, calendar, skipped)
    if length_days >= 3:
        while not _has_two_ordinary_days(start, end, calendar):
            skipped.append(Skipped(end, ART_2_REASON))
            end = _roll_forward(end + _ONE, calendar, skipped)
    return TermResult(start, naive_end, end, tuple(skipped), length_days)


def legal_term(
    start: date,
    *,
    days: int = 0,
    weeks: int = 0,
    months: int = 0,
    backward: bool = False,
    calendar: AtwCalendar | None = None,
) -> TermResult:
    """The end of a statutory term triggered on ``start`` (see the module docstring for the rules).

    ``backward=True`` counts back from ``start`` (e.g. an event date) and then
    applies neither art. 1 (lid 2 excludes it) nor art. 2.
    """
    _check_amounts(days, weeks, months)
    naive_end = _count(start, days, weeks, months, backward)
    length = abs((naive_end - start).days)
    if backward:
        return TermResult(start, naive_end, naive_end, (), length, backward=True)
    try:
        return _apply_atw(start, naive_end, length, calendar or AtwCalendar())
    except OverflowError as exc:
        raise LegalTermError("term_out_of_range", said("term_past_calendar", start=start, last=date.max)) from exc


def awb_suspension(request_sent: date, completed: date, ground: str = "Awb 4:15 lid 1 onder a") -> Suspension:
    """The suspension of Awb 4:15 lid 1: from the day after the request to complete, until completion.

    The law: "opgeschort met ingang van de dag na die waarop het bestuursorgaan
    de aanvrager [...] uitnodigt de aanvraag aan te vullen, tot de dag waarop de
    aanvraag is aangevuld".  We read "tot" as *up to, not including*: on the day
    of completion the term runs again.  Completion on the day of the request or
    the day after suspends nothing.
    """
    if completed < request_sent:
        raise LegalTermError("suspension_dates", said("suspension_dates", completed=completed, request=request_sent))
    first = request_sent + _ONE
    return Suspension(first, max(first, completed), ground)


def suspend(result: TermResult, suspension: Suspension | int, *, calendar: AtwCalendar | None = None) -> TermResult:
    """The term after a suspension in whole days: naive end moved by the days, then the Atw again."""
    if result.backward:
        raise LegalTermError("suspension_backward", said("suspension_backward"))
    if isinstance(suspension, Suspension):
        if not result.start < suspension.first_day <= result.end + _ONE:
            msg = said("suspension_outside_term", first=suspension.first_day, start=result.start, end=result.end)
            raise LegalTermError("suspension_outside_term", msg)
        days = suspension.days
    else:
        days = suspension
    if days < 0:
        raise LegalTermError("suspension_negative", said("suspension_negative", found=days))
    moved = _apply_atw(
        result.start, result.naive_end + timedelta(days=days), result.length_days, calendar or AtwCalendar()
    )
    return replace(moved, suspended_days=result.suspended_days + days, extended=result.extended)


def extend(
    result: TermResult,
    *,
    weeks: int = 0,
    days: int = 0,
    months: int = 0,
    decided_on: date | None = None,
    calendar: AtwCalendar | None = None,
) -> TermResult:
    """The term extended once (e.g. by 6 weeks), counted from its naive end, then the Atw again.

    ``decided_on`` is the day the extension was decided; after the (legal)
    end the term has passed and cannot be extended.
    """
    if result.backward:
        raise LegalTermError("extension_backward", said("extension_backward"))
    if result.extended:
        raise LegalTermError("already_extended", said("already_extended", end=result.end))
    if decided_on is not None and decided_on > result.end:
        raise LegalTermError("term_expired", said("term_expired", end=result.end, decided=decided_on))
    _check_amounts(days, weeks, months)
    naive_end = _count(result.naive_end, days, weeks, months, backward=False)
    moved = _apply_atw(result.start, naive_end, result.length_days, calendar or AtwCalendar())
    return replace(moved, suspended_days=result.suspended_days, extended=True)
