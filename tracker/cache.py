"""Where tracker keeps the files it derives from installed packages and its own rules (the
encoder's integer graph, the gazetteer's index, the tagger's needed strings): one folder for all
of them, `$TRACKER_CACHE` (`$TRACKER_CACHE_DIR`, its earlier name, is read too), else
`$XDG_CACHE_HOME/tracker` or `~/.cache/tracker`. Each file is named by a digest of what it is
derived from, so code or data that changes never reads an old one; deleting the folder only costs
the time to derive them again. Nothing here is downloaded.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

ENV = "TRACKER_CACHE"
OLD_ENV = "TRACKER_CACHE_DIR"


def folder() -> Path:
    """The cache folder (not created here)."""
    given = os.environ.get(ENV) or os.environ.get(OLD_ENV)
    if given:
        return Path(given)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tracker"


def folders() -> tuple[Path, ...]:
    """The cache folder, then a temporary one for when the first cannot be written."""
    return folder(), Path(tempfile.gettempdir()) / "tracker"
