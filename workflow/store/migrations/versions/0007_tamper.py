"""Tamper evidence: hashed JSON kept as canonical text; a case row changes only with the event that explains it.

PostgreSQL's JSONB normalises numbers (``1e16`` comes back an integer,
``-0.0`` as ``0``), so what was hashed would not be what is read: case data,
event inputs, diffs and blockers become text (SQLite always kept them as
text).  A trigger refuses an UPDATE of ``wf_cases`` that changes its state,
data, version or flags unless ``event_count`` moves on by one and
``head_hash`` is the hash of that new event, already written.

Revision ID: 0007_tamper
Revises: 0006_history
Create Date: 2026-11-27
"""

from __future__ import annotations

from alembic import op

revision = "0007_tamper"
down_revision = "0006_history"
branch_labels = None
depends_on = None

TEXT_COLUMNS = [("wf_cases", "data"), ("wf_events", "input"), ("wf_events", "data_diff"), ("wf_events", "blockers")]

POSTGRES_CASE_GUARD = [
    """
    CREATE FUNCTION wf_cases_follow_events() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF (NEW.state, NEW.data, NEW.version, NEW.flags::text, NEW.event_count, NEW.head_hash)
           IS NOT DISTINCT FROM (OLD.state, OLD.data, OLD.version, OLD.flags::text, OLD.event_count, OLD.head_hash) THEN
            RETURN NEW;
        END IF;
        IF NEW.id <> OLD.id OR NEW.event_count <> OLD.event_count + 1 OR NOT EXISTS (
            SELECT 1 FROM wf_events e WHERE e.case_id = NEW.id AND e.seq = NEW.event_count AND e.hash = NEW.head_hash
        ) THEN
            RAISE EXCEPTION 'wf_cases follows wf_events: an UPDATE without the event that explains it is refused'
                USING HINT = 'a case changes only by appending its next audit event first';
        END IF;
        RETURN NEW;
    END
    $$
    """,
    """CREATE TRIGGER wf_cases_follow_events BEFORE UPDATE ON wf_cases
       FOR EACH ROW EXECUTE FUNCTION wf_cases_follow_events()""",
]
SQLITE_CASE_GUARD = [
    """CREATE TRIGGER wf_cases_follow_events BEFORE UPDATE ON wf_cases
       WHEN NOT (NEW.state IS OLD.state AND NEW.data IS OLD.data AND NEW.version IS OLD.version
                 AND NEW.flags IS OLD.flags AND NEW.event_count IS OLD.event_count
                 AND NEW.head_hash IS OLD.head_hash)
            AND (NEW.id IS NOT OLD.id OR NEW.event_count IS NOT OLD.event_count + 1 OR NOT EXISTS (
                 SELECT 1 FROM wf_events e
                 WHERE e.case_id = NEW.id AND e.seq = NEW.event_count AND e.hash = NEW.head_hash))
       BEGIN SELECT RAISE(ABORT, 'wf_cases follows wf_events: an UPDATE without the event that explains it is refused');
       END""",
]


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        for table, column in TEXT_COLUMNS:
            op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE text USING {column}::text")
    for statement in POSTGRES_CASE_GUARD if postgres else SQLITE_CASE_GUARD:
        op.execute(statement)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.execute("DROP TRIGGER IF EXISTS wf_cases_follow_events" + (" ON wf_cases" if postgres else ""))
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS wf_cases_follow_events()")
        for table, column in TEXT_COLUMNS:
            op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE jsonb USING {column}::jsonb")
