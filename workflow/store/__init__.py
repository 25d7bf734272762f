"""Storage: SQLAlchemy tables, connections and queries.  No business rules."""

from workflow.store import migrate, queries
from workflow.store.database import WRITE, Writer, connect, transaction, translated
from workflow.store.tables import metadata

__all__ = ["WRITE", "Writer", "connect", "metadata", "migrate", "queries", "transaction", "translated"]
