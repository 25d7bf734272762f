"""Writing audit events out: CSV, JSON lines, and XES (IEEE 1849) for process mining.

Every writer consumes an iterator and writes as it goes: memory stays flat
however long the log.  XES wants one trace per case, so give it events
ordered by case and sequence (``AuditLog.query(by_case=True)``).
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable
from typing import Literal, TextIO

import orjson

from workflow.model import AuditEvent

__all__ = ["ExportFormat", "export", "write_csv", "write_jsonl", "write_xes"]

ExportFormat = Literal["csv", "jsonl", "xes"]

CSV_COLUMNS = [  # a selection of the record's keys (workflow.model.EVENT_FIELDS), same names
    "id",
    "case_id",
    "seq",
    "kind",
    "transition",
    "from_state",
    "to_state",
    "actor_id",
    "role",
    "tenant",
    "reason",
    "at",
    "workflow",
    "definition_version",
    "blockers",
    "input",
    "data_diff",
    "prev_hash",
    "hash",
]


def write_jsonl(events: Iterable[AuditEvent], out: TextIO) -> int:
    count = 0
    for event in events:
        out.write(orjson.dumps(event.to_record()).decode())
        out.write("\n")
        count += 1
    return count


def write_csv(events: Iterable[AuditEvent], out: TextIO) -> int:
    """One row per event; blockers as ``code;code``, input and data diff as JSON."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for event in events:
        row = event.to_record()
        row["blockers"] = ";".join(b.code for b in event.blockers)
        row["input"] = orjson.dumps(event.input).decode() if event.input is not None else ""
        row["data_diff"] = orjson.dumps(row["data_diff"]).decode()
        writer.writerow(["" if row[c] is None else row[c] for c in CSV_COLUMNS])
        count += 1
    return count


_XES_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1849-2016" xes.features="" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
  <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
  <extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
  <global scope="trace">
    <string key="concept:name" value="__INVALID__"/>
  </global>
  <global scope="event">
    <string key="concept:name" value="__INVALID__"/>
    <date key="time:timestamp" value="1970-01-01T00:00:00.000+00:00"/>
    <string key="lifecycle:transition" value="complete"/>
  </global>
  <classifier name="Activity" keys="concept:name"/>
  <classifier name="Activity and lifecycle" keys="concept:name lifecycle:transition"/>
  <string key="concept:name" value="workflow audit log"/>
"""

# a refused attempt is an activity instance aborted before it happened
_LIFECYCLE = {"started": "complete", "fired": "complete", "refused": "ate_abort"}


_XML_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)


def quoteattr(value: str) -> str:
    """An XML attribute value in double quotes (what xml.sax.saxutils does, without importing urllib)."""
    return '"' + value.translate(_XML_ESCAPES) + '"'


def _attr(kind: str, key: str, value: object) -> str:
    return f"<{kind} key={quoteattr(key)} value={quoteattr(str(value))}/>"


def _xes_event(event: AuditEvent) -> str:
    activity = event.transition or event.kind
    parts = [
        _attr("string", "concept:name", activity),
        _attr("date", "time:timestamp", event.at.isoformat(timespec="milliseconds")),
        _attr("string", "lifecycle:transition", _LIFECYCLE.get(event.kind, "unknown")),
        _attr("string", "org:resource", event.actor_id),
        _attr("int", "wf:seq", event.seq),
        _attr("string", "wf:kind", event.kind),
        _attr("string", "wf:hash", event.hash),
    ]
    if event.role:
        parts.append(_attr("string", "org:role", event.role))
    parts += [
        _attr("string", f"wf:{name}", value)
        for name, value in (("from", event.from_state), ("to", event.to_state), ("reason", event.reason))
        if value
    ]
    if event.blockers:
        parts.append(_attr("string", "wf:blockers", ";".join(b.code for b in event.blockers)))
    return "    <event>\n      " + "\n      ".join(parts) + "\n    </event>\n"


def write_xes(events: Iterable[AuditEvent], out: TextIO) -> int:
    """XES: one trace per case (events must come ordered by case), one event per audit event."""
    out.write(_XES_HEAD)
    count = 0
    for case_id, group in itertools.groupby(events, key=lambda e: e.case_id):
        first = next(group)
        out.write(
            "  <trace>\n    "
            + "\n    ".join(
                [
                    _attr("string", "concept:name", case_id),
                    _attr("string", "wf:workflow", first.workflow),
                    _attr("string", "org:group", first.tenant),
                ]
            )
            + "\n"
        )
        for event in itertools.chain([first], group):
            out.write(_xes_event(event))
            count += 1
        out.write("  </trace>\n")
    out.write("</log>\n")
    return count


def export(fmt: ExportFormat, events: Iterable[AuditEvent], out: TextIO) -> int:
    """Write ``events`` in ``fmt``; returns how many were written."""
    writers = {"csv": write_csv, "jsonl": write_jsonl, "xes": write_xes}
    return writers[fmt](events, out)
