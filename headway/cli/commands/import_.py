"""`headway import FILE -o plan.yaml`: turn another tool's file into a Headway plan file."""

from __future__ import annotations

from pathlib import Path

import click

from headway.cli.console import print_problems, stderr
from headway.cli.loading import load_plan
from headway.io import formats, plan


@click.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The plan file to write (.yaml).")
@click.option("--from", "fmt", type=click.Choice(sorted(formats.READERS)), default=None,
              help="The source format (default: detected from the file's content).")
def command(source: str, output: str, fmt: str | None) -> None:
    """Import SOURCE (MS Project XML or .mpp, Primavera, Excel, CSV…) and write it as a plan file.

    Every warning (a feature Headway does not support, an item skipped) is listed.
    """
    result = load_plan(source, fmt)
    print_problems(result.problems)
    plan.save(result.project, Path(output))
    project = result.project
    stderr().print(f"[green]{output}[/green]: {len(project.tasks)} tasks, {len(project.resources)} resources, "
                   f"{len(project.calendars)} calendars, {len(result.problems)} warning(s)")
