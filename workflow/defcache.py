"""Compiled definitions cached by the checksum of their source, so a quick ``wf`` skips YAML and pydantic.

A cache entry is derived data only: the compiled rules of one definition file,
never its text.  The text is always read from the file itself; its SHA-256
names the entry and must equal the checksum recorded in it, so a changed file
is a miss.  An entry is used only when every check holds, else it is ignored
(a miss: the file is compiled by :mod:`workflow.loader` as without a cache):

- the directory, the key file and the entry belong to this user (or to root)
  and no one else may write them;
- the entry's HMAC-SHA256 under this cache's own random key (``key``, 0600)
  matches: a file copied from elsewhere, cut short or edited fails;
- its code fingerprint (every module of this package: name, size, mtime) and
  language match, so an entry written by other code or for other messages is
  never read;
- it decodes into the model's own classes only (a whitelist: no pickle, no
  code), and each guard is compiled again from its text by the guard compiler.

Residual risk: whoever can act as this user can read the key and forge an
entry — but could equally edit the definitions or the code.  Where they must
not change the rules, give the service a cache it cannot write (owned by root,
filled by an administrator) or none (``WF_CACHE_DIR=off``); see docs/performance.md.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sys
from collections.abc import Iterable, Mapping
from dataclasses import fields, is_dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from workflow.errors import DefinitionError, Problem, say, unreadable
from workflow.i18n import text
from workflow.model import (
    Deadline,
    Definition,
    DefinitionSet,
    Guard,
    ReportSpec,
    Requirement,
    Role,
    Start,
    State,
    Suspends,
    Term,
    TermExtension,
    Transition,
)

__all__ = ["FORMAT", "default_cache_dir", "load_definitions"]

FORMAT = 2
"""The layout of an entry; part of the fingerprint."""

MAX_ENTRY_BYTES = 8_000_000
_SUFFIXES = (".yaml", ".yml")
_CLASSES: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (Deadline, ReportSpec, Requirement, Role, Start, State, Suspends, Term, TermExtension, Transition)
}
_GUARD_FIELDS = frozenset(f.name for f in fields(Guard)) - {"expression"} | {"when"}
"""A guard is stored by its text (``when``) and every other field; its expression is compiled again."""
_PER_FILE = ("source", "checksum", "file")
"""Definition fields never stored: they come from the file itself."""


def default_cache_dir() -> Path | None:
    """``$WF_CACHE_DIR`` (``off`` or empty: no cache), else ``$XDG_CACHE_HOME/workflow``, else ``~/.cache/workflow``."""
    given = os.environ.get("WF_CACHE_DIR")
    if given is not None:
        return None if given.strip().lower() in ("", "off", "0", "no") else Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "workflow"


def load_definitions(path: str | Path, *, cache: str | Path | None = None) -> DefinitionSet:
    """Load one definition file, or every ``*.yaml``/``*.yml`` file in a folder.

    With ``cache`` (a directory) each file's compiled form is taken from there
    when an entry for its exact bytes passes every check, and written there
    after compiling otherwise.  Raises :class:`DefinitionError` listing every
    problem in every file.
    """
    root = Path(path)
    if root.is_dir():
        files = sorted(p for p in root.iterdir() if p.suffix in _SUFFIXES and p.is_file())
        if not files:
            raise DefinitionError([Problem(str(root), 0, 0, say("definition.no_files"), "definition.no_files")])
    elif root.is_file():
        files = [root]
    else:
        raise DefinitionError([Problem(str(root), 0, 0, say("definition.no_such"), "definition.no_such")])
    store = _Cache(Path(cache)) if cache is not None else None
    definitions: list[Definition] = []
    problems: list[Problem] = []
    for file in files:
        try:
            definitions.append(_load(file, store))
        except DefinitionError as exc:
            problems.extend(exc.problems)
    problems.extend(_duplicate_versions(definitions))
    if problems:
        raise DefinitionError(problems)
    return DefinitionSet(definitions)


def _load(file: Path, store: _Cache | None) -> Definition:
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise unreadable(str(file), exc) from exc
    if store is None:
        from workflow.loader import parse_definition

        return parse_definition(raw, str(file))
    checksum = hashlib.sha256(raw).hexdigest()
    found = store.read(checksum)
    if found is not None:
        rebuilt = _rebuilt(found, raw, checksum, str(file))
        if rebuilt is not None:
            return rebuilt
    from workflow.loader import parse_definition

    definition = parse_definition(raw, str(file))
    store.write(checksum, encode_definition(definition))
    return definition


def _rebuilt(found: Any, raw: bytes, checksum: str, file: str) -> Definition | None:
    try:
        return decode_definition(found, raw.decode("utf-8"), checksum, file)
    except Exception:  # any entry that does not rebuild is a miss, never an error
        return None


def _duplicate_versions(definitions: Iterable[Definition]) -> list[Problem]:
    seen: dict[tuple[str, int], Definition] = {}
    problems = []
    for definition in definitions:
        first = seen.setdefault(definition.key, definition)
        if first is not definition:
            code = "definition.duplicate_version"
            msg = text(code, workflow=repr(definition.workflow), number=definition.version, other=first.file)
            problems.append(Problem(definition.file, 1, 1, msg, code))
    return problems


# ---------------------------------------------------------------- the compiled form as JSON
def encode_definition(definition: Definition) -> dict[str, Any]:
    """The compiled rules of ``definition`` as JSON (without its text, checksum and file name)."""
    return {f.name: _encode(getattr(definition, f.name)) for f in fields(definition) if f.name not in _PER_FILE}


def _encode(value: Any) -> Any:
    """Every non-scalar becomes ``[tag, ...]``, so nothing a schema holds (``$ref``, lists) is ambiguous."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, Guard):
        return ["G", {name: _encode(getattr(value, name)) for name in sorted(_GUARD_FIELDS)}]
    if hasattr(value, "source") and hasattr(value, "run") and hasattr(value, "calls"):  # a derived field's expression
        return ["E", value.source]
    if is_dataclass(value) and type(value).__name__ in _CLASSES and type(value) is _CLASSES[type(value).__name__]:
        return ["D", type(value).__name__, {f.name: _encode(getattr(value, f.name)) for f in fields(value)}]
    if isinstance(value, MappingProxyType):
        return ["P", [[key, _encode(item)] for key, item in value.items()]]
    if isinstance(value, dict):
        return ["M", [[key, _encode(item)] for key, item in value.items()]]
    if isinstance(value, tuple):
        return ["T", [_encode(item) for item in value]]
    if isinstance(value, list):
        return ["L", [_encode(item) for item in value]]
    msg = f"cannot cache a {type(value).__name__}"
    raise TypeError(msg)


def decode_definition(encoded: Mapping[str, Any], source: str, checksum: str, file: str) -> Definition:
    """The :class:`Definition` an entry describes, its guards compiled again; raises on anything unexpected."""
    from workflow._schema import has_path
    from workflow.guards import Scope

    names = {f.name for f in fields(Definition)} - set(_PER_FILE)
    if not isinstance(encoded, Mapping) or set(encoded) != names:
        raise ValueError("fields")
    plain = _Decoder(None)
    values = {name: plain.decode(encoded[name]) for name in names - {"transitions"}}
    schema, terms = values["data_schema"], values["terms"]
    if not isinstance(schema, Mapping) or not isinstance(terms, Mapping):
        raise TypeError("schema")
    ids = frozenset(tid for tid, _ in _pairs(encoded["transitions"]))
    compiling = _Decoder((schema, has_path, Scope, ids, frozenset(terms)))
    transitions = compiling.decode(encoded["transitions"])
    return Definition(**values, transitions=transitions, source=source, checksum=checksum, file=file)


def _pairs(tagged: Any) -> list[tuple[str, Any]]:
    if not (isinstance(tagged, list) and len(tagged) == 2 and tagged[0] in ("M", "P")):
        raise TypeError("mapping")
    return [(str(key), item) for key, item in tagged[1]]


class _Decoder:
    """Tagged JSON → values of the model's own classes; guards through the guard compiler."""

    def __init__(self, guards: tuple[Any, ...] | None) -> None:
        self.guards = guards
        self.input_schema: Any = None

    def decode(self, value: Any) -> Any:
        if value is None or isinstance(value, str | bool | int | float):
            return value
        if not isinstance(value, list) or not value or not isinstance(value[0], str):
            raise TypeError("tag")
        tag, rest = value[0], value[1:]
        if tag in ("M", "P"):
            mapping = {_text(key): self.decode(item) for key, item in _pairs(value)}
            return MappingProxyType(mapping) if tag == "P" else mapping
        if tag in ("T", "L"):
            (items,) = rest
            decoded = [self.decode(item) for item in items]
            return tuple(decoded) if tag == "T" else decoded
        if tag == "D":
            return self.dataclass(*rest)
        if tag == "G":
            return self.guard(*rest)
        if tag == "E":
            return self.derived(*rest)
        raise ValueError(tag)

    def dataclass(self, name: str, raw: dict[str, Any]) -> Any:
        cls = _CLASSES[name]
        if not isinstance(raw, dict) or set(raw) != {f.name for f in fields(cls)}:
            raise ValueError(name)
        if cls is Transition:
            self.input_schema = self.decode(raw["input_schema"])
        return cls(**{key: self.decode(item) for key, item in raw.items()})

    def guard(self, raw: dict[str, Any]) -> Guard:
        if self.guards is None or not isinstance(raw, dict) or set(raw) != _GUARD_FIELDS:
            raise ValueError("guard")
        values = {name: self.decode(item) for name, item in raw.items()}
        when = values.pop("when")
        if not all(isinstance(values[name], str) for name in ("code", "message")) or not isinstance(when, str):
            raise ValueError("guard")
        from workflow.guards import compile_expression

        schema, has_path, scope, transitions, terms = self.guards
        input_schema = self.input_schema

        def known(path: tuple[str, ...]) -> bool:
            return bool(has_path(schema, path) or (input_schema is not None and has_path(input_schema, path)))

        values["checks_input"] = values["checks_input"] is True
        return Guard(expression=compile_expression(when, scope(known, transitions, terms)), **values)

    def derived(self, source: str) -> Any:
        """A derived field's expression, compiled again as the loader does (``loader_steps``)."""
        if self.guards is None or not isinstance(source, str):
            raise ValueError("derive")
        from workflow.guards import compile_expression

        schema, has_path, scope, transitions, _terms = self.guards
        return compile_expression(source, scope(lambda p: has_path(schema, p), transitions), boolean=False)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("key")
    return value


# ---------------------------------------------------------------- the files
def _fingerprint() -> str:
    """This package's code (every module's name, size and mtime), the entry format and Python's version."""
    from workflow.i18n import language

    package = Path(__file__).parent
    parts = [f"format {FORMAT}", sys.version, language()]
    for folder, _, names in sorted(os.walk(package)):
        for name in sorted(names):
            if name.endswith(".py"):
                module = os.path.join(folder, name)
                stat = os.stat(module)
                parts.append(f"{os.path.relpath(module, package)} {stat.st_size} {stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _trusted(stat: os.stat_result) -> bool:
    """Owned by this user or root, and writable by no one else (where there are no such owners: never)."""
    getuid = getattr(os, "getuid", None)
    return getuid is not None and stat.st_uid in (getuid(), 0) and not stat.st_mode & 0o022


class _Cache:
    """One cache directory: entries ``<checksum>.json`` (``<hmac>\\n<json>``) under a key of its own."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._key: bytes | None = None
        self._print: str | None = None

    def key(self, *, create: bool) -> bytes | None:
        if self._key is not None:
            return self._key
        try:
            if create:
                self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not _trusted(os.stat(self.folder)):
                return None
            self._key = _read_small(self.folder / "key", 64)
            if self._key is None and create:
                self._key = _new_key(self.folder / "key")
        except OSError:
            return None
        if self._key is not None and len(self._key) != 32:
            self._key = None
        return self._key

    def fingerprint(self) -> str:
        if self._print is None:
            self._print = _fingerprint()
        return self._print

    def read(self, checksum: str) -> Any:
        key = self.key(create=False)
        body = _read_small(self.folder / f"{checksum}.json", MAX_ENTRY_BYTES) if key is not None else None
        if key is None or body is None:
            return None
        mac, _, content = body.partition(b"\n")
        if not hmac.compare_digest(mac, hmac.new(key, content, "sha256").hexdigest().encode()):
            return None
        try:
            entry = json.loads(content)
        except ValueError:
            return None
        expected = {"format": FORMAT, "fingerprint": self.fingerprint(), "checksum": checksum}
        if not isinstance(entry, dict) or any(entry.get(k) != v for k, v in expected.items()):
            return None
        return entry.get("definition")

    def write(self, checksum: str, encoded: dict[str, Any]) -> None:
        """Write the entry atomically (a temporary file renamed into place); a failure only costs the cache."""
        key = self.key(create=True)
        if key is None:
            return
        entry = {"format": FORMAT, "fingerprint": self.fingerprint(), "checksum": checksum, "definition": encoded}
        content = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
        body = hmac.new(key, content, "sha256").hexdigest().encode() + b"\n" + content
        temporary = self.folder / f".{checksum}.{secrets.token_hex(8)}.tmp"
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(body)
            os.replace(temporary, self.folder / f"{checksum}.json")
        except OSError:
            temporary.unlink(missing_ok=True)


def _read_small(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path`` if it is a regular file we trust, at most ``limit`` long; else None."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        stat = os.fstat(handle.fileno())
        if not _trusted(stat) or stat.st_size > limit or (stat.st_mode & 0o170000) != 0o100000:
            return None
        return handle.read(limit + 1)[:limit]


def _new_key(path: Path) -> bytes | None:
    key = secrets.token_bytes(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it meanwhile
        return _read_small(path, 64)
    with os.fdopen(fd, "wb") as out:
        out.write(key)
    return key
