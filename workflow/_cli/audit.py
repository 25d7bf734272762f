"""``wf audit``: review the audit log — filter, export, checkpoint, verify the hash chains.

Needs only --db (no definitions): reviewers can work on a copy of the database.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import nullcontext
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

import click

from workflow import catalogue_text as text
from workflow import counted, moment_text
from workflow._cli.failures import EXIT_REFUSED, usage
from workflow._cli.helping import HelpGroup, option
from workflow._cli.output import echo_lines, emit
from workflow._cli.params import MOMENT, event_cursor
from workflow._cli.render import event_dict, event_lines
from workflow._cli.safe import shown
from workflow._cli.settings import current, global_options

if TYPE_CHECKING:
    from workflow import AuditLog, Checkpoint, Definition, Verification

__all__ = ["audit_group"]

F = TypeVar("F", bound=Callable[..., Any])

_FILTERS = {
    "case_id": "case_id",
    "workflow": "workflow",
    "tenant_filter": "tenant",
    "actor_id": "actor_id",
    "role_used": "role",
    "transition": "transition",
    "kind": "kind",
    "since": "since",
    "until": "until",
}
"""Option parameter -> ``AuditLog.query`` keyword."""

_FILTERED_GLOBALS = ("actor", "roles", "tenant")
"""Global options whose names the filters take: give them before ``audit``."""


def _audit_filters(command: F) -> F:
    options = [
        option("--until", type=MOMENT),
        option("--since", type=MOMENT),
        option(
            "--kind",
            multiple=True,
            callback=_kinds,
            metavar="KIND",
        ),
        option("--transition"),
        option("--role", "role_used", metavar="ROLE"),
        option("--actor", "actor_id", metavar="ID"),
        option("--tenant", "tenant_filter", metavar="ORG"),
        option("--workflow"),
        option("--case", "case_id", metavar="CASE"),
    ]
    for add in options:
        command = add(command)
    return command


_KINDS = ("started", "fired", "refused", "flagged")


def _kinds(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...] | None:
    kinds = tuple(k.strip() for value in values for k in value.split(",") if k.strip())
    unknown = sorted(set(kinds) - set(_KINDS))
    if unknown:
        raise click.BadParameter(text("cli.audit.kinds", unknown=", ".join(unknown), choices=", ".join(_KINDS)))
    return kinds or None


def _filters(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {target: kwargs[source] for source, target in _FILTERS.items()}


def _open() -> AuditLog:
    from workflow import AuditLog

    return AuditLog.open(current().db)


@click.group("audit", cls=HelpGroup)
def audit_group() -> None:
    """Review the audit log: filter, export, verify it was not tampered with.

    Needs only --db (no definitions): reviewers can work on a copy of the database.
    Here --actor, --role and --tenant filter events; say who reviews before the
    command (wf --actor ID --role ROLE --tenant ORG audit log): a client-side
    reviewer sees only its own organisation's events, a read-only auditor all.
    Without --actor the caller is the trusted operator and sees everything.
    """


@audit_group.command("log")
@_audit_filters
@option("--limit", type=click.IntRange(1, 1_000_000))
@option("--after", metavar="CASE:SEQ|ID")
@global_options(own=_FILTERED_GLOBALS)
def audit_log(limit: int | None, after: str | None, **kwargs: Any) -> None:
    """Audit events in log order, filtered (JSON lines with --json). `--kind refused` shows who tried what."""
    settings = current()
    reviewer, cursor = settings.actor(required=False), event_cursor(after)
    with _open() as log:
        definitions: dict[tuple[str, int], Definition | None] = {}
        for event in log.query(**_filters(kwargs), actor=reviewer, limit=limit, after=cursor):
            if settings.as_json:
                position = {} if reviewer is not None else {"id": event.id}
                emit({**position, "case_id": event.case_id, **event_dict(event)})
                continue
            case, tenant = shown(event.case_id), shown(event.tenant)
            key, place = ("cli.audit.event", event.id) if reviewer is None else ("cli.audit.event_seen", None)
            click.echo(text(key, id=place, seq=event.seq, case=case, workflow=event.workflow, tenant=tenant))
            pinned = (event.workflow, event.definition_version)
            if pinned not in definitions:  # each event by the labels of the version it was written under
                definitions[pinned] = log.definition(*pinned)
            echo_lines(event_lines(event, definitions[pinned]))


def _read_file(option: str, path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        usage(text("cli.audit.unreadable", option=option, path=repr(path), reason=exc.strerror))


def _read_checkpoint(path: str | None, public_key: str | None, option: str = "--checkpoint") -> Checkpoint | None:
    """The checkpoint in ``path`` (its digest checked), and with ``public_key`` its signature by that key."""
    from workflow import Checkpoint

    if not path:
        return None
    checkpoint = Checkpoint.from_json(_read_file(option, path))
    if public_key:
        checkpoint.check_signature(Checkpoint.load_public_key(_read_file("--public-key", public_key)))
    return checkpoint


@audit_group.command("verify")
@option("--case", "case_id", metavar="CASE")
@option(
    "--checkpoint",
    "checkpoint_file",
    type=click.Path(dir_okay=False),
    metavar="FILE",
)
@option(
    "--public-key",
    type=click.Path(dir_okay=False),
    metavar="FILE",
)
@option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
)
@global_options()
def audit_verify(case_id: str | None, checkpoint_file: str | None, public_key: str | None, jobs: int) -> None:
    """Recompute every hash chain; name each break. Exit 0 intact, 1 broken."""
    settings = current()
    if public_key and not checkpoint_file:
        usage(text("cli.audit.key_without_checkpoint"))
    checkpoint = _read_checkpoint(checkpoint_file, public_key)
    signature = _signature_state(checkpoint, public_key)
    reviewer = settings.actor(required=False)
    with _open() as log:
        if jobs > 1 and case_id is None and reviewer is None:
            result = _verify_in_parallel(log, settings.db, jobs, checkpoint)
        else:
            result = log.verify(case_id=case_id, checkpoint=checkpoint, actor=reviewer)
    if settings.as_json:
        breaks = [{"case_id": b.case_id, "seq": b.seq, "kind": b.kind, "detail": b.detail} for b in result.breaks]
        emit(
            {
                "intact": result.intact,
                "cases": result.cases,
                "events": result.events,
                "imported": result.imported,
                "breaks": breaks,
                "signature": signature,
            }
        )
    elif result.intact:
        against = text("cli.audit.against") if checkpoint else ""
        cases, events = _counts(result)
        click.echo(text("cli.audit.intact", cases=cases, events=events, against=against))
    else:
        cases, events = _counts(result)
        click.echo(text("cli.audit.broken", breaks=counted(len(result.breaks), "break"), cases=cases, events=events))
        echo_lines(f"  {shown(item)}" for item in result.breaks)
    if result.imported and not settings.as_json:
        click.echo(text("cli.audit.imported", imported=counted(result.imported, "event")))
    if signature in {"not_checked", "unsigned"} and not settings.as_json:
        click.echo(text(f"cli.audit.signature.{signature}", file=checkpoint_file))
    raise click.exceptions.Exit(0 if result.intact else EXIT_REFUSED)


def _counts(result: Verification) -> tuple[str, str]:
    """The verified cases and events, counted in words: ``1 zaak``, ``3 gebeurtenissen``."""
    return counted(result.cases, "case"), counted(result.events, "event")


def _signature_state(checkpoint: Checkpoint | None, public_key: str | None) -> str | None:
    """``checked`` (--public-key), ``not_checked`` (signed, no key), ``unsigned``; None without a checkpoint."""
    if checkpoint is None:
        return None
    if public_key:
        return "checked"
    return "unsigned" if checkpoint.signature is None else "not_checked"


def _verify_part(url: str, case_range: Any) -> Verification:
    from workflow import AuditLog

    with AuditLog.open(url) as log:
        return log.verify(case_range=case_range)


def _verify_in_parallel(log: AuditLog, url: str, jobs: int, checkpoint: Checkpoint | None) -> Verification:
    """Chains in ``jobs`` processes over ranges of case ids; the checkpoint once, here."""
    import multiprocessing

    from workflow import Verification

    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        parts = pool.starmap(_verify_part, [(url, case_range) for case_range in log.split(jobs)])
    if checkpoint is not None:
        parts.append(Verification(0, 0, log.against_checkpoint(checkpoint)))
    return Verification.merge(parts)


_KEY_ENV = "WF_AUDIT_KEY"


def _signing_key(path: str | None) -> Any:
    """The Ed25519 private key from --key FILE or the environment (PEM text); None: unsigned."""
    import os

    from workflow import Checkpoint

    if path:
        return Checkpoint.load_private_key(_read_file("--key", path))
    pem = os.environ.get(_KEY_ENV)
    return Checkpoint.load_private_key(pem.encode()) if pem else None


@audit_group.command("checkpoint")
@option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    metavar="FILE",
)
@option(
    "--key",
    "key_file",
    type=click.Path(dir_okay=False),
    metavar="FILE",
)
@option(
    "--previous",
    type=click.Path(dir_okay=False),
    metavar="FILE",
)
@global_options()
def audit_checkpoint(output: str | None, key_file: str | None, previous: str | None) -> None:
    """Print a digest over every case's head hash and event count and the whole log, with its time."""
    settings = current()
    key = _signing_key(key_file)
    before = _read_checkpoint(previous, None, "--previous")
    if before is not None and key is not None:
        before.check_signature(key.public_key())
    with _open() as log:
        checkpoint = log.checkpoint(datetime.now(UTC), actor=settings.actor(required=False), previous=before)
    if key is not None:
        checkpoint = checkpoint.signed(key)
    if output:
        with open(output, "wb") as handle:
            handle.write(checkpoint.to_json())
    created = checkpoint.created_at
    if settings.as_json:
        emit(
            {
                "digest": checkpoint.digest,
                "created_at": created.isoformat(),
                "cases": len(checkpoint.heads),
                "events": None if checkpoint.log is None else checkpoint.log.events,
                "previous": checkpoint.previous,
                "signed": checkpoint.signature is not None,
                "file": output,
            }
        )
    else:
        where = text("cli.audit.written", output=output) if output else text("cli.audit.keep")
        moment = moment_text(created)
        click.echo(
            text(
                "cli.audit.checkpoint",
                signed=text("cli.audit.signed") if checkpoint.signature else "",
                digest=checkpoint.digest,
                moment=moment,
                cases=counted(len(checkpoint.heads), "case"),
                where=where,
            )
        )


@audit_group.command("keygen")
@option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    required=True,
)
@global_options()
def audit_keygen(output: str) -> None:
    """Make an Ed25519 key pair for signing checkpoints. Keep the private key away from the database's hosts."""
    import os

    from workflow import Checkpoint

    private, public = Checkpoint.new_key_pair()
    try:
        descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        usage(text("cli.audit.keygen_exists", output=repr(output), reason=_os_reason(exc)))
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(private)
    with open(f"{output}.pub", "wb") as handle:
        handle.write(public)
    click.echo(text("cli.audit.keygen", output=output, public=f"{output}.pub"))


def _os_reason(exc: OSError) -> str:
    """Why the file could not be made, in words of the catalogue for the common cases."""
    import errno

    known = {errno.EEXIST: "exists", errno.EACCES: "denied", errno.ENOENT: "no_folder", errno.EISDIR: "folder"}
    key = known.get(exc.errno or 0)
    return text(f"cli.audit.os.{key}") if key else str(exc.strerror)


@audit_group.command("export")
@option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl", "xes"]),
    required=True,
)
@_audit_filters
@option(
    "--case-field",
    "case_fields",
    multiple=True,
    metavar="PATH",
)
@option("--no-start", is_flag=True)
@option(
    "--activity",
    type=click.Choice(["id", "label"]),
    default="id",
    show_default=True,
)
@option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE")
@global_options(own=_FILTERED_GLOBALS)
def audit_export(
    fmt: str, case_fields: tuple[str, ...], no_start: bool, activity: str, output: str | None, **kwargs: Any
) -> None:
    """Export audit events, streamed (memory stays flat however long the log).

    Rows and traces carry the case reference and the labels of transitions,
    states and roles beside their ids.
    """
    from workflow import export

    reviewer = current().actor(required=False)
    with _open() as log:
        context = log.export_context(case_fields=case_fields, start=not no_start, activity=activity)  # type: ignore[arg-type]
        events = log.query(**_filters(kwargs), actor=reviewer, by_case=fmt == "xes")
        target: Any = open(output, "w", encoding="utf-8", newline="") if output else nullcontext(sys.stdout)  # noqa: SIM115
        with target as handle:
            count = export(fmt, events, handle, context)  # type: ignore[arg-type]
    where = text("cli.audit.exported_to", output=output) if output else ""
    click.echo(text("cli.audit.exported", count=counted(count, "event"), fmt=fmt, where=where), err=True)
