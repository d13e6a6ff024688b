"""Corpus benchmark: ingest rate beside extraction alone, and query latency at 1M attributions.

    python bench/bench_store.py ingest [--articles 20] [--mode rules] [--pg URL]
    python bench/bench_store.py queries [--attributions 1000000] [--pg URL] [--rebuild]

``ingest`` extracts the same PolNeAR dev articles twice in one run: once alone
(``according.extract_many``) and once through ``according.store.ingest`` into a fresh SQLite
file (and PostgreSQL database), and reports articles/s and the ratio.

``queries`` bulk-loads a generated corpus straight into the store's tables (documents with
10 attributions each, Zipf-distributed speakers and words, figures), kept under
``--workdir`` (default /tmp/according-bench) and reused unless ``--rebuild``, then times
``Store.quotes(speaker=...)``, ``Store.speakers(top=20)``, ``Store.search(...)`` and
``Store.contested_figures()`` — the methods behind ``according quotes/speakers/search/figures``
— and prints p50/p95 in milliseconds.  Target: p95 < 100 ms for speaker and search queries.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ACCORDING_SHARED", ROOT.parent / "shared"))
ATTRIBUTIONS_PER_DOC = 10
SPEAKERS_PER_DOC = 4
FIRST = ("James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara "
         "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Ali Fatima Wei Yan Olga Ivan "
         "Carlos Maria Ahmed Aisha Kenji Yuki Pierre Claire Hans Greta Raj Priya Kwame Ama").split()


# -- ingest -------------------------------------------------------------------------------

def bench_ingest(args: argparse.Namespace) -> dict[str, Any]:
    import according
    from according.config import DEFAULT_SETTINGS
    from according.extraction.pipeline import get_pipeline
    from according.store import open_store
    from according.store.ingest import ingest

    files = sorted((SHARED / "data" / "polnear" / "dev" / "text").glob("*.txt"))[: args.articles]
    if not files:
        sys.exit(f"no PolNeAR dev articles under {SHARED}")
    settings = DEFAULT_SETTINGS.with_(mode=args.mode)
    get_pipeline(settings)  # model loading is not part of either measurement
    items = [{"id": f.stem, "text": f.read_text(encoding="utf-8")} for f in files]

    list(according.extract_many(items[:3], settings=settings))  # warm-up: lazy spaCy tables

    def extract_rate() -> tuple[float, list[Any]]:
        t = time.perf_counter()
        docs = list(according.extract_many(items, settings=settings))
        return len(docs) / (time.perf_counter() - t), docs

    before, docs = extract_rate()
    result: dict[str, Any] = {"articles": len(files), "mode": args.mode}
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    targets = {"sqlite": str(workdir / "ingest.db")}
    if args.pg:
        targets["postgresql"] = args.pg
    for name, target in targets.items():
        if name == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(target + suffix).unlink(missing_ok=True)
        else:
            _reset_pg(target)
        store = open_store(target)
        report = ingest(store, [str(f) for f in files], settings)
        t = time.perf_counter()
        again = ingest(store, [str(f) for f in files], settings)
        reingest_s = time.perf_counter() - t
        # The store alone: the already extracted documents written into a second corpus.
        store.close()
        result[name] = {
            "ingest_per_s": round(report.rate, 2),
            "reingest_skipped": again.skipped, "reingest_s": round(reingest_s, 2),
            "store_only_per_s": _store_only(name, target, docs, workdir),
        }
    # Extraction alone is timed before and after the ingests (the machine's load drifts).
    after, _ = extract_rate()
    result["extract_only_per_s"] = round((before + after) / 2, 2)
    result["extract_only_runs_per_s"] = [round(before, 2), round(after, 2)]
    for name in targets:
        rate = result[name]["ingest_per_s"]
        result[name]["ingest_vs_extract"] = round(rate / result["extract_only_per_s"], 3)
    return result


def _store_only(name: str, target: str, docs: list[Any], workdir: Path) -> float:
    from according.store import open_store

    if name == "sqlite":
        target = str(workdir / "store_only.db")
        for suffix in ("", "-wal", "-shm"):
            Path(target + suffix).unlink(missing_ok=True)
    else:
        _reset_pg(target)
    store = open_store(target)
    t = time.perf_counter()
    for d in docs:
        store.add_document(d)
    store.relink_speakers()
    rate = len(docs) / (time.perf_counter() - t)
    store.close()
    return round(rate, 1)


def _reset_pg(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


# -- generated corpus -----------------------------------------------------------------------

class Generator:
    """Deterministic synthetic corpus rows, Zipf-distributed speakers and words."""

    def __init__(self, n_attributions: int, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.n_docs = n_attributions // ATTRIBUTIONS_PER_DOC
        self.n_speakers = max(100, n_attributions // 50)
        surnames = [self._word(6, 10).capitalize() for _ in range(self.n_speakers)]
        self.speakers = [f"{FIRST[i % len(FIRST)]} {surnames[i]}" for i in range(self.n_speakers)]
        self.speaker_weights = list(itertools.accumulate(1 / (i + 1) ** 1.1 for i in range(self.n_speakers)))
        self.vocab = [self._word(3, 9) for _ in range(20_000)]
        self.word_weights = list(itertools.accumulate(1 / (i + 1) for i in range(len(self.vocab))))
        self.nouns = self.vocab[500:2500]
        self.predicates = ["killed", "injured", "displaced", "sold", "lost", "hired", "arrested",
                           "spent", "raised", "voted", "died", "evacuated", "built", "cut"]
        self.outlets = [f"Outlet {i}" for i in range(40)]
        self.start = datetime(2015, 1, 1)

    def _word(self, lo: int, hi: int) -> str:
        return "".join(self.rng.choices("etaoinshrdlucmfwypvbgkqjxz", k=self.rng.randint(lo, hi)))

    def speaker(self) -> int:
        return self.rng.choices(range(self.n_speakers), cum_weights=self.speaker_weights)[0]

    def sentence(self, n: int) -> str:
        return " ".join(self.rng.choices(self.vocab, cum_weights=self.word_weights, k=n))


def build_corpus(target: str, n_attributions: int, batch_docs: int = 2000) -> float:
    """Bulk-load a generated corpus into a fresh, migrated store; seconds taken."""
    from sqlalchemy import insert

    from according.store import open_store
    from according.store.linking import refresh_counts
    from according.store.names import name_key
    from according.store.tables import (
        attributions,
        documents,
        entities,
        entity_aliases,
        figures,
        speakers,
    )

    g = Generator(n_attributions)
    store = open_store(target)
    pg = store.dialect == "postgresql"
    t = time.perf_counter()
    keys = [name_key(n, "PERSON") for n in g.speakers]
    with store.engine.begin() as conn:
        conn.execute(insert(speakers), [
            {"id": i + 1, "key": k.key, "name": n, "type": "PERSON", "aliases": [n]}
            for i, (n, k) in enumerate(zip(g.speakers, keys, strict=True))])
    if pg:
        with store.engine.begin() as conn:  # GIN is far faster built once than kept up row by row
            conn.exec_driver_sql("DROP INDEX ix_attributions_content_tsv")
    ent_id = att_id = fig_id = 0
    for first in range(0, g.n_docs, batch_docs):
        docs, ents, aliases, atts, figs = [], [], [], [], []
        for d in range(first + 1, min(first + batch_docs, g.n_docs) + 1):
            published = g.start + timedelta(minutes=g.rng.randrange(60 * 24 * 365 * 3))
            text = g.sentence(120)
            docs.append({"id": d, "external_id": f"gen{d}", "text": text,
                         "text_sha256": f"{d:064x}", "url": f"https://example.org/{d}",
                         "title": g.sentence(6), "outlet": g.rng.choice(g.outlets),
                         "published": published.isoformat(), "published_at": published,
                         "ingested_at": published, "schema": 1})
            local: dict[int, int] = {}
            while len(local) < SPEAKERS_PER_DOC:
                s = g.speaker()
                if s not in local:
                    ent_id += 1
                    local[s] = ent_id
                    k = keys[s]
                    ents.append({"id": ent_id, "doc_id": d, "local_id": f"e{len(local)}",
                                 "name": g.speakers[s], "type": "PERSON", "mentions": [[0, 5]],
                                 "name_key": k.key, "key_kind": k.kind, "surname": k.surname,
                                 "speaker_id": s + 1})
                    aliases.append({"entity_id": ent_id, "alias_key": k.key})
            spk = list(local.items())
            for j in range(ATTRIBUTIONS_PER_DOC):
                att_id += 1
                s, e = spk[j % SPEAKERS_PER_DOC]
                content = g.sentence(g.rng.randint(8, 25))
                atts.append({"id": att_id, "doc_id": d, "local_id": f"a{j + 1}", "type": "direct",
                             "confidence": 0.9, "source_start": 0, "source_end": 5,
                             "source_text": g.speakers[s], "cue_start": 6, "cue_end": 10,
                             "cue_text": "said", "content_start": 11, "content_end": 11 + len(content),
                             "content_text": content, "content_spans": [[11, 11 + len(content)]],
                             "entity_id": e, "speaker_id": s + 1, "published_at": published})
                if j % 3 == 0:
                    fig_id += 1
                    value = float(g.rng.choice([10, 12, 50, 100, 120, 500, 1000]))
                    figs.append({"id": fig_id, "doc_id": d, "local_id": f"f{j}", "start": 0, "end": 3,
                                 "text": str(int(value)), "value": value, "low": None, "high": None,
                                 "qualifier": "exact", "counted": g.rng.choice(g.nouns),
                                 "predicate": g.rng.choice(g.predicates), "attribution": f"a{j + 1}",
                                 "source_entity": None, "attribution_id": att_id, "entity_id": e,
                                 "speaker_id": s + 1})
        with store.engine.begin() as conn:
            for table, rows in ((documents, docs), (entities, ents), (entity_aliases, aliases),
                                (attributions, atts), (figures, figs)):
                conn.execute(insert(table), rows)
        print(f"\r  {att_id:,} attributions", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    with store.engine.begin() as conn:
        refresh_counts(conn)  # what add_document keeps up article by article
        if pg:
            conn.exec_driver_sql("CREATE INDEX ix_attributions_content_tsv ON attributions "
                                 "USING GIN (content_tsv)")
            for table in ("documents", "speakers", "entities", "attributions", "figures"):
                conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                     f"(SELECT max(id) FROM {table}))")
            conn.exec_driver_sql("ANALYZE")
        else:
            conn.exec_driver_sql("ANALYZE")
    store.close()
    return time.perf_counter() - t


def _timed(fn: Any, args_list: list[Any]) -> dict[str, float]:
    times = []
    for a in args_list:
        t = time.perf_counter()
        fn(a)
        times.append((time.perf_counter() - t) * 1000)
    q = statistics.quantiles(times, n=20)
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(q[18], 2), "n": len(times)}


def _measure(store: Any, speaker_names: list[str], searches: list[str], repeat: int
             ) -> dict[str, Any]:
    few = range(max(5, repeat // 10))
    store.quotes(speaker_names[0])  # warm caches
    store.search(searches[0])
    r = {"stats": store.stats(),
         "quotes_speaker": _timed(lambda s: store.quotes(s, limit=50), speaker_names),
         "speakers_top": _timed(lambda _: store.speakers(top=20), few),
         "search": _timed(lambda q: store.search(q, limit=20), searches),
         "figures_contested": _timed(lambda _: store.contested_figures(limit=20), few)}
    store.close()
    return r


def bench_queries(args: argparse.Namespace) -> dict[str, Any]:
    from according.store import open_store

    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    targets = {"sqlite": str(workdir / f"gen{args.attributions}.db")}
    if args.pg:
        targets["postgresql"] = args.pg
    g = Generator(args.attributions)
    rng = random.Random(11)
    # Speakers by popularity (Zipf): as users would ask; words: common and mid-frequency.
    speaker_names = [g.speakers[g.speaker()] for _ in range(args.repeat)]
    words = [g.vocab[rng.choice([rng.randrange(0, 50), rng.randrange(50, 2000), rng.randrange(2000, 20000)])]
             for _ in range(args.repeat * 2)]
    searches = [" ".join(words[i:i + rng.choice([1, 2])]) for i in range(0, args.repeat * 2, 2)]
    result: dict[str, Any] = {"attributions": args.attributions}
    for name, target in targets.items():
        marker = workdir / f"{name}-{args.attributions}.built"
        if name == "sqlite" and (args.rebuild or not marker.exists()):
            for suffix in ("", "-wal", "-shm"):
                Path(target + suffix).unlink(missing_ok=True)
        if args.rebuild or not marker.exists():
            if name == "postgresql":
                _reset_pg(target)
            print(f"building {name} corpus ({args.attributions:,} attributions)", file=sys.stderr)
            built = build_corpus(target, args.attributions)
            marker.write_text(str(built))
        result[name] = {"build_s": round(float(marker.read_text()), 1),
                        **_measure(open_store(target), speaker_names, searches, args.repeat)}
    return result


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("what", choices=("ingest", "queries"))
    p.add_argument("--articles", type=int, default=20)
    p.add_argument("--mode", default="default")
    p.add_argument("--attributions", type=int, default=1_000_000)
    p.add_argument("--repeat", type=int, default=200, help="Queries timed per kind.")
    p.add_argument("--pg", default=os.environ.get("ACCORDING_BENCH_PG_URL"),
                   help="PostgreSQL database URL (its public schema is dropped and rebuilt).")
    p.add_argument("--workdir", default="/tmp/according-bench")
    p.add_argument("--rebuild", action="store_true")
    args = p.parse_args()
    result = bench_ingest(args) if args.what == "ingest" else bench_queries(args)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
