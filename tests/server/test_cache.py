"""The result cache: an LRU bounded by entries and bytes (against a list-based model), and one
computation per key however many requests miss it at once."""

from __future__ import annotations

import threading
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from headway.server.cache import ResultCache

OPS = st.lists(st.tuples(st.sampled_from(["get", "put"]), st.integers(0, 7), st.integers(0, 40)), max_size=60)


@given(OPS, st.integers(1, 5), st.integers(1, 100))
def test_lru_matches_a_model(ops: list[tuple[str, int, int]], max_entries: int, max_bytes: int) -> None:
    cache = ResultCache(max_entries, max_bytes)
    model: list[tuple[int, bytes]] = []  # least recently used first
    for op, key, size in ops:
        if op == "get":
            found = next((v for k, v in model if k == key), None)
            assert cache.get(key) == found
            if found is not None:
                model = [(k, v) for k, v in model if k != key] + [(key, found)]
        else:
            value = bytes([key]) * size
            if size > max_bytes:
                continue  # too big to keep: the cache leaves everything as it was
            cache.put(key, value)
            model = [(k, v) for k, v in model if k != key] + [(key, value)]
            while len(model) > max_entries or sum(len(v) for _, v in model) > max_bytes:
                model.pop(0)
    stats = cache.stats()
    assert (stats.entries, stats.bytes) == (len(model), sum(len(v) for _, v in model))


def test_concurrent_misses_compute_once() -> None:
    cache = ResultCache()
    calls: list[int] = []
    start = threading.Barrier(8)
    got: list[bytes] = []

    def compute() -> bytes:
        calls.append(1)
        time.sleep(0.2)  # long enough for every other thread to arrive and wait
        return b"result"

    def ask() -> None:
        start.wait()
        got.append(cache.get_or_compute(("p", 1), compute))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert got == [b"result"] * 8 and len(calls) == 1
    assert cache.stats().misses == 1


def test_a_failed_computation_is_not_kept() -> None:
    cache = ResultCache()

    def broken() -> bytes:
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"):
        cache.get_or_compute("k", broken)
    assert cache.get_or_compute("k", lambda: b"ok") == b"ok"
    assert cache.get("k") == b"ok"
