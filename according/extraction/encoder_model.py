"""The frozen encoders' transformer stacks (BERT for MiniLM, MPNet) in plain torch.

``according`` only ever runs these encoders forward through their first few layers, so the
network is small enough to write out here. Importing the transformers model classes instead
cost every run about 3.4 s and 150 MB before the first article (they pull in torch's compiler,
sympy and scipy), for arithmetic these modules do identically, op for op. The checkpoint is
the Hugging Face folder the pinned package ships (``config.json``, ``model.safetensors``,
``tokenizer.json``); module and parameter names mirror transformers'
(``encoder.layer.0.attention.self.query``), so its weights load as they are and the shipped
smoothing calibrations (``quantize``) keep their keys. Only the layers read are built and
loaded.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn
from torch.nn import functional as F

from according.errors import InputError

#: MPNet's padding id; its position ids count from here (fairseq's convention).
MPNET_PAD = 1
KINDS = ("bert", "mpnet")


@dataclass(frozen=True)
class EncoderConfig:
    """The architecture read from a checkpoint's ``config.json``, cut to ``layers`` layers."""

    kind: str
    vocab: int
    hidden: int
    heads: int
    intermediate: int
    layers: int
    max_positions: int
    eps: float
    type_vocab: int = 0
    buckets: int = 0

    @classmethod
    def read(cls, folder: str | Path, layers: int) -> EncoderConfig:
        path = Path(folder) / "config.json"
        try:
            c = json.loads(path.read_text(encoding="utf-8"))
            kind = c["model_type"]
            if kind not in KINDS or c.get("hidden_act", "gelu") != "gelu":
                raise ValueError(f"unsupported encoder ({kind}, {c.get('hidden_act')})")
            if not 0 <= layers <= c["num_hidden_layers"]:
                raise ValueError(f"it has {c['num_hidden_layers']} layers, not {layers}")
            return cls(kind=kind, vocab=c["vocab_size"], hidden=c["hidden_size"],
                       heads=c["num_attention_heads"], intermediate=c["intermediate_size"],
                       layers=layers, max_positions=c["max_position_embeddings"],
                       eps=c["layer_norm_eps"], type_vocab=c.get("type_vocab_size", 0),
                       buckets=c.get("relative_attention_num_buckets", 0))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InputError(str(path), f"unreadable encoder configuration ({exc})") from None


def _container(**children: nn.Module) -> nn.Module:
    """A module holding ``children`` under their names (only there to mirror the checkpoint's
    parameter names)."""
    box = nn.Module()
    for name, child in children.items():
        box.add_module(name, child)
    return box


class Embeddings(nn.Module):
    """Word + (token type) + position embeddings, then LayerNorm."""

    def __init__(self, c: EncoderConfig) -> None:
        super().__init__()
        self.kind = c.kind
        self.word_embeddings = nn.Embedding(c.vocab, c.hidden)
        self.position_embeddings = nn.Embedding(c.max_positions, c.hidden)
        if c.kind == "bert":
            self.token_type_embeddings = nn.Embedding(c.type_vocab, c.hidden)
        self.LayerNorm = nn.LayerNorm(c.hidden, eps=c.eps)
        self.register_buffer("position_ids", torch.arange(c.max_positions)[None], persistent=False)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        if self.kind == "bert":
            x = self.word_embeddings(ids) + self.token_type_embeddings(torch.zeros_like(ids))
            x = x + self.position_embeddings(self.position_ids[:, :ids.shape[1]])
        else:
            real = ids.ne(MPNET_PAD).int()
            positions = (torch.cumsum(real, dim=1).type_as(real) * real).long() + MPNET_PAD
            x = self.word_embeddings(ids) + self.position_embeddings(positions)
        return self.LayerNorm(x)


class Layer(nn.Module):
    """One post-LayerNorm transformer block: self-attention, then the GELU feed-forward.

    BERT attends through ``scaled_dot_product_attention`` with a boolean key mask, MPNet
    through an explicit softmax over scores plus its relative position bias and an additive
    mask, as the two reference implementations do.
    """

    def __init__(self, c: EncoderConfig) -> None:
        super().__init__()
        self.kind, self.heads, self.head_dim = c.kind, c.heads, c.hidden // c.heads
        h = c.hidden
        if c.kind == "bert":
            self.attention = _container(
                self=_container(query=nn.Linear(h, h), key=nn.Linear(h, h), value=nn.Linear(h, h)),
                output=_container(dense=nn.Linear(h, h), LayerNorm=nn.LayerNorm(h, eps=c.eps)))
        else:
            self.attention = _container(
                attn=_container(q=nn.Linear(h, h), k=nn.Linear(h, h), v=nn.Linear(h, h),
                                o=nn.Linear(h, h)),
                LayerNorm=nn.LayerNorm(h, eps=c.eps))
        self.intermediate = _container(dense=nn.Linear(h, c.intermediate))
        self.output = _container(dense=nn.Linear(c.intermediate, h), LayerNorm=nn.LayerNorm(h, eps=c.eps))

    def _heads(self, x: torch.Tensor) -> torch.Tensor:
        return x.view(*x.shape[:-1], -1, self.head_dim).transpose(1, 2)

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None = None,
                bias: torch.Tensor | None = None) -> torch.Tensor:
        """``mask``: (batch, 1, 1, pieces), boolean (BERT) or additive (MPNet), None when
        nothing is padded; ``bias``: MPNet's (batch, heads, pieces, pieces) position bias."""
        att = self.attention
        if self.kind == "bert":
            s = att.self
            ctx = F.scaled_dot_product_attention(
                self._heads(s.query(x)), self._heads(s.key(x)), self._heads(s.value(x)),
                attn_mask=mask, scale=self.head_dim ** -0.5)
            ctx = ctx.transpose(1, 2).reshape(*x.shape[:-1], -1)
            a = att.output.LayerNorm(att.output.dense(ctx) + x)
        else:
            s = att.attn
            scores = torch.matmul(self._heads(s.q(x)), self._heads(s.k(x)).transpose(-1, -2))
            scores = scores / math.sqrt(self.head_dim)
            if bias is not None:
                scores = scores + bias
            if mask is not None:
                scores = scores + mask
            ctx = torch.matmul(F.softmax(scores, dim=-1), self._heads(s.v(x)))
            ctx = ctx.permute(0, 2, 1, 3).contiguous().view(*x.shape[:-1], -1)
            a = att.LayerNorm(s.o(ctx) + x)
        return self.output.LayerNorm(self.output.dense(F.gelu(self.intermediate.dense(a))) + a)


class Stack(nn.Module):
    """The blocks, plus MPNet's relative position bias table."""

    def __init__(self, c: EncoderConfig) -> None:
        super().__init__()
        self.kind, self.buckets = c.kind, c.buckets
        self.layer = nn.ModuleList(Layer(c) for _ in range(c.layers))
        if c.kind == "mpnet":
            self.relative_attention_bias = nn.Embedding(c.buckets, c.heads)

    def position_bias(self, x: torch.Tensor) -> torch.Tensor:
        """MPNet's (batch, heads, n, n) bias from bucketed relative positions (T5's scheme:
        exact up to 8 apart, logarithmic buckets up to 128, each direction its own half)."""
        b, n = x.shape[0], x.shape[1]
        pos = torch.arange(n, dtype=torch.long, device=x.device)
        rel = pos[None, :] - pos[:, None]
        half = self.buckets // 2
        exact = half // 2
        dist = -rel
        bucket = (dist < 0).to(torch.long) * half
        dist = torch.abs(dist)
        far = exact + (torch.log(dist.float() / exact) / math.log(128 / exact)
                       * (half - exact)).to(torch.long)
        far = torch.min(far, torch.full_like(far, half - 1))
        bucket = bucket + torch.where(dist < exact, dist, far)
        values = self.relative_attention_bias(bucket).permute([2, 0, 1]).unsqueeze(0)
        return values.expand((b, -1, n, n)).contiguous()


class EncoderModel(nn.Module):
    """Word-piece ids (batch, pieces) → hidden states: the embeddings' output, then each
    layer's (index ``k`` is hidden state ``k``, as in transformers' ``hidden_states``)."""

    def __init__(self, config: EncoderConfig) -> None:
        super().__init__()
        self.config = config
        self.embeddings = Embeddings(config)
        self.encoder = Stack(config)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor | None = None) -> list[torch.Tensor]:
        """``mask`` (batch, pieces): 1 for real pieces, 0 for padding; None for none."""
        h = self.embeddings(ids)
        prepared = None if mask is None else attention_mask(mask, self.config.kind, h.dtype)
        bias = self.encoder.position_bias(h) if self.config.kind == "mpnet" else None
        out = [h]
        for layer in self.encoder.layer:
            h = layer(h, prepared, bias)
            out.append(h)
        return out

    def hidden(self, ids: torch.Tensor, layers: tuple[int, ...],
               mask: torch.Tensor | None = None) -> torch.Tensor:
        """The hidden states ``layers`` concatenated per piece, in float32."""
        states = self(ids, mask)
        return torch.cat([states[j] for j in layers], -1).float()


def attention_mask(mask: torch.Tensor, kind: str, dtype: torch.dtype) -> torch.Tensor:
    """A 0/1 (batch, pieces) mask as a ``kind`` encoder's layers take it (:meth:`Layer.forward`)."""
    keys = mask[:, None, None, :]
    if kind == "bert":
        return keys.bool()
    return (1.0 - keys.to(dtype)) * torch.finfo(dtype).min


def load_encoder_model(folder: str | Path, layers: int) -> EncoderModel:
    """The encoder in ``folder`` (a Hugging Face checkpoint) cut after ``layers`` layers, in
    float32 and eval mode; only the tensors those layers use are read."""
    from safetensors import SafetensorError, safe_open

    config = EncoderConfig.read(folder, layers)
    model = EncoderModel(config)
    wanted = model.state_dict()
    path = Path(folder) / "model.safetensors"
    try:
        with safe_open(str(path), framework="pt") as fh:
            names = set(fh.keys())  # noqa: SIM118 (safe_open API)
            prefix = "" if "embeddings.word_embeddings.weight" in names else f"{config.kind}."
            missing = [k for k in wanted if prefix + k not in names]
            if missing:
                raise ValueError(f"no {missing[0]}")
            model.load_state_dict({k: fh.get_tensor(prefix + k).float() for k in wanted})
    except (OSError, ValueError, RuntimeError, SafetensorError) as exc:
        raise InputError(str(path), f"unreadable encoder weights ({exc})") from None
    return model.eval()


def ffn_widths(weights: dict[str, torch.Tensor]) -> dict[int, int]:
    """Layer index → feed-forward width of the tuned layers in ``weights`` (keyed as in the
    encoder's ``state_dict``): pruned layers keep fewer neurons than the checkpoint's."""
    out = {}
    for key, value in weights.items():
        parts = key.split(".")
        if (len(parts) == 6 and parts[:2] == ["encoder", "layer"] and parts[2].isdigit()
                and parts[3:] == ["intermediate", "dense", "weight"]):
            out[int(parts[2])] = int(value.shape[0])
    return out


def keep_ffn_(layer: Layer, neurons: torch.Tensor) -> Layer:
    """Cut ``layer``'s feed-forward block to ``neurons`` (indices into its hidden units), in
    place: their rows of the first matrix, their columns of the second, nothing else."""
    first, second = layer.intermediate.dense, layer.output.dense
    idx = neurons.to(torch.long).sort().values
    new_first = nn.Linear(first.in_features, len(idx), dtype=first.weight.dtype)
    new_second = nn.Linear(len(idx), second.out_features, dtype=second.weight.dtype)
    with torch.no_grad():
        new_first.weight.copy_(first.weight[idx])
        new_first.bias.copy_(first.bias[idx])
        new_second.weight.copy_(second.weight[:, idx])
        new_second.bias.copy_(second.bias)
    layer.intermediate.dense, layer.output.dense = new_first, new_second
    return layer


def resize_ffn_(model: EncoderModel, widths: dict[int, int]) -> EncoderModel:
    """Give the layers in ``widths`` feed-forward blocks of that width (before loading pruned
    weights into them)."""
    for k, width in widths.items():
        if not 0 <= k < len(model.encoder.layer) or width < 1:
            raise ValueError(f"no layer {k} to give {width} feed-forward neurons")
        if width != model.encoder.layer[k].intermediate.dense.out_features:
            keep_ffn_(model.encoder.layer[k], torch.arange(width))
    return model
