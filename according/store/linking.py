"""Cross-article speakers: document entities → canonical speakers, conservatively.

* The same normalised full name (``according.store.names``) is the same speaker; an acronym
  is the one organisation the corpus names with it ("International Monetary Fund (IMF)").
* A lone surname ("Khamenei") joins the one full-name speaker with that surname (or the one
  named ``DOMINANCE`` times as often as any other), and a
  title-only mention ("Iran's Supreme Leader") the one full-name speaker known by that alias;
  when the corpus holds none or several, it stays a speaker of its own (a missed link is
  cheaper than a wrong one).
* User corrections (``speaker_corrections``) are replayed in order on top: a merge sends one
  key to another; a split undoes the merges into a speaker and bars short forms from it.

Speakers are identified by key (the canonical normalised name), so links and corrections
survive re-ingest and come out the same whatever order articles arrive in.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Connection, and_, func, literal_column, select, update
from sqlalchemy.dialects import postgresql, sqlite

from according.extraction.lexicon import same_given
from according.store.names import NameKey
from according.store.tables import (
    attributions,
    documents,
    entities,
    entity_aliases,
    figures,
    speaker_corrections,
    speaker_outlets,
    speakers,
)

#: How many times as many articles a full name needs as any other with the same surname to
#: take that surname alone.
DOMINANCE = 4
#: Longest name key taken for an acronym shown beside a full name ("IMF", "NAACP").
ACRONYM_MAX = 6
#: Aliases kept per speaker (most frequent surface names).
MAX_ALIASES = 20


@dataclass
class Corrections:
    """The replayed user corrections: ``merges`` key → key, and split keys (no short links)."""

    merges: dict[str, str] = field(default_factory=dict)
    split: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, conn: Connection) -> Corrections:
        c = cls()
        rows = conn.execute(select(speaker_corrections.c.action, speaker_corrections.c.key,
                                   speaker_corrections.c.target_key)
                            .order_by(speaker_corrections.c.id))
        for action, key, target in rows:
            if action == "merge" and target and c.follow(target) != key:
                c.merges[key] = target
                c.split.discard(key)
            elif action == "split":
                for k in [k for k in c.merges if c.follow(k) == key]:
                    del c.merges[k]
                c.split.add(key)
        return c

    def follow(self, key: str) -> str:
        """Where ``key`` ends up after the merges."""
        seen = {key}
        while key in self.merges and self.merges[key] not in seen:
            key = self.merges[key]
            seen.add(key)
        return key


class SpeakerLinker:
    """Links entities to speakers on one connection (inside the caller's transaction)."""

    def __init__(self, conn: Connection, corrections: Corrections) -> None:
        self.conn = conn
        self.corrections = corrections

    def target_key(self, nk: NameKey) -> str:
        """The canonical speaker key for a name key, given the corpus as it stands."""
        if nk.kind == "local":
            return nk.key
        if nk.kind == "full":
            return self.corrections.follow(self.acronym_key(nk) or self.nickname_key(nk))
        n = func.count(entities.c.id.distinct())
        if nk.kind == "surname":
            fulls = select(entities.c.name_key, n).where(
                entities.c.surname == nk.surname, entities.c.key_kind == "full")
        else:
            fulls = (select(entities.c.name_key, n)
                     .join(entity_aliases, entity_aliases.c.entity_id == entities.c.id)
                     .where(entity_aliases.c.alias_key == nk.key, entities.c.key_kind == "full"))
        found: Counter[str] = Counter()
        for key, count in self.conn.execute(fulls.group_by(entities.c.name_key)):
            found[self.corrections.follow(key)] += count
        ranked = found.most_common(2)
        # One full name with that surname; or one that the corpus names DOMINANCE times as
        # often as any other ("Obama" beside 80 "Barack Obama" and 3 "Michelle Obama").
        if ranked and (len(ranked) == 1 or ranked[0][1] >= DOMINANCE * ranked[1][1]) \
                and ranked[0][0] not in self.corrections.split:
            return ranked[0][0]
        return self.corrections.follow(nk.key)

    def acronym_key(self, nk: NameKey) -> str | None:
        """The one organisation the corpus names with this acronym beside its full name
        ("IMF" → "International Monetary Fund (IMF)"); None for none or several."""
        if " " in nk.key or not 2 <= len(nk.key) <= ACRONYM_MAX:
            return None
        shown = func.replace(func.lower(entities.c.name), ".", "")
        found = self.conn.execute(
            select(entities.c.name_key).distinct()
            .join(entity_aliases, entity_aliases.c.entity_id == entities.c.id)
            .where(entity_aliases.c.alias_key == nk.key, entities.c.key_kind == "full",
                   entities.c.name_key != nk.key, shown.like(f"%({nk.key})"))).scalars().all()
        return found[0] if len(found) == 1 else None

    def nickname_key(self, nk: NameKey) -> str:
        """The corpus's one spelling of a full name that differs only by a nickname ("Bernie
        Sanders" and "Bernard Sanders", "Len Burman" and "Leonard Burman"), the most named
        one; ``nk.key`` itself when there is none such, or several people."""
        words = nk.key.split()
        if len(words) < 2 or nk.surname is None:
            return nk.key
        n = func.count(entities.c.id)
        found = self.conn.execute(
            select(entities.c.name_key, n).where(entities.c.surname == nk.surname,
                                                 entities.c.key_kind == "full")
            .group_by(entities.c.name_key).order_by(n.desc(), entities.c.name_key)).all()
        others = [key for key, _ in found if key != nk.key and key.split()[1:] == words[1:]
                  and same_given(key.split()[0], words[0])]
        if len(others) != 1:
            return nk.key  # none, or several people ("Chris" beside Christine and Christopher)
        counts = dict(found)
        # one spelling for the pair whatever the order articles came in: the most named
        return min((others[0], nk.key), key=lambda k: (-counts.get(k, 0), k))

    def speaker_id(self, nk: NameKey | None, name: str, type: str) -> int | None:
        """The speaker row for an entity (created when new); None for unlinkable names."""
        if nk is None:
            return None
        sid = self._ensure(self.target_key(nk), name, type)
        aliases = self.conn.execute(select(speakers.c.aliases).where(speakers.c.id == sid)).scalar()
        if name not in (aliases or []) and len(aliases or []) < MAX_ALIASES:
            self.conn.execute(update(speakers).where(speakers.c.id == sid)
                              .values(aliases=[*(aliases or []), name]))
        return sid

    def _ensure(self, key: str, name: str, type: str) -> int:
        found = self.conn.execute(select(speakers.c.id).where(speakers.c.key == key)).scalar()
        if found is not None:
            return found
        dialect = postgresql if self.conn.dialect.name == "postgresql" else sqlite
        self.conn.execute(dialect.insert(speakers).values(key=key, name=name, type=type, aliases=[name])
                          .on_conflict_do_nothing(index_elements=["key"]))
        return self.conn.execute(select(speakers.c.id).where(speakers.c.key == key)).scalar_one()

    def relink(self) -> int:
        """Recompute every entity's speaker; refresh names/aliases; drop orphans. Keys moved."""
        e, s = entities, speakers
        # One name key may come in two kinds ("Sanders" as a surname, and as a one-word
        # organisation): the kind is part of what is linked.
        # Entities of one (key, kind) linked at different times may point to different
        # speakers: settled only when every one of them points to the target.
        current: dict[tuple[str, str], set[str | None]] = defaultdict(set)
        for k, kind, sk in self.conn.execute(
                select(e.c.name_key, e.c.key_kind, s.c.key)
                .select_from(e.outerjoin(s, s.c.id == e.c.speaker_id))
                .where(e.c.name_key.is_not(None)).group_by(e.c.name_key, e.c.key_kind, s.c.key)):
            current[(k, kind)].add(sk)
        kinds = self.conn.execute(select(e.c.name_key, e.c.key_kind, e.c.surname)
                                  .where(e.c.name_key.is_not(None)).distinct()
                                  .order_by(e.c.name_key, e.c.key_kind)).all()
        moved = 0
        touched: set[int] = set()
        for key, kind, surname in kinds:
            target = self.target_key(NameKey(key, kind, surname))
            if current.get((key, kind)) == {target}:
                continue
            name, type_ = self._display(target, key)
            sid = self._ensure(target, name, type_)
            which = and_(e.c.name_key == key, e.c.key_kind == kind)
            ent_ids = select(e.c.id).where(which)
            touched.update(i for i in self.conn.execute(select(e.c.speaker_id).distinct().where(which))
                           .scalars() if i is not None)
            self.conn.execute(update(e).where(which).values(speaker_id=sid))
            self.conn.execute(update(attributions).where(attributions.c.entity_id.in_(ent_ids))
                              .values(speaker_id=sid))
            self.conn.execute(update(figures).where(figures.c.entity_id.in_(ent_ids))
                              .values(speaker_id=sid))
            touched.add(sid)
            moved += 1
        if moved:
            refresh_counts(self.conn, touched)
            used = select(e.c.speaker_id).where(e.c.speaker_id.is_not(None))
            self.conn.execute(speaker_outlets.delete().where(speaker_outlets.c.speaker_id.not_in(used)))
            self.conn.execute(s.delete().where(s.c.id.not_in(used)))
            self._refresh(touched)
        return moved

    def settle_types(self, ids: set[int]) -> None:
        """Each speaker's type is the one most of its mentions carry: "PolitiFact", an
        organisation across an article, is not the person the tagger took "Politifact" for
        in another, whichever article came first."""
        for sid in ids:
            weight: Counter[str] = Counter()
            for type_, mentions in self.conn.execute(
                    select(entities.c.type, entities.c.mentions).where(entities.c.speaker_id == sid)):
                weight[type_] += len(mentions or ()) or 1
            if weight:
                self.conn.execute(update(speakers).where(speakers.c.id == sid)
                                  .values(type=weight.most_common(1)[0][0]))

    def _display(self, target: str, key: str) -> tuple[str, str]:
        """A name and type for a new speaker: its own full-name entities', else ``key``'s."""
        for k in (target, key):
            row = self.conn.execute(
                select(entities.c.name, entities.c.type, func.count().label("n"))
                .where(entities.c.name_key == k).group_by(entities.c.name, entities.c.type)
                .order_by(func.count().desc(), entities.c.name).limit(1)).first()
            if row:
                return row[0], row[1]
        return target, "OTHER"

    def _refresh(self, ids: set[int]) -> None:
        ids = set(self.conn.execute(select(speakers.c.id).where(speakers.c.id.in_(ids))).scalars())
        """Aliases of the given speakers from the names of their entities."""
        for sid in ids:
            names = self.conn.execute(select(entities.c.name).where(entities.c.speaker_id == sid)
                                      ).scalars().all()
            if names:
                aliases = [n for n, _ in Counter(names).most_common(MAX_ALIASES)]
                self.conn.execute(update(speakers).where(speakers.c.id == sid)
                                  .values(aliases=aliases))


def refresh_counts(conn: Connection, ids: set[int] | None = None) -> None:
    """Recount ``speaker_outlets`` for the given speakers (None: all) from the attributions."""
    a, d, so = attributions, documents, speaker_outlets
    outlet = func.coalesce(d.c.outlet, literal_column("''"))
    counts = (select(a.c.speaker_id, outlet, func.count(), func.count(a.c.doc_id.distinct()))
              .select_from(a.join(d, d.c.id == a.c.doc_id)).where(a.c.speaker_id.is_not(None))
              .group_by(a.c.speaker_id, outlet))
    clear = so.delete()
    if ids is not None:
        if not ids:
            return
        counts = counts.where(a.c.speaker_id.in_(ids))
        clear = clear.where(so.c.speaker_id.in_(ids))
    conn.execute(clear)
    conn.execute(so.insert().from_select(["speaker_id", "outlet", "quotes", "documents"], counts))


def count_document(conn: Connection, outlet: str | None, speaker_ids: list[int]) -> None:
    """Add one stored article's quotes (one entry per attribution) to ``speaker_outlets``."""
    if not speaker_ids:
        return
    per = Counter(speaker_ids)
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(speaker_outlets).values(
        [{"speaker_id": sid, "outlet": outlet or "", "quotes": n, "documents": 1} for sid, n in per.items()])
    conn.execute(stmt.on_conflict_do_update(
        index_elements=["speaker_id", "outlet"],
        set_={"quotes": speaker_outlets.c.quotes + stmt.excluded.quotes,
              "documents": speaker_outlets.c.documents + stmt.excluded.documents}))


__all__ = ["Corrections", "SpeakerLinker", "count_document", "refresh_counts"]
