"""The library's logger: structlog, silent until the host configures structlog.

An unconfigured structlog prints to stdout; an embedded library must not, so
events are only passed on once ``structlog.is_configured()`` (the ``wf``
command does that; so may any embedding service, or ``capture_logs`` in tests).

The library never imports structlog itself (it brings asyncio, ≈ 30 ms of a
start-up): a host that configured structlog has imported it.  A host may also
hand :func:`configure_on_first_log` the function that configures it, called
just before the library's first event — so a command that logs nothing never
imports structlog (the ``wf`` command does this).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["Logger", "configure_on_first_log", "get_logger"]

_pending: list[Callable[[], None]] = []
_lock = threading.Lock()


def configure_on_first_log(configure: Callable[[], None] | None) -> None:
    """Call ``configure`` (which sets up structlog) once, before the library's first log event —
    unless structlog is configured by then; None cancels a pending one."""
    with _lock:
        _pending[:] = [] if configure is None else [configure]


def _structlog() -> Any:
    """structlog once it is imported (after running a pending configuration), else None."""
    if _pending:
        with _lock:
            todo, _pending[:] = list(_pending), []
        loaded = sys.modules.get("structlog")
        if loaded is None or not loaded.is_configured():
            for configure in todo:
                configure()
    return sys.modules.get("structlog")


class Logger:
    """A bindable logger that forwards to ``structlog.get_logger("workflow")`` when configured."""

    def __init__(self, **context: Any) -> None:
        self._context = context

    def bind(self, **context: Any) -> Logger:
        return Logger(**{**self._context, **context})

    def _emit(self, level: str, event: str, **fields: Any) -> None:
        structlog = _structlog()
        if structlog is not None and structlog.is_configured():
            getattr(structlog.get_logger("workflow"), level)(event, **self._context, **fields)

    def debug(self, event: str, **fields: Any) -> None:
        self._emit("debug", event, **fields)

    def info(self, event: str, **fields: Any) -> None:
        self._emit("info", event, **fields)

    def warning(self, event: str, **fields: Any) -> None:
        self._emit("warning", event, **fields)

    def exception(self, event: str, **fields: Any) -> None:
        self._emit("exception", event, **fields)


def get_logger() -> Logger:
    return Logger()
