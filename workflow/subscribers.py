"""Subscribers of the outbox relay: read from a YAML file, every problem reported with file:line:col.

```yaml
subscribers:
  - name: zaaksysteem                 # [a-z][a-z0-9_-]*, unique; part of the idempotency key
    url: https://zaken.example.nl/hooks/workflow
    channels: [assignment]            # optional: only these channels (default: all)
    tenants: [gemeente-zeist]         # optional: only these organisations' cases (default: ALL organisations)
    secret_env: ZAAK_HOOK_SECRET      # or `secret: ...` (at least 16 characters)
```

A subscriber without ``tenants:`` receives the messages of every
organisation's cases (case id, reference, state, tenant): give a webhook
that belongs to one organisation its ``tenants:``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any
from urllib.parse import urlsplit

from workflow._yaml import Path, Positions, read_yaml
from workflow.errors import DefinitionError, Problem
from workflow.i18n import text
from workflow.textsafe import excerpt, quoted

__all__ = ["Subscriber", "SubscriberFileError", "load_subscribers", "parse_subscribers"]

_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
_KEYS = {"name", "url", "channels", "tenants", "secret", "secret_env"}
MIN_SECRET = 16


@dataclass(frozen=True)
class Subscriber:
    """An HTTP webhook that receives outbox messages, signed with its shared ``secret``."""

    name: str
    url: str
    secret: str
    channels: tuple[str, ...] | None = None
    """Only messages on these channels; None: every channel."""
    tenants: tuple[str, ...] | None = None
    """Only messages of these organisations' cases; None: every organisation's (every gemeente's)."""

    def __repr__(self) -> str:  # never show the secret in logs or tracebacks
        return f"Subscriber(name={self.name!r}, url={self.url!r}, channels={self.channels!r}, tenants={self.tenants!r})"


class SubscriberFileError(DefinitionError):
    """A subscribers file could not be used; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        count = len(self.problems)
        lines = [text("subs.header.one") if count == 1 else text("subs.header", count=count)]
        lines += [f"  {p}" for p in self.problems]
        self.args = ("\n".join(lines),)

    def __str__(self) -> str:
        return str(self.args[0])


def load_subscribers(path: str | FsPath, environ: Mapping[str, str] | None = None) -> list[Subscriber]:
    """Read and check a subscribers file; raises :class:`SubscriberFileError` listing every problem."""
    file = FsPath(path)
    try:
        source = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SubscriberFileError([Problem(str(file), 0, 0, text("subs.unreadable", reason=exc))]) from exc
    return parse_subscribers(source, str(file), environ)


def parse_subscribers(text: str, file: str = "<string>", environ: Mapping[str, str] | None = None) -> list[Subscriber]:
    """Check subscribers given as YAML text; ``environ`` (default ``os.environ``) supplies ``secret_env``."""
    data, positions, problems = read_yaml(text, file)
    checker = _Checker(file, positions, os.environ if environ is None else environ)
    checker.problems.extend(problems)
    found: list[Subscriber] = []
    if data is not None:
        found = checker.document(data)
    if checker.problems:
        raise SubscriberFileError(checker.problems)
    return found


class _Checker:
    def __init__(self, file: str, positions: Positions, environ: Mapping[str, str]) -> None:
        self.file, self.positions, self.environ = file, positions, environ
        self.problems: list[Problem] = []

    def problem(self, path: Path, message: str, *, key: bool = False) -> None:
        line, column = self.positions.key(path) if key else self.positions.value(path)
        self.problems.append(Problem(self.file, line, column, message))

    def document(self, data: Any) -> list[Subscriber]:
        if not isinstance(data, dict) or not isinstance(data.get("subscribers"), list):
            self.problem((), text("subs.shape"))
            return []
        for key in data:
            if key != "subscribers":
                self.problem((key,), text("subs.top_key", key=excerpt(str(key))), key=True)
        found: list[Subscriber] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(data["subscribers"]):
            subscriber = self.subscriber(item, ("subscribers", index))
            if subscriber is None:
                continue
            if subscriber.name in seen:
                first = self.positions.value(("subscribers", seen[subscriber.name], "name"))[0]
                msg = text("subs.duplicate", name=subscriber.name, line=first)
                self.problem(("subscribers", index, "name"), msg)
                continue
            seen[subscriber.name] = index
            found.append(subscriber)
        return found

    def subscriber(self, item: Any, path: Path) -> Subscriber | None:
        if not isinstance(item, dict):
            self.problem(path, text("subs.item"))
            return None
        before = len(self.problems)
        for key in item:
            if key not in _KEYS:
                known = ", ".join(sorted(_KEYS))
                self.problem((*path, key), text("subs.key", key=excerpt(str(key)), known=known), key=True)
        name, url = self.name(item, path), self.url(item, path)
        channels, tenants = self.names(item, path, "channels"), self.names(item, path, "tenants")
        secret = self.secret(item, path)
        if len(self.problems) > before or name is None or url is None or secret is None:
            return None
        return Subscriber(name, url, secret, channels, tenants)

    def name(self, item: dict[str, Any], path: Path) -> str | None:
        name = item.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            self.problem((*path, "name"), text("subs.name", found=quoted(name)))
            return None
        return name

    def url(self, item: dict[str, Any], path: Path) -> str | None:
        url = item.get("url")
        parts = urlsplit(url) if isinstance(url, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            self.problem((*path, "url"), text("subs.url", found=quoted(url)))
            return None
        return str(url)

    def names(self, item: dict[str, Any], path: Path, key: str) -> tuple[str, ...] | None:
        """``channels`` or ``tenants``: absent (None: all), else a non-empty list of names."""
        names = item.get(key)
        if names is None:
            return None
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n for n in names):
            self.problem((*path, key), text(f"subs.{key}", found=quoted(names)))
            return None
        return tuple(names)

    def secret(self, item: dict[str, Any], path: Path) -> str | None:
        if ("secret" in item) == ("secret_env" in item):
            self.problem(path, text("subs.secret_choice"))
            return None
        if "secret_env" in item:
            variable = item["secret_env"]
            if not isinstance(variable, str) or variable not in self.environ:
                self.problem((*path, "secret_env"), text("subs.secret_env", variable=quoted(variable)))
                return None
            secret, where = self.environ[variable], (*path, "secret_env")
        else:
            secret, where = item["secret"], (*path, "secret")
        if not isinstance(secret, str) or len(secret) < MIN_SECRET:
            self.problem(where, text("subs.secret_short", minimum=MIN_SECRET))
            return None
        return secret
