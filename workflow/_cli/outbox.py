"""``wf outbox``: run the relay, and list, retry and purge deliveries.

A self-contained click group: it takes the database from ``wf``'s global
``--db`` when registered under ``wf``, else from its own ``--db`` option
(or WF_DATABASE_URL).  Exit codes: 0 done; 2 bad input or an unusable database.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any, NoReturn

import click

__all__ = ["outbox_group"]

EXIT_USAGE = 2
DEFAULT_DB = "sqlite:///workflow.db"


class _Options:
    def __init__(self, db: str, as_json: bool) -> None:
        self.db, self.as_json = db, as_json


_META = "workflow.outbox.options"


def _options() -> _Options:
    found = click.get_current_context().meta.get(_META)
    return found if isinstance(found, _Options) else _Options(DEFAULT_DB, False)


def _fail(message: str) -> NoReturn:
    if _options().as_json:
        click.echo(json.dumps({"error": "usage", "message": message}, ensure_ascii=False))
    else:
        click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_USAGE)


@contextmanager
def _user_errors() -> Iterator[None]:
    from workflow import WorkflowError

    try:
        yield
    except WorkflowError as exc:
        _fail(str(exc))


def _emit(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, default=str))


@click.group("outbox")
@click.option("--db", envvar="WF_DATABASE_URL", metavar="URL", help="Database URL [env WF_DATABASE_URL].")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (JSON).")
@click.pass_context
def outbox_group(ctx: click.Context, db: str | None, as_json: bool) -> None:
    """Deliver outbox messages to webhooks; list, retry and purge deliveries."""
    parent = ctx.find_root().obj  # wf's global settings, when registered under wf
    given = ctx.get_parameter_source("db") == click.core.ParameterSource.COMMANDLINE
    # under wf, wf's --db (itself read from WF_DATABASE_URL) wins unless --db is given here
    url = (db if given else getattr(parent, "db", None) or db) or DEFAULT_DB
    ctx.meta[_META] = _Options(url, as_json or bool(getattr(parent, "as_json", False)))


@outbox_group.command("relay")
@click.option("--subscribers", "path", required=True, type=click.Path(), help="The subscribers YAML file.")
@click.option("--once", is_flag=True, help="Deliver what is due now, then stop.")
@click.option("--batch", type=click.IntRange(1, 10_000), default=100, show_default=True)
@click.option("--max-attempts", type=click.IntRange(1, 1000), default=10, show_default=True)
def relay_command(path: str, once: bool, batch: int, max_attempts: int) -> None:
    """Deliver outbox messages to the subscribers' webhooks (until stopped, or --once)."""
    from workflow import RelaySettings, load_subscribers, relay_outbox

    options = _options()
    with _user_errors():
        subscribers = load_subscribers(path)
        try:
            stats = relay_outbox(options.db, subscribers, once=once, settings=RelaySettings(batch, max_attempts))
        except KeyboardInterrupt:  # pragma: no cover - an operator's Ctrl-C
            return
    result = {"delivered": stats.delivered, "failed": stats.failed, "dead": stats.dead}
    if options.as_json:
        _emit(result)
    else:
        click.echo(", ".join(f"{value} {key}" for key, value in result.items()))


@outbox_group.command("list")
@click.option("--status", type=click.Choice(["pending", "delivered", "dead"]))
@click.option("--subscriber", metavar="NAME")
@click.option("--case", "case_id", metavar="ID")
@click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True)
def list_command(status: str | None, subscriber: str | None, case_id: str | None, limit: int) -> None:
    """List deliveries, oldest message first."""
    from workflow import list_deliveries

    options = _options()
    with _user_errors():
        found = list_deliveries(options.db, status=status, subscriber=subscriber, case_id=case_id, limit=limit)
    rows = [
        {
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
        for d in found
    ]
    if options.as_json:
        _emit(rows)
        return
    _table(rows, ["id", "case", "seq", "subscriber", "action", "status", "attempts", "last_error"])


@outbox_group.command("retry")
@click.option("--subscriber", metavar="NAME", help="Only this subscriber's dead deliveries.")
@click.option("--case", "case_id", metavar="ID", help="Only this case's dead deliveries.")
def retry_command(subscriber: str | None, case_id: str | None) -> None:
    """Send dead deliveries again (due now, attempts reset)."""
    from workflow import retry_deliveries

    options = _options()
    with _user_errors():
        count = retry_deliveries(options.db, subscriber=subscriber, case_id=case_id)
    if options.as_json:
        _emit({"retried": count})
    else:
        click.echo(f"{count} dead deliver{'y' if count == 1 else 'ies'} will be sent again")


@outbox_group.command("purge")
@click.option("--older-than", "days", type=click.IntRange(0, 36_500), default=30, show_default=True, metavar="DAYS")
def purge_command(days: int) -> None:
    """Remove messages older than DAYS that reached every subscriber."""
    from workflow import purge_outbox

    options = _options()
    with _user_errors():
        count = purge_outbox(options.db, timedelta(days=days))
    if options.as_json:
        _emit({"purged": count})
    else:
        click.echo(f"{count} delivered message{'' if count == 1 else 's'} removed")


def _table(rows: list[dict[str, Any]], columns: list[str]) -> None:
    if not rows:
        click.echo("(none)")
        return
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in columns}
    click.echo("  ".join(c.upper().ljust(widths[c]) for c in columns).rstrip())
    for row in rows:
        click.echo("  ".join(str(row[c]).ljust(widths[c]) for c in columns).rstrip())
