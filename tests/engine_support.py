"""Fixtures for the engine contract suite: one suite, every database URL."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from workflow import Actor, Engine, load_definitions

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


def make_url(kind: str, tmp_path: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'engine.db'}"
        return
    yield from postgres_schema_url(os.environ["WF_TEST_POSTGRES_URL"])


def postgres_schema_url(base: str) -> Iterator[str]:
    """A fresh database on the server for one test, dropped afterwards."""
    import sqlalchemy as sa

    name = f"wf_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


DEFINITIONS = None


def definitions():  # type: ignore[no-untyped-def]
    global DEFINITIONS
    if DEFINITIONS is None:
        DEFINITIONS = (
            load_definitions(COUNTER).all_versions()
            + load_definitions(DEADLINES).all_versions()
            + load_definitions(BUNDLED).all_versions()
        )
    return DEFINITIONS


def open_engine(url: str, clock: StepClock | None = None) -> Engine:
    return Engine(url, definitions(), clock=clock or StepClock(), upgrade=True)
