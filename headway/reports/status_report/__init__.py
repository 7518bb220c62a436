"""The stakeholder status report's content: ``build_report(project, …) -> StatusReport``, the
figures every format (HTML, Markdown, PDF) renders."""

from headway.reports.status_report.audience import UnknownStakeholder
from headway.reports.status_report.content import ReportOptions, StatusReport, build_report

__all__ = ["ReportOptions", "StatusReport", "UnknownStakeholder", "build_report"]
