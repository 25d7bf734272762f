"""The database tables (SQLAlchemy Core); no business rules here.

Timestamps are stored as UTC and always come back timezone-aware.  What the
audit chain hashes (case data, event inputs, diffs, blockers) is stored as
canonical JSON text on both databases (:class:`JSONText`), so it comes back
bit for bit; other JSON (flags, outbox attributes) is JSONB on PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import orjson
import sqlalchemy as sa

__all__ = [
    "JSONText",
    "UTCDateTime",
    "case_actors",
    "case_history",
    "cases",
    "definitions",
    "deliveries",
    "events",
    "metadata",
    "outbox",
    "security_events",
    "timers",
]


metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "pk": "pk_%(table_name)s",
        "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    }
)


class JSONType(sa.types.TypeDecorator[Any]):
    """JSON; JSONB on PostgreSQL (its dialect imported only there, not on SQLite)."""

    impl = sa.JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: sa.Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import JSONB

            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(sa.JSON())


EventId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # SQLite autoincrements INTEGER PRIMARY KEY only


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """A moment in UTC; naive values are refused, results are always aware."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            msg = f"naive datetime {value!r}; pass an aware UTC moment"
            raise ValueError(msg)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        if not isinstance(moment, datetime):  # pragma: no cover - drivers return datetimes
            msg = f"expected a timestamp from the database, found {value!r}"
            raise TypeError(msg)
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class JSONText(sa.types.TypeDecorator[Any]):
    """A JSON value kept as canonical text (sorted keys, no spaces), never normalised by the database.

    JSONB would turn ``1e16`` into an integer and ``-0.0`` into ``0``; text
    keeps exactly what was hashed.  Python None is SQL NULL.
    """

    impl = sa.Text
    cache_ok = True

    def load_dialect_impl(self, dialect: sa.Dialect) -> sa.types.TypeEngine[Any]:
        # SQLite always kept JSON as text (through orjson): the column stays declared JSON there, coded by it
        return dialect.type_descriptor(sa.JSON()) if dialect.name == "sqlite" else self.impl_instance

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> Any:
        if value is None or dialect.name == "sqlite":
            return value
        try:
            return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
        except orjson.JSONEncodeError:  # integers beyond 64 bits in logs written before they were refused
            return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, str | bytes):  # SQLite's JSON column has decoded it already
            return value
        try:
            return orjson.loads(value)
        except orjson.JSONDecodeError:  # integers beyond 64 bits
            return json.loads(value)


definitions = sa.Table(
    "wf_definitions",
    metadata,
    sa.Column("workflow", sa.String(64), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("checksum", sa.String(64), nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("first_seen", UTCDateTime, nullable=False),
)

cases = sa.Table(
    "wf_cases",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("workflow", sa.String(64), nullable=False),
    sa.Column("definition_version", sa.Integer, nullable=False),
    sa.Column("state", sa.String(64), nullable=False),
    sa.Column("data", JSONText(), nullable=False),
    sa.Column("tenant", sa.String(128), nullable=False),
    sa.Column("reference", sa.String(256)),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("start_key", sa.String(256)),  # unique per tenant: two gemeenten may use the same zaak number
    sa.Column("event_count", sa.Integer, nullable=False),
    sa.Column("head_hash", sa.String(64), nullable=False),
    sa.Column("flags", JSONType, nullable=False, server_default=sa.text("'[]'")),
    sa.ForeignKeyConstraint(["workflow", "definition_version"], ["wf_definitions.workflow", "wf_definitions.version"]),
    # case list: one index per combination of its filters, each ending in the page order (created_at, id)
    sa.Index(None, "created_at", "id"),
    sa.Index(None, "state", "created_at", "id"),
    sa.Index(None, "workflow", "created_at", "id"),
    sa.Index(None, "workflow", "state", "created_at", "id"),
    sa.Index(None, "tenant", "created_at", "id"),
    sa.Index(None, "tenant", "state", "created_at", "id"),
    sa.Index(None, "tenant", "workflow", "created_at", "id"),
    sa.Index(None, "tenant", "workflow", "state", "created_at", "id"),
    sa.UniqueConstraint("tenant", "start_key"),
)

events = sa.Table(
    "wf_events",
    metadata,
    sa.Column("id", EventId, primary_key=True, autoincrement=True),
    sa.Column("case_id", sa.String(36), sa.ForeignKey("wf_cases.id"), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("transition", sa.String(64)),
    sa.Column("from_state", sa.String(64)),
    sa.Column("to_state", sa.String(64)),
    sa.Column("actor_id", sa.String(256), nullable=False),
    sa.Column("role", sa.String(64)),
    sa.Column("tenant", sa.String(128), nullable=False),
    sa.Column("reason", sa.Text),
    sa.Column("input", JSONText()),
    sa.Column("data_diff", JSONText()),
    sa.Column("blockers", JSONText()),
    sa.Column("workflow", sa.String(64), nullable=False),
    sa.Column("definition_version", sa.Integer, nullable=False),
    sa.Column("definition_checksum", sa.String(64), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("idempotency_key", sa.String(256)),
    sa.Column("request_hash", sa.String(64)),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    # history imported without the engine's checks (wf import --trust-history); hashed only when true
    sa.Column("imported", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.UniqueConstraint("case_id", "seq"),
    sa.UniqueConstraint("case_id", "idempotency_key"),
    sa.Index(None, "actor_id", "at"),
    sa.Index(None, "tenant", "kind", "at"),
)


case_history = sa.Table(
    "wf_case_history",
    metadata,
    sa.Column("case_id", sa.String(36), primary_key=True),  # no foreign key: derived totals, like the outbox
    sa.Column("transition", sa.String(64), primary_key=True),
    sa.Column("fired", sa.Integer, nullable=False),
    sa.Column("last_seq", sa.Integer, nullable=False),
    sa.Column("last_actor", sa.String(256), nullable=False),
)
"""Per case and transition: how often it fired and who fired it last; kept by the step that fires it."""

case_actors = sa.Table(
    "wf_case_actors",
    metadata,
    sa.Column("case_id", sa.String(36), primary_key=True),  # no foreign key: derived totals, like the outbox
    sa.Column("transition", sa.String(64), primary_key=True),
    sa.Column("actor_id", sa.String(256), primary_key=True),
    sa.Column("first_seq", sa.Integer, nullable=False),
)
"""Per case and transition, each actor who fired it once (with the event of their first firing)."""


timers = sa.Table(
    "wf_timers",
    metadata,
    sa.Column("id", EventId, primary_key=True, autoincrement=True),
    sa.Column("case_id", sa.String(36), sa.ForeignKey("wf_cases.id"), nullable=False),
    sa.Column("state", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("due_at", UTCDateTime, nullable=False),
    sa.Column("warn_at", UTCDateTime),
    sa.Column("started_at", UTCDateTime, nullable=False),
    sa.Column("paused_at", UTCDateTime),
    sa.Column("working", sa.Boolean, nullable=False),
    sa.Column("action_transition", sa.String(64)),
    sa.Column("action_flag", sa.String(64)),
    sa.Column("extended", sa.Boolean, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("term", sa.String(64)),  # the legal term this timer watches; NULL for a state's deadline
    sa.Index(None, "status", "due_at", "id"),  # due listings: one range per status, in (due_at, id) order
    sa.Index(None, "case_id", "status"),
)


outbox = sa.Table(
    "wf_outbox",
    metadata,
    sa.Column("id", EventId, primary_key=True, autoincrement=True),
    sa.Column("case_id", sa.String(36), nullable=False),  # no foreign key: a message is a copy, kept on its own
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("channel", sa.String(64), nullable=False),
    sa.Column("resource", sa.String(32), nullable=False),
    sa.Column("resource_url", sa.String(512), nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("main_object", sa.String(512), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("attributes", JSONType, nullable=False),
    sa.Column("routed_at", UTCDateTime),
    sa.UniqueConstraint("case_id", "seq"),
    sa.Index(None, "routed_at", "id"),
    sa.Index(None, "created_at"),
)
"""One message per committed step, written in the step's transaction; ``routed_at`` is set once
a relay has made its deliveries (one per matching subscriber)."""

deliveries = sa.Table(
    "wf_deliveries",
    metadata,
    sa.Column("id", EventId, primary_key=True, autoincrement=True),
    sa.Column("message_id", EventId, sa.ForeignKey("wf_outbox.id"), nullable=False),
    sa.Column("subscriber", sa.String(64), nullable=False),
    # case_id and seq repeat the message's (never changing) values so the per-case order check is one index probe
    sa.Column("case_id", sa.String(36), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("next_attempt_at", UTCDateTime, nullable=False),
    sa.Column("last_error", sa.Text),
    sa.Column("delivered_at", UTCDateTime),
    sa.UniqueConstraint("message_id", "subscriber"),
    sa.Index(None, "subscriber", "status", "next_attempt_at"),
    sa.Index(None, "subscriber", "case_id", "seq"),
)
"""Per (message, subscriber) delivery state: pending → delivered, or dead after too many failures."""


security_events = sa.Table(
    "wf_security_events",
    metadata,
    sa.Column("id", EventId, primary_key=True, autoincrement=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("actor_id", sa.String(256), nullable=False),
    sa.Column("actor_tenant", sa.String(128)),
    sa.Column("case_id", sa.String(36), nullable=False),  # no foreign key: a record of an attempt, not of the case
    sa.Column("operation", sa.String(32), nullable=False),
    sa.Column("code", sa.String(32), nullable=False),
    sa.Index(None, "at"),
    sa.Index(None, "case_id"),
)
"""One row per call on a case its actor may not see: who, from which tenant, which case, what, when —
never the input or reason (bounded; not in the case's own chain)."""
