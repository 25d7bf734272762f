"""The actor's attributes from ``--attribute NAME=JSON`` and ``WF_ACTOR_ATTRIBUTES``.

Guards read them as ``actor.attributes.<name>`` (for example the budget
mandate ``mandate_limit_eur``).  The command line does not check them against
any register: whoever runs ``wf`` vouches for them, as for ``--role``.
"""

from __future__ import annotations

import json
import os
from typing import Any, NoReturn

__all__ = ["ENV_ATTRIBUTES", "actor_attributes"]

ENV_ATTRIBUTES = "WF_ACTOR_ATTRIBUTES"


def actor_attributes(options: tuple[str, ...]) -> dict[str, Any]:
    """The object in ``WF_ACTOR_ATTRIBUTES``, with each ``--attribute NAME=JSON`` over it; exit 2 when bad."""
    found: dict[str, Any] = {}
    env = os.environ.get(ENV_ATTRIBUTES, "").strip()
    if env:
        value = _json(env, ENV_ATTRIBUTES)
        if not isinstance(value, dict):
            _bad("cli.usage.attributes_env", env=ENV_ATTRIBUTES, kind=type(value).__name__)
        found.update(value)
    for item in options:
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or not name:
            _bad("cli.usage.attribute_form", found=repr(item))
        found[name] = _json(raw, f"--attribute {name}")
    return found


def _json(raw: str, where: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        _bad("cli.usage.attribute_json", where=where, found=repr(raw))


def _bad(key: str, **params: object) -> NoReturn:
    from workflow._cli.failures import text, usage

    usage(text(key, **params))
