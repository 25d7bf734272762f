"""Writing audit events out: CSV, JSON lines, and XES (IEEE 1849) for process mining.

Every writer consumes an iterator and writes as it goes: memory stays flat
however long the log.  XES wants one trace per case, so give it events
ordered by case and sequence (``AuditLog.query(by_case=True)``).

An :class:`ExportContext` adds what people know beside the ids: each case's
reference and chosen data fields (:class:`CaseFacts`), and the labels of
transitions, states and roles from the definition version each event names.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TextIO

import orjson

from workflow.model import JSON, AuditEvent, Definition
from workflow.textsafe import spreadsheet_cell

__all__ = [
    "CaseFacts",
    "ExportContext",
    "ExportFormat",
    "export",
    "field_value",
    "write_csv",
    "write_jsonl",
    "write_xes",
]

ExportFormat = Literal["csv", "jsonl", "xes"]


@dataclass(frozen=True)
class CaseFacts:
    """What an export tells of a case beside its events: its reference and its data."""

    reference: str | None
    data: Mapping[str, JSON]


def _no_case(case_id: str) -> CaseFacts | None:
    return None


def _no_definition(workflow: str, version: int) -> Definition | None:
    return None


@dataclass(frozen=True)
class ExportContext:
    """What an export adds to the events, and which events it leaves out.

    ``case`` and ``definition`` look up a case's facts and a definition
    version (None when unknown: the reference and labels stay empty);
    ``case_fields`` are dotted paths into the case data (``applicant.city``),
    written as trace attributes (XES) or ``case:<path>`` columns;
    ``start=False`` leaves out each case's synthetic ``started`` event;
    ``activity`` names an XES event by transition ``id`` or ``label``.
    """

    case: Callable[[str], CaseFacts | None] = _no_case
    definition: Callable[[str, int], Definition | None] = _no_definition
    case_fields: Sequence[str] = ()
    start: bool = True
    activity: Literal["id", "label"] = "id"
    _labels: dict[tuple[str, int], Definition | None] = field(default_factory=dict, compare=False, repr=False)

    def events(self, events: Iterable[AuditEvent]) -> Iterator[AuditEvent]:
        return (e for e in events if self.start or e.kind != "started")

    def _definition(self, event: AuditEvent) -> Definition | None:
        key = (event.workflow, event.definition_version)
        if key not in self._labels:
            self._labels[key] = self.definition(*key)
        return self._labels[key]

    def labels(self, event: AuditEvent) -> dict[str, str | None]:
        """Labels of the event's transition, states and role (None where unknown)."""
        found = self._definition(event)

        def label(kind: str, name: str | None) -> str | None:
            if found is None or name is None:
                return None
            items: Mapping[str, Any] = getattr(found, kind)
            return str(items[name].label) if name in items else None

        return {
            "transition_label": label("transitions", event.transition),
            "from_state_label": label("states", event.from_state),
            "to_state_label": label("states", event.to_state),
            "role_label": label("roles", event.role),
        }


def field_value(data: Mapping[str, JSON], path: str) -> JSON:
    """The value at a dotted ``path`` in case data, or None when any part is missing."""
    value: JSON = dict(data)
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


class _Cases:
    """The case facts an export needs, looked up once per case in a run of its events."""

    def __init__(self, context: ExportContext) -> None:
        self._context = context
        self._cache: dict[str, CaseFacts | None] = {}

    def facts(self, case_id: str) -> CaseFacts | None:
        if case_id not in self._cache:
            if len(self._cache) >= 4096:
                self._cache.clear()
            self._cache[case_id] = self._context.case(case_id)
        return self._cache[case_id]

    def beside(self, event: AuditEvent) -> dict[str, Any]:
        """The reference, the labels and the chosen case fields of one event's record."""
        facts = self.facts(event.case_id)
        extra: dict[str, Any] = {"reference": facts.reference if facts else None, **self._context.labels(event)}
        data = facts.data if facts else {}
        extra.update({f"case:{path}": field_value(data, path) for path in self._context.case_fields})
        return extra


def write_jsonl(events: Iterable[AuditEvent], out: TextIO, context: ExportContext | None = None) -> int:
    """One JSON object per line: the event's record plus reference, labels and ``case:<path>`` fields."""
    context = context or ExportContext()
    cases = _Cases(context)
    count = 0
    for event in context.events(events):
        out.write(orjson.dumps({**event.to_record(), **cases.beside(event)}).decode())
        out.write("\n")
        count += 1
    return count


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
    "imported",
]

LABEL_COLUMNS = ["reference", "transition_label", "from_state_label", "to_state_label", "role_label"]
"""What a CSV row adds after the record's columns (then one ``case:<path>`` column per chosen field)."""


def _cell(value: object) -> object:
    """A CSV cell: JSON for structures; text a spreadsheet would take for a formula behind a single quote."""
    if value is None:
        return ""
    if isinstance(value, Mapping | list | bool):
        return orjson.dumps(value).decode()
    return spreadsheet_cell(value)


def write_csv(events: Iterable[AuditEvent], out: TextIO, context: ExportContext | None = None) -> int:
    """One row per event; blockers as ``code;code``, input and data diff as JSON; then reference and labels."""
    context = context or ExportContext()
    cases = _Cases(context)
    columns = [*CSV_COLUMNS, *LABEL_COLUMNS, *(f"case:{path}" for path in context.case_fields)]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for event in context.events(events):
        row = {**event.to_record(), **cases.beside(event)}
        row["blockers"] = ";".join(b.code for b in event.blockers)
        row["input"] = orjson.dumps(event.input).decode() if event.input is not None else ""
        row["data_diff"] = orjson.dumps(row["data_diff"]).decode()
        writer.writerow([_cell(row[c]) for c in columns])
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


def _typed(key: str, value: JSON) -> str:
    """A case data value as the XES attribute of its type (objects and lists as JSON text)."""
    if isinstance(value, bool):
        return _attr("boolean", key, "true" if value else "false")
    if isinstance(value, int):
        return _attr("int", key, value)
    if isinstance(value, float):
        return _attr("float", key, repr(value))
    if isinstance(value, str):
        return _attr("string", key, value)
    return _attr("string", key, orjson.dumps(value).decode())


def _xes_event(event: AuditEvent, labels: Mapping[str, str | None], activity: str) -> str:
    name = event.transition or event.kind
    if activity == "label" and labels["transition_label"]:
        name = labels["transition_label"]
    parts = [
        _attr("string", "concept:name", name),
        _attr("date", "time:timestamp", event.at.isoformat(timespec="milliseconds")),
        _attr("string", "lifecycle:transition", _LIFECYCLE.get(event.kind, "unknown")),
        _attr("string", "org:resource", event.actor_id),
        _attr("string", "org:group", event.tenant),
        _attr("int", "wf:seq", event.seq),
        _attr("string", "wf:kind", event.kind),
        _attr("string", "wf:hash", event.hash),
    ]
    if event.role:
        parts.append(_attr("string", "org:role", event.role))
    named = (
        ("transition", event.transition),
        ("from", event.from_state),
        ("to", event.to_state),
        ("reason", event.reason),
        *labels.items(),
    )
    parts += [_attr("string", f"wf:{name}", value) for name, value in named if value]
    if event.blockers:
        parts.append(_attr("string", "wf:blockers", ";".join(b.code for b in event.blockers)))
    if event.imported:
        parts.append(_attr("boolean", "wf:imported", "true"))
    return "    <event>\n      " + "\n      ".join(parts) + "\n    </event>\n"


def _xes_trace_head(first: AuditEvent, facts: CaseFacts | None, context: ExportContext) -> str:
    reference = facts.reference if facts else None
    attributes = [
        _attr("string", "concept:name", reference or first.case_id),
        _attr("string", "wf:case_id", first.case_id),
        _attr("string", "wf:workflow", first.workflow),
        _attr("string", "org:group", first.tenant),
    ]
    if reference:
        attributes.append(_attr("string", "wf:reference", reference))
    data = facts.data if facts else {}
    for path in context.case_fields:
        value = field_value(data, path)
        if value is not None:
            attributes.append(_typed(path, value))
    return "  <trace>\n    " + "\n    ".join(attributes) + "\n"


def write_xes(events: Iterable[AuditEvent], out: TextIO, context: ExportContext | None = None) -> int:
    """XES: one trace per case (events must come ordered by case), one event per audit event.

    The trace is named by the case's reference when it has one (its id in
    ``wf:case_id``); chosen case fields are trace attributes under their path.
    """
    context = context or ExportContext()
    cases = _Cases(context)
    out.write(_XES_HEAD)
    count = 0
    for case_id, group in itertools.groupby(context.events(events), key=lambda e: e.case_id):
        first = next(group)
        out.write(_xes_trace_head(first, cases.facts(case_id), context))
        for event in itertools.chain([first], group):
            out.write(_xes_event(event, context.labels(event), context.activity))
            count += 1
        out.write("  </trace>\n")
    out.write("</log>\n")
    return count


def export(fmt: ExportFormat, events: Iterable[AuditEvent], out: TextIO, context: ExportContext | None = None) -> int:
    """Write ``events`` in ``fmt``; returns how many were written."""
    writers = {"csv": write_csv, "jsonl": write_jsonl, "xes": write_xes}
    return writers[fmt](events, out, context)
