"""Choose the ECB+ linkage cut (weights.json "threshold") on the literature's mention set.

    .venv/bin/python eval/fit_cut.py [--extra PATH] [--write]

The literature (Cybulska & Vossen 2015; Kenyon-Dean et al. 2018; Barhom et al. 2019) scores every
gold event mention of the validated sentences: the mentions of cross-document chains (ours, in
../shared/data/ecbplus/mentions.jsonl) and the singletons and within-document chains, which our
copy lacks. With the latter read from a file in the literature's own shape (Barhom et al.'s
ECB_Dev_Event_gold_mentions.json: `doc_id`, `sent_id`, `tokens_str`, `coref_chain`; see
ecbplus_data.read_extra), this picks the average-linkage cut on those TRAINING topics (never
36-45): the cut with the best CoNLL F1 over them, and beside it a leave-one-topic-out estimate
(the cut chosen on the other topics, scored on the held-out one). The pair weights stay as
eval/fit_events.py fitted them; the cut only changes how ECB+ is clustered (the real stories use
their own cuts, "events_cuts"). Without the file it says so and changes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval import pairs as P  # noqa: E402
from eval.coref_metrics import conll_f1  # noqa: E402
from eval.ecbplus_data import DATA, TRAIN_TOPICS  # noqa: E402
from tracker.merge.model import load_model  # noqa: E402

WEIGHTS = ROOT / "tracker" / "merge" / "weights.json"
EXTRA_NAME = "ECB_Dev_Event_gold_mentions.json"  # Barhom et al. 2019's dev split: topics 2 5 12 18 21 23 34 35
THRESHOLDS = (0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.50)


def extra_topics(extra: Path) -> frozenset[int]:
    return frozenset(int(r["doc_id"].split("_")[0]) for r in json.loads(extra.read_text(encoding="utf-8"))) & TRAIN_TOPICS


def clusters_by_cut(corpus: P.Corpus) -> dict[float, list[list[int]]]:
    """The model's clusters (within gold topics, as eval/ecbplus.py) at every cut of the grid."""
    model = load_model()
    pairs = P.topic_pairs(corpus)
    probabilities = P.zero_apart(corpus, pairs, [model.probability(r) for r in P.feature_rows(corpus, pairs)])
    vetoes = P.vetoed(corpus, pairs)
    return {t: P.cluster_topics(corpus, pairs, probabilities, t, model.cannot_link_below, vetoes) for t in THRESHOLDS}


def score(corpus: P.Corpus, found: list[list[int]], topics: set[int]) -> float:
    keep = {i for i, g in enumerate(corpus.golds) if g.topic in topics}
    return conll_f1(corpus.gold_clusters(sorted(keep)), [c for c in found if c[0] in keep])["conll"]


def choose(corpus: P.Corpus, found: dict[float, list[list[int]]]) -> dict:
    topics = sorted({g.topic for g in corpus.golds})
    table = {t: score(corpus, c, set(topics)) for t, c in found.items()}
    best = max(table, key=lambda t: (table[t], -abs(t - 0.5)))
    held = []
    for out in topics:
        rest = set(topics) - {out}
        pick = max(found, key=lambda t: (score(corpus, found[t], rest), -abs(t - 0.5)))
        held.append(score(corpus, found[pick], {out}))
    return {
        "threshold": best,
        "topics": topics,
        "mentions": len(corpus.golds),
        "chains": len(corpus.gold_clusters()),
        "conll_by_cut": {f"{t:.2f}": f for t, f in table.items()},
        "leave_one_topic_out_conll": round(sum(held) / len(held), 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--extra", type=Path, help=f"the literature's training mentions (default: DATA/{EXTRA_NAME})")
    parser.add_argument("--write", action="store_true", help="write the cut and its provenance into weights.json")
    args = parser.parse_args(argv)
    extra = args.extra or args.data / EXTRA_NAME
    if not extra.is_file():
        print(f"{extra}: not there; the ECB+ cut stays as weights.json has it")
        return 0
    corpus = P.load(extra_topics(extra), args.data, extra=extra)
    found = choose(corpus, clusters_by_cut(corpus))
    print(json.dumps(found, indent=1))
    if args.write:
        data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
        data["threshold"] = found["threshold"]
        data["provenance"]["literature_cut"] = {
            **found,
            "script": "eval/fit_cut.py",
            "data": f"mentions.jsonl plus the singletons and within-document chains of {extra.name} (training topics only)",
        }
        WEIGHTS.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
