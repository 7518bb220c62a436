"""Helpers for the tests of the project sub-pages (resources, risks, issues, progress, report)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.web.conftest import LAPTOP, PHONE, TIMEOUT_MS, Console, Server, login, ready, screenshot

RELEASE = "tomlkit-lite 2.0 release"
LAUNCH = "Ledger Pro launch"
MIGRATION = "ERP migration to AWS eu-central-1"


def open_page(page: Any, server: Server, pid: int, name: str) -> None:
    page.goto(f"{server.base}/projects/{pid}/{name}")
    ready(page)


def fmt_date(iso: str) -> str:
    """The app's ``fmtDate``: "Mon 11 Jan 2027"."""
    d = dt.date.fromisoformat(iso[:10])
    return f"{d:%a} {d.day} {d:%b} {d.year}"


def csrf(page: Any) -> str:
    return str(next(c["value"] for c in page.context.cookies() if c["name"] == "headway_csrf"))


def forced(page: Any, method: str, url: str, data: Any, **headers: str) -> Any:
    """A write sent with the page's own session cookie and CSRF token (what a tampered page would do)."""
    return page.request.fetch(url, method=method, data=data, headers={"X-CSRF-Token": csrf(page), **headers})


def screenshots_at_both_widths(browser: Any, server: Server, path: str, name: str, selector: str) -> list[str]:
    """Open ``path`` as the owner at laptop and phone widths, wait for ``selector``, keep a screenshot of
    each; returns the console errors (none expected)."""
    errors: list[str] = []
    for viewport in (LAPTOP, PHONE):
        context = browser.new_context(viewport=viewport)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        console = Console(page)
        login(page, server)
        page.goto(f"{server.base}{path}")
        ready(page)
        page.wait_for_selector(selector)
        screenshot(page, name)
        errors += console.errors
        context.close()
    return errors
