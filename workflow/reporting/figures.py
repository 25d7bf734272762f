"""Each figure of the report as one SQL aggregation over the audit log (and the case rows it heads).

Every query starts from the same two common table expressions: ``sc``, the
cases in scope (the report's workflow and versions, the tenants asked for,
only what the actor may see), and — where time in states matters — ``iv``,
each visit of a case to a state, from the event that entered it to the event
that left it (``t1`` NULL: it is still there).  Percentiles use the
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
from workflow.reporting.sql import Dialect
from workflow.store.tables import UTCDateTime

__all__ = ["Scope", "ageing", "cte", "lead_times", "phases", "query", "running", "span"]

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
    """With an actor: its tenant; cases of ``open_versions`` are seen in every tenant."""
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
            found["open"] = list(self.open_versions)
        return found


def cte(scope: Scope, dialect: Dialect, visits: bool) -> str:
    spec = scope.spec
    where = ["c.workflow = :wf", "c.definition_version IN :versions"]
    if scope.tenants is not None:
        where.append("c.tenant IN :tenants")
    if scope.open_versions is not None:
        where.append("(c.tenant = :own OR c.definition_version IN :open)")
    if scope.dvo_year is not None and spec.year:
        where.append(f"{dialect.json('c.data', spec.year, number=True)} = :dvo_year")
    fields = [
        f"{dialect.json('c.data', spec.task_kind) if spec.task_kind else 'NULL'} AS kind",
        f"{dialect.json('c.data', spec.funding) if spec.funding else 'NULL'} AS funding",
        f"{dialect.json('c.data', spec.year, number=True) if spec.year else 'NULL'} AS year",
        f"{dialect.json('c.data', spec.hours_agreed, number=True) if spec.hours_agreed else 'NULL'} AS agreed",
        f"{dialect.json('c.data', spec.deadline) if spec.deadline else 'NULL'} AS deadline",
    ]
    text = (
        f"WITH sc AS (SELECT c.id, c.tenant, c.state, c.reference, c.created_at, c.data, {', '.join(fields)} "
        f"FROM wf_cases c WHERE {' AND '.join(where)})"
    )
    if visits:
        text += (
            ", ch AS (SELECT e.case_id, e.seq, e.at, e.to_state FROM wf_events e JOIN sc ON sc.id = e.case_id "
            "WHERE e.kind IN ('started', 'fired') AND e.to_state IS NOT NULL "
            "AND (e.from_state IS NULL OR e.from_state <> e.to_state)), "
            "iv AS (SELECT case_id, to_state AS state, at AS t0, "
            "LEAD(at) OVER (PARTITION BY case_id ORDER BY seq) AS t1 FROM ch)"
        )
    return text


def _percentiles(values: str, group: str) -> str:
    """Per ``group``: n, min, nearest-rank median and 80th percentile, max of ``v`` in ``values``."""
    return (
        f"SELECT {group}, MAX(n) AS n, MIN(v) AS min, "
        "MIN(CASE WHEN rn = (50 * n + 99) / 100 THEN v END) AS p50, "
        "MIN(CASE WHEN rn = (80 * n + 99) / 100 THEN v END) AS p80, MAX(v) AS max FROM ("
        f"SELECT {group}, v, ROW_NUMBER() OVER (PARTITION BY {group} ORDER BY v) AS rn, "
        f"COUNT(*) OVER (PARTITION BY {group}) AS n FROM ({values}) AS vals) AS ranked GROUP BY {group}"
    )


def query(conn: sa.Connection, sql: str, scope: Scope, **extra: Any) -> list[Row]:
    statement = sa.text(sql)
    params = {k: v for k, v in {**scope.params(), **extra}.items() if re.search(f":{k}\\b", sql)}
    expanding: list[sa.BindParameter[Any]] = [
        sa.bindparam(k, expanding=True) for k, v in params.items() if isinstance(v, list)
    ]
    moments: list[sa.BindParameter[Any]] = [
        sa.bindparam(k, type_=UTCDateTime()) for k, v in params.items() if isinstance(v, datetime)
    ]
    statement = statement.bindparams(*expanding, *moments)
    return [dict(row._mapping) for row in conn.execute(statement, params)]


def span(conn: sa.Connection, scope: Scope, dialect: Dialect) -> datetime | None:
    """The first moment in scope (the day table starts there)."""
    rows = query(conn, cte(scope, dialect, False) + " SELECT MIN(created_at) AS first FROM sc", scope)
    first = rows[0]["first"] if rows else None
    return UTCDateTime().process_result_value(first, conn.dialect) if first is not None else None


def running(conn: sa.Connection, scope: Scope, d: Dialect) -> list[Row]:
    sql = cte(scope, d, False) + (
        " SELECT state, kind, funding, COUNT(*) AS cases FROM sc WHERE state NOT IN :finals "
        "GROUP BY state, kind, funding ORDER BY state, kind, funding"
    )
    return query(conn, sql, scope)


def ageing(conn: sa.Connection, scope: Scope, d: Dialect) -> list[Row]:
    """Running cases: working days in their current state, per state."""
    values = (
        f"SELECT iv.state AS state, {d.ordinal(':now')} - {d.ordinal('iv.t0')} AS v FROM iv "
        "JOIN sc ON sc.id = iv.case_id WHERE iv.t1 IS NULL AND iv.state NOT IN :finals"
    )
    return query(conn, cte(scope, d, True) + " " + _percentiles(values, "state") + " ORDER BY state", scope)


def _ended(d: Dialect) -> str:
    return "SELECT case_id, state AS final, t0 AS ended FROM iv WHERE state IN :finals AND t0 >= :start AND t0 < :end"


def lead_times(conn: sa.Connection, scope: Scope, d: Dialect) -> list[Row]:
    """Cases that ended in the period, per final state: start to end, paused states left out."""
    counted = "CASE WHEN iv.state IN :paused THEN 0 ELSE {} END"
    per_case = (
        f"SELECT done.final AS final, iv.case_id, SUM({counted.format(d.seconds('iv.t0', 'iv.t1'))}) AS secs, "
        f"SUM({counted.format(d.ordinal('iv.t1') + ' - ' + d.ordinal('iv.t0'))}) AS wd "
        f"FROM iv JOIN ({_ended(d)}) AS done ON done.case_id = iv.case_id "
        "WHERE iv.t1 IS NOT NULL GROUP BY done.final, iv.case_id"
    )
    base = cte(scope, d, True) + f", pc AS ({per_case})"
    working = query(conn, base + " " + _percentiles("SELECT final, wd AS v FROM pc", "final"), scope)
    calendar = query(conn, base + " " + _percentiles("SELECT final, secs / 86400.0 AS v FROM pc", "final"), scope)
    return _merge("final", working, calendar)


def phases(conn: sa.Connection, scope: Scope, d: Dialect) -> list[Row]:
    """Cases that ended in the period: per state, the time each spent there in all (paused states marked)."""
    per_case = (
        f"SELECT iv.state AS state, iv.case_id, SUM({d.seconds('iv.t0', 'iv.t1')}) AS secs, "
        f"SUM({d.ordinal('iv.t1')} - {d.ordinal('iv.t0')}) AS wd "
        f"FROM iv JOIN ({_ended(d)}) AS done ON done.case_id = iv.case_id "
        "WHERE iv.t1 IS NOT NULL GROUP BY iv.state, iv.case_id"
    )
    base = cte(scope, d, True) + f", pc AS ({per_case})"
    working = query(conn, base + " " + _percentiles("SELECT state, wd AS v FROM pc", "state"), scope)
    calendar = query(conn, base + " " + _percentiles("SELECT state, secs / 86400.0 AS v FROM pc", "state"), scope)
    return _merge("state", working, calendar)


def _merge(key: str, working: list[Row], calendar: list[Row]) -> list[Row]:
    by_key = {row[key]: row for row in calendar}
    merged = []
    for row in sorted(working, key=lambda r: str(r[key])):
        other = by_key.get(row[key], {})
        merged.append(
            {
                key: row[key],
                "cases": row["n"],
                **{f"wd_{k}": row[k] for k in ("p50", "p80", "max")},
                **{f"cd_{k}": _round(other.get(k)) for k in ("p50", "p80", "max")},
            }
        )
    return merged


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)
