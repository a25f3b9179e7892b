"""A mention's headline: who did what, cut from the dependency parse of its own sentence.

"On Sept. 5, he told ABC during a visit to a factory that ..." -> "Jane Doe told ABC during a
visit to a factory". The subject is replaced by the name of the actor it resolves to (so "he"
and "the French president" read as the person); the predicate is the verb with its auxiliaries,
negation, particles, objects and prepositional complements, without the time expression, cut
to about a dozen words at a phrase boundary. No word is added that the sentence does not have.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PREDICATE_WORDS = 12  # a headline is one line
SUBJECT_WORDS = 10
MIN_CUT = 3  # never cut a predicate shorter than this to reach a phrase boundary
LEFT_DEPS = frozenset({"aux", "auxpass", "neg"})
RIGHT_DEPS = frozenset({"dobj", "dative", "prt", "prep", "attr", "acomp", "xcomp", "ccomp", "oprd", "agent", "neg", "obj"})
BOUNDARY_DEPS = frozenset({"prep", "mark", "cc", "conj", "relcl", "acl", "advcl", "punct", "appos"})
NEGATIONS = frozenset({"never", "not", "n't", "no"})
POSSESSIVE_PRONOUNS = frozenset({"his", "her"})
QUOTE_CHARS = frozenset("“”\"‘’'")
TRAILING = frozenset({"on", "in", "at", "a", "an", "the", "of", "and", "or", "but", "during", "to", "with", "for",
                      "from", "that", "by", "as", "about", "after", "before", "while", "which", "who", "its"})


def headline_verb(verb: Any, reporting: frozenset[str]) -> Any:
    """The verb a headline is told from. "Speaking to reporters, X explained that ..." is told
    from "explained": a participle that only says someone spoke gives way to its main verb."""
    if verb.tag_ == "VBG" and verb.lemma_.lower() in reporting and verb.dep_ in ("advcl", "acl"):
        head = verb.head
        if head.pos_ in ("NOUN", "PROPN") and head.head.pos_ in ("VERB", "AUX"):
            head = head.head  # "X, speaking on Monday, said ...": the participle hangs on X
        if head.pos_ in ("VERB", "AUX") and head.i != verb.i:
            return head
    return verb


def subject_token(verb: Any) -> Any | None:
    """The grammatical subject of the clause, climbing to the verb it hangs on when it has none."""
    token = verb
    while True:
        found = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        # A parser may hang a name set off by commas on the verb as "intj": "Doe, in turn, has ..."
        found = found or [c for c in token.lefts if c.dep_ in ("intj", "npadvmod", "dep") and c.pos_ == "PROPN"]
        if found:
            return found[-1] if len(found) > 1 and found[-1].i < token.i else found[0]
        if token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN"):
            return token.head
        if token.head.i == token.i or token.dep_ in ("ccomp", "csubj", "parataxis", "relcl"):
            return None
        token = token.head


def subject_phrase(token: Any, name_of: Callable[[Any], str | None]) -> str:
    """The subject as written (trimmed), possessive pronouns replaced by the person's name."""
    cut = {t.i for c in token.children if c.dep_ in ("relcl", "appos", "acl", "advcl") for t in c.subtree}
    # "A magnitude 6.4 earthquake struck": a parser may split one subject into two; keep both
    split = [c for c in token.head.children if c.dep_ == token.dep_ and c.i < token.i and c.i != token.head.i]
    tokens = sorted([*(t for c in split for t in c.subtree), *token.subtree], key=lambda t: t.i)
    words = _cut(token, [t for t in tokens if t.i not in cut and t.text not in QUOTE_CHARS], SUBJECT_WORDS, {c.i for c in split})
    out = []
    for t in words:
        name = name_of(t) if t.lower_ in POSSESSIVE_PRONOUNS else None
        out.append(f"{name}’s" if name else t.text)
    return _join(words, out)


def predicate(verb: Any, in_time: Callable[[Any], bool]) -> str:
    """The verb phrase: verb, its auxiliaries and negation, and what completes it."""
    left = [c for c in verb.lefts if c.dep_ in LEFT_DEPS or (c.dep_ == "advmod" and c.lower_ in NEGATIONS)]
    tokens = sorted(left, key=lambda t: t.i) + [verb]
    after_comma = None
    for child in verb.rights:
        subtree = _pruned(child)
        kept = [t for t in subtree if not in_time(t)]
        if len(kept) < len(subtree) and not [t for t in kept if t.i != child.i and t.dep_ != "det" and not t.is_punct]:
            continue  # the time expression: "on Sept. 3", "last month"
        if child.is_punct and child.text in QUOTE_CHARS:
            continue
        if child.dep_ == "advcl" and verb.doc[child.i - 1].is_punct:
            after_comma = kept  # ", declaring that ...": told only when the phrase is short
            break
        if not _completes(child):
            break  # a comma, a coordinated verb, an adverbial: the phrase ends here
        tokens += kept
    tokens = [t for t in tokens if t.text not in QUOTE_CHARS]
    words = _cut(verb, tokens, PREDICATE_WORDS)
    text = _join(words, [_lower_first(t) for t in words])
    said = [c for c in verb.lefts if c.dep_ == "ccomp"]
    if said and not any(c.dep_ == "ccomp" for c in verb.rights):
        # "'We will win,' she told the rally": what was said is the informative part
        return _joined(text, _spoken(said[0]), ": ")
    if after_comma and len(words) <= 4:
        return _joined(text, _join(_cut(after_comma[0], after_comma, PREDICATE_WORDS - len(words))), ", ")
    return text


def _completes(child: Any) -> bool:
    if child.dep_ in RIGHT_DEPS:
        return True
    if child.dep_ == "advmod" and not list(child.children):
        return True  # "pushed back against", "went further in"
    return child.dep_ == "advcl" and child.tag_ == "VBG"  # "ruled out traveling to ..."


def _spoken(clause: Any) -> str:
    """Reported speech from its subject on ("If ..., we can have it" -> "we can have it")."""
    tokens = [t for t in _pruned(clause) if t.text not in QUOTE_CHARS]
    first = next((n for n, t in enumerate(tokens) if t.head.i == clause.i and t.dep_ in ("nsubj", "nsubjpass")), 0)
    return _join(_cut(clause, tokens[first:], PREDICATE_WORDS))


def _joined(head: str, tail: str, mark: str) -> str:
    return f"{head}{mark}{tail}" if tail else head


def _pruned(child: Any) -> list[Any]:
    """A subtree without the verbs coordinated inside it ("... was genuine and insisted that ...")."""
    drop: set[int] = set()
    if child.dep_ == "ccomp":  # "that while X, he remains open": the fronted clause gives way
        fronted = [c for c in child.lefts if c.dep_ == "advcl"]
        drop |= {d.i for c in fronted for d in c.subtree}
        drop |= {c.i for c in child.lefts if c.is_punct and fronted}
    for t in child.subtree:
        if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX") and t.i != child.i:
            drop |= {d.i for d in t.subtree}
            drop |= {c.i for c in t.head.children if c.dep_ == "cc" and c.i < t.i}
    return [t for t in child.subtree if t.i not in drop]


def _cut(root: Any, tokens: list[Any], limit: int, roots: frozenset[int] | set[int] = frozenset()) -> list[Any]:
    """At most `limit` words, ending before a phrase boundary when one is near; then only tokens
    whose head is still there (no "that the two" left hanging)."""
    words = [t for t in tokens if not t.is_punct]
    if len(words) > limit:
        end = tokens.index(words[limit])
        cut = end
        for n in range(end, MIN_CUT, -1):
            if tokens[n].dep_ in BOUNDARY_DEPS or tokens[n].is_punct:
                cut = n
                break
        tokens = tokens[:cut]
    kept = {t.i for t in tokens}
    changed = True
    while changed:
        alive = [t for t in tokens if t.i == root.i or t.i in roots or t.head.i in kept]
        changed = len(alive) < len(tokens)
        tokens, kept = alive, {t.i for t in alive}
    while tokens and (tokens[-1].is_punct or tokens[-1].lower_ in TRAILING):
        tokens = tokens[:-1]
    return tokens


def _lower_first(token: Any) -> str:
    """"Meeting X at ..." opens the sentence but follows the doer in a headline."""
    if token.is_sent_start and token.pos_ not in ("PROPN",) and not token.text.isupper():
        return token.text[:1].lower() + token.text[1:]
    return token.text


def _join(tokens: list[Any], texts: list[str] | None = None) -> str:
    """Tokens as written: a space wherever the sentence had one, between or around left-out words."""
    texts = texts if texts is not None else [t.text for t in tokens]
    out = []
    for n, (t, text) in enumerate(zip(tokens, texts, strict=True)):
        out.append(text)
        if n + 1 < len(tokens):
            nxt = tokens[n + 1]
            gap = t.doc[t.i : nxt.i]
            out.append(" " if any(g.whitespace_ for g in gap) or nxt.i - t.i > 1 and not nxt.is_punct else "")
    return " ".join("".join(out).split()).strip(" ,;:—-")


def compose(who: str, what: str) -> str | None:
    """"Who what", first letter up; None when the clause gave no verb phrase."""
    if not what:
        return None
    text = f"{who} {what}".strip() if who else what
    return text[:1].upper() + text[1:]
