"""The report as text (at most 100 columns), CSV files (one per table) and JSON: formatting only.

Every figure is already in the report's plain data (:mod:`workflow.reporting.build`);
labels come from the definition (states) and the catalogue (titles, column heads).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from workflow.i18n import text
from workflow.i18n.numbers import counted, number_text
from workflow.i18n.time import date_text, moment_text
from workflow.textsafe import safe_text, spreadsheet_cell

__all__ = ["TABLES", "WIDTH", "cell", "csv_files", "header_lines", "json_text", "text_lines"]

WIDTH = 100
MAX_ROWS = 20

TABLES: tuple[tuple[str, tuple[str, ...] | None], ...] = (
    # (table, the columns the text shows; None: all)
    ("running", None),
    ("ageing", ("state", "cases", "wd_p50", "wd_p80", "wd_max", "cd_p50")),
    ("at_risk", None),
    ("deadlines", None),
    ("legal_terms", None),
    ("hours_totals", ("tenant", "year", "cases", "agreed", "booked", "in_period", "forecast", "over_budget")),
    ("hours", ("tenant", "reference", "year", "kind", "state", "agreed", "booked", "forecast")),
    ("changes", None),
    ("lead_times", ("final", "cases", "wd_p50", "wd_p80", "cd_p50", "cd_p80")),
    ("phases", ("state", "cases", "wd_p50", "wd_p80", "cd_p50", "cd_p80")),
    ("refusals", None),
    ("satisfaction", None),
    ("results", ("tenant", "reference", "day", "highlight", "text")),
)


def cell(report: dict[str, Any], column: str, value: Any) -> str:
    """One value as people read it: state labels, decimals in the language (``7,5``; ``7.5`` in English),
    yes/no; control characters, line breaks and bidirectional overrides in it made visible
    (:func:`workflow.textsafe.safe_text`)."""
    return safe_text(_readable(report, column, value))


def _readable(report: dict[str, Any], column: str, value: Any) -> str:
    if value is None:
        return "-"
    if column in ("state", "final"):
        return str(report["labels"]["states"].get(value, value))
    if column == "transition":
        return str(report["labels"]["transitions"].get(value, value))
    if column == "deadline_kind":
        return text(f"report.v.{value}")
    if column == "day":
        return date_text(date.fromisoformat(str(value))).split(" ", 1)[1]
    if column == "month":
        return date_text(date.fromisoformat(f"{value}-01")).split(" ", 2)[2]
    if isinstance(value, bool):
        return text("report.v.yes" if value else "report.v.no")
    if isinstance(value, float):
        return number_text(value)
    return str(value)


def header_lines(report: dict[str, Any]) -> list[str]:
    """Title, scope, period, when made, and what was checked of the log."""
    first, last = (date.fromisoformat(report["period"][k]) for k in ("first", "last"))
    own = report.get("own_tenant")
    if own is not None:  # a client: only its own organisation, whatever --client asked
        scope = text("report.scope.own", tenant=own or text("report.scope.no_tenant"))
    else:
        scope = ", ".join(report["tenants"]) if report["tenants"] else text("report.scope.all")
    lines = [
        text("report.title", workflow=report["title"]) + f" — {scope}",
        text("report.period", start=date_text(first), end=date_text(last)),
        text("report.made", moment=moment_text(datetime.fromisoformat(report["made_at"]))),
    ]
    if report.get("tenants_hidden"):
        lines.append(text("report.scope.hidden", tenants=", ".join(report["tenants_hidden"])))
    return lines + _log_lines(report.get("log", {}), own)


def _log_lines(log: dict[str, Any], own: str | None) -> list[str]:
    """What was checked of the log: the cases the report covers (``scoped``), the reader's, or the whole log."""
    if not log.get("verified"):
        lines = [text("report.log.unchecked")]
    else:
        cases, events = counted(log["cases"], "case"), counted(log["events"], "event")
        which = "own" if own is not None else "scope" if log.get("scoped") else ""
        if log.get("intact"):
            key = f"report.log.intact_{which}" if which else "report.log.intact"
            lines = [text(key, cases=cases, events=events, tenant=own)]
        else:
            key = "report.log.broken_scope" if which == "scope" else "report.log.broken"
            lines = [text(key, breaks=counted(log["breaks"], "break"), cases=cases)]
        if log["cases"] == 0:
            lines.append(text("report.log.no_cases"))
    if "checkpoint" in log:
        point = log["checkpoint"]
        breaks = point.get("breaks", log.get("breaks", 0))
        status = text("report.log.checkpoint_broken", breaks=counted(breaks, "break")) if breaks else ""
        moment = moment_text(datetime.fromisoformat(point["created_at"]))
        lines.append(text("report.log.checkpoint", moment=moment, status=status or text("report.log.checkpoint_ok")))
    return lines


def _columns(rows: Sequence[dict[str, Any]], chosen: tuple[str, ...] | None) -> list[str]:
    return list(chosen) if chosen is not None else list(rows[0]) if rows else []


def _table_lines(report: dict[str, Any], name: str, chosen: tuple[str, ...] | None) -> Iterator[str]:
    rows = report["tables"].get(name, [])
    yield ""
    yield from _wrapped(text(f"report.t.{name}"))
    if not rows:
        yield "  " + text("report.empty")
        return
    columns = _columns(rows, chosen)
    shown = [[cell(report, c, row.get(c)) for c in columns] for row in rows[:MAX_ROWS]]
    heads = [text(f"report.c.{c}") for c in columns]
    widths = [max([_head_width(heads[i])] + [len(r[i]) for r in shown]) for i in range(len(columns))]
    while sum(widths) + 2 * len(widths) > WIDTH and max(widths) > 8:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    numeric = [all(_is_number(row.get(c)) for row in rows) for c in columns]
    yield from _two_line_heads(heads, widths, numeric)
    for values in shown:
        yield _line(values, widths, numeric)
    if len(rows) > MAX_ROWS:
        yield "  " + text("report.more", n=len(rows) - MAX_ROWS)


def _head_width(head: str) -> int:
    """The narrowest width at which ``head`` fits on two lines."""
    words = head.split()
    for width in range(max(len(w) for w in words), len(head) + 1):
        first = ""
        rest = list(words)
        while rest and len((first + " " + rest[0]).strip()) <= width:
            first = (first + " " + rest.pop(0)).strip()
        if len(" ".join(rest)) <= width:
            return width
    return len(head)


def _is_number(value: Any) -> bool:
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool))


def _two_line_heads(heads: list[str], widths: list[int], numeric: list[bool]) -> list[str]:
    top, bottom = [], []
    for head, width in zip(heads, widths, strict=True):
        words = head.split()
        first = ""
        while words and len((first + " " + words[0]).strip()) <= width:
            first = (first + " " + words.pop(0)).strip()
        top.append(first)
        bottom.append(" ".join(words))
    lines = [_line(top, widths, numeric)]
    if any(bottom):
        lines.append(_line(bottom, widths, numeric))
    return lines


def _line(values: list[str], widths: list[int], numeric: list[bool]) -> str:
    parts = []
    for value, width, right in zip(values, widths, numeric, strict=True):
        value = value if len(value) <= width else value[: width - 1] + "…"
        parts.append(value.rjust(width) if right else value.ljust(width))
    return ("  " + "  ".join(parts)).rstrip()[:WIDTH]


def text_lines(report: dict[str, Any]) -> Iterator[str]:
    """The whole report as lines of at most :data:`WIDTH` characters."""
    for line in header_lines(report):
        yield from _wrapped(safe_text(line))
    for name, chosen in TABLES:
        yield from _table_lines(report, name, chosen)


def _wrapped(line: str) -> list[str]:
    """``line`` in lines of at most :data:`WIDTH` characters, broken between words (never cut off), the rest
    indented; a word longer than the width is broken inside it."""
    import textwrap

    return textwrap.wrap(line, WIDTH, subsequent_indent="  ", break_on_hyphens=False) or [""]


def json_text(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2, default=str)


def csv_files(report: dict[str, Any], directory: Path) -> list[Path]:
    """One CSV file per table (column names are the stable codes of the JSON), written to ``directory``.

    Text that a spreadsheet would take for a formula gets a single quote in front
    (:func:`workflow.textsafe.spreadsheet_cell`).
    """
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, _ in TABLES:
        rows = report["tables"].get(name, [])
        buffer = io.StringIO()
        columns = _columns(rows, None)
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({key: spreadsheet_cell(value) for key, value in row.items()} for row in rows)
        path = directory / f"{name}.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        written.append(path)
    return written
