"""Tenant first: start idempotency keys unique per tenant; a bounded record of attempts on unseen cases.

Revision ID: 0005_tenant
Revises: 0004_terms
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_tenant"
down_revision = "0004_terms"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("wf_cases") as batch:
        batch.drop_constraint("uq_wf_cases_start_key", type_="unique")
        batch.create_unique_constraint("uq_wf_cases_tenant_start_key", ["tenant", "start_key"])
    op.create_table(
        "wf_security_events",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.String(length=256), nullable=False),
        sa.Column("actor_tenant", sa.String(length=128), nullable=True),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("operation", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_wf_security_events"),
    )
    op.create_index("ix_wf_security_events_at", "wf_security_events", ["at"])
    op.create_index("ix_wf_security_events_case_id", "wf_security_events", ["case_id"])


def downgrade() -> None:
    op.drop_table("wf_security_events")
    with op.batch_alter_table("wf_cases") as batch:
        batch.drop_constraint("uq_wf_cases_tenant_start_key", type_="unique")
        batch.create_unique_constraint("uq_wf_cases_start_key", ["start_key"])
