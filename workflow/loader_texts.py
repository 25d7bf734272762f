"""The loader's words: how a problem is reported (:class:`Report`), and pydantic's shape errors in them.

Every problem of a definition file is a catalogue key (``definition.*``, see
:mod:`workflow.i18n._definition`) with its parameters; the key stays on the
problem as its stable ``code``.  :func:`shape_message` puts one of pydantic's
errors (a key of the wrong type, a pattern not matched...) in the author's
words, in the current language: an error type it does not know gets a
generic sentence naming the type, never pydantic's English.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Protocol

from workflow import _format as fmt
from workflow._yaml import Path
from workflow.i18n import or_list, text
from workflow.textsafe import quoted

__all__ = ["Report", "q", "shape_message", "unknown"]


class Report(Protocol):
    """``at(path, code, **params)``: report one problem of the file, the catalogue's ``code`` filled in."""

    def __call__(self, path: Path, code: str, /, **params: object) -> None: ...


def q(name: object) -> str:
    """A name from the file as the author wrote it, quoted (``'x'``); a long one cut (:func:`quoted`)."""
    return quoted(name)


def unknown(at: Report, path: Path, kind: str, name: str, known: set[str]) -> bool:
    """Report an unknown ``kind`` (state, role, transition, term) named ``name``, listing the declared ones."""
    declared = ", ".join(sorted(known)) or text("error.none")
    kinds = text(f"definition.kind.{kind}s")
    at(path, "definition.unknown", kind=text(f"definition.kind.{kind}"), name=q(name), kinds=kinds, known=declared)
    return False


_HINTED = frozenset({"from", "requires"})
"""Keys whose every shape error gets one sentence saying what the key takes."""

_PLAIN = {
    "string_type": "definition.shape.string_type",
    "int_type": "definition.shape.int_type",
    "float_type": "definition.shape.float_type",
    "bool_type": "definition.shape.bool_type",
    "dict_type": "definition.shape.mapping",
    "model_type": "definition.shape.mapping",
    "model_attributes_type": "definition.shape.mapping",
    "list_type": "definition.shape.list_type",
}
_LIMITS = {
    "too_short": ("definition.shape.too_short", "min_length"),
    "too_long": ("definition.shape.too_long", "max_length"),
    "string_too_long": ("definition.shape.too_long_text", "max_length"),
    "greater_than_equal": ("definition.shape.at_least", "ge"),
    "less_than_equal": ("definition.shape.at_most", "le"),
    "greater_than": ("definition.shape.above", "gt"),
    "less_than": ("definition.shape.below", "lt"),
}
_PATTERNS = {
    fmt.ID_PATTERN: "definition.shape.pattern.id",
    fmt.CODE_PATTERN: "definition.shape.pattern.code",
    fmt.PATH_PATTERN: "definition.shape.pattern.path",
    fmt.SOURCE_PATTERN: "definition.shape.pattern.source",
}


def shape_message(item: Mapping[str, Any], key: str) -> tuple[str, str]:
    """(code, sentence) for one pydantic error at the YAML key ``key``."""
    code, params = _code_and_params(str(item["type"]), item.get("ctx") or {}, key)
    return code, text(code, **params)


def _code_and_params(kind: str, ctx: Mapping[str, Any], key: str) -> tuple[str, dict[str, Any]]:
    if key in _HINTED:
        return f"definition.shape.{key}", {"field": "'field'", "message": "'message'"} if key == "requires" else {}
    if kind in _PLAIN:
        return _PLAIN[kind], {}
    if kind in _LIMITS:
        code, limit = _LIMITS[kind]
        return code, {"limit": ctx.get(limit)}
    if kind == "string_too_short":
        least = ctx.get("min_length")
        return ("definition.shape.empty", {}) if least == 1 else ("definition.shape.too_short_text", {"limit": least})
    if kind == "literal_error":
        allowed = re.findall(r"'[^']*'", str(ctx.get("expected", "")))
        return "definition.shape.literal", {"allowed": or_list(allowed) if allowed else str(ctx.get("expected"))}
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern"))
        if pattern in _PATTERNS:
            return _PATTERNS[pattern], {}
        return "definition.shape.pattern.other", {"pattern": q(pattern)}
    error = ctx.get("error")
    if kind == "value_error" and isinstance(error, fmt.FormatError):
        return error.key, dict(error.params)
    return "definition.shape.other", {"rule": kind}
