"""The frozen MiniLM encoder behind the ``accurate`` mode: alignment onto spaCy tokens."""

from __future__ import annotations

import numpy as np
import pytest

from according.errors import InputError
from according.extraction import encoder as enc_mod
from according.extraction.encoder import ContextEncoder
from tests.markers import needs_mpnet


@pytest.fixture(scope="module")
def encoder():
    return ContextEncoder()


def test_every_word_token_gets_a_vector_and_whitespace_gets_none(encoder, nlp):
    doc = nlp("The minister said:\n\n\u201cWe will rebuild the port,\u201d on Monday.")
    (vecs,) = encoder([doc])
    assert vecs.shape == (len(doc), encoder.dim) and vecs.dtype == np.float32
    for tok, v in zip(doc, vecs, strict=True):
        assert bool(np.abs(v).sum() > 0) == (not tok.is_space), tok.text


def test_long_documents_are_split_into_windows_that_cover_every_token(encoder, nlp, monkeypatch):
    monkeypatch.setattr(enc_mod, "WINDOW", 12)
    doc = nlp(" ".join(f"Officials said the {w} port would reopen." for w in
                       ("north", "south", "east", "west", "old", "new")))
    assert len(encoder._windows(0, doc)) > 3
    (vecs,) = encoder([doc])
    assert (np.abs(vecs).sum(1) > 0).all()


@pytest.mark.parametrize("precision", ["int8", "bf16"])
def test_a_document_gets_the_same_vectors_alone_or_in_a_batch(nlp, precision):
    encoder = ContextEncoder(precision=precision)
    a = nlp("Police said two people were hurt.")
    b = nlp("The mayor, who spoke to reporters on Tuesday, said the bridge would stay shut for weeks.")
    alone = encoder([a])[0]
    together = encoder([b, a])[1]
    assert np.allclose(alone, together, atol=1e-5)  # CPU windows run alone: no batch effects


def test_auto_precision_is_float32_on_a_gpu_and_bf16_only_where_the_cpu_has_it(monkeypatch):
    monkeypatch.setattr(enc_mod, "native_bf16", lambda: True)
    assert enc_mod.resolve_precision("auto", "cpu") == "bf16"
    assert enc_mod.resolve_precision("auto", "cuda") == "fp32"
    monkeypatch.setattr(enc_mod, "native_bf16", lambda: False)
    assert enc_mod.resolve_precision("auto", "cpu") == "int8"
    assert enc_mod.resolve_precision("fp32", "cpu") == "fp32"
    with pytest.raises(InputError, match="unknown 'fp8'"):
        enc_mod.resolve_precision("fp8", "cpu")


@pytest.mark.parametrize("precision", ["int8", "bf16"])
def test_each_cpu_precision_stays_close_to_float32(nlp, precision):
    """bf16 is closer to float32 than smoothed int8 is (mean difference 0.003 against 0.03 on
    dev; per-tensor int8 was 0.16)."""
    doc = nlp("The minister said on Monday that the port would reopen within weeks.")
    fp32 = ContextEncoder(precision="fp32")([doc])[0]
    other = ContextEncoder(precision=precision)([doc])[0]
    diff = float(np.abs(other - fp32).mean())
    assert diff < (0.1 if precision == "int8" else 0.02), diff


def test_bf16_windows_are_padded_to_few_shapes_without_changing_the_vectors(nlp, monkeypatch):
    doc = nlp("Police said two people were hurt.")
    enc = ContextEncoder(precision="bf16")
    padded = enc([doc])[0]
    monkeypatch.setattr(enc_mod, "BF16_PAD", 1)
    assert np.allclose(enc([doc])[0], padded, atol=0.1)
    ids, mask, _ = enc_mod.pad_windows(enc.encode_windows([doc]), multiple=32)
    assert ids.shape[1] == 32 and int(mask.sum()) < 32


def test_an_unknown_encoder_is_an_input_error():
    with pytest.raises(InputError, match="unknown encoder"):
        ContextEncoder("bert-huge")


def test_regression_an_unparsed_long_text_gets_vectors_to_its_last_token(encoder):
    """A doc without sentence boundaries used to be one window truncated at 512 word pieces."""
    import spacy

    doc = spacy.blank("en")(" ".join(["officials said the harbour would reopen"] * 150))
    (vecs,) = encoder([doc])
    assert (np.abs(vecs).sum(1) > 0).all()
    windows = encoder._windows(0, doc)
    assert len(windows) > 1 and all(doc.text[w.char_start].isalpha() for w in windows)


def test_pool_tokens_averages_each_tokens_pieces_and_leaves_others_zero():
    import torch

    from according.extraction.encoder import pool_tokens

    hidden = torch.arange(12, dtype=torch.float32).view(1, 6, 2)
    tok = torch.tensor([[-1, 0, 0, 2, 2, -1]])  # [CLS], two pieces each for tokens 0 and 2, [SEP]
    pooled = pool_tokens(hidden, tok, 3)[0].numpy()
    assert np.allclose(pooled, [[3, 4], [0, 0], [7, 8]])


@pytest.mark.parametrize("name", ["minilm-l6", pytest.param("mpnet", marks=needs_mpnet)])
def test_the_traced_int8_encoder_gives_the_eager_vectors_for_any_window_length(name):
    """The int8 path runs one frozen TorchScript graph, traced on its first window (MPNet's
    relative position buckets depend on the length, and are traced as such)."""
    import torch

    enc = ContextEncoder(name, enc_mod.ENCODER_LAYERS[name], precision="int8")
    rng = np.random.default_rng(0)
    for n in (40, 3, enc_mod.MAX_PIECES + 2):  # traced on the first, then shorter and longest
        ids = torch.from_numpy(np.r_[101, rng.integers(1000, 29000, n - 2), 102])[None]
        traced = enc._traced(ids)(ids)
        with torch.no_grad():
            out = enc.model(ids)
        eager = torch.cat([out[j] for j in enc.layers], -1)
        assert traced.shape == (1, n, enc.dim) and torch.equal(traced, eager), n
