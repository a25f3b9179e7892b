"""Progress of long commands on stderr: articles done of the total, articles per second and the
time left (a tqdm bar). Silent when stderr is not a terminal (a pipe, a log file, cron) or when
the user asks for quiet: the library only ever calls `start`, `advance` and `close`.
"""

from __future__ import annotations

import sys
from typing import Any, Protocol, TextIO

MIN_ARTICLES = 2  # one article is quick: no bar for a single add


class Progress(Protocol):
    def start(self, total: int) -> None: ...

    def advance(self, done: int = 1) -> None: ...

    def close(self) -> None: ...


class Silent:
    """No output: the default of the library, and of the CLI with --quiet or without a terminal."""

    def start(self, total: int) -> None:
        return None

    def advance(self, done: int = 1) -> None:
        return None

    def close(self) -> None:
        return None


class Bar:
    """A tqdm bar on a stream: "parsing  40%|████      | 137/343 [01:10<01:45, 1.95 articles/s]"."""

    def __init__(self, stream: TextIO, label: str = "parsing") -> None:
        self.stream, self.label = stream, label
        self._bar: Any = None

    def start(self, total: int) -> None:
        self.close()
        if total < MIN_ARTICLES:
            return
        from tqdm import tqdm

        columns, rows = _size(self.stream)
        self._bar = tqdm(total=total, desc=self.label, unit=" articles", file=self.stream, ncols=columns, nrows=rows,
                         mininterval=0.5, smoothing=0.1, leave=True)

    def advance(self, done: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(done)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def for_terminal(quiet: bool = False, stream: TextIO | None = None) -> Progress:
    """A bar on stderr when it is a terminal and quiet is not asked; else silence."""
    stream = stream if stream is not None else sys.stderr
    if quiet or not _is_terminal(stream):
        return Silent()
    return Bar(stream)


def _size(stream: TextIO) -> tuple[int, int]:
    """The terminal's columns and rows, 80 x 24 when it reports none (a pseudo-terminal nobody
    sized says 0 x 0, and tqdm then draws nothing)."""
    import os

    try:
        size = os.get_terminal_size(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return 80, 24
    return size.columns or 80, size.lines or 24


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or odd stream
        return False
