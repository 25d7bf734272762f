"""The pre-rendered statements run straight on the driver's connection.

Every step runs the same handful of statements (lock the case, insert its
event, update its row, count the fire in the history aggregates, insert the
outbox message, look at and move its timers), and every question about a
case reads the case, its history aggregates and the definitions.  Through
SQLAlchemy Core each costs more Python than the database's own work
(compiled-cache look-up, parameter processing, events, result objects), so
they are rendered once per dialect (:mod:`workflow.store.statements`, where
the one list of them is) and run here on the DBAPI connection underneath
the caller's :class:`sqlalchemy.Connection` — in its transaction, the
host's included — or on a plain ``sqlite3`` connection
(:class:`workflow.store.plain.Plain`: the SQLite reader, which imports no
SQLAlchemy; nor does this module until a SQLAlchemy connection's statement
fails).  SQLAlchemy stays for the schema, migrations and the other reads.

Values are converted per column type exactly as the SQLAlchemy types would
(moments, JSON as text or JSONB, booleans).  Under a SQLAlchemy connection
driver errors are raised as SQLAlchemy's, so callers translate them as
before; on a :class:`Plain` connection as the driver's own
(:class:`sqlite3.Error`), which its transaction translates.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Union

from workflow.store.plain import Plain
from workflow.store.statements import STATEMENTS, Rendered, Row, rendered, rows

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["STATEMENTS", "Connection", "Row", "execute", "insert", "select"]

Connection = Union["sa.Connection", "Plain"]
"""What a statement runs on: a SQLAlchemy connection (in its transaction), or the SQLite reader's."""


def _run(conn: Connection, name: str, values: Mapping[str, Any], extra: str = "") -> tuple[Rendered, Any]:
    plain = conn.plain if type(conn) is Plain else None  # the SQLite reader's sqlite3 connection, else SQLAlchemy's
    dialect = None if plain is not None else conn.dialect  # type: ignore[union-attr]
    statement = rendered("sqlite" if dialect is None else dialect.name, name, extra)
    params = dict(values)
    try:
        for key, convert in statement.binds:
            params[key] = convert(params[key])
    except (ValueError, TypeError) as exc:
        if dialect is None:
            raise
        import sqlalchemy as sa  # already imported: the connection is SQLAlchemy's

        raise sa.exc.StatementError(str(exc), statement.sql, params, exc) from exc
    if plain is not None:
        return statement, plain.execute(statement.sql, params)  # sqlite3's errors as they are
    # the DBAPI connection itself (sqlite3, psycopg: the driver's own; one attribute, not the pool's properties)
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(statement.sql, params)  # any DBAPI driver: sqlite3, psycopg 3 (or 2: pyformat too)
        return statement, cursor
    except dialect.loaded_dbapi.Error as exc:  # type: ignore[union-attr]
        import sqlalchemy as sa

        error = sa.exc.DBAPIError.instance(statement.sql, params, exc, dialect.loaded_dbapi.Error, dialect=dialect)  # type: ignore[union-attr]
        raise error from exc


def execute(conn: Connection, name: str, values: Mapping[str, Any]) -> int:
    """Run an UPDATE (or INSERT) of :data:`STATEMENTS`; returns the number of rows it changed."""
    return int(_run(conn, name, values)[1].rowcount)


def insert(conn: Connection, name: str, row: Mapping[str, Any]) -> int | None:
    """Run an INSERT of :data:`STATEMENTS` with ``row`` (every column but the generated); returns the new id."""
    statement, cursor = _run(conn, name, row)
    if statement.returning:
        return int(cursor.fetchone()[0])
    return getattr(cursor, "lastrowid", None)  # SQLite's new rowid; PostgreSQL: a table without an id


def select(conn: Connection, name: str, values: Mapping[str, Any], statuses: tuple[str, ...] = ()) -> list[Row]:
    """Run a SELECT of :data:`STATEMENTS`; ``statuses`` are the values of its ``IN`` list (one parameter each)."""
    extra = ", ".join(f":status_{i}" for i in range(len(statuses)))
    if statuses:
        values = {**values, **{f"status_{i}": status for i, status in enumerate(statuses)}}
    statement, cursor = _run(conn, name, values, extra)
    return rows(statement, cursor.fetchall())
