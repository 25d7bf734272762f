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
    "atw.equated.head.one": "1 probleem in de tabel met gelijkgestelde dagen {path}; los het op en laad opnieuw:",
    "atw.equated.head": "{count} problemen in de tabel met gelijkgestelde dagen {path}; los elk op en laad opnieuw:",
    "atw.equated.unreadable": "{path}: het bestand is niet te lezen ({code}); controleer het pad",
    "atw.equated.toml": "{path}: geen geldige TOML (regel {line}, kolom {column}); controleer de schrijfwijze",
    "atw.equated.top_key": "{path}: onbekende sleutel '{key}' bovenaan; verwacht alleen [[day]]-tabellen",
    "atw.equated.not_list": "{path}: 'day' moet een reeks tabellen zijn ([[day]])",
    "atw.equated.not_table": "{place}: [[day]] #{index} moet een tabel zijn; gevonden: {kind}",
    "atw.equated.key": "{place}: [[day]] #{index}: onbekende sleutel '{key}'; verwacht een van {known}",
    "atw.equated.missing": "{place}: [[day]] #{index}: '{key}' ontbreekt ({kind})",
    "atw.equated.kind": "{place}: [[day]] #{index}: '{key}' moet {kind} zijn; gevonden: {found}",
    "atw.equated.empty": "{place}: [[day]] #{index}: 'name' en 'source' mogen niet leeg zijn",
    "atw.equated.twice": "{place}: {day} staat er twee keer in ([[day]] #{first} en #{second}); houd er één",
    "atw.kind.date": "een datum (JJJJ-MM-DD, zonder aanhalingstekens)",
    "atw.kind.str": "een tekst tussen aanhalingstekens",
    "atw.kind.bool": "true of false",
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
    "atw.equated.head.one": "1 problem in the table of equated days {path}; fix it and load again:",
    "atw.equated.head": "{count} problems in the table of equated days {path}; fix each and load again:",
    "atw.equated.unreadable": "{path}: cannot read the file ({code}); check the path",
    "atw.equated.toml": "{path}: not valid TOML (line {line}, column {column}); check the syntax",
    "atw.equated.top_key": "{path}: unknown top-level key '{key}'; expected only [[day]] tables",
    "atw.equated.not_list": "{path}: 'day' must be an array of tables ([[day]])",
    "atw.equated.not_table": "{place}: [[day]] #{index} must be a table, found {kind}",
    "atw.equated.key": "{place}: [[day]] #{index}: unknown key '{key}'; expected one of {known}",
    "atw.equated.missing": "{place}: [[day]] #{index}: missing '{key}' ({kind})",
    "atw.equated.kind": "{place}: [[day]] #{index}: '{key}' must be {kind}, found {found}",
    "atw.equated.empty": "{place}: [[day]] #{index}: 'name' and 'source' must not be empty",
    "atw.equated.twice": "{place}: {day} is listed twice ([[day]] #{first} and #{second}); keep one",
    "atw.kind.date": "a date (YYYY-MM-DD, unquoted)",
    "atw.kind.str": "a quoted text",
    "atw.kind.bool": "true or false",
}

LEGAL: dict[Language, dict[str, str]] = {"nl": _NL, "en": _EN}
"""The legal-term errors' texts per language, by key (merged into :data:`workflow.i18n.CATALOGUE`)."""


def said(key: str, /, **params: object) -> str:
    """The text of ``atw.<key>`` in the current language, filled with ``params``."""
    return LEGAL[language()][f"atw.{key}"].format(**params)
