"""The ``headway`` command: a Click group whose verbs live in ``cli/commands/``."""

from __future__ import annotations

import click

from headway import __version__
from headway.cli.commands import (
    baseline,
    check,
    critical,
    evm,
    gantt,
    issues,
    level,
    new,
    portfolio,
    schedule,
    schema,
    status,
    update,
    usage,
    why,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="headway")
def cli() -> None:
    """Headway turns a plan file into a schedule you can trust, and explains it."""


for module in (new, check, schedule, critical, why, level, portfolio, usage, gantt, schema, baseline, issues, status,
               evm, update):
    cli.add_command(module.command)


def main() -> None:
    """Console-script entry point (exit codes: 0 ok, 1 plan errors, 2 usage errors)."""
    cli(prog_name="headway")
