"""Benchmark: this engine and its peers, persisting the same fires on the same machine in one run.

Each system fires state-changing transitions (``go`` open -> review, ``back``
review -> open), each with one guard (``count >= 0``), round-robin over
``--cases`` cases on a SQLite file in WAL mode with ``synchronous=FULL``
(durable), and writes one audit row per fire, one transaction per fire:

- this engine (``Engine.fire``: its audit event is hash-chained);
- the fair raw sqlite3 floor of a fire of this engine (bench/_floor.py);
- transitions + SQLAlchemy ORM: the case loaded, a ``Machine`` (built once)
  moves it, an audit row added, commit;
- django-fsm-2 + django-fsm-log: the case loaded, a ``@transition`` with a
  condition, django-fsm-log's StateLog row, ``save()``, in ``atomic()``;
- python-statemachine + SQLAlchemy ORM: the case loaded, the machine bound
  to it as its model, a ``cond`` guard, an audit row added, commit.

Each system runs in a fresh process; runs are interleaved so all see the same
machine noise.  The peers' packages: ``pip install -e '.[peers]'``; a peer
that is not installed is reported as such.

Run: python bench/peers_bench.py [--fires N] [--runs N] [--cases N]
"""

from __future__ import annotations

import argparse
import importlib.util
import multiprocessing
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, orm

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _floor import Setup, engine_run, floor_run, ping_pong

PRAGMAS = ("PRAGMA busy_timeout = 30000", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL")


def step(fire: int, cases: int) -> tuple[str, str]:
    """(transition, target) of fire number ``fire``: every case moves once per round."""
    return ("go", "review") if (fire // cases) % 2 == 0 else ("back", "open")


class Base(orm.DeclarativeBase):
    pass


class OrmCase(Base):
    __tablename__ = "cases"
    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    state: orm.Mapped[str] = orm.mapped_column(sa.String(40))
    count: orm.Mapped[int]


class OrmAudit(Base):
    __tablename__ = "audit"
    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    case_id: orm.Mapped[int] = orm.mapped_column(sa.ForeignKey("cases.id"), index=True)
    transition: orm.Mapped[str] = orm.mapped_column(sa.String(40))
    source: orm.Mapped[str] = orm.mapped_column(sa.String(40))
    target: orm.Mapped[str] = orm.mapped_column(sa.String(40))
    actor: orm.Mapped[str] = orm.mapped_column(sa.String(80))
    at: orm.Mapped[datetime]


def orm_session(path: Path, cases: int) -> orm.sessionmaker[orm.Session]:
    """A SQLAlchemy ORM on a new SQLite file (WAL, FULL, foreign keys) with ``cases`` cases in ``open``."""
    db = sa.create_engine(f"sqlite:///{path}")

    @event.listens_for(db, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        for pragma in (*PRAGMAS, "PRAGMA foreign_keys = ON"):
            dbapi_connection.execute(pragma)

    Base.metadata.create_all(db)
    sessions = orm.sessionmaker(db, expire_on_commit=False)
    with sessions.begin() as session:
        session.add_all(OrmCase(id=n + 1, state="open", count=1) for n in range(cases))
    return sessions


def transitions_run(folder: Path, fires: int, cases: int) -> float:
    from transitions import Machine

    sessions = orm_session(folder / "transitions.db", cases)

    def guard(event_data: Any) -> bool:
        return bool(event_data.model.count >= 0)

    machine = Machine(
        model=None,
        states=["open", "review"],
        transitions=[
            {"trigger": "go", "source": "open", "dest": "review", "conditions": guard},
            {"trigger": "back", "source": "review", "dest": "open", "conditions": guard},
        ],
        initial=None,
        send_event=True,
        auto_transitions=False,
    )
    start = time.perf_counter()
    for n in range(fires):
        transition, target = step(n, cases)
        with sessions.begin() as session:
            case = session.get_one(OrmCase, n % cases + 1)
            source = case.state
            machine.add_model(case, initial=source)
            if not case.trigger(transition):  # type: ignore[attr-defined]
                raise RuntimeError("transitions: guard refused")
            machine.remove_model(case)
            session.add(OrmAudit(case_id=case.id, transition=transition, source=source, target=target,
                                 actor="carla.clerk", at=datetime.now(UTC)))  # fmt: skip
    return fires / (time.perf_counter() - start)


def statemachine_run(folder: Path, fires: int, cases: int) -> float:
    from statemachine import State, StateMachine

    class Flow(StateMachine):  # type: ignore[misc]
        open = State(initial=True)
        review = State()
        go = open.to(review, cond="guard")
        back = review.to(open, cond="guard")

        def guard(self) -> bool:
            return bool(self.model.count >= 0)

    sessions = orm_session(folder / "statemachine.db", cases)
    start = time.perf_counter()
    for n in range(fires):
        transition, target = step(n, cases)
        with sessions.begin() as session:
            case = session.get_one(OrmCase, n % cases + 1)
            source = case.state
            Flow(model=case, state_field="state").send(transition)
            if case.state != target:
                raise RuntimeError("python-statemachine: guard refused")
            session.add(OrmAudit(case_id=case.id, transition=transition, source=source, target=target,
                                 actor="carla.clerk", at=datetime.now(UTC)))  # fmt: skip
    return fires / (time.perf_counter() - start)


def django_run(folder: Path, fires: int, cases: int) -> float:
    import django
    from django.conf import settings

    settings.configure(
        INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "django_fsm_log"],
        DATABASES={
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(folder / "django.db"),
                "OPTIONS": {"init_command": ";".join(PRAGMAS)},
            }
        },
        USE_TZ=True,
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    )
    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection, models, transaction
    from django_fsm import FSMField
    from django_fsm import transition as fsm_transition
    from django_fsm_log.decorators import fsm_log_by

    def guard(instance: Any) -> bool:
        return bool(instance.count >= 0)

    def go(instance: Any, by: Any = None) -> None:
        """The transition's body: django-fsm changes the state, django-fsm-log writes the StateLog row."""

    def back(instance: Any, by: Any = None) -> None:
        """The way back, likewise."""

    moves = {
        "go": fsm_log_by(fsm_transition(field="state", source="open", target="review", conditions=[guard])(go)),
        "back": fsm_log_by(fsm_transition(field="state", source="review", target="open", conditions=[guard])(back)),
    }

    class DjangoCase(models.Model):  # type: ignore[misc]
        state = FSMField(default="open")
        count = models.IntegerField()
        go, back = moves["go"], moves["back"]  # there when django-fsm collects the class's transitions

        class Meta:
            app_label = "peers"

    call_command("migrate", verbosity=0)
    with connection.schema_editor() as editor:
        editor.create_model(DjangoCase)
    DjangoCase.objects.bulk_create(DjangoCase(id=n + 1, count=1) for n in range(cases))
    clerk = User.objects.create(username="carla.clerk")
    start = time.perf_counter()
    for n in range(fires):
        transition = step(n, cases)[0]
        with transaction.atomic():
            case = DjangoCase.objects.select_for_update().get(pk=n % cases + 1)
            getattr(case, transition)(by=clerk)
            case.save()
    return fires / (time.perf_counter() - start)


def this_engine(folder: Path, fires: int, cases: int) -> float:
    return engine_run(folder, Setup(ping_pong(deadlines=False), False, True, cases, fires))


def fair_floor(folder: Path, fires: int, cases: int) -> float:
    return floor_run(folder, Setup(ping_pong(deadlines=False), False, True, cases, fires))


SYSTEMS: dict[str, tuple[Callable[[Path, int, int], float], tuple[str, ...]]] = {
    "this engine": (this_engine, ()),
    "raw sqlite3 fair floor": (fair_floor, ()),
    "transitions + SQLAlchemy ORM + audit row": (transitions_run, ("transitions",)),
    "django-fsm-2 + django-fsm-log": (django_run, ("django", "django_fsm", "django_fsm_log")),
    "python-statemachine + SQLAlchemy ORM": (statemachine_run, ("statemachine",)),
}
FLOOR, ENGINE = "raw sqlite3 fair floor", "this engine"


def _child(name: str, folder: str, fires: int, cases: int, out: Any) -> None:
    try:
        out.put(SYSTEMS[name][0](Path(folder), fires, cases))
    except Exception as exc:  # reported in the table instead of a rate
        out.put(f"{type(exc).__name__}: {exc}")


def in_fresh_process(name: str, fires: int, cases: int) -> float | str:
    """Fires per second of ``name`` in a new process (Django configures itself once per process)."""
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as folder:
        proc = context.Process(target=_child, args=(name, folder, fires, cases, out))
        proc.start()
        result: float | str = out.get(timeout=1800)
        proc.join()
    return result


def missing_packages(modules: tuple[str, ...]) -> list[str]:
    return [module for module in modules if importlib.util.find_spec(module) is None]


def report(rates: dict[str, list[float]], problems: dict[str, str]) -> None:
    floor = statistics.median(rates[FLOOR]) if rates.get(FLOOR) else None
    peers = {name: statistics.median(r) for name, r in rates.items() if r and name not in (FLOOR, ENGINE)}
    best = max(peers.items(), key=lambda item: item[1]) if peers else None
    print(f"{'system':<42} {'median':>8} {'min':>8} {'max':>8}  vs floor")
    for name in SYSTEMS:
        if name in problems:
            print(f"{name:<42} {problems[name]}")
            continue
        median = statistics.median(rates[name])
        versus = f"{median / floor:8.2f}" if floor else "       -"
        print(f"{name:<42} {median:8.0f} {min(rates[name]):8.0f} {max(rates[name]):8.0f}  {versus}")
    if best and rates.get(ENGINE):
        engine = statistics.median(rates[ENGINE])
        print(f"\nthis engine / best peer ({best[0]}): {engine / best[1]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fires", type=int, default=500, help="fires per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cases", type=int, default=50, help="cases the fires rotate over")
    args = parser.parse_args()
    problems = {
        name: f"not run: package(s) {', '.join(missing)} not installed (pip install -e '.[peers]')"
        for name, (_, modules) in SYSTEMS.items()
        if (missing := missing_packages(modules))
    }
    rates: dict[str, list[float]] = {name: [] for name in SYSTEMS if name not in problems}
    for _ in range(args.runs):
        for name in list(rates):
            result = in_fresh_process(name, args.fires, args.cases)
            if isinstance(result, str):
                problems[name] = f"failed: {result}"
                del rates[name]
            else:
                rates[name].append(result)
    shape = f"{args.runs} runs x {args.fires} fires over {args.cases} cases"
    print(f"fires/s, SQLite file, WAL, synchronous=FULL; {shape}\n")
    report(rates, problems)


if __name__ == "__main__":
    main()
