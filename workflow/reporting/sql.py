"""The SQL pieces every figure shares, for SQLite and PostgreSQL: JSON fields, durations, the day table.

Working days come from a small temporary table, one row per local date
(Europe/Amsterdam) around the log's span: the UTC moment the day starts and
its *ordinal*, the number of working days (Atw calendar: not a Saturday,
Sunday or Atw holiday) up to and including it.  The working days between two
moments are the difference of their days' ordinals — what
:meth:`~workflow.workdays.WorkCalendar.working_days_between` counts — so a
figure is one aggregate query, never a Python loop over events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from workflow.legal import AtwCalendar
from workflow.store.tables import UTCDateTime
from workflow.workdays import LOCAL

__all__ = ["DAYS", "Dialect", "analyse", "fill_days"]

_PATH = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$")

_META = sa.MetaData()
DAYS = sa.Table(
    "wf_report_days",
    _META,
    sa.Column("starts_at", UTCDateTime, primary_key=True),
    sa.Column("day", sa.String(10), nullable=False, unique=True),
    sa.Column("ordinal", sa.Integer, nullable=False),
    prefixes=["TEMPORARY"],
)


@dataclass(frozen=True)
class Dialect:
    """How one database spells what the figures need."""

    postgres: bool

    def json(self, column: str, path: str, *, number: bool = False) -> str:
        """The value at dotted ``path`` of a JSON text column (text, or a number with ``number``)."""
        if not _PATH.match(path):  # the loader checked it; a literal in SQL must never be anything else
            msg = f"not a data path: {path!r}"
            raise ValueError(msg)
        if not self.postgres:
            return f"json_extract({column}, '$.{path}')"
        found = f"(CAST({column} AS jsonb) #>> '{{{','.join(path.split('.'))}}}')"
        return f"CAST({found} AS double precision)" if number else found

    def seconds(self, start: str, end: str) -> str:
        if self.postgres:
            return f"EXTRACT(EPOCH FROM ({end} - {start}))"
        return f"((julianday({end}) - julianday({start})) * 86400.0)"

    @staticmethod
    def ordinal(moment: str) -> str:
        """The working-day ordinal of the local day ``moment`` falls on."""
        return (
            f"(SELECT d.ordinal FROM wf_report_days d WHERE d.starts_at <= {moment} ORDER BY d.starts_at DESC LIMIT 1)"
        )

    @staticmethod
    def day(moment: str) -> str:
        """The local date (``YYYY-MM-DD``) ``moment`` falls on."""
        return f"(SELECT d.day FROM wf_report_days d WHERE d.starts_at <= {moment} ORDER BY d.starts_at DESC LIMIT 1)"

    @staticmethod
    def day_ordinal(day: str) -> str:
        """The working-day ordinal of a ``YYYY-MM-DD`` text."""
        return f"(SELECT d.ordinal FROM wf_report_days d WHERE d.day = {day})"

    def json_items(self, column: str, alias: str, key: str | None = None) -> str:
        """A table source of the elements (array) or values (object at ``key``) of a JSON column."""
        if self.postgres:
            if key is None:
                return f"jsonb_array_elements(CAST({column} AS jsonb)) AS {alias}(value)"
            return f"jsonb_each(CAST({column} AS jsonb) -> '{key}') AS {alias}(key, value)"
        where = "" if key is None else f", '$.{key}'"
        return f"json_each({column}{where}) AS {alias}"

    def item(self, alias: str, name: str) -> str:
        """Field ``name`` of one element from :meth:`json_items`."""
        if self.postgres:
            return f"({alias}.value ->> '{name}')"
        return f"json_extract({alias}.value, '$.{name}')"


def _rows(first: date, last: date, calendar: AtwCalendar) -> list[dict[str, object]]:
    rows, ordinal, day = [], 0, first
    while day <= last:
        ordinal += 0 if calendar.is_free(day) else 1
        starts = datetime.combine(day, time(0), LOCAL)
        rows.append({"starts_at": starts, "day": day.isoformat(), "ordinal": ordinal})
        day += timedelta(days=1)
    return rows


def fill_days(conn: sa.Connection, first: date, last: date, calendar: AtwCalendar) -> None:
    """(Re)create the day table for ``first`` .. ``last`` (inclusive) on this connection."""
    DAYS.drop(conn, checkfirst=True)
    DAYS.create(conn)
    conn.execute(DAYS.insert(), _rows(first - timedelta(days=1), last + timedelta(days=1), calendar))
    analyse(conn, DAYS.name)


def analyse(conn: sa.Connection, table: str) -> None:
    """Statistics for a temporary table (PostgreSQL's autovacuum never sees one; the planner needs them)."""
    conn.execute(sa.text(f"ANALYZE {table}"))
