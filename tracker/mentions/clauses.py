"""Clauses of a parsed sentence: which verb a date hangs on, which tokens belong to a clause
(without the reported speech inside it), and which nouns name the occasion of a clause."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

REPORTED_DEPS = frozenset({"ccomp", "xcomp", "csubj", "parataxis", "relcl", "acl"})  # what was said, not done
SEQUENCE_PREPS = frozenset({"after", "before", "since", "until"})
SCENE_PREPS = frozenset({"at", "during"})  # "at a press conference": the occasion a clause happened at


def premodifier(tokens: Sequence[Any]) -> bool:
    """A date written before a noun ("the Sept. 1 election", "Sunday's vote")."""
    outside = [t for t in tokens if t.head not in tokens]
    return bool(outside) and all(t.dep_ in ("nmod", "compound", "amod", "poss") and t.head.pos_ == "NOUN" for t in outside)


def sequence_object(token: Any) -> bool:
    return token.dep_ == "pobj" and token.head.lower_ in SEQUENCE_PREPS


def modifier(token: Any) -> bool:
    """A word that only qualifies a noun: "the collapsed bank", "an emergency meeting"."""
    return token.dep_ in ("amod", "compound") and token.head.pos_ in ("NOUN", "PROPN")


def names_occasion(token: Any, verb: Any) -> bool:
    """A noun event word that is the clause verb's object, or the object of a scene preposition
    hanging on the verb ("at a press conference", "during his briefing")."""
    if token.pos_ != "NOUN":
        return False
    if token.dep_ == "dobj" and token.head.i == verb.i:
        return True
    # "rejected the results at a press conference": a parser may hang the scene on the object
    return token.dep_ == "pobj" and token.head.lower_ in SCENE_PREPS


def specific(value: str | None) -> bool:
    """A value that names a particular time, even with parts unknown ("XXXX-WXX-2"), not a vague one."""
    return bool(value) and not value.endswith("_REF")


def is_heading(span: Any) -> bool:
    """A headline or section title ("What the Talks Are For"): no closing stop, words capitalised."""
    words = [t for t in span if t.is_alpha]
    if not words or span[-1].is_punct and span[-1].text in ".!?:”\"":
        return False
    capitalised = sum(1 for t in words if t.text[:1].isupper())
    return capitalised * 2 > len(words)


def anchor_verb(token: Any) -> Any:
    """The nearest verb above a token: the clause a time expression dates."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


def scope(verb: Any) -> list[Any]:
    """Tokens of a clause without the reported speech inside it."""
    root = verb
    while root.dep_ in ("advcl", "prep", "pcomp") and root.head.i != root.i and root.head.pos_ in ("VERB", "AUX"):
        root = root.head  # "Speaking at X, he said": the participle's main clause is the scene too
    out = [root]
    stack = [c for c in root.children if _inside(c, verb)]
    while stack:
        token = stack.pop()
        out.append(token)
        stack.extend(c for c in token.children if _inside(c, verb))
    return out


def clause_tokens(verb: Any) -> list[Any]:
    """The clause's tokens in order; a clause hanging on a noun ("the walkout, which began ...",
    "the Tarn evacuation order, issued ...") takes that noun and the nouns and names compounded on it."""
    tokens = scope(verb)
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ == "NOUN":
        noun = verb.head
        tokens = [*tokens, noun, *(t for c in noun.children if c.dep_ == "compound" for t in c.subtree)]
    return sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)


def _inside(child: Any, verb: Any) -> bool:
    """Reported speech and coordinated verbs ("... and held talks in Y") are other clauses."""
    if child.i == verb.i:
        return True
    coordinated = child.dep_ == "conj" and child.pos_ in ("VERB", "AUX")
    # "hours after addressing dockworkers in X": a happening before or after this one
    other_time = child.dep_ == "prep" and child.lower_ in SEQUENCE_PREPS and any(c.dep_ == "pcomp" for c in child.children)
    # "named on Friday, a day after she quit her post": the quitting is another happening;
    # "gathered in the square to watch the verdict": a purpose, not what happened
    other_clause = child.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in SEQUENCE_PREPS or c.dep_ == "aux" and c.tag_ == "TO" for c in child.children
    )
    return child.dep_ not in REPORTED_DEPS and not coordinated and not other_time and not other_clause
