"""``wf term DATE --weeks N``: the legal end of a statutory term, and why, in Dutch.

A standalone click command; the CLI group adds it with ``main.add_command(term)``.
It honours the group's ``--json`` (``ctx.obj.as_json``) as well as its own.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from typing import Any, NoReturn

import click

from workflow import AtwCalendar, LegalTermError, TermResult, dutch_date, legal_term
from workflow._cli.helping import HelpCommand, argument, option

__all__ = ["term"]

EXIT_USAGE = 2
_FORMATS = ("%Y-%m-%d", "%d-%m-%Y")
_UNITS = (("months", "maand", "maanden"), ("weeks", "week", "weken"), ("days", "dag", "dagen"))


def _parse_date(text: str) -> date | None:
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _fail(message: str, as_json: bool) -> NoReturn:
    if as_json:
        click.echo(json.dumps({"error": "usage", "message": message}, ensure_ascii=False))
    else:
        click.echo(f"fout: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _describe(amounts: dict[str, int]) -> str:
    parts = [f"{amounts[key]} {one if amounts[key] == 1 else many}" for key, one, many in _UNITS if amounts[key]]
    return " en ".join(parts)


def _error_text(exc: LegalTermError) -> str:
    dutch = {
        "term_empty": "geef een termijn op met --days, --weeks of --months (groter dan 0)",
        "term_out_of_range": "de termijn valt buiten de kalender; kies een kleinere termijn",
        "year_out_of_range": "de Atw-kalender begint in 2014 (de eerste Koningsdag); kies een latere datum",
    }
    if exc.code in dutch:
        return dutch[exc.code]
    if exc.code == "equated_days_invalid":
        return f"de tabel met gelijkgestelde dagen (WF_ATW_EQUATED) klopt niet:\n{exc}"
    return str(exc)


def _render(result: TermResult, amounts: dict[str, int], calendar: AtwCalendar) -> list[str]:
    way = "teruggerekend vanaf" if result.backward else "na"
    lines = [f"Termijn van {_describe(amounts)} {way} {dutch_date(result.start)}"]
    if result.backward:
        lines.append("Teruggerekende termijn: geen verlenging (Atw art. 1 lid 2).")
    else:
        lines.append(f"Zonder Algemene termijnenwet: {dutch_date(result.naive_end)}")
        if result.skipped:
            lines.append("Overgeslagen:")
            lines += [f"  {dutch_date(s.day)}: {s.reason}" for s in result.skipped]
        else:
            lines.append("Geen dag overgeslagen: de termijn eindigt op een gewone werkdag.")
    lines.append(f"Einde van de termijn: {dutch_date(result.end)}")
    for s in result.skipped:
        holiday = calendar.holiday(s.day)
        if holiday is not None and not holiday.verified:
            lines.append(
                f"Let op: {dutch_date(s.day)} is gelijkgesteld volgens '{holiday.source}'; "
                "deze gelijkstelling is niet geverifieerd in de Staatscourant."
            )
    return lines


@click.command("term", cls=HelpCommand)
@argument("start", metavar="DATUM")
@option("--days", type=click.IntRange(min=0), default=0)
@option("--weeks", type=click.IntRange(min=0), default=0)
@option("--months", type=click.IntRange(min=0), default=0)
@option("--backward", is_flag=True)
@option("--json", "as_json", is_flag=True)
@click.pass_context
def term(ctx: click.Context, start: str, *, days: int, weeks: int, months: int, backward: bool, as_json: bool) -> None:
    """Het einde van een wettelijke termijn vanaf DATUM (JJJJ-MM-DD of DD-MM-JJJJ), met de Algemene termijnenwet."""
    as_json = as_json or bool(getattr(ctx.obj, "as_json", False))
    day = _parse_date(start)
    if day is None:
        _fail(f"ongeldige datum {start!r}; verwacht JJJJ-MM-DD of DD-MM-JJJJ, bijvoorbeeld 2026-03-10", as_json)
    amounts = {"days": days, "weeks": weeks, "months": months}
    try:
        calendar = AtwCalendar.from_env()
        result = legal_term(day, backward=backward, calendar=calendar, **amounts)
    except LegalTermError as exc:
        _fail(_error_text(exc), as_json)
    if as_json:
        payload: dict[str, Any] = result.to_json()
        click.echo(json.dumps(payload, ensure_ascii=False))
        return
    click.echo("\n".join(_render(result, amounts, calendar)))
