"""A plan diff as Markdown for pull requests: a short summary table first, then the details."""

from __future__ import annotations

from headway.engine.diff import PlanDiff
from headway.engine.diff_forecast import ForecastDelta
from headway.reports.diff_text import headline, money, setting_rows, shown_moves, signed_days, when


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def diff_markdown(result: PlanDiff, title: str = "Plan diff", forecast: ForecastDelta | None = None) -> str:
    """The whole diff as a Markdown document (ends with a newline)."""
    per_day = result.minutes_per_day
    lines = [f"### {_cell(title)}", "", headline(result), ""]
    lines += ["| | Before | After | Change |", "|---|---|---|---|",
              f"| Finish | {when(result.old_finish)} | {when(result.new_finish)} | "
              f"{signed_days(result.finish_delta_minutes, per_day)} |",
              f"| Cost | {result.old_cost:,.2f} | {result.new_cost:,.2f} | {money(result.cost_delta)} |"]
    if forecast is not None:
        for p in forecast.percentiles:
            lines.append(f"| Forecast P{p} | {when(forecast.old[p])} | {when(forecast.new[p])} | "
                         f"{signed_days(forecast.delta_minutes[p], per_day)} |")
    lines.append(f"| Tasks | | | +{len(result.added)} / -{len(result.removed)} / ~{len(result.changed)} |")
    if result.causes:
        lines += ["", "**Why dates moved**", ""] + [f"- {_cell(c.text)}" for c in result.causes]
    if result.added or result.removed:
        lines += ["", "**Tasks**", ""]
        lines += [f"- added `{t}`" for t in result.added] + [f"- removed `{t}`" for t in result.removed]
    if result.changed:
        lines += ["", "**Changed tasks**", "", "| Task | Change |", "|---|---|"]
        lines += [f"| `{c.id}` | {_cell(c.summary())} |" for c in result.changed]
    for title, rows in setting_rows(result):
        lines += ["", f"**{title}**", "", "| | Change |", "|---|---|"]
        lines += [f"| `{_cell(item)}` | {_cell(change)} |" for item, change in rows]
    shown, left = shown_moves(result)
    if shown:
        lines += ["", "**Date moves**", "", "| Task | Start | Finish | Finish change |", "|---|---|---|---|"]
        lines += [f"| `{m.id}` | {when(m.new_start)} | {when(m.new_finish)} | "
                  f"{signed_days(m.finish_delta_minutes, per_day)} |" for m in shown]
        if left:
            lines += ["", f"…and {left} more task(s) moved (`--json` lists all)."]
    if result.became_critical or result.stopped_critical:
        lines += ["", "**Critical path**", ""]
        lines += [f"- became critical: `{t}`" for t in result.became_critical]
        lines += [f"- no longer critical: `{t}`" for t in result.stopped_critical]
    return "\n".join(lines) + "\n"
