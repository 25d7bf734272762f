"""Checkpoints of the audit log, signed with Ed25519 and chained to their predecessor.

A checkpoint pins the log as it was at a moment, from outside the database:

- every case's event count and head hash (a case's head hash pins its whole chain),
  and whose it is: its tenant, workflow and definition version (``owners``, from
  format ``/3``), so a reviewer compares only the cases the checkpoint says are
  its to see, whatever else the log holds (docs/audit.md);
- the log as a whole: ``log.high``, the highest event position (``wf_events.id``)
  every event up to which was committed when the checkpoint was taken, the
  number of events up to it and a digest chained over their hashes in log
  order (``log.digest``) — so an event or a whole case added, removed or
  rewritten before the checkpoint is found however consistent its own chain;
- ``previous``: the digest of the checkpoint before it (a chain of checkpoints).

``digest`` is SHA-256 over the canonical JSON of all of that; ``signature`` is
an Ed25519 signature over the digest with a key that lives outside the database
(:func:`generate_key`, :func:`load_private_key`).  Verifying with the public key
rejects a checkpoint that was edited (its digest no longer matches) or re-signed
with another key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import orjson
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from workflow._speech import say
from workflow.chain import canonical
from workflow.errors import WorkflowError

__all__ = [
    "FORMAT",
    "Checkpoint",
    "CheckpointError",
    "LogMark",
    "generate_key",
    "load_private_key",
    "load_public_key",
    "log_digest",
]

FORMAT = "wf-audit-checkpoint/3"
FORMATS = ("wf-audit-checkpoint/2", FORMAT)
"""The formats read: ``/2`` has no ``owners`` (a reviewer then compares every case it holds)."""

Owner = tuple[str, str, int]
"""A case's tenant, workflow and definition version."""
LOG_GENESIS = "0" * 64


class CheckpointError(WorkflowError):
    """A checkpoint file or key that cannot be trusted or read."""

    code = "checkpoint"
    exit_code = 2


@dataclass(frozen=True)
class LogMark:
    """The whole log up to ``high``: ``events`` events chained into ``digest`` in log order."""

    high: int
    events: int
    digest: str


def log_digest(hashes: Iterable[tuple[int, str]]) -> tuple[int, str]:
    """The log-wide chain: ``d_k = SHA-256(d_{k-1} | id_k | hash_k)`` over events in log order; (count, digest)."""
    digest, count = LOG_GENESIS, 0
    sha256 = hashlib.sha256
    for event_id, event_hash in hashes:
        digest = sha256(f"{digest}|{event_id}|{event_hash}".encode()).hexdigest()
        count += 1
    return count, digest


@dataclass(frozen=True)
class Checkpoint:
    """Every case's event count and head hash at a moment, the log-wide mark, its predecessor, a digest, a signature.

    Keep it outside the database (another system, a WORM store, an e-mail to
    the auditor): verifying against it shows cases removed, rewritten or
    inserted before it.
    """

    created_at: datetime
    heads: Mapping[str, tuple[int, str]]
    digest: str = ""
    log: LogMark | None = None
    previous: str | None = None
    signature: str | None = None
    public_key: str | None = None
    owners: Mapping[str, Owner] = field(default_factory=dict)
    """Whose each case is (tenant, workflow, version); a case left out: unknown (format ``/2``, a forgery)."""
    format: str = FORMAT

    @staticmethod
    def make(
        created_at: datetime,
        heads: Mapping[str, tuple[int, str]],
        log: LogMark | None = None,
        previous: str | None = None,
        owners: Mapping[str, Owner] | None = None,
    ) -> Checkpoint:
        unsigned = Checkpoint(created_at, dict(heads), "", log, previous, owners=dict(owners or {}))
        return replace(unsigned, digest=unsigned.compute_digest())

    def _case(self, case_id: str) -> list[Any]:
        count, head = self.heads[case_id]
        owner = self.owners.get(case_id)
        return [count, head] if owner is None or self.format != FORMAT else [count, head, *owner]

    def _body(self) -> dict[str, Any]:
        log = (
            None if self.log is None else {"high": self.log.high, "events": self.log.events, "digest": self.log.digest}
        )
        return {
            "format": self.format,
            "created_at": self.created_at.isoformat(timespec="microseconds"),
            "previous": self.previous,
            "log": log,
            "cases": {case_id: self._case(case_id) for case_id in sorted(self.heads)},
        }

    def compute_digest(self) -> str:
        """SHA-256 over the canonical JSON of everything but the digest and the signature."""
        return hashlib.sha256(canonical(self._body())).hexdigest()

    def signed(self, key: Ed25519PrivateKey) -> Checkpoint:
        """This checkpoint with an Ed25519 signature over its digest (and the signer's public key, for reference)."""
        signature = key.sign(self.digest.encode()).hex()
        return replace(self, signature=signature, public_key=_public_hex(key.public_key()))

    def check_signature(self, public_key: Ed25519PublicKey) -> None:
        """Raise :class:`CheckpointError` unless ``public_key`` signed this checkpoint's digest."""
        if self.signature is None:
            raise CheckpointError.said("audit.unsigned")
        try:
            public_key.verify(bytes.fromhex(self.signature), self.digest.encode())
        except (InvalidSignature, ValueError) as exc:
            raise CheckpointError.said("audit.bad_signature") from exc

    @staticmethod
    def new_key_pair() -> tuple[bytes, bytes]:
        """A new Ed25519 key pair to sign checkpoints with: (private key PEM, public key PEM)."""
        return generate_key()

    @staticmethod
    def load_private_key(pem: bytes) -> Ed25519PrivateKey:
        return load_private_key(pem)

    @staticmethod
    def load_public_key(pem: bytes) -> Ed25519PublicKey:
        return load_public_key(pem)

    def to_json(self) -> bytes:
        body = {**self._body(), "digest": self.digest, "signature": self.signature, "public_key": self.public_key}
        return orjson.dumps(body, option=orjson.OPT_INDENT_2)

    @classmethod
    def from_json(cls, text: bytes | str) -> Checkpoint:
        """Read a checkpoint file; its digest must match its content."""
        try:
            body = orjson.loads(text)
            if body.get("format") not in FORMATS:
                raise ValueError(f"format {body.get('format')!r}, expected {FORMAT!r}")
            log, cases = body["log"], body["cases"].items()
            found = cls(
                datetime.fromisoformat(body["created_at"]),
                {str(k): (int(v[0]), str(v[1])) for k, v in cases},
                str(body["digest"]),
                None if log is None else LogMark(int(log["high"]), int(log["events"]), str(log["digest"])),
                None if body["previous"] is None else str(body["previous"]),
                None if body.get("signature") is None else str(body["signature"]),
                None if body.get("public_key") is None else str(body["public_key"]),
                {str(k): (str(v[2]), str(v[3]), int(v[4])) for k, v in cases if len(v) > 2},
                str(body["format"]),
            )
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
            raise CheckpointError.said("audit.not_checkpoint", reason=exc) from exc
        if found.compute_digest() != found.digest:
            raise CheckpointError.said("audit.checkpoint_changed")
        return found


def _public_hex(key: Ed25519PublicKey) -> str:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def generate_key() -> tuple[bytes, bytes]:
    """A new Ed25519 key pair: (private key PEM, public key PEM)."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return private, public


def load_private_key(pem: bytes) -> Ed25519PrivateKey:
    """An Ed25519 private key from PEM (as :func:`generate_key` writes it)."""
    try:
        key = serialization.load_pem_private_key(pem.strip() + b"\n", password=None)
    except (ValueError, TypeError) as exc:
        raise CheckpointError.said("audit.not_private_key") from exc
    if not isinstance(key, Ed25519PrivateKey):
        hint = say("audit.key_hint.private")
        raise CheckpointError.said("audit.key_kind", kind=type(key).__name__, hint=hint)
    return key


def load_public_key(pem: bytes) -> Ed25519PublicKey:
    """An Ed25519 public key from PEM (as :func:`generate_key` writes it)."""
    try:
        key = serialization.load_pem_public_key(pem.strip() + b"\n")
    except (ValueError, TypeError) as exc:
        raise CheckpointError.said("audit.not_public_key") from exc
    if not isinstance(key, Ed25519PublicKey):
        hint = say("audit.key_hint.public")
        raise CheckpointError.said("audit.key_kind", kind=type(key).__name__, hint=hint)
    return key
