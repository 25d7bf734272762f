"""Logging set-up of the command line: the application configures, the library only logs."""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["LOG_FORMATS", "LOG_LEVELS", "configure_logging", "configure_now"]

LOG_LEVELS = ("debug", "info", "warning", "error")
LOG_FORMATS = ("console", "json")


def configure_logging(level: str, fmt: str) -> None:
    """structlog to stderr at ``level``, as console lines or JSON lines — set up just before the
    library's first log event, so a command that logs nothing never imports structlog (nor asyncio)."""
    from functools import partial

    from workflow import configure_on_first_log

    configure_on_first_log(partial(configure_now, level, fmt))


def configure_now(level: str, fmt: str) -> None:
    """Configure structlog now (see :func:`configure_logging`)."""
    import logging

    import structlog

    renderer: Any = structlog.processors.JSONRenderer() if fmt == "json" else structlog.dev.ConsoleRenderer()
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(getattr(logging, level.upper())),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=False,
    )
