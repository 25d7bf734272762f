"""The report as one self-contained HTML file: inline SVG charts, each with its numbers as a table.

Nothing is fetched to view it — no scripts, fonts, style sheets or images
from elsewhere; a Content-Security-Policy of ``default-src 'none'`` makes the
browser refuse anything that tried.  Dutch (``lang="nl"``), with an A4 print
style sheet.
"""

from __future__ import annotations

from html import escape
from typing import Any

from workflow.i18n import text
from workflow.reporting.charts import Chart, charts
from workflow.reporting.render import TABLES, cell, header_lines

__all__ = ["html_report"]

_STYLE = """
body{font-family:"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1a1a1a;margin:2rem auto;
max-width:62rem;padding:0 1rem;line-height:1.4}
h1{color:#154273;font-size:1.6rem;margin-bottom:.2rem}h2{color:#154273;font-size:1.15rem;margin-top:2rem}
.meta{color:#444;margin:0}.log-ok{color:#39870c}.log-broken{color:#d52b1e;font-weight:bold}
figure{margin:1rem 0;break-inside:avoid}figure svg{max-width:100%;height:auto;display:block}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.85rem}
th,td{border-bottom:1px solid #ccc;padding:.2rem .6rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}caption{text-align:left;font-style:italic;color:#555}
section{break-inside:avoid-page}
@page{size:A4;margin:15mm 12mm}
@media print{body{margin:0;max-width:none;font-size:10pt}h2{break-after:avoid}figure svg{max-height:90mm}
a{color:inherit;text-decoration:none}}
"""


def _table(report: dict[str, Any], name: str, columns: tuple[str, ...] | None, caption: str | None) -> str:
    rows = report["tables"].get(name, [])
    if not rows:
        return f"<p>{escape(text('report.empty'))}</p>"
    chosen = list(columns) if columns is not None else list(rows[0])
    heads = "".join(f'<th scope="col">{escape(text(f"report.c.{c}"))}</th>' for c in chosen)
    body = []
    for row in rows:
        cells = []
        for c in chosen:
            value = row.get(c)
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            cells.append(
                f'<td class="n">{escape(cell(report, c, value))}</td>'
                if numeric
                else f"<td>{escape(cell(report, c, value))}</td>"
            )
        body.append("<tr>" + "".join(cells) + "</tr>")
    head = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f"<table>{head}<thead><tr>{heads}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _figure(report: dict[str, Any], chart: Chart) -> str:
    title = escape(text(f"report.t.{chart.table}"))
    svg = chart.svg.replace("<svg ", f'<svg role="img" aria-label="{title}" ', 1)
    table = _table(report, chart.table, chart.columns, text("report.chart.table"))
    return f'<section><h2>{title}</h2><figure class="chart" data-table="{chart.table}">{svg}</figure>{table}</section>'


def html_report(report: dict[str, Any]) -> str:
    """The whole report as HTML text (UTF-8), charts included."""
    drawn = charts(report)
    charted = {c.table for c in drawn}
    head, *meta = header_lines(report)
    log = report.get("log", {})
    css = "log-ok" if log.get("intact") else "log-broken" if log.get("verified") else "meta"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(head)}</title><style>{_STYLE}</style></head><body>",
        f"<header><h1>{escape(head)}</h1>",
        *(f'<p class="meta">{escape(line)}</p>' for line in meta[:-1]),
        f'<p class="{css}">{escape(meta[-1])}</p></header><main>',
        *(_figure(report, chart) for chart in drawn),
    ]
    for name, columns in TABLES:
        if name not in charted:
            title = escape(text(f"report.t.{name}"))
            parts.append(f"<section><h2>{title}</h2>{_table(report, name, columns, None)}</section>")
    parts.append("</main></body></html>")
    return "\n".join(parts)
