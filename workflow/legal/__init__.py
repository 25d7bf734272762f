"""Legal terms as Dutch law counts them: the Atw calendar, term arithmetic, suspension and extension.

Pure functions and data, no database: :mod:`.calendar` (Atw holidays per
year), :mod:`.equated` (days equated by decree, kept as data), :mod:`.terms`
(counting a term, Awb 4:15 suspension, one extension), :mod:`.dutch` (dates
in Dutch).  See docs/legal-terms.md.
"""

from __future__ import annotations

from .calendar import ENV_EQUATED, FIRST_YEAR, AtwCalendar, Holiday, easter_sunday
from .dutch import dutch_date
from .equated import BUNDLED_EQUATED, EquatedDay, EquatedDaysError, LegalTermError, load_equated
from .terms import ART_2_REASON, Skipped, Suspension, TermResult, awb_suspension, extend, legal_term, suspend

__all__ = [
    "ART_2_REASON",
    "BUNDLED_EQUATED",
    "ENV_EQUATED",
    "FIRST_YEAR",
    "AtwCalendar",
    "EquatedDay",
    "EquatedDaysError",
    "Holiday",
    "LegalTermError",
    "Skipped",
    "Suspension",
    "TermResult",
    "awb_suspension",
    "dutch_date",
    "easter_sunday",
    "extend",
    "legal_term",
    "load_equated",
    "suspend",
]
