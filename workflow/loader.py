"""Definition files → checked, compiled :class:`~workflow.model.Definition`.

Every problem of a file is collected and raised together in one
:class:`~workflow.errors.DefinitionError`, each with file, line and column:
YAML syntax, shape (keys, types, ids; :mod:`workflow._format`), references
(states, roles, transitions, data fields), the graph (one initial state,
reachability, a way to a final state), guard expressions and JSON Schemas.
"""

from __future__ import annotations

import ast
import hashlib
import re
from collections.abc import Mapping
from pathlib import Path as FsPath
from typing import Any

import jsonschema
import pydantic

from workflow import _format as fmt
from workflow import loader_report, loader_steps, loader_terms
from workflow._schema import declared_paths, has_path
from workflow._yaml import Path, Positions, read_yaml
from workflow.errors import DefinitionError, Problem
from workflow.guards import (
    CONSTANTS,
    FUNCTIONS,
    RESERVED_ROOTS,
    ExpressionError,
    Scope,
    compile_expression,
    dotted,
)
from workflow.i18n import say, text
from workflow.model import (
    SYSTEM_ROLE,
    Deadline,
    Definition,
    Guard,
    Requirement,
    Role,
    Start,
    State,
    Transition,
)

__all__ = ["MAX_FILE_BYTES", "load_definition", "parse_definition"]

MAX_FILE_BYTES = 1_000_000
_HINTS = {
    "from": "expected a state id, a list of state ids, or '*'",
    "requires": "expected a list of data paths or {field, message} mappings",
}


def load_definition(path: str | FsPath) -> Definition:
    """Load and check one definition file (a folder, cached or not: :func:`workflow.defcache.load_definitions`)."""
    file = FsPath(path)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise DefinitionError([Problem(str(file), 0, 0, say("definition.unreadable", reason=exc.strerror))]) from exc
    return parse_definition(raw, str(file))


def parse_definition(source: str | bytes, file: str = "<string>") -> Definition:
    """Check and compile one definition from its text."""
    raw = source.encode() if isinstance(source, str) else source
    if len(raw) > MAX_FILE_BYTES:
        raise DefinitionError([Problem(file, 0, 0, say("definition.too_large", limit=MAX_FILE_BYTES))])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DefinitionError(
            [Problem(file, 1, 1, say("definition.not_utf8", reason=exc.reason, position=exc.start))]
        ) from None
    data, positions, problems = read_yaml(text, file)
    if data is None and problems:
        raise DefinitionError(problems)
    if not isinstance(data, dict):
        msg = (
            "expected a mapping with the keys workflow, version, title, roles, states, transitions; "
            f"found {type(data).__name__ if data is not None else 'null'}"
        )
        raise DefinitionError([*problems, Problem(file, 1, 1, msg)])
    compiler = _Compiler(data, positions, file, text, hashlib.sha256(raw).hexdigest())
    compiler.problems.extend(problems)
    definition = compiler.compile()
    if compiler.problems or definition is None:
        raise DefinitionError(compiler.problems)
    return definition


def _where(path: Path) -> str:
    return ".".join(str(p) for p in path) or "the file"


class _Compiler:
    """Checks one parsed document and builds its Definition; collects every problem."""

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

    # ------------------------------------------------------------ compile
    def compile(self) -> Definition | None:
        data = self.data
        top = {k: v for k, v in data.items() if k not in ("roles", "states", "transitions", "data", "terms", "start")}
        # shape of the top level without descending into the parts checked one by one below
        self.top_level_shape(top)
        roles = self.roles(data.get("roles"))
        schema = self.data_schema(data.get("data", {"type": "object"}))
        state_docs = self.items("states", fmt.StateDoc)
        transition_docs = self.items("transitions", fmt.TransitionDoc)
        scope_transitions = frozenset(transition_docs) | frozenset(self._mapping("transitions"))
        states = self.states(state_docs, set(self._mapping("states")))
        role_names = set(self._mapping("roles"))
        state_names = set(self._mapping("states"))
        terms = loader_terms.compile_terms(self.items("terms", fmt.TermDoc), schema, state_names, role_names, self.at)
        self.term_names = frozenset(self._mapping("terms"))
        transitions = {
            tid: self.transition(tid, doc, schema, state_names, role_names, scope_transitions)
            for tid, doc in transition_docs.items()
        }
        loader_terms.term_steps(transition_docs, transitions, terms, set(self.term_names), self.at)
        loader_steps.compile_step_data(transition_docs, transitions, schema, self.at)
        self.graph(states, transitions)
        self.deadlines(state_docs, transitions, schema)
        start = self.start(schema, roles)
        if terms:
            schema = loader_terms.reserve_terms_key(schema, self.at)
        report = loader_report.compile_report(data.get("report"), schema, set(self._mapping("transitions")), self.at)
        if self.problems:
            return None
        return Definition(
            workflow=data["workflow"],
            version=data["version"],
            title=data["title"],
            description=data.get("description"),
            roles=roles,
            data_schema=schema,
            states=states,
            transitions={k: v for k, v in transitions.items() if v is not None},
            source=self.text,
            checksum=self.checksum,
            file=self.file,
            terms=terms,
            start=start,
            report=report,
        )

    def top_level_shape(self, top: dict[str, Any]) -> None:
        placeholder = {
            "roles": {"r": {"label": "r", "side": "agency"}},
            "states": {"s": {}},
            "transitions": {"t": {"from": "s", "to": "s", "roles": ["r"]}},
        }
        self.parse(fmt.DefinitionDoc, {**placeholder, **top}, (), report=True)
        for key in ("roles", "states", "transitions"):
            if key not in self.data:
                self.at((), f"missing required key {key!r}")
            elif not isinstance(self.data[key], dict) or not self.data[key]:
                self.at((key,), f"{key}: expected a mapping with at least one entry, found {_short(self.data[key])}")

    def _mapping(self, key: str) -> dict[str, Any]:
        value = self.data.get(key)
        return value if isinstance(value, dict) else {}

    def items(self, key: str, model: type[pydantic.BaseModel]) -> dict[str, Any]:
        """Check each entry of a top-level mapping on its own, so one bad entry hides nothing else."""
        parsed = {}
        for name, raw in self._mapping(key).items():
            self.check_id(key, name)
            doc = self.parse(model, raw if raw is not None else {}, (key, name), report=True)
            if doc is not None:
                parsed[name] = doc
        return parsed

    def check_id(self, key: str, name: str) -> None:
        if not re.fullmatch(fmt.ID_PATTERN, name) or len(name) > 64:
            self.at(
                (key, name),
                f"{key}: id {name!r} must be lower case letters, digits and _ (starting with a letter)",
                key=True,
            )

    def roles(self, raw: Any) -> dict[str, Role]:
        roles: dict[str, Role] = {}
        if not isinstance(raw, dict):
            return roles
        for name, doc in self.items("roles", fmt.RoleDoc).items():
            roles[name] = Role(name, doc.label, doc.side, doc.description, doc.read_only)
        if SYSTEM_ROLE in raw:
            self.at(
                ("roles", SYSTEM_ROLE),
                f"role {SYSTEM_ROLE!r} is reserved for the engine's own actor; do not declare it",
                key=True,
            )
        return roles

    def data_schema(self, schema: Any) -> dict[str, Any]:
        """The case data's JSON Schema; when it is invalid, a free-form one (no follow-up noise)."""
        if not isinstance(schema, dict):
            self.at(("data",), f"data: expected a JSON Schema mapping, found {_short(schema)}")
            return {"type": "object"}
        properties = schema.get("properties")
        for name in sorted(RESERVED_ROOTS & set(properties if isinstance(properties, dict) else ())):
            self.at(
                ("data", "properties", name),
                f"data field {name!r} is reserved for guards ({name}.id, ...); choose another name",
                key=True,
            )
        if not self.json_schema(schema, ("data",)):
            return {"type": "object"}
        if schema.get("type", "object") != "object":
            self.at(("data",), f"data: the case data is an object; found type {schema.get('type')!r}")
        return schema

    def json_schema(self, schema: dict[str, Any], path: Path) -> bool:
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as exc:
            where = (*path, *exc.path)
            self.at(where, f"{_where(path)}: not a valid JSON Schema: {exc.message}")
            return False
        return True

    def states(self, docs: dict[str, fmt.StateDoc], names: set[str]) -> dict[str, State]:
        states = {}
        for name, doc in docs.items():
            if doc.initial and doc.final:
                self.at(("states", name), f"state {name!r} cannot be both initial and final", key=True)
            deadline = _deadline(doc.deadline) if doc.deadline else None
            states[name] = State(
                name, doc.label or name, doc.description, doc.initial, doc.final, deadline, doc.pauses_clock
            )
            if doc.pauses_clock and doc.final:
                self.at(("states", name), f"final state {name!r} cannot pause a clock", key=True)
        initial = [n for n, s in states.items() if s.initial]
        if names and not initial and len(states) == len(names):
            self.at(("states",), "no initial state; mark exactly one state with 'initial: true'", key=True)
        for extra in initial[1:]:
            self.at(
                ("states", extra),
                f"more than one initial state ({', '.join(initial)}); keep 'initial: true' on one",
                key=True,
            )
        if names and not any(s.final for s in states.values()) and len(states) == len(names):
            self.at(("states",), "no final state; mark at least one state with 'final: true'", key=True)
        return states

    def transition(
        self,
        tid: str,
        doc: fmt.TransitionDoc,
        schema: dict[str, Any],
        state_names: set[str],
        roles: set[str],
        all_transitions: frozenset[str],
    ) -> Transition | None:
        base: Path = ("transitions", tid)
        ok = True
        finals = {n for n, raw in self._mapping("states").items() if isinstance(raw, dict) and raw.get("final")}
        sources: list[str] = []
        from_path = (*base, "from")
        is_list = isinstance(self._get(from_path), list)
        for i, source in enumerate(doc.from_):
            where = (*from_path, i) if is_list else from_path
            if source == "*":
                sources += [s for s in self._mapping("states") if s not in finals and s not in sources]
            elif source not in state_names:
                ok = self.unknown(where, "state", source, state_names)
            elif source in finals:
                self.at(where, f"transition {tid!r} leaves final state {source!r}; a final state has no way out")
                ok = False
            elif source not in sources:
                sources.append(source)
        if doc.to is not None and doc.to not in state_names:
            ok = self.unknown((*base, "to"), "state", doc.to, state_names)
        for i, role in enumerate(doc.roles):
            if role not in roles and role != SYSTEM_ROLE:
                ok = self.unknown((*base, "roles", i), "role", role, roles)
        input_schema, writes = self.input(base, doc, schema)

        def known(path: tuple[str, ...]) -> bool:
            return has_path(schema, path) or (input_schema is not None and has_path(input_schema, path))

        requires = self.requirements(base, doc, known)
        guards = self.guards(base, doc, Scope(known, all_transitions, self.term_names))
        if not ok or requires is None or guards is None or writes is None:
            return None
        if not self.input_owned(tid, writes, requires, guards):
            return None
        extends = fmt.parse_duration(doc.extends) if doc.extends else None
        if extends is not None and not self.extension_fits(tid, doc, sources):
            return None
        return Transition(
            tid,
            doc.label or tid,
            tuple(sources),
            doc.to,
            tuple(doc.roles),
            requires,
            guards,
            input_schema,
            doc.description,
            extends,
            writes,
        )

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
                    msg = f"input names unknown data field {path!r}; declare it in the data schema"
                    self.at((*base, "input", i), msg)
            return None, tuple(dict.fromkeys(known))
        input_schema = doc.input
        if not self.json_schema(input_schema, (*base, "input")):
            return input_schema, None
        if input_schema.get("type", "object") != "object":
            self.at((*base, "input"), "input: the input of a step or start is an object; use 'type: object'")
            return input_schema, None
        return input_schema, tuple(declared_paths(input_schema))

    def input_owned(
        self, tid: str, writes: tuple[str, ...], requires: tuple[Requirement, ...], guards: tuple[Guard, ...]
    ) -> bool:
        """No guard or requirement can be satisfied by the step's own input unless marked ``checks_input``."""
        base: Path = ("transitions", tid)
        ok = True
        checks: list[tuple[Path, str, bool, set[tuple[str, ...]]]] = [
            ((*base, "requires", i), f"requirement {r.field!r}", r.checks_input, {tuple(r.field.split("."))})
            for i, r in enumerate(requires)
        ]
        checks += [
            ((*base, "guards", i, "when"), f"guard {g.code!r}", g.checks_input, _paths_read(g.expression))
            for i, g in enumerate(guards)
        ]
        for where, name, marked, reads in checks:
            written = sorted({".".join(r) for r in reads for w in writes if _overlap(r, tuple(w.split(".")))})
            if written and not marked:
                msg = (
                    f"{name} of transition {tid!r} reads {_fields(written)}, which the input of {tid!r} may "
                    f"write, so whoever fires {tid!r} can satisfy it; take that fact from where the actor cannot "
                    "write it (actor.attributes, actors(...), another step's data) or, if it only checks "
                    "this input, mark it 'checks_input: true'"
                )
                self.at(where, msg)
            elif marked and not written:
                msg = f"{name} of transition {tid!r} is marked checks_input but reads nothing its input may write"
                self.at(where, f"{msg}; remove the mark")
            ok = ok and (bool(written) == marked)
        return ok

    def extension_fits(self, tid: str, doc: fmt.TransitionDoc, sources: list[str]) -> bool:
        """An extending step keeps its state, and every state it leaves from has a deadline."""
        if doc.to is not None:
            msg = f"transition {tid!r} extends a deadline, so it must keep the state: leave out 'to'"
            self.at(("transitions", tid, "extends"), msg)
            return False
        raw_states = self._mapping("states")
        lacking = [s for s in sources if not (isinstance(raw_states.get(s), dict) and raw_states[s].get("deadline"))]
        if lacking:
            msg = f"transition {tid!r} extends a deadline, but state(s) {', '.join(lacking)} have none"
            self.at(("transitions", tid, "extends"), msg)
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
                self.at(("start", "roles", i), f"role {role!r} is read-only and cannot start a case; remove it")
        input_schema, writes = self.input(("start",), doc, schema)
        return Start(None if doc.roles is None else tuple(doc.roles), writes or (), input_schema)

    def unknown(self, path: Path, kind: str, name: str, known: set[str]) -> bool:
        choices = ", ".join(sorted(known)) or "none declared"
        self.at(path, f"unknown {kind} {name!r}; declared {kind}s: {choices}")
        return False

    def requirements(self, base: Path, doc: fmt.TransitionDoc, known: Any) -> tuple[Requirement, ...] | None:
        result, ok = [], True
        for i, req in enumerate(doc.requires):
            if not known(tuple(req.field.split("."))):
                self.at(
                    (*base, "requires", i),
                    f"requires unknown data field {req.field!r}; "
                    "declare it in the data schema (or the transition's input)",
                )
                ok = False
            message = req.message or text("required", field=req.field)
            code = req.code or f"required.{req.field}"
            result.append(Requirement(req.field, message, code, req.checks_input, req.asks))
        return tuple(result) if ok else None

    def guards(self, base: Path, doc: fmt.TransitionDoc, scope: Scope) -> tuple[Guard, ...] | None:
        result, ok, codes = [], True, set()
        for i, guard in enumerate(doc.guards):
            if guard.code in codes:
                self.at((*base, "guards", i, "code"), f"duplicate guard code {guard.code!r} in this transition")
                ok = False
            codes.add(guard.code)
            try:
                expression = compile_expression(guard.when, scope)
            except ExpressionError as exc:
                line, col = self.positions.text((*base, "guards", i, "when"))
                for p in exc.problems:
                    where = (line, col + p.column - 1) if p.line == 1 else (line + p.line - 1, p.column)
                    self.problems.append(Problem(self.file, *where, f"guard {guard.code!r}: {p.message}"))
                ok = False
                continue
            if guard.field is not None and not scope.known_path(tuple(guard.field.split("."))):
                self.at((*base, "guards", i, "field"), f"guard {guard.code!r} names unknown data field {guard.field!r}")
                ok = False
            result.append(Guard(guard.code, guard.message, expression, guard.checks_input, guard.field, guard.asks))
        return tuple(result) if ok else None

    def graph(self, states: dict[str, State], transitions: Mapping[str, Transition | None]) -> None:
        """Reachability from the initial state, dead ends, and a way to a final state."""
        if len(states) != len(self._mapping("states")):
            return  # the graph is incomplete; its problems are reported already
        edges = self._edges(states, transitions)
        if edges is None:
            return
        initial = [s for s in states.values() if s.initial]
        if len(initial) == 1:
            reached = _closure({initial[0].id}, edges)
            for name in states:
                if name not in reached:
                    self.at(
                        ("states", name),
                        f"state {name!r} cannot be reached from the initial state "
                        f"{initial[0].id!r}; add a transition to it or remove it",
                        key=True,
                    )
        reverse: dict[str, set[str]] = {s: set() for s in states}
        for source, targets in edges.items():
            for target in targets:
                reverse[target].add(source)
        ending = _closure({s.id for s in states.values() if s.final}, reverse)
        for name, state in states.items():
            if state.final:
                continue
            if not edges[name] - {name}:
                self.at(
                    ("states", name),
                    f"state {name!r} is not final but no transition leaves it; add one or mark it 'final: true'",
                    key=True,
                )
            elif name not in ending:
                self.at(("states", name), f"no final state can be reached from state {name!r}", key=True)

    def _edges(
        self, states: dict[str, State], transitions: Mapping[str, Transition | None]
    ) -> dict[str, set[str]] | None:
        """Every transition's edges; a transition whose other checks failed counts by its written
        ``from``/``to`` (so a broken label hides no graph problem), None when some end is unreadable."""
        edges: dict[str, set[str]] = {s: set() for s in states}
        for tid, raw in self._mapping("transitions").items():
            compiled = transitions.get(tid)
            if compiled is not None:
                sources, target = list(compiled.sources), compiled.target
            else:
                ends = _raw_ends(raw, states)
                if ends is None:
                    return None
                sources, target = ends
            for source in sources:
                edges[source].add(target if target is not None else source)
        return edges

    def deadlines(
        self, docs: dict[str, fmt.StateDoc], transitions: Mapping[str, Transition | None], schema: dict[str, Any]
    ) -> None:
        for name, doc in docs.items():
            deadline = doc.deadline
            if deadline is None:
                continue
            path: Path = ("states", name, "deadline")
            if (deadline.within is None) == (deadline.date is None):
                self.at(path, f"deadline of {name!r}: give exactly one of 'within' or 'date'")
                continue
            if deadline.date is not None and not has_path(schema, tuple(deadline.date.split("."))):
                self.at((*path, "date"), f"deadline date field {deadline.date!r} is not in the data schema")
            if deadline.from_ is not None and (
                deadline.within is None or not has_path(schema, tuple(deadline.from_.split(".")))
            ):
                self.at(
                    (*path, "from"),
                    f"deadline 'from' {deadline.from_!r}: give it with 'within', a date field of the data schema",
                )
            then = deadline.then
            if then is not None:
                t = transitions.get(then)
                if then not in transitions:
                    self.unknown((*path, "then"), "transition", then, set(transitions))
                elif t is not None and (name not in t.sources or SYSTEM_ROLE not in t.roles):
                    self.at(
                        (*path, "then"),
                        f"deadline transition {then!r} must leave {name!r} and list "
                        f"role {SYSTEM_ROLE!r}, so the engine may fire it",
                    )


def _raw_ends(raw: object, states: Mapping[str, State]) -> tuple[list[str], str | None] | None:
    """(sources, target) as written in a transition's document, or None unless every one names a state."""
    if not isinstance(raw, dict):
        return None
    written = raw.get("from")
    names = written if isinstance(written, list) else [written]
    if "*" in names:
        names = [n for n in names if n != "*"] + [s for s, state in states.items() if not state.final]
    target = raw.get("to")
    if not names or not all(isinstance(n, str) and n in states for n in names):
        return None
    if target is not None and (not isinstance(target, str) or target not in states):
        return None
    return list(dict.fromkeys(names)), target


def _deadline(doc: fmt.DeadlineDoc) -> Deadline | None:
    if (doc.within is None) == (doc.date is None):
        return None  # reported by _Compiler.deadlines
    days, working = fmt.parse_duration(doc.within) if doc.within else (None, False)
    warn = fmt.parse_warn_at(doc.warn_at) if doc.warn_at is not None else None
    text_ = doc.within or f"by {doc.date}"
    if doc.from_:
        text_ += f" from {doc.from_}"
    return Deadline(days, working, doc.date, warn, doc.then, doc.flag, text_, doc.from_)


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
    return ("field " if len(names) == 1 else "fields ") + ", ".join(repr(n) for n in names)


def _overlap(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether one path lies under (or is) the other."""
    return a[: len(b)] == b or b[: len(a)] == a


def _closure(start: set[str], edges: Mapping[str, set[str]]) -> set[str]:
    seen, todo = set(start), list(start)
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
