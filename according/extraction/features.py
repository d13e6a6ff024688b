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

import re
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc

from according.config import FEATURE_VERSION
from according.extraction.nlp import doc_text
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


#: Token attributes read in one ``Doc.to_array`` call (Token objects are slow to create).
_ATTRS = ("ORTH", "LOWER", "LEMMA", "SHAPE", "TAG", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "IDX",
          "LENGTH", "SENT_START", "IS_PUNCT", "IS_QUOTE", "IS_TITLE", "IS_SPACE")
_IOB = ("", "I", "O", "B")


def featurize(doc: Doc, quotes: QuoteMap | None = None, version: int = FEATURE_VERSION) -> DocFeatures:
    """Features of every token of ``doc`` (a parsed spaCy Doc with a tensor).

    ``version`` is the one a model was trained with (its config's ``feature_version``).
    Columns are computed on arrays from one ``Doc.to_array`` call; string-derived features
    (lower-cased lemma, entity label, cue relation) once per distinct value.
    """
    n = len(doc)
    text = doc_text(doc)
    quotes = quotes or QuoteMap(text)
    strings = doc.vocab.strings
    sizes = [size for _, size in ID_COLUMNS]
    ids = np.zeros((n, len(ID_COLUMNS)), dtype=np.int64)
    flags = np.zeros((n, len(FLAG_NAMES)), dtype=np.float32)
    dense = doc.tensor if doc.tensor is not None and doc.tensor.shape == (n, DENSE_DIM) \
        else np.zeros((n, DENSE_DIM), dtype=np.float32)
    if not n:
        return DocFeatures(dense=np.asarray(dense, dtype=np.float32), ids=ids, flags=flags)
    arr = doc.to_array(list(_ATTRS))
    c = {name: arr[:, k] for k, name in enumerate(_ATTRS)}
    pos = np.arange(n)
    head = pos + c["HEAD"].astype(np.int64)
    idx = c["IDX"].astype(np.int64)
    # Lemmas: lower-cased, looked up in the cue lexicon, hashed, once per distinct lemma.
    lemmas, lemma_inv = np.unique(c["LEMMA"], return_inverse=True)
    lowered = [strings[int(h)].lower() if h else "" for h in lemmas]
    is_cue = np.array([lem in CUE_LEMMAS for lem in lowered], dtype=bool)[lemma_inv]
    lemma_hash = np.array([strings[lem] for lem in lowered], dtype=np.uint64)[lemma_inv]
    head_cue = is_cue[head]
    # Entity label "B-PERSON" / "O" / "": once per (IOB, type) pair.
    pairs, pair_inv = np.unique(np.stack([c["ENT_IOB"], c["ENT_TYPE"]], 1), axis=0, return_inverse=True)
    ent_hash = np.array([strings[f"{_IOB[int(i)]}-{strings[int(t)]}" if t else _IOB[int(i)]]
                         for i, t in pairs], dtype=np.uint64)[pair_inv.reshape(-1)]
    # Which cue-ish relation links a token to its head (e.g. nsubj of "say").
    ctx_hash = np.where(is_cue, np.uint64(strings["cue"]), np.uint64(strings["-"]))
    for i in np.nonzero(head_cue)[0].tolist():
        ctx_hash[i] = strings[f"{strings[int(c['DEP'][i])] if c['DEP'][i] else ''}>"
                              f"{lowered[lemma_inv[head[i]]]}"]
    for j, col in enumerate((c["LOWER"], lemma_hash, c["SHAPE"], c["TAG"], c["DEP"], ent_hash,
                             lemma_hash[head], c["DEP"][head], c["TAG"][head], ctx_hash)):
        ids[:, j] = (col % np.uint64(sizes[j])).astype(np.int64)
    # Newline between the previous word and each token (the first token counts as after one).
    # Whitespace tokens (spaCy makes "\n\n" a token) are skipped, so the word after a blank
    # line is a paragraph start. Version 1 compared with the previous token, whitespace or not,
    # so the flag fired on the first token alone.
    newlines = np.array([m.start() for m in re.finditer("\n", text)], dtype=np.int64)
    ends = idx + c["LENGTH"].astype(np.int64)
    if version >= 2:
        ends = np.maximum.accumulate(np.where(c["IS_SPACE"].astype(bool), 0, ends))
    prev_end = np.concatenate([[0], ends[:-1]])
    nl_before = np.searchsorted(newlines, idx) > np.searchsorted(newlines, prev_end)
    nl_before[0] = True
    sent_start = c["SENT_START"].astype(np.int64) == 1
    inside = np.frombuffer(bytes(quotes.inside), dtype=np.uint8)
    flags[:, 0] = np.where(idx < len(inside), inside[np.minimum(idx, max(len(inside) - 1, 0))], 0) \
        if len(inside) else 0
    punct_or_quote = np.nonzero(c["IS_PUNCT"] | c["IS_QUOTE"])[0].tolist()
    flags[punct_or_quote, 1] = [is_quote_char(text, int(idx[i])) for i in punct_or_quote]
    flags[:, 2] = sent_start | (pos == 0)
    flags[:, 3] = np.append(sent_start[1:], True)
    flags[:, 4] = nl_before
    flags[:, 5] = c["IS_PUNCT"]
    flags[:, 6] = c["IS_TITLE"]
    flags[:, 7] = is_cue
    flags[:, 8] = head_cue
    flags[:, 9] = head < pos
    flags[:, 10] = head > pos
    flags[:, 11] = head == pos
    flags[:, 12] = c["IS_SPACE"].astype(bool) | nl_before
    # After a colon in the same sentence (a sentence start resets, a colon sets; the flag
    # reads the state left by the previous token).
    colon = c["ORTH"] == np.uint64(strings[":"])
    last_colon = np.maximum.accumulate(np.where(colon, pos, -1))
    last_start = np.maximum.accumulate(np.where(sent_start, pos, -1))
    state = (last_colon >= 0) & (last_colon >= last_start)
    flags[1:, 13] = state[:-1]
    # The ent string may be new; the other lookups use strings the parse already interned.
    return DocFeatures(dense=np.asarray(dense, dtype=np.float32), ids=ids, flags=flags)
