"""Throughput of full extraction (parse + tagger + linking + speakers + figures) vs a bare parse.

Usage: python bench/bench_extract.py [DATA_DIR] [--repeat N] [--limit N] [--mode MODE]

Both are measured in the same run on the same texts, best of ``--repeat``: the bare parse, then
everything after it (extractor, linking, speakers, figures) on those parses; full extraction =
parse + the rest. Times are process CPU seconds (robust on a shared machine; wall seconds are
reported too). The ratio (full / bare throughput) is the number to watch (target ≥ 0.8). Peak
memory and model load time are measured in fresh subprocesses so that they do not include each other.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "polnear" / "dev"


def _texts(data_dir: Path, limit: int | None) -> list[str]:
    paths = sorted((data_dir / "text").glob("*.txt"))[:limit]
    if not paths:
        sys.exit(f"bench_extract: no texts under {data_dir / 'text'}")
    return [p.read_text(encoding="utf-8") for p in paths]


def _child(kind: str, data_dir: str, limit: int | None, mode: str) -> None:
    """Subprocess body: load, run once, print load time and peak RSS as JSON."""
    from according.config import DEFAULT_SETTINGS

    settings = DEFAULT_SETTINGS.with_(mode=mode)
    texts = _texts(Path(data_dir), limit)
    t0 = time.perf_counter()
    if kind == "bare":
        from according.extraction.nlp import load_nlp

        nlp = load_nlp(settings.spacy_model)
        load = time.perf_counter() - t0
        for _ in nlp.pipe(texts, batch_size=settings.batch_size):
            pass
    else:
        from according.extraction.pipeline import Pipeline

        pipe = Pipeline(settings)
        load = time.perf_counter() - t0
        for _ in pipe.pipe((t, {"id": str(i)}) for i, t in enumerate(texts)):
            pass
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"load_s": load, "peak_rss_mb": rss_mb}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", nargs="?", default=str(DEFAULT_DATA))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--mode", default="default")
    ap.add_argument("--child", choices=["bare", "full"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child, args.data_dir, args.limit, args.mode)
        return

    # Children first: ru_maxrss is inherited across fork, so the parent must still be small.
    procs = {}
    for kind in ("bare", "full"):
        cmd = [sys.executable, __file__, args.data_dir, "--child", kind, "--mode", args.mode]
        if args.limit:
            cmd += ["--limit", str(args.limit)]
        res = subprocess.run(cmd, capture_output=True, text=True, check=True)
        procs[kind] = json.loads(res.stdout.strip().splitlines()[-1])
    import torch

    torch.set_num_threads(1)
    from according.config import DEFAULT_SETTINGS
    from according.extraction.pipeline import Pipeline

    settings = DEFAULT_SETTINGS.with_(mode=args.mode)
    texts = _texts(Path(args.data_dir), args.limit)
    pipe = Pipeline(settings)
    nlp = pipe.nlp
    n_tokens = sum(len(d) for d in nlp.tokenizer.pipe(texts))
    items = [(t, {"id": str(i)}) for i, t in enumerate(texts)]
    list(pipe.pipe(items[:4]))  # warm-up
    metas = [m for _, m in items]
    # CPU time of this process (robust on a shared machine) and wall time, best of --repeat.
    parse_cpu, parse_wall, tag_cpu, post_cpu, post_wall = [], [], [], [], []
    for _ in range(args.repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=settings.batch_size))
        parse_cpu.append(time.process_time() - c0)
        parse_wall.append(time.perf_counter() - w0)
        c0 = time.process_time()
        pipe.extractor.extract(docs)
        tag_cpu.append(time.process_time() - c0)
        c0, w0 = time.process_time(), time.perf_counter()
        pipe.process_docs(docs, metas)
        post_cpu.append(time.process_time() - c0)
        post_wall.append(time.perf_counter() - w0)
    b, f = min(parse_cpu), min(parse_cpu) + min(post_cpu)
    bw, fw = min(parse_wall), min(parse_wall) + min(post_wall)
    report = {
        "articles": len(texts), "tokens": n_tokens, "repeat": args.repeat, "mode": args.mode,
        "bare_parse": {"cpu_s": b, "wall_s": bw, "articles_per_s": len(texts) / b,
                       "tokens_per_s": n_tokens / b},
        "full_extraction": {"cpu_s": f, "wall_s": fw, "articles_per_s": len(texts) / f,
                            "tokens_per_s": n_tokens / f},
        "extractor_cpu_s": min(tag_cpu),
        "throughput_ratio": b / f,
        "throughput_ratio_wall": bw / fw,
        "load_s": {k: v["load_s"] for k, v in procs.items()},
        "peak_rss_mb": {k: v["peak_rss_mb"] for k, v in procs.items()},
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
