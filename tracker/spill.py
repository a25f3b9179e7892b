"""Parses kept on disk between the per-article stage and the store write.

A build parses every article before it takes the write lock (tracker.pipeline), and the parses of
10,000 articles (their mentions and meaning vectors) held as objects cost over a gigabyte. A
Spill takes each parse as it arrives from the workers, writes it to an anonymous temporary file
(pickled: the same objects come back) and hands out a small handle; the write phase reads them
back one at a time. The file is deleted when the spill is closed (or the process ends).

Example:
    with Spill() as spill:
        handle = spill.put({"a": 1})
        spill.get(handle) == {"a": 1}
"""

from __future__ import annotations

import pickle
import tempfile
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Spilled:
    """Where one value lies in the spill file."""

    offset: int
    length: int


class Spill:
    """An append-only temporary file of pickled values. Not a value: it owns an open file."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="tracker-parses-")
        self._end = 0

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def put(self, value: Any) -> Spilled:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.seek(self._end)
        self._file.write(data)
        handle = Spilled(self._end, len(data))
        self._end += len(data)
        return handle

    def get(self, handle: Spilled) -> Any:
        self._file.seek(handle.offset)
        return pickle.loads(self._file.read(handle.length))

    def close(self) -> None:
        self._file.close()
