"""The checks ``verify`` runs over stored rows, and what it reports: a :class:`Break` per finding.

Functions over the rows :mod:`workflow.review` reads (it owns the
connection; the log-wide checks get it passed in): a case's chain and row,
its request hashes, the definition texts, the log against a checkpoint.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import sqlalchemy as sa

from workflow.chain import GENESIS, canonical, chain_hash, request_hash
from workflow.checkpoint import Checkpoint, LogMark, log_digest
from workflow.model import TERMS_KEY
from workflow.store import review
from workflow.timer_audit import TimerCheck

__all__ = ["Break", "BreakKind", "CaseRange", "Verification", "verify_cases"]

BreakKind = Literal[
    "content_changed",
    "event_removed",
    "event_inserted",
    "order_changed",
    "head_mismatch",
    "case_removed",
    "case_rewritten",
    "case_row_changed",
    "definition_changed",
    "case_inserted",
    "log_rewritten",
    "timer_changed",
    "request_changed",
]


@dataclass(frozen=True)
class Break:
    """One place where the log is not what was written."""

    case_id: str
    seq: int | None
    kind: BreakKind
    detail: str

    def __str__(self) -> str:
        if self.kind == "log_rewritten":
            return f"log: log rewritten — {self.detail}"
        if self.kind == "definition_changed" and self.seq is None:
            return f"definition {self.case_id}: definition changed — {self.detail}"
        where = f"case {self.case_id}" + (f" event {self.seq}" if self.seq is not None else "")
        return f"{where}: {self.kind.replace('_', ' ')} — {self.detail}"


@dataclass(frozen=True)
class Verification:
    """The outcome of :meth:`AuditLog.verify`."""

    cases: int
    events: int
    breaks: tuple[Break, ...]
    imported: int = 0
    """Events recorded as imported history, without the engine's checks (``wf import --trust-history``)."""

    @property
    def intact(self) -> bool:
        return not self.breaks

    @staticmethod
    def merge(parts: Iterable[Verification]) -> Verification:
        parts = list(parts)
        return Verification(
            sum(p.cases for p in parts),
            sum(p.events for p in parts),
            tuple(b for p in parts for b in p.breaks),
            sum(p.imported for p in parts),
        )


CaseRange = tuple[str | None, str | None]
"""Case ids from the first (inclusive) to the second (exclusive); None: unbounded."""


def _timer_break(case_id: str, detail: str | None) -> list[Break]:
    """Checked before :func:`_explained`, which reuses the parsed contents."""
    return [] if detail is None else [Break(case_id, None, "timer_changed", detail)]


class _Stored:
    """Just what verification needs of a stored event (a plain slotted class: this is the hot loop)."""

    __slots__ = ("case_id", "content", "hash", "intact", "prev_hash", "request", "seq")

    def __init__(self, content: dict[str, Any], stored_hash: str, request: str | None = None) -> None:
        self.content = content
        self.hash = stored_hash
        self.request = request
        self.case_id: str = content["case_id"]
        self.seq: int = content["seq"]
        self.prev_hash: str = content["prev_hash"]
        self.intact = chain_hash(content) == stored_hash


def verify_cases(
    stored: Iterable[_Stored],
    heads: Mapping[str, tuple[int, str]],
    rows_of: Mapping[str, Any],
    checksums: Checksums,
    timers: TimerCheck,
) -> tuple[list[Break], set[str], int, int]:
    """Every case's chain, row, requests and timers, its events in order: (breaks, cases seen, events, imported)."""
    breaks: list[Break] = []
    seen: set[str] = set()
    event_count = imported = 0
    for cid, group in itertools.groupby(stored, key=lambda r: r.case_id):
        rows = list(group)
        seen.add(cid)
        event_count += len(rows)
        imported += sum(1 for row in rows if "imported" in row.content)
        found = _verify_case(cid, rows, heads.get(cid))
        timer_breaks = _timer_break(cid, timers.check([r.content for r in rows], cid, broken=bool(found)))
        row_of = rows_of.get(cid)
        found = found or _explained(cid, rows, row_of, checksums)
        found = found or _requests(cid, rows, None if row_of is None else row_of[4])
        breaks += found or timer_breaks
    return breaks, seen, event_count, imported


def _verify_case(case_id: str, rows: Sequence[_Stored], head: tuple[int, str] | None) -> list[Break]:
    found: list[Break] = []
    if head is None:
        return [Break(case_id, rows[0].seq, "event_inserted", "events of a case that does not exist")]
    hashes = {row.hash: row.seq for row in rows}
    written: dict[str, int] | None = None
    previous_hash, previous_seq, previous_moved = GENESIS, 0, False
    for row in rows:
        moved = False
        if not row.intact:
            written = _written_positions(rows) if written is None else written
            found.append(_changed(case_id, row, written))
            moved = found[-1].kind == "order_changed"
        elif row.prev_hash != previous_hash and not previous_moved:
            found.append(_broken_link(case_id, row, previous_seq, hashes))
        previous_hash, previous_seq, previous_moved = row.hash, row.seq, moved
    count, head_hash = head
    if len(rows) > count:
        extra = [r.seq for r in rows if r.seq > count]
        found.append(
            Break(
                case_id,
                extra[0] if extra else None,
                "event_inserted",
                f"{len(rows)} events found, the case records {count}",
            )
        )
    elif len(rows) < count and not any(b.kind == "event_removed" for b in found):
        found.append(
            Break(case_id, previous_seq + 1, "event_removed", f"{len(rows)} events found, the case records {count}")
        )
    elif len(rows) == count and previous_hash != head_hash:
        found.append(
            Break(case_id, previous_seq, "head_mismatch", "the case's head hash is not the hash of its last event")
        )
    return found


def _written_positions(rows: Sequence[_Stored]) -> dict[str, int]:
    """Each event's number as written: its place on the chain of links followed from the genesis."""
    following = {row.prev_hash: row for row in rows}
    positions: dict[str, int] = {}
    link = GENESIS
    while link in following and len(positions) < len(rows):
        link = following[link].hash
        positions[link] = len(positions) + 1
    return positions


def _changed(case_id: str, row: _Stored, positions: Mapping[str, int]) -> Break:
    """Content changed — unless the event is intact but moved: then it hashes right at the place its link names.

    One hash at most per changed event (the place after the event its ``prev_hash`` names), never a search.
    """
    written = 1 if row.prev_hash == GENESIS else positions.get(row.prev_hash, -1) + 1
    if written > 0 and written != row.seq and chain_hash({**row.content, "seq": written}) == row.hash:
        return Break(case_id, row.seq, "order_changed", f"the event written as number {written} stands at {row.seq}")
    return Break(case_id, row.seq, "content_changed", "the event's content does not match its hash")


def _broken_link(case_id: str, row: _Stored, previous_seq: int, hashes: Mapping[str, int]) -> Break:
    if row.seq > previous_seq + 1:
        missing = ", ".join(str(s) for s in range(previous_seq + 1, row.seq))
        return Break(case_id, previous_seq + 1, "event_removed", f"events {missing} are missing")
    if row.prev_hash in hashes:
        return Break(
            case_id,
            previous_seq,
            "event_inserted",
            f"event {previous_seq} was not in the chain: event {row.seq} follows event {hashes[row.prev_hash]}",
        )
    return Break(
        case_id,
        previous_seq,
        "content_changed",
        f"the event was replaced and re-hashed: event {row.seq} was chained to another one",
    )


def _against_checkpoint(
    conn: sa.Connection,
    checkpoint: Checkpoint,
    heads: Mapping[str, tuple[int, str]],
    case_id: str | None,
    *,
    scoped: bool = False,
) -> list[Break]:
    """The checkpoint's cases against ``heads`` (what the reviewer sees); ``scoped`` (a reviewer, not the
    operator): a checkpointed case still in the log but hidden from it is left out, not "removed", and the
    log-wide pin is not compared (it covers cases it may not see) — docs/audit.md."""
    found: list[Break] = []
    wanted: Iterable[str] = [case_id] if case_id is not None else sorted(checkpoint.heads)
    when = checkpoint.created_at.isoformat(timespec="seconds")
    hidden: set[str] = set()
    if scoped:
        hidden = review.existing_cases(conn, (c for c in wanted if c in checkpoint.heads and c not in heads))
    for cid in wanted:
        if cid not in checkpoint.heads or cid in hidden:
            continue
        count, head = checkpoint.heads[cid]
        if cid not in heads:
            found.append(Break(cid, None, "case_removed", f"the case existed at the checkpoint of {when}"))
            continue
        stored = review.event_hash(conn, cid, count)
        if stored != head:
            found.append(
                Break(cid, count, "case_rewritten", f"event {count} is not the one the checkpoint of {when} recorded")
            )
    if checkpoint.log is not None and case_id is None and not scoped:
        found += _against_log(conn, checkpoint, checkpoint.log, when, explained=bool(found))
    return found


def _against_log(
    conn: sa.Connection, checkpoint: Checkpoint, mark: LogMark, when: str, *, explained: bool
) -> list[Break]:
    """The log up to the checkpoint's position, chained again in log order: one pass, named where it can be.

    An event up to that position of a case the checkpoint does not know is a
    case inserted before it; one past its case's checkpointed count, an
    event inserted before it; anything else that changes the log-wide digest
    (events removed, moved, renumbered) and is not ``explained`` by a case
    removed or rewritten is the log rewritten.
    """
    found: list[Break] = []
    inserted: set[str] = set()
    heads = checkpoint.heads

    def positions() -> Iterator[tuple[int, str]]:
        for position, cid, seq, stored in review.log_positions(conn, mark.high):
            head = heads.get(cid)
            if head is None:
                if cid not in inserted:
                    inserted.add(cid)
                    detail = (
                        f"its events stand in the log before the checkpoint of {when}, which does not know the case"
                    )
                    found.append(Break(cid, seq, "case_inserted", detail))
            elif seq > head[0]:
                detail = f"event {seq} stands in the log before the checkpoint of {when}, which recorded {head[0]}"
                found.append(Break(cid, seq, "event_inserted", detail))
            yield position, stored

    count, digest = log_digest(positions())
    if (count, digest) != (mark.events, mark.digest) and not found and not explained:
        detail = (
            f"the log up to position {mark.high} is not the one the checkpoint of {when} recorded "
            f"({count} events, the checkpoint recorded {mark.events}): events removed, moved or renumbered"
        )
        found.append(Break("log", None, "log_rewritten", detail))
    return found


Checksums = Mapping[tuple[str, int], str]


def _definitions(stored: Iterable[tuple[str, int, str, str]]) -> tuple[Checksums, list[Break]]:
    """Each stored definition's checksum, and a break for each whose text no longer hashes to it."""
    checksums: dict[tuple[str, int], str] = {}
    found: list[Break] = []
    for workflow, version, checksum, source in stored:
        checksums[(workflow, version)] = checksum
        if hashlib.sha256(source.encode()).hexdigest() != checksum:
            detail = "its stored text no longer hashes to the checksum its cases' events name"
            found.append(Break(f"{workflow} v{version}", None, "definition_changed", detail))
    return checksums, found


def _explained(
    case_id: str,
    rows: Sequence[_Stored],
    stored: tuple[str, Any, int, list[str], str | None] | None,
    checksums: Checksums,
) -> list[Break]:
    """An intact chain must explain its case row, under the definition its events name."""
    state: str | None = None
    data: dict[str, Any] = {}
    version = 0
    flags: set[str] = set()
    named: tuple[str, int, str] | None = None
    for row in rows:  # one pass: the definition each event names, and the row the events leave
        content = row.content
        pinned = (content["workflow"], content["definition_version"], content["definition_checksum"])
        if pinned != named:
            if checksums.get(pinned[:2]) != pinned[2]:
                detail = f"{pinned[0]} v{pinned[1]} is not the definition the event names"
                return [Break(case_id, row.seq, "definition_changed", detail)]
            named = pinned
        for change in content["data_diff"]:
            data = _apply(data, change)
        kind = content["kind"]
        if kind in ("started", "fired"):
            state = content["to_state"] or state
            version += kind == "fired"
        elif kind == "flagged" and isinstance(content["input"], dict):
            flags.add(str(content["input"].get("flag")))
    if stored is None:
        return []
    differ = [
        name
        for name, was, now in (
            ("state", state, stored[0]),
            ("version", version, stored[2]),
            ("flags", sorted(flags), stored[3]),
        )
        if was != now
    ]
    if canonical({"d": data}) != canonical({"d": stored[1]}):  # strict: 1, 1.0 and true differ
        differ.append("data")
    if not differ:
        return []
    detail = f"the case row's {', '.join(sorted(differ))} differ from what its events record"
    return [Break(case_id, rows[-1].seq, "case_row_changed", detail)]


def _requests(case_id: str, rows: Sequence[_Stored], reference: str | None) -> list[Break]:
    """Each stored request hash (what an idempotent repeat is compared with) is the one its event's request had.

    A start's covers its workflow, tenant, data and the case's reference; a step's its transition and input
    (kept when it came with an idempotency key, or was imported).
    """
    for row in rows:
        content = row.content
        if content["kind"] == "started":
            data = content["input"] if isinstance(content["input"], dict) else {}
            asked = {"workflow": content["workflow"], "tenant": content["tenant"], "reference": reference}
            matches = row.request == request_hash("start", {**asked, "data": data}) or (
                TERMS_KEY in data  # a definition with legal terms: the start asked without them
                and row.request
                == request_hash("start", {**asked, "data": {k: v for k, v in data.items() if k != TERMS_KEY}})
            )
        elif row.request is None and (content["idempotency_key"] is None or content["kind"] != "fired"):
            continue
        else:
            matches = row.request == request_hash(content["transition"], content["input"])
        if not matches:
            detail = "its stored request hash is not the hash of the request it records"
            return [Break(case_id, row.seq, "request_changed", detail)]
    return []


def _apply(data: dict[str, Any], change: Mapping[str, Any]) -> dict[str, Any]:
    """One change of a diff, applied in place (the parsed values are not shared with anything else)."""
    path = list(change["path"])
    if not path:
        value = change.get("new", {})
        return value if isinstance(value, dict) else {}
    target = data
    for key in path[:-1]:
        if not isinstance(target.get(key), dict):
            target[key] = {}
        target = target[key]
    if "new" in change:
        target[path[-1]] = change["new"]
    else:
        target.pop(path[-1], None)
    return data
