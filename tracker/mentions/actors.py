"""Who is who in one article: names, roles from titles and appositives, and resolution of
"he", "the French president" and bare surnames to the people the article has named.

Keys: a person's key is the ASCII-folded lower-case surname; an organisation's is its folded
name without "the". Variants across articles ("Doe"/"Doeh") are linked later, by the merge
stage's fuzzy key comparison, not here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tracker.nlp import EventLexicon, fold
from tracker.types import Actor

PERSON, ORG = "PERSON", "ORG"
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
ROLE_DEPS = frozenset({"compound", "amod", "poss", "case", "nmod", "npadvmod"})
PRONOUNS = frozenset({"he", "she"})
STEM = 5  # "poland's" and "polish" differ, but "canada's"/"canadian" share five letters: a qualifier match


def clean_name(text: str) -> str:
    text = text.strip().strip("“”\"'‘’")
    for suffix in ("’s", "'s", "’", "'"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    if text.lower().startswith("the "):
        text = text[4:]
    return text.strip()


def person_key(name: str) -> str:
    last = clean_name(name).replace("–", " ").replace("-", " ").split()[-1]
    return fold(last).strip(".")


def org_key(name: str) -> str:
    return fold(clean_name(name))


def qualifiers(role: str, lexicon: EventLexicon) -> frozenset[str]:
    """The non-title words of a role, stemmed: "French President" -> {"frenc"}."""
    words = [fold(w).strip(".,'") for w in role.replace("’s", " ").replace("'s", " ").split()]
    return frozenset(w[:STEM] for w in words if w and w not in lexicon.titles and w not in ("the", "a", "an", "of", "to"))


def title_words(role: str, lexicon: EventLexicon) -> frozenset[str]:
    return frozenset(w for w in (fold(x).strip(".,") for x in role.split()) if w in lexicon.titles)


@dataclass
class Person:
    name: str
    key: str
    role: str | None = None


@dataclass
class ActorBook:
    """What one article says about its people and organisations; built once, read per sentence."""

    lexicon: EventLexicon
    people: dict[str, Person] = field(default_factory=dict)
    orgs: dict[str, str] = field(default_factory=dict)  # key -> name

    def learn(self, span: Any) -> None:
        for ent in span.ents:
            if ent.label_ == PERSON and _looks_like_name(ent) and not self.org_named(ent.text):
                self._add_person(clean_name(ent.text), role_of(ent, self.lexicon))
            elif ent.label_ == ORG or ent.label_ == PERSON and self.org_named(ent.text):
                self.orgs.setdefault(org_key(ent.text), clean_name(ent.text))
        for start, end in _titled_names(span, self.lexicon):
            # A capitalised name after a title the tagger missed ("President Jane Doeh").
            name_span = span.doc[start:end]
            if not any(t.ent_type_ in ("GPE", "ORG", "NORP", "PERSON") for t in name_span):
                self._add_person(clean_name(name_span.text), role_of(name_span, self.lexicon))

    def org_named(self, name: str) -> bool:
        """A name that ends in an organisation word ("Vireon Pharma"), whatever its entity label."""
        words = fold(clean_name(name)).replace(".", "").split()
        return len(words) > 1 and words[-1] in self.lexicon.org_words

    def _add_person(self, name: str, role: str | None) -> None:
        key = person_key(name)
        if not key or key in self.lexicon.titles:
            return
        known = self.people.get(key)
        if known is None:
            self.people[key] = Person(name, key, role)
            return
        if len(name.split()) > len(known.name.split()):
            known.name = name
        if role and (known.role is None or len(role) > len(known.role)):
            known.role = role

    def actor(self, key: str) -> Actor:
        if key in self.people:
            p = self.people[key]
            return Actor(p.name, p.key, PERSON, p.role)
        return Actor(self.orgs.get(key, key), key, ORG)

    def person_of_token(self, token: Any) -> str | None:
        """A person key for a token that is (part of) a name this article uses."""
        if token.pos_ not in ("PROPN", "NOUN") or not token.text[:1].isupper():
            return None  # a tagger may call a rare surname a NOUN; capitals still mark a name
        key = fold(clean_name(token.text)).strip(".")
        if key in self.people:
            return key
        end = token
        while end.dep_ == "compound" and end.head.pos_ == "PROPN" and end.head.i == end.i + 1:
            end = end.head
        key = fold(clean_name(end.text)).strip(".")
        return key if key in self.people else None

    def role_of_key(self, token: Any) -> str | None:
        """The role the article gives the person a name token stands for, if any."""
        key = self.person_of_token(token)
        return self.people[key].role if key else None

    def describe(self, token: Any) -> str | None:
        """The person a description like "the French president" stands for, when unique."""
        lemma = token.lemma_.lower()
        if lemma not in self.lexicon.titles or token.tag_ in ("NNS", "NNPS"):
            return None  # "the foreign ministers of A and B" are several people, never one of them
        wanted = frozenset(fold(c.text).strip(".")[:STEM] for c in token.lefts if c.dep_ in ("amod", "compound", "nmod"))
        scored = []
        for person in self.people.values():
            score = self._description_score(person, lemma, wanted)
            if score is not None:
                scored.append((score, person.key))
        scored.sort(reverse=True)
        if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]):
            return scored[0][1]
        return None

    def _description_score(self, person: Person, lemma: str, wanted: frozenset[str]) -> int | None:
        if not person.role:
            return None
        titles = title_words(person.role, self.lexicon)
        generic = lemma == "leader" and titles & self.lexicon.leader_titles
        if lemma not in titles and not generic:
            return None
        have = qualifiers(person.role, self.lexicon)
        if wanted and have and not (wanted & have):
            return None
        return 2 + (2 if wanted & have else 0) + (1 if lemma in titles else 0)


def _looks_like_name(ent: Any) -> bool:
    words = ent.text.split()
    return bool(words) and all(w[:1].isupper() for w in words) and not any(c.isdigit() for c in ent.text)


def _titled_names(span: Any, lexicon: EventLexicon) -> list[tuple[int, int]]:
    """Runs of capitalised PROPN tokens right after a title word ("President" Jane Doe)."""
    found = []
    tokens = list(span)
    for n, tok in enumerate(tokens[:-1]):
        if tok.lemma_.lower() not in lexicon.titles:
            continue
        end = n + 1
        while end < len(tokens) and tokens[end].pos_ == "PROPN" and tokens[end].text[:1].isupper():
            end += 1
        if end - (n + 1) >= 2:
            found.append((tokens[n + 1].i, tokens[end - 1].i + 1))
    return found


def role_of(ent: Any, lexicon: EventLexicon) -> str | None:
    """The title given with a name: before it, in an appositive, or as the noun it stands beside."""
    doc = ent.doc
    start = ent.start
    while start > 0:
        prev = doc[start - 1]
        if prev.ent_type_ == PERSON or prev.pos_ not in ("PROPN", "NOUN", "ADJ", "PART") or prev.dep_ not in ROLE_DEPS:
            break
        start -= 1
    role = doc[start : ent.start].text.strip()
    if role and title_words(role, lexicon):
        return role
    for child in ent.root.children:
        if child.dep_ == "appos":
            text = " ".join(t.text for t in child.subtree if t.dep_ != "det" and not t.is_punct)
            if title_words(text, lexicon):
                return text
    head = ent.root.head
    if ent.root.dep_ == "appos" and head.lemma_.lower() in lexicon.titles:
        text = " ".join(t.text for t in head.subtree if t.i <= head.i and t.dep_ != "det" and not t.is_punct)
        return text.replace(" ’s", "’s").replace(" 's", "'s")
    return None
