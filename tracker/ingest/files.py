"""Which paths are article files, found without opening anything that is not one.

A FIFO would block a reader forever, a device may never end, a symbolic link loop has no end at
all: each is named as a problem from its `stat`, never opened. Folders are walked following
links, each real folder once, so a link back up the tree is read once, not forever.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotAFile(Exception):
    """What a path is, when it is not a regular file or a folder (the message says what)."""


def kind_of(path: Path) -> str:
    """'file' or 'folder'; NotAFile("a FIFO (named pipe), not an article file") for anything else."""
    try:
        info = os.stat(path)
    except OSError as err:
        raise NotAFile(_stat_problem(path, err)) from err
    return kind_from_stat(info)


def kind_from_stat(info: os.stat_result) -> str:
    if stat.S_ISREG(info.st_mode):
        return "file"
    if stat.S_ISDIR(info.st_mode):
        return "folder"
    what = next((name for test, name in KINDS if test(info.st_mode)), "not a regular file")
    raise NotAFile(f"{what}, not an article file; not opened")


def _stat_problem(path: Path, err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return "a symbolic link loop; not opened"
    if err.errno == errno.ENOENT:
        return "a broken symbolic link" if os.path.islink(path) else "no such file or folder"
    if err.errno == errno.EACCES:
        return "cannot be read (Permission denied)"
    return f"cannot be read ({err.strerror or err})"


def walk(folder: Path) -> Iterator[tuple[Path, str | None]]:
    """(path, None) for each regular file under folder, (path, problem) for each entry that cannot
    be a file (loops, FIFOs, unreadable folders); sorted, every real folder visited once."""
    seen: set[tuple[int, int]] = set()
    yield from _walk(Path(folder), seen)


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[tuple[Path, str | None]]:
    try:
        info = os.stat(folder)
        if (info.st_dev, info.st_ino) in seen:
            return
        seen.add((info.st_dev, info.st_ino))
        names = sorted(os.listdir(folder))
    except OSError as err:
        yield folder, _stat_problem(folder, err)
        return
    for name in names:
        path = folder / name
        try:
            kind = kind_of(path)
        except NotAFile as problem:
            yield path, str(problem)
            continue
        if kind == "folder":
            yield from _walk(path, seen)
        else:
            yield path, None
