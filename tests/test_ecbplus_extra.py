"""The literature's other ECB+ mentions (singletons and within-document chains, read from a file in
the shape Barhom et al. 2019 publish) join mentions.jsonl's with their sentences. Hand-made data."""

from __future__ import annotations

import json

from eval.ecbplus_data import Gold, read_extra

KNOWN = "The ferry ran aground near the harbour on Tuesday, the coastguard said."


def _data(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "7_2ecbplus.txt").write_text(
        "http://example.org/ferry\n\nFerry runs aground.\n\n" + KNOWN + " Divers inspected the hull. Passengers waited for hours.",
        encoding="utf-8",
    )
    return tmp_path


def _extra(tmp_path, rows):
    path = tmp_path / "extra.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


def test_extra_mentions_take_known_sentences_and_skip_cross_document_chains(tmp_path):
    data = _data(tmp_path)
    known = Gold(0, "7_2ecbplus", 7, "7ecbplus", 3, KNOWN, "ran aground", "ACT123")
    rows = [
        # an ecbplus sent_id counts from the first text sentence: ours is one more
        {"doc_id": "7_2ecbplus", "sent_id": 2, "tokens_str": "said", "coref_chain": "Singleton_ACT_9_7_2ecbplus"},
        {"doc_id": "7_2ecbplus", "sent_id": 2, "tokens_str": "ran aground", "coref_chain": "ACT123"},
        {"doc_id": "7_2ecbplus", "sent_id": 5, "tokens_str": "inspected", "coref_chain": "INTRA_ACT_4_7_2ecbplus"},
        {"doc_id": "9_1ecb", "sent_id": 0, "tokens_str": "fell", "coref_chain": "Singleton_ACT_1_9_1ecb"},
    ]
    found = read_extra(_extra(tmp_path, rows), [known], data, topics=frozenset({7}))
    assert [(g.trigger, g.sentence_index, g.chain) for g in found] == [
        ("said", 3, "Singleton_ACT_9_7_2ecbplus"),
        ("inspected", 6, "INTRA_ACT_4_7_2ecbplus"),
    ]
    assert found[0].sentence == KNOWN
    assert found[1].sentence == "Divers inspected the hull."
    assert {g.index for g in found}.isdisjoint({known.index}) and found[0].subtopic == "7ecbplus"
