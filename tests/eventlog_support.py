"""A small public-style event log made here: permit intake cases with loops, rework and parallel advice."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import quoteattr

GROUPS = {
    "Team intake": ["ilse", "ivo"],
    "Team vergunningen": ["vera", "victor", "valerie"],
    "Adviseurs": ["anne", "arjen", "astrid"],
    "Juristen": ["joost", "jet"],
}

MAPPING = """\
workflow: permit
tenant: gemeente-voorbeeld
source: zaaksysteem
columns:
  case: case_id
  activity: activity
  timestamp: timestamp
  resource: resource
  role: group
  reference: reference
roles:
  Team intake: intake
  Team vergunningen: vergunningen
  Adviseurs: adviseurs
  Juristen: juristen
data:
  channel: channel
"""

XES_MAPPING = """\
workflow: permit
tenant: gemeente-voorbeeld
source: zaaksysteem-xes
columns:
  reference: case:reference
roles:
  Team intake: intake
  Team vergunningen: vergunningen
  Adviseurs: adviseurs
  Juristen: juristen
data:
  channel: case:channel
"""


@dataclass(frozen=True)
class Row:
    case: str
    reference: str
    activity: str
    at: datetime
    resource: str
    group: str
    channel: str


def _case(rng: random.Random, number: int, start: datetime) -> list[Row]:
    case, reference, channel = f"c{number:03d}", f"Z-2026-{number:04d}", rng.choice(["web", "post", "balie"])
    moment = start
    rows: list[Row] = []

    def step(activity: str, group: str, minutes: int = 60) -> None:
        nonlocal moment
        moment += timedelta(minutes=rng.randint(1, minutes), milliseconds=rng.randint(0, 999))
        rows.append(Row(case, reference, activity, moment, rng.choice(GROUPS[group]), group, channel))

    step("Ontvangen aanvraag", "Team intake")
    step("Registreren", "Team intake")
    step("Beoordelen aanvraag", "Team vergunningen", 600)
    for _ in range(rng.choice([0, 0, 1, 2])):  # rework: back for more information, then assessed again
        step("Aanvullen gegevens", "Team intake", 2000)
        step("Beoordelen aanvraag", "Team vergunningen", 600)
    for advisor in rng.sample(GROUPS["Adviseurs"], rng.choice([0, 1, 2, 3])):  # advice by several advisors
        moment += timedelta(minutes=rng.randint(1, 30), milliseconds=rng.randint(0, 999))
        rows.append(Row(case, reference, "Advies geven", moment, advisor, "Adviseurs", channel))
    if rng.random() < 0.3:
        step("Juridische toets", "Juristen", 900)
    step("Besluit nemen", "Team vergunningen", 900)
    step("Verzenden besluit", "Team intake", 120)
    return rows


def make_log(cases: int = 50, seed: int = 20) -> list[Row]:
    rng = random.Random(seed)
    start = datetime(2024, 1, 8, 8, 30, tzinfo=UTC)
    rows: list[Row] = []
    for number in range(1, cases + 1):
        rows += _case(rng, number, start + timedelta(hours=7 * number, milliseconds=rng.randint(0, 999)))
    rng.shuffle(rows)  # a log in no particular order: the import sorts each case's events by time
    return rows


def traces(rows: list[Row]) -> dict[str, list[tuple[str, str, str]]]:
    """Each case's (activity, resource, moment to the millisecond) by reference, in time order."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    for row in sorted(rows, key=lambda r: r.at):
        found.setdefault(row.reference, []).append((row.activity, row.resource, _ms(row.at)))
    return found


def _ms(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def write_csv(rows: list[Row], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_id", "reference", "activity", "timestamp", "resource", "group", "channel"])
        for r in rows:
            writer.writerow([r.case, r.reference, r.activity, _ms(r.at), r.resource, r.group, r.channel])
    return path


def write_xes(rows: list[Row], path: Path) -> Path:
    by_case: dict[str, list[Row]] = {}
    for row in rows:
        by_case.setdefault(row.case, []).append(row)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">',
    ]
    for case, events in by_case.items():
        lines.append("<trace>")
        lines.append(f'<string key="concept:name" value={quoteattr(case)}/>')
        lines.append(f'<string key="reference" value={quoteattr(events[0].reference)}/>')
        lines.append(f'<string key="channel" value={quoteattr(events[0].channel)}/>')
        for e in events:
            lines.append("<event>")
            lines.append(f'<string key="concept:name" value={quoteattr(e.activity)}/>')
            lines.append(f'<date key="time:timestamp" value="{_ms(e.at)}"/>')
            lines.append(f'<string key="org:resource" value={quoteattr(e.resource)}/>')
            lines.append(f'<string key="org:group" value={quoteattr(e.group)}/>')
            lines.append("</event>")
        lines.append("</trace>")
    lines.append("</log>")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
