"""The status report as Markdown for wikis and chat: the same sections as tables, without charts."""

from __future__ import annotations

from headway.reports.render.report_format import changes_source, environment
from headway.reports.status_report import StatusReport


def report_markdown(report: StatusReport) -> str:
    """The report as a Markdown document."""
    return environment().get_template("report.md.j2").render(r=report, changes_source=changes_source(report))
