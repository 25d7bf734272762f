"""Schema migrations, the start-up schema check, append-only events, storage errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from click.testing import CliRunner

from cli import main
from workflow import Engine, StorageError, upgrade_database
from workflow.store import migrate, queries
from workflow.store.tables import metadata

from .engine_support import CLERK, database_urls, definitions, make_url, needs_postgres


@pytest.fixture(params=database_urls())
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    yield from make_url(request.param, tmp_path, migrated=False)


def revision(url: str) -> str | None:
    db = sa.create_engine(url)
    with db.connect() as conn:
        found = migrate.current_revision(conn)
    db.dispose()
    return found


def test_schema_revision_is_alembic_head() -> None:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == migrate.SCHEMA_REVISION


def test_migrations_build_exactly_the_code_schema(fresh_url: str) -> None:
    assert upgrade_database(fresh_url) == (None, migrate.SCHEMA_REVISION)
    db = sa.create_engine(fresh_url)
    with db.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    db.dispose()
    assert differences == []


def test_upgrade_twice_is_harmless(fresh_url: str) -> None:
    upgrade_database(fresh_url)
    assert upgrade_database(fresh_url) == (migrate.SCHEMA_REVISION, migrate.SCHEMA_REVISION)


def test_fresh_sqlite_is_migrated_on_first_use(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    with Engine(url, definitions()):
        pass
    assert revision(url) == migrate.SCHEMA_REVISION


@needs_postgres
def test_fresh_postgres_needs_an_explicit_upgrade(pg_url: str) -> None:
    with pytest.raises(StorageError, match="heeft nog geen werkstroomschema; voer eerst `wf db upgrade"):
        Engine(pg_url, definitions())
    with Engine(pg_url, definitions(), upgrade=True) as engine:
        assert engine.start("counter", actor=CLERK, tenant="t").version == 0


def _tamper_revision(url: str, statement: str) -> None:
    db = sa.create_engine(url)
    with db.begin() as conn:
        conn.execute(sa.text(statement))
    db.dispose()


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("UPDATE alembic_version SET version_num = '9999'", "schemarevisie 9999, nieuwer dan deze code"),
        ("UPDATE alembic_version SET version_num = '0001'", "schemarevisie 0001, ouder dan deze code"),
        ("DELETE FROM alembic_version", "schemarevisie geen, ouder dan deze code"),
    ],
)
def test_schema_that_does_not_match_the_code_is_refused(fresh_url: str, statement: str, message: str) -> None:
    upgrade_database(fresh_url)
    _tamper_revision(fresh_url, statement)
    with pytest.raises(StorageError, match=message):
        Engine(fresh_url, definitions())


def test_wf_db_upgrade(fresh_url: str) -> None:
    result = CliRunner().invoke(main, ["--db", fresh_url, "db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "Database gereed" in result.output
    assert revision(fresh_url) == migrate.SCHEMA_REVISION


@pytest.mark.parametrize("statement", ["UPDATE wf_events SET actor_id = 'mallory'", "DELETE FROM wf_events"])
def test_audit_events_are_append_only(fresh_url: str, statement: str) -> None:
    with Engine(fresh_url, definitions(), upgrade=True) as engine:
        case = engine.start("counter", actor=CLERK, tenant="t")
        engine.fire(case.id, "tick", actor=CLERK)
    db = sa.create_engine(fresh_url)
    with pytest.raises(sa.exc.DatabaseError, match="append-only"), db.begin() as conn:
        conn.execute(sa.text(statement))
    with db.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM wf_events WHERE actor_id = 'carla.clerk'")).scalar() == 2
    db.dispose()


@needs_postgres
def test_truncate_of_audit_events_is_refused(pg_url: str) -> None:
    upgrade_database(pg_url)
    db = sa.create_engine(pg_url)
    with pytest.raises(sa.exc.DatabaseError, match="append-only"), db.begin() as conn:
        conn.execute(sa.text("TRUNCATE wf_events CASCADE"))
    db.dispose()


def test_unreachable_database_is_a_storage_error() -> None:
    with pytest.raises(StorageError, match="is niet bereikbaar"):
        Engine("postgresql+psycopg://nobody@127.0.0.1:1/none", definitions(), connect_args={"connect_timeout": 2})


@needs_postgres
def test_connection_dropped_mid_fire_leaves_nothing_half_written(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    real: Callable[..., Any] = queries.insert_event

    def drop_then_insert(conn: sa.Connection, *args: Any, **kwargs: Any) -> Any:
        pid = conn.execute(sa.text("SELECT pg_backend_pid()")).scalar()
        with admin.connect() as other:
            other.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        return real(conn, *args, **kwargs)

    with Engine(pg_url, definitions(), upgrade=True) as engine:
        case = engine.start("counter", actor=CLERK, tenant="t", data={"count": 1})
        before_case, before_log = engine.get(case.id), engine.history(case.id)
        monkeypatch.setattr(queries, "insert_event", drop_then_insert)
        with pytest.raises(StorageError, match="er is niets vastgelegd") as dropped:
            engine.fire(case.id, "set", actor=CLERK, input={"count": 9})
        assert (dropped.value.code, dropped.value.key) == ("storage", "storage.error")
        monkeypatch.undo()
        assert engine.get(case.id) == before_case
        assert engine.history(case.id) == before_log
        assert engine.fire(case.id, "set", actor=CLERK, input={"count": 9}).case.data == {"count": 9}
    admin.dispose()
