"""The ``wf`` command line.

The only place that parses arguments, configures logging and formats output;
it uses ``workflow``'s public names only.  Heavy imports (the library, and
through it pydantic, jsonschema, SQLAlchemy) are deferred to the commands that
need them, so ``wf --help`` starts fast.

Exit codes: 0 done; 1 refused by the workflow (guard, role, tenant, conflict);
2 bad usage or bad input.  A user error never prints a traceback, except with
``--log-level debug``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

if TYPE_CHECKING:
    from pathlib import Path

    from workflow import Actor, AuditEvent, Case, Definition, DefinitionSet, Engine, Explanation, WorkflowError

F = TypeVar("F", bound=Callable[..., Any])
LOG_LEVELS = ("debug", "info", "warning", "error")

EXIT_REFUSED = 1
EXIT_USAGE = 2


class Settings:
    """Global options, shared by every command through the click context."""

    def __init__(
        self,
        definitions: str | None,
        as_json: bool,
        log_level: str,
        log_format: str,
        db: str = "",
        actor: str | None = None,
        roles: tuple[str, ...] = (),
        tenant: str | None = None,
    ) -> None:
        self.definitions = definitions
        self.as_json = as_json
        self.log_level = log_level
        self.log_format = log_format
        self.db = db
        self.actor_id = actor
        self.roles = tuple(r for value in roles for r in value.replace(",", " ").split())
        self.tenant = tenant

    def actor(self, *, required: bool = True) -> Actor | None:
        """The acting user from --actor/--role/--tenant (or WF_ACTOR/WF_ROLE/WF_TENANT)."""
        from workflow import Actor

        if not self.actor_id:
            if required:
                _usage("this command needs an actor: give --actor ID and --role ROLE (or WF_ACTOR / WF_ROLE)")
            return None
        return Actor(self.actor_id, self.roles, self.tenant)

    def engine(self, url: str | None = None) -> Engine:
        from workflow import Engine

        return Engine(url or self.db, self.load())

    def definitions_path(self) -> Path:
        """``--definitions``, else ``./definitions`` when present, else the bundled ones."""
        from pathlib import Path

        if self.definitions:
            return Path(self.definitions)
        local = Path("definitions")
        if local.is_dir():
            return local
        from workflow import bundled_definitions_path

        return bundled_definitions_path()

    def load(self) -> DefinitionSet:
        from workflow import load_definitions

        return load_definitions(self.definitions_path())


def _configure_logging(level: str, fmt: str) -> None:
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


def _settings() -> Settings:
    settings = click.get_current_context().find_object(Settings)
    if settings is None:  # pragma: no cover - main() always sets it
        raise click.UsageError("internal: settings missing")
    return settings


def _emit(data: Any) -> None:
    import json

    click.echo(json.dumps(data, ensure_ascii=False, default=str))


def _exit_code(exc: WorkflowError) -> int:
    from workflow import ConflictError, TransitionRefused

    return EXIT_REFUSED if isinstance(exc, TransitionRefused | ConflictError) else EXIT_USAGE


def _error_kind(exc: Exception) -> str:
    from workflow import ConflictError, DefinitionError, Forbidden, NotFound, StorageError, TransitionRefused

    kinds: list[tuple[type[Exception], str]] = [
        (DefinitionError, "invalid_definition"),
        (NotFound, "not_found"),
        (Forbidden, "forbidden"),
        (TransitionRefused, "refused"),
        (ConflictError, "conflict"),
        (StorageError, "storage"),
    ]
    return next((name for cls, name in kinds if isinstance(exc, cls)), "error")


def _fail(exc: WorkflowError) -> NoReturn:
    from workflow import DefinitionError, TransitionRefused

    settings = _settings()
    if settings.log_level == "debug":
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    if settings.as_json:
        payload: dict[str, Any] = {"error": _error_kind(exc), "message": str(exc)}
        if isinstance(exc, TransitionRefused):
            payload["blockers"] = [{"code": b.code, "message": b.message, "detail": b.detail} for b in exc.blockers]
        if isinstance(exc, DefinitionError):
            payload["problems"] = [_problem(p) for p in exc.problems]
        _emit(payload)
    else:
        click.echo(f"error: {exc}", err=True)
    sys.exit(_exit_code(exc))


def _usage(message: str) -> NoReturn:
    """Bad usage or input: a message (JSON with --json) and exit code 2."""
    if _settings().as_json:
        _emit({"error": "usage", "message": message})
    else:
        click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_USAGE)


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn the library's errors into a message and an exit code, never a traceback."""
    from workflow import WorkflowError

    try:
        yield
    except WorkflowError as exc:
        _fail(exc)


def _problem(p: Any) -> dict[str, Any]:
    return {"file": p.file, "line": p.line, "column": p.column, "message": p.message}


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--db",
    envvar="WF_DATABASE_URL",
    default="sqlite:///workflow.db",
    show_default=True,
    metavar="URL",
    help="Database URL [env WF_DATABASE_URL]; a SQLite file is created on first use.",
)
@click.option(
    "--definitions",
    envvar="WF_DEFINITIONS",
    metavar="PATH",
    help="Definition file or folder [env WF_DEFINITIONS; default ./definitions, else the bundled ones].",
)
@click.option("--actor", envvar="WF_ACTOR", metavar="ID", help="Who acts [env WF_ACTOR].")
@click.option(
    "--role",
    "roles",
    envvar="WF_ROLE",
    multiple=True,
    metavar="ROLE",
    help="A role of the actor; repeat for several [env WF_ROLE, space or comma separated].",
)
@click.option(
    "--tenant",
    envvar="WF_TENANT",
    metavar="ORG",
    help="The actor's organisation, for client-side roles [env WF_TENANT].",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (JSON).")
@click.option(
    "--log-level",
    type=click.Choice(LOG_LEVELS),
    default="warning",
    show_default=True,
    envvar="WF_LOG_LEVEL",
    help="Log level (to stderr); debug also shows tracebacks.",
)
@click.option(
    "--log-format",
    type=click.Choice(["console", "json"]),
    default="console",
    show_default=True,
    envvar="WF_LOG_FORMAT",
    help="Log line format.",
)
@click.version_option(package_name="workflow", prog_name="wf")
@click.pass_context
def main(
    ctx: click.Context,
    db: str,
    definitions: str | None,
    actor: str | None,
    roles: tuple[str, ...],
    tenant: str | None,
    as_json: bool,
    log_level: str,
    log_format: str,
) -> None:
    """wf — run assignments between public bodies on declared workflows.

    Definitions (YAML) declare states, transitions, roles and guards; the
    engine enforces them and records every attempt in an audit log.
    """
    ctx.obj = Settings(definitions, as_json, log_level, log_format, db, actor, roles, tenant)
    _configure_logging(log_level, log_format)


# ---------------------------------------------------------------- definitions


@main.group("definitions")
def definitions_group() -> None:
    """List, validate, show and draw workflow definitions."""


@definitions_group.command("list")
def definitions_list() -> None:
    """List the loaded workflows (newest version of each)."""
    settings = _settings()
    with _user_errors():
        loaded = settings.load()
    rows = [
        {
            "workflow": d.workflow,
            "version": d.version,
            "title": d.title,
            "states": len(d.states),
            "transitions": len(d.transitions),
            "file": d.file,
        }
        for d in loaded.all_versions()
    ]
    if settings.as_json:
        _emit(rows)
        return
    _table(rows, ["workflow", "version", "title", "states", "transitions", "file"])


@definitions_group.command("validate")
@click.argument("path", required=False, type=click.Path())
def definitions_validate(path: str | None) -> None:
    """Check definitions; print each problem as file:line:col: message.

    PATH is a file or folder (default: the --definitions location).  Exits 2
    when any problem is found, 0 when every file is clean.
    """
    from pathlib import Path

    from workflow import DefinitionError, load_definitions

    settings = _settings()
    target = Path(path) if path else settings.definitions_path()
    try:
        loaded = load_definitions(target)
    except DefinitionError as exc:
        if settings.as_json:
            _emit({"valid": False, "problems": [_problem(p) for p in exc.problems]})
        else:
            for problem in exc.problems:
                click.echo(str(problem))
            click.echo(f"{len(exc.problems)} problem(s) found.", err=True)
        sys.exit(EXIT_USAGE)
    versions = loaded.all_versions()
    if settings.as_json:
        _emit({"valid": True, "problems": [], "definitions": [f"{d.workflow}@{d.version}" for d in versions]})
    else:
        names = ", ".join(f"{d.workflow} v{d.version}" for d in versions)
        click.echo(f"OK: {len(versions)} definition(s) valid ({names}).")


def _pick(name: str, version: int | None) -> Definition:
    from workflow import NotFound

    loaded = _settings().load()
    if name not in loaded:
        raise NotFound("workflow", name, f"known workflows: {', '.join(sorted(loaded)) or 'none'}")
    if version is None:
        return loaded[name]
    found = loaded.get_version(name, version)
    if found is None:
        raise NotFound("version", f"{name} v{version}", "see 'wf definitions list'")
    return found


@definitions_group.command("show")
@click.argument("name")
@click.option("--version", "version", type=int, help="A specific version (default: the newest).")
def definitions_show(name: str, version: int | None) -> None:
    """Show a workflow: roles, states, transitions with their roles, requirements and guards."""
    settings = _settings()
    with _user_errors():
        definition = _pick(name, version)
    if settings.as_json:
        _emit(_definition_dict(definition))
        return
    for line in _definition_lines(definition):
        click.echo(line)


@definitions_group.command("diagram")
@click.argument("name")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["mermaid", "dot"]),
    default="mermaid",
    show_default=True,
    help="Mermaid needs no extra software; DOT renders with Graphviz (dot -Tsvg).",
)
@click.option("--version", "version", type=int, help="A specific version (default: the newest).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to a file.")
def definitions_diagram(name: str, fmt: str, version: int | None, output: str | None) -> None:
    """Draw a workflow's states and transitions."""
    from pathlib import Path

    from workflow import diagram

    with _user_errors():
        text = diagram(_pick(name, version), "dot" if fmt == "dot" else "mermaid")
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@definitions_group.command("doc")
@click.argument("name")
@click.option("--version", "version", type=int, help="A specific version (default: the newest).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to a file.")
def definitions_doc(name: str, version: int | None, output: str | None) -> None:
    """A Markdown page of a workflow: diagram, roles, states, transitions and guards."""
    from workflow import markdown

    with _user_errors():
        text = markdown(_pick(name, version))
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        click.echo(text, nl=False)


@definitions_group.command("schema")
def definitions_schema() -> None:
    """Print the JSON Schema of the definition format (as in definitions/schema.json)."""
    import json

    from workflow import format_schema

    click.echo(json.dumps(format_schema(), indent=2, ensure_ascii=False))


# ---------------------------------------------------------------- cases


class _Moment(click.ParamType[Any]):
    """An ISO 8601 date or moment; without an offset it is taken as UTC."""

    name = "TIMESTAMP"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from datetime import UTC, datetime

        if isinstance(value, datetime):
            return value
        try:
            moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            self.fail(
                f"{value!r} is not a date or moment; write e.g. 2026-11-26 or 2026-11-26T14:30:00+01:00", param, ctx
            )
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


MOMENT = _Moment()


def _json_option(value: str | None, what: str) -> dict[str, Any]:
    """``--data``/``--input``: a JSON object, inline or ``@file.json``."""
    import json
    from pathlib import Path

    if value is None:
        return {}
    text = value
    if value.startswith("@"):
        try:
            text = Path(value[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            _usage(f"{what}: cannot read {value[1:]!r}: {exc.strerror}")
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as exc:
        _usage(
            f"{what}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); "
            'expected an object like \'{"note": "text"}\' or @file.json'
        )
    if not isinstance(parsed, dict):
        _usage(f"{what}: expected a JSON object, found {type(parsed).__name__}")
    return parsed


@main.group("case")
def case_group() -> None:
    """Start cases, fire transitions, see what blocks them."""


def _case_summary(case: Case, event: AuditEvent | None = None) -> dict[str, Any]:
    summary: dict[str, Any] = {"id": case.id, "workflow": case.workflow, "state": case.state, "version": case.version}
    if event is not None:
        summary["event"] = _event_dict(event)
    return summary


def _event_dict(e: AuditEvent) -> dict[str, Any]:
    return {
        "seq": e.seq,
        "kind": e.kind,
        "transition": e.transition,
        "from": e.from_state,
        "to": e.to_state,
        "actor": e.actor_id,
        "role": e.role,
        "tenant": e.tenant,
        "reason": e.reason,
        "input": e.input,
        "data_diff": list(e.data_diff),
        "blockers": [_blocker_dict(b) for b in e.blockers],
        "definition": f"{e.workflow}@{e.definition_version}",
        "at": e.at.isoformat(),
        "hash": e.hash,
    }


def _blocker_dict(b: Any) -> dict[str, Any]:
    return {"code": b.code, "message": b.message, "detail": b.detail}


def _blocker_lines(blockers: Any, indent: str = "  ") -> Iterator[str]:
    for b in blockers:
        yield f"{indent}- {b.message}" + (f" ({b.detail})" if b.detail else "") + f"  [{b.code}]"


@case_group.command("start")
@click.argument("workflow")
@click.option("--data", metavar="JSON|@FILE", help="Initial case data (a JSON object).")
@click.option("--reference", metavar="REF", help="The case's reference in the client's own system.")
@click.option("--key", metavar="KEY", help="Idempotency key: a repeat with the same key starts nothing new.")
def case_start(workflow: str, data: str | None, reference: str | None, key: str | None) -> None:
    """Start a case of WORKFLOW for --tenant (or the actor's tenant)."""
    settings = _settings()
    actor = settings.actor()
    assert actor is not None
    payload = _json_option(data, "--data")
    tenant = settings.tenant or _usage("give --tenant ORG: the organisation the case belongs to")
    with _user_errors(), settings.engine() as engine:
        case = engine.start(
            workflow, actor=actor, tenant=tenant, data=payload, reference=reference, idempotency_key=key
        )
        first = engine.history(case.id)[0]
        label = engine.definition_of(case).states[case.state].label
    if settings.as_json:
        _emit(_case_summary(case, first))
    else:
        click.echo(
            f"Started case {case.id} ({case.workflow} v{case.definition_version}) for {case.tenant}: "
            f"{case.state} ({label}), version {case.version}"
        )


@case_group.command("fire")
@click.argument("case_id", metavar="CASE")
@click.argument("transition")
@click.option("--input", "payload", metavar="JSON|@FILE", help="Input for the transition (a JSON object).")
@click.option("--reason", metavar="TEXT", help="Why; kept in the audit log.")
@click.option("--expect-version", type=int, metavar="N", help="Only if the case is still at version N.")
@click.option("--key", metavar="KEY", help="Idempotency key: a retry with the same key happens once.")
def case_fire(
    case_id: str, transition: str, payload: str | None, reason: str | None, expect_version: int | None, key: str | None
) -> None:
    """Take TRANSITION on CASE; exit 1 with every blocker when the workflow says no."""
    settings = _settings()
    actor = settings.actor()
    assert actor is not None
    data = _json_option(payload, "--input")
    with _user_errors(), settings.engine() as engine:
        result = engine.fire(
            case_id,
            transition,
            actor=actor,
            input=data,
            reason=reason,
            expected_version=expect_version,
            idempotency_key=key,
        )
        label = engine.definition_of(result.case).states[result.case.state].label
    if settings.as_json:
        _emit(_case_summary(result.case, result.event))
        return
    replay = " (a repeat: nothing new happened)" if result.replayed else ""
    click.echo(
        f"{transition}: {result.event.from_state} -> {result.case.state} ({label}), "
        f"version {result.case.version}{replay}"
    )


@case_group.command("explain")
@click.argument("case_id", metavar="CASE")
@click.argument("transition")
@click.option("--input", "payload", metavar="JSON|@FILE", help="Input the transition would get.")
def case_explain(case_id: str, transition: str, payload: str | None) -> None:
    """Say whether TRANSITION may be taken now, or every blocker; exit 0 allowed, 1 blocked."""
    settings = _settings()
    actor = settings.actor()
    assert actor is not None
    data = _json_option(payload, "--input")
    with _user_errors(), settings.engine() as engine:
        explanation = engine.explain(case_id, transition, actor=actor, input=data)
    if settings.as_json:
        _emit(_explanation_dict(explanation))
    elif explanation.allowed:
        click.echo(f"{transition} is allowed for {actor.id}: {explanation.from_state} -> {explanation.to_state}")
    else:
        click.echo(f"{transition} is blocked for {actor.id}:")
        for line in _blocker_lines(explanation.blockers):
            click.echo(line)
    sys.exit(0 if explanation.allowed else EXIT_REFUSED)


def _explanation_dict(e: Explanation) -> dict[str, Any]:
    return {
        "transition": e.transition,
        "label": e.label,
        "allowed": e.allowed,
        "from": e.from_state,
        "to": e.to_state,
        "blockers": [_blocker_dict(b) for b in e.blockers],
    }


@case_group.command("show")
@click.argument("case_id", metavar="CASE")
@click.option("--at", "moment", type=MOMENT, help="Show the case as it was at this moment, rebuilt from the log.")
def case_show(case_id: str, moment: Any) -> None:
    """Show a case: state, data, version, and each transition from here, allowed or blocked."""
    import json

    from workflow import Actor

    settings = _settings()
    actor = settings.actor(required=False)
    with _user_errors(), settings.engine() as engine:
        case = engine.get(case_id, actor=actor) if moment is None else engine.state_at(case_id, moment, actor=actor)
        definition = engine.definition_of(case)
        viewer = actor or Actor(
            "(anyone)", tuple(r for r, role in definition.roles.items() if not role.read_only), case.tenant
        )
        options = engine.available(case_id, actor=viewer) if moment is None else []
        deadlines = engine.timers(case_id, actor=actor) if moment is None else []
        now = engine.clock()
    if settings.as_json:
        _emit(
            {
                "case": {
                    **_case_summary(case),
                    "definition_version": case.definition_version,
                    "label": definition.states[case.state].label,
                    "tenant": case.tenant,
                    "reference": case.reference,
                    "data": case.data,
                    "created_at": case.created_at.isoformat(),
                    "updated_at": case.updated_at.isoformat(),
                },
                "transitions": [_explanation_dict(o) for o in options],
                "flags": list(case.flags),
                "deadlines": [
                    {
                        "state": t.state,
                        "due": t.due_at.isoformat(),
                        "warn": t.warn_at.isoformat() if t.warn_at else None,
                        "status": t.status,
                        "overdue": t.overdue(now),
                        "then": t.then,
                        "flag": t.flag,
                        "extended": t.extended,
                    }
                    for t in deadlines
                ],
            }
        )
        return
    click.echo(f"Case {case.id}  ({definition.title}, {case.workflow} v{case.definition_version})")
    if moment is not None:
        click.echo(f"  as it was at {moment.isoformat()} (rebuilt from the audit log)")
    click.echo(f"  state     {case.state} ({definition.states[case.state].label})")
    click.echo(f"  version   {case.version}")
    click.echo(f"  tenant    {case.tenant}" + (f"   reference {case.reference}" if case.reference else ""))
    if case.flags:
        click.echo(f"  flags     {', '.join(case.flags)}")
    for timer in deadlines:
        action = f"then {timer.then}" if timer.then else f"flag {timer.flag}"
        click.echo(
            f"  deadline  {timer.state}: {timer.due_at.isoformat(timespec='minutes')} — "
            f"{_due_words(timer, now)}; {action}"
        )
    click.echo("  data      " + json.dumps(case.data, ensure_ascii=False, indent=2).replace("\n", "\n            "))
    if moment is not None:
        return
    who = f"for {actor.id}" if actor else "(no --actor given: role checks as if you held every role)"
    click.echo(f"Transitions from here {who}:" if options else "No transitions leave this state.")
    for option in options:
        mark = "allowed" if option.allowed else "blocked"
        click.echo(f"  {option.transition:<22} -> {option.to_state:<18} {mark}   {option.label}")
        if not option.allowed:
            for line in _blocker_lines(option.blockers, "      "):
                click.echo(line)


@case_group.command("list")
@click.option("--workflow", help="Only this workflow.")
@click.option("--state", help="Only cases in this state.")
@click.option("--tenant", "tenant_filter", metavar="ORG", help="Only this organisation's cases.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True, help="Cases per page.")
@click.option("--after", metavar="CASE", help="Start after this case (the last id of the previous page).")
@click.option("--overdue", is_flag=True, help="Only cases with a deadline that has passed.")
@click.option(
    "--due-within",
    type=click.IntRange(0, 3650),
    metavar="DAYS",
    help="Only cases with a deadline in the next DAYS days (overdue ones included).",
)
def case_list(
    workflow: str | None,
    state: str | None,
    tenant_filter: str | None,
    limit: int,
    after: str | None,
    overdue: bool,
    due_within: int | None,
) -> None:
    """List cases, oldest first, one page at a time (JSON lines with --json)."""
    settings = _settings()
    actor = settings.actor(required=False)
    if overdue or due_within is not None:
        _list_due(settings, actor, due_within or 0, workflow, state, tenant_filter, limit)
        return
    with _user_errors(), settings.engine() as engine:
        page = engine.cases(workflow=workflow, state=state, tenant=tenant_filter, actor=actor, limit=limit, after=after)
    if settings.as_json:
        for case in page:
            _emit(
                {
                    **_case_summary(case),
                    "tenant": case.tenant,
                    "reference": case.reference,
                    "updated_at": case.updated_at.isoformat(),
                }
            )
        return
    _table(
        [
            {
                "id": c.id,
                "workflow": c.workflow,
                "state": c.state,
                "version": c.version,
                "tenant": c.tenant,
                "reference": c.reference or "",
                "updated": c.updated_at.strftime("%Y-%m-%d %H:%M"),
            }
            for c in page
        ],
        ["id", "workflow", "state", "version", "tenant", "reference", "updated"],
    )
    if len(page) == limit:
        click.echo(f"(more may follow: --after {page[-1].id})")


def _list_due(
    settings: Settings,
    actor: Actor | None,
    days: int,
    workflow: str | None,
    state: str | None,
    tenant: str | None,
    limit: int,
) -> None:
    from datetime import timedelta

    with _user_errors(), settings.engine() as engine:
        now = engine.clock()
        found = [
            (c, t)
            for c, t in engine.due(within=timedelta(days=days), actor=actor, limit=limit)
            if (workflow is None or c.workflow == workflow)
            and (state is None or c.state == state)
            and (tenant is None or c.tenant == tenant)
        ]
    rows = [
        {
            "id": c.id,
            "workflow": c.workflow,
            "state": c.state,
            "tenant": c.tenant,
            "due": t.due_at.isoformat(timespec="minutes"),
            "status": _due_words(t, now),
            "action": t.then or t.flag or "",
        }
        for c, t in found
    ]
    if settings.as_json:
        for row in rows:
            _emit(row)
    else:
        _table(rows, ["id", "workflow", "state", "tenant", "due", "status", "action"])


def _due_words(timer: Any, now: Any) -> str:
    if timer.status == "paused":
        return "paused (clock stopped)"
    days = (timer.due_at - now).total_seconds() / 86400
    if timer.overdue(now):
        refused = ", its transition was refused" if timer.status == "refused" else ""
        return f"OVERDUE by {-days:.1f} days{refused}"
    warning = " (warning)" if timer.warning(now) else ""
    return f"due in {days:.1f} days{warning}"


@case_group.command("history")
@click.argument("case_id", metavar="CASE")
def case_history(case_id: str) -> None:
    """The case's audit events, oldest first (JSON lines with --json)."""
    settings = _settings()
    actor = settings.actor(required=False)
    with _user_errors(), settings.engine() as engine:
        events = engine.history(case_id, actor=actor)
    for event in events:
        if settings.as_json:
            _emit(_event_dict(event))
        else:
            for line in _event_lines(event):
                click.echo(line)


def _event_lines(e: AuditEvent) -> Iterator[str]:
    step = {
        "started": f"started -> {e.to_state}",
        "fired": f"{e.transition}: {e.from_state} -> {e.to_state}",
        "refused": f"{e.transition} REFUSED in {e.from_state}",
    }.get(e.kind, f"{e.kind} {e.transition or ''}")
    role = f" ({e.role})" if e.role else ""
    yield f"{e.seq:>3}  {e.at.strftime('%Y-%m-%d %H:%M:%S')}  {step}  by {e.actor_id}{role}"
    if e.reason:
        yield f"       reason: {e.reason}"
    yield from _blocker_lines(e.blockers, "       ")


# ---------------------------------------------------------------- audit


def _audit_filters(command: F) -> F:
    options = [
        click.option("--until", type=MOMENT, help="Only events before this moment (exclusive)."),
        click.option("--since", type=MOMENT, help="Only events from this moment (inclusive)."),
        click.option("--kind", type=click.Choice(["started", "fired", "refused"]), help="Only this kind of event."),
        click.option("--transition", help="Only this transition."),
        click.option("--role", "role_used", metavar="ROLE", help="Only events where the actor acted in this role."),
        click.option("--actor", "actor_id", metavar="ID", help="Only this actor's events."),
        click.option("--tenant", "tenant_filter", metavar="ORG", help="Only this organisation's cases."),
        click.option("--workflow", help="Only this workflow."),
        click.option("--case", "case_id", metavar="CASE", help="Only this case."),
    ]
    for option in options:
        command = option(command)
    return command


def _filters(kwargs: dict[str, Any]) -> dict[str, Any]:
    names = {
        "case_id": "case_id",
        "workflow": "workflow",
        "tenant_filter": "tenant",
        "actor_id": "actor",
        "role_used": "role",
        "transition": "transition",
        "kind": "kind",
        "since": "since",
        "until": "until",
    }
    return {target: kwargs[source] for source, target in names.items()}


@main.group("audit")
def audit_group() -> None:
    """Review the audit log: filter, export, verify it was not tampered with.

    Needs only --db (no definitions): reviewers can work on a copy of the database.
    """


def _audit_log() -> Any:
    from workflow import AuditLog

    return AuditLog.open(_settings().db)


@audit_group.command("log")
@_audit_filters
@click.option("--limit", type=click.IntRange(1, 1_000_000), help="At most this many events.")
@click.option("--after", type=int, metavar="ID", help="Only events after this position in the log (paging).")
def audit_log(limit: int | None, after: int | None, **kwargs: Any) -> None:
    """Audit events in log order, filtered (JSON lines with --json). `--kind refused` shows who tried what."""
    settings = _settings()
    with _user_errors(), _audit_log() as log:
        for event in log.query(**_filters(kwargs), limit=limit, after=after):
            if settings.as_json:
                _emit({"id": event.id, "case_id": event.case_id, **_event_dict(event)})
                continue
            click.echo(f"#{event.id} case {event.case_id} ({event.workflow}, {event.tenant})")
            for line in _event_lines(event):
                click.echo(line)


@audit_group.command("verify")
@click.option("--case", "case_id", metavar="CASE", help="Only this case's chain.")
@click.option(
    "--checkpoint",
    "checkpoint_file",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Also compare with a checkpoint kept outside the database (finds removed or rewritten cases).",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Verify in this many processes side by side (large logs, several cores).",
)
def audit_verify(case_id: str | None, checkpoint_file: str | None, jobs: int) -> None:
    """Recompute every hash chain; name each break. Exit 0 intact, 1 broken."""
    from workflow import Checkpoint

    settings = _settings()
    with _user_errors():
        checkpoint = None
        if checkpoint_file:
            try:
                with open(checkpoint_file, "rb") as handle:
                    checkpoint = Checkpoint.from_json(handle.read())
            except OSError as exc:
                _usage(f"--checkpoint: cannot read {checkpoint_file!r}: {exc.strerror}")
        with _audit_log() as log:
            if jobs > 1 and case_id is None:
                result = _verify_in_parallel(log, settings.db, jobs, checkpoint)
            else:
                result = log.verify(case_id=case_id, checkpoint=checkpoint)
    if settings.as_json:
        _emit(
            {
                "intact": result.intact,
                "cases": result.cases,
                "events": result.events,
                "breaks": [
                    {"case_id": b.case_id, "seq": b.seq, "kind": b.kind, "detail": b.detail} for b in result.breaks
                ],
            }
        )
    elif result.intact:
        against = " and match the checkpoint" if checkpoint else ""
        click.echo(f"intact: {result.cases} cases, {result.events} events verified{against}")
    else:
        click.echo(f"BROKEN: {len(result.breaks)} break(s) in {result.cases} cases, {result.events} events:")
        for item in result.breaks:
            click.echo(f"  {item}")
    sys.exit(0 if result.intact else EXIT_REFUSED)


def _verify_part(url: str, case_range: Any) -> Any:
    from workflow import AuditLog

    with AuditLog.open(url) as log:
        return log.verify(case_range=case_range)


def _verify_in_parallel(log: Any, url: str, jobs: int, checkpoint: Any) -> Any:
    """Chains in ``jobs`` processes over ranges of case ids; the checkpoint once, here."""
    import multiprocessing

    from workflow import Verification

    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        parts = pool.starmap(_verify_part, [(url, case_range) for case_range in log.split(jobs)])
    if checkpoint is not None:
        parts.append(Verification(0, 0, log.against_checkpoint(checkpoint)))
    return Verification.merge(parts)


@audit_group.command("checkpoint")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Write the checkpoint (every case's count and head hash) to FILE; keep it outside the database.",
)
def audit_checkpoint(output: str | None) -> None:
    """Print a digest over every case's head hash and event count, with its time."""
    from datetime import UTC, datetime

    settings = _settings()
    with _user_errors(), _audit_log() as log:
        checkpoint = log.checkpoint(datetime.now(UTC))
    if output:
        with open(output, "wb") as handle:
            handle.write(checkpoint.to_json())
    if settings.as_json:
        _emit(
            {
                "digest": checkpoint.digest,
                "created_at": checkpoint.created_at.isoformat(),
                "cases": len(checkpoint.heads),
                "file": output,
            }
        )
    else:
        where = f"; written to {output}" if output else "; add -o FILE to keep the details for verify --checkpoint"
        click.echo(
            f"checkpoint {checkpoint.digest} at {checkpoint.created_at.isoformat(timespec='seconds')} "
            f"over {len(checkpoint.heads)} cases{where}"
        )


@audit_group.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl", "xes"]),
    required=True,
    help="csv or jsonl (log order), or XES for process mining (one trace per case).",
)
@_audit_filters
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE", help="Write to FILE (default stdout).")
def audit_export(fmt: str, output: str | None, **kwargs: Any) -> None:
    """Export audit events, streamed (memory stays flat however long the log)."""
    from workflow import export

    with _user_errors(), _audit_log() as log:
        events = log.query(**_filters(kwargs), by_case=fmt == "xes")
        target: Any = open(output, "w", encoding="utf-8", newline="") if output else nullcontext(sys.stdout)  # noqa: SIM115
        with target as handle:
            count = export(fmt, events, handle)  # type: ignore[arg-type]
    click.echo(f"{count} events exported as {fmt}" + (f" to {output}" if output else ""), err=True)


# ---------------------------------------------------------------- timers


@main.group("timers")
def timers_group() -> None:
    """Act on deadlines that have passed."""


@timers_group.command("run")
@click.option("--once", "mode", flag_value="once", default=True, help="Handle what is due now, then stop (default).")
@click.option(
    "--every",
    type=click.IntRange(1, 86_400),
    metavar="SECONDS",
    help="Keep running: handle what is due, sleep SECONDS, repeat (Ctrl-C stops).",
)
def timers_run(mode: str, every: int | None) -> None:
    """Fire each passed deadline's transition as the system actor, or raise its flag.

    Several runners may run side by side (processes or machines sharing one
    PostgreSQL): each deadline is handled exactly once.
    """
    import time

    settings = _settings()
    with _user_errors(), settings.engine() as engine:
        while True:
            for outcome in engine.run_due_timers():
                if settings.as_json:
                    _emit(
                        {
                            "case_id": outcome.case_id,
                            "state": outcome.state,
                            "outcome": outcome.outcome,
                            "transition": outcome.transition,
                            "flag": outcome.flag,
                        }
                    )
                else:
                    what = outcome.transition or outcome.flag or ""
                    click.echo(f"{outcome.case_id}  {outcome.state}: {outcome.outcome} {what}".rstrip())
            if every is None:
                return
            time.sleep(every)


# ---------------------------------------------------------------- db and demo


@main.group("db")
def db_group() -> None:
    """Prepare the database."""


@db_group.command("upgrade")
def db_upgrade() -> None:
    """Create or bring the database schema up to date."""
    from workflow import upgrade_database

    settings = _settings()
    with _user_errors():
        before, after = upgrade_database(settings.db)
    if settings.as_json:
        _emit({"database": settings.db, "before": before, "after": after})
    elif before == after:
        click.echo(f"Database ready: {settings.db} (schema {after}, already current)")
    else:
        click.echo(f"Database ready: {settings.db} (schema {before or 'none'} -> {after})")


@main.command("demo")
@click.option("--db", "demo_db", metavar="URL", help="Database for the demo (default: a fresh SQLite file).")
def demo(demo_db: str | None) -> None:
    """Play one whole assignment on the bundled definition, then print its history."""
    import tempfile
    from pathlib import Path

    from workflow import Engine, bundled_definitions_path
    from workflow.demo import play

    settings = _settings()
    url = demo_db or f"sqlite:///{Path(tempfile.mkdtemp(prefix='wf-demo-')) / 'demo.db'}"
    with _user_errors(), Engine(url, bundled_definitions_path()) as engine:
        case = None
        for step in play(engine):
            case = step.case
            _demo_step(step, settings.as_json)
        assert case is not None
        events = engine.history(case.id)
    if settings.as_json:
        for event in events:
            _emit(_event_dict(event))
        return
    click.echo(f"\nAudit log of case {case.id}:")
    for event in events:
        for line in _event_lines(event):
            click.echo(line)
    click.echo(
        f"\nThe demo database is {url}; look further with:\n"
        f"  wf --db {url} case show {case.id}\n  wf --db {url} case history {case.id}"
    )


def _demo_step(step: Any, as_json: bool) -> None:
    if as_json:
        _emit(
            {
                "step": step.title,
                "actor": step.actor.id,
                "transition": step.transition,
                "state": step.case.state,
                "refused": step.refusal is not None,
                "blockers": [_blocker_dict(b) for b in (step.refusal.blockers if step.refusal else ())],
            }
        )
        return
    who = f"{step.actor.id} ({', '.join(step.actor.roles)})"
    if step.refusal is not None:
        click.echo(f"x {step.title}\n    {who}: {step.transition} REFUSED:")
        for line in _blocker_lines(step.refusal.blockers, "    "):
            click.echo(line)
    else:
        what = f"{step.transition} -> {step.case.state}" if step.transition else f"started in {step.case.state}"
        click.echo(f"v {step.title}\n    {who}: {what}")


def _definition_dict(d: Definition) -> dict[str, Any]:
    return {
        "workflow": d.workflow,
        "version": d.version,
        "title": d.title,
        "description": d.description,
        "file": d.file,
        "checksum": d.checksum,
        "roles": {r.id: {"label": r.label, "side": r.side, "read_only": r.read_only} for r in d.roles.values()},
        "states": {
            s.id: {
                "label": s.label,
                "initial": s.initial,
                "final": s.final,
                "deadline": s.deadline.text if s.deadline else None,
            }
            for s in d.states.values()
        },
        "transitions": {
            t.id: {
                "label": t.label,
                "from": list(t.sources),
                "to": t.target,
                "roles": list(t.roles),
                "requires": [{"field": q.field, "code": q.code, "message": q.message} for q in t.requires],
                "guards": [{"when": g.when, "code": g.code, "message": g.message} for g in t.guards],
            }
            for t in d.transitions.values()
        },
    }


def _definition_lines(d: Definition) -> Iterator[str]:
    yield f"{d.title}  ({d.workflow} v{d.version}, {d.file})"
    if d.description:
        yield f"  {d.description}"
    yield ""
    yield "Roles:"
    for r in d.roles.values():
        yield f"  {r.id:<28} {r.side:<7} {r.label}{'  (read only)' if r.read_only else ''}"
    yield ""
    yield "States:"
    for s in d.states.values():
        marks = [m for m, on in (("initial", s.initial), ("final", s.final)) if on]
        if s.deadline:
            marks.append(f"deadline {s.deadline.text}")
        yield f"  {s.id:<28} {s.label}{'  [' + ', '.join(marks) + ']' if marks else ''}"
    yield ""
    yield "Transitions:"
    for t in d.transitions.values():
        target = t.target or "(stays)"
        yield f"  {t.id}: {', '.join(t.sources)} -> {target}   {t.label}"
        yield f"      roles: {', '.join(t.roles)}"
        for req in t.requires:
            yield f"      requires {req.field}: {req.message}"
        for g in t.guards:
            yield f"      guard [{g.code}] {g.when}"
            yield f"          {g.message}"


def _table(rows: list[dict[str, Any]], columns: list[str]) -> None:
    if not rows:
        click.echo("(none)")
        return
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in columns}
    click.echo("  ".join(c.upper().ljust(widths[c]) for c in columns).rstrip())
    for row in rows:
        click.echo("  ".join(str(row[c]).ljust(widths[c]) for c in columns).rstrip())


if __name__ == "__main__":  # `python cli.py ...` from a checkout
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
