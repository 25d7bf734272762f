"""Opening the database: SQLite settings for the embedded default, schema creation.

SQLite (the embedded default) runs in WAL mode with a busy timeout; write
transactions start with ``BEGIN IMMEDIATE`` so two writers never both read a
case and then race to write it; ``synchronous=FULL`` makes every commit
durable (a committed transition survives power loss).  ``durable=False``
uses ``synchronous=NORMAL``: faster, still consistent, but the last
transactions before a power cut may be lost.

``read_only=True`` (review of a copy, an auditor's read-only file): SQLite is
opened with ``mode=ro``, so nothing can be written; where its write-ahead
index (``-shm``) cannot be created — a read-only folder or file system — with
``immutable=1`` too, which SQLite allows only when no write-ahead log
(``-wal``) holds transactions not yet in the file (otherwise they would be
missed: refused with what to do).  PostgreSQL sessions are made
``default_transaction_read_only``.
"""

from __future__ import annotations

import sqlite3
import threading
import warnings
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy import event

from workflow.errors import ConflictError, StorageError, say
from workflow.store.plain import BUSY_TIMEOUT_MS, read_only_uri, reason
from workflow.store.statements import json_text

__all__ = ["WRITE", "Writer", "connect", "json_text", "reason", "transaction", "translated"]

WRITE = {"wf_write": True}
"""Execution options of a write transaction (``BEGIN IMMEDIATE`` on SQLite)."""


def _sqlite_file(url: sa.URL) -> Path | None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _setup_sqlite(engine: sa.Engine, durable: bool, read_only: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (see on_begin)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not read_only:  # a read-only connection keeps the file's journal mode as it is
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: sa.Connection) -> None:
        write = connection.get_execution_options().get("wf_write", False)
        # straight to the driver: this runs on every transaction, the fire path included
        raw = connection.connection.driver_connection
        statement = "BEGIN IMMEDIATE" if write else "BEGIN"
        if raw is not None and raw.in_transaction:  # begun on the driver already (Writer.transaction)
            return
        if raw is None:  # pragma: no cover - a pooled sqlite3 connection is always there
            connection.exec_driver_sql(statement)
        else:
            raw.execute(statement)


_JSON: dict[str, Any] = {"json_serializer": json_text, "json_deserializer": orjson.loads}
"""JSON columns through orjson: several times faster than the standard library on the fire path."""


def _connect_sqlite(parsed: sa.URL, durable: bool, read_only: bool, engine_options: dict[str, Any]) -> sa.Engine:
    path = _sqlite_file(parsed)
    if read_only and (not parsed.database or parsed.database == ":memory:" or parsed.database.startswith("file:")):
        # a file: URI: sqlite3 would make the file it names; in memory: an empty database, nothing to read
        raise StorageError.said("storage.read_only_uri", url=parsed.render_as_string(hide_password=True))
    if read_only and path is not None:
        uri = read_only_uri(path)

        def opened() -> sqlite3.Connection:  # pooled connections move between threads, as SQLAlchemy's own do
            return sqlite3.connect(uri, uri=True, check_same_thread=False)

        engine = _created(parsed, engine_options, creator=opened)
    else:
        try:
            missing = path is not None and not path.parent.exists()
        except OSError as exc:  # a name the file system refuses (too long, ...)
            raise StorageError.said("storage.unreachable", where=str(path), reason=reason(exc)) from exc
        if missing:
            raise StorageError.said("storage.folder", folder=str(path.parent))  # type: ignore[union-attr]
        engine = _created(parsed, engine_options)
    _setup_sqlite(engine, durable, read_only)
    return engine


def _created(parsed: sa.URL, engine_options: dict[str, Any], **more: Any) -> sa.Engine:
    """A SQLite engine; URL options the driver would ignore (SQLAlchemy only warns) are refused."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", sa.exc.SAWarning)
        try:
            return sa.create_engine(parsed, **_JSON, **engine_options, **more)
        except sa.exc.SAWarning as exc:
            options = ", ".join(sorted(parsed.query)) or str(exc)
            raise StorageError.said(
                "storage.url_options", options=options, flag="--read-only", option="read_only=True"
            ) from None


def connect(url: str, *, durable: bool = True, read_only: bool = False, **engine_options: Any) -> sa.Engine:
    """A SQLAlchemy engine for ``url`` with the project's settings per dialect (``read_only``: see the module)."""
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as exc:  # SQLAlchemy's text names its own parser: ours says what to give
        raise StorageError.said("storage.url", url=url) from exc
    if parsed.get_backend_name() == "sqlite":
        return _connect_sqlite(parsed, durable, read_only, engine_options)
    if read_only:
        options = engine_options.setdefault("connect_args", {})
        options["options"] = f"{options.get('options', '')} -c default_transaction_read_only=on".strip()
    try:
        # no pool_pre_ping by default: it costs a round trip on every transaction; a connection the
        # server dropped fails that one transaction (StorageError, nothing written) and is replaced
        return sa.create_engine(parsed, **_JSON, **engine_options)
    except sa.exc.NoSuchModuleError as exc:  # no such dialect: SQLAlchemy's "Can't load plugin" says nothing to do
        raise StorageError.said("storage.kind", driver=parsed.drivername) from exc
    except ImportError as exc:  # a known database without its driver installed: the module's name helps
        raise StorageError.said("storage.driver", driver=parsed.drivername, reason=exc) from exc


@contextmanager
def transaction(db: sa.Engine) -> Iterator[sa.Connection]:
    """One transaction on ``db``, committed when the block ends; database errors become workflow errors.

    For a write, pass ``db.execution_options(**WRITE)`` (made once and kept).
    A unique-constraint race is a :class:`ConflictError` (retry), anything
    else a :class:`StorageError`; either way nothing was written.
    """
    with translated():
        connection = db.connect()
        with connection, connection.begin():
            yield connection


class translated:  # noqa: N801 - used as a function: ``with translated():``
    """Database errors as workflow errors: a unique-key race :class:`ConflictError`, else :class:`StorageError`.

    ``hosted``: the statements run in the host's transaction, which the host must now roll back.
    A class, not a generator: every write step enters one.
    """

    __slots__ = ("_hosted",)

    def __init__(self, *, hosted: bool = False) -> None:
        self._hosted = hosted

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, _tb: object) -> None:
        if exc is None or not isinstance(exc, sa.exc.SQLAlchemyError | sqlite3.Error):
            return  # sqlite3's own errors too: BEGIN IMMEDIATE runs on the driver
        outcome = say("storage.outcome.hosted" if self._hosted else "storage.outcome.none")
        if isinstance(exc, sa.exc.IntegrityError):
            raise ConflictError.said("conflict.concurrent", reason=reason(exc), outcome=outcome) from exc
        raise StorageError.said("storage.error", reason=reason(exc), outcome=outcome) from exc


class Writer:
    """The engine's own write transactions, each thread on a connection it keeps.

    Instead of checking a connection out of the pool for every step, each
    thread keeps one and begins and ends its transactions on the driver
    (``BEGIN IMMEDIATE`` on SQLite; psycopg begins by itself), below
    SQLAlchemy's own transaction bookkeeping.  A kept connection the server
    dropped fails that one transaction (nothing written) and is replaced.
    A nested write transaction on the same thread takes one from the pool.
    :meth:`close` closes every kept connection.
    """

    def __init__(self, db: sa.Engine) -> None:
        self._writer = db.execution_options(**WRITE)
        self._keep = db.dialect.name in ("sqlite", "postgresql")
        self._local = threading.local()
        self._kept: weakref.WeakSet[_Kept] = weakref.WeakSet()
        self._lock = threading.Lock()

    def _connection(self) -> sa.Connection:
        """This thread's kept connection, (re)opened when missing or broken."""
        kept: _Kept | None = getattr(self._local, "kept", None)
        conn = None if kept is None else kept.conn
        if conn is None or conn.closed or conn.invalidated or _broken(conn.connection.driver_connection):
            if conn is not None and not conn.closed:
                conn.invalidate()
            kept = _Kept(self._writer.connect())
            self._local.kept = kept
            with self._lock:
                self._kept.add(kept)
            conn = kept.conn
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sa.Connection]:
        """One write transaction (``BEGIN IMMEDIATE`` on SQLite), committed at the block's end (:func:`transaction`)."""
        if not self._keep or getattr(self._local, "busy", False):
            with transaction(self._writer) as conn:
                yield conn
            return
        self._local.busy = True
        try:
            with translated():
                kept = self._connection()
                with _on_driver(kept):
                    yield kept
        finally:
            self._local.busy = False

    def close(self) -> None:
        with self._lock:
            kept, self._kept = list(self._kept), weakref.WeakSet()
        for each in kept:
            each.conn.close()


class _Kept:
    """A thread's kept connection: back to the pool when the thread ends (its locals are dropped)."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def __del__(self) -> None:
        with suppress(Exception):  # at a thread's end or at exit there is no one to tell
            self.conn.close()


def _broken(raw: Any) -> bool:
    """The driver's connection is closed or broken (psycopg; sqlite3 connections never are)."""
    return bool(getattr(raw, "closed", False) or getattr(raw, "broken", False))


@contextmanager
def _on_driver(conn: sa.Connection) -> Iterator[None]:
    """A write transaction begun and ended on the driver, below SQLAlchemy's own bookkeeping.

    A statement run through SQLAlchemy inside it makes SQLAlchemy begin too
    (``on_begin`` then sends nothing on SQLite; psycopg has begun already):
    that transaction is then ended through SQLAlchemy.
    """
    raw: Any = conn.connection.driver_connection
    failure = conn.dialect.loaded_dbapi.Error
    if conn.dialect.name == "sqlite":
        try:
            raw.execute("BEGIN IMMEDIATE")
        except failure as exc:
            raise sa.exc.DBAPIError.instance("BEGIN IMMEDIATE", None, exc, failure) from exc
    try:
        yield
    except BaseException:
        _roll_back(conn, raw)
        raise
    if conn.in_transaction():
        conn.commit()
        return
    try:
        raw.commit()
    except failure as exc:
        _roll_back(conn, raw)
        raise sa.exc.DBAPIError.instance("COMMIT", None, exc, failure) from exc


def _roll_back(conn: sa.Connection, raw: Any) -> None:
    """End a failed transaction; a connection the server dropped is given up (the next step opens another)."""
    try:
        if conn.in_transaction():
            conn.rollback()
        else:
            raw.rollback()
    except Exception:  # the step's own error is what the caller sees
        conn.invalidate()
        return
    if _broken(raw):
        conn.invalidate()
