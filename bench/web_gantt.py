"""Benchmark: the web app's project page on a 2,000-task project (SQLite), in headless chromium.

Seeds a temp SQLite database with bench/plans.py's ``staffed_project`` (2,000 leaf tasks in 40
workstreams, 50 people), starts ``headway serve`` on it, logs in through the login page and prints:
- interactive time: from navigation to the page drawn and usable (``main[data-ready]``, bars on
  screen), measured by the page's own clock (``performance.now()``), best and median of ``--repeat``;
- scrolling: the time to redraw the virtualised rows after a jump of 500 rows;
- drag round trip: from releasing a dragged bar to the redrawn chart (GET the task's ETag, PATCH the
  constraint, GET the rescheduled schedule, redraw), with each request's share and the browser's.
Targets (issue 8): interactive < 2 s, drag round trip < 300 ms.
Usage: python bench/web_gantt.py [--tasks 2000] [--repeat 3] [--drags 5]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from plans import staffed_project  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from headway.store import import_project, make_engine, make_sessions, upgrade  # noqa: E402
from headway.store.accounts import create_user, grant  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
USER, PASSWORD = "bench", "bench-password"
WATCH = """() => {
  window.__rt = [];
  document.addEventListener('pointerup', () => { window.__t0 = performance.now(); }, true);
  new MutationObserver(() => window.__rt.push(performance.now() - window.__t0))
    .observe(document.getElementById('status'), {childList: true});
}"""
SINCE = """(t0) => performance.getEntriesByType('resource').filter((e) => e.startTime >= t0 && e.name.includes('/api/'))
  .map((e) => [new URL(e.name).pathname.split('/').slice(-2).join('/'), e.responseEnd - e.startTime])"""


def seed(url: str, tasks: int) -> int:
    engine = make_engine(url)
    upgrade(engine)
    with make_sessions(engine).begin() as session:
        user = create_user(session, USER, PASSWORD)
        project_id = import_project(session, staffed_project(tasks))
        grant(session, project_id, user, "owner")
    engine.dispose()
    return project_id


def serve(url: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-c", "from headway.cli.main import main; main()", "serve",
                                    "--port", str(port), "--database", url], stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"{base}/api/v1/health", timeout=2):
                return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"headway serve did not start; see {log}")


def ms(values: list[float]) -> str:
    return f"best {min(values):7.0f} ms   median {statistics.median(values):7.0f} ms   ({len(values)} runs)"


def measure(base: str, project_id: int, repeat: int, drags: int) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.set_default_timeout(120_000)
        page.goto(f"{base}/login")
        page.fill("#username", USER)
        page.fill("#password", PASSWORD)
        page.click("form.login button[type=submit]")
        page.wait_for_selector("#topbar:not([hidden])")
        interactive = []
        for _ in range(repeat):
            page.goto(f"{base}/projects/{project_id}")
            page.wait_for_selector("main[data-ready] .gantt .bar")
            interactive.append(page.evaluate("performance.now()"))
        rows = page.locator(".gantt .row").count()
        total = page.locator(".gantt").get_attribute("aria-rowcount")
        print(f"project page interactive ({rows} of {total} rows in the DOM): {ms(interactive)}")
        scroll = [page.evaluate("""(n) => new Promise((done) => {
            const g = document.querySelector('.gantt'); const t0 = performance.now();
            g.scrollTop += n * 28;
            requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));
          })""", 500) for _ in range(5)]
        print(f"scroll 500 rows and redraw: {ms(scroll)}")
        page.goto(f"{base}/projects/{project_id}?task=t3")
        page.wait_for_selector("main[data-ready] .gantt .bar")
        page.evaluate(WATCH)
        trips, shares = [], []
        for i in range(drags):
            box = page.locator('.bar[data-id="t3"]').bounding_box()
            assert box is not None and rows > 0
            x, y = box["x"] + box["width"] * 0.3, box["y"] + box["height"] / 2
            page.mouse.move(x, y)
            page.mouse.down()
            page.mouse.move(x + 3 * 14, y, steps=4)
            t0 = page.evaluate("performance.now()")
            page.mouse.up()
            page.wait_for_function("(n) => window.__rt.length > n", arg=i)
            trips.append(page.evaluate("window.__rt[window.__rt.length - 1]"))
            shares.append(page.evaluate(SINCE, t0))
        print(f"drag round trip (release -> redrawn): {ms(trips)}")
        client = [trip - sum(d for _, d in share) for trip, share in zip(trips, shares, strict=True)]
        print(f"  of which in the browser (parse, rebuild, redraw): {ms(client)}")
        for name, label in (("tasks/t3", "GET + PATCH task"), ("/schedule", "GET schedule")):
            times = [d for share in shares for what, d in share if what.endswith(name)]
            if times:
                print(f"  of which {label:>16}: {ms(times)}")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--drags", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'web.db'}"
        started = time.perf_counter()
        project_id = seed(url, args.tasks)
        print(f"seeded {args.tasks} tasks in {time.perf_counter() - started:.1f} s")
        process, base = serve(url, Path(folder) / "serve.log")
        try:
            measure(base, project_id, args.repeat, args.drags)
        except Exception:
            print((Path(folder) / "serve.log").read_text(errors="replace")[-3000:])
            raise
        finally:
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
