"""Everything that decides whether an actor may take a step, without I/O.

``assess`` runs the checks of ``fire`` in its order — transition from the
current state, role and tenant (:mod:`workflow.policy`), input and data against the schemas, then
every requirement and guard — and returns every blocker found.  ``fire``,
``explain`` and ``available`` all use it, so a question never answers
differently from the write.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, cast

from workflow import step_data
from workflow._schema import validator
from workflow.case_terms import stored_terms
from workflow.errors import Blocker, Forbidden, GuardFailed, NotFound, TransitionRefused
from workflow.evaluation import GuardContext, History, check_transition
from workflow.i18n import CATALOGUE, or_list, say, text
from workflow.model import JSON, Actor, Case, Definition, Explanation, Transition, thaw_json
from workflow.policy import act_blocker, may_start, role_names
from workflow.workdays import DEFAULT, WorkCalendar

if TYPE_CHECKING:
    import jsonschema

__all__ = ["Ask", "Attempt", "assess", "deep_merge", "schema_blockers", "schema_detail", "start_refusal"]

Verdict = Literal["allowed", "forbidden", "wrong_state", "blocked"]


@dataclass(frozen=True)
class Attempt:
    """The outcome of the checks for one transition by one actor on one case."""

    transition: Transition
    verdict: Verdict
    blockers: tuple[Blocker, ...]
    role: str | None
    data: Mapping[str, JSON]
    target: str

    def explanation(self, case: Case) -> Explanation:
        """The attempt as an answer to "may I?" on ``case``."""
        allowed = self.verdict == "allowed"
        return Explanation(self.transition.id, self.transition.label, allowed, case.state, self.target, self.blockers)

    def refusal(self) -> TransitionRefused:
        """The exception that refuses this attempt: :class:`Forbidden`, :class:`GuardFailed` or the base."""
        kinds: dict[str, type[TransitionRefused]] = {"forbidden": Forbidden, "blocked": GuardFailed}
        return kinds.get(self.verdict, TransitionRefused)(self.transition.id, self.blockers)


def deep_merge(base: Mapping[str, JSON], update: Mapping[str, JSON]) -> dict[str, JSON]:
    """``update`` merged into a copy of ``base``; nested objects merge, other values replace."""
    merged = copy.deepcopy(dict(base))
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


_validators: dict[tuple[str, int, str, str], jsonschema.protocols.Validator] = {}
_lock = threading.Lock()


def _validator(definition: Definition, name: str, schema: Mapping[str, JSON]) -> jsonschema.protocols.Validator:
    """One compiled validator per definition version and schema, built on first use."""
    key = (definition.workflow, definition.version, definition.checksum, name)
    found = _validators.get(key)
    if found is None:
        with _lock:  # jsonschema is imported by the first check of data against a schema, not at start-up
            found = _validators.setdefault(key, validator(schema))
    return found


def schema_blockers(
    definition: Definition, name: str, schema: Mapping[str, JSON], value: Any, code: str
) -> list[Blocker]:
    """Every schema violation of ``value`` as a blocker (``code``), with the path in the detail."""
    errors = sorted(_validator(definition, name, schema).iter_errors(value), key=lambda e: list(e.absolute_path))
    blockers = []
    for error in errors:
        where = ".".join(str(p) for p in error.absolute_path) or text("schema.whole")
        blockers.append(Blocker(code, text(code, where=where), schema_detail(error)))
    return blockers


def _shown(value: object) -> str:
    """A value as JSON text, cut short: what a person typed, in a message."""
    found = json.dumps(value, ensure_ascii=False, default=str)
    return found if len(found) <= 60 else found[:57] + "..."


def _label(schema: object, path: str) -> str:
    """The field's ``title`` in the schema when it has one, else its path."""
    title = schema.get("title") if isinstance(schema, Mapping) else None
    return f"'{title}'" if isinstance(title, str) else f"'{path}'"


def schema_detail(error: jsonschema.ValidationError) -> str:
    """One schema violation in the current language, naming the field by its label or path."""
    keyword, limit = str(error.validator), cast(Any, error.validator_value)
    path = ".".join(str(p) for p in error.absolute_path)
    field = _label(error.schema, path) if path else text("schema.whole")
    found = _shown(error.instance)
    if keyword == "required":
        missing = next((name for name in limit if repr(name) in error.message), error.message)
        props = error.schema.get("properties", {}) if isinstance(error.schema, Mapping) else {}
        name = f"{path}.{missing}" if path else str(missing)
        return text("schema.required", field=_label(props.get(missing), name))
    if keyword == "additionalProperties" and isinstance(error.instance, Mapping):
        known = error.schema.get("properties", {}) if isinstance(error.schema, Mapping) else {}
        extra = ", ".join(repr(k) for k in error.instance if k not in known)
        return text("schema.additionalProperties", field=field, extra=extra)
    if keyword == "type":
        kinds = [limit] if isinstance(limit, str) else list(limit)
        expected = or_list([text(f"type.{k}") for k in kinds])
        return text("schema.type", field=field, expected=expected, found=found)
    if keyword in ("enum", "const"):
        allowed = ", ".join(_shown(v) for v in (limit if keyword == "enum" else [limit]))
        return text(f"schema.{keyword}", field=field, allowed=allowed, found=found)
    if keyword == "format":
        key = f"format.{limit}"
        return text("schema.format", field=field, limit=text(key) if key in CATALOGUE["en"] else limit, found=found)
    if f"schema.{keyword}" in CATALOGUE["en"]:
        return text(f"schema.{keyword}", field=field, limit=limit, found=found)
    return text("schema.other", field=field, keyword=keyword)


def _role_check(
    definition: Definition, transition: Transition, actor: Actor, case: Case
) -> tuple[str | None, Blocker | None]:
    """The role the actor acts in, or the blocker saying why none fits."""
    writable = [r for r in actor.roles if not (r in definition.roles and definition.roles[r].read_only)]
    role = next((r for r in transition.roles if r in writable), None)
    if role is None:
        msg = text(
            "role_not_allowed" if actor.roles else "role_not_allowed.no_role",
            roles=role_names(definition, transition.roles, text("roles.or")),
            transition=transition.label,
            actor_roles=role_names(definition, actor.roles),
        )
        return None, Blocker("role_not_allowed", msg)
    return role, act_blocker(definition, role, actor, case)


def _context(
    case: Case, actor: Actor, data: Mapping[str, JSON], now: datetime, history: History, calendar: WorkCalendar
) -> GuardContext:
    return GuardContext(
        data=data,
        actor={
            "id": actor.id,
            "roles": list(actor.roles),
            "tenant": actor.tenant,
            "attributes": thaw_json(actor.attributes),
        },
        case={
            "id": case.id,
            "workflow": case.workflow,
            "state": case.state,
            "version": case.version,
            "tenant": case.tenant,
            "reference": case.reference,
        },
        now=now,
        history=history,
        calendar=calendar,
        terms=stored_terms(data),
    )


@dataclass(frozen=True)
class Ask:
    """What is asked of a case: a transition by an actor, with its input, at a moment."""

    transition: str
    actor: Actor
    payload: Mapping[str, JSON] | None
    at: datetime


def assess(definition: Definition, case: Case, ask: Ask, history: History, calendar: WorkCalendar = DEFAULT) -> Attempt:
    """Run every check of a fire; raise :class:`NotFound` for a transition the definition lacks."""
    transition = _transition(definition, ask.transition)
    payload = ask.payload or {}
    role, role_blocker = _role_check(definition, transition, ask.actor, case)
    early = _refused_early(definition, transition, case, payload, role, role_blocker)
    if early is not None:
        return early
    found: list[Blocker] = [role_blocker] if role_blocker else []
    # no input where the schema accepts none (known at load): nothing to validate, jsonschema not imported
    if transition.input_schema is not None and (payload or not transition.empty_input_valid):
        found += schema_blockers(
            definition, f"input:{transition.id}", transition.input_schema, payload, "invalid_input"
        )
    data: Mapping[str, JSON]
    if payload:
        data = deep_merge(case.data, payload)
        found += schema_blockers(definition, "data", definition.data_schema, data, "invalid_data")
    else:  # the step changes no data: what is stored was checked against this schema when it was written
        data = dict(case.data)

    def context(d: Mapping[str, JSON]) -> GuardContext:
        return _context(case, ask.actor, d, ask.at, history, calendar)

    found += check_transition(transition, context(data))
    if not found and (transition.appends or transition.derives):
        checked = data  # valid: checked above, or the stored data (checked when it was written)
        data, found = step_data.finish(transition, data, context)
        if not same_json(data, checked):  # unchanged by what the step derives or appends: nothing new to check
            found += schema_blockers(definition, "data", definition.data_schema, data, "invalid_data")
    verdict: Verdict = "forbidden" if role_blocker else ("blocked" if found else "allowed")
    return Attempt(transition, verdict, tuple(found), role, data, definition.target_of(transition, case.state))


def same_json(left: object, right: object) -> bool:
    """Equal as JSON values: Python's ``==`` with each leaf's type as well (``True`` is not ``1``, nor
    ``1.0``); mappings and sequences of any kind compare by content."""
    if isinstance(left, Mapping):
        if not isinstance(right, Mapping) or left.keys() != right.keys():
            return False
        return all(same_json(value, right[key]) for key, value in left.items())
    if isinstance(left, list | tuple):
        if not isinstance(right, list | tuple) or len(left) != len(right):
            return False
        return all(same_json(a, b) for a, b in zip(left, right, strict=True))
    return type(left) is type(right) and left == right


def _transition(definition: Definition, transition_id: str) -> Transition:
    transition = definition.transitions.get(transition_id)
    if transition is None:
        known = ", ".join(definition.transitions)
        hint = say("error.hint.transitions", workflow=definition.workflow, version=definition.version, known=known)
        raise NotFound("transition", transition_id, hint)
    return transition


def _refused_early(
    definition: Definition,
    transition: Transition,
    case: Case,
    payload: Mapping[str, JSON],
    role: str | None,
    role_blocker: Blocker | None,
) -> Attempt | None:
    """Another organisation's case, the wrong state, undeclared input: refused before any data check or guard."""
    if role_blocker is not None and role_blocker.code == "other_tenant":
        # nothing about another organisation's case is revealed beyond this
        return Attempt(transition, "forbidden", (role_blocker,), role, case.data, case.state)
    found: list[Blocker] = [role_blocker] if role_blocker else []
    if case.state not in transition.sources:
        state = definition.states[case.state]
        sources = ", ".join(f"'{definition.states[s].label}'" for s in transition.sources if s in definition.states)
        msg = text("wrong_state", transition=transition.label, state=state.label, sources=sources)
        found.append(Blocker("wrong_state", msg))
        verdict: Verdict = "forbidden" if role_blocker else "wrong_state"
        return Attempt(transition, verdict, tuple(found), role, case.data, case.state)
    undeclared = _undeclared(transition, payload)
    if undeclared:  # refused before the input touches the data: no guard ever sees it
        return Attempt(
            transition, "forbidden" if role_blocker else "blocked", (*found, *undeclared), role, case.data, case.state
        )
    return None


def _undeclared(transition: Transition, payload: Mapping[str, JSON]) -> list[Blocker]:
    """A blocker for every input field outside what the transition declares it may write."""
    fields = transition.undeclared(payload)
    if not fields:
        return []
    allowed = ", ".join(transition.writes) or text("undeclared_input.nothing")
    return [
        Blocker(
            "undeclared_input",
            text("undeclared_input", transition=transition.label, field=field),
            text("undeclared_input.detail", allowed=allowed),
        )
        for field in fields
    ]


def start_refusal(
    definition: Definition, actor: Actor, tenant: str, data: Mapping[str, JSON]
) -> TransitionRefused | None:
    """Why ``actor`` may not start a case of ``definition`` for ``tenant`` with ``data``; None when it may.

    Who may start (:func:`workflow.policy.may_start`), then field ownership: the
    start writes only what the definition's ``start: input`` declares (closed by
    default), then the input and data schemas.  The engine and the importer both ask here.
    """
    name = f"start {definition.workflow}"
    blockers = may_start(definition, actor, tenant)
    if blockers:
        return Forbidden(name, blockers, starting=definition.workflow)
    start = definition.start
    fields = start.undeclared(data)
    if fields:
        allowed = ", ".join(start.writes) or text("undeclared_start.nothing")
        detail = text("undeclared_input.detail", allowed=allowed)
        found_fields = [Blocker("undeclared_input", text("undeclared_start", field=field), detail) for field in fields]
        return GuardFailed(name, found_fields, starting=definition.workflow)
    found = []
    if start.input_schema is not None:
        found += schema_blockers(definition, "input:start", start.input_schema, data, "invalid_input")
    found += schema_blockers(definition, "data", definition.data_schema, data, "invalid_data")
    return GuardFailed(name, found, starting=definition.workflow) if found else None
