"""A SQLite database read through the standard library's ``sqlite3``, without SQLAlchemy.

A command that only reads one case (``wf case show``) lives a few hundred
milliseconds, and importing SQLAlchemy is the larger part of that.  On a
SQLite file it reads through :class:`Plain` instead: the same pre-rendered
statements (:mod:`workflow.store.reads`), opened by the rules of a read-only
engine (:func:`workflow.store.connect` with ``read_only=True``): the file
must exist; it is opened ``mode=ro`` (``immutable=1`` where its write-ahead
index cannot be made, refused while a write-ahead log waits); busy timeout
and foreign keys as the engine sets them; the schema revision checked as
:func:`workflow.store.migrate.check` does; every driver error a
:class:`StorageError` that says what to do.

Only a plain file URL is read here (:func:`sqlite_file`); anything else
(``:memory:``, ``file:`` URIs, query options, other databases) goes through
the engine.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from workflow.errors import StorageError, say

__all__ = [
    "BUSY_TIMEOUT_MS",
    "SCHEMA_REVISION",
    "Plain",
    "check_revision",
    "open_read_only",
    "read_only_uri",
    "reason",
    "sqlite_file",
    "transaction",
    "unreachable",
]

SCHEMA_REVISION = "0009_listing"
"""The newest migration; a test checks it is Alembic's head (also :data:`workflow.store.migrate.SCHEMA_REVISION`)."""

BUSY_TIMEOUT_MS = 30_000
"""How long a statement waits for another connection's lock before it fails (SQLite's busy timeout)."""

_PLAIN_URL = re.compile(r"sqlite(?:\+pysqlite)?:///(?P<path>[\w/.~+ -]+)", re.ASCII)
"""A SQLite file URL whose path SQLAlchemy reads and shows exactly as written (no quoting, no options)."""


class Plain:
    """An open ``sqlite3`` connection that :mod:`workflow.store.direct` runs statements on (``plain``).

    One transaction at a time (``lock``): threads sharing a reader take turns.
    """

    __slots__ = ("closed", "lock", "plain", "where")

    def __init__(self, connection: sqlite3.Connection, where: str) -> None:
        self.plain = connection
        self.where = where
        self.lock = threading.Lock()
        self.closed = False

    def close(self) -> None:
        self.closed = True
        self.plain.close()


def sqlite_file(url: str) -> Path | None:
    """The file of a plain SQLite URL (``sqlite:///PATH`` with letters, digits, ``/._~+-`` and spaces: as
    SQLAlchemy reads it); None for anything else (quoted characters, options, ``:memory:``, ``file:``)."""
    found = _PLAIN_URL.fullmatch(url) if isinstance(url, str) else None
    return None if found is None else Path(found["path"])


def read_only_uri(path: Path) -> str:
    """The ``file:`` URI that opens ``path`` read-only (``immutable=1`` where ``-shm`` cannot be made)."""
    try:
        return _read_only_uri(path)
    except OSError as exc:  # a name the file system refuses (too long, ...), a folder it may not look into
        raise StorageError.said("storage.unreachable", where=str(path), reason=reason(exc)) from exc


def _read_only_uri(path: Path) -> str:
    if not path.is_file():
        raise StorageError.said(
            "storage.no_database", path=repr(str(path)), flag="--read-only", commands="wf db upgrade, wf case start"
        )
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    shm, wal = Path(f"{path}-shm"), Path(f"{path}-wal")
    if shm.exists() or os.access(path.parent, os.W_OK):
        return uri
    if wal.exists() and wal.stat().st_size > 0:
        raise StorageError.said("storage.wal_unreadable", path=repr(str(path)), wal=wal.name, file=str(path))
    return f"{uri}&immutable=1"  # nothing outside the file: immutable reads it as it is, without locks


def configure(connection: sqlite3.Connection) -> None:
    """The settings of every read-only connection (the engine's and :class:`Plain`'s): we begin ourselves."""
    connection.isolation_level = None
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")


def open_read_only(url: str, path: Path) -> Plain:
    """``path`` (the file of ``url``) opened read-only, its schema checked; :class:`StorageError` if it cannot be."""
    uri = read_only_uri(path)
    try:
        connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
    except sqlite3.Error as exc:
        raise unreachable(url, exc) from exc
    try:
        configure(connection)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        found = None
        if "alembic_version" in tables:
            found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        connection.close()
        raise unreachable(url, exc) from exc
    revision = None if found is None else found[0]
    try:
        check_revision(revision, {t for t in tables if not t.startswith("sqlite_")}, where=url, file=True)
    except StorageError:
        connection.close()
        raise
    return Plain(connection, url)


def unreachable(where: str, exc: BaseException) -> StorageError:
    """The error of a database that cannot be opened: a file that is not SQLite's named as such."""
    said = reason(exc)
    if said == "file is not a database":  # SQLite's words for a file of another kind
        return StorageError.said("storage.not_database", where=where)
    return StorageError.said("storage.unreachable", where=where, reason=said)


def check_revision(revision: str | None, tables: set[str], *, where: str, file: bool) -> None:
    """Refuse a schema the code does not match (``tables``: the database's tables; ``file``: a SQLite file).

    A SQLite file with tables but none of ours is another program's database: never invite migrating it.
    A server database may hold other applications' tables beside ours: there ``wf db upgrade`` is the answer.
    """
    if revision == SCHEMA_REVISION:
        return
    if revision is None and "wf_cases" not in tables:
        key = "storage.foreign" if file and tables else "storage.no_schema"
        raise StorageError.said(key, where=where)
    if revision is not None and revision > SCHEMA_REVISION:
        raise StorageError.said("storage.newer", where=where, revision=revision, expected=SCHEMA_REVISION)
    found = revision or say("error.none")
    raise StorageError.said("storage.older", where=where, revision=found, expected=SCHEMA_REVISION)


@contextmanager
def transaction(plain: Plain) -> Iterator[Plain]:
    """One read transaction on ``plain`` (one snapshot of the file); a driver error a :class:`StorageError`."""
    try:
        with plain.lock:
            plain.plain.execute("BEGIN")
            try:
                yield plain
            finally:
                plain.plain.execute("ROLLBACK")  # read-only: nothing to commit
    except sqlite3.Error as exc:
        outcome = say("storage.outcome.none")
        raise StorageError.said("storage.error", reason=reason(exc), outcome=outcome) from exc


def reason(exc: BaseException) -> str:
    """What the database driver said, without SQLAlchemy's statement echo and "Background on this error" link."""
    cause = getattr(exc, "orig", None) or exc
    text = str(cause).split("(Background on this error", 1)[0].strip()
    return text.splitlines()[0] if text else type(cause).__name__
