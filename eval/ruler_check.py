#!/usr/bin/env python3
"""The quick attribute ruler (tracker.ruler.QuickRuler) against spaCy's own, on Timeline17.

    python eval/ruler_check.py [--articles 320] [--t17 ../shared/data/t17] [--json]

Articles are taken evenly over the 8 stories' files, read by tracker.ingest, cut into paragraphs
as the mentions stage cuts them, and run through spaCy up to the parser once. Each paragraph is
then copied twice: one copy goes through spaCy's own AttributeRuler code, the other through the
quick ruler, both then through the lemmatizer. Every token's POS, TAG, DEP, MORPH and LEMMA must
be the same; the first differences are printed and the exit status is 1 when there is any.
The CPU seconds of each ruler are printed beside (the quick one starts with nothing remembered).

Evaluation only: reads ../shared/data at run time, writes nothing into the project.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
T17 = ROOT.parent / "shared" / "data" / "t17"
SUFFIXES = (".txt", ".md", ".html")


def chosen_files(t17: Path, count: int) -> list[Path]:
    files = sorted(p for p in t17.rglob("*") if p.suffix in SUFFIXES and "gold" not in p.parts)
    if not files:
        raise SystemExit(f"{t17}: no Timeline17 articles found")
    count = min(count, len(files))
    return [files[round(i * (len(files) - 1) / max(count - 1, 1))] for i in range(count)]


def paragraphs(files: list[Path]) -> tuple[list[str], int]:
    from tracker.errors import TrackerError
    from tracker.ingest import read_article
    from tracker.mentions.sentences import MAX_PARSE_CHARS, PARAGRAPH, pieces

    texts, read = [], 0
    for path in files:
        try:
            body = read_article(path).body
        except TrackerError:  # a page without article text: the build refuses it too
            continue
        read += 1
        texts += [t for m in PARAGRAPH.finditer(body) if m.group().strip() for _, t in pieces(m.start(), m.group(), MAX_PARSE_CHARS)]
    return texts, read


def compare(texts: list[str]) -> dict:
    from spacy.pipeline import AttributeRuler

    from tracker.nlp import load_nlp
    from tracker.ruler import QuickRuler

    nlp = load_nlp()
    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    quick = ruler.match.__self__
    if not isinstance(quick, QuickRuler):
        raise SystemExit("the loaded pipeline's attribute ruler is not quickened: nothing to compare")
    before = nlp.pipe_names[: nlp.pipe_names.index("attribute_ruler")]
    with nlp.select_pipes(enable=before):
        parsed = list(nlp.pipe(texts))
    theirs, ours = [d.copy() for d in parsed], [d.copy() for d in parsed]
    seconds = {}
    began = time.process_time()
    for doc in theirs:
        AttributeRuler.set_annotations(ruler, doc, AttributeRuler.match(ruler, doc))
    seconds["spacy_ruler_cpu_s"] = round(time.process_time() - began, 2)
    began = time.process_time()
    for doc in ours:
        quick.set_annotations(doc, quick.match(doc))
    seconds["quick_ruler_cpu_s"] = round(time.process_time() - began, 2)
    for doc in [*theirs, *ours]:
        lemmatizer(doc)
    return {**seconds, "keys_remembered": len(quick.plans), **_differences(theirs, ours)}


def _differences(theirs, ours) -> dict:
    tokens, changed, differ = 0, 0, []
    for a, b in zip(theirs, ours, strict=True):
        for x, y in zip(a, b, strict=True):
            tokens += 1
            left = (x.pos_, x.tag_, x.dep_, str(x.morph), x.lemma_)
            changed += x.pos_ != ""
            if left != (y.pos_, y.tag_, y.dep_, str(y.morph), y.lemma_):
                differ.append({"token": x.text, "spacy": left, "quick": (y.pos_, y.tag_, y.dep_, str(y.morph), y.lemma_)})
    return {"tokens": tokens, "tokens_with_pos": changed, "tokens_differing": len(differ), "first_differences": differ[:10]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--articles", type=int, default=320)
    parser.add_argument("--t17", type=Path, default=T17)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    texts, read = paragraphs(chosen_files(args.t17, args.articles))
    found = {"articles": read, "paragraphs": len(texts), **compare(texts)}
    if args.json:
        print(json.dumps(found))
    else:
        for key, value in found.items():
            print(f"{key:20} {value}")
    return 1 if found["tokens_differing"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
