"""The transactional outbox: each committed step becomes a message, written in the step's transaction.

A message is shaped after a notification of the ZGW Notificaties API
(kanaal, hoofdObject, resource, resourceUrl, actie, aanmaakdatum,
kenmerken): :func:`outbox_message` builds it from the case after the step and
the step's audit event; :func:`notification` gives the body a relay sends.
The engine calls :meth:`Outbox.record` (or :func:`record`) inside the step's
transaction, so a message exists exactly when its step committed.
:mod:`workflow.relay` delivers messages to subscribers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from workflow.model import SYSTEM_ROLE, AuditEvent, Case
from workflow.store import outbox as queries

__all__ = ["DEFAULT", "Outbox", "Recorder", "notification", "outbox_message", "record", "recorder"]

Recorder = Callable[[sa.Connection, Case, AuditEvent], None]
"""Writes a step's message inside the step's transaction (the engine's outbox seam)."""

_ACTIONS = {"started": "started", "fired": "fired", "flagged": "flagged", "refused": "refused"}


@dataclass(frozen=True)
class Outbox:
    """What the engine writes to the outbox.

    ``channel``: the channel (kanaal) of every message; None (default) uses
    the case's workflow id, so subscribers can pick workflows.  ``base_url``:
    cases are named ``{base_url}{case id}`` (e.g. the host's API); None names
    them ``urn:workflow:case:{id}``.  ``refused``: also write a message for a
    refused attempt (off by default: a refusal changes nothing).
    """

    channel: str | None = None
    base_url: str | None = None
    refused: bool = False

    def record(self, conn: sa.Connection, case: Case, event: AuditEvent) -> None:
        """Write the message of ``event`` in the caller's transaction (``conn``); refusals only if configured."""
        if event.kind not in _ACTIONS or (event.kind == "refused" and not self.refused):
            return
        queries.insert_message(conn, outbox_message(case, event, self))


DEFAULT = Outbox()
"""The engine's default: one message per started, fired and deadline-driven step."""


def record(conn: sa.Connection, case: Case, event: AuditEvent) -> None:
    """Write the message of a committed step with the default settings (see :class:`Outbox`)."""
    DEFAULT.record(conn, case, event)


def _nothing(conn: sa.Connection, case: Case, event: AuditEvent) -> None:
    """The recorder of an engine without an outbox."""


def recorder(setting: Outbox | bool) -> Recorder:
    """The engine's recorder for its ``outbox`` option: True (default settings), an :class:`Outbox`, or False."""
    if setting is False:
        return _nothing
    return (DEFAULT if setting is True else setting).record


def _action(event: AuditEvent) -> str:
    if event.kind == "fired" and event.role == SYSTEM_ROLE:
        return "timer"  # a deadline fired the transition
    return _ACTIONS[event.kind]


def outbox_message(case: Case, event: AuditEvent, settings: Outbox = DEFAULT) -> dict[str, Any]:
    """The message for ``event`` on ``case`` (the case as it is after the step); plain data, no I/O.

    Keys are the columns of ``wf_outbox``: case_id, seq, channel, resource,
    resource_url, action, main_object, created_at, attributes.  Attributes
    (kenmerken) are strings, as in ZGW notifications; the actor is left out
    (personal data stays in the audit log).
    """
    main = f"{settings.base_url}{case.id}" if settings.base_url else f"urn:workflow:case:{case.id}"
    started = event.kind == "started"
    attributes = {
        "workflow": case.workflow,
        "definition_version": str(case.definition_version),
        "tenant": case.tenant,
        "state": case.state,
        "from_state": event.from_state,
        "transition": event.transition,
        "seq": str(event.seq),
        "reference": case.reference,
        "flag": _flag(event),
    }
    return {
        "case_id": case.id,
        "seq": event.seq,
        "channel": settings.channel or case.workflow,
        "resource": "case" if started else "event",
        "resource_url": main if started else f"{main}/events/{event.seq}",
        "action": _action(event),
        "main_object": main,
        "created_at": event.at,
        "attributes": {key: value for key, value in attributes.items() if value is not None},
    }


def _flag(event: AuditEvent) -> str | None:
    if event.kind != "flagged" or not isinstance(event.input, Mapping):
        return None
    flag = event.input.get("flag")
    return flag if isinstance(flag, str) else None


def notification(message: Mapping[str, Any]) -> dict[str, Any]:
    """The body sent to subscribers, in the field names of a ZGW Notificaties API notification."""
    return {
        "kanaal": message["channel"],
        "hoofdObject": message["main_object"],
        "resource": message["resource"],
        "resourceUrl": message["resource_url"],
        "actie": message["action"],
        "aanmaakdatum": message["created_at"].isoformat().replace("+00:00", "Z"),
        "kenmerken": dict(message["attributes"]),
    }
