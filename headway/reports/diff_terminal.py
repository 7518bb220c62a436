"""A plan diff as Rich renderables for the terminal (``headway diff`` without ``--json``)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from headway.engine.diff import PlanDiff
from headway.engine.diff_forecast import ForecastDelta
from headway.reports.diff_text import headline, money, setting_rows, shown_moves, signed_days, when


def _delta_style(minutes: float) -> str:
    return "red" if minutes > 0 else "green" if minutes < 0 else ""


def diff_view(result: PlanDiff, title: str = "", forecast: ForecastDelta | None = None) -> RenderableType:
    """Headline, causes, task changes, date moves and critical-path changes."""
    per_day = result.minutes_per_day
    parts: list[RenderableType] = []
    if title:
        parts.append(Text(title, style="bold"))
    parts.append(Text(headline(result)))
    if result.empty:
        return Group(*parts)
    summary = Table("", "Before", "After", "Change", title="Summary", title_justify="left")
    summary.add_row("Finish", when(result.old_finish), when(result.new_finish),
                    Text(signed_days(result.finish_delta_minutes, per_day),
                         style=_delta_style(result.finish_delta_minutes)))
    summary.add_row("Cost", f"{result.old_cost:,.2f}", f"{result.new_cost:,.2f}",
                    Text(money(result.cost_delta), style=_delta_style(result.cost_delta)))
    if forecast is not None:
        for p in forecast.percentiles:
            summary.add_row(f"Forecast P{p}", when(forecast.old[p]), when(forecast.new[p]),
                            Text(signed_days(forecast.delta_minutes[p], per_day),
                                 style=_delta_style(forecast.delta_minutes[p])))
    parts.append(summary)
    for cause in result.causes:
        parts.append(Text.from_markup(f"[bold]why:[/bold] {escape(cause.text)}"))
    if result.added or result.removed or result.changed:
        tasks = Table("Task", "Change", title="Tasks", title_justify="left")
        for tid in result.added:
            tasks.add_row(Text(tid, style="green"), "added")
        for tid in result.removed:
            tasks.add_row(Text(tid, style="red"), "removed")
        for change in result.changed:
            tasks.add_row(change.id, change.summary())
        parts.append(tasks)
    for title, rows in setting_rows(result):
        table = Table("", "Change", title=title, title_justify="left")
        for item, what in rows:
            table.add_row(item, what)
        parts.append(table)
    shown, left = shown_moves(result)
    if shown:
        moves = Table("Task", "Start", "Finish", "Finish change", title="Date moves", title_justify="left")
        for m in shown:
            delta = Text(signed_days(m.finish_delta_minutes, per_day), style=_delta_style(m.finish_delta_minutes))
            moves.add_row(m.id, when(m.new_start), when(m.new_finish), delta)
        parts.append(moves)
        if left:
            parts.append(Text(f"...and {left} more task(s) moved (--json lists all)"))
    if result.became_critical:
        parts.append(Text(f"became critical: {', '.join(result.became_critical)}"))
    if result.stopped_critical:
        parts.append(Text(f"no longer critical: {', '.join(result.stopped_critical)}"))
    return Group(*parts)
