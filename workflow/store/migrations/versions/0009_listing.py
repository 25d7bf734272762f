"""Listing that does not grow: an index per filter of ``case list``, each ending in the page order.

``case list`` pages by (created_at, id) under equality filters on tenant,
workflow and state (any combination; an actor's visibility adds the tenant or
the workflow).  Each combination gets an index that starts with its filter
columns and ends with (created_at, id), so a page is one index range read in
order: O(log n) plus the page, never a sort of every matching case.  The
due listings (``--overdue``, ``--due-within``) read wf_timers by (status,
due_at, id) the same way.

Revision ID: 0009_listing
Revises: 0008_import
Create Date: 2026-11-27
"""

from __future__ import annotations

from alembic import op

revision = "0009_listing"
down_revision = "0008_import"
branch_labels = None
depends_on = None

LISTING: list[tuple[str, ...]] = [
    ("state",),
    ("workflow",),
    ("workflow", "state"),
    ("tenant",),
    ("tenant", "state"),
    ("tenant", "workflow"),
    ("tenant", "workflow", "state"),
]
"""Filter columns of each listing index (no filter: the existing index on (created_at, id))."""

REPLACED: list[tuple[str, tuple[str, ...]]] = [
    ("ix_wf_cases_workflow_state", ("workflow", "state")),
    ("ix_wf_cases_tenant_created_at", ("tenant", "created_at")),
]
"""Indexes that are prefixes of new ones (kept working for what used them, by the longer index)."""


def _name(columns: tuple[str, ...]) -> str:
    return "ix_wf_cases_" + "_".join((*columns, "created_at", "id"))


def upgrade() -> None:
    for columns in LISTING:
        op.create_index(_name(columns), "wf_cases", [*columns, "created_at", "id"])
    for name, _ in REPLACED:
        op.drop_index(name, table_name="wf_cases")
    # due listings (case list --overdue / --due-within): one range per status in (due_at, id) order
    op.create_index("ix_wf_timers_status_due_at_id", "wf_timers", ["status", "due_at", "id"])
    op.drop_index("ix_wf_timers_status_due_at", table_name="wf_timers")


def downgrade() -> None:
    op.create_index("ix_wf_timers_status_due_at", "wf_timers", ["status", "due_at"])
    op.drop_index("ix_wf_timers_status_due_at_id", table_name="wf_timers")
    for name, columns in REPLACED:
        op.create_index(name, "wf_cases", list(columns))
    for columns in LISTING:
        op.drop_index(_name(columns), table_name="wf_cases")
