"""Every example plan renders as HTML, Markdown and PDF through ``headway report``; the HTML opens
in headless chromium without console errors or requests and has its six charts; the PDF opens
with pages and extractable text; ``--for`` a sponsor gives the shorter executive summary."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from headway.io import plan
from headway.reports.render.report_html import CHART_IDS
from tests.reports.report_helpers import EXAMPLES, run

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """Each example as report.html, .md and .pdf."""
    out: dict[str, dict[str, Path]] = {}
    for path in EXAMPLES:
        folder = tmp_path_factory.mktemp(path.stem)
        out[path.stem] = {}
        for ext in ("html", "md", "pdf"):
            target = folder / f"report.{ext}"
            result = run("report", path, "-o", target, "--iterations", "200")
            assert result.exit_code == 0, result.output
            out[path.stem][ext] = target
    return out


def _names() -> list[str]:
    return [p.stem for p in EXAMPLES]


def _project(stem: str) -> str:
    return plan.load(next(p for p in EXAMPLES if p.stem == stem)).project.name


@pytest.mark.parametrize("stem", _names())
def test_html_is_one_self_contained_file_with_six_charts(rendered: dict[str, dict[str, Path]], stem: str) -> None:
    html = rendered[stem]["html"].read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["'](https?:)?//""", html), "no external resources"
    assert "@page" in html and "break-inside" in html
    for chart in CHART_IDS:
        block = re.search(rf'<figure class="chart-box" id="chart-{chart}">(.*?)</figure>', html, re.DOTALL)
        assert block is not None, chart
        assert block.group(1).count("<svg") == 1
    ids = Counter(re.findall(r'\bid="([^"]+)"', html))
    assert [i for i, n in ids.items() if n > 1] == [], "ids are unique across the inlined charts"
    for ref in set(re.findall(r'url\(#([^)]+)\)', html)):
        assert ref in ids, f"dangling reference #{ref}"


@pytest.mark.parametrize("stem", _names())
def test_markdown_has_tables_and_no_markup(rendered: dict[str, dict[str, Path]], stem: str) -> None:
    text = rendered[stem]["md"].read_text(encoding="utf-8")
    assert text.startswith(f"# {_project(stem)} — ")
    assert "| --- |" in text and "## Key milestones" in text and "## What is next" in text
    assert "<svg" not in text and "<table" not in text


@pytest.mark.parametrize("stem", _names())
def test_pdf_opens_with_the_project_name_and_rag(rendered: dict[str, dict[str, Path]], stem: str) -> None:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(rendered[stem]["pdf"])
    assert len(reader.pages) >= 1
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    rag = re.search(r'class="rag rag-(\w+)"', rendered[stem]["html"].read_text(encoding="utf-8"))
    assert rag is not None
    assert _project(stem) in " ".join(text.split())
    assert rag.group(1).upper() in text


@pytest.mark.parametrize(("paper", "points"), [("a4", (595.28, 841.89)), ("letter", (612.0, 792.0))])
def test_pdf_pages_are_the_paper_asked_for(tmp_path: Path, paper: str, points: tuple[float, float]) -> None:
    pypdf = pytest.importorskip("pypdf")
    target = tmp_path / "report.pdf"
    args = ["--paper", paper.upper()] if paper == "letter" else []  # the default is A4; case does not matter
    result = run("report", EXAMPLES[0], "-o", target, "--iterations", "50", *args)
    assert result.exit_code == 0, result.output
    for page in pypdf.PdfReader(target).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(points, abs=0.5)


def test_html_in_headless_chromium(rendered: dict[str, dict[str, Path]]) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            for stem, files in rendered.items():
                page = browser.new_page()
                errors: list[str] = []
                requests: list[str] = []
                page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda err, e=errors: e.append(str(err)))
                page.on("request", lambda r, q=requests: q.append(r.url))
                page.goto(files["html"].as_uri(), wait_until="load", timeout=60_000)
                assert errors == [], (stem, errors)
                assert requests == [files["html"].as_uri()], (stem, requests)
                for chart in CHART_IDS:
                    assert page.locator(f"#chart-{chart} > svg").count() == 1, (stem, chart)
                    box = page.locator(f"#chart-{chart} > svg").bounding_box()
                    assert box is not None and box["width"] > 100 and box["height"] > 50, (stem, chart)
                assert page.locator("#rag").inner_text().lower() in ("green", "amber", "red")
                _fits_the_printable_width(page, stem)
                page.close()
        finally:
            browser.close()


PRINTABLE_PX = 700  # A4 (210 mm) and Letter (216 mm) less 12 mm margins each side, at 96 px per inch


def _fits_the_printable_width(page: object, stem: str) -> None:
    """Laid out for print at the narrower printable width, nothing sticks out sideways."""
    page.set_viewport_size({"width": PRINTABLE_PX, "height": 1000})  # type: ignore[attr-defined]
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    wide = page.evaluate(  # type: ignore[attr-defined]
        "() => document.documentElement.scrollWidth")
    assert wide <= PRINTABLE_PX, (stem, wide)


def test_summary_for_a_sponsor_is_shorter_and_lacks_the_detail(tmp_path: Path) -> None:
    path = next(p for p in EXAMPLES if p.name == "launch.yaml")
    project = plan.load(path).project
    sponsor = next(s.id for s in project.stakeholders if s.report.value == "summary")
    full, summary = tmp_path / "full.html", tmp_path / "summary.html"
    assert run("report", path, "-o", full, "--iterations", "100").exit_code == 0
    assert run("report", path, "-o", summary, "--for", sponsor, "--iterations", "100").exit_code == 0
    short, long = summary.read_text(encoding="utf-8"), full.read_text(encoding="utf-8")
    assert len(short) < len(long) / 3
    for detail in ('id="evm"', 'id="schedule"', 'id="issues"', 'id="people"', "<svg"):
        assert detail in long and detail not in short
    for kept in ('id="overall"', 'id="milestones"', 'id="forecast"', 'id="risks"', 'id="decisions"'):
        assert kept in short
    md = tmp_path / "summary.md"
    assert run("report", path, "-o", md, "--for", sponsor, "--iterations", "100").exit_code == 0
    assert "executive summary" in md.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_executive_summary_pdf_is_one_page(tmp_path: Path, path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    sponsor = next((s.id for s in plan.load(path).project.stakeholders if s.report.value == "summary"), None)
    if sponsor is None:
        pytest.skip("no stakeholder gets the summary")
    target = tmp_path / "summary.pdf"
    assert run("report", path, "-o", target, "--for", sponsor, "--iterations", "100").exit_code == 0
    assert len(pypdf.PdfReader(target).pages) == 1


def test_cli_errors(tmp_path: Path) -> None:
    path = EXAMPLES[0]
    bad = run("report", path, "-o", tmp_path / "report.docx")
    assert bad.exit_code == 2 and ".html, .md or .pdf" in bad.output
    stakeholders = [s.id for s in plan.load(path).project.stakeholders]
    unknown = run("report", path, "-o", tmp_path / "r.html", "--for", "nobody-here")
    assert unknown.exit_code == 2 and "nobody-here" in unknown.output
    assert all(s in unknown.output for s in stakeholders)


def test_a_bare_plan_renders_every_format_with_empty_states(tmp_path: Path) -> None:
    bare = tmp_path / "bare.yaml"
    bare.write_text("project: {name: Bare, start: 2027-03-01}\ntasks:\n  - {id: a, duration: 2d}\n", encoding="utf-8")
    for ext in ("html", "md", "pdf"):
        result = run("report", bare, "-o", tmp_path / f"r.{ext}", "--iterations", "20")
        assert result.exit_code == 0, result.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert all(f'id="chart-{c}"' in html for c in CHART_IDS)
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    for empty in ("The plan has no milestones.", "No open risks.", "No open issues.", "Nobody is over-allocated."):
        assert empty in md


def test_a_plan_with_errors_exits_1(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("project: {name: B, start: 2027-03-01}\ntasks:\n  - {id: a, duration: 2d, after: [b]}\n"
                      "  - {id: b, duration: 2d, after: [a]}\n", encoding="utf-8")
    result = run("report", broken, "-o", tmp_path / "r.html")
    assert result.exit_code == 1 and "link_cycle" in result.output
    assert not (tmp_path / "r.html").exists()


def test_missing_pdf_libraries_give_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins
    import sys

    real = builtins.__import__

    def no_pango(name: str, *args: object, **kwargs: object) -> object:
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_pango)
    result = run("report", EXAMPLES[0], "-o", tmp_path / "r.pdf", "--iterations", "20")
    assert result.exit_code == 1
    assert "libpango-1.0-0" in result.output and ".html" in result.output
    assert not (tmp_path / "r.pdf").exists()
