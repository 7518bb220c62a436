"""The status report page: RAG and its reasons, progress, forecast, milestones, earned value, top risks
and open issues, each the API's figure (fetched here independently); print-friendly."""

from __future__ import annotations

import math
from typing import Any

from tests.web.conftest import Server, login, open_project, project_id, ready
from tests.web.subpages import LAUNCH, RELEASE, fmt_date, open_page, screenshots_at_both_widths


def js_round(x: float) -> int:
    return math.floor(x + 0.5)


def test_the_report_shows_the_engines_figures(page: Any, server: Server) -> None:
    token = server.token("demo", "headway-demo")
    pid = project_id(server, token, LAUNCH)
    login(page, server)
    open_page(page, server, pid, "report")
    page.wait_for_selector("#report")
    status = server.call("GET", f"/projects/{pid}/status", token=token)
    evm = server.call("GET", f"/projects/{pid}/evm", token=token)
    assert page.locator("#report-rag-value").inner_text().lower() == status["rag"]
    reasons = page.locator("#report-reasons li").all_inner_texts()
    assert reasons == (status["reasons"] or ["on track"])
    assert f"{js_round(status['percent_complete'] * 10) / 10:g}% complete" in page.locator("#report-rag").inner_text()
    assert page.locator("#forecast-p50").inner_text() == fmt_date(status["forecast"]["finish"]["p50"])
    assert page.locator("#forecast-p80").inner_text() == fmt_date(status["forecast"]["finish"]["p80"])
    chances = page.locator("#deadlines-table tbody tr td:last-child").all_inner_texts()
    assert chances == [f"{js_round(d['probability'] * 100)}%" for d in status["forecast"]["deadlines"]]
    for key in ("spi", "cpi", "spi_t"):
        assert page.locator(f'#evm-facts [data-key="{key}"]').inner_text() == f"{evm[key]:.2f}"
    assert page.locator("#milestones-table tbody tr").count() == len(status["milestones"])
    risks = [r for r in server.call("GET", f"/projects/{pid}/risks", token=token) if r.get("status", "open") == "open"]
    shown = [row.split(" ")[0] for row in page.locator("#risks-table tbody tr td:first-child").all_inner_texts()]
    effect = {r["id"]: r["p80_delta_days"] for r in status["forecast"]["risks"]}
    assert sorted(shown) == sorted(r["id"] for r in risks)[:5]
    assert [effect.get(i, 0) for i in shown] == sorted((effect.get(i, 0) for i in shown), reverse=True)


def test_open_issues_and_print_layout(page: Any, server: Server) -> None:
    token = server.token("demo", "headway-demo")
    pid = project_id(server, token, RELEASE)
    login(page, server)
    open_page(page, server, pid, "report")
    page.wait_for_selector("#report")
    issues = server.call("GET", f"/projects/{pid}/issues?status=open", token=token)
    if issues:
        assert page.locator("#issues-table tbody tr").count() == len(issues)
    else:
        assert page.locator("#issues-table").inner_text() == "No open issues."
    page.emulate_media(media="print")
    assert page.locator("#topbar").is_hidden() and page.locator(".project-nav").is_hidden()
    assert page.locator("#report-rag").is_visible()


def test_screenshots(browser: Any, server: Server) -> None:
    token = server.token("demo", "headway-demo")
    pid = project_id(server, token, LAUNCH)
    assert screenshots_at_both_widths(browser, server, f"/projects/{pid}/report", "report", "#report") == []


def test_the_project_pages_are_linked_and_keyboard_usable(page: Any, server: Server) -> None:
    token = server.token("demo", "headway-demo")
    pid = project_id(server, token, RELEASE)
    login(page, server)
    open_project(page, server, pid)
    nav = page.locator("nav.project-nav")
    assert nav.get_attribute("aria-label") == "Project pages"
    assert nav.locator("a").all_inner_texts() == ["Gantt", "Resources", "Risks", "Issues", "Progress", "Report"]
    assert nav.locator("a[aria-current=page]").inner_text() == "Gantt"
    link = nav.locator("a", has_text="Report")
    link.focus()
    assert link.evaluate("a => getComputedStyle(a).outlineStyle") != "none"  # the focus ring shows
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/projects/{pid}/report")
    ready(page)
    assert page.locator("nav.project-nav a[aria-current=page]").inner_text() == "Report"
    page.go_back()  # the browser's history works: back to the chart
    page.wait_for_selector(".gantt .bar")
    assert page.url.endswith(f"/projects/{pid}")


def luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_on_the_new_pages_has_enough_contrast(page: Any, server: Server) -> None:
    """WCAG AA (4.5:1) for the heat map's bands, the risk matrix's cells and the page links, read from
    the computed styles."""
    token = server.token("demo", "headway-demo")
    pid = project_id(server, token, LAUNCH)
    login(page, server)
    pairs = """sel => [...document.querySelectorAll(sel)].slice(0, 40).map((e) => {
      const rgb = (s) => s.match(/[\\d.]+/g).map(Number);
      let bg = e, back = getComputedStyle(bg).backgroundColor;
      while (rgb(back).length === 4 && rgb(back)[3] === 0 && bg.parentElement) {
        bg = bg.parentElement; back = getComputedStyle(bg).backgroundColor; }
      return [rgb(getComputedStyle(e).color), rgb(back)]; })"""
    checked = 0
    for name, selector in (("resources", "td.load.l1, td.load.l2, td.load.l3, .project-nav a"),
                           ("risks", "#risk-matrix td, #risk-matrix th")):
        open_page(page, server, pid, name)
        page.wait_for_selector(selector)
        for fg, bg in page.eval_on_selector_all("body", f"(_, ) => ({pairs})({selector!r})"):
            assert contrast(tuple(fg), tuple(bg)) >= 4.5, (name, fg, bg)
            checked += 1
    assert checked > 10
