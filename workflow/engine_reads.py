"""The engine's questions: those about one case (:mod:`workflow.case_reads`), listings, due deadlines, reports.

A mixin of :class:`workflow.engine.Engine` (the façade): nothing here writes.
The questions about one case are :class:`~workflow.case_reads.CaseQuestions`,
shared with the SQLite reader; here they run in SQLAlchemy's transactions.
"""

from __future__ import annotations

import functools
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from workflow import deadlines, policy, store
from workflow import limits as bounds
from workflow.case_reads import CaseQuestions, _speaking, _whole
from workflow.errors import InvalidInput, NotFound
from workflow.i18n import say
from workflow.model import (
    Actor,
    Case,
    DefinitionSet,
    Timer,
)
from workflow.store import queries

if TYPE_CHECKING:
    import sqlalchemy as sa

    from workflow.reporting.build import ReportRequest
    from workflow.review import AuditLog, Checkpoint

__all__ = ["Questions"]


class Questions(CaseQuestions):
    """The read methods of :class:`~workflow.engine.Engine`; it provides the attributes declared here."""

    _db: sa.Engine

    def _transaction(self) -> AbstractContextManager[sa.Connection]:
        return store.transaction(self._db)

    @property
    def definitions(self) -> DefinitionSet:
        """The loaded definitions (new cases start on the newest version of each)."""
        return self._registry.loaded

    @functools.cached_property
    def audit(self) -> AuditLog:
        """Review of the audit log: ``query``, ``verify``, ``checkpoint`` (imported on first use)."""
        from workflow.review import AuditLog

        return AuditLog(self._db, self.calendar)

    @_speaking
    def due(
        self,
        *,
        within: timedelta = timedelta(0),
        actor: Actor | None = None,
        limit: int = 1000,
        workflow: str | None = None,
        state: str | None = None,
        tenant: str | None = None,
    ) -> list[tuple[Case, Timer]]:
        """Cases whose deadline falls due within ``within`` from now (0: already overdue), soonest first;
        only those of ``workflow``, in ``state``, of ``tenant`` when given (before ``limit``).  With ``actor``,
        each ``timer.id`` is None: the row number would count other organisations' deadlines."""
        self._asker(actor)
        if not isinstance(within, timedelta):
            raise InvalidInput.said("input.timedelta", kind=type(within).__name__)
        _whole("limit", limit)
        filters = {"workflow": workflow, "state": state, "tenant": tenant}
        for name, value in filters.items():
            bounds.optional_text(name, value, bounds.MAX_NAME)
        try:
            until = self.now() + within
        except OverflowError:
            raise InvalidInput.said("input.within_range", found=repr(within)) from None
        with store.transaction(self._db) as conn:
            judged = self._registry.every_stored(conn) if actor is not None else []
            found = deadlines.due_cases(conn, judged, actor, until, limit, filters=filters)
        return found if actor is None else [(case, replace(timer, id=None)) for case, timer in found]

    def report(
        self, request: ReportRequest, *, verify: bool = True, checkpoint: Checkpoint | None = None
    ) -> dict[str, Any]:
        """The monitoring report (docs/reports.md) as plain data, computed from the audit log by SQL aggregation.

        ``request.actor`` sees what it may read (a client only its own tenant);
        ``verify`` recomputes the chains it covers first and the result says so.
        """
        from workflow.reporting import build

        if not isinstance(request, build.ReportRequest):
            kind = type(request).__name__
            raise InvalidInput.said("input.argument_type", name="request", expected="workflow.ReportRequest", kind=kind)

        found = build.report(self._db, self._registry.loaded.all_versions(), request, self.now())
        status = build.log_status(self.audit, request.actor, verify=verify, checkpoint=checkpoint, report=found)
        return {**found, "log": status}

    @_speaking
    def cases(
        self,
        *,
        workflow: str | None = None,
        state: str | None = None,
        tenant: str | None = None,
        actor: Actor | None = None,
        limit: int = 100,
        after: str | None = None,
    ) -> list[Case]:
        """Cases oldest first, filtered, one page of at most ``limit``.

        For the next page pass the last case's id as ``after``.  With an
        ``actor``: its own tenant's cases, plus every tenant's of the workflow
        versions in which one of its roles is agency-side or read-only (judged
        per definition, in the query: ``limit`` counts visible cases only).
        """
        self._asker(actor)
        for name, value in (("workflow", workflow), ("state", state), ("tenant", tenant), ("after", after)):
            bounds.optional_text(name, value, bounds.MAX_NAME)
        _whole("limit", limit)
        if not 1 <= limit <= 10_000:
            raise InvalidInput.said("input.page_limit", found=limit)
        with store.transaction(self._db) as conn:
            seen = policy.seen(self._registry.every_stored(conn), actor) if actor is not None else None
            anchor = None if after is None else self._anchor(conn, after, actor)
            if anchor is False:  # an id the actor may not see answers like an unknown one (nothing of it here)
                raise NotFound("case", after, say("error.hint.page"))
            return queries.list_cases(
                conn, workflow=workflow, state=state, tenant=tenant, seen=seen, limit=limit, after=anchor or None
            )

    def _anchor(self, conn: sa.Connection, after: str, actor: Actor | None) -> tuple[datetime, str] | Literal[False]:
        """(created_at, id) of the case a page follows; False when there is none the actor may see."""
        found = queries.read_case(conn, after)
        if found is not None and actor is not None:
            pinned = self._registry.pinned(conn, found.case.workflow, found.case.definition_version)
            found = found if policy.can_read(pinned, actor, found.case) else None
        return False if found is None else (found.case.created_at, found.case.id)
