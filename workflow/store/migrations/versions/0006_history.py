"""Per-case history aggregates for guards (``count``, ``actors``, ``last_actor``), backfilled from the log.

Revision ID: 0006_history
Revises: 0005_tenant
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_history"
down_revision = "0005_tenant"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "wf_case_history",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("transition", sa.String(length=64), nullable=False),
        sa.Column("fired", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("last_actor", sa.String(length=256), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "transition", name="pk_wf_case_history"),
    )
    op.create_table(
        "wf_case_actors",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("transition", sa.String(length=64), nullable=False),
        sa.Column("actor_id", sa.String(length=256), nullable=False),
        sa.Column("first_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "transition", "actor_id", name="pk_wf_case_actors"),
    )
    # backfill from the fired events already in the log
    op.execute(
        "INSERT INTO wf_case_history (case_id, transition, fired, last_seq, last_actor) "
        "SELECT e.case_id, e.transition, agg.fired, e.seq, e.actor_id FROM wf_events e JOIN "
        "(SELECT case_id, transition, count(*) AS fired, max(seq) AS last_seq FROM wf_events "
        "WHERE kind = 'fired' AND transition IS NOT NULL GROUP BY case_id, transition) agg "
        "ON e.case_id = agg.case_id AND e.seq = agg.last_seq"
    )
    op.execute(
        "INSERT INTO wf_case_actors (case_id, transition, actor_id, first_seq) "
        "SELECT case_id, transition, actor_id, min(seq) FROM wf_events "
        "WHERE kind = 'fired' AND transition IS NOT NULL GROUP BY case_id, transition, actor_id"
    )


def downgrade() -> None:
    op.drop_table("wf_case_actors")
    op.drop_table("wf_case_history")
