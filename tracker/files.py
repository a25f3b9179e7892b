"""Files tracker writes (the page, exports) are written whole or not at all.

The text goes to a temporary file in the target's own folder, is flushed to disk, and is renamed
over the target; a kill at any moment leaves the old file or the new one, never a torn one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from tracker.errors import TrackerError

TEMP_PREFIX = "."  # hidden: ".timeline.html.XXXX.tmp"


def write_atomic(target: Path, text: str | Iterable[str]) -> None:
    """Replace target with text (or text in parts, written one by one: a large page is never
    joined) atomically; a TrackerError names the file when it cannot be written."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_dir():
            raise IsADirectoryError(21, "is a folder")
        handle, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as err:
        raise TrackerError(f"{target}: cannot write ({err.strerror or err})") from err
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.writelines([text] if isinstance(text, str) else text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, _mode(target))
        os.replace(tmp, target)
        _sync_folder(target.parent)
    except OSError as err:
        raise TrackerError(f"{target}: cannot write ({err.strerror or err})") from err
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _mode(target: Path) -> int:
    """The old file's permissions, else what a plain open() would have given (0666 less the umask)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
