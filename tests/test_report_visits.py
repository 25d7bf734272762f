"""Visits whose ends fall on a local midnight, a second before one, or on a holiday: the working days the
report counts for them, on SQLite and PostgreSQL.

The report finds the local day of every state change by sorting the changes
together with the day table (a change at the very moment a day starts belongs
to that day).  Each number below is counted by hand: working days *after* the
local date of the first moment up to and including the date of the second
(the Atw calendar of May 2026: 14 May Hemelvaartsdag, 15 May equated, 25 May
Tweede Pinksterdag off); 22:00 UTC is midnight in Amsterdam (summer time).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from workflow import Engine
from workflow.reporting.build import ReportRequest, parse_period

from .report_support import CLIENT_A, WORKER, open_report_engine


def _utc(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 5, day, hour, minute, second, tzinfo=UTC)


@pytest.fixture
def midnights(db_url: str) -> Iterator[Engine]:
    with open_report_engine(db_url) as engine:
        data = {"task_kind": "basistaak", "funding": "werkprogramma", "dvo": {"year": 2026}}
        case = engine.start("opdracht", actor=CLIENT_A, tenant="gemeente-a", data=data, at=_utc(12, 22)).id
        scope = {"scope": {"budget_hours": 10, "deadline": "2026-05-29"}}
        engine.fire(case, "start_work", actor=WORKER, input=scope, at=_utc(13, 21, 59, 59))
        booking = {"booking": {"hours": 2, "date": "2026-05-15"}}
        engine.fire(case, "book_hours", actor=WORKER, input=booking, at=_utc(14, 22))  # stays: no new visit
        engine.fire(case, "suspend", actor=WORKER, at=_utc(17, 22))
        engine.fire(case, "resume", actor=WORKER, at=_utc(24, 22))
        engine.fire(case, "deliver", actor=WORKER, at=_utc(25, 22))
        engine.fire(case, "accept", actor=CLIENT_A, at=_utc(26, 10))
        open_case = engine.start("opdracht", actor=CLIENT_A, tenant="gemeente-a", data=data, at=_utc(31, 22)).id
        engine.fire(open_case, "start_work", actor=WORKER, input=scope, at=_utc(31, 22))
        yield engine


def _tables(engine: Engine) -> dict[str, Any]:
    found = engine.report(ReportRequest(parse_period("2026Q2"), workflow="opdracht"), verify=False)
    tables: dict[str, Any] = found["tables"]
    return tables


def test_changes_at_and_just_before_local_midnight_fall_on_their_own_day(midnights: Engine) -> None:
    phases = {row["state"]: row for row in _tables(midnights)["phases"]}
    # received: Wed 13 May 00:00 → Wed 13 May 23:59:59 local: the same day, 0 working days
    assert (phases["received"]["wd_p50"], phases["received"]["cd_p50"]) == (0, 1.0)
    # executing: 13 May 23:59:59 → Mon 18 May 00:00 (14, 15 off, weekend; 18 counts) = 1,
    #            then Mon 25 May 00:00 → Tue 26 May 00:00 = 1 (26 May): 2 in all, 4 + 1 calendar days
    assert (phases["in_execution"]["wd_p50"], phases["in_execution"]["cd_p50"]) == (2, 5.0)
    # suspended: Mon 18 May 00:00 → Mon 25 May 00:00 (19-22 May; 25 May is Tweede Pinksterdag) = 4
    assert (phases["suspended"]["wd_p50"], phases["suspended"]["cd_p50"]) == (4, 7.0)
    # delivered: 26 May 00:00 → 26 May 12:00 local = 0 working days, half a day
    assert (phases["delivered"]["wd_p50"], phases["delivered"]["cd_p50"]) == (0, 0.5)


def test_lead_time_leaves_the_suspension_out_and_ageing_counts_from_a_midnight(midnights: Engine) -> None:
    tables = _tables(midnights)
    lead = {row["final"]: row for row in tables["lead_times"]}["closed"]
    # 0 + 2 + 0 working days; 1 + 5 + 0.5 calendar days (the 7 suspended ones left out)
    assert (lead["cases"], lead["wd_p50"], lead["cd_p50"]) == (1, 2, 6.5)
    # executing since Mon 1 June 00:00 local until Mon 15 June 14:00: 2-5, 8-12, 15 June = 10 working days
    assert [(r["state"], r["cases"], r["wd_p50"]) for r in tables["ageing"]] == [("in_execution", 1, 10)]
