"""The legal-term errors' sentences in Dutch and English, keyed ``atw.<code>``.

The calendar and the term arithmetic raise :class:`LegalTermError` with a
stable ``code``; :func:`said` words it in the current language (Dutch unless
the engine or the command line says ``en``).  :mod:`workflow.i18n` merges
:data:`LEGAL` into its one catalogue, so the tests check every key in both
languages and scan the Dutch for English.
"""

from __future__ import annotations

from workflow._speech import Language, language

__all__ = ["LEGAL", "said"]

_NL = {
    "atw.year_out_of_range": "de Atw-kalender begint in {first} (de eerste Koningsdag); gevonden: jaar {year}",
    "atw.term_negative": "een termijn telt vooruit of terug, nooit negatief; gevonden: {found}",
    "atw.term_empty": "een termijn vraagt dagen, weken of maanden; alle zijn 0",
    "atw.term_out_of_range": (
        "een termijn van {months} maanden, {weeks} weken en {days} dagen vanaf {start} valt buiten de kalender"
    ),
    "atw.term_past_calendar": "de termijn vanaf {start} zou eindigen na de laatste datum die de kalender kent ({last})",
    "atw.suspension_dates": (
        "de aanvraag is aangevuld op {completed}, vóór het verzoek van {request}; controleer de datums"
    ),
    "atw.suspension_backward": "een termijn die terugtelt vanaf een datum kan niet worden opgeschort",
    "atw.suspension_outside_term": (
        "een opschorting vanaf {first} ligt buiten de termijn {start} .. {end}; schort alleen een lopende termijn op"
    ),
    "atw.suspension_negative": "een opschorting duurt hele dagen, 0 of meer; gevonden: {found}",
    "atw.extension_backward": "een termijn die terugtelt vanaf een datum kan niet worden verdaagd",
    "atw.already_extended": "deze termijn is al verdaagd (hij eindigt op {end}); de wet staat één verdaging toe",
    "atw.term_expired": (
        "de termijn eindigde op {end}; een verdaging besloten op {decided} komt te laat "
        "(besluit haar vóór het einde van de termijn)"
    ),
}

_EN = {
    "atw.year_out_of_range": "the Atw calendar covers {first} and later (Koningsdag); found year {year}",
    "atw.term_negative": "a term counts forward or back, never negative; found {found}",
    "atw.term_empty": "a term needs days, weeks or months; all are 0",
    "atw.term_out_of_range": (
        "a term of {months} months, {weeks} weeks and {days} days from {start} leaves the calendar"
    ),
    "atw.term_past_calendar": "the term from {start} would end after the last date the calendar knows ({last})",
    "atw.suspension_dates": (
        "the application was completed on {completed}, before the request of {request}; check the dates"
    ),
    "atw.suspension_backward": "a term counted back from a date cannot be suspended",
    "atw.suspension_outside_term": (
        "a suspension from {first} lies outside the term {start} .. {end}; suspend only a running term"
    ),
    "atw.suspension_negative": "a suspension lasts whole days, 0 or more; found {found}",
    "atw.extension_backward": "a term counted back from a date cannot be extended",
    "atw.already_extended": "this term was extended already (it ends on {end}); the law allows one extension",
    "atw.term_expired": (
        "the term ended on {end}; an extension decided on {decided} comes too late (decide it before the term ends)"
    ),
}

LEGAL: dict[Language, dict[str, str]] = {"nl": _NL, "en": _EN}
"""The legal-term errors' texts per language, by key (merged into :data:`workflow.i18n.CATALOGUE`)."""


def said(key: str, /, **params: object) -> str:
    """The text of ``atw.<key>`` in the current language, filled with ``params``."""
    return LEGAL[language()][f"atw.{key}"].format(**params)
