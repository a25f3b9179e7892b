"""The TF-IDF neighbour search that dates undated articles (tracker/ingest/similar.py).

The sentences are ours, in the shapes of dated news sentences a calendar holds.
"""

from __future__ import annotations

import math
import random

import pytest

from tracker.ingest.similar import Pool, neighbours, terms

SENTENCES = [
    "ferry crews walked out over pay at the harbour quay",
    "the harbour board offered crews a new pay deal",
    "union leaders accepted the harbour board offer after a vote",
    "a magnitude 6.1 earthquake struck the northern valley towns",
    "rescuers pulled survivors from collapsed buildings in the valley",
    "the court heard opening statements in the fraud trial",
    "jurors were told to return for the verdict in the fraud trial",
    "the airline cancelled flights after the software outage",
    "the regulator opened an inquiry into the airline cancellations",
    "the minister resigned after the inquiry into the ferry contract",
]


def dense_reference(queries: list[str], pool: list[str], top: int, floor: float) -> list[list[tuple[int, float]]]:
    """The definition, spelled out: smooth IDF over the pool and the queries together,
    (1 + ln count) x IDF, unit rows, the cosine of each query with every pool text."""
    counted = [terms(t) for t in [*pool, *queries]]
    size = len(counted)
    df: dict[str, int] = {}
    for c in counted:
        for word in c:
            df[word] = df.get(word, 0) + 1
    idf = {w: math.log((1 + size) / (1 + n)) + 1 for w, n in df.items()}

    def unit(c):
        v = {w: (1 + math.log(n)) * idf[w] for w, n in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {w: x / norm for w, x in v.items()}

    rows = [unit(c) for c in counted[: len(pool)]]
    out = []
    for q in map(unit, counted[len(pool):]):
        scored = [(i, sum(x * r.get(w, 0.0) for w, x in q.items())) for i, r in enumerate(rows)]
        scored = [(i, s) for i, s in scored if s > 0 and s >= floor]
        out.append(sorted(scored, key=lambda p: (-p[1], p[0]))[:top])
    return out


def test_the_nearest_pool_texts_are_those_the_definition_gives():
    found = neighbours(["crews at the harbour accepted the pay offer"], SENTENCES, 3, 0.05)
    want = dense_reference(["crews at the harbour accepted the pay offer"], SENTENCES, 3, 0.05)
    # "union leaders accepted the harbour board offer" shares the most rare words
    assert [i for i, _ in found[0]] == [i for i, _ in want[0]] == [2, 0, 1]
    assert all(math.isclose(s, r, abs_tol=1e-9) for (_, s), (_, r) in zip(found[0], want[0]))


def test_one_pool_asked_many_small_questions_answers_as_the_definition_does():
    # A calendar asks its pool about one article at a time; only the pool texts that share a word
    # with the question are weighed, and the answers must be those of weighing all of them.
    rng = random.Random(7)
    pool = [f"{SENTENCES[i]} {SENTENCES[j]}" for i in range(len(SENTENCES)) for j in range(i + 1, len(SENTENCES))]
    asked = Pool(pool)
    for _ in range(25):
        queries = rng.sample(SENTENCES, rng.randint(1, 3)) + (["words no pool text holds"] if rng.random() < 0.3 else [])
        found = asked.neighbours(queries, 5, 0.1)
        want = dense_reference(queries, pool, 5, 0.1)
        for f, w in zip(found, want, strict=True):  # texts equally near may come in either order
            assert sorted((round(s, 9), i) for i, s in f) == sorted((round(s, 9), i) for i, s in w)


@pytest.mark.parametrize("pool, queries", [([], ["the ferry strike"]), (SENTENCES, []), (SENTENCES, ["zzz qqq"])])
def test_empty_pools_and_questions_with_no_shared_word_find_nothing(pool, queries):
    assert neighbours(queries, pool, 5, 0.0) == [[] for _ in queries]
