"""The figures named by a definition's ``report:`` section: hours, changes, deadlines, refusals, scores, results.

Like :mod:`workflow.reporting.figures`, each is one aggregate query; a
measure the definition does not name gives no rows.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from workflow.reporting.figures import EVENTS, Row, Scope, cte, query
from workflow.reporting.sql import Dialect

__all__ = ["changes", "deadlines", "hours", "legal_terms", "refusals", "results", "satisfaction", "timers_at_risk"]

MAX_CASES = 1000
"""At most this many assignments in the per-assignment hours table (those over budget first); the totals count all."""

_IN_PERIOD = "e.at >= :start AND e.at < :end"


def _events(transition: str) -> str:
    """The staged events (:data:`~workflow.reporting.figures.EVENTS`) that fired ``:transition``."""
    return f"FROM {EVENTS} e WHERE e.kind = 'fired' AND e.transition = :{transition}"


def hours(conn: sa.Connection, scope: Scope, d: Dialect) -> tuple[list[Row], list[Row]]:
    """Per case: agreed, booked (all time and in the period), forecast; and the totals per tenant and year."""
    spec = scope.spec
    if spec.hours is None:
        return [], []
    transition = spec.hours[0]
    value = d.json("e.input", spec.hours[1], number=True)
    booked = (
        f"SELECT e.case_id, SUM({value}) AS booked, "
        f"SUM(CASE WHEN {_IN_PERIOD} THEN {value} ELSE 0 END) AS in_period, MIN(e.at) AS first "
        "FROM wf_events e JOIN sc ON sc.id = e.case_id WHERE e.kind = 'fired' AND e.transition = :hours_t "
        "GROUP BY e.case_id"
    )
    per_case = (
        "SELECT sc.tenant, sc.reference, sc.year, sc.kind, sc.state, sc.agreed, sc.deadline, "
        "COALESCE(b.booked, 0) AS booked, COALESCE(b.in_period, 0) AS in_period, b.first "
        f"FROM sc LEFT JOIN ({booked}) AS b ON b.case_id = sc.id"
    )
    planned = f"({d.day_ordinal('bk.deadline')} - {d.ordinal('bk.first')})"
    elapsed = f"({d.ordinal(':now')} - {d.ordinal('bk.first')})"
    forecast = (
        f"CASE WHEN bk.state NOT IN :finals AND {elapsed} > 0 AND {planned} > {elapsed} "
        f"THEN bk.booked * {planned} / {elapsed} ELSE bk.booked END"
    )
    stage = cte(scope, d) + (
        ", bk AS MATERIALIZED (" + per_case + ") SELECT bk.tenant, bk.reference, bk.year, bk.kind, bk.state, "
        f"bk.agreed, bk.booked, bk.in_period, {forecast} AS forecast FROM bk"
    )
    conn.execute(sa.text("DROP TABLE IF EXISTS wf_report_hours"))
    query(conn, "CREATE TEMPORARY TABLE wf_report_hours AS " + stage, scope, fetch=False, hours_t=transition)
    cases = query(
        conn,
        "SELECT * FROM wf_report_hours WHERE booked > 0 OR state NOT IN :finals "
        "ORDER BY CASE WHEN booked > agreed THEN 0 ELSE 1 END, tenant, reference LIMIT :limit",
        scope,
        limit=MAX_CASES,
    )
    totals = query(
        conn,
        "SELECT tenant, year, COUNT(*) AS cases, SUM(agreed) AS agreed, SUM(booked) AS booked, "
        "SUM(in_period) AS in_period, SUM(forecast) AS forecast, "
        "SUM(CASE WHEN booked > agreed THEN 1 ELSE 0 END) AS over_budget "
        "FROM wf_report_hours GROUP BY tenant, year ORDER BY tenant, year",
        scope,
    )
    return [_rounded(r) for r in cases], [_rounded(r) for r in totals]


def _rounded(row: Row) -> Row:
    return {k: round(float(v), 2) if isinstance(v, float) else v for k, v in row.items()}


def changes(conn: sa.Connection, scope: Scope, d: Dialect) -> list[Row]:
    """Per tenant, in the period: meerwerk requested (and its hours), granted, declined; escalations."""
    spec = scope.spec
    names: dict[str, Any] = {
        "asked_t": (spec.meerwerk_requested or ("", None))[0],
        "granted_t": spec.meerwerk_granted or "",
        "declined_t": spec.meerwerk_declined or "",
        "opened_t": spec.escalation_opened or "",
        "resolved_t": spec.escalation_resolved or "",
    }
    counts = ", ".join(
        f"SUM(CASE WHEN e.transition = :{k} THEN 1 ELSE 0 END) AS {k[:-2]}" for k in names if k != "asked_t"
    )
    sql = (
        " SELECT e.tenant, SUM(CASE WHEN e.transition = :asked_t THEN 1 ELSE 0 END) AS asked, "
        f"SUM(CASE WHEN e.transition = :asked_t THEN e.extra ELSE 0 END) AS asked_hours, {counts} "
        f"FROM {EVENTS} e WHERE e.kind = 'fired' AND "
        f"{_IN_PERIOD} AND e.transition IN (:asked_t, :granted_t, :declined_t, :opened_t, :resolved_t) "
        "GROUP BY e.tenant ORDER BY e.tenant"
    )
    return [_rounded(r) for r in query(conn, sql, scope, **names)]


def deadlines(conn: sa.Connection, scope: Scope, d: Dialect) -> list[Row]:
    """Per tenant: agreed dates met and missed by first deliveries in the period."""
    spec = scope.spec
    if spec.delivered is None or spec.deadline is None:
        return []
    first = f"SELECT e.case_id, MIN(e.at) AS at {_events('deliver_t')} GROUP BY e.case_id"
    sql = cte(scope, d) + (
        f", fd AS ({first}), dd AS (SELECT sc.tenant, {d.day('fd.at')} AS delivered, sc.deadline "
        "FROM fd JOIN sc ON sc.id = fd.case_id WHERE fd.at >= :start AND fd.at < :end AND sc.deadline IS NOT NULL) "
        "SELECT tenant, SUM(CASE WHEN delivered <= deadline THEN 1 ELSE 0 END) AS met, "
        "SUM(CASE WHEN delivered > deadline THEN 1 ELSE 0 END) AS missed FROM dd GROUP BY tenant ORDER BY tenant"
    )
    return [_on_time(r) for r in query(conn, sql, scope, deliver_t=spec.delivered)]


def _on_time(row: Row) -> Row:
    total = int(row["met"] or 0) + int(row["missed"] or 0)
    return {**row, "on_time_pct": round(100.0 * int(row["met"] or 0) / total, 1) if total else None}


def legal_terms(conn: sa.Connection, scope: Scope, d: Dialect) -> list[Row]:
    """Per tenant: legal terms (kept in the case data under ``termijnen``) ended in the period, met or missed."""
    ended, due = d.item("t", "ended_on"), d.item("t", "end")
    sql = cte(scope, d) + (
        f" SELECT sc.tenant, SUM(CASE WHEN {ended} <= {due} THEN 1 ELSE 0 END) AS met, "
        f"SUM(CASE WHEN {ended} > {due} THEN 1 ELSE 0 END) AS missed "
        f"FROM sc, {d.json_items('sc.data', 't', 'termijnen')} "
        f"WHERE {ended} >= :start_day AND {ended} < :end_day GROUP BY sc.tenant ORDER BY sc.tenant"
    )
    days = {"start_day": scope.extra["start_day"], "end_day": scope.extra["end_day"]}
    return [_on_time(r) for r in query(conn, sql, scope, **days)]


def timers_at_risk(conn: sa.Connection, scope: Scope, d: Dialect) -> list[Row]:
    """Now: running deadlines whose warning moment passed (at risk) or that are overdue, agreed vs legal."""
    sql = cte(scope, d) + (
        " SELECT sc.tenant, CASE WHEN t.term IS NULL THEN 'agreed' ELSE 'legal' END AS deadline_kind, "
        "SUM(CASE WHEN t.due_at > :now THEN 1 ELSE 0 END) AS at_risk, "
        "SUM(CASE WHEN t.due_at <= :now THEN 1 ELSE 0 END) AS overdue "
        "FROM wf_timers t JOIN sc ON sc.id = t.case_id WHERE t.status = 'pending' "
        "AND (t.warn_at <= :now OR t.due_at <= :now) GROUP BY 1, 2 ORDER BY 1, 2"
    )
    return query(conn, sql, scope)


def refusals(conn: sa.Connection, scope: Scope, d: Dialect) -> list[Row]:
    """Refused attempts in the period, by blocker code and transition: each attempt counted once per code
    (an attempt refused for two codes counts under both; two blockers of one code count once)."""
    sql = cte(scope, d) + (
        f" SELECT {d.item('b', 'code')} AS code, e.transition, COUNT(DISTINCT e.id) AS refusals "
        f"FROM wf_events e JOIN sc ON sc.id = e.case_id, {d.json_items('e.blockers', 'b')} "
        f"WHERE e.kind = 'refused' AND {_IN_PERIOD} GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2"
    )
    return query(conn, sql, scope)


def satisfaction(conn: sa.Connection, scope: Scope, d: Dialect) -> list[Row]:
    """Scores given in the period, per month (local time): count, mean, lowest, highest."""
    if scope.spec.satisfaction is None:
        return []
    transition = scope.spec.satisfaction[0]
    sql = (
        f"WITH sv AS (SELECT SUBSTR({d.day('e.at')}, 1, 7) AS month, e.score {_events('score_t')} "
        f"AND {_IN_PERIOD}) SELECT month, COUNT(score) AS scores, AVG(score) AS mean, MIN(score) AS lowest, "
        "MAX(score) AS highest FROM sv WHERE score IS NOT NULL GROUP BY month ORDER BY month"
    )
    return [_rounded(r) for r in query(conn, sql, scope, score_t=transition)]


def results(conn: sa.Connection, scope: Scope, d: Dialect, limit: int = 200) -> list[Row]:
    """Results recorded in the period, highlights first, newest first (at most ``limit``)."""
    if scope.spec.results is None:
        return []
    transition = scope.spec.results[0]
    sql = (
        f"WITH rv AS (SELECT e.tenant, e.reference, e.at, {d.day('e.at')} AS day, e.text, e.mark "
        f"{_events('result_t')} AND {_IN_PERIOD}) "
        "SELECT tenant, reference, day, text, CASE WHEN CAST(mark AS TEXT) IN ('true', '1') THEN 1 ELSE 0 END "
        "AS highlight FROM rv ORDER BY 5 DESC, at DESC LIMIT :limit"
    )
    rows = query(conn, sql, scope, result_t=transition, limit=limit)
    return [{**r, "highlight": bool(r["highlight"])} for r in rows]
