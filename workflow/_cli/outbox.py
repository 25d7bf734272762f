"""``wf outbox``: run the relay, and list, retry and purge deliveries.

Like every command it takes the database and ``--json`` from ``wf``'s global
options (before or after the command), writes through the shared output
(:mod:`workflow._cli.output`) and leaves its errors to ``wf``: a library
error is shown with its own exit code (2: bad input or an unusable database).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import click

from workflow import catalogue_text as text
from workflow._cli.helping import HelpGroup, option
from workflow._cli.output import emit, table
from workflow._cli.settings import current, global_options

if TYPE_CHECKING:
    from workflow import Delivery

__all__ = ["outbox_group"]

_LISTED = ["delivery", "case", "seq", "subscriber", "action", "status", "attempts", "last_error"]
"""The human table's columns: the delivery id has its own heading (``id`` is a case's in ``case list``)."""


@click.group("outbox", cls=HelpGroup)
@global_options()
def outbox_group() -> None:
    """Deliver outbox messages to webhooks; list, retry and purge deliveries."""


@outbox_group.command("relay")
@option("--subscribers", "path", required=True, type=click.Path())
@option("--once", is_flag=True)
@option("--batch", type=click.IntRange(1, 10_000), default=100, show_default=True)
@option("--max-attempts", type=click.IntRange(1, 1000), default=10, show_default=True)
@global_options()
def relay_command(path: str, once: bool, batch: int, max_attempts: int) -> None:
    """Deliver outbox messages to the subscribers' webhooks (until stopped, or --once)."""
    from workflow import RelaySettings, load_subscribers, relay_outbox

    settings = current()
    subscribers = load_subscribers(path)
    for subscriber in subscribers:
        if subscriber.tenants is None:  # every organisation's case ids, references and states
            click.echo(text("cli.outbox.all_tenants", name=repr(subscriber.name)), err=True)
    try:
        stats = relay_outbox(settings.db, subscribers, once=once, settings=RelaySettings(batch, max_attempts))
    except KeyboardInterrupt:  # pragma: no cover - an operator's Ctrl-C
        return
    result = {"delivered": stats.delivered, "failed": stats.failed, "dead": stats.dead}
    if settings.as_json:
        emit(result)
    else:
        click.echo(text("cli.outbox.relayed", delivered=stats.delivered, failed=stats.failed, dead=stats.dead))


def _delivery_dict(d: Delivery) -> dict[str, Any]:
    return {
        "id": d.id,
        "case": d.case_id,
        "seq": d.seq,
        "subscriber": d.subscriber,
        "action": d.message["action"],
        "status": d.status,
        "attempts": d.attempts,
        "next_attempt_at": d.next_attempt_at.isoformat(timespec="seconds"),
        "last_error": d.last_error or "",
    }


@outbox_group.command("list")
@option("--status", type=click.Choice(["pending", "delivered", "dead"]))
@option("--subscriber", metavar="NAME")
@option("--case", "case_id", metavar="ID")
@option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True)
@global_options()
def list_command(status: str | None, subscriber: str | None, case_id: str | None, limit: int) -> None:
    """List deliveries, oldest message first.

    A message gets its deliveries (one per matching subscriber) only when a
    relay routes it; the text output says how many messages wait for that.
    """
    from workflow import list_deliveries, unrouted_messages

    settings = current()
    found = list_deliveries(settings.db, status=status, subscriber=subscriber, case_id=case_id, limit=limit)
    rows = [_delivery_dict(d) for d in found]
    if settings.as_json:
        emit(rows)
        return
    # every cell through safe.shown: an error text from a receiver is not trusted
    table([{**row, "delivery": row["id"]} for row in rows], _LISTED)
    waiting = unrouted_messages(settings.db, case_id=case_id) if status in (None, "pending") else 0
    if waiting:
        click.echo(text("cli.outbox.unrouted", count=waiting))


@outbox_group.command("retry")
@option("--subscriber", metavar="NAME")
@option("--case", "case_id", metavar="ID")
@global_options()
def retry_command(subscriber: str | None, case_id: str | None) -> None:
    """Send dead deliveries again (due now, attempts reset)."""
    from workflow import retry_deliveries

    settings = current()
    count = retry_deliveries(settings.db, subscriber=subscriber, case_id=case_id)
    if settings.as_json:
        emit({"retried": count})
    else:
        click.echo(text("cli.outbox.retried.one") if count == 1 else text("cli.outbox.retried", count=count))


@outbox_group.command("purge")
@option("--older-than", "days", type=click.IntRange(0, 36_500), default=30, show_default=True, metavar="DAYS")
@global_options()
def purge_command(days: int) -> None:
    """Remove messages older than DAYS that reached every subscriber."""
    from workflow import purge_outbox

    settings = current()
    count = purge_outbox(settings.db, timedelta(days=days))
    if settings.as_json:
        emit({"purged": count})
    else:
        click.echo(text("cli.outbox.purged.one") if count == 1 else text("cli.outbox.purged", count=count))
