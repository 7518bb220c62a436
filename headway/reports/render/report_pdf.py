"""The status report as PDF: the HTML page laid out by WeasyPrint (which needs the Pango libraries)."""

from __future__ import annotations

from typing import Any

from headway.reports.render.report_html import report_html
from headway.reports.status_report import StatusReport


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it loads (Pango, HarfBuzz, fontconfig) are missing."""


def _weasyprint() -> Any:
    try:
        import weasyprint  # type: ignore[import-untyped]
    except OSError as err:  # WeasyPrint raises OSError when a shared library cannot be loaded
        raise PdfUnavailable(f"cannot write PDF: WeasyPrint could not load a system library ({err}); "
                             "install Pango (e.g. apt-get install libpango-1.0-0 libpangoft2-1.0-0) "
                             "or write the report as .html and print it from a browser") from err
    except ImportError as err:
        raise PdfUnavailable(f"cannot write PDF: {err}; install weasyprint, or write the report as .html") from err
    return weasyprint


PAPER_SIZES = ("a4", "letter")


def report_pdf(report: StatusReport, paper: str = "a4") -> bytes:
    """The report as PDF bytes on ``paper`` (A4 or US Letter)."""
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {paper!r}")
    weasyprint = _weasyprint()
    size = weasyprint.CSS(string=f"@page {{ size: {paper}; }}")
    pdf: bytes = weasyprint.HTML(string=report_html(report)).write_pdf(stylesheets=[size])
    return pdf
