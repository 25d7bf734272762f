"""The SQLite reader: the engine's questions about one case, on ``sqlite3``, without SQLAlchemy.

``wf case show`` and ``wf case history`` start, ask a few questions about
one case and end.  Importing SQLAlchemy is most of such a process's
life, so on a plain SQLite file URL (:func:`workflow.store.plain.sqlite_file`)
they read through :class:`Reader` instead of :class:`workflow.Engine`.
It is the engine's own code for these questions
(:class:`workflow.case_reads.CaseQuestions`: ``get``, ``available``,
``explain``, ``timers``, ``history``, ``state_at``, ``definition_of``) over
the same pre-rendered statements (:mod:`workflow.store.reads`), opened by
the rules of a read-only engine (:mod:`workflow.store.plain`): same
answers, same refusals, same errors.  It writes nothing, ever (the file is
opened ``mode=ro``); like a read-only engine it records no refused probes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import date, datetime
from types import TracebackType

from workflow import limits as bounds
from workflow.case_reads import CaseQuestions
from workflow.errors import StorageError
from workflow.i18n import DEFAULT_LANGUAGE, as_language, speaking
from workflow.limits import Limits
from workflow.registry import Definitions
from workflow.store import plain

__all__ = ["Reader"]


class Reader(CaseQuestions):
    """Read-only questions about the cases in the SQLite file at ``path`` (the file of ``url``).

    The arguments are a read-only :class:`workflow.Engine`'s; nothing is
    migrated or registered, and the definitions are checked against those
    the database holds (a changed text under a stored version is refused).
    ``url`` must name a plain SQLite file (:meth:`reads`); anything else is
    refused with :class:`StorageError` (open a read-only engine for it).
    """

    def __init__(
        self,
        url: str,
        definitions: Definitions = None,
        *,
        clock: Callable[[], datetime] | None = None,
        closing_days: Iterable[date] = (),
        limits: Limits = bounds.DEFAULT,
        language: str = DEFAULT_LANGUAGE,
    ) -> None:
        with speaking(as_language(language)):  # what opening refuses speaks the reader's language too
            path = plain.sqlite_file(url)
            if path is None:
                raise StorageError.said("storage.reader_url", url=repr(url))
            self._open(definitions, clock, closing_days, limits, language)
            self.read_only = True
            self._plain = plain.open_read_only(url, path)
            try:
                with self._transaction() as conn:
                    self._registry.register(conn, self.now(), store=False)
            except BaseException:
                self._plain.close()
                raise

    @staticmethod
    def reads(url: str) -> bool:
        """Whether ``url`` names a plain SQLite file (``sqlite:///PATH``) a reader can open."""
        return plain.sqlite_file(url) is not None

    def _transaction(self) -> AbstractContextManager[plain.Plain]:
        if self._plain.closed:
            raise StorageError.said("storage.closed")
        return plain.transaction(self._plain)

    def close(self) -> None:
        """Close the file; a question after it is refused with :class:`StorageError`."""
        self._plain.close()

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
