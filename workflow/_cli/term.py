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

from workflow import AtwCalendar, LegalTermError, TermResult, as_language, date_text, legal_term, speaking
from workflow import catalogue_text as text
from workflow._cli.helping import HelpCommand, argument, help_language, option

__all__ = ["term"]

EXIT_USAGE = 2
_FORMATS = ("%Y-%m-%d", "%d-%m-%Y")
_UNITS = ("months", "weeks", "days")
_ERRORS = {"term_empty": "term.empty", "term_out_of_range": "term.out_of_range", "year_out_of_range": "term.year"}


def _parse_date(value: str) -> date | None:
    for fmt in _FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _fail(message: str, as_json: bool) -> NoReturn:
    if as_json:
        click.echo(json.dumps({"error": "usage", "message": message}, ensure_ascii=False))
    else:
        click.echo(text("cli.error", message=message), err=True)
    sys.exit(EXIT_USAGE)


def _describe(amounts: dict[str, int]) -> str:
    one, many = text("term.units.one").split("|"), text("term.units").split("|")
    parts = [f"{n} {(one if n == 1 else many)[at]}" for at, key in enumerate(_UNITS) if (n := amounts[key])]
    return text("term.and").join(parts)


def _error_text(exc: LegalTermError) -> str:
    if exc.code in _ERRORS:
        return text(_ERRORS[exc.code])
    if exc.code == "equated_days_invalid":
        return text("term.equated", problems=exc)
    return str(exc)


def _reason(day: date, reason: str, calendar: AtwCalendar) -> str:
    """Why ``day`` was skipped, in the current language; a holiday keeps its Dutch name."""
    if reason == text("term.reason.art2", lang="nl"):
        return text("term.reason.art2")
    if calendar.holiday(day) is None and day.weekday() >= 5 and " (" in reason:
        return date_text(day).split()[0] + reason[reason.index(" (") :]
    return reason


def _render(result: TermResult, amounts: dict[str, int], calendar: AtwCalendar) -> list[str]:
    title = "term.title.backward" if result.backward else "term.title"
    lines = [text(title, amount=_describe(amounts), start=date_text(result.start))]
    if result.backward:
        lines.append(text("term.backward"))
    else:
        lines.append(text("term.naive", end=date_text(result.naive_end)))
        if result.skipped:
            lines.append(text("term.skipped"))
            lines += [f"  {date_text(s.day)}: {_reason(s.day, s.reason, calendar)}" for s in result.skipped]
        else:
            lines.append(text("term.none_skipped"))
    lines.append(text("term.end", end=date_text(result.end)))
    for s in result.skipped:
        holiday = calendar.holiday(s.day)
        if holiday is not None and not holiday.verified:
            lines.append(text("term.unverified", day=date_text(s.day), source=holiday.source))
    return lines


@click.command("term", cls=HelpCommand, context_settings={"help_option_names": ["-h", "--help"]})
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
    with speaking(as_language(getattr(ctx.obj, "lang", None) or help_language())):
        _term(start, {"days": days, "weeks": weeks, "months": months}, backward=backward, as_json=as_json)


def _term(start: str, amounts: dict[str, int], *, backward: bool, as_json: bool) -> None:
    day = _parse_date(start)
    if day is None:
        _fail(text("term.bad_date", found=start), as_json)
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
