"""Days equated with holidays by decree (Atw art. 3 lid 3), kept as data.

The bundled table ``atw_equated.toml`` lists each equated day with the decree
that equates it and whether that entry was checked against the Staatscourant
(``verified``).  Users extend it without a release with a file of the same
shape.  Every problem is reported with the file and, where the value can be
found in the text, its line.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from workflow.errors import WorkflowError

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
        head = f"{len(problems)} problem(s) in the table of equated days {path}; fix each and load again:"
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


def _check_entry(entry: Any, index: int, where: str, text: str) -> tuple[EquatedDay | None, list[str]]:
    if not isinstance(entry, dict):
        return None, [f"{where}: [[day]] #{index} must be a table, found {type(entry).__name__}"]
    anchor = str(entry.get("date", ""))
    line = _line_of(text, f"date = {anchor}") if anchor else 0
    place = f"{where}:{line}" if line else where
    problems = [
        f"{place}: [[day]] #{index}: unknown key {key!r}; expected one of {sorted(_REQUIRED | _OPTIONAL)}"
        for key in sorted(set(entry) - set(_REQUIRED) - set(_OPTIONAL))
    ]
    for key, kind in (_REQUIRED | _OPTIONAL).items():
        if key not in entry:
            if key in _REQUIRED:
                problems.append(f"{place}: [[day]] #{index}: missing {key!r} (a {kind.__name__})")
            continue
        value = entry[key]
        if not isinstance(value, kind) or (kind is date and isinstance(value, datetime)):
            problems.append(f"{place}: [[day]] #{index}: {key!r} must be a {kind.__name__}, found {value!r}")
    if problems:
        return None, problems
    if not entry["name"].strip() or not entry["source"].strip():
        return None, [f"{place}: [[day]] #{index}: 'name' and 'source' must not be empty"]
    return EquatedDay(
        entry["date"],
        entry["name"],
        entry["source"],
        entry["verified"],
        entry.get("reference", ""),
        entry.get("note", ""),
    ), []


def load_equated(path: Path) -> tuple[EquatedDay, ...]:
    """Read and check one table of equated days; raise EquatedDaysError listing every problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise EquatedDaysError(path, [f"{path}: cannot read the file ({exc.strerror}); check the path"]) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise EquatedDaysError(path, [f"{path}: not valid TOML: {exc}"]) from exc
    unknown = sorted(set(data) - {"day"})
    entries = data.get("day", [])
    problems = [f"{path}: unknown top-level key {key!r}; expected only [[day]] tables" for key in unknown]
    if not isinstance(entries, list):
        raise EquatedDaysError(path, [f"{path}: 'day' must be an array of tables ([[day]])"])
    days: list[EquatedDay] = []
    seen: dict[date, int] = {}
    for index, entry in enumerate(entries, start=1):
        day, found = _check_entry(entry, index, str(path), text)
        problems += found
        if day is None:
            continue
        if day.day in seen:
            problems.append(
                f"{path}:{_line_of(text, f'date = {day.day}')}: {day.day} is listed twice "
                f"([[day]] #{seen[day.day]} and #{index}); keep one"
            )
        seen[day.day] = index
        days.append(day)
    if problems:
        raise EquatedDaysError(path, problems)
    return tuple(sorted(days))
