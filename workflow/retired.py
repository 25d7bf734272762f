"""Definition versions the current loader refuses, kept readable for the cases pinned to them.

A case stays pinned to the exact text it started under.  When the rules of
the definition language grow stricter (the guard rule of issue 12 refuses
``assignment`` version 1), that stored text no longer loads — but its cases
must still be viewable: ``get``, ``history``, ``state_at``, ``wf audit``.
:func:`retired_definition` rebuilds from the stored text what reading needs —
title, roles (their sides decide who sees the case), states and their labels —
with no transitions, and marks it :attr:`~workflow.model.Definition.retired`
with the loader's problems.  Acting on such a case (``fire``, ``explain``,
``available``, a deadline) is refused with :class:`~workflow.errors.RetiredDefinition`,
which names the workflow and version and says what to do.
"""

from __future__ import annotations

from typing import Any

import pydantic

from workflow import _format as fmt
from workflow._yaml import read_yaml
from workflow.errors import DefinitionError
from workflow.model import Definition, Role, State

__all__ = ["retired_definition"]


def _docs(raw: Any, model: type[pydantic.BaseModel]) -> dict[str, Any]:
    found = {}
    for name, doc in raw.items() if isinstance(raw, dict) else ():
        try:
            found[str(name)] = model.model_validate(doc if doc is not None else {})
        except pydantic.ValidationError:
            continue  # a part the old text got wrong too: left out of the view
    return found


def retired_definition(
    source: str, where: str, checksum: str, workflow: str, version: int, refused: DefinitionError
) -> Definition:
    """What reading a case of a refused stored text needs: roles and states, no transitions; marked retired."""
    data, _, _ = read_yaml(source, where)
    data = data if isinstance(data, dict) else {}
    roles = {
        name: Role(name, d.label, d.side, d.description, d.read_only)
        for name, d in _docs(data.get("roles"), fmt.RoleDoc).items()
    }
    states = {
        name: State(name, d.label or name, d.description, d.initial, d.final)
        for name, d in _docs(data.get("states"), fmt.StateDoc).items()
    }
    title = data.get("title")
    return Definition(
        workflow=workflow,
        version=version,
        title=title if isinstance(title, str) else workflow,
        roles=roles,
        data_schema={"type": "object"},
        states=states,
        transitions={},
        source=source,
        checksum=checksum,
        file=where,
        retired=tuple(str(problem) for problem in refused.problems),
    )
