"""The schema's version: Alembic migrations shipped in the package, and the check at start.

A fresh SQLite file is migrated on first use; any other database is migrated
explicitly (``wf db upgrade`` / :func:`upgrade`), and an engine refuses to run
on a schema older or newer than the code.  Alembic is imported only to
migrate; the start-up check reads ``alembic_version`` directly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa

from workflow.errors import StorageError
from workflow.store.database import WRITE, connect, reason
from workflow.store.plain import SCHEMA_REVISION, check_revision, unreachable

__all__ = ["MIGRATIONS", "SCHEMA_REVISION", "check", "current_revision", "upgrade", "upgrade_database"]


MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_ADVISORY_LOCK = 0x77666C6F  # "wflo": one migrator at a time on PostgreSQL


def _where(engine: sa.Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def current_revision(conn: sa.Connection) -> str | None:
    """The schema revision of the database, or None when it has none."""
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def _alembic_config(conn: sa.Connection) -> object:
    from alembic.config import Config  # deferred: only migrating needs Alembic

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    return config


def upgrade(engine: sa.Engine) -> tuple[str | None, str]:
    """Bring the schema to the newest revision; returns (before, after)."""
    from alembic import command

    try:
        with engine.connect().execution_options(**WRITE) as conn, conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK})
            before = current_revision(conn)
            command.upgrade(_alembic_config(conn), "head")  # type: ignore[arg-type]
            return before, current_revision(conn) or ""
    except sa.exc.SQLAlchemyError as exc:
        raise StorageError.said("storage.migrate", where=_where(engine), reason=reason(exc)) from exc


def check(engine: sa.Engine, *, upgrade_schema: bool | None) -> None:
    """Refuse a schema the code does not match; migrate when allowed.

    ``upgrade_schema``: True migrates whatever is older; None (the default)
    migrates only a brand-new SQLite database; False never migrates.
    """
    try:
        with engine.connect() as conn:
            revision = current_revision(conn)
            tables = set() if revision is not None else set(sa.inspect(conn).get_table_names())
            fresh = revision is None and not tables
    except sa.exc.SQLAlchemyError as exc:
        raise unreachable(_where(engine), exc) from exc
    if revision == SCHEMA_REVISION:
        return
    if upgrade_schema or (upgrade_schema is None and fresh and engine.dialect.name == "sqlite"):
        upgrade(engine)
        return
    check_revision(revision, tables, where=_where(engine), file=engine.dialect.name == "sqlite")


def upgrade_database(url: str, **engine_options: Any) -> tuple[str | None, str]:
    """Migrate the database at ``url`` to the code's schema; returns (revision before, after)."""
    db = connect(url, **engine_options)
    try:
        return upgrade(db)
    finally:
        db.dispose()
