"""The loader's reporting base: where a problem is in the file, and the shape checks of pydantic models.

:class:`_Base` holds one document, its positions and the problems found; the
compiler (:mod:`workflow.loader`) and its parts (:mod:`workflow.loader_graph`,
:mod:`workflow.loader_inputs`) report through :meth:`_Base.at` (at a value) and
:meth:`_Base.at_key` (at a key): a catalogue key (:mod:`workflow.i18n._definition`)
and its parameters, so each problem speaks the current language and keeps the
key as its stable ``code``.
"""

from __future__ import annotations

from typing import Any

import jsonschema
import pydantic

from workflow._yaml import Path, Positions
from workflow.errors import Problem
from workflow.i18n import text
from workflow.loader_texts import q, shape_message, unknown
from workflow.textsafe import quoted

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

    def shape_problems(self, error: pydantic.ValidationError, base: Path) -> None:
        for item in error.errors(include_url=False):
            path = (*base, *self._data_path(item["loc"]))
            kind, field = item["type"], path[-1] if path else ""
            if kind == "missing":
                self.at_key(path[:-1], "definition.shape.missing", where=_where(path[:-1]), key=q(field))
            elif kind == "extra_forbidden":
                self.at_key(path, "definition.shape.extra", where=_where(path[:-1]), key=q(field))
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
        try:
            return model.model_validate(raw)
        except pydantic.ValidationError as exc:
            if report:
                self.shape_problems(exc, base)
            return None

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
    return quoted(value)
