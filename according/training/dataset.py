"""Parsing a PolNeAR split once and caching the spaCy docs (with tensors) and gold labels."""

from __future__ import annotations

import hashlib
import logging
import pickle
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, DocBin

from according.extraction.features import FEATURE_VERSION, DocFeatures, featurize
from according.extraction.nlp import load_nlp
from according.extraction.quantize import INT8_VERSION
from according.extraction.tagger import TAGS
from according.training.brat import GoldDoc, read_dir

log = logging.getLogger(__name__)
TAG_ID = {t: i for i, t in enumerate(TAGS)}
_ROLE_TAG = {"source": "SRC", "cue": "CUE", "content": "CON"}
#: Which role wins when gold labels of different attributions overlap on a token.
_PRIORITY = {"cue": 3, "source": 2, "content": 1}


@dataclass
class Example:
    """One training document: gold, parse, features and gold tag ids."""

    gold: GoldDoc
    doc: Doc
    feats: DocFeatures
    tags: np.ndarray
    #: Encoder vectors computed different ways (int8 CPU, float32 GPU) for training on both.
    ctx_variants: list[np.ndarray] = field(default_factory=list)


def gold_tags(doc: Doc, gold: GoldDoc) -> np.ndarray:
    """BIO tag id per token: a token takes the role of any gold piece it overlaps."""
    n = len(doc)
    starts = np.array([t.idx for t in doc], dtype=np.int64)
    ends = starts + np.array([len(t) for t in doc], dtype=np.int64)
    role = [""] * n
    piece_of = [-1] * n
    pid = 0
    for att in gold.attributions:
        for r in ("content", "source", "cue"):
            for s, e in getattr(att, r) or ():
                idx = np.nonzero((starts < e) & (ends > s))[0]
                for i in idx:
                    if doc[i].is_space:
                        continue
                    if not role[i] or _PRIORITY[r] > _PRIORITY[role[i]]:
                        role[i], piece_of[i] = r, pid
                pid += 1
    tags = np.zeros(n, dtype=np.int64)
    for i in range(n):
        if not role[i]:
            continue
        prev_same = i > 0 and role[i - 1] == role[i] and piece_of[i - 1] == piece_of[i]
        tags[i] = TAG_ID[("I-" if prev_same else "B-") + _ROLE_TAG[role[i]]]
    return tags


def cache_key(data_dir: Path, spacy_model: str) -> str:
    h = hashlib.sha1(f"{data_dir.resolve()}|{spacy_model}".encode()).hexdigest()[:12]
    return f"{data_dir.name}-{h}"


def load_split(data_dir: str | Path, cache_dir: str | Path | None, spacy_model: str,
               batch_size: int = 16, n_process: int = 1,
               feature_version: int = FEATURE_VERSION) -> list[Example]:
    """Gold docs of ``data_dir`` parsed with ``spacy_model`` (in ``n_process`` processes, -1: every
    core) and featurized (``feature_version``); parses are cached in ``cache_dir``."""
    data_dir = Path(data_dir)
    golds = read_dir(data_dir)
    nlp = load_nlp(spacy_model)
    docs: list[Doc] | None = None
    cache = Path(cache_dir) / cache_key(data_dir, spacy_model) if cache_dir else None
    if cache and (cache / "docs.spacy").exists():
        with open(cache / "tensors.pkl", "rb") as fh:
            tensors = pickle.load(fh)
        docs = list(DocBin().from_disk(cache / "docs.spacy").get_docs(nlp.vocab))
        if len(docs) == len(golds) and all(d.text == g.text for d, g in zip(docs, golds, strict=False)):
            for d, t in zip(docs, tensors, strict=False):
                d.tensor = t.astype(np.float32)
            log.info("loaded %d cached parses from %s", len(docs), cache)
        else:
            docs = None
    if docs is None:
        log.info("parsing %d documents of %s", len(golds), data_dir)
        docs = list(nlp.pipe([g.text for g in golds], batch_size=batch_size, n_process=n_process))
        for d in docs:  # the cache stores float16: train on the same values either way
            d.tensor = d.tensor.astype(np.float16).astype(np.float32)
        if cache:
            cache.mkdir(parents=True, exist_ok=True)
            DocBin(store_user_data=False, docs=docs).to_disk(cache / "docs.spacy")
            with open(cache / "tensors.pkl", "wb") as fh:
                pickle.dump([d.tensor.astype(np.float16) for d in docs], fh)
    return [Example(g, d, featurize(d, version=feature_version), gold_tags(d, g))
            for g, d in zip(golds, docs, strict=False)]


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, in hex ("" when it is missing)."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def add_context(examples: list[Example], data_dir: str | Path, cache_dir: str | Path | None,
                spacy_model: str, encoder: str, layers: tuple[int, ...],
                precisions: tuple[str, ...] = ("int8", "fp32"),
                weights_file: str | Path | None = None) -> int:
    """Attach encoder vectors (int8 and float32 variants, float16 in memory) to ``examples``.

    ``feats.ctx`` gets the first of the ``precisions`` (int8: what a CPU without native
    bfloat16 uses at run time). ``weights_file`` holds tuned layers of the encoder
    (``tagger.ENCODER_FILE``); their vectors are cached under a name of their own. Returns
    the width.
    """
    from according.extraction.encoder import ContextEncoder

    weights, suffix = None, ""
    if weights_file:
        from according.extraction.tagger import read_encoder_file

        weights = read_encoder_file(weights_file)
        suffix = "-tuned" + file_digest(Path(weights_file))[:12]
    docs = [e.doc for e in examples]
    lengths = [len(d) for d in docs]
    key = cache_key(Path(data_dir), spacy_model)
    variants: list[list[np.ndarray]] = []
    for precision in precisions:
        variant = f"int8v{INT8_VERSION}" if precision == "int8" else precision
        tag = f"{encoder}-{'-'.join(map(str, layers))}-{variant}{suffix}.npy"
        path = Path(cache_dir) / key / tag if cache_dir else None
        flat = None
        if path and path.exists():
            flat = np.load(path, mmap_mode=None)
            if flat.shape[0] != sum(lengths):
                flat = None
        if flat is None:
            log.info("encoding %d documents with %s (%s)", len(docs), encoder, precision)
            enc = ContextEncoder(encoder, layers, "cpu", precision=precision, weights=weights)
            out = []
            for i in range(0, len(docs), 32):
                out.extend(v.astype(np.float16) for v in enc(docs[i:i + 32]))
            flat = np.concatenate(out) if out else np.zeros((0, enc.dim), np.float16)
            if path:
                path.parent.mkdir(parents=True, exist_ok=True)
                np.save(path, flat)
        cuts = np.cumsum([0, *lengths])
        variants.append([flat[a:b] for a, b in zip(cuts[:-1], cuts[1:], strict=True)])
    for k, e in enumerate(examples):
        e.ctx_variants = [v[k] for v in variants]
        e.feats.ctx = e.ctx_variants[0]
    return int(variants[0][0].shape[1]) if examples else 0
