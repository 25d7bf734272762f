"""Storage: SQLAlchemy tables, connections and queries.  No business rules.

The package's names are imported on first use, so a module of it that needs
no SQLAlchemy (:mod:`workflow.store.statements`) can be imported alone.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workflow.store import migrate, queries
    from workflow.store.database import WRITE, Writer, connect, transaction, translated
    from workflow.store.tables import metadata

__all__ = ["WRITE", "Writer", "connect", "metadata", "migrate", "queries", "transaction", "translated"]

_FROM = {
    "WRITE": "database",
    "Writer": "database",
    "connect": "database",
    "transaction": "database",
    "translated": "database",
    "metadata": "tables",
}


def __getattr__(name: str) -> Any:
    if name in ("migrate", "queries"):
        return importlib.import_module(f"workflow.store.{name}")
    if name in _FROM:
        value = getattr(importlib.import_module(f"workflow.store.{_FROM[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'workflow.store' has no attribute {name!r}")
