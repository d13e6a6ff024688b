"""Learned sequence-tagging extractors (modes ``fast`` and ``accurate``).

A small BiLSTM reads each parsed document (spaCy's tok2vec tensor plus hashed lexical and
syntactic features, see :mod:`according.extraction.features`; in ``accurate`` mode also the
vectors of a frozen MiniLM encoder, see :mod:`according.extraction.encoder`) and tags every
token as part of a SOURCE, CUE or CONTENT span (BIO). :mod:`according.extraction.linking` then
groups the spans into attributions around their cues. Weights ship in
``according/models/fast/`` and ``according/models/accurate/``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import torch
from torch import nn

from according.config import MODELS_DIR, Settings
from according.errors import InputError
from according.extraction.base import Candidate
from according.extraction.features import (
    DENSE_DIM,
    FEATURE_VERSION,
    FLAG_NAMES,
    ID_COLUMNS,
    DocFeatures,
    featurize,
)
from according.registry import extractors

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)
TAGS = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON")
ROLE_OF_TAG = (None, "source", "source", "cue", "cue", "content", "content")
SHIPPED_MODELS = {"fast": MODELS_DIR / "fast", "accurate": MODELS_DIR / "accurate",
                  "large": MODELS_DIR / "large"}
WEIGHTS_FILE = "model.safetensors"
CONFIG_FILE = "config.json"
#: Fine-tuned encoder layers of an ``accurate`` model (float16; the rest is the base encoder).
ENCODER_FILE = "encoder.safetensors"


@dataclass
class TaggerConfig:
    """Architecture hyper-parameters (saved next to the weights as ``config.json``)."""

    id_dims: dict[str, int] = field(default_factory=lambda: {
        "lower": 48, "lemma": 32, "shape": 8, "tag": 16, "dep": 16, "ent": 12,
        "head_lemma": 24, "head_dep": 12, "head_tag": 12, "cue_ctx": 8})
    #: spaCy's 96-d tensor is projected onto this many principal components (fixed at training).
    dense_dim: int = 48
    proj: int = 128
    hidden: int = 96
    layers: int = 2
    dropout: float = 0.25
    tags: tuple[str, ...] = TAGS
    #: Platt scaling of an attribution's mean tag probability: sigmoid(a * logit(p) + b).
    calibration: tuple[float, float] = (1.0, 0.0)
    #: Frozen contextual encoder feeding the tagger (see ``extraction.encoder``), or None.
    encoder: str | None = None
    encoder_layers: tuple[int, ...] = ()
    #: Width of the encoder vectors (0 without an encoder) and of their projection.
    ctx_dim: int = 0
    ctx_proj: int = 192
    #: Encoder hidden states whose layers were fine-tuned; their weights are in ``ENCODER_FILE``.
    encoder_tuned: tuple[int, ...] = ()
    #: ``features.featurize`` version the model was trained on (configs without one: 1).
    feature_version: int = FEATURE_VERSION
    #: Subdirectories holding further taggers whose tag probabilities are averaged with this
    #: one's (an ensemble; ``calibration`` above is the ensemble's). See ``training.ensemble``.
    members: tuple[str, ...] = ()
    #: Run the taggers' LSTM and linear layers in int8 on the CPU (dynamic quantisation).
    quantize: bool = False

    @classmethod
    def from_dict(cls, d: dict) -> TaggerConfig:
        d = dict(d)
        d["tags"] = tuple(d.get("tags", TAGS))
        d["calibration"] = tuple(d.get("calibration", (1.0, 0.0)))
        d["encoder_layers"] = tuple(d.get("encoder_layers", ()))
        d["encoder_tuned"] = tuple(d.get("encoder_tuned", ()))
        d["members"] = tuple(d.get("members", ()))
        d.setdefault("feature_version", 1)
        return cls(**d)

    def to_dict(self) -> dict:
        return asdict(self)


class TaggerNet(nn.Module):
    """Embeddings + projection + BiLSTM + per-token tag scores."""

    def __init__(self, config: TaggerConfig) -> None:
        super().__init__()
        self.config = config
        self.embeds = nn.ModuleList(
            nn.Embedding(size, config.id_dims[name]) for name, size in ID_COLUMNS)
        self.register_buffer("dense_mean", torch.zeros(DENSE_DIM))
        self.register_buffer("dense_basis", torch.eye(DENSE_DIM)[:, :config.dense_dim].clone())
        in_dim = config.dense_dim + sum(config.id_dims[n] for n, _ in ID_COLUMNS) + len(FLAG_NAMES)
        if config.ctx_dim:
            self.ctx = nn.Sequential(nn.Dropout(config.dropout), nn.Linear(config.ctx_dim, config.ctx_proj),
                                     nn.ReLU())
            in_dim += config.ctx_proj
        self.proj = nn.Sequential(nn.Linear(in_dim, config.proj), nn.ReLU(), nn.Dropout(config.dropout))
        self.lstm = nn.LSTM(config.proj, config.hidden, num_layers=config.layers,
                            bidirectional=True, batch_first=True,
                            dropout=config.dropout if config.layers > 1 else 0.0)
        self.drop = nn.Dropout(config.dropout)
        self.out = nn.Linear(2 * config.hidden, len(config.tags))

    def forward(self, dense: torch.Tensor, ids: torch.Tensor, flags: torch.Tensor,
                lengths: torch.Tensor | None = None, ctx: torch.Tensor | None = None
                ) -> torch.Tensor:
        """Tag logits (batch, length, tags) for padded feature batches.

        ``dense`` is spaCy's tensor (96-d) or already projected (``dense_dim``-d) training data;
        ``ctx`` the encoder vectors (or their projection, see :func:`predict_probs`), required
        when the model has an encoder.
        """
        if dense.shape[-1] == DENSE_DIM:
            dense = (dense - self.dense_mean) @ self.dense_basis
        emb = [e(ids[..., j]) for j, e in enumerate(self.embeds)]
        parts = [dense, *emb, flags]
        if self.config.ctx_dim:
            if ctx is None:
                raise ValueError("this tagger needs encoder vectors (ctx)")
            projected = ctx.shape[-1] == self.config.ctx_proj != self.config.ctx_dim
            parts.append(ctx if projected else self.ctx(ctx))
        x = self.proj(torch.cat(parts, dim=-1))
        if lengths is not None:
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True,
                                                       enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])
        else:
            h, _ = self.lstm(x)
        return self.out(self.drop(h))


def batch_tensors(feats: list[DocFeatures], device: str = "cpu"
                  ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor,
                             torch.Tensor | None]:
    """Pad a list of documents' features into (dense, ids, flags, lengths, ctx) tensors."""
    n = max(len(f) for f in feats)
    b = len(feats)
    dense = np.zeros((b, n, feats[0].dense.shape[1]), dtype=np.float32)
    ids = np.zeros((b, n, len(ID_COLUMNS)), dtype=np.int64)
    flags = np.zeros((b, n, len(FLAG_NAMES)), dtype=np.float32)
    for i, f in enumerate(feats):
        k = len(f)
        dense[i, :k], ids[i, :k], flags[i, :k] = f.dense, f.ids, f.flags
    ctx = None
    if feats[0].ctx is not None:
        ctx_np = np.zeros((b, n, feats[0].ctx.shape[1]), dtype=np.float32)
        for i, f in enumerate(feats):
            ctx_np[i, :len(f)] = f.ctx
        ctx = torch.from_numpy(ctx_np).to(device)
    lengths = torch.tensor([len(f) for f in feats], dtype=torch.long)
    return (torch.from_numpy(dense).to(device), torch.from_numpy(ids).to(device),
            torch.from_numpy(flags).to(device), lengths, ctx)


def _allowed() -> np.ndarray:
    """allowed[prev, cur]: an I-X tag may only follow B-X or I-X."""
    ok = np.ones((len(TAGS), len(TAGS)), dtype=bool)
    for cur in (2, 4, 6):
        ok[:, cur] = False
        ok[cur - 1, cur] = ok[cur, cur] = True
    return ok


_ALLOWED = _allowed()


def decode(probs: np.ndarray) -> np.ndarray:
    """Most probable valid BIO sequence (every I-X continues a B-X/I-X) under the per-token
    probabilities: Viterbi over the tag lattice. Unlike argmax-then-repair, a single doubtful
    token inside a confident span does not cut it in two (content exact F1 +1.2 on dev)."""
    return decode_many([probs])[0]


def decode_many(probs: list[np.ndarray]) -> list[np.ndarray]:
    """:func:`decode` for several documents at once (one pass over the longest)."""
    if not probs:
        return []
    k = len(TAGS)
    n = max(len(p) for p in probs)
    logp = np.zeros((len(probs), n, k))
    logp[:, :, 1:] = -np.inf  # padding: O, which may follow any tag
    for d, p in enumerate(probs):
        logp[d, :len(p)] = np.log(np.clip(p, 1e-9, 1.0))
    trans = np.where(_ALLOWED, 0.0, -np.inf)
    score = logp[:, 0].copy()
    if n:
        score[:, [2, 4, 6]] = -np.inf
    back = np.zeros((len(probs), n, k), dtype=np.int8)
    for i in range(1, n):
        cand = score[:, :, None] + trans  # (doc, prev, cur)
        back[:, i] = cand.argmax(1)
        score = cand.max(1) + logp[:, i]
    out = []
    for d, p in enumerate(probs):
        m = len(p)
        tags = np.zeros(m, dtype=np.int64)
        if m:
            # padding after the document is O, reachable from any tag: the best end is free
            last = score[d] if m == n else None
            tag = int(last.argmax()) if last is not None else int(_best_end(back[d], m, n))
            tags[m - 1] = tag
            for i in range(m - 1, 0, -1):
                tags[i - 1] = back[d, i, tags[i]]
        out.append(tags)
    return out


def _best_end(back: np.ndarray, m: int, n: int) -> int:
    """Tag at position ``m - 1`` on the best path of a document padded with O up to ``n``."""
    tag = 0
    for i in range(n - 1, m - 1, -1):
        tag = back[i, tag]
    return int(tag)


def load_model(path: str | Path | None = None, device: str = "cpu") -> TaggerNet:
    """The tagger network stored in ``path`` (default: the model shipped with the package)."""
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    root = Path(path) if path else SHIPPED_MODELS["fast"]
    cfg_path, w_path = root / CONFIG_FILE, root / WEIGHTS_FILE
    if not cfg_path.is_file() or not w_path.is_file():
        raise InputError(str(root), f"no tagger model there (needs {CONFIG_FILE} and {WEIGHTS_FILE})")
    try:
        config = TaggerConfig.from_dict(json.loads(cfg_path.read_text(encoding="utf-8")))
        net = TaggerNet(config)
        net.load_state_dict(load_file(str(w_path), device=device))
    except (ValueError, TypeError, KeyError, RuntimeError, OSError, SafetensorError) as exc:
        raise InputError(str(root), f"unreadable tagger model ({exc.__class__.__name__}: "
                         f"{str(exc).splitlines()[0]})") from None
    return net.to(device).eval()


def load_members(path: str | Path, config: TaggerConfig, device: str = "cpu") -> list[TaggerNet]:
    """The further taggers of an ensemble model (none for a single tagger); each must read the
    same features and encoder layers as the model itself."""
    members = []
    for name in config.members:
        net = load_model(Path(path) / name, device)
        c = net.config
        if (c.encoder, c.encoder_layers, c.encoder_tuned, c.feature_version, c.tags) != (
                config.encoder, config.encoder_layers, config.encoder_tuned, config.feature_version,
                config.tags):
            raise InputError(str(Path(path) / name), "ensemble member reads other features or "
                             "encoder layers than its model")
        members.append(net)
    return members


def quantized(net: TaggerNet) -> TaggerNet:
    """An int8 copy of ``net`` for the CPU (LSTM and linear layers, dynamic quantisation): a
    quarter less tagger time, 99.6% of argmax tags unchanged on PolNeAR dev."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.ao.quantization is deprecated in favour of torchao
        return torch.ao.quantization.quantize_dynamic(net.eval(), {nn.LSTM, nn.Linear},
                                                      dtype=torch.qint8)


def runtime_nets(path: str | Path, net: TaggerNet, device: str) -> list[TaggerNet]:
    """The taggers that run for the model in ``path``: itself and its members, in int8 when
    the model asks for it and runs on the CPU."""
    nets = [net, *load_members(path, net.config, device)]
    if net.config.quantize and device == "cpu":
        nets = [quantized(n) for n in nets]
    return nets


def ensemble_probs(nets: list[TaggerNet], feats: list[DocFeatures], device: str = "cpu"
                   ) -> list[np.ndarray]:
    """Tag probabilities per document, averaged over ``nets``."""
    runs = [predict_probs(n, feats, device) for n in nets]
    if len(runs) == 1:
        return runs[0]
    return [sum(ps) / len(ps) for ps in zip(*runs, strict=True)]


def load_encoder_weights(path: str | Path, config: TaggerConfig) -> dict[str, torch.Tensor] | None:
    """The fine-tuned encoder layers stored beside a tagger, or None when it has none."""
    if not config.encoder_tuned:
        return None
    return read_encoder_file(Path(path) / ENCODER_FILE)


def read_encoder_file(file: str | Path) -> dict[str, torch.Tensor]:
    """Tuned encoder layers (``ENCODER_FILE``, keyed as in the encoder's ``state_dict``)."""
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    try:
        return load_file(str(file))
    except (OSError, SafetensorError) as exc:
        raise InputError(str(file), f"the model's fine-tuned encoder layers are unreadable "
                         f"({exc.__class__.__name__})") from None


def tuned_hidden_states(weights: dict[str, Any]) -> tuple[int, ...]:
    """The hidden states (1-based) that tuned weights ``encoder.layer.K.…`` produce: K + 1."""
    found = {int(k.split(".")[2]) + 1 for k in weights
             if k.startswith("encoder.layer.") and k.split(".")[2].isdigit()}
    return tuple(sorted(found))


def save_model(net: TaggerNet, path: str | Path, half: bool = False) -> None:
    """Write ``net`` as ``config.json`` + ``model.safetensors`` into ``path``; with ``half``
    its floating-point weights are stored in float16 (half the size; ``load_model`` widens
    them back to float32)."""
    from safetensors.torch import save_file

    root = Path(path)
    root.mkdir(parents=True, exist_ok=True)
    (root / CONFIG_FILE).write_text(json.dumps(net.config.to_dict(), indent=2) + "\n",
                                    encoding="utf-8")
    state = {k: v.detach().cpu() for k, v in net.state_dict().items()}
    if half:
        state = {k: v.half() if v.is_floating_point() else v for k, v in state.items()}
    save_file({k: v.contiguous() for k, v in state.items()}, str(root / WEIGHTS_FILE))


def round_to_half_(net: TaggerNet) -> TaggerNet:
    """Round ``net``'s floating-point weights through float16 in place: what a model saved
    with ``save_model(half=True)`` computes once loaded."""
    with torch.no_grad():
        for v in net.state_dict().values():
            if v.is_floating_point():
                v.copy_(v.half().float())
    return net


def _resolve_device(device: str) -> str:
    """"auto" → cuda when available; cuda without a GPU falls back to the CPU with a warning."""
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        log.warning("according: warning: device %r: no CUDA GPU available, running on the CPU",
                    device)
        return "cpu"
    return device


def predict_probs(net: TaggerNet, feats: list[DocFeatures], device: str = "cpu",
                  max_batch_tokens: int = 20000) -> list[np.ndarray]:
    """Tag probabilities (n_tokens, n_tags) per document.

    On a CPU a float32 tagger reads each document alone, unpadded: the fused LSTM over one whole
    sequence is faster there than the packed batch (2.5 s against 3.1 s for two taggers on
    PolNeAR dev), and a document's result cannot depend on its batch. GPUs and int8 taggers
    (which scale activations per batch anyway) take batches of up to ``max_batch_tokens``.
    """
    alone = device == "cpu" and not net.config.quantize
    if net.config.ctx_dim and net.config.ctx_proj != net.config.ctx_dim:
        # Project each document's encoder vectors before padding: a padded batch of raw
        # vectors (1152 floats per token) costs time and memory for nothing.
        net.eval()
        with torch.inference_mode():
            feats = [DocFeatures(f.dense, f.ids, f.flags, None if f.ctx is None else
                                 net.ctx(torch.from_numpy(np.asarray(f.ctx, dtype=np.float32))
                                         .to(device)).cpu().numpy()) for f in feats]
    out: list[np.ndarray | None] = [None] * len(feats)
    order = sorted(range(len(feats)), key=lambda i: len(feats[i]))
    batch: list[int] = []

    def flush() -> None:
        nonempty = [i for i in batch if len(feats[i])]
        for i in batch:
            if not len(feats[i]):
                out[i] = np.zeros((0, len(TAGS)), dtype=np.float32)
        if nonempty:
            dense, ids, flags, lengths, ctx = batch_tensors([feats[i] for i in nonempty], device)
            with torch.inference_mode():
                logits = net(dense, ids, flags, lengths if len(nonempty) > 1 else None, ctx)
                probs = torch.softmax(logits, -1).cpu().numpy()
            for row, i in enumerate(nonempty):
                out[i] = probs[row, :len(feats[i])]
        batch.clear()

    for i in order:
        if batch and (alone or (len(batch) + 1) * len(feats[i]) > max_batch_tokens):
            flush()
        batch.append(i)
    if batch:
        flush()
    return out  # type: ignore[return-value]


@extractors.register("fast")
class TaggerExtractor:
    """Attributions from the BiLSTM tagger plus cue-anchored linking (spaCy features only)."""

    name = "fast"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.device = _resolve_device(settings.device)
        root = settings.model_path or SHIPPED_MODELS[self.name]
        self.net = load_model(root, self.device)
        self.encoder = None
        if self.net.config.encoder:
            from according.extraction.encoder import ContextEncoder

            self.encoder = ContextEncoder(self.net.config.encoder, self.net.config.encoder_layers,
                                          self.device, settings.encoder_precision,
                                          weights=load_encoder_weights(root, self.net.config))
        self.nets = runtime_nets(root, self.net, self.device)

    def extract(self, docs: list[Doc]) -> list[list[Candidate]]:
        from according.extraction.linking import link

        feats = [featurize(d, version=self.net.config.feature_version) for d in docs]
        if self.encoder is not None:
            for f, ctx in zip(feats, self.encoder(docs), strict=True):
                f.ctx = ctx
        probs = ensemble_probs(self.nets, feats, self.device)
        cal = self.net.config.calibration
        return [link(doc, p, t, cal) for doc, p, t in zip(docs, probs, decode_many(probs), strict=True)]


@extractors.register("accurate")
class AccurateExtractor(TaggerExtractor):
    """The tagger over spaCy features plus a frozen MiniLM encoder (GPU when ``device`` says so)."""

    name = "accurate"


@extractors.register("large")
class LargeExtractor(TaggerExtractor):
    """The tagger over spaCy features plus frozen all-mpnet-base-v2 layers: the most accurate
    mode, about a fifth of the bare parse's speed on a CPU; meant for a GPU."""

    name = "large"
