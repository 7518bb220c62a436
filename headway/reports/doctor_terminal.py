"""The advisor in the terminal: findings grouped by severity, each with its evidence and measured
fixes; a what-if comparison as a small table."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from headway.engine.advisor import Diagnosis
from headway.engine.advisor.findings import SEVERITIES
from headway.engine.advisor.measure import Comparison

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
TITLE = {"error": "Errors", "warning": "Warnings", "info": "Notes"}
SHOWN_PER_CODE = 8  # findings of one code shown in a section; --json has them all


def _days(minutes: int, per_day: int) -> str:
    return f"{minutes / per_day:+.1f}d".replace(".0d", "d")


def doctor_view(result: Diagnosis) -> RenderableType:
    """A heading, then one section per severity with each finding, its evidence ids and fixes."""
    base = result.base.schedule
    method = "leveled" if result.leveled else "CPM"
    out: list[RenderableType] = [Text.from_markup(
        f"[bold]{escape(base.project_name)}[/bold]: {len(result.findings)} finding(s); "
        f"finish {base.finish:%a %Y-%m-%d %H:%M} ({method} schedule, which fixes are measured against)")]
    if not result.findings:
        out.append(Text("no problems found", style="green"))
    for severity in SEVERITIES:
        items = [f for f in result.findings if f.severity == severity]
        if not items:
            continue
        out.append(Text(f"\n{TITLE[severity]} ({len(items)})", style=STYLE[severity]))
        shown: dict[str, int] = {}
        for finding in items:
            shown[finding.code] = shown.get(finding.code, 0) + 1
            if shown[finding.code] > SHOWN_PER_CODE:
                continue
            out.append(Text.from_markup(f"  [{STYLE[severity]}]{finding.code}[/] {escape(finding.message)}"))
            if shown[finding.code] == 1:  # the explanation once per kind of finding
                out.append(Text(f"      {finding.explanation}", style="dim"))
            for fix in finding.fixes:
                out.append(Text.from_markup(f"      [green]fix:[/green] {escape(fix.sentence())}"))
            if finding.no_fix and not finding.fixes:
                out.append(Text(f"      no fix: {finding.no_fix}", style="dim"))
        for code, count in shown.items():
            if count > SHOWN_PER_CODE:
                out.append(Text(f"  … and {count - SHOWN_PER_CODE} more {code} (--json lists them all)"))
    return Group(*out)


def whatif_view(result: Comparison) -> RenderableType:
    """Finish, P80 and cost before/after, then milestones that moved and critical-path changes."""
    per_day = result.minutes_per_day
    before, after = result.before, result.after
    table = Table(title="What if: " + "; ".join(c.text for c in result.changes), title_justify="left")
    for column in ("", "Before", "After", "Earlier by"):
        table.add_column(column)
    table.add_row("Finish", f"{before.schedule.finish:%a %Y-%m-%d %H:%M}", f"{after.schedule.finish:%a %Y-%m-%d %H:%M}",
                  _days(result.gain_minutes, per_day))
    if before.p80 is not None and after.p80 is not None and result.p80_gain_minutes is not None:
        table.add_row("P80", f"{before.p80:%a %Y-%m-%d %H:%M}", f"{after.p80:%a %Y-%m-%d %H:%M}",
                      _days(result.p80_gain_minutes, per_day))
    table.add_row("Cost", f"{before.cost:,.0f}", f"{after.cost:,.0f}", "")
    for m in result.milestones:
        if m.gain_minutes:
            table.add_row(f"◆ {m.id}", f"{m.before:%a %Y-%m-%d}", f"{m.after:%a %Y-%m-%d}",
                          _days(m.gain_minutes, per_day))
    out: list[RenderableType] = [table]
    if result.became_critical:
        out.append(Text("became critical: " + ", ".join(result.became_critical)))
    if result.left_critical:
        out.append(Text("left the critical path: " + ", ".join(result.left_critical)))
    return Group(*out)
