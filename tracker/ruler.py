"""spaCy's attribute ruler answered per token key, its answers unchanged (used by tracker.nlp).

The ruler of en_core_web_sm sets POS and morphology from 179 patterns that spaCy's Matcher runs
over every token, as costly as the tok2vec layer; each pattern token tests only a token's TAG,
LOWER, DEP and IS_SPACE, so the answers are worked out once per such key and remembered.
`eval/ruler_check.py` compares it with spaCy's own ruler on Timeline17 (376,050 tokens, none
differ); it reads spaCy 3.8's ruler fields (`attrs`, `indices`, `patterns`), so rerun that check
after a spaCy upgrade.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

RULER_KEYS = frozenset({"TAG", "LOWER", "DEP", "IS_SPACE"})  # what the quick ruler's patterns may test
PLAIN_TESTS = frozenset({"IN", "NOT_IN"})  # tests of a word against words the patterns name


def quicken_attribute_ruler(nlp: Any) -> None:
    """Make the attribute ruler quick, its answers unchanged. spaCy runs a Matcher with all its
    patterns (179 in en_core_web_sm) over every token; each token of a pattern tests only the
    token's TAG, LOWER, DEP and IS_SPACE, so which pattern tokens a token satisfies depends on
    those four values alone. Here that is worked out once per such key (by spaCy's own Matcher,
    on a one-token copy of the token) and remembered; patterns of several tokens are then found
    from their tokens' answers. A ruler with other kinds of patterns is left as it is."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    quick = QuickRuler.of(ruler)
    if quick is not None:
        ruler.match = quick.match
        ruler.set_annotations = quick.set_annotations


class Plan(NamedTuple):
    """What the ruler's patterns make of a token with a given key."""

    ids: tuple[int, ...]  # the one-token patterns it matches, in spaCy's order
    attrs: dict | None  # the attributes they leave it with (None: it is not changed)
    steps: frozenset[tuple[int, int]]  # (longer pattern, position) whose test it passes
    starts: tuple[int, ...]  # the longer patterns whose first test it passes


class QuickRuler:
    """The attribute ruler's patterns answered per token key.

    spaCy matches every pattern on the unchanged doc, then sets the attributes of each match in
    the order of the patterns, a later pattern overwriting an earlier one's value of the same
    attribute; folding a token's matches into one set of attributes in that order leaves it the
    same. A pattern without operators matches at i when its k-th token test passes on token i+k."""

    def __init__(self, ruler: Any, single: dict[int, list], longer: list[tuple[int, list]]) -> None:
        from spacy.matcher import Matcher

        self.vocab, self.attrs, self.indices = ruler.vocab, ruler.attrs, ruler.indices
        self.tests = Matcher(self.vocab)
        for attr_id, patterns in sorted(single.items()):
            self.tests.add(str(attr_id), patterns)
        for n, (_, pattern) in enumerate(longer):
            for k, test in enumerate(pattern):
                self.tests.add(f"~{n}~{k}", [[test]])
        self.longer = [(attr_id, len(pattern)) for attr_id, pattern in longer]
        every = [test for found in single.values() for p in found for test in p] + [t for _, p in longer for t in p]
        self.words, self.regexes, self.plain = _word_tests(every)
        self.classes: dict[int, int] = {}  # LOWER -> itself, or 0 for a word no test tells apart
        self.plans: dict[tuple[int, int, int, int], Plan] = {}

    @classmethod
    def of(cls, ruler: Any) -> QuickRuler | None:
        """The quick form of a ruler, or None when one of its patterns is not of the kind above."""
        single: dict[int, list] = {}
        longer: list[tuple[int, list]] = []
        for attr_id, spec in enumerate(ruler.patterns):
            if "_" in spec["attrs"]:  # extension attributes are set one by one, not overwritten
                return None
            for pattern in spec["patterns"]:
                if not pattern or not all(set(test) <= RULER_KEYS for test in pattern):
                    return None
                if not -len(pattern) <= ruler.indices[attr_id] < len(pattern):
                    return None
                if len(pattern) == 1:
                    single.setdefault(attr_id, []).append(pattern)
                else:
                    longer.append((attr_id, pattern))
        return cls(ruler, single, longer)

    def match(self, doc: Any) -> list[tuple[int, dict]]:
        """(token index, attributes to set) of each token a pattern changes."""
        plans = self._plans(doc)
        extra = self._longer(plans)
        out = []
        for i, plan in enumerate(plans):
            if i in extra:
                out.append((i, self._fold(sorted(plan.ids + tuple(extra[i])))))
            elif plan.attrs is not None:
                out.append((i, plan.attrs))
        return out

    def set_annotations(self, doc: Any, matches: list[tuple[int, dict]]) -> None:
        from spacy.tokens._retokenize import set_token_attrs

        for i, attrs in matches:
            set_token_attrs(doc[i], attrs)

    def _plans(self, doc: Any) -> list[Plan]:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        plans = []
        for i, (tag, lower, dep, space) in enumerate(doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()):
            word = self.classes.get(lower)
            if word is None:
                word = self.classes[lower] = self._class(lower)
            plan = self.plans.get((tag, word, dep, space))
            if plan is None:
                plan = self.plans[(tag, word, dep, space)] = self._plan(doc[i].text, tag, dep)
            plans.append(plan)
        return plans

    def _longer(self, plans: Sequence[Plan]) -> dict[int, list[int]]:
        """Token index -> the patterns of several tokens that change it."""
        extra: dict[int, list[int]] = {}
        for i, plan in enumerate(plans):
            for n in plan.starts:
                attr_id, size = self.longer[n]
                if i + size <= len(plans) and all((n, k) in plans[i + k].steps for k in range(1, size)):
                    index = self.indices[attr_id]
                    extra.setdefault(i + index if index >= 0 else i + size + index, []).append(attr_id)
        return extra

    def _class(self, lower: int) -> int:
        """The word itself when a pattern's test may tell it apart from others, else 0."""
        if not self.plain or lower in self.words:
            return lower
        text = self.vocab.strings[lower]
        return lower if any(r.search(text) for r in self.regexes) else 0

    def _plan(self, text: str, tag: int, dep: int) -> Plan:
        """The tests a token passes, by spaCy's Matcher on a copy of the token alone."""
        from spacy.tokens import Doc

        alone = Doc(self.vocab, words=[text], spaces=[False])
        alone[0].tag, alone[0].dep = tag, dep
        names = {self.vocab.strings[m] for m, _, _ in self.tests(alone, allow_missing=True)}
        ids = tuple(sorted(int(name) for name in names if not name.startswith("~")))
        steps = frozenset(tuple(int(x) for x in name[1:].split("~")) for name in names if name.startswith("~"))
        starts = tuple(sorted(n for n, k in steps if k == 0))
        return Plan(ids, self._fold(ids) if ids else None, steps, starts)

    def _fold(self, ids: Sequence[int]) -> dict:
        attrs: dict = {}
        for attr_id in ids:
            attrs.update(self.attrs[attr_id])
        return attrs


def _word_tests(tests: Iterable[dict]) -> tuple[frozenset[int], tuple, bool]:
    """The LOWER values the patterns name, their regular expressions on LOWER, and whether those
    are all their tests of LOWER (then two words neither names nor matches act the same)."""
    import re

    from spacy.strings import get_string_id

    words: set[int] = set()
    regexes = []
    plain = True
    for test in (t.get("LOWER") for t in tests):
        if test is None:
            continue
        if isinstance(test, str):
            words.add(get_string_id(test))
        elif isinstance(test, dict) and set(test) <= PLAIN_TESTS | {"REGEX"}:
            words.update(get_string_id(w) for op in PLAIN_TESTS for w in test.get(op, ()))
            regexes += [re.compile(test["REGEX"])] if "REGEX" in test else []
        else:
            plain = False
    return frozenset(words), tuple(regexes), plain
