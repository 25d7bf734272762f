"""Global options and environment variables, shared by every command.

Each global option is accepted before the subcommand (``wf --json case list``)
and after it (``wf case list --json``); given after, it wins.  A command's own
option of the same name wins over the global one there: the audit filters
``--actor``, ``--role`` and ``--tenant``, ``case list --tenant`` and
``demo --db`` filter or choose, they do not say who acts.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from workflow._cli.helping import WfOption
from workflow._cli.logs import LOG_FORMATS, LOG_LEVELS, configure_logging

if TYPE_CHECKING:
    from pathlib import Path

    from workflow import Actor, DefinitionSet, Engine, Limits, Reader

__all__ = ["DEFAULT_DB", "Settings", "current", "global_options", "root_options"]

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_DB = "sqlite:///workflow.db"


class Settings:
    """The global options of one invocation, in the click context's ``obj``."""

    def __init__(self, **options: Any) -> None:
        self.db: str = options.get("db") or DEFAULT_DB
        self.definitions: str | None = options.get("definitions")
        self.actor_id: str | None = options.get("actor")
        self.roles: tuple[str, ...] = _split_roles(options.get("roles") or ())
        self.tenant: str | None = options.get("tenant")
        self.as_json: bool = bool(options.get("as_json"))
        self.log_level: str = options.get("log_level") or "warning"
        self.log_format: str = options.get("log_format") or "console"
        self.limits: tuple[str, ...] = _split_roles(options.get("limits") or ())
        self.lang: str = (options.get("lang") or "nl").lower()
        self.read_only: bool = bool(options.get("read_only"))
        self.attributes: tuple[str, ...] = tuple(options.get("attributes") or ())

    def set(self, name: str, value: Any) -> None:
        """A global option given after the subcommand: it replaces the earlier value."""
        if name in {"roles", "limits"}:
            value = _split_roles(value)
        if name == "attributes":
            value = (*self.attributes, *value)
        setattr(self, "actor_id" if name == "actor" else name, value)
        if name in {"log_level", "log_format"}:
            configure_logging(self.log_level, self.log_format)

    def actor(self, *, required: bool = True) -> Actor | None:
        """The acting user from --actor/--role/--tenant (or WF_ACTOR/WF_ROLE/WF_TENANT)."""
        from workflow import Actor
        from workflow._cli.attributes import ENV_ATTRIBUTES, actor_attributes

        if not self.actor_id:
            given = self._actor_parts_without_actor(ENV_ATTRIBUTES)
            if given or required:
                from workflow._cli.failures import text, usage

                usage(text("cli.usage.actor") if required else text("cli.usage.actor_missing", given=given))
            return None

        return Actor(self.actor_id, self.roles, self.tenant, attributes=actor_attributes(self.attributes))

    def _actor_parts_without_actor(self, env_attributes: str) -> str:
        """The parts of an actor given without --actor (never silently the operator's view); '' when none."""
        import os

        given = [
            label
            for label, present in (
                ("--role/WF_ROLE", self.roles),
                ("--tenant/WF_TENANT", self.tenant),
                (f"--attribute/{env_attributes}", self.attributes or os.environ.get(env_attributes, "").strip()),
            )
            if present
        ]
        return ", ".join(given)

    def engine(self, *, read_only: bool = False) -> Engine:
        """The engine for this invocation; read-only with ``--read-only``, or when the command only reads."""
        from workflow import Engine

        opened = read_only or self.read_only
        return Engine(self.db, self.load(), limits=self.engine_limits(), language=self.lang, read_only=opened)

    def reader(self) -> Engine | Reader:
        """The questions of a command that reads one case: on a plain SQLite file URL the reader
        (:mod:`workflow.reader`: the engine's code on ``sqlite3``, no SQLAlchemy to import), else the
        read-only engine."""
        from workflow import Reader

        if not Reader.reads(self.db):
            return self.engine(read_only=True)
        return Reader(self.db, self.load(), limits=self.engine_limits(), language=self.lang)

    def engine_limits(self) -> Limits:
        """The defaults, with each ``--limits NAME=VALUE`` (or WF_LIMITS) applied."""
        from dataclasses import fields

        from workflow import Limits

        names = {f.name for f in fields(Limits)}
        given: dict[str, int] = {}
        for item in self.limits:
            name, _, value = item.partition("=")
            name = name.strip().replace("-", "_")
            if name not in names or not value.strip().isdigit():
                from workflow._cli.failures import text, usage

                usage(text("cli.usage.limits", known=", ".join(sorted(names)), found=repr(item)))
            given[name] = int(value)
        return Limits(**given)

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
        """The definitions, their compiled forms cached per user (``WF_CACHE_DIR``; ``off``: none)."""
        from workflow import definitions_cache_dir, load_definitions

        return load_definitions(self.definitions_path(), cache=definitions_cache_dir())


def _split_roles(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(r for value in values for r in value.replace(",", " ").split())


def current() -> Settings:
    """The settings of the running command."""
    settings = click.get_current_context().find_object(Settings)
    if settings is None:  # pragma: no cover - the root group always sets it
        raise click.UsageError("internal: settings missing")
    return settings


_SPECS: list[tuple[str, tuple[str, ...], str | None, dict[str, Any]]] = [
    ("db", ("--db",), "WF_DATABASE_URL", {"metavar": "URL"}),
    ("definitions", ("--definitions",), "WF_DEFINITIONS", {"metavar": "PATH"}),
    ("actor", ("--actor",), "WF_ACTOR", {"metavar": "ID"}),
    ("roles", ("--role", "roles"), "WF_ROLE", {"multiple": True, "metavar": "ROLE"}),
    ("tenant", ("--tenant",), "WF_TENANT", {"metavar": "ORG"}),
    ("attributes", ("--attribute", "attributes"), None, {"multiple": True, "metavar": "NAME=JSON"}),
    ("limits", ("--limits", "limits"), "WF_LIMITS", {"multiple": True, "metavar": "NAME=N"}),
    ("as_json", ("--json", "as_json"), None, {"is_flag": True}),
    ("read_only", ("--read-only", "read_only"), "WF_READ_ONLY", {"is_flag": True}),
    ("lang", ("--lang",), "WF_LANG", {"type": click.Choice(["nl", "en"], case_sensitive=False)}),
    ("log_level", ("--log-level",), "WF_LOG_LEVEL", {"type": click.Choice(LOG_LEVELS)}),
    ("log_format", ("--log-format",), "WF_LOG_FORMAT", {"type": click.Choice(LOG_FORMATS)}),
]
"""(settings name, option declarations, environment variable, click options) of each global option;
its help is the help catalogue's ``cli.help.opt.<settings name>``."""


def root_options(command: F) -> F:
    """The global options on the root group (with their environment variables), passed to its callback."""
    for _, decls, envvar, kwargs in reversed(_SPECS):
        command = click.option(*decls, cls=WfOption, envvar=envvar, **kwargs)(command)
    return command


def _store(name: str) -> Callable[[click.Context, click.Parameter, Any], None]:
    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> None:
        if value in (None, (), False) or ctx.resilient_parsing:
            return
        settings = ctx.find_object(Settings)
        if settings is not None:
            settings.set(name, value)

    return callback


def _speaking(command: F) -> F:
    """Run ``command`` in the language of ``--lang``/``WF_LANG`` (read after every option is parsed)."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        from workflow import as_language, speaking

        with speaking(as_language(current().lang)):
            return command(*args, **kwargs)

    return cast(F, run)


def global_options(*, own: tuple[str, ...] = ()) -> Callable[[F], F]:
    """The global options again on a command, so they may follow it (stored in the
    settings, not passed on); ``own`` names the command's own options that take the
    name there, which are left out."""

    def decorate(command: F) -> F:
        for name, decls, _, kwargs in reversed(_SPECS):
            if name not in own:
                option = click.option(*decls, cls=WfOption, expose_value=False, callback=_store(name), **kwargs)
                command = option(command)
        return _speaking(command)

    return decorate
