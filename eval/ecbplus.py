"""Event coreference on ECB+ test topics 36-45 with the learned pair model, beside baselines
measured in the same run.

    .venv/bin/python eval/ecbplus.py [--data ../shared/data/ecbplus] [--floors eval/ecbplus_baseline.json]
                                     [--no-corpus] [--json] [--extra ECB_Test_Event_gold_mentions.json]

Gold mentions, singletons included. Our copy (mentions.jsonl) holds only the mentions of
cross-document chains (969 test mentions); the literature (Cybulska & Vossen 2015, Barhom et al.
2019) scores every event mention of the validated sentences, singletons and within-document chains
too (1,780). Given those in the literature's shape (--extra, or DATA/ECB_Test_Event_gold_mentions.json
when a copy is there; ecbplus_data.read_extra), the model and both lemma baselines are also scored
on that mention set ("literature").
- topic mode: clustering within each gold topic (as the literature: each topic holds two
  happenings of one kind, e.g. two earthquakes);
- corpus mode: all test mentions at once, candidates from meaning neighbours (k nearest by the
  event word in context and by the sentence), same-article and same-group pairs, never all
  pairs (harder, more like tracker's use).
In both modes the documents are first grouped into incidents (tracker.merge.groups, over all test
documents at once, the cut chosen on training topics; the gold topics are not used), and mentions
of two groups are no candidates.
Scores: MUC, B-cubed, CEAF-e and CoNLL F1, beside two baselines of the same run: same-lemma
(mentions with one trigger lemma in one gold topic are one event) and Cluster+Lemma as the
literature reports it (documents clustered first, here by the same article groups; mentions with
one lemma in one document cluster are one event). Document-level pairwise F1: two documents
are linked by our article groups, or (a second figure) when some event cluster holds a mention
of each; in gold when they report the same happening (ECB+ subtopic); the baseline links two
documents when the cosine of their TF-IDF vectors (plain scikit-learn TF-IDF of the whole texts)
reaches one threshold, chosen on training topics 1-35. Every document pair of the test split
counts (pairs across topics too). Exits 1 below a floor pinned in eval/ecbplus_baseline.json;
issue 10's targets that are missed are printed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval import pairs as P  # noqa: E402
from eval.coref_metrics import PRF, conll_f1, pairwise  # noqa: E402
from eval.ecbplus_data import DATA, TEST_TOPICS, TRAIN_TOPICS, read_docs, read_gold  # noqa: E402
from tracker.merge.model import load_model  # noqa: E402

FLOORS = ROOT / "eval" / "ecbplus_baseline.json"
NEIGHBOURS = 20
EXTRA_NAME = "ECB_Test_Event_gold_mentions.json"  # Barhom et al. 2019's test mentions, when a copy is there
TARGET_CONLL = 80.0  # issue 10's target (best published on full ECB+: 86.4)


def lemma_clusters(corpus: P.Corpus, by_group: bool = False) -> list[list[int]]:
    """Mentions with one trigger lemma in one gold topic (or, by_group, in one document cluster:
    the Cluster+Lemma baseline) are one event."""
    groups: dict[tuple[object, str], list[int]] = {}
    for i, (g, v) in enumerate(zip(corpus.golds, corpus.views)):
        where = v.group if by_group else g.topic
        groups.setdefault((where, v.mention.trigger or g.trigger.lower()), []).append(i)
    return list(groups.values())


def group_docs(corpus: P.Corpus) -> list[list[str]]:
    """The documents of each article group."""
    out: dict[str, set[str]] = {}
    for g, v in zip(corpus.golds, corpus.views):
        out.setdefault(v.group or g.doc, set()).add(g.doc)
    return [sorted(d) for _, d in sorted(out.items())]


def doc_links(corpus: P.Corpus, clusters: Sequence[Sequence[int]]) -> list[list[str]]:
    """Document 'clusters' for pairwise scoring: each event cluster's set of documents."""
    return [sorted({corpus.golds[i].doc for i in c}) for c in clusters]


def doc_prf(gold_docs: dict[str, str], found: Sequence[Sequence[str]]) -> PRF:
    from eval.coref_metrics import links

    by_story: dict[str, list[str]] = {}
    for doc, story in gold_docs.items():
        by_story.setdefault(story, []).append(doc)
    gold, ours = links(list(by_story.values())), links(found)
    hit = len(gold & ours)
    return PRF(hit / len(ours) if ours else 0.0, hit / len(gold) if gold else 0.0)


def tfidf_baseline(data: Path) -> tuple[PRF, float]:
    """Plain TF-IDF cosine of whole documents with one threshold (best pairwise F1 on training
    topics), then applied to every test document pair."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    def scored(topics: frozenset[int]) -> tuple[dict[str, str], list[tuple[float, str, str]]]:
        golds = read_gold(data, topics)
        story = {g.doc: g.subtopic for g in golds}
        texts = read_docs(golds, data)
        docs = sorted(texts)
        matrix = TfidfVectorizer(sublinear_tf=True).fit_transform([texts[d] for d in docs])
        sims = (matrix @ matrix.T).toarray()
        return story, [(float(sims[a, b]), docs[a], docs[b]) for a, b in combinations(range(len(docs)), 2)]

    def prf(story: dict[str, str], sims: list[tuple[float, str, str]], cut: float) -> PRF:
        return doc_prf(story, [[a, b] for s, a, b in sims if s >= cut])

    story, sims = scored(TRAIN_TOPICS)
    cut = max((c / 100 for c in range(5, 95)), key=lambda c: prf(story, sims, c).f1)
    test_story, test_sims = scored(TEST_TOPICS)
    return prf(test_story, test_sims, cut), cut


def corpus_candidates(corpus: P.Corpus) -> list[tuple[int, int]]:
    import numpy as np

    from tracker.merge.candidates import keyed_pairs, nearest_pairs

    context = np.stack([v.context if v.context is not None else v.sentence for v in corpus.views])
    sentence = np.stack([v.sentence for v in corpus.views])
    found = nearest_pairs(context, NEIGHBOURS) | nearest_pairs(sentence, NEIGHBOURS)
    found |= keyed_pairs([[v.mention.article_id] for v in corpus.views])
    found |= keyed_pairs([[v.group] if v.group else [] for v in corpus.views])
    return sorted(found)


def run(corpus: P.Corpus, pairs: list[tuple[int, int]], by_topic: bool) -> tuple[list[list[int]], float]:
    model = load_model()
    t0 = time.perf_counter()
    rows = P.feature_rows(corpus, pairs)
    probabilities = P.zero_apart(corpus, pairs, [model.probability(r) for r in rows])
    if by_topic:
        found = P.cluster_topics(corpus, pairs, probabilities, model.threshold, model.cannot_link_below)
    else:
        found = P.cluster(corpus, list(range(len(corpus.golds))), pairs, probabilities, model.threshold, model.cannot_link_below)
    return found, time.perf_counter() - t0


def evaluate(data: Path, topics: frozenset[int], with_corpus: bool, extra: Path | None = None) -> dict:
    corpus = P.load(topics, data, extra=extra)
    gold = corpus.gold_clusters()
    gold_docs = {g.doc: g.subtopic for g in corpus.golds}
    pairs = P.topic_pairs(corpus)
    found, seconds = run(corpus, pairs, by_topic=True)
    out: dict = {
        "mentions": len(corpus.golds),
        "chains": len(gold),
        "documents": len(gold_docs),
        "topic_mode": {**conll_f1(gold, found), "pairs": len(pairs), "seconds": round(seconds, 1)},
        "lemma_baseline": conll_f1(gold, lemma_clusters(corpus)),
        "cluster_lemma_baseline": conll_f1(gold, lemma_clusters(corpus, by_group=True)),
        "singletons_baseline": conll_f1(gold, [[i] for i in range(len(corpus.golds))]),
        "docs_groups": {**doc_prf(gold_docs, group_docs(corpus)).as_dict(), "groups": len(group_docs(corpus))},
        "docs_topic_mode": doc_prf(gold_docs, doc_links(corpus, found)).as_dict(),
        "load_seconds": {k: round(v, 1) for k, v in corpus.seconds.items()},
    }
    if with_corpus:
        candidates = corpus_candidates(corpus)
        found_all, seconds_all = run(corpus, candidates, by_topic=False)
        out["corpus_mode"] = {**conll_f1(gold, found_all), "pairs": len(candidates), "seconds": round(seconds_all, 1)}
        out["docs_corpus_mode"] = doc_prf(gold_docs, doc_links(corpus, found_all)).as_dict()
    out.update(without_groups(corpus, gold, gold_docs, with_corpus))
    baseline, cut = tfidf_baseline(data)
    out["docs_tfidf_baseline"] = {**baseline.as_dict(), "threshold": cut}
    out["mention_pairwise_topic_mode"] = pairwise(gold, found).as_dict()
    return out


def literature(data: Path, topics: frozenset[int], extra: Path) -> dict:
    """The same model and baselines under the literature's mention set (Cybulska & Vossen's
    validated sentences with singletons and within-document chains, as Barhom et al. 2019 load
    them): mentions.jsonl's cross-document mentions plus the others read from `extra`."""
    corpus = P.load(topics, data, extra=extra)
    gold = corpus.gold_clusters()
    found, _ = run(corpus, P.topic_pairs(corpus), by_topic=True)
    return {
        "mentions": len(corpus.golds),
        "chains": len(gold),
        "topic_mode": conll_f1(gold, found),
        "lemma_baseline": conll_f1(gold, lemma_clusters(corpus)),
        "cluster_lemma_baseline": conll_f1(gold, lemma_clusters(corpus, by_group=True)),
        "singletons_baseline": conll_f1(gold, [[i] for i in range(len(corpus.golds))]),
    }


def without_groups(corpus: P.Corpus, gold, gold_docs: dict[str, str], with_corpus: bool) -> dict:
    """The same model and mentions with no article groups (no pair is kept apart by them)."""
    from tracker.merge.features import with_groups

    plain = P.Corpus(corpus.golds, with_groups(corpus.views, {}), corpus.seconds)
    found, _ = run(plain, P.topic_pairs(plain), by_topic=True)
    out = {"topic_mode_no_groups": conll_f1(gold, found), "docs_topic_mode_no_groups": doc_prf(gold_docs, doc_links(plain, found)).as_dict()}
    if with_corpus:
        candidates = corpus_candidates(plain)
        found_all, _ = run(plain, candidates, by_topic=False)
        out["corpus_mode_no_groups"] = {**conll_f1(gold, found_all), "pairs": len(candidates)}
        out["docs_corpus_mode_no_groups"] = doc_prf(gold_docs, doc_links(plain, found_all)).as_dict()
    return out


def failing(figures: dict, floors: dict) -> list[str]:
    """Figures below their pinned floor ("topic_mode.conll": 69.0); a floor for a mode that was
    not run (corpus mode skipped) is not checked."""
    out = []
    for path, floor in floors.items():
        value = figures
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None and path.split(".")[0] not in figures:
            continue
        if value is None or value < floor:
            out.append(f"{path} = {value} below the floor {floor}")
    return out


def missed_targets(figures: dict) -> list[str]:
    """Issue 10's targets that the figures miss (reported, not a gate: the floors are)."""
    out = []
    for mode in ("topic_mode", "corpus_mode"):
        if mode in figures and figures[mode]["conll"] < TARGET_CONLL:
            out.append(f"{mode} CoNLL F1 {figures[mode]['conll']} below the target {TARGET_CONLL}")
    baseline = figures["docs_tfidf_baseline"]["f1"]
    for mode in ("docs_groups", "docs_topic_mode", "docs_corpus_mode"):
        if mode in figures and figures[mode]["f1"] <= baseline:
            out.append(f"{mode} document pairwise F1 {figures[mode]['f1']} not above the TF-IDF baseline {baseline}")
    return out


def report(f: dict) -> str:
    def row(name: str, s: dict) -> str:
        return f"{name:34s} MUC {s['muc']['f1']:5.1f}  B3 {s['b3']['f1']:5.1f}  CEAF-e {s['ceafe']['f1']:5.1f}  CoNLL {s['conll']:5.1f}"

    lines = [f"ECB+ test topics 36-45: {f['mentions']} gold event mentions, {f['chains']} chains, {f['documents']} documents"]
    lines.append(row("ours, within gold topics", f["topic_mode"]) + f"  ({f['topic_mode']['pairs']} pairs)")
    if "corpus_mode" in f:
        lines.append(row("ours, all test documents at once", f["corpus_mode"]) + f"  ({f['corpus_mode']['pairs']} candidate pairs)")
    lines.append(row("  no groups, within gold topics", f["topic_mode_no_groups"]))
    if "corpus_mode_no_groups" in f:
        lines.append(row("  no groups, all at once", f["corpus_mode_no_groups"]) + f"  ({f['corpus_mode_no_groups']['pairs']} candidate pairs)")
    lines.append(row("same-lemma baseline (within topics)", f["lemma_baseline"]))
    lines.append(row("Cluster+Lemma baseline", f["cluster_lemma_baseline"]))
    lines.append(row("all singletons", f["singletons_baseline"]))
    docs = [(f"ours, article groups ({f['docs_groups']['groups']})", f["docs_groups"]), ("ours, events within topics", f["docs_topic_mode"])]
    if "docs_corpus_mode" in f:
        docs.append(("ours, events all at once", f["docs_corpus_mode"]))
    docs.append(("  events, no groups, within topics", f["docs_topic_mode_no_groups"]))
    if "docs_corpus_mode_no_groups" in f:
        docs.append(("  events, no groups, all at once", f["docs_corpus_mode_no_groups"]))
    docs.append((f"TF-IDF cosine >= {f['docs_tfidf_baseline']['threshold']:.2f}", f["docs_tfidf_baseline"]))
    if "literature" in f:
        lit = f["literature"]
        lines.append(f"literature's mention set (+ singletons and within-document chains): {lit['mentions']} mentions, {lit['chains']} chains")
        for name, key in (("ours, within gold topics", "topic_mode"), ("same-lemma baseline", "lemma_baseline"), ("Cluster+Lemma baseline", "cluster_lemma_baseline"), ("all singletons", "singletons_baseline")):
            lines.append("  " + row(name, lit[key]))
    lines.append("document-level pairwise P/R/F1 (linked = same happening):")
    lines += [f"  {name:32s} {s['precision']:5.1f} / {s['recall']:5.1f} / {s['f1']:5.1f}" for name, s in docs]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--floors", type=Path, default=FLOORS)
    parser.add_argument("--no-corpus", action="store_true", help="skip the all-documents-at-once run")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--extra", type=Path, help=f"the literature's test mentions (default: DATA/{EXTRA_NAME} when present)")
    args = parser.parse_args(argv)
    if not (args.data / "mentions.jsonl").is_file():
        print(f"{args.data}: no ECB+ data (mentions.jsonl)", file=sys.stderr)
        return 2
    figures = evaluate(args.data, TEST_TOPICS, not args.no_corpus)
    extra = args.extra or args.data / EXTRA_NAME
    if extra.is_file():
        figures["literature"] = literature(args.data, TEST_TOPICS, extra)
    print(json.dumps(figures, indent=1) if args.json else report(figures))
    floors = json.loads(args.floors.read_text(encoding="utf-8")) if args.floors.is_file() else {}
    problems = failing(figures, {k: v for k, v in floors.items() if not k.startswith("_")})
    for p in missed_targets(figures):
        print("target missed: " + p)
    for p in problems:
        print("BELOW FLOOR: " + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
