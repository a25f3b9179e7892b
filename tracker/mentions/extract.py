"""Sentences -> mentions: one mention per happening a sentence reports.

A sentence with a resolved date becomes one mention per clause that carries a date; an undated
lead sentence is kept when it names an event ("press conference", "summit") or a scene (who,
where). Other sentences without a time expression are not parsed (see `extract_mentions`).
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tracker.mentions.actors import PERSON, PLACE_LABELS, PRONOUNS, ActorBook, clean_name, org_key
from tracker.mentions.background import older_in_sentence
from tracker.mentions.clauses import (
    REPORTED_DEPS,
    anchor_verb,
    clause_tokens,
    is_heading,
    modifier,
    names_occasion,
    premodifier,
    sequence_object,
    specific,
)
from tracker.mentions.happening import happening_probability
from tracker.mentions.cues import sentence_cues, time_cues, timex_cues, verb_cues
from tracker.mentions.headline import compose, headline_verb, predicate, subject_phrase, subject_token
from tracker.mentions.sentences import Sentence, in_ranges, parse_sentences, quote_text, quoted_ranges, sentence_bounds
from tracker.nlp import EventLexicon, event_lexicon, fold, load_nlp
from tracker.types import Actor, Article, Mention, Timex, TimeValue

USABLE_TYPES = frozenset({"DATE", "TIME"})
# A span longer than this is a decade or a century ("the 1980s"): the setting of a story, never
# the date of one happening, so it dates no mention.
MAX_HAPPENING_DAYS = 366
# "since 2022", "since the 1980s": how long a state has lasted, not when something happened.
_SINCE = re.compile(r"\bsince\s+(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?$", re.IGNORECASE)
SUBJECT_DEPS = ("nsubj", "nsubjpass")
MIN_WORDS = 4


@dataclass(frozen=True, slots=True)
class Clause:
    """The part of a sentence one mention is about: its verb and (maybe) its time expression."""

    verb: Any  # spaCy Token: the clause's verb, or the noun a date is written before ("Sunday's final")
    timex: Timex | None
    focus: str = ""  # the clause's own words (without the other dated clauses of its sentence)


def extract_mentions(article: Article, timexes: Sequence[Timex], nlp: Any = None) -> list[Mention]:
    """Mentions of happenings in an article body; timexes are the tagger's output on that body.

    Only the lead sentence and the sentences holding a time expression tell mentions: a sentence
    with no time of its own is dated only by its article's day, and such a soft date never made a
    happening on real coverage (the happening model kept all 656 such mentions of the six real
    stories below the `soft_at` cut), while parsing every sentence cost about two thirds of an
    article's time. Two kinds of sentences are parsed besides, only to learn who is who: one that
    names a title ("U.S. President Jane Doe", so "the U.S. president" finds her later), and the one
    before a sentence told with "he"/"his"/"she"/"her" (the pronoun's doer). On Timeline17, 46%
    of the words are parsed."""
    nlp = nlp if nlp is not None else load_nlp()
    lexicon = event_lexicon()
    body = article.body
    bounds = sentence_bounds(body)
    starts = sorted(t.start for t in timexes)
    told = {i for i, (a, b) in enumerate(bounds) if i == 0 or bisect.bisect_left(starts, a) < bisect.bisect_left(starts, b)}
    before = {i - 1 for i in told if i > 0 and _REFERS.search(body, *bounds[i])}
    titled = _titles(lexicon.titles)
    named = {i for i, (a, b) in enumerate(bounds) if titled.search(body, a, b)}
    sentences = parse_sentences(body, bounds, sorted(told | before | named), nlp)
    book = ActorBook(lexicon)
    for sentence in sentences:
        book.learn(sentence.span)
    mentions: list[Mention] = []
    last_person: str | None = None
    for sentence in sentences:
        reader = SentenceReader(article, sentence, book, lexicon, last_person, (sentence.index, len(bounds)))
        if sentence.index in told:
            mentions.extend(reader.mentions([t for t in timexes if sentence.start <= t.start < sentence.end]))
        else:
            reader.learn_doer()
        last_person = reader.last_person
    return older_in_sentence(mentions, lexicon.older_in_sentence_days)


_REFERS = re.compile(r"\b(?:he|she|him|his|her)\b", re.IGNORECASE)


@functools.cache
def _titles(titles: frozenset[str]) -> re.Pattern[str]:
    """Any title word of the event vocabulary ("minister", "spokesman"), as a whole word."""
    words = sorted(titles, key=lambda w: (-len(w), w))
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


class SentenceReader:
    """Reads one sentence; remembers the last person who did something, for "he"/"she"."""

    def __init__(
        self, article: Article, sentence: Sentence, book: ActorBook, lexicon: EventLexicon, last_person: str | None,
        position: tuple[int, int] = (0, 1),
    ):
        self.article, self.sentence, self.book, self.lexicon = article, sentence, book, lexicon
        self.position = position
        self.span = sentence.span
        self.quotes = quoted_ranges(sentence.text)
        self.last_person = last_person
        self.timexes: Sequence[Timex] = ()

    def quoted(self, token: Any) -> bool:
        return in_ranges(token.idx - self.span.start_char, self.quotes)

    def mentions(self, timexes: Sequence[Timex]) -> list[Mention]:
        self.timexes = timexes
        if not self.reports_something(timexes):
            return []
        usable = [t for t in timexes if t.type in USABLE_TYPES and t.interval is not None and self.dates_happening(t)]
        clauses = self.clauses(usable)
        self._note_doer()
        if clauses:
            if all(c.verb.pos_ not in ("VERB", "AUX") for c in clauses) and self.acts_as_clause(self.span.root):
                # "X opened proceedings over Sunday's final": the final is dated, the opening is not
                clauses = [*clauses, Clause(self.span.root, None)]
            return [self.build(c) for c in with_focus(clauses)]
        unplaced = [t for t in timexes if t.type in USABLE_TYPES and t.interval is None and specific(t.value)]
        if unplaced and any(t.dep_ in ("nsubj", "nsubjpass") for t in self.span):
            # "said on Tuesday" in an article of unknown date: kept undated, with its words and value
            return [self.build(with_focus([Clause(self.span.root, unplaced[0])])[0])]
        if timexes and all(t.type not in USABLE_TYPES for t in timexes) and not self.event_phrases(self.span.root):
            return []  # only durations or sets: nothing happened at a time we can place
        clause = Clause(self.span.root, None)
        if self.event_phrases(clause.verb) or self.acts_as_clause(clause.verb):
            return [self.build(with_focus([clause])[0])]
        return []

    def learn_doer(self) -> None:
        """Only who did something (the doer a later "he"/"she" means): a sentence read, not told."""
        if self.reports_something(()):
            self._note_doer()

    def _note_doer(self) -> None:
        subject_of_root, _ = self.subject(self.span.root)
        if subject_of_root in self.book.people:
            self.last_person = subject_of_root

    def acts_as_clause(self, verb: Any) -> bool:
        """A verb with a doer: its subject, or (when the small parser misses it) a name before it."""
        if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() == "be":
            return False
        return bool(self.subject(verb)[0]) or any(t.ent_type_ in ("PERSON", "ORG") for t in self.span if t.i < verb.i)

    def dates_happening(self, timex: Timex) -> bool:
        """A decade, or a year after "since", sets the scene: it dates no happening."""
        interval = timex.interval
        if interval is None or interval.days > MAX_HAPPENING_DAYS:
            return False
        before = self.sentence.text[: max(0, timex.start - self.sentence.start)]
        return not (interval.days > 31 and _SINCE.search(before))

    def reports_something(self, timexes: Sequence[Timex]) -> bool:
        """A verb and a few words besides the dates: datelines and captions of names report nothing."""
        dated = [(t.start - self.sentence.start, t.end - self.sentence.start) for t in timexes]
        rest = [t for t in self.span if not in_ranges(t.idx - self.span.start_char, dated) and not t.is_punct]
        return len(rest) >= MIN_WORDS and any(t.pos_ in ("VERB", "AUX") for t in rest) and not is_heading(self.span)

    def clauses(self, usable: Sequence[Timex]) -> list[Clause]:
        """One clause per verb that carries a date; a single one when all dates agree."""
        by_verb: dict[int, Clause] = {}
        placed = [(t, self.tokens_of(t)) for t in usable]
        # "the Sept. 1 election on Thursday": a date written before a noun dates that noun, so the
        # verb's clause takes another date of the same verb first.
        # "fell during the evening rush hour on Monday": a time of day beside a date of the same
        # verb is that date's hour, so the date dates the clause.
        placed.sort(key=lambda tt: (bool(tt[1]) and premodifier(tt[1]), tt[0].type == "TIME", tt[0].start))
        for timex, tokens in placed:
            if not tokens or all(self.quoted(t) for t in tokens):
                continue
            verb = named_noun(tokens) or anchor_verb(tokens[0])
            by_verb.setdefault(verb.i, Clause(verb, timex))
        found = sorted(by_verb.values(), key=lambda c: c.timex.start)
        if len({c.timex.interval for c in found}) <= 1:
            return found[:1]
        return found

    def tokens_of(self, timex: Timex) -> list[Any]:
        lo = timex.start - self.sentence.start
        hi = timex.end - self.sentence.start
        return [t for t in self.span if lo <= t.idx - self.span.start_char < hi]

    def build(self, clause: Clause) -> Mention:
        a, s, t = self.article, self.sentence, clause.timex
        subject, passive = self.subject(clause.verb)
        trigger = self.trigger(clause.verb)
        places = self.places(clause.verb)
        key = f"{a.id}|{s.start}|{t.text if t else ''}"
        return Mention(
            id=hashlib.sha1(key.encode("utf-8")).hexdigest(),
            article_id=a.id,
            outlet=a.outlet,
            published=a.published,
            sentence=s.text,
            sentence_start=s.start,
            time_text=t.text if t else None,
            time_value=t.value if t else None,
            time=t.interval if t else self.published_day(),
            time_explicit=bool(t and t.explicit),
            time_start=(t.start - s.start) if t else None,
            clause=clause.focus or s.text,
            trigger_span=(head := clause.verb.idx - self.span.start_char, head + len(clause.verb.text)),
            actors=self.actors(subject, places),
            places=places,
            trigger=trigger,
            quote=quote_text(s.text),
            background=self.background(t),
            subject=subject,
            subject_passive=passive,
            published_inferred=a.published_inferred,
            headline=self.headline(clause.verb),
            cues=(cues := self.cues(clause)),
            happening=happening_probability(cues) if t is not None or self.published_day() else None,
            time_from="own" if t is not None else ("published" if self.published_day() else "none"),
            paragraph=a.body.count("\n", 0, s.start),
        )

    def published_day(self) -> TimeValue | None:
        """The article's day of publication, when it is one day: the time a news sentence with no
        time of its own is taken to tell (marked time_from="published"; a soft date that merging
        lets yield to the day its happening is given elsewhere)."""
        published = self.article.published
        if published is None or published.start != published.end:
            return None
        return TimeValue.day(published.start)

    def cues(self, clause: Clause) -> tuple[tuple[str, float], ...]:
        """The named facts the happening model weighs (mentions/cues.py)."""
        published = self.article.published
        pub_day = published.start if published is not None and published.start == published.end else None
        found: dict[str, float] = {}
        found.update(time_cues(clause.timex, pub_day))
        if clause.timex is None and pub_day is not None:
            found["time_published"] = 1.0
        found.update(verb_cues(clause.verb, self.lexicon.reporting_verbs))
        if clause.timex is not None:
            found.update(timex_cues(self.tokens_of(clause.timex)))
        found.update(sentence_cues(self.span, *self.position, self.quoted(clause.verb), len(self.timexes)))
        return tuple(sorted((k, v) for k, v in found.items() if v))

    def headline(self, verb: Any) -> str | None:
        """Who did what, in this sentence's words, the doer named as the article names them."""
        verb = headline_verb(verb, self.lexicon.reporting_verbs)
        if verb.dep_ == "prep":
            return None  # "Following the meeting in X, ...": the happening is a noun; see merge's fallback
        token = subject_token(verb)
        who = ""
        if token is not None:
            key = self.resolve(token)
            known = key is not None and (key in self.book.people or key in self.book.orgs)
            who = self.book.actor(key).name if known else subject_phrase(token, self.possessor)
        return compose(who, predicate(verb, self.in_time))

    def in_time(self, token: Any) -> bool:
        offset = self.sentence.start + token.idx - self.span.start_char
        return any(t.start <= offset < t.end for t in self.timexes)

    def possessor(self, token: Any) -> str | None:
        """Whose "his"/"her": the nearest person named before it in the sentence, else the last doer."""
        for earlier in reversed(self.span.doc[self.span.start : token.i]):
            key = self.book.person_of_token(earlier)
            if key:
                return self.book.actor(key).name
        return self.book.actor(self.last_person).name if self.last_person in self.book.people else None

    def subject(self, verb: Any) -> tuple[str | None, bool]:
        """The actor key of the clause's subject, and whether it is passive ("was sentenced")."""
        token = verb
        while True:
            subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS]
            if subjects and subjects[0].dep_ == "nsubjpass":
                # "the motion was tabled by the Civic Union": the agent did it
                agent = next((g for a in token.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"), None)
                doer = self.resolve(agent) if agent is not None else None
                if doer:
                    return doer, False
            if subjects:
                return self.resolve(subjects[0]), subjects[0].dep_ == "nsubjpass"
            if token.head.i == token.i or token.dep_ in REPORTED_DEPS:
                return None, False
            token = token.head

    def resolve(self, token: Any) -> str | None:
        """The actor key a subject token stands for."""
        named = [c for c in token.children if c.dep_ == "appos" and self.book.person_of_token(c)]
        if named:
            return self.book.person_of_token(named[0])  # "the foreign minister, Jane Doe, ..."
        if token.lower_ in PRONOUNS:
            return self.last_person
        person = self.book.person_of_token(token)
        if person:
            return person
        if self.is_org(token):
            return org_key(_entity_text(token))
        if token.ent_type_ in PLACE_LABELS:
            return fold(clean_name(_entity_text(token)))
        if token.pos_ == "NOUN":
            return self.book.describe(token)
        return None

    def is_org(self, token: Any) -> bool:
        """An organisation's name: so tagged, or a "person" whose name ends in an organisation word."""
        return token.ent_type_ == "ORG" or token.ent_type_ == PERSON and self.book.org_named(_entity_text(token))

    def actors(self, subject: str | None, places: Sequence[str] = ()) -> tuple[Actor, ...]:
        """People and organisations of the sentence; a name standing as the scene is a place."""
        keys: list[str] = [subject] if subject and (subject in self.book.people or subject in self.book.orgs) else []
        for token in self.span:
            if self.quoted(token) or token.ent_type_ in ("ORG", PERSON) and clean_name(_entity_text(token)) in places:
                continue
            person = self.book.person_of_token(token) if token.ent_type_ in ("PERSON", "") else None
            if person:
                keys.append(person)
            elif self.is_org(token) and token.ent_iob_ == "B" and not _in_role(token):
                keys.append(org_key(_entity_text(token)))
                self.book.orgs.setdefault(keys[-1], clean_name(_entity_text(token)))
        return tuple(self.book.actor(k) for k in dict.fromkeys(keys))

    def places(self, verb: Any) -> tuple[str, ...]:
        """Places at the scene: objects of "in"/"at" (or "to" after a visit word), or "X forum".
        A name the tagger does not call a place counts after "in"/"near" ("in Halden", which a
        small model may tag as an organisation or not at all), never a person's name."""
        found: list[str] = []
        for token in clause_tokens(verb):
            if self.quoted(token) or _in_role(token):
                continue
            if token.ent_type_ in PLACE_LABELS and token.ent_iob_ == "B":
                if self._at_scene(token, self.lexicon.locative_preps):
                    found.append(clean_name(_entity_text(token)))
            elif self._untagged_place(token):
                found.append(clean_name(_name_text(token)))
        return tuple(dict.fromkeys(found))

    def _untagged_place(self, token: Any) -> bool:
        if token.pos_ != "PROPN" or token.ent_type_ not in ("", "ORG", PERSON):
            return False
        if token.ent_type_ == PERSON and (token.ent_iob_ != "B" or self.book.role_of_key(token)):
            return False  # a small model may call "in Tarnby" or "evacuated Marn Hollow" a person; "in Jane Doe" never happens
        if token.ent_type_ != PERSON and self.book.person_of_token(token):
            return False
        if token.ent_type_ == "ORG" and token.ent_iob_ != "B" or not token.ent_type_ and token.dep_ == "compound":
            return False  # one name once: an organisation by its first word, a bare name by its head
        return self._at_scene(token, self.lexicon.name_place_preps)

    def _at_scene(self, token: Any, preps: frozenset[str]) -> bool:
        head = _entity_root(token)
        chain = head
        while chain.dep_ in ("compound", "appos", "conj", "nmod") and chain.head.i != chain.i:
            chain = chain.head
        if chain.dep_ == "pobj":
            prep = chain.head.lower_
            if prep in preps:
                return True
            # "flew to Oslo", "the evacuation of Tarn": after a word whose object is its scene
            return prep in self.lexicon.destination_preps | {"of"} and self._scene_word(chain.head.head)
        if chain.dep_ in ("dobj", "nsubjpass"):  # "visited Oslo", "Tarn was evacuated": the scene is its object
            return self._scene_word(chain.head)
        if head.dep_ != "compound":
            return False
        noun = head.head  # "the Oslo summit"; "at the Oslo docks"; "the Tarn evacuation order"
        at_place = noun.dep_ == "pobj" and noun.head.lower_ in preps
        words = [noun.lemma_.lower(), *(f"{c.lemma_.lower()} {noun.lemma_.lower()}" for c in noun.children if c.dep_ == "compound")]
        return at_place or any(self.lexicon.groups_of(w) for w in words)

    def _scene_word(self, token: Any) -> bool:
        return bool(self.lexicon.groups_of(token.lemma_.lower()) & self.lexicon.scene_object_groups)

    def event_phrases(self, verb: Any) -> list[str]:
        """Event words of the clause (not of what was said in it), in sentence order."""
        return [p for _, _, p in self._phrase_tokens(verb)]

    def trigger(self, verb: Any) -> str:
        """The clause's event word. A noun that is the verb's object or the scene it happened at
        ("held talks", "addressed a rally", "rejected it at a press conference") names the
        happening better than the verb; otherwise the first event word, else the verb's lemma."""
        doc = verb.doc
        # "said after the ruling": a happening named only to date this one is not its event word
        found = [(i, j, p) for i, j, p in self._phrase_tokens(verb) if not sequence_object(doc[j - 1])]
        # "the collapsed bank", "the emergency meeting": a modifier is no happening of the clause
        found = [f for f in found if not modifier(doc[f[1] - 1])]
        named = [(doc[j - 1].dep_ == "dobj", p) for _, j, p in found if names_occasion(doc[j - 1], verb)]
        # "rejected the offer": the rejection happened, not the offer; but "began its inquiry": the
        # inquiry happened (a verb of beginning or ending names no happening of its own)
        if self.acts(verb) and verb.lemma_.lower() not in self.lexicon.empty_verbs:
            named = [(d, p) for d, p in named if not d or self.lexicon.groups_of(p) & self.lexicon.groups_of(verb.lemma_.lower())]
        if verb.lemma_.lower() in self.lexicon.reporting_verbs:
            named.sort(key=lambda dp: dp[0])  # "announced the appeal at a press conference": the scene is what happened
        if named:
            return named[0][1]
        split = self.split_phrase(verb)
        if split:
            return split
        told = self.complement_trigger(verb, bool(found))
        if told:
            return told
        return found[0][2] if found else verb.lemma_.lower()

    def split_phrase(self, verb: Any) -> str | None:
        """A two-word event phrase whose words the clause puts apart: "found the banker guilty",
        "waved the deal through"."""
        lemma = verb.lemma_.lower()
        for token in clause_tokens(verb):
            if token.i > verb.i + 1 and not self.quoted(token):
                phrase = f"{lemma} {token.lemma_.lower()}"
                if self.lexicon.groups_of(phrase):
                    return phrase
        return None

    def acts(self, verb: Any) -> bool:
        """The verb is an event word of its own, an action ("rejected", "expelled"), not a speech."""
        found = self.lexicon.groups_of(verb.lemma_.lower())
        return bool(found) and all(self.lexicon.kind_of(g) == "action" for g in found)

    def complement_trigger(self, verb: Any, has_words: bool) -> str | None:
        """The event word of what a verb announces or decides ("announced that it would recall",
        "decided to evacuate"), or, for a verb that names no happening itself ("the recall ... was
        the bare minimum"), of its subject or of the clause it hangs on."""
        lemma = verb.lemma_.lower()
        head = verb.head
        if verb.dep_ in ("ccomp", "xcomp") and head.lemma_.lower() in self.lexicon.complement_verbs and not has_words:
            both = f"{head.lemma_.lower()} {lemma}"  # "ordered residents to leave on Friday", dated on "leave"
            if self.lexicon.groups_of(both):
                return both
        if lemma in self.lexicon.complement_verbs:
            for child in verb.children:
                if child.dep_ in ("ccomp", "xcomp") and child.pos_ in ("VERB", "AUX"):
                    words = [p for _, _, p in self._phrase_tokens(child)]
                    both = f"{lemma} {child.lemma_.lower()}"  # "ordered residents to leave"
                    if words or self.lexicon.groups_of(both):
                        return words[0] if words else both
        if lemma in self.lexicon.empty_verbs and not has_words:
            subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
            words = [p for s in subjects for p in self.lexicon.phrases if p in (s.lemma_.lower(), s.lower_)]
            if words:
                return words[0]
            if verb.dep_ in REPORTED_DEPS | {"advcl"} and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX"):
                words = [p for _, _, p in self._phrase_tokens(verb.head)]
                return words[0] if words else None
        return None

    def _phrase_tokens(self, verb: Any) -> list[tuple[int, int, str]]:
        """(first token, token after the last, phrase) of each event phrase of the clause."""
        tokens = clause_tokens(verb)
        # Lemma or word as written ("talks" lemmatises to "talk"); never a word of a date ("March 3").
        words = [(t.i, {t.lemma_.lower(), t.lower_}) for t in tokens if not self.quoted(t) and not self.in_time(t)]
        hits: set[tuple[int, int, str]] = set()  # (phrase rank, word position, phrase)
        for n, (_, forms) in enumerate(words):
            for rank, phrase in (hit for form in forms for hit in self.lexicon.phrase_starts.get(form, ())):
                parts = phrase.split()
                window = words[n : n + len(parts)]
                idx = [i for i, _ in window]
                fits = len(window) == len(parts) and all(w in f for w, (_, f) in zip(parts, window))
                if fits and idx == list(range(idx[0], idx[0] + len(parts))):
                    hits.add((rank, n, phrase))
        found: list[tuple[int, int, str]] = []
        taken: set[int] = set()
        for _, n, phrase in sorted(hits):  # longest phrases first, then left to right
            idx = {i for i, _ in words[n : n + len(phrase.split())]}
            if not taken & idx:
                found.append((min(idx), max(idx) + 1, phrase))
                taken |= idx
        return sorted(found)

    def background(self, timex: Timex | None) -> bool:
        text = self.sentence.text.lower()
        cue = any(c in text for c in self.lexicon.background_cues)
        pub = self.article.published
        if timex is None or timex.interval is None or pub is None:
            return cue
        age = (pub.start - timex.interval.end).days
        return (cue and age > self.lexicon.background_far_days) or age > self.lexicon.history_far_days


def named_noun(tokens: Sequence[Any]) -> Any:
    """The noun a date is written before ("the Sept. 1 election", "Sunday's final"), else None:
    such a date dates that noun's happening, not the clause around it."""
    if not tokens or not premodifier(tokens):
        return None
    return next(t.head for t in tokens if t.head not in tokens)


def with_focus(clauses: Sequence[Clause]) -> list[Clause]:
    """Each clause with its own words: its head's subtree without the other clauses' subtrees."""
    heads = {c.verb.i for c in clauses}
    out = []
    for clause in clauses:
        own = set()
        stack = [clause.verb]
        while stack:
            token = stack.pop()
            own.add(token.i)
            stack.extend(c for c in token.children if c.i not in heads)
        doc = clause.verb.doc
        words = "".join(doc[i].text_with_ws for i in sorted(own)).strip()
        out.append(Clause(clause.verb, clause.timex, words))
    return out


def _entity_text(token: Any) -> str:
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent.text
    return token.text


def _name_text(token: Any) -> str:
    """A name as written: an entity's text, or a proper noun with the proper nouns compounded on it."""
    if token.ent_type_:
        return _entity_text(token)
    left = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    return token.doc[left[0].i if left else token.i : token.i + 1].text


def _entity_root(token: Any) -> Any:
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent.root
    return token


def _in_role(token: Any) -> bool:
    """"U.S." in "U.S. President Jane Doe": part of a title, not a place or an actor."""
    root = _entity_root(token)
    return root.dep_ in ("compound", "amod", "poss") and root.head.ent_type_ == PERSON or (
        root.dep_ in ("compound", "poss") and root.head.pos_ == "NOUN" and root.head.head.ent_type_ == PERSON
    )

