"""Article groups (tracker/merge/groups.py) on reports we wrote: which articles tell one incident,
built at once or one article at a time, with a date window, an index, and no chaining."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from tracker.merge.groups import Doc, GroupIndex, GroupParams, Groups, days_apart, doc_of, extend, group_articles, group_window

SHOOTINGS = Path(__file__).parent / "data" / "shootings"
PARAMS = GroupParams(threshold=0.2, window_days=14, apart_below=0.15)


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """The made-up shooting reports through the real pipeline: (articles, mentions)."""
    from tracker.pipeline import build
    from tracker.store import open_store

    store = tmp_path_factory.mktemp("shootings") / "tracker.db"
    build([SHOOTINGS], store)
    with open_store(store) as opened:
        return opened.articles(), opened.all_mentions()


def incidents() -> dict[str, str]:
    gold = json.loads((SHOOTINGS / "gold.json").read_text(encoding="utf-8"))["incidents"]
    return {article: incident for incident, articles in gold.items() for article in articles}


def as_docs(articles) -> list[Doc]:
    return [doc_of(a) for a in articles]


def test_each_group_is_one_shooting_and_each_shooting_one_group(stored):
    articles, _ = stored
    groups, _ = group_articles(as_docs(articles), PARAMS)
    incident = incidents()
    assert sorted(sorted(incident[a] for a in g) for g in groups.clusters()) == sorted([k] * n for k, n in _counts(incident).items())
    assert all(len({incident[a] for a in g}) == 1 for g in groups.clusters())


def test_the_shipped_parameters_give_one_group_per_shooting_in_any_order(stored):
    articles, _ = stored
    incident = incidents()
    groups = group_window(articles)
    assert sorted(sorted(incident[a] for a in g) for g in groups.clusters()) == sorted([k] * n for k, n in _counts(incident).items())
    assert group_window(list(reversed(articles))) == groups


def _counts(incident: dict[str, str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for name in incident.values():
        out[name] = out.get(name, 0) + 1
    return out


def test_one_article_at_a_time_gives_the_groups_of_a_build(stored):
    articles, _ = stored
    docs = sorted(as_docs(articles), key=lambda d: (d.first, d.id))
    built, _ = group_articles(docs, PARAMS)
    groups, index = Groups(), GroupIndex(PARAMS.window_days)
    for doc in docs:
        before = groups
        groups, index = extend(groups, index, [doc], PARAMS)
        # an append only adds: every grouped article keeps its group id
        assert all(groups.of[a] == g for a, g in before.of.items())
    assert sorted(groups.clusters()) == sorted(built.clusters())


def test_the_same_articles_in_any_order_give_the_same_groups(stored):
    articles, _ = stored
    docs = as_docs(articles)
    first, _ = group_articles(docs, PARAMS)
    shuffled = docs[:]
    random.Random(7).shuffle(shuffled)
    again, _ = group_articles(shuffled, PARAMS)
    assert again == first


def test_an_append_touches_only_the_groups_it_joins(stored):
    articles, _ = stored
    docs = as_docs(articles)
    late = next(d for d in docs if d.id == "metrowire_rencliffe_vigil")
    groups, index = group_articles([d for d in docs if d is not late], PARAMS)
    after, _ = extend(groups, index, [late], PARAMS)
    assert after.of["metrowire_rencliffe_vigil"] == groups.of["rencliffe_herald_clerk"]
    changed = {a for a in after.of if after.of[a] != groups.of.get(a)}
    assert changed == {"metrowire_rencliffe_vigil"}


FERRY = (
    "The Lanmoor ferry Aurelin ran aground on the Skerra sandbank near Pellow harbour. "
    "Captain Idris Okonedo said all 40 passengers were taken off by lifeboat. "
    "The Pellow coastguard closed the channel while divers checked the hull of the Aurelin."
)
FERRY_AGAIN = (
    "Divers inspected the Aurelin, the Lanmoor ferry stuck on the Skerra sandbank off Pellow. "
    "Captain Idris Okonedo thanked the lifeboat crews who brought 40 passengers ashore. "
    "The Pellow channel stays closed."
)


def test_alike_reports_far_apart_in_time_are_two_incidents():
    day = date(2026, 4, 2)
    near = [Doc.of("a", FERRY, day), Doc.of("b", FERRY_AGAIN, day + timedelta(days=2))]
    far = [Doc.of("a", FERRY, day), Doc.of("b", FERRY_AGAIN, day + timedelta(days=60))]
    undated = [Doc.of("a", FERRY), Doc.of("b", FERRY_AGAIN, day + timedelta(days=60))]
    assert group_articles(near, PARAMS)[0].same("a", "b")
    assert not group_articles(far, PARAMS)[0].same("a", "b")
    assert group_articles(undated, PARAMS)[0].same("a", "b")  # no day to tell them apart: the texts decide


def test_a_chain_of_alike_reports_never_spans_more_than_the_window():
    day = date(2026, 4, 2)
    docs = [Doc.of("a", FERRY, day), Doc.of("b", FERRY_AGAIN, day + timedelta(days=10)), Doc.of("c", FERRY, day + timedelta(days=20))]
    groups = group_articles(docs, PARAMS)[0]
    assert not groups.same("a", "c")  # 20 days apart: b is within the window of both, a and c are not
    assert groups.same("a", "b") or groups.same("b", "c")


def test_a_roundup_of_two_shootings_does_not_glue_them(stored):
    articles, _ = stored
    by_id = {a.id: a for a in articles}
    first, second = by_id["brackwater_ledger_teen"], by_id["ostley_observer_girl"]
    roundup = Doc.of("weekend_roundup", f"{first.body}\n{second.body}", date(2026, 3, 8))
    docs = [*as_docs([first, second]), roundup]
    groups, _ = group_articles(docs, PARAMS)
    assert not groups.same(first.id, second.id)


def test_days_apart_of_publication_spans():
    a = Doc.of("a", "x", date(2026, 1, 1), date(2026, 1, 31))
    assert days_apart(a, Doc.of("b", "y", date(2026, 1, 15))) == 0
    assert days_apart(a, Doc.of("b", "y", date(2026, 2, 3))) == 3
    assert days_apart(a, Doc.of("b", "y")) is None


def test_the_index_finds_articles_sharing_rare_terms_and_skips_crowded_keys():
    day = date(2026, 4, 2)
    index = GroupIndex(window_days=14, max_posting=2)
    for n, text in enumerate([FERRY, FERRY_AGAIN, "Pellow council approved a budget for the harbour wall."]):
        index.add(Doc.of(f"d{n}", text, day))
    found = index.candidates(Doc.of("q", FERRY, day))
    assert "d1" in found and found["d1"] > 0.3
    # "pellow" is a key of all three articles: too crowded (more than 2) to index anything
    lone = Doc.of("q", "Pellow", day)
    assert index.candidates(lone) == {}
    roomy = GroupIndex(window_days=14, max_posting=3)
    for n, text in enumerate([FERRY, FERRY_AGAIN, "Pellow council approved a budget for the harbour wall."]):
        roomy.add(Doc.of(f"d{n}", text, day))
    assert sorted(roomy.candidates(lone)) == ["d0", "d1", "d2"]


def test_the_built_events_never_hold_two_shootings_and_link_the_reports_of_each(tmp_path):
    """End to end (`tracker build` on the reports): no event holds two incidents, and most pairs
    of reports of one incident share an event (document-pair recall, as the shootings check)."""
    from itertools import combinations

    from tracker.pipeline import build
    from tracker.query import read_events

    build([SHOOTINGS], tmp_path / "s.db")
    events = read_events(tmp_path / "s.db")
    gold = incidents()
    assert events
    for event in events:
        told = {gold[m.article_id] for m in event.mentions if m.article_id in gold}
        assert len(told) <= 1, (event.title, sorted({m.article_id for m in event.mentions}))
    linked = {tuple(sorted(p)) for e in events for p in combinations({m.article_id for m in e.mentions}, 2)}
    same = {tuple(sorted(p)) for p in combinations(sorted(gold), 2) if gold[p[0]] == gold[p[1]]}
    assert linked <= same
    assert len(linked & same) >= 0.7 * len(same), (len(linked & same), len(same))


def test_whole_article_cosines_in_one_pass_match_one_by_one():
    from tracker.merge.article import article_cosine, article_cosines, article_vector

    texts = [p.read_text(encoding="utf-8") for p in sorted(SHOOTINGS.glob("*.md"))]
    vectors = [article_vector(t) for t in texts]
    assert len(vectors) > 5
    for a in vectors:
        batched = article_cosines(a, vectors)
        assert batched == [article_cosine(a, b) for b in vectors]
        assert batched[vectors.index(a)] == 1.0
    unlike = article_vector("Zorblat quenwick fyrrath.")  # no word of the reports
    assert article_cosines(unlike, vectors[:2]) == [0.0, 0.0] == [article_cosine(unlike, v) for v in vectors[:2]]
    assert article_cosines(article_vector(""), vectors[:2]) == [0.0, 0.0]


def test_an_article_vector_names_its_heaviest_words_the_index_keys_of_its_group():
    """The vector keeps its words' weights as arrays and names only the HEAVIEST words (ties by
    word): the index keys are the same as ranking all the words by weight would give."""
    import math

    from tracker.merge.article import HEAVIEST, article_vector, idf_table, word_key, words
    from tracker.merge.groups import TOP_TERMS, keys

    text = next(iter(sorted(SHOOTINGS.glob("*.md")))).read_text(encoding="utf-8")
    table, unknown = idf_table()
    counts = {w: words(text).count(w) for w in set(words(text))}
    raw = {w: (1.0 + math.log(n)) * table.get(word_key(w), unknown) for w, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in raw.values()))
    ranked = sorted(raw, key=lambda w: (-round(raw[w] / norm, 6), w))
    vector = article_vector(text)
    assert len(ranked) > HEAVIEST and vector.heaviest == tuple(ranked[:HEAVIEST])
    assert keys(Doc("a", vector)) == tuple(ranked[:TOP_TERMS])
    assert len(vector.terms) == len(ranked) and vector and not article_vector("")
    with pytest.raises(ValueError):
        keys(Doc("a", vector), HEAVIEST + 1)


def test_article_cosines_of_pairs_sum_each_pair_of_articles_once_and_keep_the_pairs_order():
    """pair_cosines (the merge's article cosine of every mention pair) gives article_cosine for
    each pair, in the order given, however often a pair of articles repeats, either way round."""
    import random

    from tracker.merge.article import article_cosine, article_vector, pair_cosines

    texts = [p.read_text(encoding="utf-8") for p in sorted(SHOOTINGS.glob("*.md"))]
    vectors = [article_vector(t) for t in texts]
    rng = random.Random(3)
    pairs = [(rng.randrange(len(vectors)), rng.randrange(len(vectors))) for _ in range(300)]
    found = pair_cosines(vectors, pairs).tolist()
    assert found == [article_cosine(vectors[i], vectors[j]) for i, j in pairs]
    assert len(set(found)) > 10  # the pairs are of many articles, not one value repeated
    assert pair_cosines(vectors, []).tolist() == []


def test_a_build_weighs_each_candidate_pair_once_and_keeps_pairs_only_one_side_finds():
    # With a short posting limit the index is not symmetric: a key's list in one time bucket is too
    # long to look in while the next bucket's is not, so some pairs are found from one side only.
    # The build's scores are those of every article asking the index itself (the later one's sum
    # kept when both find the pair), each pair summed once.
    from tracker.merge import groups as G

    rng = random.Random(28)
    words = [f"w{k}" for k in range(40)]
    day = date(2024, 3, 1)
    docs = []
    for n in range(60):
        text = " ".join(rng.choice(words[: 12 if n % 3 else 40]) for _ in range(30))
        first = None if n % 7 == 0 else day + timedelta(days=rng.randrange(40))
        docs.append(Doc.of(f"a{n:03d}", text, first))
    index = GroupIndex(window_days=7, top_terms=5, max_posting=4)
    for doc in docs:
        index.add(doc)
    expected: dict[tuple[str, str], float] = {}
    for doc in sorted(docs, key=lambda d: d.id):
        for other, s in index.candidates(doc).items():
            expected[tuple(sorted((doc.id, other)))] = s
    one_sided = [p for p in expected if p[0] not in index.near(index.docs[p[1]]) or p[1] not in index.near(index.docs[p[0]])]
    assert one_sided  # the case is there
    asked = []
    real = GroupIndex.cosines
    GroupIndex.cosines = lambda self, doc, others: asked.extend((doc.id, o) for o in others) or real(self, doc, others)
    try:
        found = G._fresh_scores(index, sorted(docs, key=lambda d: d.id), 7)
    finally:
        GroupIndex.cosines = real
    assert found == expected
    assert len(asked) == len({tuple(sorted(p)) for p in asked})  # no pair summed twice
