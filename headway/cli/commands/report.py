"""`headway report PLAN -o report.html|report.md|report.pdf`: the stakeholder status report.

The format comes from the output's extension. ``--since DATE`` adds what changed since the last
report: against the plan as committed in git by the end of DATE when the file is in a git
repository, else the latest baseline saved by then, else the progress recorded since.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from pathlib import Path

import click

from headway.cli.commands.diff import plan_at_revision
from headway.cli.console import print_problems
from headway.cli.loading import PLAN_ERROR_EXIT, PlanFailed, load_plan
from headway.engine.status_forecast import STATUS_ITERATIONS
from headway.io import formats
from headway.model import PlanError, Project

DATE = click.DateTime(formats=["%Y-%m-%d"])
FORMATS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".pdf": "pdf"}


@click.command("report")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Output file: .html (one self-contained page), .md or .pdf.")
@click.option("--since", type=DATE, help="Add what changed since this date (the last report).")
@click.option("--for", "stakeholder", metavar="STAKEHOLDER_ID",
              help="Tailor to a stakeholder of the plan: their report kind (summary or full), their tasks.")
@click.option("--status-date", type=DATE, help="Report at this date instead of the plan's status_date.")
@click.option("--iterations", type=click.IntRange(min=1), default=STATUS_ITERATIONS, show_default=True,
              help="Forecast iterations.")
@click.option("--seed", type=int, default=0, show_default=True, help="Forecast random seed (same seed, same report).")
@click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False), default="a4", show_default=True,
              help="Page size of a PDF (HTML prints on either).")
def command(plan: str, output: str, since: dt.datetime | None, stakeholder: str | None,
            status_date: dt.datetime | None, iterations: int, seed: int, paper: str) -> None:
    """Write the status report of PLAN: RAG and reasons, milestones, forecast, EVM, risks, issues,
    changes, what is next, over-allocation and objectives, with charts in HTML and PDF."""
    fmt = FORMATS.get(Path(output).suffix.lower())
    if fmt is None:
        raise click.BadParameter("the output must end in .html, .md or .pdf", param_hint="-o")
    from headway.reports.status_report import ReportOptions, UnknownStakeholder, build_report  # matplotlib

    project = load_plan(plan).project
    if status_date is not None:
        project = project.replace(status_date=status_date.date())
    day = since.date() if since is not None else None
    previous, label = _committed(Path(plan), day) if day is not None else (None, "")
    options = ReportOptions(since=day, stakeholder=stakeholder, iterations=iterations, seed=seed, previous=previous,
                            previous_label=label)
    try:
        report = build_report(project, options)
    except UnknownStakeholder as err:
        raise click.UsageError(str(err)) from err
    except PlanError as err:
        print_problems(err.problems)
        raise PlanFailed(PLAN_ERROR_EXIT) from err
    _write(report, Path(output), fmt, paper.lower())
    click.echo(f"wrote {output}", err=True)


def _write(report: object, target: Path, fmt: str, paper: str) -> None:
    from headway.reports.render.report_html import report_html
    from headway.reports.render.report_markdown import report_markdown
    from headway.reports.render.report_pdf import PdfUnavailable, report_pdf
    from headway.reports.status_report import StatusReport

    assert isinstance(report, StatusReport)
    if fmt == "html":
        target.write_text(report_html(report), encoding="utf-8")
    elif fmt == "markdown":
        target.write_text(report_markdown(report), encoding="utf-8")
    else:
        try:
            target.write_bytes(report_pdf(report, paper))
        except PdfUnavailable as err:
            raise click.ClickException(str(err)) from err


def _committed(plan: Path, day: dt.date) -> tuple[Project | None, str]:
    """The plan as committed in git by the end of ``day`` and the commit's short hash; (None, "") when
    the file is not in git, git is missing, no commit is that old, or that version does not read."""
    where = plan.resolve().parent
    try:
        found = subprocess.run(["git", "-C", str(where), "log", "-1", "--format=%h",
                                f"--before={day.isoformat()} 23:59:59", "--", plan.name],
                               capture_output=True, text=True, check=False)
    except OSError:
        return None, ""
    commit = found.stdout.strip()
    if found.returncode != 0 or not commit:
        return None, ""
    with tempfile.TemporaryDirectory(prefix="headway-report-") as tmp:
        try:
            old = plan_at_revision(plan, commit, Path(tmp))
            return formats.read(old, formats.detect(old)).project, commit
        except (click.UsageError, PlanError, OSError, formats.FormatError) as err:
            click.echo(f"headway: {plan} at {commit} cannot be read ({err}); comparing with a baseline instead",
                       err=True)
            return None, ""
