"""`headway gantt PLAN -o out.svg|out.html`: a Gantt chart."""

from __future__ import annotations

from pathlib import Path

import click

from headway.cli.loading import load_schedule


@click.command("gantt")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Output file: .svg or .html.")
def command(plan: str, output: str) -> None:
    """Draw PLAN as a Gantt chart (WBS rows, links, critical path, status line)."""
    if Path(output).suffix.lower() not in (".svg", ".html"):
        raise click.BadParameter("the output must end in .svg or .html", param_hint="-o")
    from headway.reports.gantt import render_gantt  # matplotlib: loaded only for charts

    _, result = load_schedule(plan)
    render_gantt(result, output)
    click.echo(f"wrote {output}", err=True)
