"""The language of the current context, and the texts of the library's errors in Dutch and English.

The bottom of :mod:`workflow.i18n`: it imports nothing from the package, so
:mod:`workflow.errors` and the store (which may import only ``errors`` and
``model``) can speak the current language too.  :func:`speaking` sets the
language for a context (a thread or task), :func:`say` renders one of the
error texts below in it.  :mod:`workflow.i18n` merges :data:`ERRORS` into
its one catalogue, so the same tests check every key in both languages.

An error's ``code`` (``not_found``, ``invalid_input``...) never changes with
the language; ``key`` (the catalogue key below) names the exact sentence.
"""

from __future__ import annotations

from contextvars import ContextVar, Token
from typing import Literal

from workflow._audit_texts import AUDIT_EN, AUDIT_NL
from workflow._definition_texts import DEFINITION_EN, DEFINITION_NL
from workflow._error_texts import EN, NL
from workflow._storage_texts import STORAGE_EN, STORAGE_NL
from workflow._yaml_texts import YAML_EN, YAML_NL

__all__ = ["DEFAULT_LANGUAGE", "ERRORS", "LANGUAGES", "Language", "language", "say", "speaking"]

Language = Literal["nl", "en"]
"""A language the engine speaks: ``nl`` (the default) or ``en``."""

LANGUAGES: tuple[Language, ...] = ("nl", "en")
DEFAULT_LANGUAGE: Language = "nl"

_current: ContextVar[Language] = ContextVar("workflow_language", default=DEFAULT_LANGUAGE)

ERRORS: dict[Language, dict[str, str]] = {
    "nl": {**NL, **DEFINITION_NL, **AUDIT_NL, **YAML_NL, **STORAGE_NL},
    "en": {**EN, **DEFINITION_EN, **AUDIT_EN, **YAML_EN, **STORAGE_EN},
}
"""The texts of the library's errors, per language, by key (merged into :data:`workflow.i18n.CATALOGUE`)."""


def language() -> Language:
    """The language of the current context (Dutch unless :func:`speaking` said otherwise)."""
    return _current.get()


class speaking:  # noqa: N801 - used as a function: ``with speaking("en"):``
    """Within the ``with`` block, texts speak ``chosen``.

    A class, not a generator: every engine call enters one (no generator frame per call).
    """

    __slots__ = ("_chosen", "_token")

    def __init__(self, chosen: Language) -> None:
        self._chosen = chosen

    def __enter__(self) -> None:
        self._token: Token[Language] = _current.set(self._chosen)

    def __exit__(self, *_exc: object) -> None:
        _current.reset(self._token)


def say(key: str, /, **params: object) -> str:
    """The error text ``key`` in the current language, filled with ``params``."""
    template = ERRORS[_current.get()][key]
    return template.format(**params) if params else template
