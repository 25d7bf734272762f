"""Event logs of other systems: a column mapping, CSV and XES readers, and a definition proposed from a log.

The mapping (YAML) says which column holds what::

    workflow: permit            # the definition whose cases are started
    tenant: gemeente-utrecht    # every case's organisation (or columns.tenant)
    source: zaaksysteem         # names the source in idempotency keys (default: import)
    timezone: Europe/Amsterdam  # for moments without an offset (default: UTC)
    columns:                    # CSV headers / XES attribute keys (trace attributes as case:KEY)
      case: case_id             # required
      activity: activity        # required
      timestamp: timestamp      # required (ISO 8601)
      resource: resource        # the actor's id
      role: group               # the actor's role (via roles: below)
      reference: reference      # the case reference (zaak number)
    activities: {"Beoordelen aanvraag": beoordelen}   # activity -> transition id (default: its slug)
    roles: {"Team vergunningen": vergunningen}        # role/group value -> role id (default: its slug)
    data: {channel: channel}    # case data field -> column (first event of the case)
    input: {note: note}         # step input field -> column (each event)

XES defaults: case ``case:concept:name``, activity ``concept:name``, timestamp
``time:timestamp``, resource ``org:resource``, role ``org:group``.
"""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET  # expat >= 2.4 refuses entity expansion bombs; fetches no entities
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from workflow.errors import InvalidInput
from workflow.model import JSON
from workflow.textsafe import quoted

__all__ = ["LineProblem", "LogMapping", "SourceEvent", "propose_definition", "read_log", "read_mapping"]

_XES_COLUMNS = {
    "case": "case:concept:name",
    "activity": "concept:name",
    "timestamp": "time:timestamp",
    "resource": "org:resource",
    "role": "org:group",
}


@dataclass(frozen=True)
class LogMapping:
    """Which column of an event log holds what (see the module's docstring for the YAML)."""

    workflow: str
    columns: Mapping[str, str]
    tenant: str | None = None
    source: str = "import"
    timezone: str = "UTC"
    activities: Mapping[str, str] = field(default_factory=dict)
    roles: Mapping[str, str] = field(default_factory=dict)
    data: Mapping[str, str] = field(default_factory=dict)
    input: Mapping[str, str] = field(default_factory=dict)

    def column(self, name: str, fmt: str) -> str | None:
        return self.columns.get(name) or (_XES_COLUMNS.get(name) if fmt == "xes" else None)


@dataclass(frozen=True)
class SourceEvent:
    """One event of a source log, mapped: its case, transition, moment, actor and role, with its line."""

    line: int
    case: str
    activity: str
    transition: str
    at: datetime
    resource: str | None
    role: str | None
    reference: str | None
    tenant: str | None
    data: Mapping[str, JSON]
    input: Mapping[str, JSON]


@dataclass(frozen=True)
class LineProblem:
    """A line (CSV) or event (XES, by number) that could not be read, with its case when that was readable."""

    case: str | None
    line: int
    error: InvalidInput


def _strings(raw: Any, name: str) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in raw.items()):
        raise InvalidInput.said("log.mapping_names", name=repr(name), found=quoted(raw))
    return dict(raw)


def _reason(exc: Exception) -> str:
    """Why a mapping file could not be read, without YAML's quotation of the offending line."""
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        return f"{exc.problem} ({mark.line + 1}:{mark.column + 1})"
    return str(exc)


def read_mapping(path: str | Path) -> LogMapping:
    """Read a mapping file (YAML); refuse a mapping without workflow, case, activity or timestamp."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidInput.said("log.mapping_unreadable", path=repr(str(path)), reason=_reason(exc)) from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("workflow"), str):
        raise InvalidInput.said("log.mapping_shape", path=repr(str(path)), found=quoted(raw))
    mapping = LogMapping(
        workflow=raw["workflow"],
        columns=_strings(raw.get("columns"), "columns"),
        tenant=str(raw["tenant"]) if raw.get("tenant") is not None else None,
        source=str(raw.get("source", "import")),
        timezone=str(raw.get("timezone", "UTC")),
        activities=_strings(raw.get("activities"), "activities"),
        roles=_strings(raw.get("roles"), "roles"),
        data=_strings(raw.get("data"), "data"),
        input=_strings(raw.get("input"), "input"),
    )
    try:
        ZoneInfo(mapping.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput.said("log.timezone", zone=quoted(mapping.timezone)) from exc
    return mapping


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            yield number, {k: v for k, v in row.items() if v not in (None, "")}


_XES_TYPES = {"string": str, "id": str, "date": str, "int": int, "float": float}


def _xes_value(element: ET.Element) -> Any:
    kind, value = element.tag.rsplit("}", 1)[-1], element.get("value", "")
    if kind == "boolean":
        return value.lower() == "true"
    return _XES_TYPES.get(kind, str)(value)


def _xes_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """One flat row per event: its attributes, and its trace's as ``case:KEY``."""
    trace: dict[str, Any] = {}
    stack: list[str] = []
    number = 0
    for kind, element in ET.iterparse(path, events=("start", "end")):  # noqa: S314 - see the import
        tag = element.tag.rsplit("}", 1)[-1]
        if kind == "start":
            stack.append(tag)
            if tag == "trace":
                trace = {}
            continue
        stack.pop()
        if tag == "event":
            number += 1
            attributes = {c.get("key", ""): _xes_value(c) for c in element if c.get("key")}
            yield number, {**trace, **attributes}
            element.clear()
        elif stack and stack[-1] == "trace" and element.get("key"):
            trace[f"case:{element.get('key')}"] = _xes_value(element)
        elif tag == "trace":
            element.clear()


def _moment(value: Any, zone: ZoneInfo) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).strip())
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(UTC)


def _event(line: int, row: Mapping[str, Any], mapping: LogMapping, fmt: str) -> SourceEvent:
    def get(name: str) -> Any:
        column = mapping.column(name, fmt)
        return row.get(column) if column else None

    for required in ("case", "activity", "timestamp"):
        if get(required) is None:
            column = mapping.column(required, fmt)
            raise InvalidInput.said("log.missing", line=line, field=required, column=quoted(column))
    try:
        at = _moment(get("timestamp"), ZoneInfo(mapping.timezone)).astimezone(UTC)
    except ValueError as exc:
        raise InvalidInput.said("log.timestamp", line=line, found=quoted(get("timestamp")), reason=exc) from exc
    activity = str(get("activity"))
    role = get("role")
    return SourceEvent(
        line=line,
        case=str(get("case")),
        activity=activity,
        transition=mapping.activities.get(activity) or slug(activity)[:64],
        at=at,
        resource=None if get("resource") is None else str(get("resource")),
        role=None if role is None else mapping.roles.get(str(role)) or slug(str(role))[:64],
        reference=None if get("reference") is None else str(get("reference")),
        tenant=None if get("tenant") is None else str(get("tenant")),
        data={name: row[column] for name, column in mapping.data.items() if column in row},
        input={name: row[column] for name, column in mapping.input.items() if column in row},
    )


def read_log(path: str | Path, mapping: LogMapping) -> tuple[dict[str, list[SourceEvent]], list[LineProblem]]:
    """The log's events by case (each case's events in time order, ties in file order), and unreadable lines.

    A case with an unreadable line is still returned with its readable events: the caller decides.

    CSV or XES by the file's extension (``.xes``; anything else is read as CSV).
    """
    path = Path(path)
    fmt = "xes" if path.suffix.lower() == ".xes" else "csv"
    if not path.is_file():
        raise InvalidInput.said("log.no_file", path=repr(str(path)))
    cases: dict[str, list[SourceEvent]] = {}
    problems: list[LineProblem] = []
    case_column = mapping.column("case", fmt)
    try:
        for line, row in _xes_rows(path) if fmt == "xes" else _csv_rows(path):
            try:
                event = _event(line, row, mapping, fmt)
            except InvalidInput as exc:
                case = row.get(case_column) if case_column else None
                problems.append(LineProblem(None if case is None else str(case), line, exc))
                continue
            cases.setdefault(event.case, []).append(event)
    except (ET.ParseError, UnicodeDecodeError, csv.Error) as exc:
        raise InvalidInput.said("log.unreadable", path=repr(str(path)), fmt=fmt, reason=exc) from exc
    for events in cases.values():
        events.sort(key=lambda e: e.at)
    return cases, problems


_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """An id for a label: lower case letters, digits and underscores, starting with a letter."""
    found = _SLUG.sub("_", text.lower()).strip("_") or "x"
    return found if found[0].isalpha() else f"a_{found}"


def _state(activity: str) -> str:
    return f"after_{slug(activity)}"[:64]


def propose_definition(cases: Mapping[str, list[SourceEvent]], workflow: str) -> str:
    """A definition (YAML the loader accepts) proposed from a log, to edit: a starting point, not a model.

    States: ``new`` and one state after each activity; transitions: one per
    activity, from the states its directly-follows predecessors leave (``new``
    for first activities) to the state after it; roles: the groups that did it.
    Cases end in the states after their last activities; a ``close`` step leads
    from those to a final ``closed`` state where something can still follow.
    """
    follows: dict[str, set[str]] = {}
    roles: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    ends: set[str] = set()
    for events in cases.values():
        previous = "new"
        for event in events:
            labels.setdefault(event.transition, event.activity)
            follows.setdefault(event.transition, set()).add(previous)
            roles.setdefault(event.transition, set()).add(event.role or "staff")
            previous = _state(event.transition)
        ends.add(previous)
    leaving = {source for sources in follows.values() for source in sources}
    states: dict[str, Any] = {"new": {"initial": True, "label": "New"}}
    for transition in sorted(follows):
        name = _state(transition)
        states[name] = {"label": f"After {labels[transition]}"}
        if name not in leaving:
            states[name]["final"] = True
    all_roles = sorted({r for found in roles.values() for r in found})
    transitions: dict[str, Any] = {
        slug(t)[:64]: {"from": sorted(follows[t]), "to": _state(t), "label": labels[t], "roles": sorted(roles[t])}
        for t in sorted(follows)
    }
    open_ends = sorted(e for e in ends if e in leaving)
    if open_ends or not any(s.get("final") for s in states.values()):
        states["closed"] = {"final": True, "label": "Closed"}
        transitions["close"] = {"from": open_ends or ["new"], "to": "closed", "label": "Close", "roles": all_roles}
    document = {
        "workflow": slug(workflow)[:64],
        "version": 1,
        "title": f"{workflow} (proposed from an event log)",
        "roles": {r: {"label": r.replace("_", " ").capitalize(), "side": "agency"} for r in all_roles},
        "data": {"type": "object"},
        **_start_block(cases),
        "states": states,
        "transitions": transitions,
    }
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def _start_block(cases: Mapping[str, list[SourceEvent]]) -> dict[str, Any]:
    """``start: input:`` naming the case fields the log carries (an import starts each case with them)."""
    fields = sorted({key for events in cases.values() for event in events for key in event.data})
    return {"start": {"input": fields}} if fields else {}
