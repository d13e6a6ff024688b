"""The corpus: documents written one transaction each, and the queries the CLI and web app share.

Every query method returns plain ``list[dict]`` (JSON-ready: dates as ISO strings), takes
``limit``/``offset`` for paging, and is the stable API for ``according.cli.corpus`` and
``according.web``.  Obtain a store with ``according.store.open_store(target)``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    and_,
    case,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    text,
    union,
    update,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from according.errors import AmbiguousName, InputError, SpeakerNotFound, StoreError
from according.schema import (
    SCHEMA_VERSION,
    SOURCE_KINDS,
    Attribution,
    Document,
    Entity,
    Figure,
    Span,
    legacy_kind,
)
from according.store.contested import contests
from according.store.contested import reason as contest_reason
from according.store.dates import isoformat, parse_date
from according.store.errors import describe
from according.store.linking import Corrections, SpeakerLinker, count_document
from according.store.names import LOCAL_PREFIX, alias_key, local_key, name_key
from according.store.search import fts5 as fts5_match
from according.store.search import parse as parse_search
from according.store.search import tsquery as pg_tsquery
from according.store.tables import (
    MAX_ROW_ID,
    attributions,
    documents,
    entities,
    entity_aliases,
    figures,
    speaker_corrections,
    speaker_outlets,
    speakers,
)

#: Default page size of the query methods.
PAGE = 50
#: Orders of ``Store.search`` results.
SEARCH_ORDERS = ("recent", "relevance")


class Store:
    """A corpus in SQLite or PostgreSQL (see ``according.store.tables`` for the layout)."""

    def __init__(self, engine: Engine, display: str, read_only: bool = False) -> None:
        self.engine = engine
        #: The target as shown in messages (password hidden).
        self.display = display
        self.read_only = read_only

    # -- plumbing -------------------------------------------------------------------------

    @property
    def dialect(self) -> str:
        """"sqlite" or "postgresql"."""
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.display!r})"

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.display}: {describe(exc)}") from None

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One transaction: all of it is committed or none of it."""
        if self.read_only:
            raise StoreError(f"{self.display}: database is read-only")
        try:
            with self.engine.connect().execution_options(write=True) as conn, conn.begin():
                yield conn
        except IntegrityError:
            raise
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.display}: {describe(exc)}") from None

    # -- writing --------------------------------------------------------------------------

    def contains(self, sha256: str, url: str | None = None) -> bool:
        """Whether an article with this text hash (or this URL) is already stored."""
        cond = documents.c.text_sha256 == sha256
        if url:
            cond = or_(cond, documents.c.url == url)
        with self._read() as conn:
            return conn.execute(select(documents.c.id).where(cond).limit(1)).first() is not None

    def add_document(self, doc: Document) -> int | None:
        """Store ``doc`` in one transaction; its id, or None when already stored (same text/url).

        Speakers are linked against the corpus as it stands; ``relink_speakers`` afterwards
        settles links that later articles made (un)ambiguous.
        """
        _check_storable(doc)
        url = doc.meta.get("url") or None
        try:
            with self._write() as conn:
                if self._find_duplicate(conn, doc.text_sha256, url) is not None:
                    return None
                return self._insert(conn, doc, url)
        except IntegrityError as exc:
            if self.contains(doc.text_sha256, url):
                return None  # a concurrent writer stored the same article first
            raise StoreError(f"{self.display}: cannot store {doc.id!r}: {describe(exc)}") from None

    def _find_duplicate(self, conn: Connection, sha: str, url: str | None) -> int | None:
        cond = documents.c.text_sha256 == sha
        if url:
            cond = or_(cond, documents.c.url == url)
        return conn.execute(select(documents.c.id).where(cond).limit(1)).scalar()

    def _insert(self, conn: Connection, doc: Document, url: str | None) -> int:
        meta = doc.meta
        published = meta.get("published")
        published_at = parse_date(published)
        doc_pk = conn.execute(insert(documents).values(
            external_id=str(doc.id), text=doc.text, text_sha256=doc.text_sha256, url=url,
            title=meta.get("title"), outlet=meta.get("outlet"),
            published=None if published is None else str(published), published_at=published_at,
            ingested_at=datetime.now(UTC).replace(tzinfo=None), schema=SCHEMA_VERSION,
        ).returning(documents.c.id)).scalar_one()

        entity_pk: dict[str, int] = {}
        keys = {}
        if doc.entities:
            rows = []
            for e in doc.entities:
                # only named sources are one speaker across articles: "officials", "voters"
                # and "a new poll" in two articles are not the same source
                nk = name_key(e.name, e.type) if e.kind == "named" else local_key(e.kind, doc_pk, e.id)
                keys[e.id] = nk
                rows.append({
                    "doc_id": doc_pk, "local_id": e.id, "name": e.name, "type": e.type, "kind": e.kind,
                    "mentions": [list(m) for m in e.mentions],
                    "name_key": nk.key if nk else None, "key_kind": nk.kind if nk else None,
                    "surname": nk.surname if nk else None,
                })
            ids = conn.execute(insert(entities).returning(entities.c.id, sort_by_parameter_order=True),
                               rows).scalars().all()
            entity_pk = {e.id: pk for e, pk in zip(doc.entities, ids, strict=True)}
            alias_rows = {(entity_pk[e.id], a) for e in doc.entities
                          for a in (alias_key(doc.text[s:t]) for s, t in [*e.mentions])
                          if a} | {(entity_pk[e.id], a) for e in doc.entities if (a := alias_key(e.name))}
            if alias_rows:
                conn.execute(insert(entity_aliases),
                             [{"entity_id": i, "alias_key": a} for i, a in sorted(alias_rows)])

        speaker_of: dict[str, int | None] = {}
        if doc.entities:
            linker = SpeakerLinker(conn, Corrections.load(conn))
            for e in doc.entities:
                sid = linker.speaker_id(keys[e.id], e.name, e.type)
                speaker_of[e.id] = sid
                if sid is not None:
                    conn.execute(update(entities).where(entities.c.id == entity_pk[e.id])
                                 .values(speaker_id=sid))
            known = dict(conn.execute(select(speakers.c.id, speakers.c.type)
                                      .where(speakers.c.id.in_(set(speaker_of.values()) - {None})))
                         .all())
            linker.settle_types({sid for e in doc.entities if (sid := speaker_of[e.id]) is not None
                                 and known.get(sid) != e.type})

        attribution_pk: dict[str, int] = {}
        if doc.attributions:
            rows = [self._attribution_row(a, doc_pk, entity_pk, speaker_of, published_at)
                    for a in doc.attributions]
            ids = conn.execute(insert(attributions).returning(attributions.c.id,
                                                              sort_by_parameter_order=True),
                               rows).scalars().all()
            attribution_pk = {a.id: pk for a, pk in zip(doc.attributions, ids, strict=True)}
            count_document(conn, meta.get("outlet"), [r["speaker_id"] for r in rows if r["speaker_id"]])

        if doc.figures:
            conn.execute(insert(figures), [{
                "doc_id": doc_pk, "local_id": f.id, "start": f.start, "end": f.end, "text": f.text,
                "value": f.value, "low": f.low, "high": f.high, "qualifier": f.qualifier,
                "counted": f.counted, "predicate": f.predicate, "agent": f.agent,
                "place": f.place, "period": f.period,
                "attribution": f.attribution, "source_entity": f.source_entity,
                "attribution_id": attribution_pk.get(f.attribution or ""),
                "entity_id": entity_pk.get(f.source_entity or ""),
                "speaker_id": speaker_of.get(f.source_entity or ""),
            } for f in doc.figures])
        return doc_pk

    @staticmethod
    def _attribution_row(a: Attribution, doc_pk: int, entity_pk: dict[str, int],
                         speaker_of: dict[str, int | None], published_at: datetime | None
                         ) -> dict[str, Any]:
        def part(span: Span | None) -> tuple[int | None, int | None, str | None]:
            return (span.start, span.end, span.text) if span else (None, None, None)

        (ss, se, st), (cs, ce, ct) = part(a.source), part(a.cue)
        return {
            "doc_id": doc_pk, "local_id": a.id, "type": a.type, "confidence": float(a.confidence),
            "parent": a.parent,
            "source_start": ss, "source_end": se, "source_text": st,
            "cue_start": cs, "cue_end": ce, "cue_text": ct,
            "content_start": a.content.start, "content_end": a.content.end,
            "content_text": a.content.text, "content_spans": [list(p) for p in a.content.pieces],
            "entity_id": entity_pk.get(a.speaker or ""), "speaker_id": speaker_of.get(a.speaker or ""),
            "published_at": published_at,
        }

    def relink_speakers(self) -> int:
        """Recompute every entity's canonical speaker from the whole corpus and the corrections.

        Deterministic whatever order articles came in; returns how many name keys moved.
        """
        with self._write() as conn:
            return SpeakerLinker(conn, Corrections.load(conn)).relink()

    # -- speaker corrections --------------------------------------------------------------

    def resolve_speaker(self, name: str) -> dict[str, Any]:
        """The one speaker ``name`` designates (an id, a name or alias); StoreError otherwise."""
        with self._read() as conn:
            ids = self._speaker_ids(conn, name)
            if not ids:
                raise SpeakerNotFound(f"no speaker matches {name!r}")
            if len(ids) > 1:
                raise AmbiguousName(name, self._candidates(conn, ids))
            rows = conn.execute(select(speakers).where(speakers.c.id.in_(ids))).mappings().all()
        return self._speaker_dict(rows[0])

    def merge_speakers(self, into: str, other: str) -> dict[str, Any]:
        """Merge speaker ``other`` into ``into`` (recorded; survives re-ingest). The result."""
        keep, gone = self.resolve_speaker(into), self.resolve_speaker(other)
        if keep["id"] == gone["id"]:
            raise StoreError(f"{into!r} and {other!r} are already the same speaker")
        with self._write() as conn:
            conn.execute(insert(speaker_corrections).values(
                action="merge", key=gone["key"], target_key=keep["key"],
                created_at=datetime.now(UTC).replace(tzinfo=None)))
            SpeakerLinker(conn, Corrections.load(conn)).relink()
        return self.resolve_speaker(str(keep["id"]))

    def split_speaker(self, name: str) -> list[dict[str, Any]]:
        """Undo merges into a speaker and its surname/title links (recorded). The speakers now."""
        target = self.resolve_speaker(name)
        with self._write() as conn:
            keys = conn.execute(select(entities.c.name_key).distinct()
                                .where(entities.c.speaker_id == target["id"])).scalars().all()
            conn.execute(insert(speaker_corrections).values(
                action="split", key=target["key"], target_key=None,
                created_at=datetime.now(UTC).replace(tzinfo=None)))
            SpeakerLinker(conn, Corrections.load(conn)).relink()
            rows = conn.execute(
                select(speakers).where(speakers.c.id.in_(
                    select(entities.c.speaker_id).where(entities.c.name_key.in_(keys))))
                .order_by(speakers.c.id)).mappings().all()
        return [self._speaker_dict(r) for r in rows]

    def corrections(self) -> list[dict[str, Any]]:
        """Every recorded merge/split, oldest first."""
        with self._read() as conn:
            rows = conn.execute(select(speaker_corrections).order_by(speaker_corrections.c.id))
            return [_jsonable(dict(r)) for r in rows.mappings()]

    @staticmethod
    def _speaker_dict(row: Any) -> dict[str, Any]:
        return {"id": row["id"], "name": row["name"], "type": row["type"], "key": row["key"],
                "aliases": list(row["aliases"] or [])}

    def speaker_candidates(self, name: str) -> list[dict[str, Any]]:
        """Every speaker ``name`` may mean, with quote counts (several: ``name`` is ambiguous)."""
        with self._read() as conn:
            ids = self._speaker_ids(conn, name)
            return self._candidates(conn, ids) if ids else []

    @staticmethod
    def _candidates(conn: Connection, ids: list[int]) -> list[dict[str, Any]]:
        """Speakers ``ids`` with their quote counts, most quoted first: what a name may mean."""
        n = func.coalesce(func.sum(speaker_outlets.c.quotes), 0).label("quotes")
        rows = conn.execute(
            select(speakers.c.id, speakers.c.name, n)
            .select_from(speakers.outerjoin(speaker_outlets, speaker_outlets.c.speaker_id == speakers.c.id))
            .where(speakers.c.id.in_(ids)).group_by(speakers.c.id, speakers.c.name)
            .order_by(n.desc(), speakers.c.id)).mappings().all()
        return [{"id": r["id"], "name": r["name"], "quotes": int(r["quotes"])} for r in rows]

    def _speaker_ids(self, conn: Connection, name: str) -> list[int]:
        """Speakers a user's ``name`` may mean: an id; a full name gives that speaker only
        (its spellings: "Donald J. Trump" is Donald Trump); a surname or title every speaker
        it names (several: ambiguous); else an alias."""
        name = name.strip()
        if name.isascii() and name.isdigit():
            return conn.execute(select(speakers.c.id).where(speakers.c.id == int(name))).scalars().all()
        nk = name_key(name, "PERSON", cased=False)
        if nk is None:
            return []
        if nk.kind == "full":
            own = conn.execute(select(speakers.c.id).where(speakers.c.key == nk.key)).scalars().all()
            if own:
                return list(own)
        parts = [select(entities.c.speaker_id).distinct().where(entities.c.name_key == nk.key),
                 select(speakers.c.id).where(speakers.c.key == nk.key)]
        if nk.kind == "surname":
            parts.append(select(entities.c.speaker_id).distinct().where(
                entities.c.surname == nk.surname, entities.c.key_kind == "full"))
        ids = {i for i in conn.execute(union(*parts)).scalars() if i is not None}
        if not ids:
            ak = alias_key(name)
            ids = {i for i in conn.execute(
                select(entities.c.speaker_id).distinct().join(
                    entity_aliases, entity_aliases.c.entity_id == entities.c.id)
                .where(entity_aliases.c.alias_key == ak)).scalars() if i is not None}
        return sorted(ids)

    # -- queries --------------------------------------------------------------------------

    def _quote_select(self) -> Select[Any]:
        a, d, s = attributions, documents, speakers
        return (select(
            a.c.id, a.c.local_id.label("attribution"), a.c.type, a.c.confidence,
            s.c.id.label("speaker_id"), s.c.name.label("speaker"), a.c.source_text.label("source"),
            a.c.cue_text.label("cue"), a.c.content_text.label("content"),
            a.c.content_start, a.c.content_end,
            d.c.id.label("document_id"), d.c.external_id.label("document"), d.c.title, d.c.url,
            d.c.outlet, d.c.published, d.c.published_at)
            .select_from(a.join(d, d.c.id == a.c.doc_id).outerjoin(s, s.c.id == a.c.speaker_id)))

    def quotes(self, speaker: str | None = None, *, since: str | datetime | None = None,
               until: str | datetime | None = None, outlet: str | None = None,
               contains: str | None = None, limit: int = PAGE, offset: int = 0) -> list[dict[str, Any]]:
        """Attributions, newest article first, filtered by speaker (name, alias or id),
        publication dates (inclusive; a bare ``until`` date includes that whole day), outlet
        and a case-insensitive substring of the content."""
        a, d = attributions, documents
        q = self._quote_select()
        with self._read() as conn:
            if speaker is not None:
                ids = self._speaker_ids(conn, speaker)
                if not ids:
                    return []
                if len(ids) > 1:
                    raise AmbiguousName(speaker, self._candidates(conn, ids))
                q = q.where(a.c.speaker_id.in_(ids))
            start, end = _date_range(since, until)
            if start is not None:
                q = q.where(a.c.published_at >= start)
            if end is not None:
                q = q.where(a.c.published_at < end)
            if outlet:
                q = q.where(func.lower(d.c.outlet) == outlet.lower())
            if contains:
                q = q.where(a.c.content_text.ilike(f"%{_like_escape(contains)}%", escape="\\"))
            q = q.order_by(a.c.published_at.desc().nulls_last(), a.c.id.desc())
            rows = conn.execute(q.limit(limit).offset(offset)).mappings().all()
        return [_jsonable(dict(r)) for r in rows]

    def search(self, query: str, *, order: str = "recent", limit: int = PAGE, offset: int = 0
               ) -> list[dict[str, Any]]:
        """Full-text search over attribution content.

        The same language on both back ends (``according.store.search``): words all required
        (stemmed, case ignored, stopwords skipped), ``"a phrase"``, ``A OR B``, ``-word``.  ``order``:
        "recent" (most recently ingested first: fast however many match) or "relevance"
        (BM25 / ts_rank_cd: slow when a query matches much of a large corpus)."""
        if order not in SEARCH_ORDERS:
            raise StoreError(f"unknown search order {order!r} (known: {', '.join(SEARCH_ORDERS)})")
        a = attributions
        q = self._quote_select()
        parsed = parse_search(query)
        if not parsed:
            return []
        if self.dialect == "sqlite":
            by = "rank" if order == "relevance" else "rowid DESC"
            # Ranking and paging inside FTS5, where "ORDER BY rank/rowid LIMIT" is optimised.
            fts = text(f"SELECT rowid, rank FROM attributions_fts WHERE attributions_fts MATCH :q "
                       f"ORDER BY {by} LIMIT :limit OFFSET :offset"
                       ).columns(literal_column("rowid"), literal_column("rank")).subquery("fts")
            q = q.add_columns((-fts.c.rank).label("score")).join(fts, fts.c.rowid == a.c.id)
            q = q.order_by(fts.c.rank, a.c.id.desc()) if order == "relevance" else q.order_by(a.c.id.desc())
            params: dict[str, Any] = {"q": fts5_match(parsed), "limit": limit, "offset": offset}
        else:
            tsq, params = pg_tsquery(parsed)
            tsv = literal_column("attributions.content_tsv")
            rank = func.ts_rank_cd(tsv, tsq)
            q = q.add_columns(rank.label("score")).where(tsv.op("@@")(tsq))
            q = q.order_by(rank.desc(), a.c.id.desc()) if order == "relevance" else q.order_by(a.c.id.desc())
            q = q.limit(limit).offset(offset)
        with self._read() as conn:
            rows = conn.execute(q, params).mappings().all()
        return [_jsonable(dict(r)) for r in rows]

    def speakers(self, *, top: int = 20, outlet: str | None = None, offset: int = 0,
                 kind: str = "named") -> list[dict[str, Any]]:
        """Who is quoted most: quotes, articles and outlets (quotes per outlet) per speaker.

        ``kind``: named speakers only (the default), one other of ``schema.SOURCE_KINDS``
        (each such source is one speaker of one article), or "all"."""
        s, so = speakers, speaker_outlets
        n = func.sum(so.c.quotes).label("quotes")
        counts = select(so.c.speaker_id, n)
        if kind != "all":
            if kind not in SOURCE_KINDS:
                raise ValueError(f"unknown source kind {kind!r} (known: {', '.join(SOURCE_KINDS)}, all)")
            local = s.c.key.startswith(LOCAL_PREFIX, autoescape=True)
            which = ~local if kind == "named" else s.c.key.startswith(f"{LOCAL_PREFIX}{kind}:",
                                                                        autoescape=True)
            counts = counts.where(so.c.speaker_id.in_(select(s.c.id).where(which)))
        if outlet:
            counts = counts.where(func.lower(so.c.outlet) == outlet.lower())
        counts = (counts.group_by(so.c.speaker_id).order_by(n.desc(), so.c.speaker_id)
                  .limit(top).offset(offset))
        with self._read() as conn:
            ranked = conn.execute(counts).all()
            if not ranked:
                return []
            ids = [sid for sid, _ in ranked]
            info = {r["id"]: dict(r) for r in conn.execute(
                select(s.c.id, s.c.name, s.c.type, s.c.aliases).where(s.c.id.in_(ids))).mappings()}
            per = (select(so.c.speaker_id, so.c.outlet, so.c.quotes, so.c.documents)
                   .where(so.c.speaker_id.in_(ids)))
            if outlet:
                per = per.where(func.lower(so.c.outlet) == outlet.lower())
            by_outlet: dict[int, dict[str, int]] = defaultdict(dict)
            docs: dict[int, int] = defaultdict(int)
            for sid, out, count, n_docs in conn.execute(per):
                by_outlet[sid][out or "(unknown)"] = count
                docs[sid] += n_docs  # a document has one outlet: per-outlet counts add up
        rows = [{**info[sid], "quotes": count, "documents": docs[sid]} for sid, count in ranked]
        for r in rows:
            r["aliases"] = list(r["aliases"] or [])
            r["outlets"] = dict(sorted(by_outlet[r["id"]].items(), key=lambda kv: (-kv[1], kv[0])))
        return rows

    def sourcing(self, *, by_outlet: bool = False) -> list[dict[str, Any]]:
        """Attributions by kind of source (``schema.SOURCE_KINDS``, or "none" when the text
        gives no source), each with its share of all attributions (of its outlet's, with
        ``by_outlet``): how much of the corpus rests on anonymous sources."""
        a, e, d = attributions, entities, documents
        kind = case((e.c.id.is_(None), literal("none")), (e.c.kind.is_not(None), e.c.kind),
                    (e.c.type.in_(("GROUP", "NORP")), literal("group")),
                    (e.c.type == "OTHER", literal("unnamed")), else_=literal("named")).label("kind")
        outlet = func.coalesce(d.c.outlet, literal("")).label("outlet")
        keys = [outlet, kind] if by_outlet else [kind]
        q = (select(*keys, func.count().label("attributions"))
             .select_from(a.join(d, d.c.id == a.c.doc_id).outerjoin(e, e.c.id == a.c.entity_id))
             .group_by(*keys).order_by(*keys))
        with self._read() as conn:
            rows = [dict(r) for r in conn.execute(q).mappings()]
        totals: dict[str, int] = defaultdict(int)
        for r in rows:
            totals[r.get("outlet", "")] += r["attributions"]
        order = {k: i for i, k in enumerate((*SOURCE_KINDS, "none"))}
        rows.sort(key=lambda r: (r.get("outlet", ""), order.get(r["kind"], len(order))))
        for r in rows:
            r["share"] = round(r["attributions"] / totals[r.get("outlet", "")], 4)
            if by_outlet:
                r["outlet"] = r["outlet"] or "(unknown)"
        return rows

    def figures(self, *, about: str | None = None, limit: int = PAGE, offset: int = 0
                ) -> list[dict[str, Any]]:
        """Figures with who reported them, optionally those whose text or quantity mentions
        ``about`` (case-insensitive)."""
        q = self._figure_select()
        if about:
            q = q.where(_about(about))
        q = q.order_by(documents.c.published_at.desc().nulls_last(), figures.c.id)
        with self._read() as conn:
            rows = conn.execute(q.limit(limit).offset(offset)).mappings().all()
        return [_jsonable(dict(r)) for r in rows]

    def contested_figures(self, *, about: str | None = None, window_days: int = 31,
                          max_reports: int = 20, limit: int = PAGE, offset: int = 0
                          ) -> list[dict[str, Any]]:
        """Groups of reports that disagree on one quantity (``according.store.contested``): the
        same ``counted`` and ``predicate`` (both known) with different, non-overlapping values
        from different sources, nothing in their context setting them apart, in articles
        published within ``window_days`` of each other (an undated article against any). One
        dict per group: ``counted``, ``predicate``, ``values``, ``reason``, ``reports`` (at most
        ``max_reports`` figures with value, source, outlet and date, earliest first) and
        ``total_reports``."""
        f = figures
        stated = or_(f.c.value.is_not(None), f.c.low.is_not(None), f.c.high.is_not(None))
        groups = (select(f.c.counted, f.c.predicate)
                  .where(f.c.counted.is_not(None), f.c.predicate.is_not(None), stated)
                  .group_by(f.c.counted, f.c.predicate)
                  .having(func.count() > 1)
                  .order_by(func.count().desc(), f.c.counted, f.c.predicate))
        if about:
            groups = groups.where(_about(about))
        window = timedelta(days=window_days)
        out: list[dict[str, Any]] = []
        skipped = 0
        with self._read() as conn:
            for batch in conn.execute(groups).partitions(200):
                wanted = [(c, p) for c, p in batch]
                cond = or_(*[and_(f.c.counted == c, f.c.predicate == p) for c, p in wanted])
                reports: dict[tuple[str, str | None], list[dict[str, Any]]] = defaultdict(list)
                for r in conn.execute(self._figure_select().where(cond, stated).order_by(f.c.id)).mappings():
                    reports[(r["counted"], r["predicate"])].append(dict(r))
                for key in wanted:
                    for clash in contests(reports[key], window):
                        if skipped < offset:
                            skipped += 1
                            continue
                        clash.sort(key=lambda r: (r["published_at"] or datetime.max, r["id"]))
                        out.append({"counted": key[0], "predicate": key[1],
                                    "values": sorted({r["value"] for r in clash if r["value"] is not None}),
                                    "reason": contest_reason(clash),
                                    "reports": [_jsonable(r) for r in clash[:max_reports]],
                                    "total_reports": len(clash)})
                        if len(out) >= limit:
                            return out
        return out

    def _figure_select(self) -> Select[Any]:
        f, d, s, a = figures, documents, speakers, attributions
        return (select(
            f.c.id, f.c.text, f.c.value, f.c.low, f.c.high, f.c.qualifier, f.c.counted,
            f.c.predicate, f.c.agent, f.c.place, f.c.period, s.c.id.label("speaker_id"),
            s.c.name.label("speaker"),
            a.c.content_text.label("quote"), d.c.id.label("document_id"),
            d.c.external_id.label("document"), d.c.title, d.c.url, d.c.outlet, d.c.published,
            d.c.published_at)
            .select_from(f.join(d, d.c.id == f.c.doc_id).outerjoin(s, s.c.id == f.c.speaker_id)
                         .outerjoin(a, a.c.id == f.c.attribution_id)))

    def stats(self) -> dict[str, int]:
        """Row counts: documents, attributions, entities, speakers (with an entity), figures."""
        with self._read() as conn:
            def count(table: Any) -> int:
                return conn.execute(select(func.count()).select_from(table)).scalar_one()

            return {"documents": count(documents), "attributions": count(attributions),
                    "entities": count(entities), "speakers": count(speakers),
                    "figures": count(figures)}

    def documents(self, *, outlet: str | None = None, limit: int = PAGE, offset: int = 0
                  ) -> list[dict[str, Any]]:
        """Stored articles (without text), newest first, with their attribution counts."""
        d, a = documents, attributions
        n = select(func.count()).where(a.c.doc_id == d.c.id).scalar_subquery()
        q = select(d.c.id, d.c.external_id.label("document"), d.c.title, d.c.url, d.c.outlet,
                   d.c.published, d.c.published_at, d.c.ingested_at, n.label("attributions"))
        if outlet:
            q = q.where(func.lower(d.c.outlet) == outlet.lower())
        q = q.order_by(d.c.published_at.desc().nulls_last(), d.c.id.desc())
        with self._read() as conn:
            return [_jsonable(dict(r)) for r in conn.execute(q.limit(limit).offset(offset)).mappings()]

    def document(self, doc_id: int | str) -> Document | None:
        """The stored article with this store id (int) or external id / text hash (str).

        The two never shadow each other: an int is only ever a row id, a str only ever an
        external id or hash (callers turn user digits into an int; see ``web.params``)."""
        d = documents
        if isinstance(doc_id, int):
            if not 0 < doc_id <= MAX_ROW_ID:
                return None
            cond = d.c.id == doc_id
        else:
            cond = or_(d.c.external_id == doc_id, d.c.text_sha256 == doc_id)
        with self._read() as conn:
            pk = conn.execute(select(d.c.id).where(cond).order_by(d.c.id).limit(1)).scalar()
            if pk is None:
                return None
            return next(self._load_documents(conn, [pk]))

    def iter_documents(self, batch_size: int = 200) -> Iterator[Document]:
        """Every stored article as a ``Document`` (core schema), in ingest order."""
        last = 0
        while True:
            with self._read() as conn:
                ids = conn.execute(select(documents.c.id).where(documents.c.id > last)
                                   .order_by(documents.c.id).limit(batch_size)).scalars().all()
                if not ids:
                    return
                docs = list(self._load_documents(conn, ids))
            yield from docs
            last = ids[-1]

    def _load_documents(self, conn: Connection, ids: Sequence[int]) -> Iterator[Document]:
        by_doc: dict[str, dict[int, list[Any]]] = {"a": defaultdict(list), "e": defaultdict(list),
                                                   "f": defaultdict(list)}
        ent_local: dict[int, str] = {}
        for r in conn.execute(select(entities).where(entities.c.doc_id.in_(ids))
                              .order_by(entities.c.id)).mappings():
            ent_local[r["id"]] = r["local_id"]
            by_doc["e"][r["doc_id"]].append(Entity(r["local_id"], r["name"], r["type"],
                                                   [(int(s), int(e)) for s, e in r["mentions"]],
                                                   r["kind"] or legacy_kind(r["type"])))
        for r in conn.execute(select(attributions).where(attributions.c.doc_id.in_(ids))
                              .order_by(attributions.c.id)).mappings():
            def span(prefix: str, r: Any = r) -> Span | None:
                if r[f"{prefix}_start"] is None:
                    return None
                return Span(r[f"{prefix}_start"], r[f"{prefix}_end"], r[f"{prefix}_text"] or "")

            pieces = tuple((int(s), int(e)) for s, e in r["content_spans"])
            content = Span(r["content_start"], r["content_end"], r["content_text"],
                           pieces if len(pieces) > 1 else ())
            by_doc["a"][r["doc_id"]].append(Attribution(
                r["local_id"], r["type"], span("source"), span("cue"), content,
                ent_local.get(r["entity_id"]), r["confidence"], r["parent"]))
        for r in conn.execute(select(figures).where(figures.c.doc_id.in_(ids))
                              .order_by(figures.c.id)).mappings():
            by_doc["f"][r["doc_id"]].append(Figure(
                r["local_id"], r["start"], r["end"], r["text"], r["value"], r["low"], r["high"],
                r["qualifier"], r["counted"], r["predicate"], r["attribution"], r["source_entity"],
                r["agent"], r["place"], r["period"]))
        rows = {r["id"]: r for r in conn.execute(select(documents).where(documents.c.id.in_(ids)))
                .mappings()}
        for pk in ids:
            r = rows[pk]
            meta = {k: r[k] for k in ("title", "url", "published", "outlet") if r[k] is not None}
            yield Document(r["external_id"], r["text"], by_doc["a"][pk], by_doc["e"][pk],
                           by_doc["f"][pk], meta)


# -- helpers --------------------------------------------------------------------------------

def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: isoformat(v) if isinstance(v, datetime) else v for k, v in row.items()}


def _check_storable(doc: Document) -> None:
    """Refuse NUL characters on every back end alike (PostgreSQL text cannot hold them)."""
    fields = {"id": doc.id, "text": doc.text, **doc.meta}
    for name, value in fields.items():
        if isinstance(value, str) and "\x00" in value:
            raise InputError(doc.id.replace("\x00", "\\x00"), f"{name} holds a NUL character, which "
                             "a corpus cannot store")


def _like_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _about(about: str) -> Any:
    pattern = f"%{_like_escape(about)}%"
    return or_(figures.c.counted.ilike(pattern, escape="\\"), figures.c.text.ilike(pattern, escape="\\"))


def _date_range(since: str | datetime | None, until: str | datetime | None
                ) -> tuple[datetime | None, datetime | None]:
    """[start, end) in naive UTC; a date-only ``until`` runs to the end of that day."""
    start = parse_date(since, strict=True) if since is not None else None
    end = None
    if until is not None:
        end = parse_date(until, strict=True)
        if isinstance(until, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", until.strip()):
            end = end + timedelta(days=1) if end else None
        elif end is not None:
            end = end + timedelta(microseconds=1)
    return start, end


_FTS_TERM = re.compile(r'"([^"]*)"|(\S+)')


def _fts5_query(query: str) -> str:
    """User text → an FTS5 query: every word (or quoted phrase) required, syntax neutralised."""
    terms = []
    for phrase, word in _FTS_TERM.findall(query):
        words = re.findall(r"\w+", phrase or word)
        if words:
            terms.append('"' + " ".join(words) + '"')
    return " ".join(terms)


