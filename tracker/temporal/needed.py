"""The strings a rule cannot match without: read from its compiled regex, so a stretch of text
that holds none of them is never searched with it.

Every match of "{month} {day}" holds a month name or abbreviation ("jan" ... "september"); every
match of "{number} days ago" holds "ago". `needed(pattern)` reads such a set from the pattern's
parse tree (the standard library's own regex parser), never from a list written by hand, so it
follows the rule files as they change. A set is only ever a necessary condition: a window holding
one of the strings may still not match, a window holding none of them cannot (`Needs.windows`).
Example: needed(re.compile(r"\\b(?:mon|tues)day\\b", re.I)) == frozenset({"monday", "tuesday"}).

Where the tree holds something that cannot be listed (a back-reference, `.`, `\\d`, a group that
changes the flags), that part needs nothing and the rest of the pattern still may; a pattern with
no part that can be listed needs nothing (None) and runs in every window.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
try:  # the standard library's regex parser and its opcodes (Python 3.11+; private modules)
    from re import _constants as C
    from re import _parser as P
except ImportError:  # a Python without them: no rule is filtered, every rule runs in every window
    C = P = None

MAX_STRINGS = 256  # a set larger than this is not worth listing (and products of sets explode)
MAX_NEED = 64  # a set searched for holds at most this many strings when it can (T17: 32 and 256 tag slower)
MAX_CLASS = 64  # a character class wider than this ([a-z] is 26) is not listed


@dataclass(frozen=True, slots=True)
class _Info:
    exact: frozenset[str] | None  # every string the part can match, when few (None: too many)
    need: frozenset[str] | None  # one of these occurs in every match of the part (None: nothing)


_NOTHING = _Info(None, None)
_EMPTY = _Info(frozenset({""}), None)  # zero width: \b, ^, a lookaround


def needed(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """A set of strings one of which occurs in every match of `pattern` (under its own flags), or
    None when no such set can be read."""
    if P is None:
        return None
    try:
        tree = P.parse(pattern.pattern, pattern.flags)
    except Exception:  # a pattern the parser of this Python reads differently: no filter
        return None
    return _best(_sequence(list(tree)))


def _best(info: _Info) -> frozenset[str] | None:
    return _pick([info.exact, info.need])


def _pick(sets: Sequence[frozenset[str] | None]) -> frozenset[str] | None:
    """The most selective usable set: a small one (a search for hundreds of strings costs more
    than it saves), then the longer shortest string, then fewer strings."""
    found = [s for s in sets if s and "" not in s]
    return max(found, key=lambda s: (len(s) <= MAX_NEED, min(map(len, s)), -len(s)), default=None)


def _sequence(items: Sequence) -> _Info:
    """Parts one after another: runs of listable parts make longer strings ("ago" from a, g, o)."""
    found: list[frozenset[str]] = []
    run: frozenset[str] = frozenset({""})
    whole = True  # every part listed into one run: the sequence's exact strings are `run`
    for op, av in items:
        info = _node(op, av)
        if info.exact is not None and len(run) * len(info.exact) <= MAX_STRINGS:
            run = frozenset(a + b for a in run for b in info.exact)
            continue
        whole = False
        found.append(run)
        if info.exact is not None:
            run = info.exact
        else:
            if info.need:
                found.append(info.need)
            run = frozenset({""})
    found.append(run)
    need = _pick(found)
    return _Info(run if whole else None, need)


def _node(op, av) -> _Info:
    if op is C.LITERAL:
        return _Info(frozenset({chr(av)}), None)
    if op is C.IN:
        return _charset(av)
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return _EMPTY
    if op is C.SUBPATTERN:
        _, add_flags, del_flags, body = av
        return _sequence(list(body)) if not (add_flags or del_flags) else _NOTHING
    if op is C.ATOMIC_GROUP:
        return _sequence(list(av))
    if op is C.BRANCH:
        return _branch([_sequence(list(b)) for b in av[1]])
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, high, body = av
        if low == 0:
            return _NOTHING
        inner = _sequence(list(body))
        return _Info(inner.exact if low == high == 1 else None, _best(inner))
    return _NOTHING  # ANY, NOT_LITERAL, GROUPREF, GROUPREF_EXISTS, CATEGORY outside a class


def _charset(items) -> _Info:
    chars: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            chars.add(chr(av))
        elif op is C.RANGE and av[1] - av[0] < MAX_CLASS:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:  # NEGATE, CATEGORY (\d, \w: more than we list), a wide range
            return _NOTHING
    return _Info(frozenset(chars), None) if 0 < len(chars) <= MAX_CLASS else _NOTHING


def _branch(branches: Sequence[_Info]) -> _Info:
    exact = None
    if all(b.exact is not None for b in branches):
        union = frozenset().union(*(b.exact for b in branches))
        exact = union if len(union) <= MAX_STRINGS else None
    sets = [_best(b) for b in branches]
    need = None
    if all(sets):
        union = frozenset().union(*sets)
        need = union if len(union) <= MAX_STRINGS else None
    return _Info(exact, need)


@dataclass(frozen=True)
class Needs:
    """The needed strings of every rule of a rule set, as one search pattern per distinct set.

    `windows(text, windows)` says, for each rule, the windows it can match in."""

    finders: tuple[re.Pattern[str], ...]  # one per distinct set: the set's strings as alternatives
    folded: tuple[bool, ...]  # per finder: searched in the folded text (its rules ignore case)
    of_rule: tuple[int | None, ...]  # rule index -> its finder (None: runs everywhere)

    @classmethod
    def of(cls, patterns: Sequence[re.Pattern[str]], found: Sequence[frozenset[str] | None] | None = None) -> "Needs":
        """The finders of `patterns`; `found`, when given, are their needed strings (`remembered`)."""
        finders: dict[tuple[frozenset[str], bool], int] = {}
        of_rule: list[int | None] = []
        for pattern, strings in zip(patterns, found if found is not None else map(needed, patterns), strict=True):
            fold = bool(pattern.flags & re.IGNORECASE)
            if strings is None or (fold and not all(s.isascii() for s in strings)):
                of_rule.append(None)  # nothing needed, or a string folding cannot stand for
                continue
            key = (frozenset(s.lower() for s in strings) if fold else strings, fold)
            of_rule.append(finders.setdefault(key, len(finders)))
        compiled = tuple(re.compile(_trie(sorted(strings))) for strings, _ in finders)
        return cls(compiled, tuple(fold for _, fold in finders), tuple(of_rule))

    def windows(self, text: str, windows: Sequence[tuple[int, int]]) -> list[Sequence[tuple[int, int]]]:
        """Per rule, the windows holding one of its needed strings wholly inside (all of them for
        a rule that needs nothing): a rule searched in a window (`pos`, `endpos`) only matches
        there, so a window without one of its strings is never searched with it."""
        folded = text.translate(_FOLD) if any(self.folded) else text
        holds = [[w for w in windows if f.search(folded if fold else text, *w)]
                 for f, fold in zip(self.finders, self.folded, strict=True)]
        return [windows if f is None else holds[f] for f in self.of_rule]


def _trie(strings: Sequence[str]) -> str:
    """A regex that finds one of `strings` wherever one occurs, their common beginnings written
    once ("apr fifth", "apr first" -> "apr\\ fi(?:fth|rst)"): each branch is tried once per
    position. A string that begins with another is left out: wherever it occurs, so does the
    shorter one ("may" finds "mayor"'s "may" as "mayo" would)."""
    tree: dict = {}
    for s in strings:
        node = tree
        for c in s:
            node = node.setdefault(c, {})
        node[""] = {}

    def emit(node: dict) -> str:
        if "" in node:
            return ""  # a needed string ends here: its longer continuations add nothing
        parts = [re.escape(c) + emit(child) for c, child in sorted(node.items())]
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    return emit(tree)


def _fold_table() -> dict[int, int]:
    """Text -> the same text with every character that matches an ASCII letter when case is
    ignored written as that lower-case letter (as `re.IGNORECASE` reads it: "K" and the Kelvin
    sign are "k", the dotless "ı" is "i"); the length never changes, so offsets hold. Only the
    Basic Multilingual Plane holds such characters (tests/test_needed.py checks every plane)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    any_letter = re.compile("[a-z]", re.IGNORECASE)
    table = {ord(c.upper()): ord(c) for c in letters}
    for code in range(128, 0x10000):
        if any_letter.fullmatch(chr(code)):
            table[code] = ord(next(c for c in letters if re.fullmatch(c, chr(code), re.IGNORECASE)))
    return table


_FOLD = _fold_table()


def remembered(patterns: Sequence[re.Pattern[str]]) -> Needs:
    """`Needs.of(patterns)`, the strings read from the patterns kept in tracker's cache folder
    (tracker/cache.py) under a digest of this module and the patterns: reading 138 rules' parse
    trees costs about 50 ms, which every process that tags would pay. A file that is missing,
    unreadable or of another shape is read from the patterns again (and written when it can be)."""
    import hashlib
    import json

    from tracker import cache
    from tracker.errors import TrackerError
    from tracker.files import write_atomic

    digest = hashlib.sha256(Path(__file__).read_bytes())
    for pattern in patterns:
        digest.update(f"\0{pattern.flags}\0{pattern.pattern}".encode())
    path = cache.folder() / f"needed-{digest.hexdigest()[:16]}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, list) and len(data) == len(patterns) and all(
            x is None or (isinstance(x, list) and x and all(isinstance(s, str) and s for s in x)) for x in data
        ):
            return Needs.of(patterns, [None if x is None else frozenset(x) for x in data])
    except (OSError, ValueError):
        pass
    found = [needed(p) for p in patterns]
    try:
        write_atomic(path, json.dumps([None if s is None else sorted(s) for s in found]))
    except TrackerError:
        pass  # no folder to keep it in: read again by the next process
    return Needs.of(patterns, found)
