"""The loader's reporting base: where a problem is in the file, and the shape checks of pydantic models.

:class:`_Base` holds one document, its positions and the problems found; the
compiler (:mod:`workflow.loader`) and its parts (:mod:`workflow.loader_graph`,
:mod:`workflow.loader_inputs`) report through :meth:`_Base.at`.
"""

from __future__ import annotations

from typing import Any

import jsonschema
import pydantic

from workflow._yaml import Path, Positions
from workflow.errors import Problem

__all__: list[str] = []

_HINTS = {
    "from": "expected a state id, a list of state ids, or '*'",
    "requires": "expected a list of data paths or {field, message} mappings",
}


def _where(path: Path) -> str:
    return ".".join(str(p) for p in path) or "the file"


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
    def at(self, path: Path, message: str, *, key: bool = False) -> None:
        line, col = self.positions.key(path) if key else self.positions.value(path)
        self.problems.append(Problem(self.file, line, col, message))

    def shape_problems(self, error: pydantic.ValidationError, base: Path) -> None:
        for item in error.errors(include_url=False):
            path = (*base, *self._data_path(item["loc"]))
            kind, field = item["type"], path[-1] if path else ""
            if kind == "missing":
                self.at(path[:-1], f"{_where(path[:-1])}: missing required key {field!r}", key=True)
            elif kind == "extra_forbidden":
                self.at(path, f"{_where(path[:-1])}: unknown key {field!r}", key=True)
            else:
                hint = _HINTS.get(str(path[-2]) if len(path) > 1 and isinstance(path[-1], int) else str(field))
                msg = hint or item["msg"][:1].lower() + item["msg"][1:]
                self.at(path, f"{_where(path)}: {msg}, found {_short(item.get('input'))}")

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
        choices = ", ".join(sorted(known)) or "none declared"
        self.at(path, f"unknown {kind} {name!r}; declared {kind}s: {choices}")
        return False

    def _mapping(self, key: str) -> dict[str, Any]:
        value = self.data.get(key)
        return value if isinstance(value, dict) else {}

    def json_schema(self, schema: dict[str, Any], path: Path) -> bool:
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as exc:
            where = (*path, *exc.path)
            self.at(where, f"{_where(path)}: not a valid JSON Schema: {exc.message}")
            return False
        return True


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
