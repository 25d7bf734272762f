"""Fixtures for the engine contract suite: one suite, every database URL."""

from __future__ import annotations

import functools
import os
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from workflow import Actor, Definition, Engine, load_definitions, upgrade_database

from .paths import BUNDLED, FIXTURES

COUNTER = FIXTURES / "engine" / "counter.yaml"
DEADLINES = FIXTURES / "engine" / "deadlines.yaml"

CLERK = Actor("carla.clerk", ["clerk"])
REVIEWER = Actor("rob.reviewer", ["reviewer"])
CLIENT = Actor("cees.client", ["client"], tenant="utrecht")
OTHER_CLIENT = Actor("olga.other", ["client"], tenant="zeist")
AUDITOR = Actor("anna.auditor", ["auditor"])


class StepClock:
    """A clock that moves one second each time it is read; tests never sleep."""

    def __init__(self, start: datetime = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)) -> None:
        self.now = start
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            self.now += timedelta(seconds=1)
            return self.now


needs_postgres = pytest.mark.skipif(
    not os.environ.get("WF_TEST_POSTGRES_URL"),
    reason="WF_TEST_POSTGRES_URL is not set; this test needs a PostgreSQL server (see .ci/run)",
)


def database_urls() -> list[object]:
    """SQLite always; PostgreSQL when WF_TEST_POSTGRES_URL is set (skipped with the reason otherwise)."""
    postgres = os.environ.get("WF_TEST_POSTGRES_URL")
    reason = "WF_TEST_POSTGRES_URL is not set; PostgreSQL contract tests need a server (see .ci/run)"
    return [
        pytest.param("sqlite", id="sqlite"),
        pytest.param(
            "postgres", id="postgres", marks=[pytest.mark.postgres, pytest.mark.skipif(not postgres, reason=reason)]
        ),
    ]


def make_url(kind: str, tmp_path: Path, *, migrated: bool = True) -> Iterator[str]:
    """A database URL for one test: a SQLite file, or a PostgreSQL database dropped afterwards.

    ``migrated`` PostgreSQL databases are copies of one template migrated once per
    test session (see :func:`postgres_template`); SQLite files are migrated on first use.
    """
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'engine.db'}"
        return
    base = os.environ["WF_TEST_POSTGRES_URL"]
    yield from postgres_database_url(base, postgres_template(base) if migrated else None)


def _admin(base: str) -> sa.Engine:
    return sa.create_engine(base, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


def _drop(base: str, name: str) -> None:
    admin = _admin(base)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


_DROPPER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wf-test-drop")
"""Drops test databases in the background: a drop costs the server a checkpoint (~1-2 s), which the
next test need not wait for.  :func:`finish_postgres` waits for every drop at the end of the session."""
_DROPS: list[Future[None]] = []

_TEMPLATES: dict[str, str] = {}
"""Per server URL, this test session's migrated template database (see :func:`finish_postgres`)."""


def postgres_template(base: str) -> str:
    """The name of a database migrated to the current schema, created on first use in a test session.

    Unique per session, so several pytest runs on one server never share or drop
    each other's template; ``conftest.py`` drops it when the session ends.
    """
    if base not in _TEMPLATES:
        name = f"wf_template_{uuid.uuid4().hex[:12]}"
        admin = _admin(base)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        admin.dispose()
        try:
            upgrade_database(_database(base, name))
        except BaseException:
            _drop(base, name)
            raise
        _TEMPLATES[base] = name
    return _TEMPLATES[base]


def finish_postgres() -> None:
    """At the end of the session: wait for the test databases' drops, then drop the templates."""
    while _DROPS:
        _DROPS.pop().result()  # a failed drop fails the session rather than leave a database behind
    while _TEMPLATES:
        base, name = _TEMPLATES.popitem()
        _drop(base, name)


def _database(base: str, name: str) -> str:
    return sa.make_url(base).set(database=name).render_as_string(hide_password=False)


def postgres_database_url(base: str, template: str | None = None) -> Iterator[str]:
    """A new database on the server for one test (a copy of ``template`` if given), dropped afterwards."""
    name = f"wf_test_{uuid.uuid4().hex[:12]}"
    admin = _admin(base)
    with admin.connect() as conn:
        copy = f' TEMPLATE "{template}"' if template else ""
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"{copy}')
    admin.dispose()
    try:
        yield _database(base, name)
    finally:
        _DROPS.append(_DROPPER.submit(_drop, base, name))


@functools.cache
def definitions() -> tuple[Definition, ...]:
    """The test definitions and the bundled ones, loaded once per test process."""
    return (
        load_definitions(COUNTER).all_versions()
        + load_definitions(DEADLINES).all_versions()
        + load_definitions(BUNDLED).all_versions()
    )


def open_engine(url: str, clock: StepClock | None = None) -> Engine:
    return Engine(url, definitions(), clock=clock or StepClock(), upgrade=True)
