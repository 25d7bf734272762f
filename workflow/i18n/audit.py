"""The breaks ``wf audit verify`` names, in words: where, what kind, and what was found.

A :class:`workflow.review_checks.Break` keeps its kind as a stable code and its
finding as a catalogue key with facts (numbers, a moment, field names); the
words come from here, in the current language (Dutch unless said otherwise),
moments in Dutch time (:mod:`workflow.i18n.time`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from workflow.i18n import Language, text
from workflow.i18n.numbers import counted
from workflow.i18n.time import moment_text

__all__ = ["break_detail", "break_line"]

_FIELDS = ("state", "data", "version", "flags")
"""Case row fields with a word of their own; others (a timer's columns) are shown as their quoted code."""


def _fact(name: str, value: Any, lang: Language | None) -> str:
    if isinstance(value, datetime):
        return moment_text(value, lang)
    if name == "fields":
        return ", ".join(
            text(f"audit.field.{f}", lang=lang) if f in _FIELDS else text("audit.field.other", lang=lang, name=f)
            for f in value
        )
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
        return counted(int(value[1]), value[0], lang)
    return str(value)


def break_detail(key: str, facts: Mapping[str, Any], lang: Language | None = None) -> str:
    """What was found (``audit.detail.<key>``), the facts filled in: counts with their noun, moments in Dutch time."""
    return text(f"audit.detail.{key}", lang=lang, **{n: _fact(n, v, lang) for n, v in facts.items()})


def break_line(case_id: str, seq: int | None, kind: str, detail: str, lang: Language | None = None) -> str:
    """``zaak X gebeurtenis 2: inhoud gewijzigd — <detail>`` (the log and a definition are named as such)."""
    if kind == "log_rewritten":
        where = text("audit.where.log", lang=lang)
    elif kind == "definition_changed" and seq is None:
        where = text("audit.where.definition", lang=lang, case=case_id)
    elif seq is None:
        where = text("audit.where.case", lang=lang, case=case_id)
    else:
        where = text("audit.where.event", lang=lang, case=case_id, seq=seq)
    return f"{where}: {text(f'audit.break.{kind}', lang=lang)} — {detail}"
