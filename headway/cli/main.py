"""The ``headway`` command: a Click group whose verbs live in ``cli/commands/``, one module each."""

from __future__ import annotations

import importlib

import click

from headway import __version__

VERBS = ("new", "check", "schedule", "critical", "why", "level", "portfolio", "usage", "gantt", "schema",
         "baseline", "issues", "status", "evm", "update", "forecast", "import", "export", "db",
         "user", "serve", "diff", "docs", "report", "doctor", "whatif", "agenda")
MODULES = {"import": "import_"}  # verbs whose module name differs (``import`` is a Python keyword)


class Verbs(click.Group):
    """Imports a verb's module only when that verb is asked for, so start-up stays quick."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(VERBS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in VERBS:
            return None
        command: click.Command = importlib.import_module(
            f"headway.cli.commands.{MODULES.get(cmd_name, cmd_name)}").command
        return command


@click.group(cls=Verbs, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="headway")
def cli() -> None:
    """Headway turns a plan file into a schedule you can trust, and explains it."""


def main() -> None:
    """Console-script entry point (exit codes: 0 ok, 1 plan errors, 2 usage errors)."""
    cli(prog_name="headway")
