"""The report as plain data: every table, the scope and period, the state of the log, when it was made.

:func:`report` is what :meth:`Engine.report <workflow.engine.Engine.report>`
calls; the renderers (:mod:`workflow.reporting.render`) only format what it returns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from workflow import policy
from workflow.errors import InvalidInput
from workflow.legal import AtwCalendar
from workflow.model import Actor, Definition
from workflow.reporting import figures, measures
from workflow.reporting.sql import Dialect, fill_days
from workflow.workdays import LOCAL

__all__ = ["Period", "ReportRequest", "parse_period", "report"]

Progress = Callable[[str, int, int], None]

WORK_MEM = "64MB"
"""PostgreSQL's ``work_mem`` for the report's transaction only (the default 4MB spills its sorts to disk)."""


@dataclass(frozen=True)
class Period:
    """Local dates ``first`` .. ``last`` (inclusive)."""

    first: date
    last: date

    def moments(self) -> tuple[datetime, datetime]:
        start = datetime.combine(self.first, time(0), LOCAL).astimezone(UTC)
        end = datetime.combine(self.last + timedelta(days=1), time(0), LOCAL).astimezone(UTC)
        return start, end


def parse_period(text: str) -> Period:
    """``2026``, ``2026Q3``, ``2026-05`` or ``2026-01-01..2026-03-31`` as a :class:`Period`."""
    value = text.strip().upper()
    if re.fullmatch(r"\d{4}", value):
        return Period(date(int(value), 1, 1), date(int(value), 12, 31))
    quarter = re.fullmatch(r"(\d{4})Q([1-4])", value)
    if quarter:
        year, q = int(quarter[1]), int(quarter[2])
        first = date(year, 3 * q - 2, 1)
        return Period(first, _month_end(year, 3 * q))
    month = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if month and 1 <= int(month[2]) <= 12:
        return Period(date(int(month[1]), int(month[2]), 1), _month_end(int(month[1]), int(month[2])))
    span = re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", value)
    if span:
        try:
            first, last = date.fromisoformat(span[1]), date.fromisoformat(span[2])
        except ValueError:
            first = last = date.min
        if first != date.min and first <= last:
            return Period(first, last)
    raise InvalidInput.said("input.period", found=text)


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


@dataclass(frozen=True)
class ReportRequest:
    """What to report on: whose cases (``tenants``; None: every tenant the actor may see), when, seen by whom."""

    period: Period
    workflow: str = "assignment"
    actor: Actor | None = None
    tenants: Sequence[str] | None = None
    dvo_year: int | None = None
    progress: Progress | None = None


def _definitions(loaded: Sequence[Definition], workflow: str) -> tuple[Definition, list[int]]:
    versions = sorted((d for d in loaded if d.workflow == workflow and d.report is not None), key=lambda d: d.version)
    if not versions:
        raise InvalidInput.said("input.no_report", workflow=workflow)
    newest = versions[-1]
    return newest, [d.version for d in versions if d.report == newest.report]


def _scope(loaded: Sequence[Definition], request: ReportRequest, as_of: datetime) -> tuple[figures.Scope, Definition]:
    newest, versions = _definitions(loaded, request.workflow)
    start, end = request.period.moments()
    seen = policy.seen([d for d in loaded if d.workflow == request.workflow], request.actor)
    own, own_versions, open_versions = (
        (None, None, None)
        if seen is None
        else (seen[0], [v for w, v in seen[1] if w == newest.workflow], [v for w, v in seen[2] if w == newest.workflow])
    )
    scope = figures.Scope(
        workflow=newest.workflow,
        versions=versions,
        spec=newest.report,  # type: ignore[arg-type]  # _definitions keeps only versions with a report
        finals=[s.id for s in newest.states.values() if s.final],
        paused=[s.id for s in newest.states.values() if s.pauses_clock],
        start=start,
        end=min(end, as_of) if start < as_of else end,
        as_of=as_of,
        tenants=list(request.tenants) if request.tenants is not None else None,
        own_tenant=own,
        own_versions=own_versions,
        open_versions=open_versions,
        dvo_year=request.dvo_year,
        extra={"start_day": request.period.first.isoformat(), "end_day": (request.period.last).isoformat()},
    )
    return scope, newest


def _visible(scope: figures.Scope) -> dict[str, Any]:
    """Whose cases the report really shows: ``own_tenant`` when the actor sees only its own organisation's
    (a client), with ``tenants_hidden`` the asked-for other organisations it may not see; None for both otherwise."""
    if scope.open_versions is None or set(scope.open_versions) >= set(scope.versions):
        return {"own_tenant": None, "tenants_hidden": None}
    hidden = [t for t in scope.tenants or () if t != scope.own_tenant]
    return {"own_tenant": scope.own_tenant or "", "tenants_hidden": hidden}


_STEPS: tuple[tuple[str, Callable[..., Any]], ...] = (
    ("running", figures.running),
    ("ageing", figures.ageing),
    ("hours", measures.hours),
    ("changes", measures.changes),
    ("deadlines", measures.deadlines),
    ("legal_terms", measures.legal_terms),
    ("at_risk", measures.timers_at_risk),
    ("lead_times", figures.lead_times),
    ("phases", figures.phases),
    ("refusals", measures.refusals),
    ("satisfaction", measures.satisfaction),
    ("results", measures.results),
)


def _tables(conn: sa.Connection, scope: figures.Scope, progress: Progress | None) -> dict[str, list[dict[str, Any]]]:
    dialect = Dialect(conn.dialect.name == "postgresql")
    if dialect.postgres:
        _tune(conn)
    first = figures.span(conn, scope, dialect) or scope.start
    start_day = min(first, scope.start).astimezone(LOCAL).date()
    last_day = max(scope.as_of, scope.end).astimezone(LOCAL).date() + timedelta(days=3 * 366)
    fill_days(conn, max(start_day, date(2014, 1, 2)), last_day, AtwCalendar())
    figures.stage_events(conn, scope, dialect)
    figures.stage_visits(conn, scope, dialect)
    tables: dict[str, list[dict[str, Any]]] = {}
    for n, (name, step) in enumerate(_STEPS, 1):
        if progress is not None:
            progress(name, n, len(_STEPS))
        found = step(conn, scope, dialect)
        if name == "hours":
            tables["hours"], tables["hours_totals"] = found
        else:
            tables[name] = found
    return tables


def _tune(conn: sa.Connection) -> None:
    """For the report's transaction only (PostgreSQL): its sorts and hashes (hundreds of thousands of visits)
    in memory rather than on disk, and no JIT compilation — for these one-off queries compiling costs more
    (up to 1.5 s a query at 1M events) than it saves."""
    conn.execute(sa.text(f"SET LOCAL work_mem = '{WORK_MEM}'"))
    conn.execute(sa.text("SET LOCAL jit = off"))


def report(db: sa.Engine, loaded: Sequence[Definition], request: ReportRequest, as_of: datetime) -> dict[str, Any]:
    """The report's tables and what they cover, as plain data (JSON-ready apart from nothing: all plain)."""
    scope, newest = _scope(loaded, request, as_of)
    with db.connect() as conn, conn.begin():
        tables = _tables(conn, scope, request.progress)
        conn.rollback()  # the day table is temporary: nothing of the report is kept
    start, end = request.period.moments()
    return {
        "workflow": newest.workflow,
        "versions": list(scope.versions),
        "title": newest.title,
        "made_at": as_of.isoformat(),
        "period": {"first": request.period.first.isoformat(), "last": request.period.last.isoformat()},
        "counted_until": min(end, as_of).isoformat() if start < as_of else end.isoformat(),
        "tenants": None if request.tenants is None else list(request.tenants),
        **_visible(scope),
        "dvo_year": request.dvo_year,
        "actor": None if request.actor is None else {"id": request.actor.id, "tenant": request.actor.tenant},
        "labels": _labels(newest),
        "tables": tables,
    }


def _labels(definition: Definition) -> dict[str, dict[str, str]]:
    return {
        "states": {s.id: s.label for s in definition.states.values()},
        "transitions": {t.id: t.label for t in definition.transitions.values()},
        "paused": {s.id: "1" for s in definition.states.values() if s.pauses_clock},
    }


def log_status(
    audit: Any, actor: Actor | None, *, verify: bool, checkpoint: Any = None, report: dict[str, Any] | None = None
) -> dict[str, Any]:
    """What the report says of the log it was computed from: verified (chains recomputed), against a checkpoint.

    A ``report`` for named clients (``--client``, not a client's own) verifies only their cases of its
    versions (``scoped``): the cases it covers, none when they have none.
    """
    status: dict[str, Any] = {"verified": False}
    tenants = None if report is None or report.get("own_tenant") is not None else report.get("tenants")
    if verify:
        versions = [] if report is None else [(report["workflow"], v) for v in report["versions"]]
        found = audit.verify(actor=actor, checkpoint=checkpoint, tenants=tenants, versions=versions)
        status = {"verified": True, "cases": found.cases, "events": found.events, "breaks": len(found.breaks)}
        status["intact"] = found.intact
        status["scoped"] = tenants is not None
    if checkpoint is not None:
        status["checkpoint"] = {"created_at": checkpoint.created_at.isoformat()}
        if not verify:
            status["checkpoint"]["breaks"] = len(audit.against_checkpoint(checkpoint, actor=actor))
    return status
