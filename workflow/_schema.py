"""Questions about a definition's data schema (JSON Schema) asked at load time.

Only what the loader needs: does a dotted data path exist in the schema, and
which paths does a transition's input schema declare?
Validation of case data itself is done by the ``jsonschema`` library, through
the one :func:`validator` (at load and in every check).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jsonschema

__all__ = ["declared_paths", "has_path", "validator"]

_BRANCHES = ("allOf", "anyOf", "oneOf")


def validator(schema: Mapping[str, Any]) -> jsonschema.protocols.Validator:
    """The validator data is checked with against ``schema``: JSON Schema 2020-12, with its formats.

    jsonschema (≈ 40 ms to import) is imported by the first call, not at start-up.
    """
    import jsonschema

    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _resolve(schema: Any, root: Mapping[str, Any]) -> Any:
    """Follow a local ``$ref`` (``#/$defs/...``); other refs are left as they are."""
    seen = 0
    while isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str) and seen < 32:
        ref = schema["$ref"]
        if not ref.startswith("#/"):
            return schema
        target: Any = root
        for part in ref[2:].split("/"):
            if not isinstance(target, Mapping) or part not in target:
                return {}
            target = target[part]
        schema = target
        seen += 1
    return schema


def _is_free_form(schema: Mapping[str, Any]) -> bool:
    """An object schema that declares no properties accepts any sub-path."""
    if "properties" in schema or "patternProperties" in schema:
        return False
    if any(key in schema for key in _BRANCHES):
        return False
    if schema.get("additionalProperties") is False:
        return False
    kind = schema.get("type")
    return kind is None or kind == "object" or (isinstance(kind, list) and "object" in kind)


def has_path(schema: Any, path: Sequence[str], root: Mapping[str, Any] | None = None) -> bool:
    """Whether data at dotted ``path`` is allowed to exist by ``schema``."""
    root = root if root is not None else schema
    schema = _resolve(schema, root)
    if not path:
        return True
    if not isinstance(schema, Mapping):
        return schema is True
    head, rest = path[0], path[1:]
    if any(has_path(branch, path, root) for key in _BRANCHES for branch in schema.get(key) or ()):
        return True
    properties = schema.get("properties")
    if isinstance(properties, Mapping) and head in properties:
        return has_path(properties[head], rest, root)
    extra = schema.get("additionalProperties")
    if isinstance(extra, Mapping):
        return has_path(extra, rest, root)
    return _is_free_form(schema)


def declared_paths(schema: Any, root: Mapping[str, Any] | None = None, prefix: tuple[str, ...] = ()) -> list[str]:
    """The dotted paths an input schema declares through ``properties``.

    A property without ``properties`` of its own is declared whole (everything
    under it); anything not reached through ``properties`` is not declared.
    """
    root = root if root is not None else schema
    schema = _resolve(schema, root)
    properties = schema.get("properties") if isinstance(schema, Mapping) else None
    if not isinstance(properties, Mapping) or not properties:
        return [".".join(prefix)] if prefix else []
    paths: list[str] = []
    for name, sub in properties.items():
        paths += declared_paths(sub, root, (*prefix, str(name)))
    return paths
