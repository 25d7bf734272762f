"""User-supplied text made safe for a terminal: :func:`workflow.safe_text` (in ``workflow.textsafe``).

A reason, reference, actor id, tenant, data value or case id is shown in text
output with control characters, line breaks and bidirectional overrides made
visible (``\\n``, ``\\x1b``, ``\\u202e``), so it can neither start what looks like
another line of the audit log nor reorder what follows it.  The library's
report text uses the same function.
"""

from __future__ import annotations

__all__ = ["shown"]


def shown(text: object) -> str:
    """``text`` with what could forge a line made visible (the library's ``safe_text``, imported on first use)."""
    from workflow import safe_text

    return safe_text(text)
