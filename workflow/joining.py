"""Joining the host's transaction: the listeners, called only for steps that committed.

A service that embeds the engine may take a step inside its own transaction
(``engine.fire(..., connection=conn)``): the engine then neither begins nor
commits, so the step commits or rolls back with the host's own writes.  The
listeners must hear only of steps that committed, and only after the commit:

- a connection from :meth:`Listeners.transaction` (``engine.transaction()``)
  collects its steps and calls the listeners once the block has committed;
  a step undone by a rolled-back savepoint is dropped with it, and a rolled-back
  block calls none;
- a connection the host opened itself is not watched: SQLAlchemy's
  ``Connection`` has no event *after* a commit (its ``commit`` event fires
  before the COMMIT, which may still fail), so the listeners are not called;
  the host acts on the returned result after its own commit.

:func:`check_joinable` refuses a connection to another database, or one with
no transaction begun.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy import event as sa_event

from workflow import store
from workflow._log import get_logger
from workflow.errors import InvalidInput
from workflow.model import AuditEvent, Case

__all__ = ["Listener", "Listeners", "check_joinable"]

Listener = Callable[[Case, AuditEvent], object]
"""Called after a case started or a transition committed; never inside the transaction."""

_log = get_logger()


class _Pending:
    """The steps taken in one host transaction, with the savepoints open around them."""

    def __init__(self) -> None:
        self.steps: list[tuple[Case, AuditEvent]] = []
        self._marks: list[tuple[str | None, int]] = []

    def savepoint(self, _conn: sa.Connection, name: str | None) -> None:
        self._marks.append((name, len(self.steps)))

    def release(self, _conn: sa.Connection, name: str, _context: object) -> None:
        self._pop(name)

    def rollback(self, _conn: sa.Connection, name: str, _context: object) -> None:
        kept = self._pop(name)
        if kept is not None:
            del self.steps[kept:]

    def _pop(self, name: str) -> int | None:
        """The savepoint ended: its mark, and those inside it, dropped; the steps before it counted."""
        # SQLAlchemy names its savepoints only after announcing them (the event sees None); they nest,
        # so an unnamed mark is the innermost one open
        named = [i for i, (mark, _) in enumerate(self._marks) if mark == name]
        index = named[-1] if named else len(self._marks) - 1
        if index < 0:  # pragma: no cover - SQLAlchemy pairs every savepoint with its end
            return None
        kept = self._marks[index][1]
        del self._marks[index:]
        return kept

    @contextmanager
    def watching(self, conn: sa.Connection) -> Iterator[None]:
        hooks: dict[str, Callable[..., None]] = {
            "savepoint": self.savepoint,
            "release_savepoint": self.release,
            "rollback_savepoint": self.rollback,
        }
        for name, hook in hooks.items():
            sa_event.listen(conn, name, hook)
        try:
            yield
        finally:
            for name, hook in hooks.items():
                sa_event.remove(conn, name, hook)


class Listeners:
    """The engine's listeners, and the host transactions whose steps wait for their commit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []
        self._open: dict[sa.Connection, _Pending] = {}

    def add(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def remove(self, listener: Listener) -> None:
        with self._lock, contextlib.suppress(ValueError):  # never added: nothing to remove
            self._listeners.remove(listener)

    def notify(self, case: Case, event: AuditEvent) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(case, event)
            except Exception:  # a listener's failure must not hide a committed transition
                _log.exception("listener failed", case_id=case.id, seq=event.seq, listener=repr(listener))

    def committed(self, connection: sa.Connection | None, case: Case, event: AuditEvent) -> None:
        """A step was written: in the engine's own transaction (now committed), or in the host's."""
        if connection is None:
            self.notify(case, event)
            return
        with self._lock:
            pending = self._open.get(connection)
        if pending is not None:  # a connection the host opened itself is not watched (see the module)
            pending.steps.append((case, event))

    @contextmanager
    def transaction(self, writer: sa.Engine) -> Iterator[sa.Connection]:
        """One write transaction for the host and the engine; the listeners called after it committed."""
        pending = _Pending()
        with store.transaction(writer) as conn, pending.watching(conn):
            with self._lock:
                self._open[conn] = pending
            try:
                yield conn
            finally:
                with self._lock:
                    del self._open[conn]
        for case, event in pending.steps:
            self.notify(case, event)


def _identity(url: sa.URL) -> tuple[str, str | None, int | None, str | None]:
    database = url.database
    if url.get_backend_name() == "sqlite" and database and database != ":memory:" and not database.startswith("file:"):
        database = os.path.realpath(database)
    return url.get_backend_name(), url.host, url.port, database


def check_joinable(db: sa.Engine, connection: sa.Connection) -> None:
    """Refuse a host connection to another database, or one outside a transaction."""
    if not isinstance(connection, sa.Connection):
        raise InvalidInput.said("input.connection_type", kind=type(connection).__name__)
    theirs, ours = connection.engine.url, db.url
    if _identity(theirs) != _identity(ours):
        theirs_shown, ours_shown = (
            theirs.render_as_string(hide_password=True),
            ours.render_as_string(hide_password=True),
        )
        raise InvalidInput.said("input.connection_other", theirs=repr(theirs_shown), ours=repr(ours_shown))
    if connection.closed or not connection.in_transaction():
        raise InvalidInput.said("input.connection_idle")
