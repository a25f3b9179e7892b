"""The long fuzzing campaign (`make fuzz`): N inputs (default 10,000) from the strategies of
tests/fuzzing.py through the whole pipeline. Every crash (an exception that is not one of
tracker's named errors) is saved under tests/data/fuzz/ and replayed by `make test` from then on.

    .venv/bin/python tests/fuzz_campaign.py [N] [--json results.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzzing import fuzz_inputs, run_input, save_crash  # noqa: E402

STORE_EVERY = 500  # a fresh store now and then, so the campaign's own store stays a realistic size


def campaign(count: int) -> dict:
    outcomes: Counter[str] = Counter()
    crashes: dict[str, str] = {}
    work = Path(tempfile.mkdtemp(prefix="tracker-fuzz-"))
    started = time.monotonic()

    @settings(max_examples=count, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(fuzz_inputs())
    def one(case):
        n = sum(outcomes.values())
        folder = work / f"in{n % 50}"
        folder.mkdir(exist_ok=True)
        try:
            outcomes[run_input(case, folder, work / f"store{n // STORE_EVERY}.db")] += 1
        except Exception as err:  # a crash: keep the input, count it, go on
            where = traceback.extract_tb(err.__traceback__)[-1]
            key = f"{type(err).__name__} at {Path(where.filename).name}:{where.lineno}"
            outcomes["crash"] += 1
            if key not in crashes:
                crashes[key] = str(save_crash(case))
                print(f"crash {key}: {err!s:.120} -> {crashes[key]}", flush=True)
        if n and n % 500 == 0:
            print(f"{n} inputs, {dict(outcomes)}, {time.monotonic() - started:.0f} s", flush=True)

    one()
    return {"inputs": sum(outcomes.values()), "outcomes": dict(outcomes), "distinct_crashes": crashes,
            "seconds": round(time.monotonic() - started)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", nargs="?", type=int, default=10_000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result = campaign(args.count)
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")
    return 1 if result["outcomes"].get("crash") else 0


if __name__ == "__main__":
    sys.exit(main())
