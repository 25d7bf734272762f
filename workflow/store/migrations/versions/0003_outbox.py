"""Transactional outbox: one message per committed step, and its delivery state per subscriber.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
MOMENT = sa.DateTime(timezone=True)
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "wf_outbox",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("resource", sa.String(length=32), nullable=False),
        sa.Column("resource_url", sa.String(length=512), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("main_object", sa.String(length=512), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("attributes", JSON, nullable=False),
        sa.Column("routed_at", MOMENT, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_wf_outbox"),
        sa.UniqueConstraint("case_id", "seq", name="uq_wf_outbox_case_id_seq"),
    )
    op.create_index("ix_wf_outbox_routed_at_id", "wf_outbox", ["routed_at", "id"])
    op.create_index("ix_wf_outbox_created_at", "wf_outbox", ["created_at"])
    op.create_table(
        "wf_deliveries",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("message_id", ID, nullable=False),
        sa.Column("subscriber", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", MOMENT, nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("delivered_at", MOMENT, nullable=True),
        sa.ForeignKeyConstraint(["message_id"], ["wf_outbox.id"], name="fk_wf_deliveries_message_id_wf_outbox"),
        sa.PrimaryKeyConstraint("id", name="pk_wf_deliveries"),
        sa.UniqueConstraint("message_id", "subscriber", name="uq_wf_deliveries_message_id_subscriber"),
    )
    op.create_index(
        "ix_wf_deliveries_subscriber_status_next_attempt_at",
        "wf_deliveries",
        ["subscriber", "status", "next_attempt_at"],
    )
    op.create_index("ix_wf_deliveries_subscriber_case_id_seq", "wf_deliveries", ["subscriber", "case_id", "seq"])


def downgrade() -> None:
    op.drop_table("wf_deliveries")
    op.drop_table("wf_outbox")
