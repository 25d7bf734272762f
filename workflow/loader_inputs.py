"""The loader's checks of what a step (or the start) may write and check: input, ownership, requirements, guards."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import Any

from workflow import _format as fmt
from workflow._schema import declared_paths, has_path
from workflow._yaml import Path
from workflow.errors import Problem
from workflow.guards import (
    CONSTANTS,
    FUNCTIONS,
    RESERVED_ROOTS,
    ExpressionError,
    Scope,
    compile_expression,
    dotted,
)
from workflow.i18n import text
from workflow.loader_base import _Base
from workflow.loader_texts import q
from workflow.model import (
    Guard,
    Requirement,
    Role,
    Start,
)

__all__: list[str] = []


class _StepParts(_Base):
    """Input, field ownership, requirements and guards of :class:`workflow.loader._Compiler` (a mixin)."""

    def input(
        self, base: Path, doc: fmt.TransitionDoc | fmt.StartDoc, schema: dict[str, Any]
    ) -> tuple[dict[str, Any] | None, tuple[str, ...] | None]:
        """The input schema (if given as one) and the data paths the step may write (None: invalid schema)."""
        if doc.input is None:
            return None, ()
        if isinstance(doc.input, list):
            known = []
            for i, path in enumerate(doc.input):
                if has_path(schema, tuple(path.split("."))):
                    known.append(path)
                else:
                    self.at((*base, "input", i), "definition.input_unknown", field=q(path))
            return None, tuple(dict.fromkeys(known))
        input_schema = doc.input
        if not self.json_schema(input_schema, (*base, "input")):
            return input_schema, None
        if input_schema.get("type", "object") != "object":
            self.at((*base, "input"), "definition.input_not_object")
            return input_schema, None
        return input_schema, tuple(declared_paths(input_schema))

    def input_owned(
        self,
        tid: str,
        writes: tuple[str, ...],
        requires: tuple[Requirement, ...],
        guards: tuple[tuple[int, Guard], ...],
    ) -> bool:
        """No guard or requirement can be satisfied by the step's own input unless marked ``checks_input``."""
        base: Path = ("transitions", tid)
        ok = True
        checks: list[tuple[Path, str, bool, set[tuple[str, ...]]]] = [
            ((*base, "requires", i), text("definition.what.requirement", name=q(r.field)), r.checks_input, {_path(r)})
            for i, r in enumerate(requires)
        ]
        checks += [
            ((*base, "guards", i, "when"), text("definition.what.guard", name=q(g.code)), g.checks_input, _reads(g))
            for i, g in guards
        ]
        for where, name, marked, read in checks:
            written = sorted({".".join(r) for r in read for w in writes if _overlap(r, tuple(w.split(".")))})
            if written and not marked:
                self.at(where, "definition.self_satisfiable", what=name, step=q(tid), fields=_fields(written))
            elif marked and not written:
                self.at(where, "definition.marked_unread", what=name, step=q(tid))
            ok = ok and (bool(written) == marked)
        return ok

    def extension_fits(self, tid: str, doc: fmt.TransitionDoc, sources: list[str]) -> bool:
        """An extending step keeps its state, and every state it leaves from has a deadline."""
        if doc.to is not None:
            self.at(("transitions", tid, "extends"), "definition.extends_moves", step=q(tid), key="'to'")
            return False
        raw_states = self._mapping("states")
        lacking = [s for s in sources if not (isinstance(raw_states.get(s), dict) and raw_states[s].get("deadline"))]
        if lacking:
            states = ", ".join(lacking)
            self.at(
                ("transitions", tid, "extends"),
                "definition.extends_lacking",
                step=q(tid),
                states=states,
                key="'deadline'",
            )
            return False
        return True

    def start(self, schema: dict[str, Any], roles: Mapping[str, Role]) -> Start:
        """The ``start:`` block: who may start and what the start may write (absent: no data at all)."""
        if "start" not in self.data:
            return Start()
        doc = self.parse(fmt.StartDoc, self.data["start"] or {}, ("start",), report=True)
        if doc is None:
            return Start()
        for i, role in enumerate(doc.roles or ()):
            if role not in roles:
                self.unknown(("start", "roles", i), "role", role, set(roles))
            elif roles[role].read_only:
                self.at(("start", "roles", i), "definition.start_read_only", role=q(role))
        input_schema, writes = self.input(("start",), doc, schema)
        return Start(None if doc.roles is None else tuple(doc.roles), writes or (), input_schema)

    def requirements(self, base: Path, doc: fmt.TransitionDoc, known: Any) -> tuple[tuple[Requirement, ...], bool]:
        """Every requirement of the step, and whether each names a known field."""
        result, ok = [], True
        for i, req in enumerate(doc.requires):
            if not known(tuple(req.field.split("."))):
                self.at((*base, "requires", i), "definition.requires_unknown", field=q(req.field))
                ok = False
            message = req.message or text("required", field=req.field)
            code = req.code or f"required.{req.field}"
            result.append(Requirement(req.field, message, code, req.checks_input, req.asks))
        return tuple(result), ok

    def guards(self, base: Path, doc: fmt.TransitionDoc, scope: Scope) -> tuple[tuple[tuple[int, Guard], ...], bool]:
        """The guards that compile, each with its place in the list, and whether all did.

        One that does not compile hides no check of the others (their own input, :meth:`input_owned`).
        """
        result, ok, codes = [], True, set()
        for i, guard in enumerate(doc.guards):
            if guard.code in codes:
                self.at((*base, "guards", i, "code"), "definition.guard_duplicate", code=q(guard.code))
                ok = False
            codes.add(guard.code)
            try:
                expression = compile_expression(guard.when, scope)
            except ExpressionError as exc:
                line, col = self.positions.text((*base, "guards", i, "when"))
                for p in exc.problems:
                    where = (line, col + p.column - 1) if p.line == 1 else (line + p.line - 1, p.column)
                    message = text("guard.named", code=guard.code, detail=p.message)
                    self.problems.append(Problem(self.file, *where, message, p.code))
                ok = False
                continue
            if guard.field is not None and not scope.known_path(tuple(guard.field.split("."))):
                self.at(
                    (*base, "guards", i, "field"), "definition.guard_field", code=q(guard.code), field=q(guard.field)
                )
                ok = False
            result.append(
                (i, Guard(guard.code, guard.message, expression, guard.checks_input, guard.field, guard.asks))
            )
        return tuple(result), ok


def _paths_read(expression: object) -> set[tuple[str, ...]]:
    """Every data path a compiled guard reads: dotted names and ``has("...")``-style path arguments."""
    source = getattr(expression, "source", None)
    found: set[tuple[str, ...]] = set()
    todo: list[ast.AST] = [ast.parse(source.strip(), mode="eval").body] if isinstance(source, str) else []
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            spec = FUNCTIONS.get(node.func.id)
            args = list(node.args)
            if spec is not None and spec.params and args:
                first = args.pop(0)
                if spec.params[0].kind == "path" and isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.add(tuple(first.value.split(".")))
            todo += args
        elif isinstance(node, ast.Name | ast.Attribute):
            path = dotted(node)
            if path and path[0] not in RESERVED_ROOTS and not (len(path) == 1 and path[0] in CONSTANTS):
                found.add(tuple(path))
        else:
            todo += [child for child in ast.iter_child_nodes(node) if isinstance(child, ast.expr)]
    return found


def _fields(names: list[str]) -> str:
    key = "definition.fields.one" if len(names) == 1 else "definition.fields.many"
    return text(key, names=", ".join(q(n) for n in names))


def _path(requirement: Requirement) -> tuple[str, ...]:
    """The data path a requirement reads."""
    return tuple(requirement.field.split("."))


def _reads(guard: Guard) -> set[tuple[str, ...]]:
    """The data paths a guard reads."""
    return _paths_read(guard.expression)


def _overlap(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether one path lies under (or is) the other."""
    return a[: len(b)] == b or b[: len(a)] == a
