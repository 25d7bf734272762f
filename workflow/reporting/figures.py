"""Each figure of the report as one SQL aggregation over the audit log (and the case rows it heads).

Every query reads the cases in scope through the common table expression
``sc`` (the report's workflow and versions, the tenants asked for, only what
the actor may see).  The log itself is read once: :func:`stage_events` keeps
the events in scope that enter a state or that a figure measures (their
measured input values drawn from the JSON once) in a temporary table, and
:func:`stage_visits` turns the state changes among them into visits — each
stay of a case in a state, from the event that entered it to the event that
left it (``t1`` NULL: it is still there), with its working and calendar days.
The hours booked are summed per case straight from the log
(:func:`~workflow.reporting.measures.hours`).  Percentiles use the
nearest-rank method (the value at rank ⌈p·n/100⌉), the same on both databases.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from workflow.model import ReportSpec
from workflow.reporting.sql import DAYS, Dialect, analyse
from workflow.store.tables import UTCDateTime

__all__ = [
    "EVENTS",
    "Scope",
    "ageing",
    "cte",
    "lead_times",
    "phases",
    "query",
    "running",
    "span",
    "stage_events",
    "stage_visits",
]

Row = dict[str, Any]


@dataclass(frozen=True)
class Scope:
    """What the report covers: the cases and the period ``[start, end)``, seen ``as_of``."""

    workflow: str
    versions: Sequence[int]
    spec: ReportSpec
    finals: Sequence[str]
    paused: Sequence[str]
    start: datetime
    end: datetime
    as_of: datetime
    tenants: Sequence[str] | None = None
    own_tenant: str | None = None
    """With an actor: its tenant, whose cases of ``own_versions`` it sees; cases of ``open_versions`` are
    seen in every tenant (versions declaring none of its roles are in neither: policy.seen)."""
    own_versions: Sequence[int] | None = None
    open_versions: Sequence[int] | None = None
    dvo_year: int | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def params(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "wf": self.workflow,
            "versions": list(self.versions),
            "finals": list(self.finals),
            "paused": list(self.paused),
            "start": self.start,
            "end": self.end,
            "now": self.as_of,
        }
        if self.dvo_year is not None:
            found["dvo_year"] = self.dvo_year
        if self.tenants is not None:
            found["tenants"] = list(self.tenants)
        if self.open_versions is not None:
            found["own"] = self.own_tenant or ""
            found["mine"] = list(self.own_versions or [])
            found["open"] = list(self.open_versions)
        return found


def cte(scope: Scope, dialect: Dialect) -> str:
    """``sc``: the cases in scope, with the definition's report fields drawn from their data."""
    spec = scope.spec
    where = ["c.workflow = :wf", "c.definition_version IN :versions"]
    if scope.tenants is not None:
        where.append("c.tenant IN :tenants")
    if scope.open_versions is not None:
        where.append("((c.tenant = :own AND c.definition_version IN :mine) OR c.definition_version IN :open)")
    if scope.dvo_year is not None and spec.year:
        where.append(f"{dialect.json('c.data', spec.year, number=True)} = :dvo_year")
    fields = [
        f"{dialect.json('c.data', spec.task_kind) if spec.task_kind else 'NULL'} AS kind",
        f"{dialect.json('c.data', spec.funding) if spec.funding else 'NULL'} AS funding",
        f"{dialect.json('c.data', spec.year, number=True) if spec.year else 'NULL'} AS year",
        f"{dialect.json('c.data', spec.hours_agreed, number=True) if spec.hours_agreed else 'NULL'} AS agreed",
        f"{dialect.json('c.data', spec.deadline) if spec.deadline else 'NULL'} AS deadline",
    ]
    return (
        "WITH sc AS NOT MATERIALIZED (SELECT c.id, c.tenant, c.state, c.reference, c.created_at, c.data, "
        f"{', '.join(fields)} FROM wf_cases c WHERE {' AND '.join(where)})"
    )


def _percentiles(values: str, group: str) -> str:
    """Per ``group``: n, then nearest-rank median, 80th percentile and maximum of ``w`` (working days)
    and of ``v`` (calendar days) in ``values``."""
    ranks = f"ROW_NUMBER() OVER (PARTITION BY {group} ORDER BY {{}}) AS {{}}"
    return (
        f"SELECT {group}, MAX(n) AS n, "
        "MIN(CASE WHEN rw = (50 * n + 99) / 100 THEN w END) AS wd_p50, "
        "MIN(CASE WHEN rw = (80 * n + 99) / 100 THEN w END) AS wd_p80, MAX(w) AS wd_max, "
        "MIN(CASE WHEN rv = (50 * n + 99) / 100 THEN v END) AS cd_p50, "
        "MIN(CASE WHEN rv = (80 * n + 99) / 100 THEN v END) AS cd_p80, MAX(v) AS cd_max FROM ("
        f"SELECT {group}, v, w, {ranks.format('w', 'rw')}, {ranks.format('v', 'rv')}, "
        f"COUNT(*) OVER (PARTITION BY {group}) AS n FROM ({values}) AS vals) AS ranked GROUP BY {group}"
    )


def query(conn: sa.Connection, sql: str, scope: Scope, *, fetch: bool = True, **extra: Any) -> list[Row]:
    statement = sa.text(sql)
    params = {k: v for k, v in {**scope.params(), **extra}.items() if re.search(f":{k}\\b", sql)}
    expanding: list[sa.BindParameter[Any]] = [
        sa.bindparam(k, expanding=True) for k, v in params.items() if isinstance(v, list)
    ]
    moments: list[sa.BindParameter[Any]] = [
        sa.bindparam(k, type_=UTCDateTime()) for k, v in params.items() if isinstance(v, datetime)
    ]
    statement = statement.bindparams(*expanding, *moments)
    result = conn.execute(statement, params)
    return [dict(row._mapping) for row in result] if fetch else []


def span(conn: sa.Connection, scope: Scope, dialect: Dialect) -> datetime | None:
    """The first moment in scope (the day table starts there)."""
    rows = query(conn, cte(scope, dialect) + " SELECT MIN(created_at) AS first FROM sc", scope)
    first = rows[0]["first"] if rows else None
    return UTCDateTime().process_result_value(first, conn.dialect) if first is not None else None


def running(conn: sa.Connection, scope: Scope, d: Dialect) -> list[Row]:
    sql = cte(scope, d) + (
        " SELECT state, kind, funding, COUNT(*) AS cases FROM sc WHERE state NOT IN :finals "
        "GROUP BY state, kind, funding ORDER BY state, kind, funding"
    )
    return query(conn, sql, scope)


EVENTS = "wf_report_events"
"""The events the figures read, staged once per report (a temporary table): ``moves`` (1: the event entered a
state — a visit starts), and the measured values of the definition's report transitions — all but the hours
booked, which :func:`~workflow.reporting.measures.hours` sums per case straight from the log (they are most of
it: writing each to a table cost more than reading the log again)."""

VISITS = "wf_report_visits"

_MOVES = (
    "(e.kind IN ('started', 'fired') AND e.to_state IS NOT NULL "
    "AND (e.from_state IS NULL OR e.from_state <> e.to_state))"
)


def _measured(spec: ReportSpec) -> dict[str, Any]:
    """The report's transitions as parameters (``''``, never a transition id, for a measure not recorded)."""
    pairs = (spec.meerwerk_requested, spec.satisfaction, spec.results)
    named = {
        "asked_t": spec.meerwerk_requested,
        "score_t": spec.satisfaction,
        "result_t": spec.results,
    }
    found: dict[str, Any] = {k: v[0] if v else "" for k, v in named.items()}
    singles = (spec.delivered, spec.meerwerk_granted, spec.meerwerk_declined)
    others = (*singles, spec.escalation_opened, spec.escalation_resolved)
    found["measured"] = sorted({t for t in (*others, *(p[0] for p in pairs if p)) if t}) or [""]
    return found


def _value(d: Dialect, transition: str, path: str | None, *, number: bool, absent: str) -> str:
    """The input value at ``path`` of events of ``:transition`` (``absent`` when the definition names no path)."""
    if path is None:
        return f"CASE WHEN e.transition = :{transition} THEN {absent} END"
    return f"CASE WHEN e.transition = :{transition} THEN {d.json('e.input', path, number=number)} END"


def stage_events(conn: sa.Connection, scope: Scope, d: Dialect) -> None:
    """One pass over the log: the events in scope that start a visit or that a figure measures, with the
    measured input values drawn from their JSON once; kept for this report in a temporary table."""
    spec = scope.spec
    nothing = "CAST(NULL AS double precision)"
    text, mark = (spec.results[1], spec.results[2]) if spec.results else (None, None)
    values = [
        _value(d, "asked_t", (spec.meerwerk_requested or ("", None))[1], number=True, absent="0") + " AS extra",
        _value(d, "score_t", spec.satisfaction[1] if spec.satisfaction else None, number=True, absent=nothing)
        + " AS score",
        _value(d, "result_t", text, number=False, absent="CAST(NULL AS TEXT)") + " AS text",
        _value(d, "result_t", mark, number=False, absent="CAST(NULL AS TEXT)") + " AS mark",
    ]
    select = (
        " SELECT e.case_id, sc.tenant, sc.reference, e.seq, e.at, e.kind, e.transition, e.to_state, "
        f"CASE WHEN {_MOVES} THEN 1 ELSE 0 END AS moves, {', '.join(values)} "
        f"FROM wf_events e JOIN sc ON sc.id = e.case_id "
        f"WHERE {_MOVES} OR (e.kind = 'fired' AND e.transition IN :measured)"
    )
    conn.execute(sa.text(f"DROP TABLE IF EXISTS {EVENTS}"))
    statement = f"CREATE TEMPORARY TABLE {EVENTS} AS " + cte(scope, d) + select
    query(conn, statement, scope, fetch=False, **_measured(spec))
    analyse(conn, EVENTS)


def stage_visits(conn: sa.Connection, scope: Scope, d: Dialect) -> None:
    """Every visit in scope (from the staged events) with its working and calendar days (open ones until now),
    and the moment and final state its case ended in; kept for this report in a temporary table.

    The working-day ordinal of each state change comes from one sort of the changes and the day table
    together: ordinals never decrease, so the largest ordinal of the days started by then is its day's."""
    timeline = (
        "SELECT NULL AS case_id, NULL AS seq, d.starts_at AS at, NULL AS to_state, d.ordinal, 0 AS side "
        f"FROM {DAYS.name} d UNION ALL SELECT case_id, seq, at, to_state, NULL, 1 FROM {EVENTS} WHERE moves = 1"
    )
    visits = (
        f"WITH tl AS ({timeline}), od AS (SELECT case_id, seq, at, to_state, side, "
        "MAX(ordinal) OVER (ORDER BY at, side ROWS UNBOUNDED PRECEDING) AS o FROM tl), "
        "iv AS (SELECT case_id, to_state AS state, at AS t0, o AS o0, "
        "LEAD(at) OVER (PARTITION BY case_id ORDER BY seq) AS t1, "
        "LEAD(o) OVER (PARTITION BY case_id ORDER BY seq) AS o1 FROM od WHERE side = 1)"
    )
    end = "COALESCE(iv.t1, :now)"
    select = (
        f" SELECT iv.case_id, iv.state, iv.t0, iv.t1, COALESCE(iv.o1, {d.ordinal(':now')}) - iv.o0 AS w, "
        f"{d.seconds('iv.t0', end)} / 86400.0 AS v, "
        "MAX(CASE WHEN iv.state IN :finals THEN iv.t0 END) OVER (PARTITION BY iv.case_id) AS ended, "
        "MAX(CASE WHEN iv.state IN :finals THEN iv.state END) OVER (PARTITION BY iv.case_id) AS final FROM iv"
    )
    conn.execute(sa.text(f"DROP TABLE IF EXISTS {VISITS}"))
    query(conn, f"CREATE TEMPORARY TABLE {VISITS} AS " + visits + select, scope, fetch=False)
    analyse(conn, VISITS)


def ageing(conn: sa.Connection, scope: Scope, d: Dialect) -> list[Row]:
    """Running cases: working (and calendar) days in their current state, per state."""
    values = f"SELECT state, w, v FROM {VISITS} WHERE t1 IS NULL AND state NOT IN :finals"
    return [_shown("state", row) for row in query(conn, _percentiles(values, "state") + " ORDER BY 1", scope)]


_ENDED_IN_PERIOD = "ended >= :start AND ended < :end AND t1 IS NOT NULL"


def lead_times(conn: sa.Connection, scope: Scope, d: Dialect) -> list[Row]:
    """Cases that ended in the period, per final state: start to end, paused states left out."""
    per_case = (
        "SELECT final, SUM(CASE WHEN state IN :paused THEN 0 ELSE v END) AS v, "
        f"SUM(CASE WHEN state IN :paused THEN 0 ELSE w END) AS w FROM {VISITS} "
        f"WHERE {_ENDED_IN_PERIOD} GROUP BY final, case_id"
    )
    return [_shown("final", row) for row in query(conn, _percentiles(per_case, "final") + " ORDER BY 1", scope)]


def phases(conn: sa.Connection, scope: Scope, d: Dialect) -> list[Row]:
    """Cases that ended in the period: per state, the time each spent there in all (paused states too)."""
    per_case = f"SELECT state, SUM(v) AS v, SUM(w) AS w FROM {VISITS} WHERE {_ENDED_IN_PERIOD} GROUP BY state, case_id"
    return [_shown("state", row) for row in query(conn, _percentiles(per_case, "state") + " ORDER BY 1", scope)]


def _shown(key: str, row: Row) -> Row:
    found = {key: row[key], "cases": row["n"], **{k: row[k] for k in ("wd_p50", "wd_p80", "wd_max")}}
    return {**found, **{k: _round(row[k]) for k in ("cd_p50", "cd_p80", "cd_max")}}


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)
