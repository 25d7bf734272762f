"""The pre-rendered statements run straight on the driver's connection under a SQLAlchemy connection.

Every step runs the same handful of statements (lock the case, insert its
event, update its row, count the fire in the history aggregates, insert the
outbox message, look at and move its timers), and every question about a
case reads the case, its history aggregates and the definitions.  Through
SQLAlchemy Core each costs more Python than the database's own work
(compiled-cache look-up, parameter processing, events, result objects), so
they are rendered once per dialect (:mod:`workflow.store.statements`, where
the one list of them is) and run here on the DBAPI connection underneath
the caller's :class:`sqlalchemy.Connection` — in its transaction, the
host's included.  SQLAlchemy stays for the schema, migrations and the other
reads.

Values are converted per column type exactly as the SQLAlchemy types would
(moments, JSON as text or JSONB, booleans), and driver errors are raised as
SQLAlchemy's, so callers translate them as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from workflow.store.statements import STATEMENTS, Rendered, Row, rendered, rows

__all__ = ["STATEMENTS", "Row", "execute", "insert", "select"]


def _run(conn: sa.Connection, name: str, values: Mapping[str, Any], extra: str = "") -> tuple[Rendered, Any]:
    dialect = conn.dialect
    statement = rendered(dialect.name, name, extra)
    params = dict(values)
    try:
        for key, convert in statement.binds:
            params[key] = convert(params[key])
    except (ValueError, TypeError) as exc:
        raise sa.exc.StatementError(str(exc), statement.sql, params, exc) from exc
    # the DBAPI connection itself (sqlite3, psycopg: the driver's own; one attribute, not the pool's properties)
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(statement.sql, params)  # any DBAPI driver: sqlite3, psycopg 3 (or 2: pyformat too)
        return statement, cursor
    except dialect.loaded_dbapi.Error as exc:
        error = sa.exc.DBAPIError.instance(statement.sql, params, exc, dialect.loaded_dbapi.Error, dialect=dialect)
        raise error from exc


def execute(conn: sa.Connection, name: str, values: Mapping[str, Any]) -> int:
    """Run an UPDATE (or INSERT) of :data:`STATEMENTS`; returns the number of rows it changed."""
    return int(_run(conn, name, values)[1].rowcount)


def insert(conn: sa.Connection, name: str, row: Mapping[str, Any]) -> int | None:
    """Run an INSERT of :data:`STATEMENTS` with ``row`` (every column but the generated); returns the new id."""
    statement, cursor = _run(conn, name, row)
    if statement.returning:
        return int(cursor.fetchone()[0])
    return getattr(cursor, "lastrowid", None)  # SQLite's new rowid; PostgreSQL: a table without an id


def select(conn: sa.Connection, name: str, values: Mapping[str, Any], statuses: tuple[str, ...] = ()) -> list[Row]:
    """Run a SELECT of :data:`STATEMENTS`; ``statuses`` are the values of its ``IN`` list (one parameter each)."""
    extra = ", ".join(f":status_{i}" for i in range(len(statuses)))
    if statuses:
        values = {**values, **{f"status_{i}": status for i, status in enumerate(statuses)}}
    statement, cursor = _run(conn, name, values, extra)
    return rows(statement, cursor.fetchall())
