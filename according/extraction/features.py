"""Per-token features for the learned tagger, read off a spaCy parse at almost no cost.

Three blocks per token:

* ``dense`` – spaCy's ``doc.tensor`` (the tok2vec output the parser already computed);
* ``ids``   – hashed categorical features (word form, lemma, tags, dependency labels, head,
  entity type, cue-lexicon membership), each column looked up in its own embedding table;
* ``flags`` – binary/scalar cues (inside quotation marks, sentence/paragraph boundaries,
  punctuation, capitalisation, position relative to the head).

Hashing (spaCy's 64-bit string hashes modulo a table size) keeps the model free of a vocabulary
file: the same string always maps to the same row at train and run time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc

from according.extraction.quotes import QuoteMap, is_quote_char

#: Lemmas of common reporting cues (verbs and nouns); one flag feature, the model learns the rest.
CUE_LEMMAS = frozenset("""
say tell add accord claim state announce write note argue insist believe think report explain
warn suggest ask reply respond deny confirm acknowledge admit declare predict promise urge call
describe estimate show find reveal accuse criticize criticise quote testify tweet post indicate
recall agree disagree complain contend maintain assert allege vow pledge stress emphasize
emphasise point observe remark comment mention concede caution charge hint propose recommend
demand question wonder hope fear expect feel worry suspect know see consider doubt acknowledge
blame praise describe characterize dismiss reject condemn defend brief disclose conclude
according statement interview testimony claim report remark comment announcement speech
assessment view opinion belief argument accusation allegation suggestion warning prediction
""".split())

#: Size of the hash table for each id column (large for open-class strings, small for tag sets).
ID_COLUMNS: tuple[tuple[str, int], ...] = (
    ("lower", 20000),
    ("lemma", 10000),
    ("shape", 1000),
    ("tag", 256),
    ("dep", 256),
    ("ent", 256),
    ("head_lemma", 5000),
    ("head_dep", 256),
    ("head_tag", 256),
    ("cue_ctx", 64),
)
FLAG_NAMES: tuple[str, ...] = (
    "in_quote", "is_quote", "sent_start", "sent_end", "para_start", "is_punct", "is_title",
    "cue_lemma", "head_cue_lemma", "head_left", "head_right", "is_root", "newline_before",
    "after_colon",
)
DENSE_DIM = 96


@dataclass
class DocFeatures:
    """Features for one document: ``dense`` (n, 96) float32, ``ids`` (n, C) int64, ``flags`` (n, F).

    ``ctx`` (n, D) holds contextual encoder vectors when the model uses an encoder
    (:mod:`according.extraction.encoder`), else None.
    """

    dense: np.ndarray
    ids: np.ndarray
    flags: np.ndarray
    ctx: np.ndarray | None = None

    def slice(self, a: int, b: int, ctx: np.ndarray | None = None) -> DocFeatures:
        """Tokens [a, b) (with ``ctx`` in place of this document's own vectors when given)."""
        ctx = self.ctx if ctx is None else ctx
        return DocFeatures(self.dense[a:b], self.ids[a:b], self.flags[a:b],
                           None if ctx is None else ctx[a:b])

    def __len__(self) -> int:
        return self.ids.shape[0]


def _bucket(h: int, size: int) -> int:
    return int(h % size)


def featurize(doc: Doc, quotes: QuoteMap | None = None) -> DocFeatures:
    """Features of every token of ``doc`` (a parsed spaCy Doc with a tensor)."""
    n = len(doc)
    text = doc.text
    quotes = quotes or QuoteMap(text)
    ids = np.zeros((n, len(ID_COLUMNS)), dtype=np.int64)
    flags = np.zeros((n, len(FLAG_NAMES)), dtype=np.float32)
    sizes = [size for _, size in ID_COLUMNS]
    inside = quotes.inside
    after_colon = False
    for i, tok in enumerate(doc):
        head = tok.head
        lemma = tok.lemma_.lower()
        head_lemma = head.lemma_.lower()
        cue = lemma in CUE_LEMMAS
        head_cue = head_lemma in CUE_LEMMAS
        ent = f"{tok.ent_iob_}-{tok.ent_type_}" if tok.ent_type_ else tok.ent_iob_
        # Which cue-ish relation links this token to its head (e.g. nsubj of "say").
        cue_ctx = f"{tok.dep_}>{head_lemma}" if head_cue else ("cue" if cue else "-")
        row = ids[i]
        row[0] = _bucket(tok.lower, sizes[0])
        row[1] = _bucket(doc.vocab.strings[lemma], sizes[1])
        row[2] = _bucket(tok.shape, sizes[2])
        row[3] = _bucket(tok.tag, sizes[3])
        row[4] = _bucket(tok.dep, sizes[4])
        row[5] = _bucket(doc.vocab.strings[ent], sizes[5])
        row[6] = _bucket(doc.vocab.strings[head_lemma], sizes[6])
        row[7] = _bucket(head.dep, sizes[7])
        row[8] = _bucket(head.tag, sizes[8])
        row[9] = _bucket(doc.vocab.strings[cue_ctx], sizes[9])
        start = tok.idx
        ws_before = text[doc[i - 1].idx + len(doc[i - 1]):start] if i else "\n"
        f = flags[i]
        f[0] = inside[start] if start < len(inside) else 0
        f[1] = is_quote_char(text, start) if tok.is_punct or tok.is_quote else 0
        f[2] = tok.is_sent_start or i == 0
        f[3] = tok.is_sent_end or i == n - 1
        f[4] = ("\n" in ws_before) or i == 0
        f[5] = tok.is_punct
        f[6] = tok.is_title
        f[7] = cue
        f[8] = head_cue
        f[9] = head.i < tok.i
        f[10] = head.i > tok.i
        f[11] = head.i == tok.i
        f[12] = tok.is_space or "\n" in ws_before
        f[13] = after_colon
        if tok.is_sent_start:
            after_colon = False
        if tok.text == ":":
            after_colon = True
    # The ent string may be new; the other lookups use strings the parse already interned.
    dense = doc.tensor if doc.tensor is not None and doc.tensor.shape == (n, DENSE_DIM) \
        else np.zeros((n, DENSE_DIM), dtype=np.float32)
    return DocFeatures(dense=np.asarray(dense, dtype=np.float32), ids=ids, flags=flags)
