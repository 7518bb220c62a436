"""The status report as one self-contained HTML page: inline CSS and SVG charts, no external requests,
laid out to print on A4 and Letter."""

from __future__ import annotations

from importlib.resources import files

from headway.reports.charts.burn_up import burn_up_chart
from headway.reports.charts.forecast_cdf import cdf_chart
from headway.reports.charts.gantt import gantt_chart
from headway.reports.charts.resource_load import load_chart
from headway.reports.charts.risk_matrix import risk_chart
from headway.reports.charts.s_curve import s_curve_chart
from headway.reports.render.report_format import changes_source, environment
from headway.reports.status_report import StatusReport

CHART_IDS = ("gantt", "s-curve", "burn-up", "resource-load", "risk-matrix", "forecast-cdf")


def charts(report: StatusReport) -> dict[str, str]:
    """Every chart of a full report as inline SVG, by template name; none for an executive summary."""
    if report.audience.summary:
        return {}
    data = report.charts
    forecast = report.forecast
    key = forecast.key_deadline.due if forecast.key_deadline else None
    return {
        "gantt": gantt_chart(data.schedule),
        "s_curve": s_curve_chart(report.money.s_curve, report.money.currency, report.status_date),
        "burn_up": burn_up_chart(data.planned, data.done, data.scope, report.status_date),
        "resource_load": load_chart(data.usage),
        "risk_matrix": risk_chart(data.risks),
        "cdf": cdf_chart(forecast.cdf, data.forecast.percentile_finish if data.forecast else {}, key),
    }


def report_html(report: StatusReport) -> str:
    """The report as an HTML document."""
    css = files("headway.reports.render").joinpath("templates/report.css").read_text(encoding="utf-8")
    template = environment().get_template("report.html.j2")
    return template.render(r=report, charts=charts(report), css=css, changes_source=changes_source(report))
