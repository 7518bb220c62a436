"""`headway export PLAN -o out.xml|out.xlsx|out.csv|out.ics`: schedule a plan and write it for other tools."""

from __future__ import annotations

import click

from headway.cli.console import print_problems, stderr
from headway.cli.loading import PLAN_ERROR_EXIT, load_schedule
from headway.io import formats


@click.command("export")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The file to write: .xml (MS Project), .xlsx, .csv or .ics.")
@click.option("--to", "fmt", type=click.Choice(sorted(formats.WRITERS)), default=None,
              help="The output format (default: from the output file's suffix).")
@click.option("--person", default=None, help="iCalendar: only this resource's tasks (default: the milestones).")
def command(plan: str, output: str, fmt: str | None, person: str | None) -> None:
    """Schedule PLAN and write it with the scheduled dates."""
    try:
        name = formats.writer_for(output, fmt)
    except formats.FormatError as err:
        raise click.UsageError(str(err)) from err
    if person is not None and name != "ics":
        raise click.UsageError("--person applies to iCalendar (.ics) export only")
    project, result = load_schedule(plan)
    if person is not None and person not in project.resources_by_id():
        raise click.UsageError(f"no resource {person!r} in {plan}")
    try:
        print_problems(formats.losses(project, output, name))
        formats.write(project, result, output, name, person)
    except (formats.FormatError, OSError) as err:
        stderr().print(f"[red]headway: cannot write {output}: {err}[/red]")
        raise SystemExit(PLAN_ERROR_EXIT) from err
    stderr().print(f"[green]{output}[/green]: {len(result.tasks)} tasks, {result.start:%Y-%m-%d} → "
                   f"{result.finish:%Y-%m-%d %H:%M}")
