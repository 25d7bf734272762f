"""Access policy: who may see a case, act on it, start one, or see every tenant.

The one place that answers these questions; the engine's reads and writes,
its listings and the checks of a step all ask here.  Each question is one
function, given the definition of the case at hand (the roles it declares):

- agency-side and read-only roles see the cases of every tenant — judged in
  the definition of the case at hand, never across all loaded definitions;
- client-side roles see and act on their own tenant's cases only, and only
  those of a workflow (version) that declares one of the actor's roles: a
  tenant alone opens nothing.  To anyone else such a case does not exist (the
  engine answers :class:`~workflow.errors.NotFound`, exactly as for an unknown
  id);
- anyone may start with a non-read-only role of the definition; client-side
  users only for their own tenant.

No I/O: the callers pass in what they read.
"""

from __future__ import annotations

from collections.abc import Iterable

from workflow.errors import Blocker
from workflow.i18n import text
from workflow.model import Actor, Case, Definition

__all__ = ["act_blocker", "can_read", "may_start", "role_names", "seen", "stand_in"]


def _sees_everything(definition: Definition | None, actor: Actor) -> bool:
    roles = definition.roles if definition is not None else {}
    return any(r in roles and (roles[r].side == "agency" or roles[r].read_only) for r in actor.roles)


def _client_side(definition: Definition, role: str) -> bool:
    found = definition.roles.get(role)
    return found is not None and found.side == "client"


def role_names(definition: Definition, roles: Iterable[str], joiner: str = ", ") -> str:
    """The labels of ``roles`` (their ids where the definition lacks them), or "no roles" in words.

    ``joiner`` other than ", " (the word for "or") joins only the last two: ``A, B of C``.
    """
    found = [definition.roles[r].label if r in definition.roles else r for r in roles]
    if joiner != ", " and len(found) > 2:
        return ", ".join(found[:-1]) + joiner + found[-1]
    return joiner.join(found) or text("roles.none")


def _holds_role(definition: Definition, actor: Actor) -> bool:
    return any(r in definition.roles for r in actor.roles)


def can_read(definition: Definition, actor: Actor, case: Case) -> bool:
    """May ``actor`` see ``case`` (pinned to ``definition``): with an agency or read-only role of it,
    any tenant's; with another role it declares, its own tenant's; with none of its roles, none."""
    if _sees_everything(definition, actor):
        return True
    return actor.tenant == case.tenant and _holds_role(definition, actor)


def act_blocker(definition: Definition, role: str, actor: Actor, case: Case) -> Blocker | None:
    """Why ``actor``, acting in ``role``, may not act on ``case`` for its tenant; None when it may."""
    if _client_side(definition, role) and actor.tenant != case.tenant:
        return Blocker("other_tenant", text("other_tenant.act"))
    return None


def may_start(definition: Definition, actor: Actor, tenant: str) -> list[Blocker]:
    """Who may start a case: the roles of the definition's ``start:`` (default: any role that may write);
    client roles only in their own tenant."""
    starters = [r for r, role in definition.roles.items() if not role.read_only]
    if definition.start.roles is not None:
        starters = [r for r in starters if r in definition.start.roles]
    usable = [r for r in actor.roles if r in starters]
    if not usable:
        declared = role_names(definition, starters)
        msg = text(
            "role_not_allowed.start" if actor.roles else "role_not_allowed.start.no_role",
            workflow=definition.title,
            roles=declared,
            actor_roles=role_names(definition, actor.roles),
        )
        return [Blocker("role_not_allowed", msg)]
    if all(_client_side(definition, r) for r in usable) and actor.tenant != tenant:
        msg = text("other_tenant.start", tenant=actor.tenant)
        return [Blocker("other_tenant", msg)]
    return []


Pairs = list[tuple[str, int]]


def seen(definitions: Iterable[Definition], actor: Actor | None) -> tuple[str | None, Pairs, Pairs] | None:
    """What a listing may show ``actor``: None (no actor: the trusted host) for everything; else
    ``(its tenant, the (workflow, version) pairs whose cases it sees in that tenant only,
    the pairs whose cases it sees in every tenant)`` — :func:`can_read` as data.

    Each pair is judged by its own definition: a role agency-side in one
    workflow does not open another that declares it client-side, and a
    version declaring none of the actor's roles is in neither list.
    """
    if actor is None:
        return None
    everywhere = [(d.workflow, d.version) for d in definitions if _sees_everything(d, actor)]
    own = [(d.workflow, d.version) for d in definitions if _holds_role(d, actor) and not _sees_everything(d, actor)]
    return actor.tenant, own, everywhere


def stand_in(definition: Definition, case: Case) -> Actor:
    """Who the trusted operator asks as, without an actor: every role of ``definition`` that may write,
    in the case's organisation (so each step shows what the workflow itself requires)."""
    roles = tuple(r for r, role in definition.roles.items() if not role.read_only)
    return Actor("(anyone)", roles, case.tenant)
