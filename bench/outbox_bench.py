"""Benchmark: what the transactional outbox costs a fire, and how fast the relay delivers.

1. Fires per second on a SQLite file with the outbox on and off, rounds
   interleaved in the same run; the ratio is the figure to watch.
2. Relay throughput: messages per second delivered to a local HTTP receiver
   (a ThreadingHTTPServer in this process, answering 204), one subscriber.

Run: python bench/outbox_bench.py [--fires N] [--rounds N] [--cases N] [--ticks N] [--durable]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from workflow import Actor, Engine, parse_definition
from workflow.relay import Settings, relay
from workflow.subscribers import Subscriber

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import BENCH_DEFINITION

CLERK = Actor("carla.clerk", ("clerk",))
DEFINITION = parse_definition(BENCH_DEFINITION, "bench.yaml")


def fire_rate(url: str, outbox: bool, fires: int, durable: bool) -> float:
    with Engine(url, DEFINITION, durable=durable, outbox=outbox) as engine:
        case = engine.start("bench", actor=CLERK, tenant="t", data={"count": 1})
        start = time.perf_counter()
        for _ in range(fires):
            engine.fire(case.id, "tick", actor=CLERK)
        return fires / (time.perf_counter() - start)


def fire_cost(folder: Path, fires: int, rounds: int, durable: bool) -> None:
    rates: dict[bool, list[float]] = {True: [], False: []}
    for index in range(rounds):
        for outbox in (False, True) if index % 2 == 0 else (True, False):
            url = f"sqlite:///{folder / f'fire-{index}-{outbox}.db'}"
            rates[outbox].append(fire_rate(url, outbox, fires, durable))
    without, with_ = statistics.median(rates[False]), statistics.median(rates[True])
    print(f"fires/s without outbox (median of {rounds}): {without:10.0f}")
    print(f"fires/s with outbox    (median of {rounds}): {with_:10.0f}")
    print(f"ratio with/without: {with_ / without:.2f}")


class _Quiet(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real webhook endpoint would

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def relay_throughput(folder: Path, cases: int, ticks: int) -> None:
    url = f"sqlite:///{folder / 'relay.db'}"
    with Engine(url, DEFINITION, durable=False) as engine:
        for _ in range(cases):
            case = engine.start("bench", actor=CLERK, tenant="t", data={"count": 1})
            for _ in range(ticks):
                engine.fire(case.id, "tick", actor=CLERK)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Quiet)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    hook = Subscriber("bench", f"http://127.0.0.1:{server.server_address[1]}/hook", "bench-secret-0123456789")
    start = time.perf_counter()
    stats = relay(url, [hook], once=True, settings=Settings(batch=200))
    elapsed = time.perf_counter() - start
    server.shutdown()
    total = cases * (ticks + 1)
    assert stats.delivered == total, f"expected {total} deliveries, relay made {stats.delivered}"
    rate = total / elapsed
    print(f"relay: {total} messages ({cases} cases x {ticks + 1}) in {elapsed:.2f} s = {rate:.0f} messages/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fires", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--ticks", type=int, default=4)
    parser.add_argument("--durable", action="store_true", help="synchronous=FULL (fsync per commit)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        fire_cost(Path(folder), args.fires, args.rounds, args.durable)
        relay_throughput(Path(folder), args.cases, args.ticks)


if __name__ == "__main__":
    main()
