"""How much figure extraction adds to the spaCy parse, as a ratio measured in the same run.

    python bench/bench_figures.py [--n 84] [--repeat 3] [--texts DIR]

Parses the PolNeAR dev texts (or ``--texts``) once, timing the bare parse, then runs
``extract_figures`` on the parsed docs ``--repeat`` times (best run kept) with one sentence-long
attribution per sentence so that linking does real work. Prints per-article times and the ratio
figures / parse, which must stay at a few percent (the whole extraction may add at most 25%).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from according.config import DEFAULT_SETTINGS
from according.extraction.figures import extract_figures
from according.extraction.nlp import load_nlp
from according.schema import Attribution, Span

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ACCORDING_SHARED", ROOT.parent / "shared"))


def _sentence_attributions(doc) -> list[Attribution]:
    """One attribution per sentence, content = the sentence, cue = its first verb."""
    out = []
    for sent in doc.sents:
        verb = next((t for t in sent if t.pos_ == "VERB"), None)
        if verb is None:
            continue
        cue = Span(verb.idx, verb.idx + len(verb.text), verb.text)
        content = Span(sent.start_char, sent.end_char, sent.text)
        out.append(Attribution(f"a{len(out) + 1}", "indirect", None, cue, content, speaker=None))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=Path, default=SHARED / "data" / "polnear" / "dev" / "text")
    parser.add_argument("--n", type=int, default=84, help="number of articles")
    parser.add_argument("--repeat", type=int, default=3, help="figure runs (best kept)")
    args = parser.parse_args()

    paths = sorted(args.texts.glob("*.txt"))[: args.n]
    if not paths:
        raise SystemExit(f"{args.texts}: no .txt files")
    texts = [p.read_text(encoding="utf-8") for p in paths]
    nlp = load_nlp(DEFAULT_SETTINGS.spacy_model)
    list(nlp.pipe(texts[:2]))  # warm up

    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts))
    parse_s = time.perf_counter() - t0
    attributions = [_sentence_attributions(d) for d in docs]
    extract_figures(docs[0], attributions[0], [])  # warm up (lemminflect tables load once)

    best = float("inf")
    count = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        count = sum(len(extract_figures(d, a, [])) for d, a in zip(docs, attributions, strict=True))
        best = min(best, time.perf_counter() - t0)

    n, chars = len(docs), sum(len(t) for t in texts)
    print(f"articles: {n}  chars: {chars}  figures found: {count}")
    print(f"parse:   {parse_s:.3f} s  ({1000 * parse_s / n:.1f} ms/article)")
    print(f"figures: {best:.3f} s  ({1000 * best / n:.2f} ms/article, best of {args.repeat})")
    print(f"ratio figures/parse: {100 * best / parse_s:.2f}%")


if __name__ == "__main__":
    main()
