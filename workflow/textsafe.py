"""User-supplied text made safe where it is shown: a terminal, or a spreadsheet opening a CSV file.

:func:`safe_text` — for a terminal: control characters, line breaks and
bidirectional overrides made visible (``\\n``, ``\\x1b``, ``\\u202e``), so a
reason, reference, actor id, tenant or data value can neither start what looks
like another line of output nor reorder what follows it.  A backslash is
doubled, so an escape shown can always be told from one typed.  JSON output
does not use this: the JSON encoder already escapes what it must.

:func:`spreadsheet_cell` — for a CSV cell: text a spreadsheet would read as a
formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return)
gets a single quote in front, as OWASP recommends against CSV injection
(https://owasp.org/www-community/attacks/CSV_Injection).  Numbers are left
alone: only text is neutralised.

:func:`excerpt` — for an error message quoting a file: at most a short
excerpt of a key or value read from it, so naming a file that is not a
definition (``/etc/shadow``) does not print its contents line by line.
"""

from __future__ import annotations

import unicodedata

__all__ = ["EXCERPT", "FORMULA_STARTS", "excerpt", "quoted", "safe_text", "spreadsheet_cell"]

_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}

EXCERPT = 40
"""How many characters of a key or value from a file an error message quotes at most."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""The first characters by which a spreadsheet takes a cell for a formula (OWASP)."""


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _unsafe(char: str) -> bool:
    # Cc: C0/C1 controls; Cs: lone surrogates; Zl/Zp: line and paragraph separators.
    return char in _BIDI or char in _NAMED or unicodedata.category(char) in {"Cc", "Cs", "Zl", "Zp"}


def safe_text(value: object) -> str:
    """``value`` as text, each unsafe character replaced by a visible escape."""
    text = value if isinstance(value, str) else str(value)
    if text.isprintable() and "\\" not in text and not any(c in _BIDI for c in text):
        return text
    return "".join(_escape(c) if _unsafe(c) else c for c in text)


def spreadsheet_cell(value: object) -> object:
    """``value`` for a CSV cell: text that would start a formula behind a single quote; anything else as given."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def excerpt(value: str, limit: int = EXCERPT) -> str:
    """``value`` cut to at most ``limit`` characters, the cut shown with ``…``."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def quoted(value: object, limit: int = EXCERPT) -> str:
    """A key or value from a file as an error message quotes it: ``repr``, text cut to ``limit`` characters."""
    return repr(excerpt(value, limit)) if isinstance(value, str) else excerpt(repr(value), limit)
