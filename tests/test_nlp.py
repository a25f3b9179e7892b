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


def test_event_lexicon_reads_through_the_shared_rule_reader_and_its_errors():
    from tracker.errors import TrackerError
    from tracker.nlp import LexiconError, event_lexicon
    from tracker.rules import RuleFileError

    assert issubclass(LexiconError, RuleFileError) and issubclass(LexiconError, TrackerError)
    assert "that evening" in event_lexicon().sequence_times
    with pytest.raises(RuleFileError):
        event_lexicon("no_such_rule_file.yaml")

