"""Read-only review (issue 14): an auditor opens a read-only copy of the database.

The copy sits in a read-only folder (or is a read-only file): ``wf audit
verify``, ``audit log``, ``case show/list/history`` work on it and change
nothing — not a byte, no ``-wal``/``-shm`` beside it; writes in read-only mode
are refused with a clear error.  Running as root, file modes do not stop the
process, so the folder is then also bind-mounted read-only (the kernel
refuses every write, as it would for an auditor's account).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from cli import main
from workflow import Actor, AuditLog, Engine, StorageError

from .engine_support import CLERK, CLIENT, StepClock, definitions

DEFINITIONS = ["--definitions", str(Path(__file__).parent / "fixtures" / "engine" / "counter.yaml")]


def _fill(url: str) -> str:
    with Engine(url, definitions(), clock=StepClock(), upgrade=True) as engine:
        case = engine.start("counter", actor=CLIENT, tenant="utrecht", data={"count": 1}, reference="Z-1")
        engine.fire(case.id, "tick", actor=CLERK)
    return case.id


@contextmanager
def _read_only(folder: Path) -> Iterator[Path]:
    """``folder`` made read-only: modes 0555/0444, and as root a read-only bind mount of it as well."""
    for file in folder.iterdir():
        file.chmod(0o444)
    folder.chmod(0o555)
    mounted = None
    try:
        if os.geteuid() == 0:
            mounted = folder.with_name(folder.name + "-ro")
            mounted.mkdir()
            steps = (["mount", "--bind", str(folder), str(mounted)], ["mount", "-o", "remount,bind,ro", str(mounted)])
            for step in steps:
                if subprocess.run(step, capture_output=True, check=False).returncode != 0:
                    subprocess.run(["umount", str(mounted)], capture_output=True, check=False)
                    pytest.skip("running as root without the right to mount: file modes would not stop a write")
            with pytest.raises(OSError, match="Read-only file system"):  # the kernel refuses, even root
                (mounted / "probe").write_text("x")
        yield mounted or folder
    finally:
        if mounted is not None:
            subprocess.run(["umount", str(mounted)], capture_output=True, check=False)
            mounted.rmdir()
        folder.chmod(0o755)


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def copy(tmp_path: Path) -> tuple[Path, str]:
    """A closed database (its write-ahead log folded in) copied alone into its own folder."""
    origin = tmp_path / "live.db"
    case_id = _fill(f"sqlite:///{origin}")
    folder = tmp_path / "review"
    folder.mkdir()
    shutil.copy(origin, folder / "copy.db")
    return folder, case_id


def test_review_commands_work_on_a_copy_in_a_read_only_folder(copy: tuple[Path, str]) -> None:
    folder, case_id = copy
    runner = CliRunner()
    with _read_only(folder) as ro:
        before = _digest(ro)
        db = ["--db", f"sqlite:///{ro / 'copy.db'}", "--lang", "en"]
        verify = runner.invoke(main, [*db, "audit", "verify"])
        assert verify.exit_code == 0, verify.output
        assert "intact" in verify.output
        log = runner.invoke(main, [*db, "--json", "audit", "log"])
        assert log.exit_code == 0, log.output
        assert len(log.stdout.splitlines()) == 2
        for command in (["case", "show", case_id], ["case", "list"], ["case", "history", case_id]):
            result = runner.invoke(main, [*db, *DEFINITIONS, *command])
            assert result.exit_code == 0, (command, result.output)
            assert "unable to open" not in result.output
        assert case_id[:8] in runner.invoke(main, [*db, *DEFINITIONS, "case", "list"]).output
        assert _digest(ro) == before  # not a byte changed, no -wal or -shm made


def test_writes_in_read_only_mode_are_refused_clearly(copy: tuple[Path, str]) -> None:
    folder, case_id = copy
    runner = CliRunner()
    with _read_only(folder) as ro:
        db = ["--db", f"sqlite:///{ro / 'copy.db'}", "--lang", "en", *DEFINITIONS]
        who = ["--actor", "carla.clerk", "--role", "clerk"]
        fired = runner.invoke(main, [*db, *who, "--read-only", "case", "fire", case_id, "tick"])
        assert fired.exit_code == 2, fired.output
        assert "read-only" in fired.output
        assert "Traceback" not in fired.output
        with Engine(f"sqlite:///{ro / 'copy.db'}", definitions(), read_only=True) as engine:
            assert engine.get(case_id).version == 1
            with pytest.raises(StorageError, match="read-only"):
                engine.start("counter", actor=CLERK, tenant="t")
            with pytest.raises(StorageError, match="read-only"):
                engine.fire(case_id, "tick", actor=CLERK)
            with pytest.raises(StorageError, match="read-only"):
                engine.run_due_timers()


def test_a_read_only_file_in_a_writable_folder_opens_with_mode_ro(copy: tuple[Path, str]) -> None:
    folder, case_id = copy
    (folder / "copy.db").chmod(0o444)
    try:
        with AuditLog.open(f"sqlite:///{folder / 'copy.db'}") as log:
            assert log.verify().intact
            assert [e.case_id for e in log.query()] == [case_id, case_id]
        url = f"sqlite:///{folder / 'copy.db'}"
        refused = pytest.raises(sa.exc.OperationalError, match="readonly")  # refused by SQLite itself
        with Engine(url, definitions(), read_only=True) as engine, engine._db.begin() as conn, refused:
            conn.exec_driver_sql("DELETE FROM wf_outbox")
    finally:
        (folder / "copy.db").chmod(0o644)


def test_a_copy_with_a_pending_write_ahead_log_in_a_read_only_folder_says_what_to_do(tmp_path: Path) -> None:
    origin = tmp_path / "live.db"
    _fill(f"sqlite:///{origin}")
    writer = sqlite3.connect(origin, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute(
        "INSERT INTO wf_security_events (at, actor_id, case_id, operation, code) VALUES "
        "('2026-11-26 09:00:00', 'a', 'c', 'get', 'other_tenant')"
    )
    folder = tmp_path / "review"
    folder.mkdir()
    shutil.copy(origin, folder / "copy.db")
    shutil.copy(f"{origin}-wal", folder / "copy.db-wal")  # the transaction lives only in the log
    writer.close()
    with _read_only(folder) as ro, pytest.raises(StorageError) as info:
        AuditLog.open(f"sqlite:///{ro / 'copy.db'}")
    assert "write-ahead log" in str(info.value)
    assert ".backup" in str(info.value)


@pytest.mark.postgres
@pytest.mark.only_on("postgres")  # SQLite's read-only opening is covered above
def test_postgresql_read_only_sessions_refuse_writes(db_url: str) -> None:
    case_id = _fill(db_url)
    with Engine(db_url, definitions(), read_only=True) as engine:
        assert [e.seq for e in engine.history(case_id)] == [1, 2]
        assert engine.audit.verify().intact
        with pytest.raises(StorageError, match="read-only"):
            engine.fire(case_id, "tick", actor=CLERK)
        with engine._db.connect() as conn, pytest.raises(sa.exc.InternalError, match="read-only transaction"):
            conn.exec_driver_sql("DELETE FROM wf_outbox")  # the server refuses too
    with AuditLog.open(db_url) as log:
        assert log.verify().intact


def test_a_probe_on_a_read_only_engine_still_answers_like_an_unknown_id(copy: tuple[Path, str]) -> None:
    from workflow import NotFound

    folder, case_id = copy
    with _read_only(folder) as ro, Engine(f"sqlite:///{ro / 'copy.db'}", definitions(), read_only=True) as engine:
        other = Actor("olga", ["client"], tenant="zeist")
        with pytest.raises(NotFound) as seen:
            engine.get(case_id, actor=other)
        with pytest.raises(NotFound) as missing:
            engine.get("0" * 32, actor=other)
        assert str(seen.value).replace(case_id, "0" * 32) == str(missing.value)


def test_a_reading_command_on_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    result = CliRunner().invoke(main, ["--db", f"sqlite:///{missing}", "--lang", "en", *DEFINITIONS, "case", "list"])
    assert result.exit_code == 2, result.output
    assert "no SQLite database at" in result.output
    assert not missing.exists()
