"""Writing results: JSON lines, text lines and tables (text cells made safe)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import click

from workflow import catalogue_text as text
from workflow._cli.safe import shown

__all__ = ["echo_lines", "emit", "table"]


def emit(data: Any) -> None:
    """One JSON document on one line."""
    click.echo(json.dumps(data, ensure_ascii=False, default=str))


def echo_lines(lines: Iterable[str]) -> None:
    for line in lines:
        click.echo(line)


def _heading(column: str) -> str:
    """The column's heading in the current language (the catalogue's ``cli.col.*``), upper-case."""
    try:
        return text(f"cli.col.{column}").upper()
    except KeyError:
        return column.upper()


def table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> None:
    """Aligned columns under upper-case headings; every cell shown safely."""
    if not rows:
        click.echo(text("cli.none"))
        return
    cells = [{c: shown(row[c]) for c in columns} for row in rows]
    heads = {c: _heading(c) for c in columns}
    widths = {c: max(len(heads[c]), *(len(cell[c]) for cell in cells)) for c in columns}
    click.echo("  ".join(heads[c].ljust(widths[c]) for c in columns).rstrip())
    for cell in cells:
        click.echo("  ".join(cell[c].ljust(widths[c]) for c in columns).rstrip())
