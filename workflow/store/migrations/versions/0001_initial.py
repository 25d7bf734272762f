"""Initial schema: definitions, cases, events; the events table is append-only.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
MOMENT = sa.DateTime(timezone=True)

POSTGRES_APPEND_ONLY = [
    """
    CREATE FUNCTION wf_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'wf_events is append-only: % refused', TG_OP
            USING HINT = 'audit events are never changed or removed';
    END
    $$
    """,
    """CREATE TRIGGER wf_events_no_update_delete BEFORE UPDATE OR DELETE ON wf_events
       FOR EACH ROW EXECUTE FUNCTION wf_events_append_only()""",
    """CREATE TRIGGER wf_events_no_truncate BEFORE TRUNCATE ON wf_events
       FOR EACH STATEMENT EXECUTE FUNCTION wf_events_append_only()""",
]
SQLITE_APPEND_ONLY = [
    """CREATE TRIGGER wf_events_no_update BEFORE UPDATE ON wf_events
       BEGIN SELECT RAISE(ABORT, 'wf_events is append-only: UPDATE refused'); END""",
    """CREATE TRIGGER wf_events_no_delete BEFORE DELETE ON wf_events
       BEGIN SELECT RAISE(ABORT, 'wf_events is append-only: DELETE refused'); END""",
]


def upgrade() -> None:
    op.create_table(
        "wf_definitions",
        sa.Column("workflow", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("first_seen", MOMENT, nullable=False),
        sa.PrimaryKeyConstraint("workflow", "version", name="pk_wf_definitions"),
    )
    op.create_table(
        "wf_cases",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("workflow", sa.String(length=64), nullable=False),
        sa.Column("definition_version", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=64), nullable=False),
        sa.Column("data", JSON, nullable=False),
        sa.Column("tenant", sa.String(length=128), nullable=False),
        sa.Column("reference", sa.String(length=256), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
        sa.Column("start_key", sa.String(length=256), nullable=True),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.Column("head_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["workflow", "definition_version"],
            ["wf_definitions.workflow", "wf_definitions.version"],
            name="fk_wf_cases_workflow_definition_version_wf_definitions",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_wf_cases"),
        sa.UniqueConstraint("start_key", name="uq_wf_cases_start_key"),
    )
    op.create_index("ix_wf_cases_created_at_id", "wf_cases", ["created_at", "id"])
    op.create_index("ix_wf_cases_tenant_created_at", "wf_cases", ["tenant", "created_at"])
    op.create_index("ix_wf_cases_workflow_state", "wf_cases", ["workflow", "state"])
    op.create_table(
        "wf_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("transition", sa.String(length=64), nullable=True),
        sa.Column("from_state", sa.String(length=64), nullable=True),
        sa.Column("to_state", sa.String(length=64), nullable=True),
        sa.Column("actor_id", sa.String(length=256), nullable=False),
        sa.Column("role", sa.String(length=64), nullable=True),
        sa.Column("tenant", sa.String(length=128), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("input", JSON, nullable=True),
        sa.Column("data_diff", JSON, nullable=True),
        sa.Column("blockers", JSON, nullable=True),
        sa.Column("workflow", sa.String(length=64), nullable=False),
        sa.Column("definition_version", sa.Integer(), nullable=False),
        sa.Column("definition_checksum", sa.String(length=64), nullable=False),
        sa.Column("at", MOMENT, nullable=False),
        sa.Column("idempotency_key", sa.String(length=256), nullable=True),
        sa.Column("request_hash", sa.String(length=64), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["wf_cases.id"], name="fk_wf_events_case_id_wf_cases"),
        sa.PrimaryKeyConstraint("id", name="pk_wf_events"),
        sa.UniqueConstraint("case_id", "idempotency_key", name="uq_wf_events_case_id_idempotency_key"),
        sa.UniqueConstraint("case_id", "seq", name="uq_wf_events_case_id_seq"),
    )
    op.create_index("ix_wf_events_actor_id_at", "wf_events", ["actor_id", "at"])
    op.create_index("ix_wf_events_tenant_kind_at", "wf_events", ["tenant", "kind", "at"])
    statements = POSTGRES_APPEND_ONLY if op.get_bind().dialect.name == "postgresql" else SQLITE_APPEND_ONLY
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS wf_events_no_truncate ON wf_events")
        op.execute("DROP TRIGGER IF EXISTS wf_events_no_update_delete ON wf_events")
        op.execute("DROP FUNCTION IF EXISTS wf_events_append_only()")
    op.drop_table("wf_events")
    op.drop_table("wf_cases")
    op.drop_table("wf_definitions")
