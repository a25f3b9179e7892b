"""Hard-wrapped plain text (wire copy, e-mail, terminal pastes) back to one line a paragraph.

The rest of ingest reads a line as a paragraph, as scraped pages have it. A text wrapped at a
fixed width breaks its paragraphs over many lines, and each piece would look like a teaser or a
headline. A text is taken as wrapped when its lines share one width (few run past it) and many
of its long lines run on into the next line: no sentence end, and the next line goes on in
lower case (a list of headlines does not). Then a line is joined to the next one when the next one's
first word would not have fitted on it: that is why a wrapper broke the line there. A short line
followed by a short word (menu items, headings) and a line before a blank one stay as they are.
"""

from __future__ import annotations

import re
from itertools import pairwise

MAX_WRAP_WIDTH = 120  # nobody wraps wider; longer lines are unwrapped paragraphs
MIN_WRAP_WIDTH = 40
MAX_OVERLONG_SHARE = 0.02  # lines far past the width (a long link) allowed in a wrapped text
MIN_RUN_ONS = 3  # lines that run on into the next, for a text to count as wrapped
MIN_RUN_ON_SHARE = 0.3  # ... and this share of its long lines
LONG_SHARE = 0.6  # a line this share of the width is long
_HYPHEN_END = re.compile(r"[^\W\d_]-$")
_SENTENCE_END = re.compile(r"[.!?:;\"'”’)\]]$")


def reflow(text: str) -> str:
    """The text with wrapped paragraphs joined onto one line each; unwrapped text unchanged.

    "reopened on Thursday, three weeks after a cracked hinge forced" / "the board to close them."
    becomes one line when the text is wrapped at 66 columns: "the" did not fit on the first.
    """
    lines = [line.rstrip() for line in text.split("\n")]
    width = wrap_width(lines)
    if width is None:
        return text
    out: list[str] = []
    for i, line in enumerate(lines):
        if i and out[-1] and line.strip() and _broken_for(lines[i - 1], line, width):
            # "well-" + "prepared": the wrapper broke at a hyphen, which stays without a space
            glue = "" if _HYPHEN_END.search(out[-1]) and line.strip()[:1].isalpha() else " "
            out[-1] = f"{out[-1]}{glue}{line.strip()}"
        else:
            out.append(line)
    return "\n".join(out)


def wrap_width(lines: list[str]) -> int | None:
    """The width a text is hard-wrapped at, or None when it is not wrapped."""
    lengths = sorted(len(line) for line in lines if line.strip())
    if len(lengths) <= MIN_RUN_ONS:
        return None
    width = lengths[int(0.95 * (len(lengths) - 1))]
    overlong = sum(1 for n in lengths if n > 1.5 * width)
    if not MIN_WRAP_WIDTH <= width <= MAX_WRAP_WIDTH or overlong > MAX_OVERLONG_SHARE * len(lengths) + 1:
        return None
    long = sum(1 for n in lengths if n >= LONG_SHARE * width)
    run_ons = sum(
        1
        for line, below in pairwise(lines)
        if below.strip()[:1].islower() and not _SENTENCE_END.search(line) and _broken_for(line, below, width)
    )
    if run_ons < MIN_RUN_ONS or run_ons < MIN_RUN_ON_SHARE * long:
        return None
    return width


def _broken_for(line: str, below: str, width: int) -> bool:
    """The first word of `below` would have made `line` longer than the width."""
    first = below.split(maxsplit=1)[0]
    return len(line) + 1 + len(first) > width
