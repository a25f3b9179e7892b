"""The spaCy adapter and the event vocabulary: every group's example is found by its own words."""

import pytest

from tracker.nlp import event_lexicon, fold, load_nlp


def test_load_nlp_is_cached_and_parses():
    nlp = load_nlp()
    assert nlp is load_nlp()
    doc = nlp("Kremlin spokesman Dmitry Peskov spoke on Friday.")
    assert {"parser", "ner", "lemmatizer"} <= set(nlp.pipe_names)
    assert any(e.label_ == "PERSON" for e in doc.ents)


@pytest.mark.parametrize("group", event_lexicon().groups, ids=lambda g: g.name)
def test_every_group_example_contains_one_of_its_phrases(group):
    lemmas = " ".join(t.lemma_.lower() for t in load_nlp()(group_example(group.name)))
    assert any(f" {p} " in f" {lemmas} " for p in group.phrases), (group.name, lemmas)


def group_example(name):
    import yaml

    from tracker.nlp import EVENTS_FILE

    return yaml.safe_load(EVENTS_FILE.read_text())["groups"][name]["example"]


def test_phrases_longest_first_and_groups_of():
    lexicon = event_lexicon()
    assert lexicon.phrases.index("press conference") < lexicon.phrases.index("conference")
    assert lexicon.groups_of("briefing") == lexicon.groups_of("tell reporter") == {"press_conference"}


def test_fold_is_ascii_lower():
    assert fold("Zelenskyy’s Café") == "zelenskyy's cafe"
    assert fold("Ångström ÉCOLE naïve façade, the ﬁnal ‘word’") == "angstrom ecole naive facade, the final 'word'"
    assert fold("Mayor O'Brien SAID") == "mayor o'brien said"  # plain ASCII: lower case only
    assert fold("東京 — Łódź") == "  odz"  # what has no ASCII form is dropped (Ł has no decomposition)


def test_event_lexicon_reads_through_the_shared_rule_reader_and_its_errors():
    from tracker.errors import TrackerError
    from tracker.nlp import LexiconError, event_lexicon
    from tracker.rules import RuleFileError

    assert issubclass(LexiconError, RuleFileError) and issubclass(LexiconError, TrackerError)
    assert "that evening" in event_lexicon().sequence_times
    with pytest.raises(RuleFileError):
        event_lexicon("no_such_rule_file.yaml")



# The quick attribute ruler (tracker.ruler.QuickRuler) must leave every token exactly as spaCy's
# own AttributeRuler does: compared token by token on text we wrote, with the model's patterns
# and with small rulers whose patterns overlap.
OUR_TEXT = [
    "The mayor ain't gonna say whether they'll reopen the bridge on Tuesday, y'all.",
    "Let's be clear: there were three ferries in the harbour and nothin' would stop them.",
    "She doesn't know what it is;  he said   \"I'd do it again\"  and left.\tThen he got ta go.",
    "C'mon, the council has had its say, hasn't it? Whether or not the vote is held, we'll see.",
]


def _attrs(doc):
    return [(t.pos_, t.tag_, t.dep_, str(t.morph), t.lemma_) for t in doc]


def _spacy_ruler(ruler):
    """Run spaCy's own AttributeRuler code on `ruler`, whatever is installed on the instance."""
    from spacy.pipeline import AttributeRuler

    return lambda doc: AttributeRuler.set_annotations(ruler, doc, AttributeRuler.match(ruler, doc))


def _both(ruler, docs):
    from tracker.ruler import QuickRuler

    quick = QuickRuler.of(ruler)
    assert quick is not None
    theirs, ours = [d.copy() for d in docs], [d.copy() for d in docs]
    for doc in theirs:
        _spacy_ruler(ruler)(doc)
    for doc in ours:
        quick.set_annotations(doc, quick.match(doc))
    return theirs, ours


def test_the_model_ruler_is_quickened_and_answers_as_spacy_does():
    from tracker.ruler import QuickRuler

    nlp = load_nlp()
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler.match.__self__, QuickRuler)
    before = [name for name in nlp.pipe_names if name != "attribute_ruler"]
    with nlp.select_pipes(enable=before[: before.index("parser") + 1]):
        docs = list(nlp.pipe(OUR_TEXT))
    theirs, ours = _both(ruler, docs * 2)  # twice: answers remembered from the first pass
    changed = 0
    for a, b in zip(theirs, ours, strict=True):
        assert _attrs(a) == _attrs(b)
        changed += sum(t.pos_ != "" for t in b)
    assert changed > 50  # the ruler did set parts of speech (a ruler doing nothing would pass)
    lemmas = {t.text.lower(): t.lemma_ for t in ours[0]}
    assert lemmas["ai"] == "be" and lemmas["gon"] == "go"  # patterns of two tokens


def _blank_doc(nlp, words, tags, deps):
    from spacy.tokens import Doc

    return Doc(nlp.vocab, words=words, tags=tags, deps=deps, heads=[0] * len(words))


def test_overlapping_patterns_keep_spacys_order():
    """Later patterns win attribute by attribute, across one- and two-token patterns, with
    negative indices, regular expressions and NOT_IN tests."""
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "ferry"}, {"LOWER": {"REGEX": "^ma"}}]], {"LEMMA": "boat", "POS": "NOUN"}, index=-1)
    ruler.add([[{"TAG": "NN"}]], {"POS": "PROPN", "MORPH": "Number=Sing"})
    ruler.add([[{"LOWER": {"IN": ["ferry", "barge"]}, "DEP": {"NOT_IN": ["nsubj"]}}]], {"LEMMA": "vessel"})
    ruler.add([[{"LOWER": "ferry"}, {"TAG": "NN"}]], {"POS": "X"}, index=1)
    ruler.add([[{"LOWER": {"REGEX": "^har"}, "IS_SPACE": False}]], {"LEMMA": "port"})
    words = ["the", "ferry", "master", "left", "the", "harbour", "ferry", "barge", "  "]
    tags = ["DT", "NN", "NN", "VBD", "DT", "NN", "NN", "NN", "_SP"]
    deps = ["det", "nsubj", "nsubj", "ROOT", "det", "dobj", "compound", "dobj", "dep"]
    doc = _blank_doc(nlp, words, tags, deps)
    theirs, ours = _both(ruler, [doc, doc])
    for a, b in zip(theirs, ours, strict=True):
        assert _attrs(a) == _attrs(b)
    master, barge = ours[0][2], ours[0][7]
    assert (master.lemma_, master.pos_) == ("boat", "X")  # the later two-token pattern's POS wins
    assert (barge.lemma_, barge.pos_) == ("vessel", "X")
    assert ours[0][5].lemma_ == "port"


def test_a_ruler_with_patterns_it_cannot_key_is_left_to_spacy():
    import spacy

    from tracker.ruler import QuickRuler

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "ferry", "OP": "+"}]], {"LEMMA": "boat"})
    assert QuickRuler.of(ruler) is None
    ruler.clear()
    ruler.add([[{"ORTH": "Ferry"}]], {"LEMMA": "boat"})
    assert QuickRuler.of(ruler) is None
