"""Imported history: events recorded without the engine's checks (wf import --trust-history) say so.

Revision ID: 0008_import
Revises: 0007_tamper
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_import"
down_revision = "0007_tamper"
branch_labels = None
depends_on = None


# plain ALTER TABLE on both databases: a batch (copy-and-move) on SQLite would drop wf_events' triggers


def upgrade() -> None:
    op.add_column("wf_events", sa.Column("imported", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    op.execute("ALTER TABLE wf_events DROP COLUMN imported")
