"""The loader's reporting base: where a problem is in the file, and the shape checks of pydantic models.

:class:`_Base` holds one document, its positions and the problems found; the
compiler (:mod:`workflow.loader`) and its parts (:mod:`workflow.loader_graph`,
:mod:`workflow.loader_inputs`) report through :meth:`_Base.at` (at a value) and
:meth:`_Base.at_key` (at a key): a catalogue key (:mod:`workflow.i18n._definition`)
and its parameters, so each problem speaks the current language and keeps the
key as its stable ``code``.
"""

from __future__ import annotations

import copy
import difflib
import types
import typing
from typing import Any

import jsonschema
import pydantic

from workflow._yaml import Path, Positions
from workflow.errors import Problem
from workflow.i18n import or_list, text
from workflow.loader_texts import q, shape_message, unknown

__all__: list[str] = []


def _where(path: Path) -> str:
    return ".".join(str(p) for p in path) or text("definition.where.file")


class _Base:
    """One parsed document, its positions, and every problem found in it."""

    def __init__(self, data: dict[str, Any], positions: Positions, file: str, text: str, checksum: str) -> None:
        self.data = data
        self.positions = positions
        self.file = file
        self.text = text
        self.checksum = checksum
        self.problems: list[Problem] = []
        self.term_names: frozenset[str] = frozenset()

    # ------------------------------------------------------------ reporting
    def at(self, path: Path, code: str, /, **params: Any) -> None:
        """Report ``code`` (a catalogue key, filled with ``params``) at the value of ``path``."""
        line, col = self.positions.value(path)
        self.problems.append(Problem(self.file, line, col, text(code, **params), code))

    def at_key(self, path: Path, code: str, /, **params: Any) -> None:
        """Report ``code`` at the key of ``path`` (where the entry is named)."""
        line, col = self.positions.key(path)
        self.problems.append(Problem(self.file, line, col, text(code, **params), code))

    def shape_problems(self, error: pydantic.ValidationError, base: Path, model: type[pydantic.BaseModel]) -> None:
        for item in error.errors(include_url=False):
            path = (*base, *self._data_path(item["loc"]))
            kind, field = item["type"], path[-1] if path else ""
            if kind == "missing":
                self.at_key(path[:-1], "definition.shape.missing", where=_where(path[:-1]), key=q(field))
            elif kind == "extra_forbidden":
                self.extra_key(path, allowed_keys(model, self._data_path(item["loc"])[:-1]))
            else:
                hint = str(path[-2]) if len(path) > 1 and isinstance(path[-1], int) else str(field)
                code, detail = shape_message(item, hint)
                found = _short(item.get("input"))
                line, col = self.positions.value(path)
                if code.startswith("definition.shape."):
                    message = text("definition.shape.found", where=_where(path), detail=detail, found=found)
                else:  # the format's own check (a duration, a warning point) names what it found
                    message = text("definition.shape.value", where=_where(path), detail=detail)
                self.problems.append(Problem(self.file, line, col, message, code))

    def extra_key(self, path: Path, allowed: list[str]) -> None:
        """An unknown key, with the allowed keys it looks like a misspelling of (``bedoelde u 'label'?``)."""
        key, where = str(path[-1]), _where(path[:-1])
        near = close_keys(key, allowed)
        if near:
            self.at_key(
                path, "definition.shape.extra_near", where=where, key=q(key), near=or_list([q(n) for n in near])
            )
        else:
            self.at_key(path, "definition.shape.extra", where=where, key=q(key))

    @staticmethod
    def _data_path(loc: tuple[int | str, ...]) -> Path:
        """A pydantic location as a document path ('[key]' marks an invalid mapping key)."""
        return tuple(part for part in loc if part != "[key]")

    def _get(self, path: Path) -> Any:
        value: Any = self.data
        for part in path:
            value = value[part]
        return value

    def parse(self, model: type[pydantic.BaseModel], raw: Any, base: Path, *, report: bool) -> Any:
        """``raw`` as ``model``; on shape errors (reported when ``report``) what can still be read of it.

        Unknown keys, and labels, descriptions or messages of the wrong shape,
        change no other check: they are set aside and the rest is read, so
        the checks of roles, fields, guards and the graph still run on it
        (:func:`_salvage`). Anything else that does not fit gives None.
        """
        try:
            return model.model_validate(raw)
        except pydantic.ValidationError as exc:
            if report:
                self.shape_problems(exc, base, model)
            return _salvage(model, raw, exc)

    def unknown(self, path: Path, kind: str, name: str, known: set[str]) -> bool:
        return unknown(self.at, path, kind, name, known)

    def _mapping(self, key: str) -> dict[str, Any]:
        value = self.data.get(key)
        return value if isinstance(value, dict) else {}

    def json_schema(self, schema: dict[str, Any], path: Path) -> bool:
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as exc:
            where = (*path, *exc.path)
            rule = str(exc.validator)
            self.at(where, "definition.bad_schema", where=_where(path), found=_short(exc.instance), rule=rule)
            return False
        return True


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_TEXT_ONLY = frozenset({"label", "description", "message"})
"""Keys whose value no other check reads: a wrong one is stood in for, so the rest is still checked."""
_STAND_IN = "?"
_SHAPING = frozenset({"initial", "final", "from", "to"})
"""Keys that shape the graph: an unknown key that looks like a missing one leaves its entry unread."""


def _salvage(model: type[pydantic.BaseModel], raw: Any, error: pydantic.ValidationError) -> Any:
    """``raw`` read as ``model`` without its unknown keys and wrong texts, or None when more is wrong.

    Only for the loader's other checks: the shape errors are reported already,
    so nothing read this way is ever compiled into a definition.
    """
    fixed = copy.deepcopy(raw)
    for item in error.errors(include_url=False):
        loc = tuple(part for part in item["loc"] if part != "[key]")
        if not loc or not (item["type"] == "extra_forbidden" or loc[-1] in _TEXT_ONLY):
            return None
        try:
            parent = fixed
            for part in loc[:-1]:
                parent = parent[part]
            if item["type"] == "extra_forbidden":
                meant = close_keys(str(loc[-1]), allowed_keys(model, loc[:-1]))
                if any(key in _SHAPING and key not in parent for key in meant):
                    return None  # 'intial', 'fnal': read without it, the graph would be another one
                del parent[loc[-1]]
            else:  # a text missing or of the wrong shape (a misspelt 'mesage' is both)
                parent[loc[-1]] = _STAND_IN
        except (KeyError, IndexError, TypeError):
            return None
    try:
        return model.model_validate(fixed)
    except pydantic.ValidationError:
        return None


def allowed_keys(model: type[pydantic.BaseModel], loc: Path) -> list[str]:
    """The keys (as written in a file) of the mapping at ``loc`` inside ``model``; [] when it takes any key."""
    current: Any = model
    for part in loc:
        found = _model_in(current)
        if found is not None:
            fields = {f.alias or name: f for name, f in found.model_fields.items()}
            if part not in fields:
                return []
            current = fields[str(part)].annotation
        else:
            current = _item_type(current)
    found = _model_in(current)
    return [f.alias or name for name, f in found.model_fields.items()] if found is not None else []


def _model_in(annotation: Any) -> type[pydantic.BaseModel] | None:
    """The pydantic model an annotation holds (through Optional and Annotated), or None."""
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def _item_type(annotation: Any) -> Any:
    """The item type of a list or the value type of a mapping (through Optional and Annotated)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    for arg in args if origin in (typing.Union, types.UnionType, typing.Annotated) else ():
        found = _item_type(arg)
        if found is not None:
            return found
    return None


def close_keys(key: str, allowed: list[str]) -> list[str]:
    """The allowed keys that look like a misspelling of ``key`` (``lable`` → ``label``), closest first."""
    near = difflib.get_close_matches(key, allowed, n=3, cutoff=0.7)
    likeness = {name: difflib.SequenceMatcher(None, key, name).ratio() for name in near}
    return [name for name in near if likeness[name] >= likeness[near[0]] - 0.05]  # 'intial': initial, not final
