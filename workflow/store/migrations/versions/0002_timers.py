"""Deadlines: the timers table and the flags deadlines raise on cases.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("wf_cases") as batch:
        batch.add_column(sa.Column("flags", JSON, nullable=False, server_default=sa.text("'[]'")))
    op.create_table(
        "wf_timers",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("state", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("due_at", MOMENT, nullable=False),
        sa.Column("warn_at", MOMENT, nullable=True),
        sa.Column("started_at", MOMENT, nullable=False),
        sa.Column("paused_at", MOMENT, nullable=True),
        sa.Column("working", sa.Boolean(), nullable=False),
        sa.Column("action_transition", sa.String(length=64), nullable=True),
        sa.Column("action_flag", sa.String(length=64), nullable=True),
        sa.Column("extended", sa.Boolean(), nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["wf_cases.id"], name="fk_wf_timers_case_id_wf_cases"),
        sa.PrimaryKeyConstraint("id", name="pk_wf_timers"),
    )
    op.create_index("ix_wf_timers_status_due_at", "wf_timers", ["status", "due_at"])
    op.create_index("ix_wf_timers_case_id_status", "wf_timers", ["case_id", "status"])


def downgrade() -> None:
    op.drop_table("wf_timers")
    with op.batch_alter_table("wf_cases") as batch:
        batch.drop_column("flags")
