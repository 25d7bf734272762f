"""The library's logger: structlog, silent until the host configures structlog.

An unconfigured structlog prints to stdout; an embedded library must not, so
events are only passed on once ``structlog.is_configured()`` (the ``wf``
command does that; so may any embedding service, or ``capture_logs`` in tests).
"""

from __future__ import annotations

from typing import Any

import structlog

__all__ = ["Logger", "get_logger"]


class Logger:
    """A bindable logger that forwards to ``structlog.get_logger("workflow")`` when configured."""

    def __init__(self, **context: Any) -> None:
        self._context = context

    def bind(self, **context: Any) -> Logger:
        return Logger(**{**self._context, **context})

    def _emit(self, level: str, event: str, **fields: Any) -> None:
        if structlog.is_configured():
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
