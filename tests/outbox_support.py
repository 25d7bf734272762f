"""A real local HTTP receiver for outbox tests: records what arrives, fails or blocks on demand."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from workflow.relay import sign

SECRET = "s3cret-s3cret-s3cret"


@dataclass
class Received:
    key: str
    body: dict[str, Any]
    signature_ok: bool
    headers: tuple[tuple[str, str], ...] = ()
    """The request's headers (name, value)."""


@dataclass
class Receiver:
    """What the receiver saw, and how it answers: ``fail_first`` failures, ``always_fail``, block at ``block_at``."""

    url: str = ""
    fail_first: int = 0
    always_fail: bool = False
    block_at: int | None = None
    reached: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    received: list[Received] = field(default_factory=list)
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def handle(self, headers: Any, body: bytes) -> int:
        with self.lock:
            self.requests += 1
            number = self.requests
            stamp = int(headers["X-Workflow-Timestamp"])
            ok = headers["X-Workflow-Signature"] == sign(SECRET, stamp, body)
            pairs = tuple(sorted(headers.items()))
            self.received.append(Received(headers["Idempotency-Key"], json.loads(body), ok, pairs))
        if number == self.block_at:
            self.reached.set()
            self.release.wait(60)
            return 200
        if self.always_fail or number <= self.fail_first:
            return 503
        return 200

    def keys(self) -> list[str]:
        with self.lock:
            return [r.key for r in self.received]

    def seqs_by_case(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for key in self.keys():
            case_id, seq, _ = key.split(":")
            found.setdefault(case_id, []).append(int(seq))
        return found


@contextmanager
def running(receiver: Receiver) -> Iterator[Receiver]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            status = receiver.handle(self.headers, body)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        receiver.release.set()
        server.shutdown()
        server.server_close()


class ManualClock:
    """A clock that moves only when told."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta = timedelta(hours=2)) -> None:
        self.now += delta


def in_order(seqs: list[int]) -> bool:
    """Repeats of the message just sent are allowed (at least once); going back or skipping is not."""
    collapsed = [s for i, s in enumerate(seqs) if i == 0 or s != seqs[i - 1]]
    return collapsed == list(range(1, len(collapsed) + 1))
