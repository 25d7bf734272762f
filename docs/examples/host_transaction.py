"""Joining the host's transaction: a service stores a document and fires a step, together or not at all.

Run it: ``python docs/examples/host_transaction.py [DATABASE_URL]`` (default: a
SQLite file in a temporary folder).  Tested by ``tests/test_joining.py``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import sqlalchemy as sa

from workflow import Actor, Case, Engine, FireResult

host = sa.MetaData()
documents = sa.Table(  # the service's own table, in the engine's database
    "documents",
    host,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.String(36), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
)

CLIENT = Actor("a.jansen", ("ambtelijk_opdrachtgever",), tenant="utrecht")
ACCOUNT_MANAGER = Actor("p.bakker", ("accountmanager",))


def receive(engine: Engine, case_id: str, name: str) -> FireResult:
    """The handler: store the document and confirm receipt in one transaction."""
    with engine.transaction() as conn:
        conn.execute(documents.insert().values(case_id=case_id, name=name))
        return engine.fire(case_id, "confirm_receipt", actor=ACCOUNT_MANAGER, connection=conn)
    # committed here; the engine's listeners have now been called


def main(url: str) -> tuple[Case, list[str]]:
    """Start a case, fail once while receiving, then receive; returns the case and what the listener heard."""
    heard: list[str] = []
    with Engine(url, upgrade=True) as engine:
        with engine.transaction() as conn:  # the host's own schema, in the same database
            host.create_all(conn)
        engine.add_listener(lambda case, event: heard.append(f"{event.seq} {event.kind} {event.transition}"))
        case = engine.start("assignment", actor=CLIENT, tenant="utrecht", data={"received_on": "2026-11-20"})
        try:
            with engine.transaction() as conn:
                conn.execute(documents.insert().values(case_id=case.id, name="vraag.pdf"))
                engine.fire(case.id, "confirm_receipt", actor=ACCOUNT_MANAGER, connection=conn)
                raise OSError("the document store is full")  # the host fails after the step ...
        except OSError:
            pass  # ... and its rollback took the step with it: no event, no outbox message, no listener call
        result = receive(engine, case.id, "vraag.pdf")
        return result.case, heard


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        database = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{Path(folder) / 'host.db'}"
        case, heard = main(database)
        print(f"case {case.id} is {case.state} (version {case.version}); listeners heard: {heard}")
