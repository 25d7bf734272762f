"""The definitions an engine knows: the loaded ones, registered in the database, and the stored ones.

A case is pinned to the exact definition version it started under.  Each
loaded definition's source is stored on first use; a changed text under an
old version number is refused.  A version no longer loaded is rebuilt from
its stored source (and kept for the life of the registry).
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from workflow import policy
from workflow.defcache import load_definitions
from workflow.errors import DefinitionError, NotFound, Problem, RetiredDefinition, say
from workflow.model import Actor, Case, Definition, DefinitionSet
from workflow.resources import bundled_definitions_path
from workflow.store import reads

if TYPE_CHECKING:
    from workflow.store.direct import Connection

__all__ = ["Definitions", "Registry", "as_definition_set"]

Definitions = str | Path | DefinitionSet | Definition | Iterable[Definition] | None
"""What an engine is given: a file or folder, loaded definitions, or None for the bundled ones."""


def as_definition_set(definitions: Definitions) -> DefinitionSet:
    if definitions is None:
        return load_definitions(bundled_definitions_path())
    if isinstance(definitions, DefinitionSet):
        return definitions
    if isinstance(definitions, Definition):
        return DefinitionSet([definitions])
    if isinstance(definitions, str | Path):
        return load_definitions(definitions)
    return DefinitionSet(definitions)


class Registry:
    """Loaded definitions plus those rebuilt from stored source; safe to share between threads."""

    def __init__(self, loaded: DefinitionSet) -> None:
        self.loaded = loaded
        self._stored: dict[tuple[str, int], Definition] = {}
        self._lock = threading.Lock()
        self._warm = False

    def register(self, conn: Connection, now: datetime, *, store: bool = True) -> None:
        """Store each loaded definition's source (unless not ``store``: a read-only engine); refuse
        changed text under an old version number."""
        problems = []
        for definition in self.loaded.all_versions():
            row = reads.stored_definition(conn, definition.workflow, definition.version)
            if row is None and not store:
                continue
            if row is None:
                from workflow.store import queries  # writing: SQLAlchemy (a read-only reader never gets here)

                queries.store_definition(
                    conn, definition.workflow, definition.version, definition.checksum, definition.source, now
                )
            elif row.checksum != definition.checksum:
                msg = say(
                    "definition.changed",
                    workflow=definition.workflow,
                    version=definition.version,
                    stored=row.checksum[:12],
                    found=definition.checksum[:12],
                    key="version",
                    next=definition.version + 1,
                )
                problems.append(Problem(definition.file, 1, 1, msg))
        if problems:
            raise DefinitionError(problems)

    def every_stored(self, conn: Connection) -> list[Definition]:
        """Every version cases may be pinned to (each stored one), as :meth:`pinned` reads it: what
        :func:`workflow.policy.seen` judges a listing by, so it agrees with reading one case.

        A version whose stored text is damaged has no roles to judge by: it is left out, so its cases
        are in no actor's listing (the operator's lists them; reading one names the damage to its own
        organisation) — one damaged text does not stop every organisation's listings.
        """
        found = []
        for workflow, version in reads.stored_versions(conn):
            with contextlib.suppress(DefinitionError):
                found.append(self.pinned(conn, workflow, version))
        return found

    def warm(self, conn: Connection) -> None:
        """Rebuild every stored version that is not loaded, once (the first question an actor asks).

        Rebuilding a version from its text takes a parse (≈ 0.5 ms); were it left to the first question
        about a case of it, another organisation's case of such a version would answer that question
        slower than an unknown id — telling the asker that the id exists.  A damaged text is skipped
        here and refused when a case of it is asked.  Once per registry: a version another process
        stores later is rebuilt by the first question about a case of it (documented in security.md).
        """
        if not self._warm:
            self.every_stored(conn)  # each rebuilt version is kept by pinned
            self._warm = True

    def readable(self, conn: Connection, case: Case, actor: Actor | None) -> Definition | None:
        """The definition ``case`` is pinned to if ``actor`` may see the case (None: the trusted operator),
        else None — the one judgement of reads and fires.

        A damaged stored text has no roles to judge by: None for an actor of another organisation, which
        must not learn of it; the :class:`DefinitionError` for the case's own and the operator.
        """
        try:
            definition = self.pinned(conn, case.workflow, case.definition_version)
        except DefinitionError:
            if actor is not None and actor.tenant != case.tenant:
                return None
            raise
        if actor is not None and not policy.can_read(definition, actor, case):
            return None
        return definition

    def pinned(self, conn: Connection, workflow: str, version: int) -> Definition:
        """The exact version a case is pinned to: loaded, or rebuilt from the stored source."""
        found = self.loaded.get_version(workflow, version) or self._stored.get((workflow, version))
        if found is not None:
            return found
        row = reads.stored_definition(conn, workflow, version)
        if row is None:
            raise NotFound("definition", f"{workflow} v{version}", say("error.hint.load_version"))
        where = f"<stored {workflow} v{version}>"
        if hashlib.sha256(row.source.encode()).hexdigest() != row.checksum:
            msg = say("definition.tampered", workflow=workflow, version=version, stored=row.checksum[:12])
            raise DefinitionError([Problem(where, 1, 1, msg)])
        from workflow.loader import parse_definition  # only for a version no longer loaded: pydantic, YAML
        from workflow.retired import retired_definition

        try:
            definition = parse_definition(row.source, where)
        except DefinitionError as refused:  # an intact text the rules now refuse: kept readable
            definition = retired_definition(row.source, where, row.checksum, workflow, version, refused)
        with self._lock:
            self._stored[(workflow, version)] = definition
        return definition

    def check_acting(self, definition: Definition) -> None:
        """Refuse to act on a case of a retired version (:class:`RetiredDefinition`: read it, do not continue it).

        Asked after the visibility check, so a case its caller may not see stays unknown.
        """
        if definition.retired:
            workflow = definition.workflow
            newest = self.loaded[workflow].version if workflow in self.loaded else None
            raise RetiredDefinition(workflow, definition.version, definition.retired, newest)

    def latest(self, workflow: str) -> Definition:
        """The newest loaded version of ``workflow`` (new cases start on it)."""
        if workflow not in self.loaded:
            known = ", ".join(sorted(self.loaded)) or say("error.none")
            raise NotFound("workflow", workflow, say("error.hint.known", known=known))
        return self.loaded[workflow]
