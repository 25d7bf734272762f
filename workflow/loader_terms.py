"""The load-time checks of legal terms (``terms:``) and the steps that suspend, resume or extend them.

Part of :mod:`workflow.loader`: every reference a term makes (states, roles,
the date field, the deadline transition) and every step's reference to a
term is checked here, each problem reported through the loader's ``at``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from workflow import _format as fmt
from workflow._schema import has_path
from workflow._yaml import Path
from workflow.loader_texts import Report, q
from workflow.loader_texts import unknown as _unknown
from workflow.model import SYSTEM_ROLE, TERMS_KEY, Suspends, Term, TermExtension, Transition

__all__ = ["compile_terms", "reserve_terms_key", "term_steps"]


def _term(
    name: str, doc: fmt.TermDoc, schema: dict[str, Any], names: tuple[set[str], set[str]], at: Report
) -> Term | None:
    states, roles = names
    base: Path = ("terms", name)
    ok = True
    if not (doc.days or doc.weeks or doc.months):
        at(base, "definition.term_length", name=q(name))
        ok = False
    if doc.from_ is None and doc.starts_in is None:
        at(base, "definition.term_origin", name=q(name))
        ok = False
    if doc.from_ is not None and not has_path(schema, tuple(doc.from_.split("."))):
        at((*base, "from"), "definition.term_from", name=q(name), field=q(doc.from_))
        ok = False
    if doc.starts_in is not None and doc.starts_in not in states:
        ok = _unknown(at, (*base, "starts_in"), "state", doc.starts_in, states)
    for i, state in enumerate(doc.runs_until):
        if state not in states:
            ok = _unknown(at, (*base, "runs_until", i), "state", state, states)
    extension = None
    if doc.extendable is not None:
        extension, extension_ok = _extension(name, doc, roles, at)
        ok = ok and extension_ok
    if not ok:
        return None
    warn = fmt.parse_warn_at(doc.warn_at) if doc.warn_at is not None else None
    return Term(
        name,
        doc.label or name,
        doc.days,
        doc.weeks,
        doc.months,
        doc.rule,
        doc.from_,
        doc.starts_in,
        tuple(doc.runs_until),
        extension,
        warn,
        doc.then,
        doc.flag,
    )


def _extension(name: str, doc: fmt.TermDoc, roles: set[str], at: Report) -> tuple[TermExtension, bool]:
    """The term's one extension (``extendable``), and whether it passed its checks."""
    assert doc.extendable is not None
    ext, base, ok = doc.extendable, ("terms", name), True
    if doc.rule == "backward":
        at((*base, "extendable"), "definition.term_backward", name=q(name))
        ok = False
    if not (ext.days or ext.weeks or ext.months):
        at((*base, "extendable"), "definition.term_extension", name=q(name))
        ok = False
    for i, role in enumerate(ext.roles):
        if role not in roles:
            ok = _unknown(at, (*base, "extendable", "roles", i), "role", role, roles)
    return TermExtension(ext.days, ext.weeks, ext.months, tuple(ext.roles)), ok


def compile_terms(
    docs: Mapping[str, fmt.TermDoc], schema: dict[str, Any], states: set[str], roles: set[str], at: Report
) -> dict[str, Term]:
    """Every well-formed term; each problem reported."""
    terms = {}
    for name, doc in docs.items():
        term = _term(name, doc, schema, (states, roles), at)
        if term is not None:
            terms[name] = term
    return terms


def _then_fits(term: Term, transitions: Mapping[str, Transition | None], at: Report) -> None:
    if term.then is None:
        return
    step = transitions.get(term.then)
    if term.then not in transitions:
        _unknown(at, ("terms", term.name, "then"), "transition", term.then, set(transitions))
    elif step is not None and SYSTEM_ROLE not in step.roles:
        at(("terms", term.name, "then"), "definition.then_system", then=q(term.then), system=q(SYSTEM_ROLE))


def term_steps(
    docs: Mapping[str, fmt.TransitionDoc],
    transitions: dict[str, Transition | None],
    terms: Mapping[str, Term],
    declared: set[str],
    at: Report,
) -> None:
    """Attach each step's suspension, resumption or extension of a term, checking the term exists and fits.

    ``declared``: every term name in the file (a badly formed term is reported once, where it is declared).
    """
    for term in terms.values():
        _then_fits(term, transitions, at)
    for tid, doc in docs.items():
        step = transitions.get(tid)
        named = {
            "suspends": doc.suspends.term if doc.suspends else None,
            "resumes": doc.resumes,
            "extends_term": doc.extends_term,
        }
        for key, name in named.items():
            if name is not None and name not in declared:
                _unknown(at, ("transitions", tid, key), "term", name, declared)
        if step is None:
            continue
        if any(path.split(".")[0] == TERMS_KEY for path in step.writes):
            at(("transitions", tid, "input"), "definition.writes_terms", step=q(tid), key=q(TERMS_KEY))
        extends = doc.extends_term if doc.extends_term in terms else None
        if extends is not None and terms[extends].extension is None:
            at(("transitions", tid, "extends_term"), "definition.extends_unextendable", step=q(tid), term=q(extends))
        suspends = doc.suspends if doc.suspends and doc.suspends.term in terms else None
        if suspends is not None and terms[suspends.term].backward:
            at(("transitions", tid, "suspends"), "definition.suspends_backward", step=q(tid), term=q(suspends.term))
        transitions[tid] = _with_terms(step, suspends, doc.resumes if doc.resumes in terms else None, extends)


def _with_terms(
    step: Transition, suspends: fmt.SuspendsDoc | None, resumes: str | None, extends: str | None
) -> Transition:
    held = Suspends(suspends.term, suspends.ground) if suspends is not None else None
    return replace(step, suspends=held, resumes=resumes, extends_term=extends)


def reserve_terms_key(schema: dict[str, Any], at: Report) -> dict[str, Any]:
    """The data schema with the engine's own ``termijnen`` object added (a definition may not declare it)."""
    properties = schema.get("properties")
    if isinstance(properties, dict) and TERMS_KEY in properties:
        at(("data", "properties", TERMS_KEY), "definition.terms_reserved", key=q(TERMS_KEY))
        return schema
    return {
        **schema,
        "properties": {**(properties if isinstance(properties, dict) else {}), TERMS_KEY: {"type": "object"}},
    }
