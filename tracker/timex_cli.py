"""`tracker timex`: tag a plain text or a TimeML document and print the expressions."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tracker.errors import ArticleError, DateError
from tracker.query import parse_day
from tracker.records import time_fields


def read_input(file: str) -> str:
    """The text of a file, or of standard input for '-', as UTF-8."""
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except FileNotFoundError:
        raise ArticleError(file, "no such file") from None
    except IsADirectoryError:
        raise ArticleError(file, "is a folder, not a file") from None
    except OSError as err:
        raise ArticleError(file, f"cannot read ({err.strerror})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ArticleError(file, f"not UTF-8 text (byte {err.start})") from None


def run_timex(file: str, dct_text: str | None, fmt: str) -> str:
    from tracker.temporal import tag

    text = read_input(file)
    if fmt == "tml":
        return _run_tml(file, text, dct_text)
    dct = parse_day(dct_text, "--dct")
    rows = [_timex_record(t) for t in tag(text, dct)]
    return json.dumps({"dct": dct.isoformat() if dct else None, "timexes": rows}, ensure_ascii=False, indent=2) + "\n"


def _run_tml(file: str, text: str, dct_text: str | None) -> str:
    from tracker.temporal import tag
    from tracker.temporal.timeml import TimeMLError, annotate_timeml, read_timeml

    try:
        document = read_timeml(text)
    except TimeMLError as err:
        raise ArticleError(file, f"not a TimeML document ({err})") from None
    dct = parse_day(dct_text, "--dct") if dct_text else document.dct
    if dct is None:
        raise DateError(f"{file}: no <DCT> in the document; give --dct")
    return annotate_timeml(text, tag(document.text, dct))


def _timex_record(t) -> dict:
    record = {
        "start": t.start,
        "end": t.end,
        "text": t.text,
        "type": t.type,
        "value": t.value,
        "mod": t.mod,
        "rule": t.rule,
    }
    interval = time_fields(t.interval)
    record.update({"first_day": interval["start"], "last_day": interval["end"], "precision": interval["precision"]})
    return record
