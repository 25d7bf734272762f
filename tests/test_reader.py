"""The SQLite reader (``wf case show``/``history`` without SQLAlchemy) answers exactly as a read-only engine.

:class:`workflow.Reader` runs the engine's own questions about one case
(:class:`workflow.case_reads.CaseQuestions`) on ``sqlite3``.  Here both are
asked the same questions on the same file at the same moment — every case of
a seeded year and of the demo story, a case of a retired version, an unknown
id — by the trusted operator, each case's own client, the agency, an auditor
and a client of another gemeente, and must give the same answers and the
same refusals (class and text).  Opening a file the engine refuses (missing,
not a database, no schema, an older or newer schema, a changed definition)
is refused alike.  The reader is SQLite's only: a PostgreSQL URL goes to the
engine (tested on both), and ``wf case show`` on SQLite imports no SQLAlchemy.
"""

from __future__ import annotations

import functools
import sqlite3
import subprocess
import sys
import warnings
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cli import main
from workflow import (
    Actor,
    Engine,
    InvalidInput,
    Reader,
    StorageError,
    WorkflowError,
    load_definitions,
    parse_definition,
    play_demo,
    play_year,
)
from workflow.case_reads import CaseQuestions
from workflow.loader import _Compiler
from workflow.store.plain import SCHEMA_REVISION, sqlite_file

from .engine_support import StepClock
from .paths import BUNDLED, FIXTURES, ROOT

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
AGENCY = Actor("s.bakker", ["accountmanager"])
AUDITOR = Actor("a.auditor", ["auditor"])
STRANGER = Actor("olga", ["ambtelijk_opdrachtgever"], "gemeente-elders")
V1 = FIXTURES / "legacy" / "assignment.v1.yaml"


def _fixed() -> datetime:
    return NOW


def _outcome(call: Callable[[], Any]) -> Any:
    """What a question answers: its value, or its refusal as (class, text)."""
    try:
        return call()
    except WorkflowError as exc:
        return (type(exc).__name__, str(exc))


def _answers(questions: CaseQuestions, case_id: str, actor: Actor | None) -> list[Any]:
    """Every question ``wf case show``/``history`` (and an embedding reader) may ask about one case."""
    answers = [
        _outcome(lambda: questions.get(case_id, actor=actor)),
        _outcome(lambda: questions.available(case_id, actor=actor)),
        _outcome(lambda: questions.timers(case_id, actor=actor)),
        _outcome(lambda: questions.history(case_id, actor=actor)),
        _outcome(lambda: questions.state_at(case_id, NOW - timedelta(days=30), actor=actor)),
    ]
    case = questions.get(case_id) if isinstance(answers[0], tuple) is False else None
    if case is not None:
        definition = questions.definition_of(case)
        answers.append(definition.checksum)
        asker = actor or AGENCY
        for transition in definition.transitions_from(case.state):
            answers.append(_outcome(functools.partial(questions.explain, case_id, transition.id, actor=asker)))
    return answers


def _year(path: Path) -> tuple[str, list[str]]:
    """A SQLite file with a seeded year of assignments and the demo story; (url, every case id)."""
    url = f"sqlite:///{path}"
    with Engine(url, load_definitions(BUNDLED), clock=StepClock(NOW - timedelta(days=1)), upgrade=True) as engine:
        play_year(engine, per_gemeente=10, seed=7)
        list(play_demo(engine))
        owner = Actor("m.jansen", ["ambtelijk_opdrachtgever"], "gemeente-utrecht")
        received = {"received_on": (NOW - timedelta(days=12)).date().isoformat()}
        engine.start("assignment", actor=owner, tenant="gemeente-utrecht", data=received)  # its term runs
        ids = [case.id for case in engine.cases(limit=1000)]
    return url, ids


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[str]]:
    return _year(tmp_path_factory.mktemp("reader") / "year.db")


def _both(url: str, definitions: Any = None) -> tuple[Engine, Reader]:
    loaded = definitions if definitions is not None else load_definitions(BUNDLED)
    return Engine(url, loaded, clock=_fixed, read_only=True), Reader(url, loaded, clock=_fixed)


def test_every_case_of_a_year_is_answered_alike_for_every_kind_of_asker(year: tuple[str, list[str]]) -> None:
    url, ids = year
    engine, reader = _both(url)
    with engine, reader:
        states = set()
        for case_id in ids:
            case = engine.get(case_id)
            states.add(case.state)
            own = Actor("c.own", ["ambtelijk_opdrachtgever"], case.tenant)
            for actor in (None, own, AGENCY, AUDITOR, STRANGER):
                assert _answers(reader, case_id, actor) == _answers(engine, case_id, actor), (case_id, actor)
        # running, suspended (its clock paused), waiting for acceptance, with deadlines, ended
        assert len(ids) >= 30
        assert {"received", "in_execution", "suspended", "delivered", "closed"} <= states
        hidden = _answers(reader, ids[0], STRANGER)[0]
        assert hidden[0] == "NotFound"  # another gemeente's case answers as an unknown id, on the reader too
        for unknown in ("no-such-case", "x" * 65, "", "a\x00b"):
            for actor in (None, STRANGER):
                assert _answers(reader, unknown, actor) == _answers(engine, unknown, actor)


def test_a_case_of_a_retired_version_is_read_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'v1.db'}"
    with monkeypatch.context() as old_release:  # an earlier release's loader, which accepted v1's guards
        old_release.setattr(_Compiler, "input_owned", lambda *_: True)
        v1 = parse_definition(V1.read_text(encoding="utf-8"), str(V1))
    owner = Actor("m.jansen", ["ambtelijk_opdrachtgever"], "gemeente-utrecht")
    with Engine(url, [v1], clock=StepClock(), upgrade=True) as old:
        case_id = old.start("assignment", actor=owner, tenant="gemeente-utrecht").id
        old.fire(case_id, "confirm_receipt", actor=AGENCY)
    engine, reader = _both(url)
    with engine, reader:
        for actor in (None, owner, AGENCY, STRANGER):
            assert _answers(reader, case_id, actor) == _answers(engine, case_id, actor)
        assert reader.definition_of(reader.get(case_id)).retired
        assert _answers(reader, case_id, owner)[1][0] == "RetiredDefinition"


def _refusal(open_it: Callable[[], Any]) -> tuple[str, str]:
    with pytest.raises(WorkflowError) as info:
        open_it().close()
    return type(info.value).__name__, str(info.value)


def _opened_alike(url: str, definitions: Any = None) -> tuple[str, str]:
    loaded = definitions if definitions is not None else load_definitions(BUNDLED)
    by_engine = _refusal(lambda: Engine(url, loaded, read_only=True))
    assert _refusal(lambda: Reader(url, loaded)) == by_engine
    return by_engine


def test_files_the_engine_will_not_open_are_refused_alike(tmp_path: Path, year: tuple[str, list[str]]) -> None:
    assert "wf db upgrade" in _opened_alike(f"sqlite:///{tmp_path / 'missing.db'}")[1]
    assert not (tmp_path / "missing.db").exists()  # neither creates it
    (tmp_path / "text.db").write_text("not a database, " * 300)
    assert _opened_alike(f"sqlite:///{tmp_path / 'text.db'}")[0] == "StorageError"
    sqlite3.connect(tmp_path / "empty.db").close()
    _opened_alike(f"sqlite:///{tmp_path / 'empty.db'}")
    (tmp_path / "folder.db").mkdir()
    _opened_alike(f"sqlite:///{tmp_path / 'folder.db'}")
    source = Path(year[0].removeprefix("sqlite:///"))
    for revision in ("0005_tenant", "9999_future", None):
        copy = tmp_path / f"schema-{revision}.db"
        copy.write_bytes(source.read_bytes())
        with sqlite3.connect(copy) as conn:
            if revision is None:
                conn.execute("DROP TABLE alembic_version")
            else:
                conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        conn.close()
        assert SCHEMA_REVISION in _opened_alike(f"sqlite:///{copy}")[1]


def test_a_changed_definition_text_under_a_stored_version_is_refused_alike(
    tmp_path: Path, year: tuple[str, list[str]]
) -> None:
    text = (BUNDLED / "assignment.yaml").read_text(encoding="utf-8").replace("title: ", "title: Changed ", 1)
    changed = parse_definition(text, "assignment.yaml")
    copy = tmp_path / "copy.db"
    copy.write_bytes(Path(year[0].removeprefix("sqlite:///")).read_bytes())
    kind, message = _opened_alike(f"sqlite:///{copy}", [changed])
    assert kind == "DefinitionError"
    assert "assignment" in message


def test_the_reader_changes_not_a_byte(tmp_path: Path, year: tuple[str, list[str]]) -> None:
    """Not a byte of the file, and beside it only what a read-only engine leaves (WAL's index)."""
    left = {}
    for kind in ("engine", "reader"):
        folder = tmp_path / kind
        folder.mkdir()
        copy = folder / "copy.db"
        copy.write_bytes(Path(year[0].removeprefix("sqlite:///")).read_bytes())
        before = copy.read_bytes()
        url, loaded = f"sqlite:///{copy}", load_definitions(BUNDLED)
        opened = Engine(url, loaded, read_only=True) if kind == "engine" else Reader(url, loaded)
        with opened as questions:
            for case_id in year[1][:5]:
                assert _outcome(functools.partial(questions.available, case_id, actor=STRANGER))[0] == "NotFound"
                questions.available(case_id, actor=None)
        assert copy.read_bytes() == before
        left[kind] = {p.name: p.stat().st_size for p in folder.iterdir()}
    assert left["reader"] == left["engine"]


def test_a_url_the_reader_does_not_read_is_refused_with_what_to_do(db_url: str, tmp_path: Path) -> None:
    for url in ("sqlite://", "sqlite:///:memory:", f"sqlite:///{tmp_path}/a%20b.db", "sqlite:///x.db?mode=ro", db_url):
        if url == db_url and url.startswith("sqlite"):
            continue
        assert not Reader.reads(url)
        with pytest.raises(StorageError, match="read_only=True"):
            Reader(url)


def test_the_cli_reads_postgresql_through_the_engine(db_url: str) -> None:
    """``wf case show``/``history`` answer the same on both databases (PostgreSQL: the engine; SQLite: the reader)."""
    owner = Actor("m.jansen", ["ambtelijk_opdrachtgever"], "gemeente-utrecht")
    with Engine(db_url, load_definitions(BUNDLED), upgrade=True) as engine:
        case_id = engine.start("assignment", actor=owner, tenant="gemeente-utrecht", reference="R-1").id
    runner = CliRunner()
    base = ["--db", db_url, "--json"]
    asker = ["--actor", owner.id, "--role", "ambtelijk_opdrachtgever", "--tenant", "gemeente-utrecht"]
    shown = runner.invoke(main, [*base, *asker, "case", "show", case_id])
    assert shown.exit_code == 0, shown.output
    assert '"state": "received"' in shown.output
    stranger = ["--actor", "olga", "--role", "ambtelijk_opdrachtgever", "--tenant", "gemeente-elders"]
    hidden = runner.invoke(main, [*base, *stranger, "case", "history", case_id])
    assert hidden.exit_code != 0
    assert "bestaat niet" in hidden.output


_PIECES = st.sampled_from(["a", "Z", "0", "/", ".", "_", "~", "+", "-", " ", "%20", "?", "#", "@", ":", "é", "="])


@given(path=st.lists(_PIECES, min_size=1, max_size=12).map("".join), driver=st.sampled_from(["", "+pysqlite"]))
def test_the_reader_takes_a_url_only_where_sqlalchemy_reads_the_same_file(path: str, driver: str) -> None:
    url = f"sqlite{driver}:///{path}"
    found = sqlite_file(url)
    if found is None:
        return
    parsed = sa.make_url(url)
    assert parsed.database == str(found) or Path(parsed.database or "") == found
    assert not parsed.query
    assert parsed.render_as_string(hide_password=True) == url  # the errors name the same URL


def test_case_show_and_history_on_sqlite_import_no_sqlalchemy(year: tuple[str, list[str]], tmp_path: Path) -> None:
    url, ids = year
    for command in (["case", "show", ids[0]], ["case", "history", ids[0]]):
        code = (
            "import sys\nfrom cli import main\n"
            f"try:\n    main({['--db', url, *command]!r})\nexcept SystemExit as exit:\n    assert not exit.code\n"
            "print('sqlalchemy' in sys.modules)"
        )
        ran = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True, timeout=60
        )
        assert ran.stdout.strip().endswith("False"), ran.stdout[-500:] + ran.stderr


def test_a_file_name_the_system_refuses_is_a_storage_error(tmp_path: Path) -> None:
    """Too long for the file system: the project's StorageError (exit 2), never a bare OSError."""
    url = f"sqlite:///{tmp_path}/{'a' * 5000}.db"
    assert _opened_alike(url)[0] == "StorageError"
    with pytest.raises(StorageError):
        Engine(url, load_definitions(BUNDLED)).close()


def test_another_programs_sqlite_file_is_named_so_not_offered_a_migration(tmp_path: Path) -> None:
    path = tmp_path / "theirs.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    conn.close()
    kind, message = _opened_alike(f"sqlite:///{path}")
    assert kind == "StorageError"
    assert "andere database" in message
    assert "upgrade" not in message  # never invite migrating someone else's database
    for url in ("sqlite://", "sqlite:///:memory:"):  # in memory: empty, nothing to read
        with pytest.raises(StorageError, match="sqlite:///PAD"):
            Engine(url, load_definitions(BUNDLED), read_only=True)


def test_a_moment_before_the_case_is_said_in_dutch_time_and_timeline_refuses_at(year: tuple[str, list[str]]) -> None:
    url, ids = year
    runner = CliRunner()
    shown = runner.invoke(main, ["--db", url, "case", "show", ids[0], "--at", "2020-01-01T12:00:00Z"])
    assert shown.exit_code == 2
    assert "bestond op woensdag 1 januari 2020 13:00 CET nog niet" in shown.output
    assert " at " not in shown.output  # no English inside the Dutch sentence
    both = runner.invoke(main, ["--db", url, "case", "show", ids[0], "--timeline", "--at", "2026-01-01"])
    assert both.exit_code == 2
    assert "laat --at weg" in both.output


@pytest.mark.parametrize("opener", ["engine", "reader"])
def test_bad_arguments_are_the_projects_errors_never_python_s(year: tuple[str, list[str]], opener: str) -> None:
    """What the new-user review found raising TypeError, AttributeError or a NotFound for None."""
    url, ids = year
    make: Any = Reader if opener == "reader" else functools.partial(Engine, read_only=True)
    for bad_url in (None, 42):
        with pytest.raises(StorageError):
            make(bad_url)
    assert not Reader.reads(None)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="clock"):
        make(url, clock=5)
    with make(url) as questions:
        with pytest.raises(InvalidInput, match="case_id"):
            questions.get(None)
        with pytest.raises(InvalidInput, match=r"workflow\.Case"):
            questions.definition_of(ids[0])


def test_bad_database_urls_are_said_in_dutch_with_what_to_give(tmp_path: Path) -> None:
    """No SQLAlchemy English inside the Dutch sentence, no warning printed for an option SQLite ignores."""
    cases = {
        "foo://bar": "onbekende soort database 'foo'",
        "workflow.db": "database-URL 'workflow.db' is niet te lezen; verwacht bijv. sqlite:///workflow.db",
        f"sqlite:///{tmp_path / 'x.db'}?mode=ro": "neemt de optie(s) mode niet",
    }
    for url, expected in cases.items():
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with pytest.raises(StorageError) as info:
                Engine(url, load_definitions(BUNDLED))
        assert expected in str(info.value)
        assert "sqlalchemy" not in str(info.value).lower()


def test_engine_arguments_of_the_wrong_kind_are_invalid_input(tmp_path: Path) -> None:
    with Engine(f"sqlite:///{tmp_path / 'a.db'}", load_definitions(BUNDLED)) as engine:
        for call in (
            lambda: engine.import_case(None),  # type: ignore[arg-type]
            lambda: engine.import_case("x"),  # type: ignore[arg-type]
            lambda: engine.report(5),  # type: ignore[arg-type]
            lambda: engine.add_listener(5),  # type: ignore[arg-type]
        ):
            with pytest.raises(InvalidInput, match="moet een"):
                call()
        engine.remove_listener(print)  # never added: nothing to stop, no error


@pytest.mark.parametrize("opener", ["engine", "reader"])
def test_language_en_speaks_english_from_the_first_refusal(tmp_path: Path, opener: str) -> None:
    """What opening refuses, and every question, in the language asked for (not only the questions)."""
    make: Any = Reader if opener == "reader" else functools.partial(Engine, read_only=True)
    missing = f"sqlite:///{tmp_path / 'missing.db'}"
    for options in ({}, {"clock": 5}):
        with pytest.raises(WorkflowError) as info:
            make(missing, language="en", **options)
        assert info.value.key in ("storage.no_database", "input.clock_type")
        assert str(info.value) == str(info.value).encode("ascii", "ignore").decode()  # no Dutch 'é' etc.
        assert "geen" not in str(info.value)
        assert "moet" not in str(info.value)
    url, _ = _sqlite_case(tmp_path / "c.db")
    with make(url, language="en") as questions, pytest.raises(InvalidInput, match=r"must be a workflow\.Case"):
        questions.definition_of("x")


def test_a_closed_reader_says_so_and_a_text_file_is_no_database(tmp_path: Path) -> None:
    url, case_id = _sqlite_case(tmp_path / "c.db")
    reader = Reader(url, load_definitions(BUNDLED))
    reader.close()
    with pytest.raises(StorageError, match="de lezer is gesloten"):
        reader.get(case_id)
    (tmp_path / "notes.txt").write_text("just some notes\n" * 100)
    kind, message = _opened_alike(f"sqlite:///{tmp_path / 'notes.txt'}")
    assert kind == "StorageError"
    assert "is geen SQLite-database" in message


def _sqlite_case(path: Path) -> tuple[str, str]:
    url = f"sqlite:///{path}"
    owner = Actor("m.jansen", ["ambtelijk_opdrachtgever"], "gemeente-utrecht")
    with Engine(url, load_definitions(BUNDLED)) as engine:
        return url, engine.start("assignment", actor=owner, tenant="gemeente-utrecht").id


def test_a_moment_without_an_offset_is_dutch_time(year: tuple[str, list[str]]) -> None:
    url, ids = year
    shown = CliRunner().invoke(main, ["--db", url, "case", "show", ids[0], "--at", "2020-01-01T10:00"])
    assert "woensdag 1 januari 2020 10:00 CET" in shown.output  # as typed, not an hour later
