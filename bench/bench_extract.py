"""Throughput, memory, load time and calibration of every extraction mode beside a bare parse.

Usage: python bench/bench_extract.py [DATA_DIR] [--modes fast,accurate,large,rules] [--repeat N] [--limit N]
       [--encoder-precision auto|int8|bf16|fp32] [--model MODEL_DIR]

``--model`` times another trained model (``according train``'s output) in the one mode given.

All modes are measured in the same run on the same texts, best of ``--repeat``: the bare spaCy
parse, then for each mode everything after it (extractor, linking, speakers, figures) on those
parses; a mode's full extraction = parse + the rest. Times are process CPU seconds (robust on a
shared machine; wall seconds are reported too). The ratio (full / bare throughput) is the
number to watch: ≥ 0.8 for ``fast``, ≥ 0.5 for the default. Peak memory, model load time and
the wall time of a fresh process's first article after the load (``first_article_s``: the
first-use costs a one-article run pays, which ``Pipeline.warm_up`` spends at a server's
start-up) are measured in fresh subprocesses so that they do not include each other. When DATA_DIR has
gold ``attributions/``, the expected calibration error (ECE, 10 bins) of each mode's
confidence against "this attribution is linked to a gold one" is reported. With a CUDA GPU,
the GPU-capable modes are also timed on it (wall seconds, including the parse on CPU). The
report names the CPU (``cpu``): the ratios differ between CPU classes. Each
encoder mode reports the precision its encoder ran in on the CPU (``auto`` picks bf16 where the
CPU has native bfloat16, else int8).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "polnear" / "dev"
GPU_MODES = ("accurate", "large")


def _texts(data_dir: Path, limit: int | None) -> list[str]:
    paths = sorted((data_dir / "text").glob("*.txt"))[:limit]
    if not paths:
        sys.exit(f"bench_extract: no texts under {data_dir / 'text'}")
    return [p.read_text(encoding="utf-8") for p in paths]


def _child(kind: str, data_dir: str, limit: int | None, mode: str, precision: str,
           model: str | None = None) -> None:
    """Subprocess body: load, run once, print load time and peak RSS as JSON."""
    from according.config import DEFAULT_SETTINGS

    settings = DEFAULT_SETTINGS.with_(mode=mode, encoder_precision=precision, model_path=model)
    texts = _texts(Path(data_dir), limit)
    t0 = time.perf_counter()
    stats: dict[str, float] = {}
    if kind == "bare":
        from according.extraction.nlp import load_nlp

        nlp = load_nlp(settings.spacy_model)
        stats["load_s"] = time.perf_counter() - t0
        for _ in nlp.pipe(texts, batch_size=settings.batch_size):
            pass
    else:
        from according.extraction.pipeline import Pipeline

        pipe = Pipeline(settings)
        stats["load_s"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        pipe(texts[0])  # what one article costs a fresh process after the load (first-use costs)
        stats["first_article_s"] = time.perf_counter() - t1
        for _ in pipe.pipe((t, {"id": str(i)}) for i, t in enumerate(texts[1:], 1)):
            pass
    stats["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(stats))


def _subprocess_stats(kind: str, args: argparse.Namespace, mode: str) -> dict[str, float]:
    cmd = [sys.executable, __file__, args.data_dir, "--child", kind, "--modes", mode,
           "--encoder-precision", args.encoder_precision]
    if args.limit:
        cmd += ["--limit", str(args.limit)]
    if args.model and kind == "full":
        cmd += ["--model", args.model]
    res = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def _ece(data_dir: Path, names: list[str], documents: list) -> dict[str, float] | None:
    """ECE and attribution count of one mode's output against the gold of ``data_dir``."""
    from according.evaluation.run import gold_triples, predictions_of
    from according.evaluation.scorer import ROLES, match_relations, role_pieces
    from according.training.brat import read_dir
    from according.training.metrics import expected_calibration_error

    if not (data_dir / "attributions").is_dir():
        return None
    gold = {name: (text, attrs) for name, text, attrs in gold_triples(read_dir(data_dir))}
    conf, ok = [], []
    for name, doc in zip(names, documents, strict=True):
        if name not in gold:
            continue
        text, attrs = gold[name]
        preds = predictions_of(doc)
        roles = [{r: role_pieces(a[r]) for r in ROLES} for a in preds]
        for a, (_, linked) in zip(preds, match_relations(text, attrs, roles), strict=True):
            conf.append(a["confidence"])
            ok.append(linked)
    return {"ece": expected_calibration_error(conf, ok), "attributions": len(conf),
            "linked_precision": sum(ok) / len(ok) if ok else 0.0}


def _cpu_info() -> dict[str, object]:
    """The CPU the ratios were measured on: they differ between CPU classes (the encoder's int8
    or bfloat16 arithmetic against spaCy's parse), so a report names its machine."""
    from according.extraction.encoder import native_bf16

    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"model": model, "cores": os.cpu_count(), "native_bf16": native_bf16()}


def _precision(pipe: object) -> str | None:
    """The precision a pipeline's encoder runs in; None for modes without an encoder."""
    encoder = getattr(getattr(pipe, "extractor", None), "encoder", None)
    return getattr(encoder, "precision", None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", nargs="?", default=str(DEFAULT_DATA))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--modes", default="fast,accurate,large,rules",
                    help="comma-separated extraction modes (\"default\" is the shipped best)")
    from according.config import ENCODER_PRECISIONS

    ap.add_argument("--encoder-precision", default="auto", choices=ENCODER_PRECISIONS,
                    help="encoder arithmetic of the accurate and large modes on the CPU")
    ap.add_argument("--model", default=None, help="a trained model directory for the one mode given")
    ap.add_argument("--child", choices=["bare", "full"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child, args.data_dir, args.limit, args.modes, args.encoder_precision, args.model)
        return
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if args.model and (len(modes) != 1 or not Path(args.model, "config.json").is_file()):
        sys.exit(f"bench_extract: --model needs one mode and a model directory ({args.model})")

    # Children first: ru_maxrss is inherited across fork, so the parent must still be small.
    procs = {"bare": _subprocess_stats("bare", args, "default")}
    for mode in modes:
        procs[mode] = _subprocess_stats("full", args, mode)
    import torch

    torch.set_num_threads(1)
    from according.config import DEFAULT_SETTINGS
    from according.extraction.pipeline import Pipeline

    data_dir = Path(args.data_dir)
    paths = sorted((data_dir / "text").glob("*.txt"))[:args.limit]
    names = [p.stem for p in paths]
    texts = _texts(data_dir, args.limit)
    # every attribution, so that the ECE measures the confidence itself, not the default cut-off
    pipes = {m: Pipeline(DEFAULT_SETTINGS.with_(mode=m, min_confidence=0.0, model_path=args.model,
                                                encoder_precision=args.encoder_precision))
             for m in modes}
    nlp = next(iter(pipes.values())).nlp if pipes else None
    if nlp is None:
        sys.exit("bench_extract: no modes given")
    n_tokens = sum(len(d) for d in nlp.tokenizer.pipe(texts))
    metas = [{"id": str(i)} for i in range(len(texts))]
    batch = DEFAULT_SETTINGS.batch_size
    for p in pipes.values():
        list(p.pipe((t, dict(m)) for t, m in zip(texts[:4], metas, strict=False)))  # warm-up
    # CPU time of this process (robust on a shared machine) and wall time, best of --repeat.
    parse_cpu, parse_wall = [], []
    post_cpu: dict[str, list[float]] = {m: [] for m in modes}
    post_wall: dict[str, list[float]] = {m: [] for m in modes}
    outputs: dict[str, list] = {}
    for _ in range(args.repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=batch))
        parse_cpu.append(time.process_time() - c0)
        parse_wall.append(time.perf_counter() - w0)
        for m, p in pipes.items():
            c0, w0 = time.process_time(), time.perf_counter()
            outputs[m] = p.process_docs(docs, [dict(x) for x in metas])
            post_cpu[m].append(time.process_time() - c0)
            post_wall[m].append(time.perf_counter() - w0)
    b, bw = min(parse_cpu), min(parse_wall)

    def rate(cpu: float, wall: float) -> dict[str, float]:
        return {"cpu_s": cpu, "wall_s": wall, "articles_per_s": len(texts) / cpu,
                "tokens_per_s": n_tokens / cpu}

    report: dict = {"articles": len(texts), "tokens": n_tokens, "repeat": args.repeat,
                    "torch_threads": 1, "bare_parse": rate(b, bw),
                    "bare_parse_load_s": procs["bare"]["load_s"],
                    "bare_parse_peak_rss_mb": procs["bare"]["peak_rss_mb"], "model": args.model,
                    "modes": {}}
    for m in modes:
        f, fw = b + min(post_cpu[m]), bw + min(post_wall[m])
        report["modes"][m] = {
            "full_extraction": rate(f, fw), "throughput_ratio": b / f, "throughput_ratio_wall": bw / fw,
            "load_s": procs[m]["load_s"], "first_article_s": procs[m]["first_article_s"],
            "peak_rss_mb": procs[m]["peak_rss_mb"],
            "encoder_precision": _precision(pipes[m]),
            "calibration": _ece(data_dir, names, outputs[m])}
    report["cpu"] = _cpu_info()
    if torch.cuda.is_available():
        for m in (m for m in modes if m in GPU_MODES):
            gpu = Pipeline(DEFAULT_SETTINGS.with_(mode=m, device="cuda"))
            gpu.process_docs(list(nlp.pipe(texts[:4])), [dict(x) for x in metas[:4]])
            walls, parses = [], []
            for _ in range(args.repeat):
                w0 = time.perf_counter()
                docs = list(nlp.pipe(texts, batch_size=batch))
                parses.append(time.perf_counter() - w0)
                gpu.process_docs(docs, [dict(x) for x in metas])
                torch.cuda.synchronize()
                walls.append(time.perf_counter() - w0)
            # the parse stays on the CPU: the ratio is against the bare parse's wall time here
            report["modes"][m]["cuda"] = {"wall_s": min(walls), "articles_per_s": len(texts) / min(walls),
                                          "tokens_per_s": n_tokens / min(walls),
                                          "parse_wall_s": min(parses),
                                          "throughput_ratio_wall": min(parses) / min(walls),
                                          "device": torch.cuda.get_device_name(0)}
    else:
        report["cuda"] = "no CUDA device here: GPU throughput not measured"
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
