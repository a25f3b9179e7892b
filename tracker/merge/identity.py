"""One entity, one name: spelling variants of a person, organisation or place across outlets.

Each article resolves its own names ("Doe" ~ "Prime Minister Jane Doe"); outlets still
spell one person differently ("Doe"/"Doeh", "Andrey"/"Andrii") and one city differently. Within
the mentions merge() is given, keys are linked by general evidence only:

- people: similar transliteration skeletons of the surname key, and a shared first-name initial
  or a shared title word ("minister") -- a similar surname alone is not enough;
- places and organisations named like places: very similar skeletons (a stricter bar, since place
  names are short and no first name or title backs them up).

Every group gets one key and one display name: the most frequent full form (ties: alphabetical).
An organisation-tagged name that is a place elsewhere counts as an actor only where it is the
subject ("the capital has ruled out ..." stands for its government); elsewhere it is a place.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from tracker.merge.rule import skeleton
from tracker.nlp import event_lexicon, fold
from tracker.types import Actor, Mention

PERSON_SIMILAR = 80  # rapidfuzz ratio of surname skeletons, backed by an initial or a title
PLACE_SIMILAR = 90  # place names carry no first name: only near-identical skeletons link
PERSON, ORG = "PERSON", "ORG"
BLOCK = 512  # rows of names scored against all at once


@dataclass(frozen=True, slots=True)
class Identity:
    key: str
    name: str


class _Groups:
    """Union-find over keys; the smallest key of a group is its root, so order never matters."""

    def __init__(self, keys: Sequence[str]) -> None:
        self.parent = {k: k for k in keys}

    def root(self, key: str) -> str:
        while self.parent[key] != key:
            key = self.parent[key]
        return key

    def join(self, a: str, b: str) -> None:
        ra, rb = sorted((self.root(a), self.root(b)))
        self.parent[rb] = ra

    def members(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for key in sorted(self.parent):
            out.setdefault(self.root(key), []).append(key)
        return out


@dataclass
class _Seen:
    """What the mentions say about one key: its written forms, initials and title words."""

    names: Counter
    initials: set
    titles: set


def _people(mentions: Sequence[Mention]) -> dict[str, _Seen]:
    titles = event_lexicon().titles
    seen: dict[str, _Seen] = {}
    for m in mentions:
        for a in m.actors:
            if a.kind != PERSON:
                continue
            entry = seen.setdefault(a.key, _Seen(Counter(), set(), set()))
            entry.names[a.name] += 1
            words = a.name.split()
            if len(words) > 1:
                entry.initials.add(fold(words[0])[:1])
            entry.titles |= {w for w in fold(a.role or "").replace("'s", " ").split() if w in titles}
    return seen


def _backed(a: _Seen, b: _Seen) -> bool:
    """Two similar surnames are one person when a first-name initial or a title word backs them."""
    if a.initials and b.initials and not a.initials & b.initials:
        return False  # "J. Doe" and "M. Doeh" are two people
    return bool(a.initials & b.initials or a.titles & b.titles)


def similar_pairs(keys: Sequence[str], cutoff: float) -> list[tuple[int, int]]:
    """Pairs (i < j) of keys whose skeletons reach `cutoff` (rapidfuzz ratio), all pairs scored in
    rapidfuzz's C loop (process.cdist) a block of rows at a time, so memory stays at block x n.
    Example: ["kiev", "kyiv", "lviv"], cutoff 80: [(0, 1)]."""
    import numpy as np
    from rapidfuzz import process

    shapes = [skeleton(k) for k in keys]
    found: list[tuple[int, int]] = []
    for start in range(0, len(shapes), BLOCK):
        scores = process.cdist(shapes[start : start + BLOCK], shapes, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.float32)
        for row, col in zip(*np.nonzero(scores >= cutoff), strict=True):
            if start + row < col:
                found.append((start + int(row), int(col)))
    return found


def person_identities(mentions: Sequence[Mention]) -> dict[str, Identity]:
    seen = _people(mentions)
    keys = sorted(seen)
    groups = _Groups(keys)
    for i, j in similar_pairs(keys, PERSON_SIMILAR):
        if _backed(seen[keys[i]], seen[keys[j]]):
            groups.join(keys[i], keys[j])
    out: dict[str, Identity] = {}
    for members in groups.members().values():
        names: Counter = sum((seen[k].names for k in members), Counter())
        full = Counter({n: c for n, c in names.items() if len(n.split()) > 1}) or names
        name = min(full, key=lambda n: (-full[n], n))
        key = fold(name.split()[-1]).strip(".") if fold(name.split()[-1]).strip(".") in members else members[0]
        out.update({k: Identity(key, name) for k in members})
    return out


def place_identities(mentions: Sequence[Mention]) -> tuple[dict[str, Identity], frozenset[str]]:
    """Identities of places and of organisations named like them; and the keys used as places."""
    names: dict[str, Counter] = {}
    as_place: set[str] = set()
    for m in mentions:
        for p in m.places:
            names.setdefault(fold(p), Counter())[p] += 1
            as_place.add(fold(p))
        for a in m.actors:
            if a.kind != PERSON:
                names.setdefault(a.key, Counter())[a.name] += 1
    keys = sorted(names)
    groups = _Groups(keys)
    for i, j in similar_pairs(keys, PLACE_SIMILAR):
        groups.join(keys[i], keys[j])
    out: dict[str, Identity] = {}
    places: set[str] = set()
    for members in groups.members().values():
        counts: Counter = sum((names[k] for k in members), Counter())
        name = min(counts, key=lambda n: (-counts[n], n))
        out.update({k: Identity(fold(name), name) for k in members})
        if as_place & set(members):
            places.add(fold(name))
    return out, frozenset(places)


def canonicalise(mentions: Sequence[Mention]) -> list[Mention]:
    """The same mentions with every actor, subject and place under its group's key and name."""
    mentions = unmask_places(mentions)
    people = person_identities(mentions)
    things, places = place_identities(mentions)
    renames = _renames(mentions, people, things)
    return [_rewrite(m, people, things, places, renames) for m in mentions]


def _renames(mentions: Sequence[Mention], people: dict[str, Identity], things: dict[str, Identity]) -> Renames | None:
    """Written forms to replace in headlines, longest first: "Jane Doeh" -> "Jane Doe"."""
    found: dict[str, str] = {}
    for m in mentions:
        for a in m.actors:
            ident = people.get(a.key) if a.kind == PERSON else things.get(a.key)
            if ident and ident.name != a.name:
                found[a.name] = ident.name
        for p in m.places:
            if things[fold(p)].name != p:
                found[p] = things[fold(p)].name
    if not found:
        return None
    ordered = sorted(found, key=lambda n: (-len(n), n))
    return Renames(re.compile("|".join(rf"\b{re.escape(n)}\b" for n in ordered)), found)


@dataclass(frozen=True)
class Renames:
    """Written forms and their group's name, replaced in one pass, longest form first, so a
    replaced name is never scanned again ("Jane Doeh" -> "Jane Doe", not "Jane Jane Doe")."""

    pattern: re.Pattern
    names: dict[str, str]

    def apply(self, text: str) -> str:
        return self.pattern.sub(lambda m: self._name(text, m), text)

    def _name(self, text: str, found: re.Match) -> str:
        before = text[: found.start()].rstrip().split()
        if len(found.group().split()) == 1 and before and before[-1][:1].isupper():
            return found.group()  # the surname of a fuller name written here ("Yevgeniy Doe"): keep it
        return self.names[found.group()]


def unmask_places(mentions: Sequence[Mention]) -> list[Mention]:
    """A one-word "person" never given a first name, spelled like a place of these mentions, is
    that place: taggers read a city that acts ("<city> has ruled out ...") as a person."""
    from rapidfuzz import process

    scenes = sorted({skeleton(p) for m in mentions for p in m.places})
    full = {a.key for m in mentions for a in m.actors if a.kind == PERSON and len(a.name.split()) > 1}
    lone = sorted({a.key for m in mentions for a in m.actors if a.kind == PERSON and a.key not in full})
    masked = {
        key for key in lone
        if scenes and process.extractOne(skeleton(key), scenes, scorer=fuzz.ratio, score_cutoff=PLACE_SIMILAR) is not None
    }
    if not masked:
        return list(mentions)
    return [replace(m, actors=tuple(replace(a, kind=ORG) if a.key in masked else a for a in m.actors)) for m in mentions]


def _rewrite(
    m: Mention, people: dict[str, Identity], things: dict[str, Identity], places: frozenset[str], renames: Renames | None
) -> Mention:
    subject = _key(m.subject, people, things)
    actors: dict[str, Actor] = {}
    headline = m.headline
    for a in m.actors:
        ident = people.get(a.key) if a.kind == PERSON else things.get(a.key)
        if ident is None:
            ident = Identity(a.key, a.name)
        if a.kind != PERSON and ident.key in places and ident.key != subject:
            continue  # a place named in passing, not a party: "withdrew from <city>"
        if ident.key not in actors:
            actors[ident.key] = replace(a, key=ident.key, name=ident.name)
    place_names = tuple(dict.fromkeys(things[fold(p)].name for p in m.places))
    if headline and renames is not None:
        headline = renames.apply(headline)
    return replace(m, subject=subject, actors=tuple(actors.values()), places=place_names, headline=headline)


def _key(key: str | None, people: dict[str, Identity], things: dict[str, Identity]) -> str | None:
    if key is None:
        return None
    ident = people.get(key) or things.get(key)
    return ident.key if ident else key
