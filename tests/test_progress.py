"""The progress bar of long commands (tracker/progress.py): on stderr when it is a terminal,
silent on a pipe and with --quiet. Checked on a real pseudo-terminal; no timing is asserted."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.corpus import write_articles
from tracker.progress import Bar, Silent, for_terminal


def _read_all(fd: int) -> str:
    """What was written to the terminal, read until nothing more comes for a moment."""
    import select

    chunks = []
    while select.select([fd], [], [], 1.0)[0]:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the other end is closed (Linux raises EIO)
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")


def test_on_a_terminal_the_bar_counts_articles_and_says_the_rate_and_the_time_left():
    leader, follower = pty.openpty()
    stream = os.fdopen(follower, "w", encoding="utf-8", buffering=1)
    bar = for_terminal(stream=stream)
    assert isinstance(bar, Bar)
    bar.start(5)
    for _ in range(5):
        bar.advance()
    bar.close()
    shown = _read_all(leader)
    stream.close()
    os.close(leader)
    assert "5/5" in shown
    assert "articles/s" in shown
    assert "<" in shown  # tqdm's "[elapsed<left, rate]"


def test_a_pipe_or_quiet_gets_no_bar():
    piped = io.StringIO()
    assert isinstance(for_terminal(stream=piped), Silent)
    leader, follower = pty.openpty()
    with os.fdopen(follower, "w") as terminal:
        assert isinstance(for_terminal(quiet=True, stream=terminal), Silent)
    os.close(leader)
    silent = for_terminal(stream=piped)
    silent.start(3)
    silent.advance()
    silent.close()
    assert piped.getvalue() == ""


def _build(tmp_path: Path, extra: list[str], stderr) -> subprocess.CompletedProcess:
    paths = write_articles(tmp_path / "articles", 3, stories=3, seed=5)
    command = [sys.executable, "-m", "tracker", "build", *map(str, paths), "--store", str(tmp_path / "s.db"),
               "--out", str(tmp_path / "t.html"), "--workers", "1", *extra]
    return subprocess.run(command, stdout=subprocess.PIPE, stderr=stderr, text=True, timeout=300)


@pytest.mark.parametrize("quiet", [False, True])
def test_tracker_build_shows_the_bar_on_a_terminal_unless_quiet(tmp_path, quiet):
    leader, follower = pty.openpty()
    done = _build(tmp_path, ["--quiet"] if quiet else [], follower)
    os.close(follower)
    shown = _read_all(leader)
    os.close(leader)
    assert done.returncode == 0, shown
    assert "built from 3 article(s)" in done.stdout
    if quiet:
        assert "articles/s" not in shown and "3/3" not in shown
    else:
        assert "parsing" in shown and "3/3" in shown and "articles/s" in shown


def test_tracker_build_on_a_pipe_writes_no_bar(tmp_path):
    done = _build(tmp_path, [], subprocess.PIPE)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
