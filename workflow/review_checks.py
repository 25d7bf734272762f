"""The checks ``verify`` runs over stored rows, and what it reports: a :class:`Break` per finding.

Functions over the rows :mod:`workflow.review` reads (it owns the
connection): a case's chain and row, its request hashes, the definition
texts (the log against a checkpoint: :mod:`workflow.review_checkpoint`).

Most chains are whole: one pass hashes each case's events and checks each
link and the head (:func:`_whole`), and one more replays them into the case
row, checking the definitions they name and their request hashes
(:func:`_replayed`); only a case whose chain is not whole is examined event
by event to name its breaks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from workflow.chain import GENESIS, canonical, chain_hash, request_hash
from workflow.i18n.audit import break_detail, break_line
from workflow.model import TERMS_KEY
from workflow.timer_audit import Finding, TimerCheck

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
    """One place where the log is not what was written.

    ``kind`` is a stable code; ``key`` and ``facts`` name what was found, put in words (the current
    language, Dutch by default) by :attr:`detail` and ``str()``.
    """

    case_id: str
    seq: int | None
    kind: BreakKind
    key: str
    facts: tuple[tuple[str, Any], ...] = ()

    @property
    def detail(self) -> str:
        """What was found, in words (``audit.detail.<key>`` of the catalogue)."""
        return break_detail(self.key, dict(self.facts))

    def __str__(self) -> str:
        return break_line(self.case_id, self.seq, self.kind, self.detail)


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


def _timer_break(case_id: str, found: Finding | None) -> list[Break]:
    """Checked before :func:`_explained`, which reuses the parsed contents."""
    return [] if found is None else [Break(case_id, None, "timer_changed", *found)]


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


Row = tuple[dict[str, Any], str, str | None]
"""A stored event as :func:`workflow.store.review.hashed_contents` reads it: (hashed content, hash, request hash)."""


def _whole(rows: Sequence[Row]) -> bool:
    """Whether a case's chain is whole: every event hashes to its stored hash and links to the one before.

    The hot loop (every event once): a whole chain is all most cases need; a case whose chain is not whole
    is examined again event by event (:func:`_verify_case`) to name its breaks.
    """
    previous, hashed = GENESIS, chain_hash
    for content, digest, _ in rows:
        if content["prev_hash"] != previous or hashed(content) != digest:
            return False
        previous = digest
    return True


def verify_cases(
    stored: Iterable[tuple[str, list[Row]]],
    heads: Mapping[str, tuple[int, str]],
    rows_of: Mapping[str, Any],
    checksums: Checksums,
    timers: TimerCheck,
) -> tuple[list[Break], set[str], int, int]:
    """Every case's chain, row, requests and timers, its events in order: (breaks, cases seen, events, imported)."""
    breaks: list[Break] = []
    seen: set[str] = set()
    event_count = imported = 0
    for cid, rows in stored:
        seen.add(cid)
        event_count += len(rows)
        head = heads.get(cid)
        if head is not None and head[0] == len(rows) and head[1] == rows[-1][1] and _whole(rows):
            found: list[Break] = []  # what _verify_case finds of a whole chain whose head matches: nothing
        else:
            found = _verify_case(cid, [_Stored(*row) for row in rows], head)
        timer_breaks = _timer_break(cid, timers.check([row[0] for row in rows], cid, broken=bool(found)))
        imported += sum(1 for row in rows if "imported" in row[0])
        if not found:  # a broken chain explains nothing: its contents are not replayed
            row_of = rows_of.get(cid)
            found = _replayed(rows, checksums, None if row_of is None else row_of[4]).breaks(cid, row_of)
        breaks += found or timer_breaks
    return breaks, seen, event_count, imported


def _verify_case(case_id: str, rows: Sequence[_Stored], head: tuple[int, str] | None) -> list[Break]:
    found: list[Break] = []
    if head is None:
        return [Break(case_id, rows[0].seq, "event_inserted", "no_case")]
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
                "count",
                (("found", ("event", len(rows))), ("count", count)),
            )
        )
    elif len(rows) < count and not any(b.kind == "event_removed" for b in found):
        found.append(
            Break(
                case_id,
                previous_seq + 1,
                "event_removed",
                "count",
                (("found", ("event", len(rows))), ("count", count)),
            )
        )
    elif len(rows) == count and previous_hash != head_hash:
        found.append(Break(case_id, previous_seq, "head_mismatch", "head"))
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
        return Break(case_id, row.seq, "order_changed", "moved", (("written", written), ("seq", row.seq)))
    return Break(case_id, row.seq, "content_changed", "hash")


def _broken_link(case_id: str, row: _Stored, previous_seq: int, hashes: Mapping[str, int]) -> Break:
    if row.seq > previous_seq + 1:
        missing = ", ".join(str(s) for s in range(previous_seq + 1, row.seq))
        key = "missing_one" if row.seq == previous_seq + 2 else "missing_many"
        return Break(case_id, previous_seq + 1, "event_removed", key, (("missing", missing),))
    if row.prev_hash in hashes:
        return Break(
            case_id,
            previous_seq,
            "event_inserted",
            "not_in_chain",
            (("previous", previous_seq), ("seq", row.seq), ("follows", hashes[row.prev_hash])),
        )
    return Break(
        case_id,
        previous_seq,
        "content_changed",
        "rehashed",
        (("seq", row.seq),),
    )


Checksums = Mapping[tuple[str, int], str]


def _definitions(stored: Iterable[tuple[str, int, str, str]]) -> tuple[Checksums, list[Break]]:
    """Each stored definition's checksum, and a break for each whose text no longer hashes to it."""
    checksums: dict[tuple[str, int], str] = {}
    found: list[Break] = []
    for workflow, version, checksum, source in stored:
        checksums[(workflow, version)] = checksum
        if hashlib.sha256(source.encode()).hexdigest() != checksum:
            found.append(Break(f"{workflow} v{version}", None, "definition_changed", "definition_text"))
    return checksums, found


class _Replayed:
    """What one pass over a case's events found: the row they leave, the first event naming a definition not
    stored so, and the first stored request hash that is not its request's."""

    __slots__ = ("data", "definition", "flags", "last", "request", "state", "version")

    def __init__(self) -> None:
        self.state: str | None = None
        self.data: dict[str, Any] = {}
        self.version = self.last = 0
        self.flags: set[str] = set()
        self.definition: tuple[int, str, int] | None = None
        self.request: int | None = None

    def breaks(self, case_id: str, stored: tuple[str, Any, int, list[str], str | None] | None) -> list[Break]:
        """The definition break, else the case row's, else the request's (the first found; none: [])."""
        if self.definition is not None:
            seq, workflow, version = self.definition
            named = (("definition", f"{workflow} v{version}"),)
            return [Break(case_id, seq, "definition_changed", "definition_named", named)]
        if stored is not None:
            differ = [
                name
                for name, was, now in (
                    ("state", self.state, stored[0]),
                    ("version", self.version, stored[2]),
                    ("flags", sorted(self.flags), stored[3]),
                )
                if was != now
            ]
            if canonical({"d": self.data}) != canonical({"d": stored[1]}):  # strict: 1, 1.0 and true differ
                differ.append("data")
            if differ:
                fields = (("fields", tuple(sorted(differ))),)
                return [Break(case_id, self.last, "case_row_changed", "case_row", fields)]
        if self.request is not None:
            return [Break(case_id, self.request, "request_changed", "request")]
        return []


def _replayed(rows: Sequence[Row], checksums: Checksums, reference: str | None) -> _Replayed:
    """One pass over a case's events (oldest first): an intact chain must explain its case row, under the
    definition its events name, and each stored request hash (see :func:`_request_matches`)."""
    found, apply = _Replayed(), _apply
    data, state, version, request = found.data, None, 0, None
    workflow, pinned, checksum = "", -1, ""
    for content, _, asked in rows:
        if (
            content["definition_checksum"] != checksum
            or content["definition_version"] != pinned
            or content["workflow"] != workflow
        ):
            workflow, pinned, checksum = (
                content["workflow"],
                content["definition_version"],
                content["definition_checksum"],
            )
            if checksums.get((workflow, pinned)) != checksum:
                found.definition = (content["seq"], workflow, pinned)
                break
        for change in content["data_diff"]:
            path = change["path"]
            if type(path) is list and len(path) == 2 and "new" in change and type(inner := data.get(path[0])) is dict:
                inner[path[1]] = change["new"]  # the common change, as _apply makes it
            else:
                data = apply(data, change)
        kind = content["kind"]
        if kind == "fired":
            state, version = content["to_state"] or state, version + 1
            asks = asked is not None or content["idempotency_key"] is not None
        elif kind == "started":
            state, asks = content["to_state"] or state, True
        else:
            asks = asked is not None
            if kind == "flagged" and isinstance(content["input"], dict):
                found.flags.add(str(content["input"].get("flag")))
        if asks and request is None and not _request_matches(content, asked, reference):
            request = content["seq"]
    found.state, found.data, found.version, found.request = state, data, version, request
    found.last = rows[-1][0]["seq"]
    return found


def _request_matches(content: Mapping[str, Any], stored: str | None, reference: str | None) -> bool:
    """A stored request hash (what an idempotent repeat is compared with) is the one its event's request had.

    A start's covers its workflow, tenant, data and the case's reference; a step's its transition and input
    (kept when it came with an idempotency key, or was imported).
    """
    if content["kind"] != "started":
        return stored == request_hash(content["transition"], content["input"])
    data = content["input"] if isinstance(content["input"], dict) else {}
    asked = {"workflow": content["workflow"], "tenant": content["tenant"], "reference": reference}
    return stored == request_hash("start", {**asked, "data": data}) or (
        TERMS_KEY in data  # a definition with legal terms: the start asked without them
        and stored == request_hash("start", {**asked, "data": {k: v for k, v in data.items() if k != TERMS_KEY}})
    )


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
