"""The merge rule: how much two mentions agree, with every weight and threshold in one place.

score(a, b) adds named components; two dated mentions merge when the total reaches MERGE_AT
(and no pair of the joined clusters falls below VETO_BELOW); an undated mention attaches to the
dated event it matches best when that reaches ATTACH_AT and beats the next event by ATTACH_MARGIN.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz

from tracker.nlp import EventLexicon, event_lexicon, fold
from tracker.types import Mention

# --- weights -----------------------------------------------------------------------------
SUBJECT_SAME = 3.0  # the same one did it
SUBJECT_IN_OTHER = 1.0  # one side's doer is named on the other side
SUBJECT_DIFFERENT = -4.0  # different doers: a spokesman's briefing is not the president's speech
SUBJECT_PASSIVE_OTHER = 0.0  # one side's subject had it done to them, the other's did something
SUBJECT_PERSON_ORG = 0.0  # a person and an organisation: the judge may read the court's ruling
ACTOR_SHARED = 1.0  # each other actor both name (at most two count)
PLACE_SAME = 1.5
PLACE_CONFLICT = -1.5  # both name a scene, no scene in common, and the event words differ
PLACE_CONFLICT_SAME_WORDS = -0.5  # scenes differ but the event word agrees (a city vs its country)
PLACE_BOUND_CONFLICT = -5.0  # two towns evacuated are two evacuations (events.yaml place_bound_groups)
TRIGGER_SAME = 2.0  # event words of one synonym group ("briefing" ~ "press conference")
TRIGGER_SAYING = 0.5  # a reporting verb beside a speech event ("said" ~ "press conference")
TRIGGER_OTHER_SPEECH = -1.0  # two different speech events (an interview vs a forum speech)
TRIGGER_OTHER_KIND = -2.0  # an action vs a speech, or two different actions
TRIGGER_SAME_WORD = 1.5  # the same event word outside the groups (or one derived from it)
TRIGGER_ONE_TOLD = 0.0  # different event words, but one sentence holds the other's too: no disagreement
WORDING = 3.0  # times the Dice overlap of content-word stems
TIME_SAME_DAY = 1.0
ACTION_SAME_DAY = 1.0  # the same kind of action (a walkout, a ruling) on the same day: a day holds few
TIME_SAME_SPAN = 0.5  # equal coarse spans (the same week)
TIME_NESTED = 0.3  # a coarse span that holds a finer one ("earlier this week" ~ "Sept. 3")
TIME_DISJOINT = -5.0  # outlets disagree on the date: only overwhelming evidence keeps them together
QUOTE_SHARED = 2.0  # both quote the same words: "knowingly unacceptable" ~ "making knowingly unacceptable proposals"
QUOTE_SIMILAR = 0.5  # Dice overlap of the quotes' word stems that counts as the same quote
DISPUTE_GAP_DAYS = 1  # outlets a day apart on one happening: "on Monday" in one, "on Tuesday" in another
DISPUTE_AT = 2.5  # what two such mentions must share besides the date (same action word, wording, ...)
ATTACH_SAME_ARTICLE = 2.5  # an undated "the deal" after a dated deal of the same article refers back to it
EVENT_SCENE_OTHER = -1.5  # an undated mention names a scene, and it is not the event's main scene
SEQUENCE_SAME_ARTICLE = -3.0  # "That evening she ...": one article telling a second happening of the day
SEQUENCE_NAMED = -3.0  # "the evening before the talks": the talks are another happening than this one
# --- thresholds --------------------------------------------------------------------------
MERGE_AT = 4.0
VETO_BELOW = 0.0  # a pair scoring below this never ends up in one event
ATTACH_AT = 4.5
ATTACH_MARGIN = 1.0
ATTACH_WINDOW_DAYS = 14  # an undated mention attaches to events up to this long before publication
UNDATED_MERGE_AT = 5.5  # undated mentions of two articles merge only on strong evidence ...
UNDATED_WORDING = 1.5  # ... the same doer, and a shared quote or this much shared wording
BLOCK_SLACK_DAYS = 1  # dated mentions are compared when their spans overlap within this slack
NAME_SIMILAR = 80  # rapidfuzz ratio of transliteration skeletons: "Kovalenko" ~ "Kowalenko"
NAME_SIMILAR_WITH_ROLE = 60  # lower bar when both carry the same title word
MAX_SHARED_ACTORS = 2
DEFINITE = "the|this|that|its|his|her|their"  # determiners of a happening already told
SEQUENCE_WORDS = "after|before|following|since|until|ahead of"  # what follows tells another happening
SCENE_PREPS = "at|during"  # "at a hearing": the occasion a sentence's happening took place at
INFLECTIONS = r"(?:e|s|es|ed|d|ing|ings|ion|ions|ation|ations|ee|ees|ment|ments)?"  # what a lemma may grow
STEM_LENGTH = 6
MIN_WORD = 4
STOP_WORDS = frozenset(
    "that this with from have has had were will would could should their there they them than then "
    "which while also said says told about after before during into over under been being such some "
    "what when where whom whose your ours only just more most very".split()
)


@dataclass(frozen=True, slots=True)
class Score:
    total: float
    parts: tuple[tuple[str, float], ...]

    def describe(self) -> str:
        shown = ", ".join(f"{name} {value:+.2f}" for name, value in self.parts if value)
        return f"{self.total:.2f} ({shown or 'no evidence'})"


def score(a: Mention, b: Mention) -> Score:
    lexicon = event_lexicon()
    actors = actor_part(a, b)
    place = place_part(a, b, lexicon)
    trigger = trigger_part(a, b, lexicon, told=place >= 0)  # two scenes: "after the rally in X, talks in Y"
    if actors > 0 and trigger < 0:
        trigger /= 2  # a shared named party ("told ABC") outweighs differently worded event words
    parts = (
        ("subject", subject_part(a, b)),
        ("actors", actors),
        ("trigger", trigger),
        ("place", place),
        ("wording", round(WORDING * dice(stems(a.sentence), stems(b.sentence)), 2)),
        ("quote", quote_part(a, b)),
        ("time", time_part(a, b)),
        ("action_day", action_day_part(a, b, lexicon) if place >= 0 else 0.0),  # two storms, two islands
        ("sequence", sequence_part(a, b, lexicon)),
    )
    return Score(round(sum(v for _, v in parts), 2), parts)


@lru_cache(maxsize=1 << 16)  # a name meets many others: its skeleton is made once
def skeleton(key: str) -> str:
    """A spelling skeleton for transliterated names: y->i, ie->i, kh->h, doubled letters once."""
    text = fold(key).replace("kh", "h").replace("y", "i").replace("ie", "i")
    return re.sub(r"(.)\1+", r"\1", text)


def same_name(a: str, b: str, roles: tuple[str | None, str | None] = (None, None)) -> bool:
    if a == b:
        return True
    if set(a.split()) <= set(b.split()) or set(b.split()) <= set(a.split()):
        return True  # "abc" ~ "abc news"
    similarity = fuzz.ratio(skeleton(a), skeleton(b))
    if similarity >= NAME_SIMILAR:
        return True
    return similarity >= NAME_SIMILAR_WITH_ROLE and bool(_title_words(roles[0]) & _title_words(roles[1]))


def _title_words(role: str | None) -> frozenset[str]:
    return frozenset(fold(role or "").split()) & event_lexicon().titles


def _role(m: Mention, key: str | None) -> str | None:
    return next((x.role for x in m.actors if x.key == key), None)


def _kind(m: Mention, key: str | None) -> str | None:
    return next((x.kind for x in m.actors if x.key == key), None)


def subject_part(a: Mention, b: Mention) -> float:
    if a.subject and b.subject:
        if same_name(a.subject, b.subject, (_role(a, a.subject), _role(b, b.subject))):
            return SUBJECT_SAME
        if {_kind(a, a.subject), _kind(b, b.subject)} == {"PERSON", "ORG"}:
            return SUBJECT_PERSON_ORG
        if _shared_action(a, b) and (_names(a, b.subject) or _names(b, a.subject)):
            return SUBJECT_IN_OTHER  # "X questioned Y at the hearing" ~ "Y admitted at the hearing"
        if a.subject_passive != b.subject_passive:
            return SUBJECT_PASSIVE_OTHER  # "Doe was sentenced" ~ "the judge jailed him": one did it to the other
        return SUBJECT_DIFFERENT
    doer, other = (a, b) if a.subject else (b, a)
    if doer.subject and any(same_name(doer.subject, x.key) for x in other.actors):
        return SUBJECT_IN_OTHER
    return 0.0


def _names(m: Mention, key: str) -> bool:
    return any(same_name(key, x.key) for x in m.actors if x.key != m.subject)


def _shared_action(a: Mention, b: Mention) -> bool:
    """Both name one action that has several parties (a hearing, talks), not a speech."""
    lexicon = event_lexicon()
    return any(lexicon.kind_of(g) == "action" for g in groups(a) & groups(b))


def actor_part(a: Mention, b: Mention) -> float:
    subjects = {a.subject, b.subject}
    shared = sum(
        1
        for x in a.actors
        if x.key not in subjects and any(same_name(x.key, y.key, (x.role, y.role)) for y in b.actors if y.key not in subjects)
    )
    return ACTOR_SHARED * min(shared, MAX_SHARED_ACTORS)


def place_part(a: Mention, b: Mention, lexicon: EventLexicon) -> float:
    if not a.places or not b.places:
        return 0.0
    if any(same_name(fold(p), fold(q)) for p in a.places for q in b.places):
        return PLACE_SAME
    shared = groups(a) & groups(b)
    if shared & lexicon.place_bound_groups:
        return PLACE_BOUND_CONFLICT
    return PLACE_CONFLICT_SAME_WORDS if shared else PLACE_CONFLICT


def trigger_part(a: Mention, b: Mention, lexicon: EventLexicon, told: bool = True) -> float:
    ga, gb = groups(a), groups(b)
    if ga & gb:
        return TRIGGER_SAME
    kinds_a = {lexicon.kind_of(g) for g in ga}
    kinds_b = {lexicon.kind_of(g) for g in gb}
    if ga and gb:
        if told and (ga & told_groups(b.sentence) or gb & told_groups(a.sentence)):
            return TRIGGER_ONE_TOLD  # "rejected the results at a press conference" ~ "rejected the results"
        return TRIGGER_OTHER_SPEECH if kinds_a == kinds_b == {"speech"} else TRIGGER_OTHER_KIND
    if not ga and not gb and a.trigger and b.trigger and same_word(a.trigger, b.trigger) and a.trigger not in lexicon.reporting_verbs:
        return TRIGGER_SAME_WORD  # one word outside the groups, maybe derived: "testing" ~ "test"
    saying = {a.trigger, b.trigger} & lexicon.reporting_verbs
    if saying and "speech" in kinds_a | kinds_b:
        return TRIGGER_SAYING
    return 0.0


def sequence_part(a: Mention, b: Mention, lexicon: EventLexicon) -> float:
    """Evidence that two mentions tell two happenings in a row: one article's "that evening"
    beside its own earlier sentence, or an undated sentence that names the other's event word
    only to place itself ("the evening before the talks", "said after the ruling")."""
    if a.article_id == b.article_id and a.sentence_start != b.sentence_start and (sequenced(a, lexicon) or sequenced(b, lexicon)):
        return SEQUENCE_SAME_ARTICLE
    # only for an undated side: two dates speak for themselves, and "told reporters after his
    # call" on the call's day is often reported as the call's own news
    undated = a.time is None or b.time is None
    if undated and (groups(b) & sequence_groups(a.sentence) or groups(a) & sequence_groups(b.sentence)):
        return SEQUENCE_NAMED
    return 0.0


def told_apart(found: Score) -> bool:
    """The text itself tells the two as happenings in a row ("That evening she ..."): whatever
    else they share, no chain of other reports may join them."""
    return any(name == "sequence" and value < 0 for name, value in found.parts)


def sequenced(m: Mention, lexicon: EventLexicon) -> bool:
    text = fold(m.time_text or "")
    return any(re.search(rf"\b{re.escape(cue)}\b", text) for cue in lexicon.sequence_times)


@cache
def sequence_groups(sentence: str) -> frozenset[str]:
    """Groups of the event words a sentence names after "before"/"after"/... (outside quotes)."""
    lexicon = event_lexicon()
    text = fold(re.sub(r"[“\"][^”\"]*[”\"]", " ", sentence))
    phrases = " ".join(re.findall(rf"\b(?:{SEQUENCE_WORDS})\b[^,;]*", text))
    return frozenset(g.name for g in lexicon.groups if any(_holds(phrases, p) for p in g.phrases))


def quote_part(a: Mention, b: Mention) -> float:
    if not a.quote or not b.quote:
        return 0.0
    return QUOTE_SHARED if dice(stems(a.quote), stems(b.quote)) >= QUOTE_SIMILAR else 0.0


def strong_undated(found: Score) -> bool:
    """Two undated mentions from different articles are one happening: strong evidence only."""
    parts = dict(found.parts)
    wording = parts.get("quote", 0.0) > 0 or parts.get("wording", 0.0) >= UNDATED_WORDING
    return found.total >= UNDATED_MERGE_AT and parts.get("subject", 0.0) == SUBJECT_SAME and wording


def time_part(a: Mention, b: Mention) -> float:
    if a.time is None or b.time is None:
        return 0.0
    if not a.time.overlaps(b.time):
        return TIME_DISJOINT
    if a.time == b.time or (a.time.start == a.time.end == b.time.start == b.time.end):
        return TIME_SAME_DAY if a.time.start == a.time.end else TIME_SAME_SPAN
    return TIME_NESTED


def action_day_part(a: Mention, b: Mention, lexicon: EventLexicon) -> float:
    shared = groups(a) & groups(b)
    if not any(lexicon.kind_of(g) == "action" for g in shared) or a.time is None or b.time is None:
        return 0.0
    return ACTION_SAME_DAY if a.time.start == a.time.end == b.time.start == b.time.end else 0.0


def disputed(a: Mention, b: Mention) -> Score | None:
    """The score of two dated mentions a day apart that agree on everything but the date: the
    same action word, no other doer, no other scene, and DISPUTE_AT besides. None otherwise.
    (The caller also checks that no article reports both days: then they are two happenings.)"""
    if a.time is None or b.time is None or a.time.overlaps(b.time):
        return None
    gap = (max(a.time.start, b.time.start) - min(a.time.end, b.time.end)).days
    lexicon = event_lexicon()
    if gap > DISPUTE_GAP_DAYS or not any(lexicon.kind_of(g) == "action" for g in groups(a) & groups(b)):
        return None
    found = score(a, b)
    parts = dict(found.parts)
    if parts["subject"] < 0 or parts["place"] < 0:
        return None
    return found if found.total - parts["time"] - parts["action_day"] >= DISPUTE_AT else None


def same_article_part(undated: Mention, members: Sequence[Mention]) -> float:
    """Bonus for attaching an undated mention to an event its own article reports with the
    same event word (ATTACH_MARGIN still keeps it apart when two such events exist)."""
    mine = groups(undated)
    if not mine or not refers_back(undated):
        return 0.0
    same = [m for m in members if m.article_id == undated.article_id]
    # "At the news conference, she said ..." after "declared an emergency at a news conference":
    # the event word may be the scene of the earlier sentence rather than its event word
    return ATTACH_SAME_ARTICLE if any(groups(m) & mine or names_scene(m.sentence, undated.trigger) for m in same) else 0.0


def names_scene(sentence: str, phrase: str | None) -> bool:
    """The sentence tells the phrase as its scene: "at a hearing", "during his news conference"
    (a lemma phrase; words may be inflected). "before returning for a news conference" is not."""
    if not (phrase or "").split():
        return False
    return re.search(rf"\b(?:{SCENE_PREPS})\s+(?:[\w'-]+\s+){{0,2}}?{inflected(phrase)}\b", fold(sentence)) is not None


def inflected(phrase: str) -> str:
    """A pattern for a lemma phrase with inflected or derived words: "evacuate" finds "evacuated",
    "evacuation", "evacuees"; "march" does not find "Marchetti"."""
    return r"\s+".join(rf"{re.escape(w[:-1] if w.endswith('e') else w)}{INFLECTIONS}" for w in phrase.split())


def refers_back(m: Mention) -> bool:
    """The event word comes with a definite determiner ("called the deal", "at his briefing"):
    a happening already told, not one in general ("in any future negotiations")."""
    first = (m.trigger or "").split()[0] if m.trigger else ""
    if len(first) < 3:
        return False
    stem = re.escape(first[: max(3, len(first) - 1)])
    return re.search(rf"\b(?:{DEFINITE})\s+(?:[\w-]+\s+)?{stem}", m.sentence, re.IGNORECASE) is not None


@cache
def told_groups(sentence: str) -> frozenset[str]:
    """Groups of every event word the sentence holds outside quotes (words may be inflected)."""
    lexicon = event_lexicon()
    text = fold(re.sub(r"[“\"][^”\"]*[”\"]", " ", sentence))
    text = re.sub(rf"\b(?:{SEQUENCE_WORDS})\b[^,;]*", " ", text)  # "hours after the rally": another happening
    return frozenset(g.name for g in lexicon.groups if any(_holds(text, p) for p in g.phrases))


def same_word(a: str, b: str) -> bool:
    """Two event words, one derived from the other ("evacuate" ~ "evacuees", "test" ~ "testing")."""
    return a == b or re.fullmatch(inflected(a), b) is not None or re.fullmatch(inflected(b), a) is not None


def _holds(text: str, phrase: str) -> bool:
    return re.search(rf"\b{inflected(phrase)}\b", text) is not None


def groups(m: Mention) -> frozenset[str]:
    """Synonym groups of the mention's event word. Words of the reported speech do not count:
    the mentions stage picks the trigger from the clause, outside what was said."""
    return event_lexicon().groups_of(m.trigger or "")


@cache
def stems(sentence: str) -> frozenset[str]:
    words = re.findall(r"[a-z]+", fold(sentence))
    return frozenset(w[:STEM_LENGTH] for w in words if len(w) >= MIN_WORD and w not in STOP_WORDS)


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0
