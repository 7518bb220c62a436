"""`headway schema`: the JSON Schema of plan files, for editors."""

from __future__ import annotations

import json

import click

from headway.io.plan_schema import plan_schema


@click.command("schema")
def command() -> None:
    """Print the plan file JSON Schema (point your editor's YAML plugin at it)."""
    click.echo(json.dumps(plan_schema(), indent=2))
