"""Days equated with holidays by decree (Atw art. 3 lid 3), kept as data.

The bundled table ``atw_equated.toml`` lists each equated day with the decree
that equates it and whether that entry was checked against the Staatscourant
(``verified``).  Users extend it without a release with a file of the same
shape.  Every problem is reported with the file and, where the value can be
found in the text, its line.
"""

from __future__ import annotations

import errno
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from workflow.errors import WorkflowError

from .texts import said

__all__ = [
    "BUNDLED_EQUATED",
    "EquatedDay",
    "EquatedDaysError",
    "LegalTermError",
    "load_equated",
]

BUNDLED_EQUATED = Path(__file__).with_name("atw_equated.toml")

_REQUIRED = {"date": date, "name": str, "source": str, "verified": bool}
_OPTIONAL = {"reference": str, "note": str}


class LegalTermError(WorkflowError):
    """A legal term cannot be computed as asked; ``code`` (per instance) is stable for translations."""

    code = "invalid_term"
    exit_code = 2

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


class EquatedDaysError(LegalTermError):
    """A table of equated days is malformed; ``problems`` lists each as ``file:line: text``."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = tuple(problems)
        count = len(problems)
        head = said("equated.head.one", path=path) if count == 1 else said("equated.head", count=count, path=path)
        super().__init__("equated_days_invalid", "\n".join([head, *(f"  {p}" for p in problems)]))


@dataclass(frozen=True, order=True)
class EquatedDay:
    """One day equated with a generally recognised holiday (Atw art. 3 lid 3)."""

    day: date
    name: str
    source: str
    verified: bool
    reference: str = ""
    note: str = ""


def _line_of(text: str, needle: str) -> int:
    """The 1-based line where ``needle`` first occurs, 0 when it cannot be found."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return 0


def _kind(kind: type) -> str:
    return said(f"kind.{kind.__name__}")


def _check_entry(entry: Any, index: int, where: str, text: str) -> tuple[EquatedDay | None, list[str]]:
    if not isinstance(entry, dict):
        return None, [said("equated.not_table", place=where, index=index, kind=type(entry).__name__)]
    anchor = str(entry.get("date", ""))
    line = _line_of(text, f"date = {anchor}") if anchor else 0
    place = f"{where}:{line}" if line else where
    known = ", ".join(sorted(_REQUIRED | _OPTIONAL))
    problems = [
        said("equated.key", place=place, index=index, key=key, known=known)
        for key in sorted(set(entry) - set(_REQUIRED) - set(_OPTIONAL))
    ]
    for key, kind in (_REQUIRED | _OPTIONAL).items():
        if key not in entry:
            if key in _REQUIRED:
                problems.append(said("equated.missing", place=place, index=index, key=key, kind=_kind(kind)))
            continue
        value = entry[key]
        if not isinstance(value, kind) or (kind is date and isinstance(value, datetime)):
            found = repr(value)
            problems.append(said("equated.kind", place=place, index=index, key=key, kind=_kind(kind), found=found))
    if problems:
        return None, problems
    if not entry["name"].strip() or not entry["source"].strip():
        return None, [said("equated.empty", place=place, index=index)]
    return EquatedDay(
        entry["date"],
        entry["name"],
        entry["source"],
        entry["verified"],
        entry.get("reference", ""),
        entry.get("note", ""),
    ), []


def _toml(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        line, column = (where[1], where[2]) if where else ("?", "?")
        raise EquatedDaysError(path, [said("equated.toml", path=path, line=line, column=column)]) from exc


def load_equated(path: Path) -> tuple[EquatedDay, ...]:
    """Read and check one table of equated days; raise EquatedDaysError listing every problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        code = errno.errorcode.get(exc.errno or 0, "OSError")
        raise EquatedDaysError(path, [said("equated.unreadable", path=path, code=code)]) from exc
    data = _toml(path, text)
    unknown = sorted(set(data) - {"day"})
    entries = data.get("day", [])
    problems = [said("equated.top_key", path=path, key=key) for key in unknown]
    if not isinstance(entries, list):
        raise EquatedDaysError(path, [said("equated.not_list", path=path)])
    days: list[EquatedDay] = []
    seen: dict[date, int] = {}
    for index, entry in enumerate(entries, start=1):
        day, found = _check_entry(entry, index, str(path), text)
        problems += found
        if day is None:
            continue
        if day.day in seen:
            place = f"{path}:{_line_of(text, f'date = {day.day}')}"
            problems.append(said("equated.twice", place=place, day=day.day, first=seen[day.day], second=index))
        seen[day.day] = index
        days.append(day)
    if problems:
        raise EquatedDaysError(path, problems)
    return tuple(sorted(days))
