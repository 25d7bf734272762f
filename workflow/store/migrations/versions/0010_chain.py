"""The log-wide chain: an event's position in the log is taken only by a writer that already holds a transaction id.

A checkpoint pins the whole log up to a position (``wf_events.id``): every
event up to it, chained in log order.  On PostgreSQL a position comes from a
sequence, handed out before the inserting transaction commits; the checkpoint
waits for every transaction that was running when it read the highest
position.  That wait sees only transactions that hold a transaction id, so
the position's default first makes sure its writer has one
(``pg_current_xact_id()``; the engine's writers nearly always have one by then
from the case row's lock).  No hot row: writers on distinct cases take
positions from the sequence as before.  SQLite has one writer at a time: no
change there.

Revision ID: 0010_chain
Revises: 0008_import
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_chain"
down_revision = "0008_import"
branch_labels = None
depends_on = None

POSITION = """
CREATE FUNCTION wf_event_position() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_current_xact_id();  -- the checkpoint's wait sees only writers that hold a transaction id
    RETURN nextval('{sequence}'::regclass);
END
$$
"""


def _sequence() -> str:
    found = op.get_bind().execute(sa.text("SELECT pg_get_serial_sequence('wf_events', 'id')")).scalar()
    return str(found).replace("'", "''")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(POSITION.format(sequence=_sequence()))
    op.execute("ALTER TABLE wf_events ALTER COLUMN id SET DEFAULT wf_event_position()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE wf_events ALTER COLUMN id SET DEFAULT nextval('{_sequence()}'::regclass)")
    op.execute("DROP FUNCTION IF EXISTS wf_event_position()")
