"""Access policy: who may see a case, act on it, start one, or see every tenant.

The one place that answers these questions; the engine's reads and writes,
its listings and the checks of a step all ask here.  Each question is one
function, given the definition of the case at hand (the roles it declares):

- agency-side and read-only roles see the cases of every tenant;
- client-side roles see and act on their own tenant's cases only;
- anyone may start with a non-read-only role of the definition; client-side
  users only for their own tenant.

No I/O: the callers pass in what they read.
"""

from __future__ import annotations

from collections.abc import Iterable

from workflow.errors import Blocker
from workflow.i18n import text
from workflow.model import Actor, Case, Definition

__all__ = [
    "act_blocker",
    "can_read",
    "may_start",
    "read_blocker",
    "role_names",
    "sees_all_tenants",
    "visible_tenants",
]


def _sees_everything(definition: Definition | None, actor: Actor) -> bool:
    roles = definition.roles if definition is not None else {}
    return any(r in roles and (roles[r].side == "agency" or roles[r].read_only) for r in actor.roles)


def _client_side(definition: Definition, role: str) -> bool:
    found = definition.roles.get(role)
    return found is not None and found.side == "client"


def role_names(definition: Definition, roles: Iterable[str], joiner: str = ", ") -> str:
    """The labels of ``roles`` (their ids where the definition lacks them), or "no roles" in words."""
    found = [definition.roles[r].label if r in definition.roles else r for r in roles]
    return joiner.join(found) or text("roles.none")


def can_read(definition: Definition | None, actor: Actor, case: Case) -> bool:
    """May ``actor`` see ``case``: its own tenant's, or any with an agency or read-only role."""
    return actor.tenant == case.tenant or _sees_everything(definition, actor)


def read_blocker(definition: Definition | None, actor: Actor | None, case: Case) -> Blocker | None:
    """Why ``actor`` may not see ``case``; None when it may (or when no actor is given: the host's own reads)."""
    if actor is None or can_read(definition, actor, case):
        return None
    return Blocker("other_tenant", text("other_tenant.read"))


def act_blocker(definition: Definition, role: str, actor: Actor, case: Case) -> Blocker | None:
    """Why ``actor``, acting in ``role``, may not act on ``case`` for its tenant; None when it may."""
    if _client_side(definition, role) and actor.tenant != case.tenant:
        return Blocker("other_tenant", text("other_tenant.act"))
    return None


def may_start(definition: Definition, actor: Actor, tenant: str) -> list[Blocker]:
    """Who may start a case: any non-read-only role of the definition; client roles in their own tenant."""
    usable = [r for r in actor.roles if r in definition.roles and not definition.roles[r].read_only]
    if not usable:
        declared = role_names(definition, (r for r, role in definition.roles.items() if not role.read_only))
        msg = text(
            "role_not_allowed.start",
            workflow=definition.title,
            roles=declared,
            actor_roles=role_names(definition, actor.roles),
        )
        return [Blocker("role_not_allowed", msg)]
    if all(_client_side(definition, r) for r in usable) and actor.tenant != tenant:
        msg = text("other_tenant.start", tenant=actor.tenant)
        return [Blocker("other_tenant", msg)]
    return []


def sees_all_tenants(definitions: Iterable[Definition], actor: Actor) -> bool:
    """Whether ``actor`` holds an agency or read-only role in any of ``definitions``."""
    return any(_sees_everything(definition, actor) for definition in definitions)


def visible_tenants(definitions: Iterable[Definition], actor: Actor | None, tenant: str | None) -> list[str] | None:
    """The tenants a listing for ``actor`` (narrowed to ``tenant`` if given) may show; None: every tenant."""
    wanted = None if tenant is None else [tenant]
    if actor is None or sees_all_tenants(definitions, actor):
        return wanted
    return [actor.tenant or ""] if tenant in (None, actor.tenant) else []
