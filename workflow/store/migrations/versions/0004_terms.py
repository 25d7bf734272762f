"""Legal terms: a timer may watch a case's legal term (``term``) instead of a state's deadline.

Revision ID: 0004_terms
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_terms"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("wf_timers") as batch:
        batch.add_column(sa.Column("term", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("wf_timers") as batch:
        batch.drop_column("term")
