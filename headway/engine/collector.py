"""Pausing Python's cycle collector around allocation-heavy work."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector, then restore it as it was.

    Building a big plan (or scheduling one) allocates many objects that stay alive; each
    automatic collection would walk the whole heap again, which can triple the run time.
    Reference counting still frees everything that is not in a cycle.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
