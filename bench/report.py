"""Benchmark: `headway report` on every example plan: time to build the content (engine figures,
forecast at the given iterations) and to render HTML (with its six charts), Markdown and PDF.

Prints one row per plan; times are the best of ``--repeat`` runs, in seconds.
Usage: python bench/report.py [--iterations 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from headway.io import plan
from headway.reports.render.report_html import report_html
from headway.reports.render.report_markdown import report_markdown
from headway.reports.render.report_pdf import report_pdf
from headway.reports.status_report import ReportOptions, build_report

ROOT = Path(__file__).resolve().parents[1]


def best(repeat: int, work: Callable[[], Any]) -> tuple[float, Any]:
    """The shortest of ``repeat`` runs of ``work`` and its last result."""
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - began)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    paths = sorted((ROOT / "examples").glob("*.yaml")) + sorted((ROOT / "headway" / "demo").glob("*.yaml"))
    print(f"{'plan':<22}{'tasks':>6}{'content':>9}{'html':>8}{'md':>8}{'pdf':>8}{'html KB':>9}{'pdf KB':>8}")
    options = ReportOptions(iterations=args.iterations)
    for path in paths:
        project = plan.load(path).project
        build, report = best(args.repeat, lambda p=project: build_report(p, options))
        html_s, html = best(args.repeat, lambda r=report: report_html(r))
        md_s, _ = best(args.repeat, lambda r=report: report_markdown(r))
        pdf_s, pdf = best(args.repeat, lambda r=report: report_pdf(r))
        name = f"{path.parent.name}/{path.stem}" if path.parent.name == "demo" else path.stem
        print(f"{name:<22}{len(project.tasks):>6}{build:>9.2f}{html_s:>8.2f}{md_s:>8.3f}{pdf_s:>8.2f}"
              f"{len(html.encode()) / 1024:>9.0f}{len(pdf) / 1024:>8.0f}")
    print(f"forecast {args.iterations:,} iterations; pdf includes rendering its HTML")


if __name__ == "__main__":
    main()
