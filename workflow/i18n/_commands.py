"""The words of ``wf term`` (``term.*`` keys), of ``wf report``'s and ``wf timers run``'s outcomes and of a few
usage errors of ``wf case``, in Dutch and English.

The names of holidays (``Tweede Kerstdag (Atw art. 3)``, ``5 mei (Atw art. 3)``) come from the Atw
calendar and stay Dutch in both languages: they are the names the law uses.
"""

from __future__ import annotations

__all__ = ["COMMANDS"]

_NL = {
    "cli.usage.timeline_at": (
        "--timeline toont het hele verloop van de zaak; laat --at weg (of gebruik --at zonder --timeline)"
    ),
    "term.bad_date": "ongeldige datum '{found}'; verwacht JJJJ-MM-DD of DD-MM-JJJJ, bijvoorbeeld 2026-03-10",
    "term.empty": "geef een termijn op met --days, --weeks of --months (groter dan 0)",
    "term.out_of_range": "de termijn valt buiten de kalender; kies een kleinere termijn",
    "term.year": "de Atw-kalender begint in 2014 (de eerste Koningsdag); kies een latere datum",
    "term.equated": "de tabel met gelijkgestelde dagen (WF_ATW_EQUATED) klopt niet:\n{problems}",
    "term.units.one": "maand|week|dag",
    "term.units": "maanden|weken|dagen",
    "term.and": " en ",
    "term.title": "Termijn van {amount} na {start}",
    "term.title.backward": "Termijn van {amount} teruggerekend vanaf {start}",
    "term.backward": "Teruggerekende termijn: geen verlenging (Atw art. 1 lid 2).",
    "term.naive": "Zonder Algemene termijnenwet: {end}",
    "term.skipped": "Overgeslagen:",
    "term.reason.art2": "minstens twee werkdagen in de termijn (Atw art. 2)",
    "term.none_skipped": "Geen dag overgeslagen: de termijn eindigt op een gewone werkdag.",
    "term.end": "Einde van de termijn: {end}",
    "term.unverified": (
        "Let op: {day} is gelijkgesteld volgens '{source}'; "
        "deze gelijkstelling is niet geverifieerd in de Staatscourant."
    ),
    "cli.report.format": (
        "kan het formaat van -o {file} niet afleiden; geef --format html, json, csv of text "
        "(of een bestand op .html, .json of .txt, of een map voor csv)"
    ),
    "cli.report.written": "Rapport ({format}) geschreven: {path}",
    "cli.hint.input": "geef het veld mee met --input '{example}'",
    "cli.timers.none": "Geen verlopen termijnen; niets te doen.",
    "cli.timers.done": (
        "Verlopen termijnen afgehandeld: {fired} uitgevoerd, {refused} geweigerd, {flagged} gemarkeerd, "
        "{stale} vervallen."
    ),
    "cli.read_only": (
        "{operation} zou in de database schrijven, maar wf heeft haar alleen-lezen geopend "
        "({flag} of WF_READ_ONLY); laat dat weg om iets te wijzigen"
    ),
}

_EN = {
    "cli.usage.timeline_at": (
        "--timeline shows the whole life of the case; leave out --at (or use --at without --timeline)"
    ),
    "term.bad_date": "invalid date '{found}'; expected YYYY-MM-DD or DD-MM-YYYY, for example 2026-03-10",
    "term.empty": "give a term with --days, --weeks or --months (greater than 0)",
    "term.out_of_range": "the term leaves the calendar; choose a shorter term",
    "term.year": "the Atw calendar starts in 2014 (the first Koningsdag); choose a later date",
    "term.equated": "the table of equated days (WF_ATW_EQUATED) is wrong:\n{problems}",
    "term.units.one": "month|week|day",
    "term.units": "months|weeks|days",
    "term.and": " and ",
    "term.title": "Term of {amount} after {start}",
    "term.title.backward": "Term of {amount} counted back from {start}",
    "term.backward": "Term counted back: no extension (Atw art. 1 lid 2).",
    "term.naive": "Without the Algemene termijnenwet: {end}",
    "term.skipped": "Skipped:",
    "term.reason.art2": "at least two working days in the term (Atw art. 2)",
    "term.none_skipped": "No day skipped: the term ends on an ordinary working day.",
    "term.end": "End of the term: {end}",
    "term.unverified": (
        "Note: {day} is equated according to '{source}'; this equation is not verified in the Staatscourant."
    ),
    "cli.report.format": (
        "cannot tell the format of -o {file}; give --format html, json, csv or text "
        "(or a file ending in .html, .json or .txt, or a folder for csv)"
    ),
    "cli.report.written": "Report ({format}) written: {path}",
    "cli.hint.input": "give the field with --input '{example}'",
    "cli.timers.none": "No passed deadlines; nothing to do.",
    "cli.timers.done": "Passed deadlines handled: {fired} done, {refused} refused, {flagged} flagged, {stale} lapsed.",
    "cli.read_only": (
        "{operation} would write to the database, but wf opened it read-only "
        "({flag} or WF_READ_ONLY); leave that out to change anything"
    ),
}

COMMANDS = {"nl": _NL, "en": _EN}
"""The texts of ``wf term``, ``wf report -o`` and ``wf timers run`` per language, by key (merged into
:data:`workflow.i18n.CATALOGUE`)."""
