"""The report's charts: inlined SVG with prefixed ids, and the drawn elements each chart promises."""

from __future__ import annotations

import re

from headway.io import plan
from headway.reports.charts.svg import inline
from headway.reports.render.report_html import charts
from headway.reports.status_report import ReportOptions, build_report
from tests.reports.report_helpers import EXAMPLES

DOC = """<?xml version="1.0" encoding="utf-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="576pt" height="244.8pt" viewBox="0 0 576 244.8">
<metadata><rdf:RDF/></metadata>
<defs><clipPath id="p1"><rect/></clipPath><path id="m2"/></defs>
<g id="figure_1" clip-path="url(#p1)"><use xlink:href="#m2"/></g></svg>"""


def test_inline_prefixes_ids_and_references_and_drops_the_prolog_and_size() -> None:
    out = inline(DOC, "demo")
    assert out.startswith('<svg class="chart" data-chart="demo" ')
    assert "<?xml" not in out and "DOCTYPE" not in out and "<metadata>" not in out
    assert set(re.findall(r'id="([^"]+)"', out)) == {"demo-p1", "demo-m2", "demo-figure_1"}
    assert 'url(#demo-p1)' in out and 'href="#demo-m2"' in out
    head = out[:out.index(">")]
    assert 'viewBox="0 0 576 244.8"' in head and "width=" not in head and "height=" not in head


def test_each_chart_draws_what_the_report_lists() -> None:
    path = next(p for p in EXAMPLES if p.name == "launch.yaml")
    project = plan.load(path).project
    report = build_report(project, ReportOptions(iterations=200))
    drawn = charts(report)
    assert set(drawn) == {"gantt", "s_curve", "burn_up", "resource_load", "risk_matrix", "cdf"}
    for rid, _, _ in report.charts.risks:
        assert f'id="risk-matrix-risk-{rid}"' in drawn["risk_matrix"]
    for line in ("pv", "ev", "ac", "status-date"):
        assert f'id="s-curve-{line}' in drawn["s_curve"]
    for marker in ("p50", "p80", "deadline"):
        assert f'id="forecast-cdf-{marker}' in drawn["cdf"]
    for task in (t for t in report.charts.schedule.tasks if not t.summary and not t.milestone):
        assert f'id="gantt-bar-{task.id}"' in drawn["gantt"]
    names = [r.name for r in report.charts.usage.resources]
    assert names and all(name in drawn["resource_load"] for name in names)
    assert "finished" in drawn["burn_up"] and f"scope ({report.charts.scope} tasks)" in drawn["burn_up"]


def test_the_burn_up_counts_finished_leaf_tasks() -> None:
    path = next(p for p in EXAMPLES if p.name == "launch.yaml")
    project = plan.load(path).project
    report = build_report(project, ReportOptions(iterations=20))
    done = report.charts.done
    assert done[0][1] == 0 and [n for _, n in done] == sorted(n for _, n in done)
    finished = sum(1 for t in report.charts.schedule.tasks
                   if not t.summary and (t.percent_complete >= 1 or t.actual_finish is not None))
    assert done[-1] == (report.status_date, finished)
    assert report.charts.planned[-1][1] == report.charts.scope
