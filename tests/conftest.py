"""Shared fixtures: paths, a CLI runner, a fresh structlog config per test, a definitions cache per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog
from click.testing import CliRunner

from workflow import configure_on_first_log

from .engine_support import StepClock, database_urls, finish_postgres, make_url, open_engine
from .paths import BUNDLED, FIXTURES, ROOT

__all__ = ["BUNDLED", "FIXTURES", "ROOT"]


@pytest.fixture(autouse=True)
def _reset_structlog() -> Iterator[None]:
    yield
    structlog.reset_defaults()
    configure_on_first_log(None)  # a command's logging set-up, still pending when it ended


@pytest.fixture(autouse=True, scope="session")
def _definitions_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The command line's definitions cache in a folder of the session (not the user's own)."""
    before = os.environ.get("WF_CACHE_DIR")
    os.environ["WF_CACHE_DIR"] = str(tmp_path_factory.mktemp("definitions-cache"))
    yield
    if before is None:
        del os.environ["WF_CACHE_DIR"]
    else:
        os.environ["WF_CACHE_DIR"] = before


@pytest.fixture(autouse=True, scope="session")
def _postgres_databases() -> Iterator[None]:
    """Waits for the test databases' drops and drops the migrated template when the session ends."""
    yield
    finish_postgres()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def mini_text() -> str:
    return (FIXTURES / "valid" / "mini.yaml").read_text()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``@pytest.mark.only_on("sqlite"|"postgres")``: a test about one database's own behaviour is not
    collected for the other (rather than collected and skipped: a skipped test checks nothing)."""
    keep: list[pytest.Item] = []
    other: list[pytest.Item] = []
    for item in items:
        marker = item.get_closest_marker("only_on")
        callspec = getattr(item, "callspec", None)
        kind = callspec.params.get("db_url") if callspec is not None else None
        (other if marker is not None and kind is not None and kind != marker.args[0] else keep).append(item)
    if other:
        config.hook.pytest_deselected(items=other)
        items[:] = keep


@pytest.fixture(params=database_urls())
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from make_url(request.param, tmp_path)


@pytest.fixture
def clock() -> StepClock:
    return StepClock()


@pytest.fixture
def engine(db_url: str, clock: StepClock):  # type: ignore[no-untyped-def]
    with open_engine(db_url, clock) as opened:
        yield opened


@pytest.fixture
def pg_url(tmp_path: Path) -> Iterator[str]:
    """A fresh, empty (unmigrated) PostgreSQL database for one test; mark the test with ``needs_postgres``."""
    yield from make_url("postgres", tmp_path, migrated=False)
