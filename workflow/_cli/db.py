"""``wf db upgrade``: create or migrate the database schema."""

from __future__ import annotations

import click

from workflow import catalogue_text as text
from workflow._cli.helping import HelpGroup
from workflow._cli.output import emit
from workflow._cli.settings import current, global_options

__all__ = ["db_group"]


@click.group("db", cls=HelpGroup)
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
        click.echo(text("cli.db.current", db=settings.db, schema=after))
    else:
        click.echo(text("cli.db.upgraded", db=settings.db, before=before or text("cli.db.none"), after=after))
