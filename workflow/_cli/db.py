"""``wf db upgrade``: create or migrate the database schema."""

from __future__ import annotations

import click

from workflow._cli.output import emit
from workflow._cli.settings import current, global_options

__all__ = ["db_group"]


@click.group("db")
def db_group() -> None:
    """Prepare the database."""


@db_group.command("upgrade")
@global_options()
def db_upgrade() -> None:
    """Create or bring the database schema up to date."""
    from workflow import upgrade_database

    settings = current()
    before, after = upgrade_database(settings.db)
    if settings.as_json:
        emit({"database": settings.db, "before": before, "after": after})
    elif before == after:
        click.echo(f"Database ready: {settings.db} (schema {after}, already current)")
    else:
        click.echo(f"Database ready: {settings.db} (schema {before or 'none'} -> {after})")
