"""Browser tests: a real ``headway serve --demo`` (subprocess, temp SQLite, free port) driven by Playwright
with Debian's chromium. The ``browser`` fixture skips cleanly when playwright or /usr/bin/chromium is missing."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
LAPTOP, PHONE = {"width": 1366, "height": 768}, {"width": 390, "height": 844}
OWNER, OWNER_PASSWORD = "demo", "headway-demo"
VIEWER, VIEWER_PASSWORD = "stakeholder", "headway-view"
TIMEOUT_MS = 30_000  # generous: the machine is shared and loaded



def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    """A running ``headway serve``: its base URL, and API calls with a bearer token for checks."""

    base: str

    def token(self, username: str, password: str) -> str:
        return str(self.call("POST", "/auth/token", body={"username": username, "password": password})["token"])

    def call(self, method: str, path: str, *, token: str | None = None, body: Any = None,
             headers: dict[str, str] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.base}/api/v1{path}", data=data, method=method,
                                         headers={"Content-Type": "application/json", **(headers or {})})
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read() or b"null")


def start_server(database: str, log: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    """``headway serve`` on a free port, its output in ``log``; returns once /api/v1/health answers."""
    port = free_port()
    command = [sys.executable, "-c", "from headway.cli.main import main; main()", "serve", "--port", str(port),
               "--database", database, *extra]
    with log.open("wb") as out:  # a file, not a pipe: a full pipe would stall the server
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"headway serve exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"{base}/api/v1/health", timeout=2):
                return process, base
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("headway serve did not answer within 120 s")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The demo portfolio, served once per test process (tests compute expectations from its live state)."""
    folder = tmp_path_factory.mktemp("web")
    process, base = start_server(f"sqlite:///{folder / 'demo.db'}", folder / "serve.log", "--demo")
    try:
        yield Server(base)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium under Playwright; the browser tests skip when either is missing."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not CHROMIUM.exists():
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Console:
    """Every console error and uncaught exception of a page."""

    page: Any

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("response", lambda r: self.errors.append(f"server error: {r.request.method} {r.url} {r.status}")
                if r.status >= 500 else None)

    def expect(self, text: str) -> None:
        """Drop the errors that contain ``text``: the test provoked them on purpose (a wrong password)."""
        assert any(text in e for e in self.errors), f"expected a console error with {text!r}"
        self.errors = [e for e in self.errors if text not in e]


@pytest.fixture
def console(browser: Any) -> Iterator[Console]:
    """A fresh browser context at laptop size with one page; the test fails if it logs a console error."""
    context = browser.new_context(viewport=LAPTOP)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    watch = Console(tab)
    watch.page = tab
    yield watch
    context.close()
    assert watch.errors == [], "console errors:\n" + "\n".join(watch.errors)


@pytest.fixture
def page(console: Console) -> Any:
    return console.page


def login(page: Any, server: Server, username: str = OWNER, password: str = OWNER_PASSWORD) -> None:
    page.goto(f"{server.base}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("form.login button[type=submit]")
    page.wait_for_selector("#topbar:not([hidden])")
    ready(page)


def ready(page: Any) -> None:
    """Wait until the current page has drawn (the shell sets ``main[data-ready]``)."""
    page.wait_for_selector("main[data-ready]")


def open_project(page: Any, server: Server, project_id: int, task: str | None = None) -> None:
    query = f"?task={task}" if task else ""
    page.goto(f"{server.base}/projects/{project_id}{query}")
    ready(page)
    page.wait_for_selector(".gantt .bar")


def box_of(locator: Any) -> dict[str, float]:
    """The element's box once it is drawn and visible (a busy machine may draw it late)."""
    locator.wait_for(state="visible")
    box: dict[str, float] | None = locator.bounding_box()
    assert box is not None, f"{locator} has no box"
    return box


def project_id(server: Server, token: str, name: str) -> int:
    return next(int(p["id"]) for p in server.call("GET", "/projects", token=token) if p["name"] == name)


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    path = SCREENSHOTS / f"{name}-{size['width']}x{size['height']}.png"
    page.screenshot(path=str(path))
    return path
