"""The log against a :class:`~workflow.checkpoint.Checkpoint` kept outside the database.

A chain can be rewritten consistently by someone with write access to the
database; the checkpoint (each case's count and head hash at a moment, and
the whole log's digest up to a position) exposes that: ``case_removed``,
``case_rewritten``, ``case_inserted``, ``event_inserted``, ``log_rewritten``.
Each comparison is one streamed read, whatever the number of cases.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime

import sqlalchemy as sa

from workflow.checkpoint import FORMAT, Checkpoint, CheckpointError, LogMark, Owner, log_digest
from workflow.review_checks import Break
from workflow.store import review
from workflow.store.security import Seen

__all__ = ["against_checkpoint"]


def against_checkpoint(
    conn: sa.Connection,
    checkpoint: Checkpoint,
    heads: Mapping[str, tuple[int, str]],
    case_id: str | None,
    *,
    seen: Seen | None = None,
) -> list[Break]:
    """The checkpoint's cases against ``heads`` (what the reviewer sees).

    ``seen`` (a reviewer, not the operator): compared are the cases it sees and
    those the checkpoint says are its to see (their owner, or no owner
    recorded); one of those not among ``heads`` is ``case_removed`` whether or
    not the log still holds it elsewhere, so a reviewer cannot tell another
    organisation's case from no case. The others are left out, and the
    log-wide pin is not compared (it covers cases it may not see); a checkpoint
    of an older format (no owners) is refused (:class:`CheckpointError`) — docs/audit.md.
    """
    if seen is not None and checkpoint.format != FORMAT:  # no owners: neither oracle-free nor free of false alarms
        raise CheckpointError.said("audit.checkpoint_owners", format=checkpoint.format, expected=FORMAT)
    found: list[Break] = []
    wanted: Iterable[str] = [case_id] if case_id is not None else sorted(checkpoint.heads)
    when = checkpoint.created_at
    owners = checkpoint.owners
    compared = {
        c: checkpoint.heads[c]
        for c in wanted
        if c in checkpoint.heads and (seen is None or c in heads or _covers(seen, owners.get(c)))
    }
    stored = _hashes_at(conn, {c: head[0] for c, head in compared.items() if c in heads}, case_id)
    for cid, (count, head) in compared.items():
        if cid not in heads:
            found.append(Break(cid, None, "case_removed", "case_removed", (("when", when),)))
        elif stored.get(cid) != head:
            facts = (("seq", count), ("when", when))
            found.append(Break(cid, count, "case_rewritten", "case_rewritten", facts))
    if checkpoint.log is not None and case_id is None and seen is None:
        found += _against_log(conn, checkpoint, checkpoint.log, when, explained=bool(found))
    return found


def _covers(seen: Seen, owner: Owner | None) -> bool:
    """Does ``seen`` cover a case of ``owner`` (None: unknown, taken as covered)? :func:`policy.seen` as a test."""
    if owner is None:
        return True
    tenant, workflow, version = owner
    own_tenant, mine, everywhere = seen
    return (workflow, version) in everywhere or (tenant == own_tenant and (workflow, version) in mine)


def _against_log(
    conn: sa.Connection, checkpoint: Checkpoint, mark: LogMark, when: datetime, *, explained: bool
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
                    found.append(Break(cid, seq, "case_inserted", "case_inserted", (("when", when),)))
            elif seq > head[0]:
                facts = (("seq", seq), ("when", when), ("recorded", ("event", head[0])))
                found.append(Break(cid, seq, "event_inserted", "inserted_before", facts))
            yield position, stored

    count, digest = log_digest(positions())
    if (count, digest) != (mark.events, mark.digest) and not found and not explained:
        facts = (("high", mark.high), ("when", when), ("found", ("event", count)), ("recorded", mark.events))
        found.append(Break("log", None, "log_rewritten", "log_rewritten", facts))
    return found


def _hashes_at(conn: sa.Connection, counts: Mapping[str, int], case_id: str | None) -> dict[str, str]:
    """The stored hash of each case's event number ``counts[case]`` (left out: no such event), in one streamed read."""
    found: dict[str, str] = {}
    if not counts:
        return found
    wanted = counts.get
    for cid, seq, stored in review.event_hashes(conn, case_id):
        if wanted(cid) == seq:
            found[cid] = stored
    return found
