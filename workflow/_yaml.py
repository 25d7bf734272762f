"""Safe, line-numbered YAML reading for definition files.

PyYAML composes the node tree (safe: no tags that build Python objects are
honoured); this module turns nodes into plain JSON-like data itself so that

* every value and every mapping key keeps its line and column,
* plain scalars follow the YAML 1.2 core schema: ``on``/``off``/``yes``/``no``
  stay strings (YAML 1.1 would turn them into booleans), dates stay strings,
* a duplicate key is a problem instead of a silent overwrite,
* alias bombs ("billion laughs") and huge documents are stopped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from workflow._speech import language
from workflow._yaml_texts import PROBLEMS
from workflow.errors import Problem, say

__all__ = ["MAX_NODES", "Path", "Positions", "read_yaml"]

Path = tuple[str | int, ...]
"""Where a value sits in a document: mapping keys and list indexes."""

MAX_NODES = 200_000
"""Most nodes one document may expand to (aliases counted each time used)."""

try:  # the C loader is much faster; fall back where libyaml is absent
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment,attr-defined,unused-ignore]
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf"), ".nan": float("nan")}
_STR_TAG = "tag:yaml.org,2002:str"
_STANDARD_TAGS = tuple(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


@dataclass
class Positions:
    """Line and column (1-based) of each value and each mapping key by path."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    quoted: set[Path] = field(default_factory=set)
    """Values written as quoted scalars: their text starts one column after the quote."""

    def text(self, path: Path) -> tuple[int, int]:
        """Where the text of the scalar at ``path`` starts (after an opening quote)."""
        line, column = self.value(path)
        return (line, column + 1) if path in self.quoted else (line, column)

    def value(self, path: Path) -> tuple[int, int]:
        """Position of the value at ``path``, or of its nearest recorded parent."""
        return self._nearest(self.values, path)

    def key(self, path: Path) -> tuple[int, int]:
        """Position of the key naming ``path`` (falls back to the value)."""
        if path in self.keys:
            return self.keys[path]
        return self.value(path)

    @staticmethod
    def _nearest(table: dict[Path, tuple[int, int]], path: Path) -> tuple[int, int]:
        for end in range(len(path), -1, -1):
            if path[:end] in table:
                return table[path[:end]]
        return (1, 1)


def _resolve_plain(text: str) -> Any:
    """Resolve a plain (unquoted) scalar by the YAML 1.2 core schema."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if text.lower() in _SPECIAL_FLOAT:
        return _SPECIAL_FLOAT[text.lower()]
    return text


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.positions = Positions()
        self.problems: list[Problem] = []
        self.nodes = 0

    def problem(self, mark: yaml.Mark, message: str) -> None:
        self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, message))

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooLarge(say("yaml.too_many", limit=MAX_NODES))
        self.positions.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if not node.tag.startswith(_STANDARD_TAGS):
            self.problem(node.start_mark, say("yaml.tag", tag=node.tag))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def scalar(self, node: yaml.Node, path: Path) -> Any:
        text = str(node.value)
        if isinstance(node, yaml.ScalarNode) and node.style in ("'", '"'):
            self.positions.quoted.add(path)
        if isinstance(node, yaml.ScalarNode) and not node.style and node.tag != _STR_TAG:
            return _resolve_plain(text)
        return text

    def mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node.start_mark, say("yaml.key_plain"))
                continue
            key = str(key_node.value)  # keys are names: `on`, `1` and `yes` stay strings
            if key in result:
                first = self.positions.keys[(*path, key)]
                msg = say("yaml.duplicate", key=key, line=first[0])
                self.problem(key_node.start_mark, msg)
                continue
            self.positions.keys[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, (*path, key))
        return result


class _TooLarge(Exception):
    pass


def read_yaml(text: str, file: str) -> tuple[Any, Positions, list[Problem]]:
    """Parse one YAML document; return its data, positions and problems.

    Data is ``None`` when the text could not be parsed at all; the problems
    then say where and why.
    """
    builder = _Builder(file)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = _reason(exc.problem or exc.context or "")
        return None, builder.positions, [Problem(file, line, col, say("yaml.syntax", reason=what), "yaml.syntax")]
    except yaml.YAMLError as exc:
        return (
            None,
            builder.positions,
            [Problem(file, 1, 1, say("yaml.syntax", reason=_reason(str(exc))), "yaml.syntax")],
        )
    if node is None:
        return None, builder.positions, [Problem(file, 1, 1, say("yaml.empty"), "yaml.empty")]
    try:
        data = builder.build(node, ())
    except _TooLarge as exc:
        return None, builder.positions, [Problem(file, 1, 1, str(exc), "yaml.too_many")]
    except RecursionError:
        return None, builder.positions, [Problem(file, 1, 1, say("yaml.too_deep"), "yaml.too_deep")]
    return data, builder.positions, builder.problems


def _reason(problem: str) -> str:
    """PyYAML's problem in the current language; one not known is said in general terms in Dutch."""
    key = PROBLEMS.get(problem.strip())
    if key is not None:
        return say(key)
    return problem if language() == "en" and problem else say("yaml.problem.other")
