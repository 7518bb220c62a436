"""Stopping a CP-SAT search early when its caller no longer wants the answer (a cancelled job)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ortools.sat.python import cp_model

ShouldStop = Callable[[], bool]
POLL_SECONDS = 0.2  # how soon a search notices; each poll is one call of ``should_stop``


@contextmanager
def stopped_when(solver: cp_model.CpSolver, should_stop: ShouldStop | None) -> Iterator[threading.Event]:
    """While the block runs ``solver.solve``, ask ``should_stop()`` every ``POLL_SECONDS`` and stop the
    search once it says so; the event yielded is set if it did. A search that finds no better schedule
    for a long time reports nothing, so polling (not the solution callback) is what notices."""
    stopped, done = threading.Event(), threading.Event()
    if should_stop is None:
        yield stopped
        return

    def watch() -> None:
        while not done.wait(POLL_SECONDS):
            if should_stop():
                stopped.set()
                solver.stop_search()
                return

    watcher = threading.Thread(target=watch, daemon=True, name="headway-cpsat-stop")
    watcher.start()
    try:
        yield stopped
    finally:
        done.set()
        watcher.join()
