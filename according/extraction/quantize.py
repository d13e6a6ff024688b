"""Int8 arithmetic for the frozen encoders on CPUs without native bfloat16.

Dynamic int8 quantisation scales each activation matrix by its largest value. A few channels
of the encoders' hidden states are outliers (MiniLM's channels 62, 63 and 99 reach 28 where
most stay under 8), so they take most of the int8 range and every other channel is rounded
coarsely. Smoothing (SmoothQuant, Xiao et al., ICML 2023) divides input channel ``j`` of each
linear layer by ``s_j = amax_j ** alpha / wmax_j ** (1 - alpha)`` and multiplies the weight's
column ``j`` by ``s_j``. That leaves the layer's result unchanged in real arithmetic and moves
the outliers into the weights, which are quantised per output channel. ``amax_j`` is the
largest activation of channel ``j`` seen on calibration text, measured once (``calibrate``,
``according calibrate-encoder``) and shipped per encoder in ``according/data``. Without a
calibration file the layers are still quantised per channel, only not smoothed.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

import torch
from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

from according.atomic import AtomicFile
from according.errors import InputError

#: Where each encoder's activation maxima ship (``absmax-<encoder>.safetensors``).
CALIBRATION_DIR = Path(__file__).resolve().parent.parent / "data"
#: Smoothing strengths tried by ``calibrate``; the one whose vectors come closest to float32
#: on held-back calibration text is stored with the maxima.
ALPHAS: tuple[float, ...] = (0.5, 0.65, 0.8, 0.9, 1.0)
#: The int8 recipe, part of cached training vectors' names: 1 was plain per-tensor dynamic
#: quantisation, 2 is smoothed and per channel.
INT8_VERSION = 2


#: Key prefix of channel maxima stored beside tuned encoder layers (``tagger.ENCODER_FILE``):
#: those layers' own calibration, which replaces the base encoder's for them.
ABSMAX_PREFIX = "absmax."


def split_calibration(weights: dict[str, torch.Tensor]
                      ) -> tuple[dict[str, torch.Tensor], dict[str, torch.Tensor]]:
    """Tuned encoder weights → (parameters, channel maxima by linear layer name)."""
    params = {k: v for k, v in weights.items() if not k.startswith(ABSMAX_PREFIX)}
    absmax = {k[len(ABSMAX_PREFIX):]: v.float() for k, v in weights.items()
              if k.startswith(ABSMAX_PREFIX)}
    return params, absmax


def calibration_path(encoder: str) -> Path:
    """The shipped calibration file of ``encoder``."""
    return CALIBRATION_DIR / f"absmax-{encoder}.safetensors"


class Smoothed(torch.nn.Module):
    """A linear layer whose input is divided per channel by the smoothing factors."""
    def __init__(self, linear: torch.nn.Module, inv_scale: torch.Tensor) -> None:
        super().__init__()
        self.linear = linear
        self.register_buffer("inv_scale", inv_scale)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(x * self.inv_scale)


def encoder_linears(model: torch.nn.Module) -> dict[str, torch.nn.Module]:
    """The linear layers of an encoder's transformer blocks, by module name."""
    return {n: m for n, m in model.named_modules()
            if isinstance(m, torch.nn.Linear) and n.startswith("encoder.")}


def record_absmax(model: torch.nn.Module, run: Callable[[], object]) -> dict[str, torch.Tensor]:
    """Largest absolute input of each channel of each block linear while ``run()`` runs."""
    amax: dict[str, torch.Tensor] = {}

    def hook(name: str) -> Callable:
        def record(_mod: torch.nn.Module, inputs: tuple, _out: object) -> None:
            x = inputs[0].detach().float()
            a = x.abs().reshape(-1, x.shape[-1]).amax(0)
            amax[name] = torch.maximum(amax[name], a) if name in amax else a
        return record

    handles = [m.register_forward_hook(hook(n)) for n, m in encoder_linears(model).items()]
    try:
        run()
    finally:
        for h in handles:
            h.remove()
    return amax


def smooth_(model: torch.nn.Module, absmax: dict[str, torch.Tensor], alpha: float) -> torch.nn.Module:
    """Move input outliers of ``model``'s block linears into their weights (in place): each
    layer with maxima in ``absmax`` gets its columns scaled by ``s`` and its input divided by
    ``s``, the same function in float32."""
    for name, lin in encoder_linears(model).items():
        a = absmax.get(name)
        if a is None or a.shape[0] != lin.in_features:
            continue
        wmax = lin.weight.detach().abs().amax(0).clamp(min=1e-5)
        scale = (a.float().clamp(min=1e-5) ** alpha / wmax ** (1 - alpha)).clamp(min=1e-5)
        with torch.no_grad():
            lin.weight.mul_(scale[None, :])
        parent_name, _, attr = name.rpartition(".")
        setattr(model.get_submodule(parent_name), attr, Smoothed(lin, 1.0 / scale))
    return model


def quantize_int8(model: torch.nn.Module, absmax: dict[str, torch.Tensor] | None = None,
                  alpha: float = 0.9) -> torch.nn.Module:
    """``model`` with its linear layers in dynamic int8, weights per output channel, inputs
    smoothed where ``absmax`` has their channel maxima. Modifies ``model`` in place."""
    smooth_(model, absmax or {}, alpha)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.ao's deprecation notice
        return quantize_dynamic(model, {torch.nn.Linear: per_channel_dynamic_qconfig})


def load_calibration(encoder: str, path: str | Path | None = None
                     ) -> tuple[dict[str, torch.Tensor], float] | None:
    """(channel maxima, alpha) shipped for ``encoder``, or None when there is no file."""
    from safetensors import safe_open

    path = Path(path) if path else calibration_path(encoder)
    if not path.is_file():
        return None
    with safe_open(str(path), framework="pt") as fh:
        meta = fh.metadata() or {}
        stats = {k: fh.get_tensor(k) for k in fh.keys()}  # noqa: SIM118 (safe_open API)
    return stats, float(meta.get("alpha", 0.9))


def save_calibration(path: str | Path, absmax: dict[str, torch.Tensor], alpha: float,
                     note: str = "") -> None:
    """Write channel maxima and the chosen alpha (float32 safetensors), whole or not at all."""
    from safetensors.torch import save

    target = None
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        target = AtomicFile(str(path))
        target.stream.write(save({k: v.float().contiguous() for k, v in absmax.items()},
                                 metadata={"alpha": str(alpha), "note": note}))
        target.commit()
    except OSError as exc:
        if target:
            target.discard()
        raise InputError(str(path), f"cannot write the calibration ({exc.strerror or exc})") from exc
