"""Fit the happening model: which dated clauses tell a happening of the news at their time.

    python eval/fit_happening.py [--refresh] [--write]

Data: the dated mentions of the real stories (`real_labels.py`, built with true publication
days). A mention is positive when the scorer ties its sentence to one gold happening and its own
time holds the happening's gold date; negative when its sentence reports no gold happening (the
clauses that became noise: background, forecasts, captions, statistics) or reports one with a
date that does not hold it. Ambiguous sentences are left out.

Model: L2 logistic regression over the named cues of `tracker/mentions/cues.py`. Reported:
leave-one-story-out AUC and precision/recall at the chosen threshold (each story scored by a
model fitted on the others), then the model fitted on all stories, written with its provenance to
`tracker/mentions/happening.json` (--write).
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from real_labels import CACHE, load, stories  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "tracker" / "mentions" / "happening.json"
C = 0.5
SEED = 17


def examples(refresh: bool) -> list[tuple[str, dict[str, float], int]]:
    rows = []
    for story in stories():
        for item in load(story, refresh):
            m = item.mention
            if m.time is None or item.ambiguous or m.happening is None:
                continue
            label = 1 if item.happening and item.right_time else 0
            rows.append((item.story, dict(m.cues), label))
    return rows


def _mention_ids(refresh: bool) -> list[str]:
    return [item.mention.id for story in stories() for item in load(story, refresh)
            if item.mention.time is not None and not item.ambiguous and item.mention.happening is not None]


def matrix(rows, names):
    index = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for r, (_, cues, _) in enumerate(rows):
        for k, v in cues.items():
            if k in index:
                x[r, index[k]] = v
    return x, np.array([y for _, _, y in rows])


def fit(x, y):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=2000, random_state=SEED, class_weight="balanced").fit(x, y)


def main(argv=None) -> int:
    from sklearn.metrics import roc_auc_score

    parser = argparse.ArgumentParser()
    parser.add_argument("--refresh", action="store_true")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--loso-out", help="write each mention's held-out probability (JSON) here")
    args = parser.parse_args(argv)
    rows = examples(args.refresh)
    names = sorted({k for _, cues, _ in rows for k in cues})
    x, y = matrix(rows, names)
    groups = np.array([s for s, _, _ in rows])
    print(f"{len(rows)} dated mentions, {int(y.sum())} positive, {len(names)} cues")
    scores = np.zeros(len(rows))
    for story in sorted(set(groups)):
        test = groups == story
        model = fit(x[~test], y[~test])
        scores[test] = model.predict_proba(x[test])[:, 1]
        print(f"  held out {story:<36} n={test.sum():4d} pos={int(y[test].sum()):4d} AUC {roc_auc_score(y[test], scores[test]):.3f}")
    print(f"leave-one-story-out AUC {roc_auc_score(y, scores):.3f}")
    ids = _mention_ids(False)  # every held-out probability, for eval/fit_events.py
    Path(args.loso_out or CACHE / "happening_loso.json").write_text(json.dumps(dict(zip(ids, scores.round(4).tolist()))), encoding="utf-8"
    )
    for t in (0.3, 0.4, 0.5, 0.6):
        keep = scores >= t
        p = y[keep].mean() if keep.any() else 0
        r = keep[y == 1].mean()
        print(f"  threshold {t:.1f}: keeps {keep.mean():.2f} of mentions, precision {p:.2f}, recall {r:.2f}")
    model = fit(x, y)
    weights = dict(sorted(zip(names, model.coef_[0].round(4).tolist()), key=lambda kv: -abs(kv[1])))
    for k, v in list(weights.items())[:25]:
        print(f"  {k:<24} {v:+.3f}")
    if args.write:
        import sklearn

        OUT.write_text(json.dumps({
            "about": "Happening model: logistic regression over mention cues (tracker/mentions/cues.py)",
            "fitted_by": "eval/fit_happening.py",
            "data": "dated mentions of ../shared/data/real-stories (all six stories), true publication days, "
                    "labels from ../shared/eval/score_story.py matching",
            "examples": len(rows), "positives": int(y.sum()),
            "loso_auc": round(float(roc_auc_score(y, scores)), 3),
            "C": C, "seed": SEED, "class_weight": "balanced", "sklearn": sklearn.__version__,
            "date": datetime.date.today().isoformat(),
            "intercept": round(float(model.intercept_[0]), 4), "weights": weights,
        }, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
