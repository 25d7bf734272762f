"""``wf demo --year``: a seeded year for three gemeenten played through the engine, then the HTML report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workflow import catalogue_text as text
from workflow import counted
from workflow._cli.output import emit
from workflow._cli.settings import current

__all__ = ["demo_year"]


def demo_year(url: str, output: Path, *, fresh: bool, kept: bool) -> None:
    """Play the year into ``url``, write the report to ``output``; point at the database only when ``kept``."""
    from workflow import Engine, ReportRequest, bundled_definitions_path, parse_period, play_year, report_html

    settings = current()
    shown = sys.stderr.isatty()

    def progress(n: int) -> None:
        if shown and n % 10 == 0:
            click.echo(text("cli.demo.year.progress", n=n), err=True)

    # a fresh demo file needs no fsync per step; a database the user named keeps the engine's default
    with Engine(url, bundled_definitions_path(), language=settings.lang, durable=not fresh) as engine:
        played = play_year(engine, progress=progress)
        assert played.period is not None
        first, last = played.period  # a year: up to and including today, from the day after a year ago
        found = engine.report(ReportRequest(parse_period(f"{first.isoformat()}..{last.isoformat()}")))
    output.write_text(report_html(found), encoding="utf-8")
    if settings.as_json:
        database = url if kept else None
        emit({"database": database, "report": str(output), "cases": played.cases, "steps": played.steps})
        return
    click.echo(
        text("cli.demo.year.done", cases=played.cases, steps=played.steps, refusals=counted(played.refusals, "refusal"))
    )
    if not kept:
        click.echo(text("cli.demo.year.report_only", path=output.resolve()))
        click.echo(text("cli.demo.cleaned"))
        return
    click.echo(text("cli.demo.year.report", path=output.resolve()))
    click.echo(f"  wf --db {url} report --period {last.year}")
