"""The report's charts as inline SVG, drawn by matplotlib's SVG backend (the ``reports`` extra).

Each chart comes with the table of its numbers (:class:`Chart`): the HTML
shows both, so a screen reader or a council paper gets the figures too.
Text stays text in the SVG (``svg.fonttype: none``): nothing is fetched to view it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from workflow.errors import InvalidInput
from workflow.i18n import text
from workflow.i18n.numbers import number_text
from workflow.reporting.render import cell

__all__ = ["Chart", "charts"]

_BLUE, _ORANGE, _GREEN, _RED = "#154273", "#e17000", "#39870c", "#d52b1e"  # Rijkshuisstijl-like colours


@dataclass(frozen=True)
class Chart:
    """One chart: its table's name (title and figures), the SVG, and the columns its table shows."""

    table: str
    svg: str
    columns: tuple[str, ...]


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError as exc:
        msg = "the HTML report draws its charts with matplotlib; install it: pip install 'workflow[reports]'"
        raise InvalidInput(msg) from exc
    matplotlib.use("svg")
    matplotlib.rcParams.update({"svg.fonttype": "none", "font.size": 9, "svg.hashsalt": "wf-report"})
    import matplotlib.pyplot as plt

    return plt


def _svg(draw: Callable[[Any], None], rows: int = 4, *, counts: bool = True) -> str:
    plt = _pyplot()
    from matplotlib.ticker import MaxNLocator

    figure, axes = plt.subplots(figsize=(6.4, max(2.4, 0.3 * rows + 0.9)))
    if counts:  # whole numbers along the bars
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    try:
        draw(axes)
        _numbers_in_the_language(axes)
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    finally:
        plt.close(figure)
    found = out.getvalue()
    found = re.sub(r"<metadata>.*?</metadata>", "", found, flags=re.DOTALL)  # the drawing program's RDF
    return found[found.index("<svg") :]


def _numbers_in_the_language(axes: Any) -> None:
    """Numbers along an axis as in the tables: a decimal comma in Dutch (``2,5``), a point in English."""
    from matplotlib.ticker import FuncFormatter, ScalarFormatter

    for axis in (axes.xaxis, axes.yaxis):
        if isinstance(axis.get_major_formatter(), ScalarFormatter):  # not the labels of a category axis
            axis.set_major_formatter(FuncFormatter(lambda value, _: number_text(value)))


def _legend(ax: Any) -> None:
    """The legend above the plot, never over the bars."""
    ax.legend(frameon=False, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, fontsize=8)


def _label(report: dict[str, Any], state: str) -> str:
    return str(report["labels"]["states"].get(state, state))


def _running(report: dict[str, Any]) -> Chart | None:
    rows = report["tables"]["running"]
    if not rows:
        return None
    per_state: dict[str, int] = {}
    for row in rows:
        per_state[_label(report, row["state"])] = per_state.get(_label(report, row["state"]), 0) + row["cases"]

    def draw(ax: Any) -> None:
        ax.barh(list(per_state), list(per_state.values()), color=_BLUE)
        ax.set_xlabel(text("report.c.cases"))
        ax.invert_yaxis()

    return Chart("running", _svg(draw, len(per_state)), ("state", "kind", "funding", "cases"))


def _hours(report: dict[str, Any]) -> Chart | None:
    rows = report["tables"]["hours_totals"]
    if not rows:
        return None
    names = [f"{r['tenant']} {r['year'] if r['year'] is not None else ''}".strip() for r in rows]

    def draw(ax: Any) -> None:
        positions = range(len(rows))
        for shift, key, colour in ((-0.2, "agreed", _BLUE), (0.2, "booked", _ORANGE)):
            values = [r[key] or 0 for r in rows]
            ax.barh([p + shift for p in positions], values, 0.4, color=colour, label=text(f"report.c.{key}"))
        ax.set_yticks(list(positions), names)
        ax.invert_yaxis()
        _legend(ax)

    return Chart(
        "hours_totals", _svg(draw, 2 * len(rows)), ("tenant", "year", "agreed", "booked", "forecast", "over_budget")
    )


def _deadlines(report: dict[str, Any]) -> Chart | None:
    rows = report["tables"]["deadlines"]
    if not rows:
        return None

    def draw(ax: Any) -> None:
        names = [r["tenant"] for r in rows]
        met = [r["met"] or 0 for r in rows]
        ax.barh(names, met, color=_GREEN, label=text("report.c.met"))
        ax.barh(names, [r["missed"] or 0 for r in rows], left=met, color=_RED, label=text("report.c.missed"))
        ax.invert_yaxis()
        _legend(ax)

    return Chart("deadlines", _svg(draw, len(rows)), ("tenant", "met", "missed", "on_time_pct"))


def _phases(report: dict[str, Any]) -> Chart | None:
    rows = report["tables"]["phases"]
    if not rows:
        return None

    def draw(ax: Any) -> None:
        names = [_label(report, r["state"]) for r in rows]
        positions = range(len(rows))
        ax.barh([p - 0.2 for p in positions], [r["wd_p50"] or 0 for r in rows], 0.4, color=_BLUE, label="mediaan")
        ax.barh([p + 0.2 for p in positions], [r["wd_p80"] or 0 for r in rows], 0.4, color=_ORANGE, label="p80")
        ax.set_yticks(list(positions), names)
        ax.set_xlabel(text("report.c.wd_p50").split()[0])
        ax.invert_yaxis()
        _legend(ax)

    return Chart("phases", _svg(draw, 2 * len(rows)), ("state", "cases", "wd_p50", "wd_p80", "cd_p50", "cd_p80"))


def _satisfaction(report: dict[str, Any]) -> Chart | None:
    rows = report["tables"]["satisfaction"]
    if not rows:
        return None

    def draw(ax: Any) -> None:
        months = [cell(report, "month", r["month"]) for r in rows]
        ax.plot(months, [r["mean"] for r in rows], marker="o", color=_BLUE)
        ax.tick_params(axis="x", labelrotation=45, labelsize=7)
        ax.set_ylim(1, 10)
        ax.set_ylabel(text("report.c.mean"))

    return Chart("satisfaction", _svg(draw, counts=False), ("month", "scores", "mean", "lowest", "highest"))


def _refusals(report: dict[str, Any]) -> Chart | None:
    rows = report["tables"]["refusals"][:12]
    if not rows:
        return None

    def draw(ax: Any) -> None:
        labels = report["labels"]["transitions"]
        names = [f"{r['code']} ({labels.get(r['transition'], r['transition'])})" for r in rows]
        ax.barh(names, [r["refusals"] for r in rows], color=_ORANGE)
        ax.invert_yaxis()

    return Chart("refusals", _svg(draw, len(rows)), ("code", "transition", "refusals"))


def charts(report: dict[str, Any]) -> list[Chart]:
    """Every chart the report's data has rows for."""
    found = (f(report) for f in (_running, _hours, _deadlines, _phases, _satisfaction, _refusals))
    return [c for c in found if c is not None]
