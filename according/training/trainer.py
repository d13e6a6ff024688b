"""Training loop: BiLSTM tagger on cached PolNeAR parses, dev metrics logged every epoch."""

from __future__ import annotations

import json
import logging
import random
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from according.config import DEFAULT_SETTINGS
from according.extraction.features import DocFeatures
from according.extraction.linking import link
from according.extraction.tagger import (
    ENCODER_FILE,
    TaggerConfig,
    TaggerNet,
    decode_many,
    predict_probs,
    read_encoder_file,
    save_model,
    tuned_hidden_states,
)
from according.training.batches import batch_gold, batch_soft
from according.training.dataset import Example, add_context, load_split
from according.training.metrics import (
    expected_calibration_error,
    fit_platt,
    match_relations,
    relation_f1,
    tag_f1,
)

log = logging.getLogger(__name__)


#: A training document: features, gold tag ids, the encoder-vector variants to draw from, and
#: a teacher's tag probabilities (None without a teacher).
TrainItem = tuple[DocFeatures, np.ndarray, list[np.ndarray], np.ndarray | None]
#: A training window: features, gold tag ids, teacher probabilities or None.
Window = tuple[DocFeatures, np.ndarray, np.ndarray | None]


def _windows(items: list[TrainItem], size: int, rng: random.Random) -> list[Window]:
    """Documents cut into windows of ``size`` tokens at a random offset (keeps LSTM batches dense).

    Each window takes one encoder variant at random, so the tagger works on either.
    """
    out = []
    for f, tags, variants, soft in items:
        n = len(f)
        start = -rng.randrange(size) if n > size else 0
        for s in range(start, n, size):
            a, b = max(s, 0), min(s + size, n)
            if b - a < 8 or not (tags[a:b] >= 0).any():
                continue  # too short, or nothing to learn (a partly annotated text's blank stretch)
            ctx = variants[rng.randrange(len(variants))] if variants else None
            out.append((f.slice(a, b, ctx), tags[a:b], None if soft is None else soft[a:b]))
    return out


def evaluate(net: TaggerNet, examples: list[Example], device: str = "cpu"
             ) -> tuple[dict[str, float], list[list[Any]]]:
    """Tag F1 and relation F1 of ``net`` on ``examples``; also the candidates per document."""
    net.eval()
    return score_probs(predict_probs(net, [e.feats for e in examples], device), examples,
                       net.config.calibration)


def score_probs(probs: list[np.ndarray], examples: list[Example], calibration: tuple[float, float]
                ) -> tuple[dict[str, float], list[list[Any]]]:
    """Tag F1 and relation F1 of tag probabilities on ``examples``; also the candidates."""
    tags = decode_many(probs)
    cands = [link(e.doc, p, t, calibration) for e, p, t in zip(examples, probs, tags, strict=True)]
    metrics = {"tag_f1": tag_f1([e.tags for e in examples], tags)}
    metrics.update(relation_f1([e.gold for e in examples], cands))
    return metrics, cands


def calibrate(net: TaggerNet, examples: list[Example], cands: list[list[Any]]) -> dict[str, float]:
    """Fit Platt scaling on half the dev documents, report ECE on the other half, then refit on all."""
    conf: list[list[float]] = [[], []]
    ok: list[list[bool]] = [[], []]
    a0, b0 = net.config.calibration
    for k, (ex, cs) in enumerate(zip(examples, cands, strict=False)):
        for c, (_, linked) in zip(cs, match_relations(ex.gold, cs), strict=False):
            # undo the current calibration to get the raw mean tag probability
            z = (np.log(c.confidence / (1 - c.confidence + 1e-12) + 1e-12) - b0) / a0
            conf[k % 2].append(float(1 / (1 + np.exp(-z))))
            ok[k % 2].append(linked)
    half = fit_platt(conf[0], ok[0])
    def apply(ps: list[float], ab: tuple[float, float]) -> list[float]:
        p = np.clip(np.asarray(ps), 1e-6, 1 - 1e-6)
        return list(1 / (1 + np.exp(-(ab[0] * np.log(p / (1 - p)) + ab[1]))))
    result = {"ece_raw": expected_calibration_error(conf[1], ok[1]),
              "ece_calibrated": expected_calibration_error(apply(conf[1], half), ok[1])}
    net.config.calibration = fit_platt(conf[0] + conf[1], ok[0] + ok[1])
    return result


def pca_basis(dense: list[np.ndarray], k: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean and top-``k`` principal directions (96, k) of the stacked tok2vec tensors."""
    x = np.concatenate(dense).astype(np.float64)
    mean = x.mean(0)
    cov = np.cov(x - mean, rowvar=False)
    vals, vecs = np.linalg.eigh(cov)
    order = np.argsort(vals)[::-1][:k]
    return mean.astype(np.float32), vecs[:, order].astype(np.float32)


def set_projection(net: TaggerNet, mean: np.ndarray, basis: np.ndarray) -> None:
    """Fix the dense-feature projection of ``net``."""
    with torch.no_grad():
        net.dense_mean.copy_(torch.from_numpy(mean))
        net.dense_basis.copy_(torch.from_numpy(basis))


def fit(net: TaggerNet, train_items: list[TrainItem], epochs: int,
        on_epoch: Any, seed: int = 0, device: str = "cpu", lr: float = 2e-3, window: int = 256,
        batch_size: int = 32, tag_weights: list[float] | None = None, distill: float = 0.0) -> None:
    """Optimise ``net`` on (features, gold tags) documents; ``on_epoch(epoch, loss, seconds)`` after each.

    ``tag_weights`` weigh each tag's tokens in the loss (default: all 1). Items with a teacher's
    probabilities mix the gold loss with the cross-entropy against them, weight ``distill``."""
    from according.extraction.tagger import batch_tensors

    rng = random.Random(seed)
    n_tokens = sum(len(item[0]) for item in train_items)
    steps = epochs * (n_tokens // (window * batch_size) + len(train_items) // batch_size + 2)
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.1)
    weight = torch.tensor(tag_weights, dtype=torch.float32, device=device) if tag_weights else None
    loss_fn = nn.CrossEntropyLoss(ignore_index=-100, weight=weight)
    for epoch in range(1, epochs + 1):
        t0 = time.time()
        net.train()
        wins = _windows(train_items, window, rng)
        rng.shuffle(wins)
        total = 0.0
        for i in range(0, len(wins), batch_size):
            chunk = wins[i:i + batch_size]
            dense, ids, flags, lengths, ctx = batch_tensors([f for f, _, _ in chunk], device)
            gold = batch_gold([t for _, t, _ in chunk], device)
            logits = net(dense, ids, flags, lengths, ctx)
            loss = loss_fn(logits.reshape(-1, logits.shape[-1]), gold.reshape(-1))
            if distill and chunk[0][2] is not None:
                soft = batch_soft([s for _, _, s in chunk], logits.shape[-1], device)
                per_token = -(soft * torch.log_softmax(logits, -1)).sum(-1)
                real = soft.sum(-1) > 0
                loss = (1 - distill) * loss + distill * per_token[real].mean()
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            if sched.last_epoch + 1 < steps:
                sched.step()
            total += float(loss.detach()) * len(chunk)
        on_epoch(epoch, total / max(len(wins), 1), time.time() - t0)


def train(data_dir: str | Path, dev_dir: str | Path, out_dir: str | Path, seed: int = 0,
          epochs: int = 20, device: str = "cpu", cache_dir: str | Path | None = None,
          spacy_model: str = DEFAULT_SETTINGS.spacy_model, lr: float = 2e-3,
          window: int = 256, batch_size: int = 32, config: TaggerConfig | None = None,
          encoder: str | None = None, finetune_epochs: int = 0, frozen: int | None = None,
          init_model: str | Path | None = None, n_process: int = 1,
          tag_weights: list[float] | None = None, teacher: str | Path | None = None,
          distill: float = 0.5, encoder_weights: str | Path | None = None,
          warm_start: str | Path | None = None, sparse_dir: str | Path | None = None
          ) -> dict[str, Any]:
    """Train the tagger on ``data_dir``, select the epoch by dev linked F1, save to ``out_dir``.

    With ``encoder`` (e.g. "minilm-l6") the tagger also reads that frozen encoder's vectors:
    the ``accurate`` model; ``finetune_epochs`` then fine-tunes the encoder's layers above
    hidden state ``frozen`` (stage two). ``init_model`` (an ``accurate`` model directory) skips
    stage one: stage two starts from that model, and it is kept if no epoch beats it on dev.
    ``n_process`` parses the splits in that many processes (-1: every core). ``tag_weights``
    weigh each tag (``tagger.TAGS`` order) in the stage-one loss. ``teacher`` (a model
    directory, e.g. one reading a larger encoder) adds its tag probabilities on train as soft
    targets, weight ``distill`` (knowledge distillation). ``encoder_weights`` (a directory
    holding ``ENCODER_FILE``, as ``according distill-encoder`` writes, or that file) replaces
    the encoder's layers it holds; the model then ships that file and records those layers as
    tuned. ``warm_start`` (a trained model directory; an ensemble gives its main tagger)
    starts stage one from that tagger's weights, architecture and features instead of random
    ones: training further, on more or other data, at the learning rate ``lr``. ``sparse_dir``
    adds training data annotated only in part (a corpus that leaves some kinds of attribution
    out): its tagged tokens teach, its untagged ones are no evidence of "no attribution".
    """
    from according.training.finetune import FROZEN

    if teacher and init_model:  # stage two alone has no stage one to distil into
        from according.errors import InputError

        raise InputError("--teacher", "distils into stage one; it cannot start from --init-model")
    warm = _load_warm(warm_start, encoder, init_model) if warm_start else None
    if warm is not None:
        config = warm.config
        if config.encoder_tuned and not encoder_weights:
            encoder_weights = warm_start
    weights_file = _encoder_file(encoder_weights, encoder, finetune_epochs) if encoder_weights else None
    frozen = FROZEN if frozen is None else frozen
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    init = _load_init(init_model, frozen, finetune_epochs) if init_model else None
    if init is None and encoder and finetune_epochs:
        from according.extraction.encoder import ENCODER_LAYERS

        _check_frozen(frozen, ENCODER_LAYERS[encoder], "--finetune-frozen")
    # a model trained further keeps the features it was trained on
    version = init.config.feature_version if init is not None else (config or TaggerConfig()).feature_version
    train_ex = load_split(data_dir, cache_dir, spacy_model, n_process=n_process, feature_version=version)
    dev_ex = load_split(dev_dir, cache_dir, spacy_model, n_process=n_process, feature_version=version)
    sparse_ex = load_split(sparse_dir, cache_dir, spacy_model, n_process=n_process,
                           feature_version=version) if sparse_dir else []
    for e in sparse_ex:
        e.tags = np.where(e.tags == 0, -100, e.tags)  # untagged: unknown, not "outside"
    log.info("train: %d docs, %d tokens; dev: %d docs", len(train_ex),
             sum(len(e.feats) for e in train_ex), len(dev_ex))
    history: list[dict[str, Any]] = []
    if init is not None:
        net, best = finetune_stage(init.to(device), train_ex, dev_ex, data_dir, dev_dir, Path(out_dir),
                                   finetune_epochs, None, history, cache_dir=cache_dir,
                                   spacy_model=spacy_model, seed=seed, device=device, frozen=frozen,
                                   init_dir=Path(init_model))
        return _finish(net, best, dev_ex, Path(out_dir), history, device, seed=seed, epochs=0,
                       finetune_epochs=finetune_epochs)
    config = config or TaggerConfig()
    soft: list[np.ndarray | None] = [None] * len(train_ex)
    if teacher:
        from according.training.distill import teacher_probs

        soft = list(teacher_probs(teacher, train_ex, data_dir, cache_dir, spacy_model, version, device))
    if encoder:
        from according.extraction.encoder import ENCODER_LAYERS

        layers = ENCODER_LAYERS[encoder]
        config.encoder, config.encoder_layers = encoder, layers
        if weights_file:
            config.encoder_tuned = tuned_hidden_states(read_encoder_file(weights_file))
        config.ctx_dim = add_context(train_ex, data_dir, cache_dir, spacy_model, encoder, layers,
                                     weights_file=weights_file)
        add_context(dev_ex, dev_dir, cache_dir, spacy_model, encoder, layers, weights_file=weights_file)
        if sparse_ex:
            add_context(sparse_ex, sparse_dir, cache_dir, spacy_model, encoder, layers,
                        weights_file=weights_file)
    if warm is not None:
        net = warm
        if tuple(config.encoder_tuned) != tuple(tuned_hidden_states(read_encoder_file(weights_file))
                                               if weights_file else ()):
            from according.errors import InputError

            raise InputError(str(warm_start), "was trained on other tuned encoder layers than "
                             "--encoder-weights gives")
    else:
        net = TaggerNet(config)
        set_projection(net, *pca_basis([e.feats.dense for e in train_ex], net.config.dense_dim))
    net.to(device)
    best: dict[str, Any] = {"linked_f1": -1.0}
    out = Path(out_dir)

    def on_epoch(epoch: int, loss: float, seconds: float) -> None:
        nonlocal best
        metrics, _ = evaluate(net, dev_ex, device)
        metrics.update(epoch=epoch, loss=loss, seconds=seconds)
        history.append(metrics)
        log.info("epoch %d loss %.4f dev tag_f1 %.3f content_f1 %.3f linked_f1 %.3f (%.0fs)",
                 epoch, loss, metrics["tag_f1"], metrics["content_f1"], metrics["linked_f1"], seconds)
        if metrics["linked_f1"] > best["linked_f1"]:
            best = dict(metrics)
            save_model(net, out)

    items = [(e.feats, e.tags, e.ctx_variants, p) for e, p in zip(train_ex, soft, strict=True)]
    items += [(e.feats, e.tags, e.ctx_variants, None) for e in sparse_ex]
    fit(net, items,
        epochs, on_epoch, seed=seed, device=device, lr=lr, window=window, batch_size=batch_size,
        tag_weights=tag_weights, distill=distill if teacher else 0.0)
    if weights_file:
        import shutil

        shutil.copy(weights_file, out / ENCODER_FILE)
    from according.extraction.tagger import load_model

    net = load_model(out, device)
    if encoder and finetune_epochs:
        net, best = finetune_stage(net, train_ex, dev_ex, data_dir, dev_dir, out, finetune_epochs,
                                   best, history, cache_dir=cache_dir, spacy_model=spacy_model,
                                   seed=seed, device=device, frozen=frozen)
    return _finish(net, best, dev_ex, out, history, device, seed=seed, epochs=epochs,
                   finetune_epochs=finetune_epochs if encoder else 0, tag_weights=tag_weights,
                   teacher=str(teacher) if teacher else None, distill=distill if teacher else None,
                   encoder_weights=str(encoder_weights) if encoder_weights else None,
                   warm_start=str(warm_start) if warm_start else None, lr=lr,
                   sparse_data=str(sparse_dir) if sparse_dir else None)


def _encoder_file(path: str | Path, encoder: str | None, finetune_epochs: int) -> Path:
    """The tuned-layers file that ``--encoder-weights`` names (a directory holding it, or it)."""
    from according.errors import InputError

    if not encoder:
        raise InputError("--encoder-weights", "needs a mode that reads an encoder (accurate)")
    if finetune_epochs:
        raise InputError("--encoder-weights", "cannot be combined with --finetune-epochs")
    file = Path(path) / ENCODER_FILE if Path(path).is_dir() else Path(path)
    if not file.is_file():
        raise InputError(str(path), f"no tuned encoder layers ({ENCODER_FILE}) there")
    return file


def _load_warm(path: str | Path, encoder: str | None, init_model: str | Path | None) -> TaggerNet:
    """The tagger stage one starts from (``--warm-start``): a single tagger reading ``encoder``."""
    from according.errors import InputError
    from according.extraction.tagger import load_model

    if init_model:
        raise InputError("--warm-start", "starts stage one; --init-model skips it")
    net = load_model(path)
    if net.config.encoder != encoder:
        raise InputError(str(path), f"reads encoder {net.config.encoder or 'none'}, "
                         f"not this mode's {encoder or 'none'}")
    if net.config.members:  # an ensemble: train its main tagger further, a model of its own
        net.config.members, net.config.quantize = (), False
    return net.train()


def _load_init(path: str | Path, frozen: int, finetune_epochs: int) -> TaggerNet:
    """The ``accurate`` model stage two starts from; its tuned layers must lie above ``frozen``."""
    from according.errors import InputError
    from according.extraction.tagger import load_model

    net = load_model(path)
    cfg = net.config
    if not cfg.encoder:
        raise InputError(str(path), "stage two needs an accurate model (one that reads an encoder)")
    if finetune_epochs < 1:
        raise InputError(str(path), "starting from a trained model needs at least one fine-tuning epoch")
    _check_frozen(frozen, cfg.encoder_layers, str(path))
    if cfg.encoder_tuned and min(cfg.encoder_tuned) <= frozen:
        raise InputError(str(path), f"its fine-tuned layers {list(cfg.encoder_tuned)} would be frozen "
                         f"(frozen up to {frozen})")
    if cfg.members:  # the shipped model is an ensemble: tune its main tagger, a model of its own
        log.warning("according: %s is an ensemble; stage two starts from its main tagger", path)
        cfg.members, cfg.quantize = (), False
    return net


def _check_frozen(frozen: int, layers: tuple[int, ...], what: str) -> None:
    """Stage two must leave at least the encoder's top layer to tune."""
    from according.errors import InputError

    if not 0 <= frozen < max(layers):
        raise InputError(what, f"frozen layer {frozen} must lie below the model's top layer {max(layers)}")


def _finish(net: TaggerNet, best: dict[str, Any], dev_ex: list[Example], out: Path,
            history: list[dict[str, Any]], device: str, **recipe: Any) -> dict[str, Any]:
    """Calibrate the chosen model on dev, save it with its ``metrics.json``; the result.

    ``recipe`` (seed, epochs, ...) is recorded beside the metrics."""
    metrics, cands = evaluate(net, dev_ex, device)
    cal = calibrate(net, dev_ex, cands)
    save_model(net, out)
    result = {"best": best, "calibration": cal, "platt": list(net.config.calibration),
              "history": history, **recipe}
    (out / "metrics.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    log.info("best epoch %d: linked_f1 %.3f; ECE raw %.3f calibrated %.3f", best["epoch"],
             best["linked_f1"], cal["ece_raw"], cal["ece_calibrated"])
    return result


def finetune_stage(net: TaggerNet, train_ex: list[Example], dev_ex: list[Example],
                   data_dir: str | Path, dev_dir: str | Path, out: Path, epochs: int,
                   best: dict[str, Any] | None, history: list[dict[str, Any]],
                   cache_dir: str | Path | None = None,
                   spacy_model: str = DEFAULT_SETTINGS.spacy_model, seed: int = 0,
                   device: str = "cpu", frozen: int | None = None, init_dir: Path | None = None,
                   **kwargs: Any) -> tuple[TaggerNet, dict[str, Any]]:
    """Stage two: fine-tune the encoder's layers above hidden state ``frozen`` with ``net``.

    ``best`` holds stage one's dev metrics (its model is in ``out``); when None, ``net`` came
    from ``init_dir`` and is measured first. Keeps whichever model scores best on dev; returns
    that model and its metrics.
    """
    import shutil

    from according.extraction.tagger import load_encoder_weights, load_model
    from according.training.finetune import (
        FROZEN,
        cache_bottom,
        finetune,
        save_encoder,
        set_dev_context,
        top_layers,
    )

    frozen = FROZEN if frozen is None else frozen
    cfg = net.config
    top = max(cfg.encoder_layers)
    start = load_encoder_weights(init_dir, cfg) if init_dir else None
    train_wins = cache_bottom(train_ex, data_dir, cache_dir, spacy_model, cfg.encoder, frozen)
    dev_wins = cache_bottom(dev_ex, dev_dir, cache_dir, spacy_model, cfg.encoder, frozen)
    layers = top_layers(cfg.encoder, frozen, top, start).to(device)
    if best is None:  # the starting model, measured as the fine-tuned ones will be
        set_dev_context(layers, dev_ex, dev_wins, device, cfg.encoder_layers)
        best, _ = evaluate(net, dev_ex, device)
        best.update(epoch=0, stage="init", loss=None, seconds=0.0)
        history.append(dict(best))
        log.info("starting model: dev linked_f1 %.3f", best["linked_f1"])
        save_model(net, out)
        if start is not None:
            shutil.copy(Path(init_dir) / ENCODER_FILE, out / ENCODER_FILE)
    first = len(history)
    tuned = tuple(range(frozen + 1, top + 1))

    def on_epoch(epoch: int, loss: float, seconds: float) -> None:
        nonlocal best
        set_dev_context(layers, dev_ex, dev_wins, device, cfg.encoder_layers)
        metrics, _ = evaluate(net, dev_ex, device)
        metrics.update(epoch=first + epoch, stage="finetune", loss=loss, seconds=seconds)
        history.append(metrics)
        log.info("fine-tune epoch %d loss %.4f dev tag_f1 %.3f content_f1 %.3f linked_f1 %.3f "
                 "(%.0fs)", epoch, loss, metrics["tag_f1"], metrics["content_f1"],
                 metrics["linked_f1"], seconds)
        if metrics["linked_f1"] > best["linked_f1"]:
            best = dict(metrics)
            net.config.encoder_tuned = tuned
            save_model(net, out)
            save_encoder(layers, frozen, out)

    torch.manual_seed(seed)  # stage two depends only on the starting model and the seed
    finetune(net, layers, train_ex, train_wins, epochs, on_epoch, seed=seed, device=device,
             **kwargs)
    best_net = load_model(out, device)  # dev vectors again from the best epoch's encoder
    weights = load_encoder_weights(out, best_net.config)
    low = min(best_net.config.encoder_tuned, default=frozen + 1) - 1
    dev_wins = dev_wins if low == frozen else cache_bottom(dev_ex, dev_dir, cache_dir, spacy_model,
                                                            cfg.encoder, low)
    set_dev_context(top_layers(cfg.encoder, low, top, weights).to(device), dev_ex, dev_wins, device,
                    cfg.encoder_layers)
    return best_net, best
