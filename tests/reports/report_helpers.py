"""Shared helpers of the status-report tests: the example plans and the CLI runner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from headway.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml")) + sorted((ROOT / "headway" / "demo").glob("*.yaml"))
ITERATIONS = "400"  # enough for a stable P80 comparison at a fixed seed, quick on a loaded machine


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def json_of(*args: str | Path) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)
