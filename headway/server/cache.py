"""An in-process LRU of computed results, keyed by ``(project id, revision, kind, params)``.

The revision is read from the database on every request, so a write in any app process makes
every process miss: no state is shared and none needs invalidating. Concurrent misses on one key
compute it once; the others wait for that result.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

DEFAULT_ENTRIES = 64
DEFAULT_BYTES = 256 * 2**20


@dataclass(frozen=True, slots=True)
class CacheStats:
    entries: int
    bytes: int
    hits: int
    misses: int


class ResultCache:
    """A thread-safe LRU of encoded results (bytes), bounded by entry count and total size."""

    def __init__(self, max_entries: int = DEFAULT_ENTRIES, max_bytes: int = DEFAULT_BYTES) -> None:
        self._entries: OrderedDict[Hashable, bytes] = OrderedDict()
        self._pending: dict[Hashable, threading.Event] = {}
        self._lock = threading.Lock()
        self._max_entries, self._max_bytes = max_entries, max_bytes
        self._bytes = self._hits = self._misses = 0

    def get(self, key: Hashable) -> bytes | None:
        """The cached value (now the most recently used), or None."""
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
                self._hits += 1
            return value

    def put(self, key: Hashable, value: bytes) -> None:
        """Keep ``value``, dropping the least recently used entries beyond the bounds."""
        if len(value) > self._max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            self._bytes -= len(old) if old is not None else 0
            self._entries[key] = value
            self._bytes += len(value)
            while len(self._entries) > self._max_entries or self._bytes > self._max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped)

    def get_or_compute(self, key: Hashable, compute: Callable[[], bytes]) -> bytes:
        """The cached value, else ``compute()``'s (kept). One caller computes a key at a time."""
        while True:
            value = self.get(key)
            if value is not None:
                return value
            with self._lock:
                waiting = self._pending.get(key)
                if waiting is None:
                    mine = self._pending[key] = threading.Event()
                    self._misses += 1
            if waiting is None:
                break
            waiting.wait()  # the other caller finished (or failed: then this one tries)
        try:
            value = compute()
            self.put(key, value)
            return value
        finally:
            with self._lock:
                del self._pending[key]
            mine.set()

    def stats(self) -> CacheStats:
        with self._lock:
            return CacheStats(len(self._entries), self._bytes, self._hits, self._misses)
