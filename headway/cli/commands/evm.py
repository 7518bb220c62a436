"""`headway evm PLAN`: earned value and earned schedule at the status date, as tables or JSON."""

from __future__ import annotations

import datetime as dt
import json

import click
from rich.table import Table

from headway.cli.console import days, stdout
from headway.cli.loading import load_schedule
from headway.engine.evm import EarnedValue, Measures, earned_value
from headway.engine.periods import GRANULARITIES, Granularity
from headway.engine.progress import end_of
from headway.io.evm_json import evm_dict
from headway.model import Project, did_you_mean

DATE = click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])


@click.command("evm")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="One JSON object: the indicators, summaries, tasks, S-curve.")
@click.option("--by", type=click.Choice(GRANULARITIES), default="week", show_default=True,
              help="S-curve period (weeks start on Monday).")
@click.option("--task", "scope", metavar="SUMMARY_ID", help="Only this summary task and what is beneath it.")
@click.option("--status-date", type=DATE, help="Measure at this date (its end) instead of the plan's status_date.")
def command(plan: str, as_json: bool, by: Granularity, scope: str | None, status_date: dt.datetime | None) -> None:
    """Earned value (PV, EV, AC, SPI, CPI, EAC, …) and earned schedule (ES, SPI(t), IEAC(t)) of PLAN."""
    project, result = load_schedule(plan)
    written = _status(project, status_date)
    if scope is not None and scope not in project.summary_ids():
        summaries = sorted(project.summary_ids())
        hint = did_you_mean(scope, summaries) or ("summaries: " + ", ".join(summaries[:10]) if summaries
                                                  else "the plan has no summary tasks")
        raise click.BadParameter(f"no summary task {scope!r} in the plan; {hint}", param_hint="--task")
    value = earned_value(project, result, status=end_of(written), by=by)
    if as_json:
        click.echo(json.dumps(evm_dict(value, project.name, written, scope), indent=2, ensure_ascii=False))
        return
    per_day = round(project.working_time.hours_per_day * 60)
    top = value.project if scope is None else next(s for s in value.summaries if s.id == scope)
    console = stdout()
    console.print(_title(value, project, top, written))
    console.print(_scopes(value, top, scope))
    console.print(_details(top, value.currency, per_day))
    console.print(_curve(top, value.currency))


def _status(project: Project, given: dt.datetime | None) -> dt.date | dt.datetime:
    if given is not None:
        return given.date() if given.time() == dt.time() else given
    if project.status_date is None:
        raise click.UsageError("the plan has no status_date: add one under 'project:' or pass --status-date")
    return project.status_date


def _title(value: EarnedValue, project: Project, top: Measures, written: dt.date | dt.datetime) -> str:
    against = f"baseline '{value.baseline}'" if value.baseline else "the current schedule (no baseline)"
    what = project.name if top.id is None else f"{project.name} / {top.name}"
    return f"[bold]{what}[/bold]: earned value at {written.isoformat()} in {value.currency}, PV against {against}"


def _money(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def _index(value: float | None, good_above: bool = True) -> str:
    if value is None:
        return "—"
    style = "green" if (value >= 1) == good_above else "red"
    return f"[{style}]{value:.2f}[/{style}]"


def _scopes(value: EarnedValue, top: Measures, scope: str | None) -> Table:
    table = Table(title="By scope", title_justify="left")
    for name in ("Scope", "BAC", "PV", "EV", "AC", "SPI", "CPI", "SPI(t)", "EAC", "VAC", "Budget"):
        table.add_column(name, justify="left" if name == "Scope" else "right", no_wrap=True)
    inside = value.within.get(scope, frozenset()) if scope is not None else None
    rows = [top] + [s for s in value.summaries if s.id != scope and (inside is None or s.id in inside)]
    for m in rows:
        c = m.cost
        label = "[bold]project[/bold]" if m.id is None else m.id
        over = m.budget is not None and c.eac_cpi is not None and c.eac_cpi > m.budget
        budget = _money(m.budget) if not over else f"[red]{_money(m.budget)}[/red]"
        table.add_row(label, _money(c.bac), _money(c.pv), _money(c.ev), _money(c.ac), _index(c.spi),
                      _index(c.cpi), _index(m.time.spi_t), _money(c.eac_cpi), _money(c.vac), budget)
    return table


def _details(m: Measures, currency: str, per_day: int) -> Table:
    c, t = m.cost, m.time
    table = Table(title="Indicators", title_justify="left", show_header=False)
    table.add_column("What")
    table.add_column("Value", justify="right")
    table.add_column("What")
    table.add_column("Value", justify="right")

    def span(minutes: float | None) -> str:
        return "—" if minutes is None else days(round(minutes), per_day)

    rows = [
        ("SV = EV − PV", _money(c.sv), "ES (earned schedule)", span(t.es)),
        ("CV = EV − AC", _money(c.cv), "AT (actual time)", span(t.at)),
        ("EAC = BAC / CPI", _money(c.eac_cpi), "SV(t) = ES − AT", span(t.sv_t)),
        ("EAC = AC + BAC − EV", _money(c.eac_budget_rate), "SPI(t) = ES / AT", _index(t.spi_t)),
        ("EAC = AC + (BAC − EV) / (CPI·SPI)", _money(c.eac_cpi_spi), "PD (planned duration)", span(t.pd)),
        ("ETC = EAC − AC", _money(c.etc), "IEAC(t) = PD / SPI(t)", span(t.ieac_t)),
        ("VAC = BAC − EAC", _money(c.vac), "TCPI (to reach BAC)", _index(c.tcpi, good_above=False)),
    ]
    for row in rows:
        table.add_row(*row)
    table.caption = f"money in {currency}; time in working days from " + (
        "the project start" if m.id is None else f"the planned start of {m.id}")
    return table


def _curve(m: Measures, currency: str) -> Table:
    table = Table(title=f"S-curve (cumulative, {currency})", title_justify="left")
    for name in ("Period", "PV", "EV", "AC", "Planned cost"):
        table.add_column(name, justify="left" if name == "Period" else "right", no_wrap=True)
    for p in m.s_curve:
        table.add_row(p.period.label, _money(p.pv), _money(p.ev) if p.ev is not None else "",
                      _money(p.ac) if p.ac is not None else "", _money(p.cost))
    return table
