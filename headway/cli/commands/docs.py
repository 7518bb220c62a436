"""`headway docs PLAN -o DIR`: the plan document as Markdown, HTML and Word, regenerated in place."""

from __future__ import annotations

from pathlib import Path

import click

from headway.cli.loading import load_schedule

FORMATS = ("md", "html", "docx")


def _formats(value: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(f.strip().lower().lstrip(".") for f in value.split(",") if f.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(f"choose from {', '.join(FORMATS)} (comma-separated), got {value!r}",
                                 param_hint="--formats")
    return chosen


@click.command("docs")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", "directory", required=True, type=click.Path(file_okay=False),
              help="Directory for plan.md, plan.html and plan.docx (created if missing).")
@click.option("--formats", default=",".join(FORMATS), show_default=True,
              help="Which documents to write, comma-separated: md, html, docx.")
def command(plan: str, directory: str, formats: str) -> None:
    """Write the plan document of PLAN: objectives, scope, WBS, schedule, milestones, resources and
    RACI, budget, risks, assumptions and stakeholders.

    Run it again after the plan changes: the documents are regenerated in place, text you wrote in
    plan.md outside the headway markers is kept (and carried into the HTML and Word files), and a
    file whose content would not change is left untouched.
    """
    chosen = _formats(formats)
    from headway.reports.plan_doc import build_document  # python-docx: loaded only for this verb
    from headway.reports.plan_doc.manual import ManualTextError
    from headway.reports.plan_doc.write import write_documents

    project, schedule = load_schedule(plan)
    try:
        written = write_documents(build_document(project, schedule), Path(directory), chosen)
    except ManualTextError as err:
        raise click.ClickException(str(err)) from err
    except OSError as err:
        raise click.ClickException(f"cannot write to {directory}: {err}") from err
    for path, changed in written:
        click.echo(f"{'wrote' if changed else 'unchanged'} {path}", err=True)
