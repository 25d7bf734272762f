"""Numbers for people: a decimal comma in Dutch (``7,5``), a decimal point in English (``7.5``).

One helper for every renderer that shows a number to a person (the CLI's timeline,
the report's text and HTML tables); JSON and CSV keep machine numbers.
"""

from __future__ import annotations

from workflow._speech import Language, language

__all__ = ["counted", "number_text", "whole_text"]

_POINT = {"nl": ",", "en": "."}
_THOUSANDS = {"nl": ".", "en": ","}


def whole_text(value: int, lang: Language | None = None) -> str:
    """A whole number with its thousands grouped: ``100.000`` (``100,000`` in English)."""
    return f"{value:,}".replace(",", _THOUSANDS[lang or language()])


def number_text(value: float, lang: Language | None = None, *, places: int = 2) -> str:
    """``value`` with at most ``places`` decimals, no trailing zeros: ``7,5`` (``7.5`` in English), ``12``."""
    if float(value).is_integer():
        return f"{value:.0f}"
    shown = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return shown.replace(".", _POINT[lang or language()])


def counted(n: int, noun: str, lang: Language | None = None) -> str:
    """``1 zaak``, ``2 zaken`` (``1 case``, ``2 cases``): ``n`` with the noun in its number, from the catalogue.

    ``noun``: ``case``, ``event``, ``break``, ``timer``, ``step`` or ``refusal`` (the ``count.*`` keys).
    """
    from workflow.i18n import text

    return text(f"count.{noun}.{'one' if n == 1 else 'many'}", lang=lang, n=n)
