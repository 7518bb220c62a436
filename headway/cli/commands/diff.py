"""`headway diff OLD NEW`: what changed between two versions of a plan, and what it did to the dates.

OLD can also be the plan at a git revision (``--rev``) or a saved baseline (``--baseline``);
``--git-driver`` takes git's seven external-diff arguments so the command can be a git diff driver.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import click

from headway.cli.console import print_problems, stdout
from headway.cli.loading import PLAN_ERROR_EXIT, PlanFailed, load_schedule
from headway.engine.baselines import find
from headway.engine.diff import PlanDiff, diff
from headway.engine.diff_baseline import baseline_diff
from headway.engine.diff_forecast import ForecastDelta, forecast_delta
from headway.engine.results import Schedule
from headway.model import PlanError, Project
from headway.reports.diff_json import diff_dict
from headway.reports.diff_markdown import diff_markdown
from headway.reports.diff_terminal import diff_view

NULL = "/dev/null"
CHANGED_EXIT = 1


@click.command("diff")
@click.argument("files", nargs=-1, metavar="OLD [NEW]")
@click.option("--rev", help="Compare the plan at this git revision (e.g. main~1) with the file as it is now.")
@click.option("--baseline", is_flag=False, flag_value="", default=None, metavar="[NAME]",
              help="Compare a saved baseline (default: the latest) with the plan now.")
@click.option("--format", "fmt", type=click.Choice(["terminal", "markdown", "json"]), default="terminal",
              show_default=True, help="Output: a Rich terminal view, Markdown for pull requests, or JSON.")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option("--forecast", "with_forecast", is_flag=True, help="Also compare forecast P50/P80 (fixed seed).")
@click.option("--iterations", type=click.IntRange(min=1), default=2_000, show_default=True,
              help="Forecast iterations per plan (with --forecast).")
@click.option("--seed", type=int, default=0, show_default=True, help="Forecast seed (with --forecast).")
@click.option("--exit-code", is_flag=True, help="Exit 1 when something changed (like git diff --exit-code).")
@click.option("--git-driver", is_flag=True,
              help="Take git's external-diff arguments: path old-file old-hex old-mode new-file new-hex new-mode.")
def command(files: tuple[str, ...], rev: str | None, baseline: str | None, fmt: str, as_json: bool,
            with_forecast: bool, iterations: int, seed: int, exit_code: bool, git_driver: bool) -> None:
    """Compare two plans: added, removed and changed tasks and links, date moves and their causes,
    critical-path, cost and (with --forecast) forecast changes.

    \b
    headway diff old.yaml new.yaml
    headway diff plan.yaml --rev main~1 --format markdown
    headway diff plan.yaml --baseline
    """
    fmt = "json" if as_json else fmt
    if git_driver:
        _git_driver(files, fmt)
        return
    if rev is not None and baseline is not None:
        raise click.UsageError("use either --rev or --baseline, not both")
    if baseline is not None and with_forecast:
        raise click.UsageError("--forecast needs two plans; a baseline keeps dates, not estimates to forecast")
    expected = 1 if rev is not None or baseline is not None else 2
    if len(files) != expected:
        raise click.UsageError(f"expected {'PLAN' if expected == 1 else 'OLD NEW'}, got {len(files)} file(s)")
    for name in files:
        if not Path(name).is_file():
            raise click.BadParameter(f"{name} is not a file", param_hint="OLD/NEW")
    forecast: ForecastDelta | None = None
    if baseline is not None:
        project, schedule = load_schedule(files[0])
        saved = find(project, baseline or None)
        if saved is None:
            raise click.UsageError(f"no baseline {baseline!r} in {files[0]}" if baseline
                                   else f"no baseline saved in {files[0]} (headway baseline save {files[0]})")
        result, title = baseline_diff(project, schedule, saved), f"{files[0]}: baseline {saved.name!r} -> now"
    elif rev is not None:
        with tempfile.TemporaryDirectory(prefix="headway-diff-") as tmp:
            old_path = plan_at_revision(Path(files[0]), rev, Path(tmp))
            result, forecast = _compare(str(old_path), files[0], with_forecast, iterations, seed)
        title = f"{files[0]}: {rev} -> working tree"
    else:
        result, forecast = _compare(files[0], files[1], with_forecast, iterations, seed)
        title = f"{files[0]} -> {files[1]}"
    _print(result, title, fmt, forecast)
    if exit_code and not result.empty:
        raise SystemExit(CHANGED_EXIT)


def _compare(old_path: str, new_path: str, with_forecast: bool, iterations: int,
             seed: int) -> tuple[PlanDiff, ForecastDelta | None]:
    old, old_schedule = load_schedule(old_path)
    new, new_schedule = load_schedule(new_path)
    result = diff(old, old_schedule, new, new_schedule)
    if not with_forecast:
        return result, None
    return result, _forecast(old, old_schedule, new, new_schedule, iterations, seed)


def _forecast(old: Project, old_schedule: Schedule, new: Project, new_schedule: Schedule, iterations: int,
              seed: int) -> ForecastDelta:
    try:
        return forecast_delta(old, old_schedule, new, new_schedule, iterations=iterations, seed=seed)
    except PlanError as err:
        print_problems(err.problems)
        raise PlanFailed(PLAN_ERROR_EXIT) from err


def _print(result: PlanDiff, title: str, fmt: str, forecast: ForecastDelta | None) -> None:
    if fmt == "json":
        click.echo(json.dumps(diff_dict(result, forecast), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(diff_markdown(result, title, forecast), nl=False)
    else:
        stdout().print(diff_view(result, title, forecast))


def plan_at_revision(plan: Path, rev: str, into: Path) -> Path:
    """Write ``plan`` as it was at git revision ``rev`` into directory ``into``; clear errors otherwise."""
    where = plan.resolve().parent
    try:
        inside = subprocess.run(["git", "-C", str(where), "rev-parse", "--is-inside-work-tree"],
                                capture_output=True, text=True, check=False)
    except OSError as err:
        raise click.UsageError(f"--rev needs git, which could not be run: {err}") from err
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        raise click.UsageError(f"--rev: {plan} is not in a git repository")
    shown = subprocess.run(["git", "-C", str(where), "show", f"{rev}:./{plan.name}"],
                           capture_output=True, check=False)
    if shown.returncode != 0:
        message = shown.stderr.decode(errors="replace").strip().splitlines()
        raise click.UsageError(f"--rev: cannot read {plan.name} at {rev}: {message[-1] if message else 'git failed'}")
    old = into / plan.name
    old.write_bytes(shown.stdout)
    return old


def _git_driver(args: tuple[str, ...], fmt: str) -> None:
    """git's external diff: ``path old-file old-hex old-mode new-file new-hex new-mode``; always exits 0
    on a diff (git treats any other exit code as a failed driver)."""
    if len(args) != 7:
        raise click.UsageError(f"--git-driver expects git's 7 arguments (path old-file old-hex old-mode "
                               f"new-file new-hex new-mode), got {len(args)}")
    path, old_file, _old_hex, _old_mode, new_file, _new_hex, _new_mode = args
    if NULL in (old_file, new_file):
        click.echo(f"{path}: plan {'added' if old_file == NULL else 'deleted'}")
        return
    try:
        result, _ = _compare(old_file, new_file, False, 0, 0)
    except PlanFailed:
        # Not a plan (or a broken one): show git's own text diff rather than failing the whole `git diff`.
        click.echo(f"headway: {path} is not a readable plan; plain diff follows", err=True)
        subprocess.run(["git", "diff", "--no-index", "--no-ext-diff", "--", old_file, new_file], check=False)
        return
    _print(result, f"headway diff {path}", fmt, None)
