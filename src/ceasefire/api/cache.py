"""Answers kept until the store changes: counts, stats and map layers cost far more to compute than to keep.

Every answer is filed under the store's version, which each write raises (from this process or any
other), so an answer is never served after the data under it changed.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
MB = 2**20


class Answers:
    """Answers of one store version, the least recently used dropped first past `budget` bytes in all."""

    def __init__(self, budget: int = 64 * MB, largest: int = 16 * MB) -> None:
        self.budget = budget
        self.largest = largest
        self._lock = threading.Lock()
        self._version: int | None = None
        self._kept: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._used = 0

    def get(self, version: int, key: Hashable) -> Any | None:
        with self._lock:
            if version != self._version or key not in self._kept:
                return None
            self._kept.move_to_end(key)
            return self._kept[key][0]

    def put(self, version: int, key: Hashable, value: Any, size: int) -> None:
        """Keep the answer, unless it alone is over `largest` or the store has moved on since."""
        with self._lock:
            if size > self.largest or (self._version is not None and version < self._version):
                return
            if version != self._version:
                self._version, self._kept, self._used = version, OrderedDict(), 0
            if key in self._kept:
                self._used -= self._kept.pop(key)[1]
            self._kept[key] = (value, size)
            self._used += size
            while self._used > self.budget:
                self._used -= self._kept.popitem(last=False)[1][1]

    def remember(self, version: int, key: Hashable, compute: Callable[[], T], size: int = 64) -> T:
        """The kept answer, or one computed now and kept."""
        found = self.get(version, key)
        if found is None:
            found = compute()
            self.put(version, key, found, size)
        return found  # type: ignore[no-any-return]

    def keep(self, version: int, key: Hashable, chunks: Iterator[bytes]) -> Iterator[bytes]:
        """Pass a streamed answer on and keep it once it is whole, if it is not over `largest`."""
        whole: list[bytes] | None = []
        size = 0
        for data in chunks:
            size += len(data)
            if whole is not None and size <= self.largest:
                whole.append(data)
            else:
                whole = None
            yield data
        if whole is not None:
            self.put(version, key, b"".join(whole), size)
