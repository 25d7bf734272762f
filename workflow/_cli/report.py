"""``wf report``: the monitoring report (text, JSON, CSV files, HTML); ``wf case show --timeline``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from workflow import catalogue_text as text
from workflow import number_text, short_moment_text
from workflow._cli.helping import HelpCommand, option
from workflow._cli.output import emit
from workflow._cli.safe import shown
from workflow._cli.settings import current, global_options

__all__ = ["report_command", "show_timeline"]


def _progress(step: str, n: int, total: int) -> None:
    click.echo(text("report.progress", step=step, n=n, total=total), err=True)


@click.command("report", cls=HelpCommand)
@option("--client", "clients", multiple=True, metavar="TENANT")
@option("--period", metavar="P")
@option("--from", "first", metavar="DATE")
@option("--to", "last", metavar="DATE")
@option("--dvo-year", type=int)
@option("--workflow", "workflow_name", default="assignment", show_default=True)
@option("--format", "fmt", type=click.Choice(["text", "json", "csv", "html"]))
@option("-o", "--output", type=click.Path(path_type=Path))
@option("--no-verify", is_flag=True)
@global_options()
def report_command(
    *,
    clients: tuple[str, ...],
    period: str | None,
    first: str | None,
    last: str | None,
    dvo_year: int | None,
    workflow_name: str,
    fmt: str | None,
    output: Path | None,
    no_verify: bool,
) -> None:
    """Monitoring report from the audit log: running work, hours, deadlines, lead times, scores, results."""
    from workflow import ReportRequest, parse_period, report_csv, report_html, report_json, report_lines

    settings = current()
    fmt = _format(fmt, output, as_json=settings.as_json)
    actor = settings.actor(required=False)
    with settings.engine() as engine:
        chosen = _period(period, first, last, engine.now().year)
        request = ReportRequest(
            parse_period(chosen),
            workflow=workflow_name,
            actor=actor,
            tenants=list(clients) or None,
            dvo_year=dvo_year,
            progress=_progress if sys.stderr.isatty() else None,
        )
        found = engine.report(request, verify=not no_verify)
    if fmt == "csv":
        folder = output or Path("rapport-csv")
        _written(str(folder), [str(path) for path in report_csv(found, folder)], as_json=settings.as_json)
        return
    body = {"html": report_html, "json": report_json}.get(fmt, lambda f: "\n".join(report_lines(f)))(found)
    if output is None:
        click.echo(body)
        return
    output.write_text(body if body.endswith("\n") else body + "\n", encoding="utf-8")
    _written(str(output), fmt, as_json=settings.as_json)


_SUFFIXES = {".html": "html", ".htm": "html", ".json": "json", ".txt": "text", ".csv": "csv", "": "csv"}
"""``-o`` without ``--format``: the format its name says (a name without a suffix is the folder for CSV files)."""


def _format(fmt: str | None, output: Path | None, *, as_json: bool) -> str:
    """The format asked for, else the one ``-o``'s name says, else text (JSON under ``--json``)."""
    if fmt is not None:
        return "json" if as_json and fmt == "text" else fmt
    if output is None:
        return "json" if as_json else "text"
    inferred = "csv" if output.is_dir() else _SUFFIXES.get(output.suffix.lower())
    if inferred is None:
        from workflow._cli.failures import usage

        usage(text("cli.report.format", file=str(output)))
    return inferred


def _written(target: str, fmt_or_files: str | list[str], *, as_json: bool) -> None:
    """What ``-o`` wrote (a file, or a folder of CSV files each listed), or one JSON object under ``--json``."""
    fmt = "csv" if isinstance(fmt_or_files, list) else fmt_or_files
    if as_json:
        emit({"written": target, "format": fmt, **({"files": fmt_or_files} if fmt == "csv" else {})})
        return
    click.echo(text("cli.report.written", format=fmt, path=target))
    for path in fmt_or_files if isinstance(fmt_or_files, list) else []:
        click.echo(f"  {path}")


def _period(period: str | None, first: str | None, last: str | None, year: int) -> str:
    if first or last:
        if period or not (first and last):
            from workflow._cli.failures import usage

            usage(text("report.usage.period"))
        return f"{first}..{last}"
    return period or str(year)


def show_timeline(case_id: str) -> None:
    """``wf case show CASE --timeline``."""
    from workflow import case_timeline

    settings = current()
    with settings.engine() as engine:
        found = case_timeline(engine, case_id, actor=settings.actor(required=False))
    if settings.as_json:
        emit(found)
        return
    click.echo(text("report.timeline", id=found["case"]))
    head = _timeline_row(*(text(f"report.timeline.col.{c}") for c in ("state", "start", "end", "cd", "wd")))
    click.echo("  " + head.rstrip())
    for visit in found["visits"]:
        for line in _visit_lines(visit):
            click.echo("  " + line.rstrip())
    if any(v["paused"] for v in found["visits"]):
        click.echo("  " + text("report.timeline.note"))
    cd = number_text(found["calendar_days_counted"])
    click.echo(text("report.timeline.total", cd=cd, wd=found["working_days_counted"]))
    if found["blockers"]:
        click.echo(text("report.timeline.blockers"))
        for blocker in found["blockers"]:
            click.echo(f"  - {shown(blocker['label'])}: {shown(blocker['message'])} [{blocker['code']}]")


_LABEL = 34
"""Room for a state's label in the timeline; a longer one wraps onto lines of its own above its row."""


def _timeline_row(state: str, start: str, end: str, cd: str, wd: object, paused: str = "") -> str:
    return text("report.timeline.row", state=state, width=_LABEL, start=start, end=end, cd=cd, wd=wd, paused=paused)


def _visit_lines(visit: dict[str, Any]) -> list[str]:
    """The rows of one visit: the label wrapped to its column, the times and days on its last line."""
    import textwrap
    from datetime import datetime

    def when(value: str | None) -> str:
        if value is None:
            return text("report.timeline.end" if visit["final"] else "report.timeline.now")
        return short_moment_text(datetime.fromisoformat(value))

    label = textwrap.wrap(str(visit["label"]), _LABEL) or [""]
    row = _timeline_row(
        label[-1],
        when(visit["since"]),
        when(visit["until"]),
        number_text(visit["calendar_days"]),
        visit["working_days"],
        text("report.timeline.paused") if visit["paused"] else "",
    )
    return [*label[:-1], row]
