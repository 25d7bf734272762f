"""What a guard sees when it runs, and the bounds it runs within.

:class:`GuardContext` is everything an expression can read (plain JSON values
but the clock); :class:`Budget` is the work one evaluation may do.  The
compiled expressions of :mod:`workflow.guards` and the functions of
:mod:`workflow.guard_functions` raise :class:`EvaluationFailure` for anything
they cannot decide; :mod:`workflow.evaluation` turns that into a blocker.
"""

from __future__ import annotations

import reprlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from workflow import workdays
from workflow.i18n import CATALOGUE, text
from workflow.i18n.numbers import whole_text
from workflow.model import JSON

__all__ = [
    "BUDGET",
    "DAY_COST",
    "ITEM_COST",
    "MAX_MAGNITUDE",
    "MAX_ROUND_DIGITS",
    "MAX_TEXT",
    "Budget",
    "BudgetExceeded",
    "EvaluationFailure",
    "GuardContext",
    "History",
    "json_type",
    "show",
]

BUDGET = 1_000_000
"""Work units one guard evaluation may spend, before the work is done, so a
runaway guard is refused at once.  Measured on a busy 2-core machine, the whole
budget is at most ≈ 20 ms of work: a function call costs 1 unit, a text
character looked through 1, a list item :data:`ITEM_COST`, a day a calendar
function walks :data:`DAY_COST`."""

ITEM_COST = 10
"""Units per list item ``in``, ``min`` or ``max`` looks through (≈ 0.1 µs each)."""

DAY_COST = 500
"""Units per day a working-day function walks (≈ 5-10 µs each): one evaluation
walks at most 2,000 days (about five and a half years)."""

MAX_MAGNITUDE = 10**15
"""Largest absolute number arithmetic takes or gives (money and hours fit easily)."""

MAX_ROUND_DIGITS = 15
"""``round(x, n)`` takes ``-15 <= n <= 15``."""

MAX_TEXT = 100_000
"""Longest text ``+`` may build."""


@dataclass(frozen=True)
class History:
    """What guards may know of a case's past, per transition: how often it fired, who fired it, who last.

    ``actors_by_transition`` lists who fired each transition, in order; each
    actor is kept once (at their first firing), which is what ``actors()``
    answers.  ``counts`` and ``last_actors`` default to what that listing
    says; the engine passes them from the per-case aggregates it keeps, so a
    guard's cost does not grow with the age of the case.
    """

    actors_by_transition: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    counts: Mapping[str, int] | None = None
    last_actors: Mapping[str, str] | None = None

    def __post_init__(self) -> None:
        listing = self.actors_by_transition
        if self.counts is None:
            object.__setattr__(self, "counts", {t: len(a) for t, a in listing.items()})
        if self.last_actors is None:
            object.__setattr__(self, "last_actors", {t: a[-1] for t, a in listing.items() if a})
        distinct = {t: tuple(dict.fromkeys(a)) for t, a in listing.items()}
        object.__setattr__(self, "actors_by_transition", distinct)

    def count(self, transition: str) -> int:
        """How often ``transition`` fired on the case."""
        return (self.counts or {}).get(transition, 0)

    def actors(self, transition: str) -> tuple[str, ...]:
        """Who fired ``transition``, each once, in order of their first firing."""
        return self.actors_by_transition.get(transition, ())

    def last_actor(self, transition: str) -> str | None:
        """Who fired ``transition`` last, or None."""
        return (self.last_actors or {}).get(transition)


@dataclass(frozen=True)
class GuardContext:
    """Everything an expression can see; all plain JSON values but ``now``."""

    data: Mapping[str, JSON]
    actor: Mapping[str, JSON]
    case: Mapping[str, JSON]
    now: datetime
    history: History = field(default_factory=History)
    calendar: workdays.WorkCalendar = workdays.DEFAULT
    terms: Mapping[str, JSON] = field(default_factory=dict)
    """The case's legal terms by name (as kept under the data's ``termijnen``): start, end, ..."""


class EvaluationFailure(Exception):
    """An expression could not be evaluated; ``detail`` explains it plainly."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(detail)


class BudgetExceeded(EvaluationFailure):
    """An evaluation spent its whole :class:`Budget`."""


class Budget:
    """Work units left to one evaluation; :meth:`spend` refuses once they run out."""

    __slots__ = ("left", "units")

    def __init__(self, units: int = BUDGET) -> None:
        self.units = units
        self.left = units

    def spend(self, units: int) -> None:
        self.left -= units
        if self.left < 0:
            raise BudgetExceeded(text("guard.budget", units=whole_text(self.units)))


_JSON_TYPES = {
    "NoneType": "null",
    "str": "text",
    "int": "number",
    "float": "number",
    "bool": "true/false",
    "dict": "object",
    "list": "list",
    "tuple": "list",
}


class _Short(reprlib.Repr):
    """Short reprs for messages; huge whole numbers by their size (their repr may not even exist)."""

    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() > 64:
            return text("guard.huge_number", digits=int(x.bit_length() * 0.30103))
        return repr(x)


_short = _Short()
_short.maxstring = _short.maxother = 60


def show(value: object) -> str:
    """``value`` as a short text for a message, whatever its size."""
    return _short.repr(value)


def type_text(value: object) -> str:
    """:func:`json_type` in words of the current language (``tekst``, ``getal``...) for messages."""
    kind = json_type(value)
    key = f"guard.type.{kind.replace('/', '_')}"
    return text(key) if key in CATALOGUE["en"] else kind


def json_type(value: object) -> str:
    """The JSON name of ``value``'s type (``text``, ``number``, ...)."""
    if isinstance(value, Mapping):
        return "object"
    return _JSON_TYPES.get(type(value).__name__, type(value).__name__)
