"""Each figure of the report recomputed from a small hand-built log, with exact numbers, on SQLite and PostgreSQL.

The log is :mod:`tests.report_support`; every expected number below is counted
by hand in its comments (working days: the Atw calendar; suspended time left out).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from workflow import Engine
from workflow.reporting.build import ReportRequest, parse_period

from .report_support import AUDITOR, CLIENT_A, CLIENT_B, build_log, open_report_engine

Q2 = parse_period("2026Q2")


@pytest.fixture
def logged(db_url: str) -> Iterator[Engine]:
    with open_report_engine(db_url) as engine:
        build_log(engine)
        yield engine


def _report(engine: Engine, **kwargs: Any) -> dict[str, Any]:
    return engine.report(ReportRequest(Q2, workflow="opdracht", **kwargs))


def _by(rows: list[dict[str, Any]], key: str) -> dict[Any, dict[str, Any]]:
    return {row[key]: row for row in rows}


def test_lead_times_leave_suspended_time_out_and_count_working_days_over_holidays(logged: Engine) -> None:
    tables = _report(logged)["tables"]
    lead = _by(tables["lead_times"], "final")
    # received 4→6 May (1 wd: 5 May is off), executing 6→11 May (3), suspended 11→18 May (left out),
    #      executing 18→20 May (2), delivered 20→26 May (3: 25 May is off) = 9 wd; 2+5+2+6 = 15 calendar days.
    # received 1 hour (0 wd), executing 4 May 08:00 → 18 May 07:00 (7 wd: 5, 14, 15 May off),
    #      delivered 18 May → 2 June (10 wd) = 17 wd; 29 calendar days.
    assert lead["closed"] == {
        "final": "closed",
        "cases": 2,
        "wd_p50": 9,
        "wd_p80": 17,
        "wd_max": 17,
        "cd_p50": 15.0,
        "cd_p80": 29.0,
        "cd_max": 29.0,
    }
    assert (lead["cancelled"]["wd_p50"], lead["cancelled"]["cd_p50"]) == (1, 1.0)


def test_phases_per_state(logged: Engine) -> None:
    phases = _by(_report(logged)["tables"]["phases"], "state")
    assert (phases["received"]["cases"], phases["received"]["wd_p50"], phases["received"]["wd_p80"]) == (3, 1, 1)
    assert (phases["received"]["cd_p50"], phases["received"]["cd_p80"]) == (1.0, 2.0)
    assert (phases["in_execution"]["wd_p50"], phases["in_execution"]["wd_p80"]) == (5, 7)
    assert (phases["in_execution"]["cd_p50"], phases["in_execution"]["cd_p80"]) == (7.0, 13.96)
    # the suspension itself is shown as a phase (3 wd: 14 and 15 May are off), but never in the lead time above
    assert (phases["suspended"]["wd_p50"], phases["suspended"]["cd_p50"]) == (3, 7.0)
    assert (phases["delivered"]["wd_p50"], phases["delivered"]["wd_p80"]) == (3, 10)


def test_running_and_ageing(logged: Engine) -> None:
    tables = _report(logged)["tables"]
    assert tables["running"] == [{"state": "in_execution", "kind": "maatwerk", "funding": "incidenteel", "cases": 1}]
    # B-1 executing since 12 May: 13, 18-22, 26-29 May, 1-5, 8-12, 15 June = 21 working days
    assert [(r["state"], r["cases"], r["wd_p50"]) for r in tables["ageing"]] == [("in_execution", 1, 21)]


def test_hours_booked_against_agreed(logged: Engine) -> None:
    tables = _report(logged)["tables"]
    cases = _by(tables["hours"], "reference")
    assert (cases["A-1"]["agreed"], cases["A-1"]["booked"], cases["A-1"]["forecast"]) == (10, 7, 7)
    assert (cases["A-2"]["agreed"], cases["A-2"]["booked"]) == (7, 6)  # meerwerk raised 5 to 7
    assert (cases["B-1"]["agreed"], cases["B-1"]["booked"], cases["B-1"]["forecast"]) == (None, 2, 2)
    assert "B-2" not in cases  # ended without a booking
    totals = {(r["tenant"], r["year"]): r for r in tables["hours_totals"]}
    assert (totals["gemeente-a", 2026]["agreed"], totals["gemeente-a", 2026]["booked"]) == (17, 13)
    assert totals["gemeente-a", 2026]["over_budget"] == 0
    assert totals["gemeente-b", 2025]["booked"] == 2


def test_changes_deadlines_refusals_scores_results(logged: Engine) -> None:
    tables = _report(logged)["tables"]
    assert tables["changes"] == [
        {
            "tenant": "gemeente-a",
            "asked": 1,
            "asked_hours": 2,
            "granted": 1,
            "declined": 0,
            "opened": 1,
            "resolved": 1,
        }
    ]
    # A-1 delivered on its date (20 May), A-2 three days late (18 May, agreed 15 May)
    assert tables["deadlines"] == [{"tenant": "gemeente-a", "met": 1, "missed": 1, "on_time_pct": 50.0}]
    assert tables["refusals"] == [{"code": "no_budget", "transition": "deliver", "refusals": 1}]
    assert [(r["month"], r["scores"], r["mean"]) for r in tables["satisfaction"]] == [
        ("2026-05", 1, 8),
        ("2026-06", 1, 6),
    ]
    assert tables["results"] == [
        {
            "tenant": "gemeente-a",
            "reference": "A-2",
            "day": "2026-05-08",
            "text": "Handhavingsbesluit genomen",
            "highlight": True,
        }
    ]
    # B-1's agreed date (10 June) passed and its deadline timer was never run: overdue now
    assert tables["at_risk"] == [{"tenant": "gemeente-b", "deadline_kind": "agreed", "at_risk": 0, "overdue": 1}]


def test_the_report_states_the_log_status_and_when_it_was_made(logged: Engine) -> None:
    found = _report(logged)
    assert found["made_at"] == "2026-06-15T12:00:00+00:00"
    assert found["log"] == {"verified": True, "cases": 4, "events": 24, "breaks": 0, "intact": True, "scoped": False}


def test_the_log_status_covers_only_the_clients_asked_for(logged: Engine) -> None:
    """--client: the verification covers those clients' cases only; none when they have none (docs/reports.md)."""
    nobody = _report(logged, tenants=["gemeente-nergens"])["log"]
    assert nobody == {"verified": True, "cases": 0, "events": 0, "breaks": 0, "intact": True, "scoped": True}
    one = _report(logged, tenants=["gemeente-a"])["log"]
    both = _report(logged, tenants=["gemeente-a", "gemeente-b"])["log"]
    assert 0 < one["cases"] < both["cases"] == 4
    assert both["events"] == 24


def test_a_client_of_gemeente_b_never_sees_gemeente_a(logged: Engine) -> None:
    """The attack: a client of one gemeente asks for another's figures."""
    asked = _report(logged, actor=CLIENT_B, tenants=["gemeente-a"])
    assert all(rows == [] for name, rows in asked["tables"].items() if name != "phases"), asked["tables"]
    assert asked["tables"]["phases"] == []
    assert asked["log"]["cases"] == 2  # only its own chains are verified and counted
    own = _report(logged, actor=CLIENT_B)
    tenants = {row.get("tenant") for rows in own["tables"].values() for row in rows} - {None}
    assert tenants == {"gemeente-b"}
    assert "gemeente-a" not in str(own)
    assert {r["tenant"] for r in _report(logged, actor=CLIENT_A)["tables"]["hours_totals"]} == {"gemeente-a"}
    everyone = _report(logged, actor=AUDITOR)
    assert {r["tenant"] for r in everyone["tables"]["hours_totals"]} == {"gemeente-a", "gemeente-b"}
