"""Definition files → checked, compiled :class:`~workflow.model.Definition`.

Every problem of a file is collected and raised together in one
:class:`~workflow.errors.DefinitionError`, each with file, line and column:
YAML syntax, shape (keys, types, ids; :mod:`workflow._format`), references
(states, roles, transitions, data fields), the graph (one initial state,
reachability, a way to a final state), guard expressions and JSON Schemas.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path as FsPath
from typing import Any

import pydantic

from workflow import _format as fmt
from workflow import loader_report, loader_steps, loader_terms
from workflow._schema import has_path, validator
from workflow._yaml import Path, read_yaml
from workflow.errors import DefinitionError, Problem, unreadable
from workflow.guards import (
    RESERVED_ROOTS,
    Scope,
)
from workflow.i18n import say, text
from workflow.loader_base import _short
from workflow.loader_graph import _deadline, _GraphChecks
from workflow.loader_inputs import _StepParts
from workflow.loader_texts import q
from workflow.model import (
    SYSTEM_ROLE,
    Definition,
    Role,
    State,
    Transition,
)

__all__ = ["MAX_FILE_BYTES", "load_definition", "parse_definition"]

MAX_FILE_BYTES = 1_000_000


def load_definition(path: str | FsPath) -> Definition:
    """Load and check one definition file (a folder, cached or not: :func:`workflow.defcache.load_definitions`)."""
    file = FsPath(path)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise unreadable(str(file), exc) from exc
    return parse_definition(raw, str(file))


def parse_definition(source: str | bytes, file: str = "<string>") -> Definition:
    """Check and compile one definition from its text."""
    raw = source.encode() if isinstance(source, str) else source
    if len(raw) > MAX_FILE_BYTES:
        raise DefinitionError(
            [Problem(file, 0, 0, say("definition.too_large", limit=MAX_FILE_BYTES), "definition.too_large")]
        )
    try:
        source_text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DefinitionError(
            [
                Problem(
                    file,
                    1,
                    1,
                    say("definition.not_utf8", byte=f"0x{raw[exc.start]:02x}", position=exc.start),
                    "definition.not_utf8",
                )
            ]
        ) from None
    data, positions, problems = read_yaml(source_text, file)
    if data is None and problems:
        raise DefinitionError(problems)
    if not isinstance(data, dict):
        keys = ", ".join(q(k) for k in ("workflow", "version", "title", "roles", "states", "transitions"))
        msg = text("definition.not_mapping", keys=keys, found=_short(data))
        raise DefinitionError([*problems, Problem(file, 1, 1, msg, "definition.not_mapping")])
    compiler = _Compiler(data, positions, file, source_text, hashlib.sha256(raw).hexdigest())
    compiler.problems.extend(problems)
    definition = compiler.compile()
    if compiler.problems or definition is None:
        raise DefinitionError(compiler.problems)
    return definition


class _Compiler(_GraphChecks, _StepParts):
    """Checks one parsed document and builds its Definition; collects every problem."""

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
                self.at((), "definition.shape.missing", where=text("definition.where.file"), key=q(key))
            elif not isinstance(self.data[key], dict) or not self.data[key]:
                self.at((key,), "definition.needs_entries", key=key, found=_short(self.data[key]))

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
            self.at_key((key, name), "definition.bad_id", key=key, name=q(name))

    def roles(self, raw: Any) -> dict[str, Role]:
        roles: dict[str, Role] = {}
        if not isinstance(raw, dict):
            return roles
        for name, doc in self.items("roles", fmt.RoleDoc).items():
            roles[name] = Role(name, doc.label, doc.side, doc.description, doc.read_only)
        if SYSTEM_ROLE in raw:
            self.at_key(("roles", SYSTEM_ROLE), "definition.system_role", role=q(SYSTEM_ROLE))
        return roles

    def data_schema(self, schema: Any) -> dict[str, Any]:
        """The case data's JSON Schema; when it is invalid, a free-form one (no follow-up noise)."""
        if not isinstance(schema, dict):
            self.at(("data",), "definition.data_not_mapping", key="data", found=_short(schema))
            return {"type": "object"}
        properties = schema.get("properties")
        for name in sorted(RESERVED_ROOTS & set(properties if isinstance(properties, dict) else ())):
            self.at_key(("data", "properties", name), "definition.reserved_field", name=q(name), root=name)
        if not self.json_schema(schema, ("data",)):
            return {"type": "object"}
        if schema.get("type", "object") != "object":
            self.at(("data",), "definition.data_not_object", key="data", found=q(schema.get("type")))
        return schema

    def states(self, docs: dict[str, fmt.StateDoc], names: set[str]) -> dict[str, State]:
        states = {}
        for name, doc in docs.items():
            if doc.initial and doc.final:
                self.at_key(("states", name), "definition.initial_and_final", name=q(name))
            deadline = _deadline(doc.deadline) if doc.deadline else None
            states[name] = State(
                name, doc.label or name, doc.description, doc.initial, doc.final, deadline, doc.pauses_clock
            )
            if doc.pauses_clock and doc.final:
                self.at_key(("states", name), "definition.final_pauses", name=q(name))
        initial = [n for n, s in states.items() if s.initial]
        if names and not initial and len(states) == len(names):
            self.at_key(("states",), "definition.no_initial")
        for extra in initial[1:]:
            self.at_key(("states", extra), "definition.many_initial", names=", ".join(initial))
        if names and not any(s.final for s in states.values()) and len(states) == len(names):
            self.at_key(("states",), "definition.no_final")
        return states

    def sources(self, tid: str, doc: fmt.TransitionDoc, state_names: set[str]) -> tuple[list[str], bool]:
        """The states a transition leaves (``*``: every state but the final ones), and whether each is known."""
        ok = True
        finals = {n for n, raw in self._mapping("states").items() if isinstance(raw, dict) and raw.get("final")}
        sources: list[str] = []
        from_path: Path = ("transitions", tid, "from")
        is_list = isinstance(self._get(from_path), list)
        for i, source in enumerate(doc.from_):
            where = (*from_path, i) if is_list else from_path
            if source == "*":
                sources += [s for s in self._mapping("states") if s not in finals and s not in sources]
            elif source not in state_names:
                ok = self.unknown(where, "state", source, state_names)
            elif source in finals:
                self.at(where, "definition.leaves_final", step=q(tid), source=q(source))
                ok = False
            elif source not in sources:
                sources.append(source)
        return sources, ok

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
        sources, ok = self.sources(tid, doc, state_names)
        if doc.to is not None and doc.to not in state_names:
            ok = self.unknown((*base, "to"), "state", doc.to, state_names)
        for i, role in enumerate(doc.roles):
            if role not in roles and role != SYSTEM_ROLE:
                ok = self.unknown((*base, "roles", i), "role", role, roles)
        input_schema, writes = self.input(base, doc, schema)

        def known(path: tuple[str, ...]) -> bool:
            return has_path(schema, path) or (input_schema is not None and has_path(input_schema, path))

        requires, requires_ok = self.requirements(base, doc, known)
        guards, guards_ok = self.guards(base, doc, Scope(known, all_transitions, self.term_names))
        owned = writes is not None and self.input_owned(tid, writes, requires, guards)
        if not (ok and requires_ok and guards_ok and owned) or writes is None:
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
            tuple(guard for _, guard in guards),
            input_schema,
            doc.description,
            extends,
            writes,
            empty_input_valid=input_schema is not None and validator(input_schema).is_valid({}),
        )
