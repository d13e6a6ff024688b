"""Long documents: extraction time and peak memory against a bare parse of the same text.

Consecutive PolNeAR articles are joined into texts of each size; every (size, kind) runs in a
fresh process, so its peak RSS is its own. ``--busy N`` keeps N other processes spinning on the
cores meanwhile (a loaded machine). Prints one JSON object.

    python bench/bench_long.py [DATA_DIR] [--sizes 10000,50000,200000,1000000] [--busy 1]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear" / "dev"


def _text(data: Path, size: int) -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted((data / "text").glob("*.txt"))]
    joined = "\n\n".join(texts)
    while len(joined) < size:
        joined = joined + "\n\n" + joined
    return joined[:size]


def child(data: Path, size: int, kind: str, mode: str) -> dict[str, float]:
    """One measurement in this process: CPU seconds and peak RSS of a parse or an extraction."""
    text = _text(data, size)
    if kind == "parse":
        from according.config import DEFAULT_SETTINGS
        from according.extraction.nlp import load_nlp

        nlp = load_nlp(DEFAULT_SETTINGS.spacy_model)
        nlp("Warm up.")
        start = time.process_time()
        nlp(text)
    else:
        from according.config import Settings
        from according.extraction.pipeline import Pipeline

        pipe = Pipeline(Settings(mode=mode))
        pipe.warm_up()
        start = time.process_time()
        pipe(text, id="long")
    return {"cpu_s": time.process_time() - start,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _spin(stop: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    while not stop.is_set():
        sum(i * i for i in range(10_000))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--sizes", default="10000,50000,200000,1000000")
    ap.add_argument("--mode", default="default")
    ap.add_argument("--busy", type=int, default=0, help="other processes spinning meanwhile")
    ap.add_argument("--child", nargs=2, metavar=("SIZE", "KIND"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.data_dir, int(args.child[0]), args.child[1], args.mode)))
        return
    stop = multiprocessing.Event()
    spinners = [multiprocessing.Process(target=_spin, args=(stop,), daemon=True) for _ in range(args.busy)]
    for p in spinners:
        p.start()
    rows = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            row: dict[str, object] = {"chars": size}
            for kind in ("parse", "extract"):
                out = subprocess.run([sys.executable, __file__, str(args.data_dir), "--mode", args.mode,
                                      "--child", str(size), kind], capture_output=True, text=True, check=True)
                row[kind] = json.loads(out.stdout.strip().splitlines()[-1])
            row["ratio"] = round(row["extract"]["cpu_s"] / row["parse"]["cpu_s"], 2)  # type: ignore[index]
            rows.append(row)
            print(json.dumps(row), file=sys.stderr)
    finally:
        stop.set()
        for p in spinners:
            p.join(timeout=5)
    print(json.dumps({"mode": args.mode, "busy": args.busy, "sizes": rows}, indent=2))


if __name__ == "__main__":
    main()
