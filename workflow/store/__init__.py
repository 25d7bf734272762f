"""Storage: SQLAlchemy tables, connections and queries.  No business rules."""

from workflow.store import queries
from workflow.store.database import WRITE, connect, create_schema
from workflow.store.tables import metadata

__all__ = ["WRITE", "connect", "create_schema", "metadata", "queries"]
