"""The embedded SQLite default: WAL, busy timeout, durable commits, write lock up front."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from workflow import Engine, StorageError
from workflow.store import WRITE

from .engine_support import CLERK, definitions


def test_pragmas(tmp_path: Path) -> None:
    with Engine(f"sqlite:///{tmp_path / 'a.db'}", definitions()) as engine, engine._db.connect() as conn:
        values = {
            p: conn.exec_driver_sql(f"PRAGMA {p}").scalar()
            for p in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")
        }
    assert values == {"journal_mode": "wal", "synchronous": 2, "busy_timeout": 30_000, "foreign_keys": 1}


def test_non_durable_mode_is_synchronous_normal(tmp_path: Path) -> None:
    engine = Engine(f"sqlite:///{tmp_path / 'a.db'}", definitions(), durable=False)
    with engine, engine._db.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1


def test_write_transactions_take_the_lock_up_front(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    with Engine(f"sqlite:///{path}", definitions()) as engine:
        engine.start("counter", actor=CLERK, tenant="t")
        with engine._db.connect().execution_options(**WRITE) as conn, conn.begin():
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            assert other.execute("SELECT COUNT(*) FROM wf_cases").fetchone() == (1,)  # readers still read
            other.close()


def test_missing_folder_is_a_clear_storage_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="bestaat niet; maak haar eerst aan"):
        Engine(f"sqlite:///{tmp_path / 'no' / 'such' / 'a.db'}", definitions())


def test_bad_url_is_a_storage_error() -> None:
    with pytest.raises(StorageError, match="is niet te lezen"):
        Engine("not a url", definitions())


def test_unknown_driver_is_a_storage_error() -> None:
    with pytest.raises(StorageError, match="onbekende soort database 'nosuchdb'"):
        Engine("nosuchdb://x/y", definitions())
