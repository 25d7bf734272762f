"""User-supplied text made safe for a terminal.

A reason, reference, actor id, tenant, data value or case id is shown in text
output with control characters, line breaks and bidirectional overrides made
visible (``\\n``, ``\\x1b``, ``\\u202e``), so it can neither start what looks like
another line of the audit log nor reorder what follows it.  A backslash is
doubled, so an escape shown can always be told from one typed.  JSON output
does not use this: the JSON encoder already escapes what it must.
"""

from __future__ import annotations

import unicodedata

__all__ = ["shown"]

_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}


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


def shown(value: object) -> str:
    """``value`` as text, each unsafe character replaced by a visible escape."""
    text = value if isinstance(value, str) else str(value)
    if text.isprintable() and "\\" not in text and not any(c in _BIDI for c in text):
        return text
    return "".join(_escape(c) if _unsafe(c) else c for c in text)
