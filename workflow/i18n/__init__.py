"""The engine's own words in Dutch and English: one catalogue keyed by stable codes.

Definitions speak their own language (labels, messages); everything the
engine and the command line say themselves comes from here.  A key is the
stable blocker or error code (``role_not_allowed``, ``wrong_state``...) or,
where one code has several sentences, the code with a suffix
(``other_tenant.read``); command-line texts use ``cli.*`` keys.  Codes and
JSON keys never change with the language — only the human text does.

The language is Dutch unless a caller says otherwise: :func:`speaking` sets
it for the current context (a thread or task; the engine wraps each call of
its own in it), :func:`text` reads it.  Times for people are shown by
:mod:`workflow.i18n.time` in Europe/Amsterdam, numbers by :mod:`workflow.i18n.numbers`
(a decimal comma in Dutch, a point in English).
"""

from __future__ import annotations

from collections.abc import Mapping

from workflow._speech import DEFAULT_LANGUAGE, ERRORS, LANGUAGES, Language, _current, language, say, speaking
from workflow.errors import InvalidInput
from workflow.i18n._cli import CLI
from workflow.i18n._commands import COMMANDS
from workflow.i18n._definition import DEFINITION
from workflow.i18n._definition_format import DEFINITION_FORMAT
from workflow.i18n._demo import DEMO
from workflow.i18n._engine import ENGINE
from workflow.i18n._report import REPORT
from workflow.legal.texts import LEGAL

__all__ = [
    "CATALOGUE",
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "Language",
    "as_language",
    "language",
    "or_list",
    "say",
    "speaking",
    "text",
]

CATALOGUE: Mapping[Language, Mapping[str, str]] = {
    "nl": {
        **ERRORS["nl"],
        **LEGAL["nl"],
        **ENGINE["nl"],
        **CLI["nl"],
        **REPORT["nl"],
        **DEFINITION["nl"],
        **DEFINITION_FORMAT["nl"],
        **COMMANDS["nl"],
        **DEMO["nl"],
    },
    "en": {
        **ERRORS["en"],
        **LEGAL["en"],
        **ENGINE["en"],
        **CLI["en"],
        **REPORT["en"],
        **DEFINITION["en"],
        **DEFINITION_FORMAT["en"],
        **COMMANDS["en"],
        **DEMO["en"],
    },
}
"""Every text the engine and the command line say themselves, per language, by key (errors included)."""


def as_language(value: str) -> Language:
    """``value`` as a :data:`Language`; :class:`InvalidInput` naming the choices otherwise."""
    found = value.strip().lower()
    if found == "en":
        return "en"
    if found != "nl":
        raise InvalidInput.said("error.language", value=value, choices=", ".join(LANGUAGES))
    return "nl"


def text(key: str, /, *, lang: Language | None = None, **params: object) -> str:
    """The text of ``key`` in ``lang`` (default: the current language), filled with ``params``.

    A key the catalogue lacks is a programming error (a test checks every key
    in both languages), so it raises KeyError rather than showing a code.
    """
    template = CATALOGUE[lang or _current.get()][key]
    return template.format(**params) if params else template


def or_list(names: list[str] | tuple[str, ...], /) -> str:
    """``A, B of C`` (``A, B or C`` in English): names joined by commas, the last by the word for "or"."""
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + text("roles.or") + names[-1]
