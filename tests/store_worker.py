"""One concurrent adder of the concurrency tests: adds each file named, one `add` per file.

    python tests/store_worker.py STORE FILE...

Prints one line per file: its added ids and problems, so the test sees what each writer did.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tracker.errors import TrackerError
from tracker.pipeline import add


def main(store: str, files: list[str]) -> int:
    location = store if store.startswith("postgresql://") else Path(store)
    for name in files:
        try:
            report = add([Path(name)], location)
        except TrackerError as err:
            print(f"error {name}: {err}", flush=True)
            return 1
        print(f"added {','.join(report.added)} problems {len(report.problems)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
