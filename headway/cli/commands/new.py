"""`headway new [PATH]`: write a starter plan to edit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

STARTER = """\
# A Headway plan. Check it with `headway check {path}`, schedule it with `headway schedule {path}`.
# Reference: docs/plan-format.md, or `headway schema` for editor autocompletion.
project:
  name: {name}
  start: {start}
resources:
  - {{id: lead, name: Team Lead, role: lead}}
  - {{id: dev, name: Developer, role: engineer}}
  - {{id: qa, name: Tester, role: qa, units: 50%}}
tasks:
  - id: plan
    name: Planning
    tasks:
      - {{id: scope, name: Agree the scope, duration: 2d, owner: lead}}
      - {{id: design, name: Design, effort: 3d, assign: [lead], after: [scope]}}
  - id: build
    name: Build
    tasks:
      - {{id: implement, name: Implement, effort: 10d, assign: [dev], after: [design]}}
      - id: test
        name: Test
        effort: 3d
        assign: [qa]
        after: [{{task: implement, type: SS, lag: 3d}}]
        estimate: {{optimistic: 2d, likely: 3d, pessimistic: 6d}}
  - id: launch
    name: Launch
    milestone: true
    after: [implement, test]
    deadline: {deadline}
"""


@click.command("new")
@click.argument("path", default="plan.yaml", type=click.Path(dir_okay=False))
@click.option("--name", default="My project", show_default=True, help="Project name.")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), help="Start date (default: next Monday).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def command(path: str, name: str, start: dt.datetime | None, force: bool) -> None:
    """Write a starter plan to PATH (default plan.yaml)."""
    target = Path(path)
    if target.exists() and not force:
        raise click.UsageError(f"{path} exists; pass --force to overwrite it")
    today = dt.date.today()
    day = start.date() if start else today + dt.timedelta(days=7 - today.weekday())
    deadline = day + dt.timedelta(weeks=6)
    target.write_text(STARTER.format(path=path, name=name, start=day, deadline=deadline), encoding="utf-8")
    click.echo(f"wrote {path}; next: headway schedule {path}", err=True)
