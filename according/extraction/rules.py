"""Rule-based extractor on the dependency parse (mode "rules"): transparent and model-free.

Each rule reads one construction off spaCy's parse, with spans following PolNeAR's
conventions (the source is the whole subject noun phrase with its appositions, the cue is
the reporting verb with its auxiliaries, the content of indirect speech keeps its "that"):

* a cue verb (``lexicon.CUE_VERBS``) with a subject and a clausal complement: ``X said
  (that) …``, ``“…,” he said``, ``“…,” said X``, mixed quotes, ``X says``;
* speech verbs with an object, intention verbs with an infinitive, verb + preposition
  cues: ``X denied any involvement``, ``X urged Y to …``, ``X refused to …``, ``X called for …``;
* cue nouns with a possessor: ``Obama’s claim that …``;
* ``according to X`` (the rest of the clause is the content);
* parentheticals, ``…, as he claimed, “…”`` and ``This campaign, he says, is different``;
* colon-introduced statements, ``Trump boomed: “Let’s defeat her.”``, headlines
  ``John McCain: Populist Anger …``, and a paragraph ending in a colon before quoted ones;
* quotes spanning several sentences take the whole quotation, and a quotation in a later
  paragraph with no cue of its own continues the previous speaker's quote.

Cue verbs inside a quotation are skipped: PolNeAR marks the quotation, not what it reports.
Everything is linear in the article's length (quotation lookups by bisection).
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Token

from according.config import Settings
from according.extraction.base import Candidate
from according.extraction.lexicon import (
    ADDRESSEE_VERBS,
    COGNITION_VERBS,
    CUE_NOUNS,
    CUE_VERBS,
    DOCUMENT_NOUNS,
    GROUP_NOUNS,
    INTENTION_VERBS,
    ORG_NOUNS,
    PERSON_NOUNS,
    PREPOSITION_CUES,
    SPEECH_VERBS,
)
from according.extraction.nlp import doc_text
from according.extraction.quotes import QuoteMap
from according.registry import extractors

Pieces = list[tuple[int, int]]

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_CLAUSES = ("ccomp", "parataxis")
#: Speech verbs whose object alone is the content ("denied any involvement").
_OBJECT_VERBS = (SPEECH_VERBS | {"support", "back", "oppose", "endorse", "favor", "favour"}) - {
    "say", "tell", "call", "ask", "read", "show", "find", "direct", "order", "press", "post",
    "answer", "point", "attack", "reply", "respond", "determine", "decide", "rule", "headline",
    "cry", "project", "signal", "indicate", "publish", "broadcast", "pitch", "lobby", "calculate",
    "thank", "congratulate", "remind", "inform", "notify", "assure", "reassure", "instruct",
    "celebrate", "continue", "elaborate", "clarify"}
_OBJECTS = ("dobj", "xcomp", "oprd", "attr")
_NAMED = frozenset({"PERSON", "ORG", "NORP", "GPE"})
#: Nouns that can hold a view whatever their suffix: bodies, documents and people.
_VIEW_HOLDERS = PERSON_NOUNS | GROUP_NOUNS | ORG_NOUNS | DOCUMENT_NOUNS
#: Suffixes of abstract nouns, which neither believe nor back anything.
_ABSTRACT_SUFFIXES = ("ity", "ness", "tion", "sion", "ment", "ance", "ence", "ism", "cy", "ship",
                      "hood")
_LINE_END = frozenset(".!?\"”’:")
#: A line shorter than this that ends without punctuation is a title, not a hard wrap.
_SHORT_LINE = 60
_GAP_CHARS = " \t\n\u00a0,.;:—–-"
_MEDIUM_NOUNS = frozenset({"statement", "interview", "speech", "tweet", "post", "letter", "email",
                           "release", "op-ed", "briefing", "conference", "memo", "video", "message"})
_NARRATOR_SUBJECTS = frozenset({"he", "she", "they"})
_FIRST_SECOND = frozenset({"i", "we", "you"})
#: Confidence by rule: the share of its attributions whose content matches a gold one
#: (Dice ≥ 0.5) on 250 PolNeAR train articles; rarer rules share their neighbours' value.
CONF_CLAUSE, CONF_ACCORDING, CONF_OBJECT = 0.84, 0.78, 0.55
CONF_ADJACENT = CONF_COLON = CONF_AS = 0.86
CONF_CONTINUED = 0.76


def _holds_views(subj: Token) -> bool:
    """Whether a subject can believe, want or back something: not an abstraction named by its
    suffix ("inability", "policy", "assessment"), unless it is a body or document noun
    (``lexicon``: "agency", "study")."""
    lemma = subj.lemma_.lower()
    if subj.pos_ != "NOUN" or lemma in _VIEW_HOLDERS:
        return True
    return not lemma.endswith(_ABSTRACT_SUFFIXES)


def _char_range(tokens: list[Token]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _trim(doc: Doc, i: int, j: int) -> tuple[int, int] | None:
    """Token range [i, j) without leading/trailing punctuation except quote marks."""
    while i < j and (doc[i].is_space or doc[i].is_punct and not doc[i].is_quote):
        i += 1
    while j > i and (doc[j - 1].is_space or doc[j - 1].is_punct and not doc[j - 1].is_quote
                     and doc[j - 1].text not in ".!?…"):
        j -= 1
    if j <= i or all(t.is_punct or t.is_space for t in doc[i:j]):
        return None
    return doc[i].idx, doc[j - 1].idx + len(doc[j - 1])


def token_pieces(doc: Doc, toks: set[int]) -> Pieces:
    """Contiguous character pieces over a set of token indices."""
    out: Pieces = []
    run: list[int] = []
    for i in sorted(toks):
        if run and i != run[-1] + 1:
            r = _trim(doc, run[0], run[-1] + 1)
            if r:
                out.append(r)
            run = []
        run.append(i)
    if run:
        r = _trim(doc, run[0], run[-1] + 1)
        if r:
            out.append(r)
    return out


def subject_of(verb: Token) -> Token | None:
    """The verb's subject, or the subject it shares with the verb it is coordinated with."""
    seen = 0
    while verb is not None and seen < 4:
        subj = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        if subj is not None:
            return subj
        if (verb.dep_ in ("conj", "xcomp") or (verb.dep_ == "advcl" and verb.tag_ == "VBG")) \
                and verb.head.i != verb.i:
            verb = verb.head
            seen += 1
            continue
        return None
    return None


def source_pieces(subj: Token) -> Pieces:
    """The subject noun phrase, appositions included; a relative pronoun stands alone."""
    if subj.lower_ in ("who", "which", "that"):
        return [(subj.idx, subj.idx + len(subj))]
    toks = {t.i for t in subj.subtree}
    lo, hi = min(toks), max(toks) + 1
    doc = subj.doc
    # A parse running over a line break ("Headline\n\nObama says") keeps the speaker's line.
    # A misparse hanging a quotation under the subject: the source stops at the quote mark.
    for i in range(subj.i, lo - 1, -1):
        if "\n" in doc[i].text or (i > lo and "\n" in doc[i - 1].whitespace_):
            lo = i + 1 if "\n" in doc[i].text else i
            break
        if doc[i].is_quote:
            lo = i + 1
            break
    for i in range(subj.i, hi):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            hi = i + 1
            break
        if doc[i].is_quote:
            hi = i
            break
    if lo >= hi:
        lo, hi = subj.i, subj.i + 1
    r = _trim(doc, lo, hi)
    return [r] if r else [(subj.idx, subj.idx + len(subj))]


def cue_pieces(verb: Token) -> Pieces:
    """The verb with its auxiliaries, negation and particle ("has not said", "pointed out"),
    and the medium right after it ("said in a statement", as PolNeAR marks it)."""
    toks = [verb] + [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg", "prt")
                     and abs(c.i - verb.i) <= 3]
    doc = verb.doc
    nxt = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    if nxt is not None and nxt.dep_ == "prep" and nxt.head.i == verb.i and nxt.lower_ in ("in", "during"):
        pobj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
        if pobj is not None and pobj.lemma_.lower() in _MEDIUM_NOUNS and pobj.i - verb.i <= 4:
            toks += list(doc[nxt.i:pobj.i + 1])
    toks.sort(key=lambda t: t.i)
    return [_char_range(toks)] if toks[-1].i - toks[0].i < 6 else [(verb.idx, verb.idx + len(verb))]


class _Quotes:
    """Quotation segments of a text: (start, end) runs of quoted characters, marks included."""

    def __init__(self, text: str) -> None:
        self.map = QuoteMap(text)
        inside = self.map.inside
        segs: list[tuple[int, int]] = []
        i, n = 0, len(text)
        while i < n:
            if inside[i]:
                j = i
                while j < n and inside[j]:
                    j += 1
                if any(ch.isalnum() for ch in text[i:j]):
                    segs.append((i, j))
                i = j
            else:
                i += 1
        self.segments = segs
        self.starts = [s for s, _ in segs]

    def containing(self, start: int, end: int) -> tuple[int, int] | None:
        """The quote segment holding most of [start, end) when the span is mostly quoted."""
        k = bisect.bisect_right(self.starts, end)
        for s, e in self.segments[max(0, k - 6):k]:
            overlap = min(e, end) - max(s, start)
            if overlap > 0 and overlap >= 0.8 * (end - start):
                return s, e
        return None


def clause_tokens(verb: Token, skip: set[int]) -> set[int]:
    """Tokens of the verb's clausal complement (its ``ccomp``/``parataxis`` subtrees, less those
    rooted in ``skip``), without a narrator's clause coordinated after it."""
    toks: set[int] = set()
    for c in verb.children:
        if c.dep_ in _CLAUSES and c.i not in skip:
            toks.update(t.i for t in c.subtree)
            # "Rubio said X, and he railed against …": the narrator goes on, not the speaker.
            for conj in c.children:
                if conj.dep_ == "conj" and conj.pos_ in ("VERB", "AUX") and conj.i > verb.i \
                        and not any(g.dep_ == "mark" for g in conj.children) \
                        and any(g.dep_ in _SUBJECTS and g.lower_ in _NARRATOR_SUBJECTS
                                for g in conj.children) \
                        and conj.doc[conj.left_edge.i - 1].lower_ in ("and", "but") \
                        and conj.doc[conj.left_edge.i - 2].text == ",":
                    toks.difference_update(t.i for t in conj.subtree)
                    toks.discard(conj.left_edge.i - 1)
    return toks


def _quote_marks(doc: Doc, toks: set[int], verb: Token) -> None:
    """Add quote marks hanging off the verb next to the content (``“`` attached to "said")."""
    if not toks:
        return
    lo, hi = min(toks), max(toks)
    for c in verb.children:
        if c.is_quote and (c.i == lo - 1 or c.i == hi + 1 or c.i == hi + 2):
            toks.add(c.i)


class _DocRules:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.quotes = _Quotes(self.text)
        self.breaks = _paragraph_breaks(self.text)
        self.chunks: list[tuple[int, int, Token]] | None = None
        self.chunk_ends: list[int] = []
        self.cands: list[Candidate] = []
        self.cue_tokens: set[int] = set()

    def add(self, content: Pieces, cue: Pieces | None, source: Pieces | None, conf: float) -> None:
        if not content:
            return
        # A quotation running beyond the clause (over sentences) is taken whole.
        if len(content) == 1:
            seg = self.quotes.containing(*content[0])
            if seg is not None:
                s, e = seg
                # Never swallow the cue or source into the content.
                taken = [p for p in (cue or []) + (source or []) if p[0] < e and p[1] > s]
                if not taken:
                    content = [(min(s, content[0][0]), max(e, content[0][1]))]
        self.cands.append(Candidate(content=content, cue=cue, source=source, confidence=conf))

    def verb_rules(self) -> None:
        doc = self.doc
        for verb in doc:
            lemma = verb.lemma_.lower()
            if verb.pos_ not in ("VERB", "AUX"):
                continue
            if lemma not in CUE_VERBS:
                self.colon_quote(verb)
                continue
            if verb.dep_ == "amod" or (verb.tag_ == "VBN" and verb.dep_ == "acl"):
                continue
            subj = subject_of(verb)
            if subj is not None and subj.dep_ == "nsubjpass":
                agent = next((c for c in verb.children if c.dep_ == "agent"), None)
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
                subj = pobj
            lo, hi = self.paragraph(verb.idx)
            if subj is not None and not lo <= subj.idx < hi:
                subj = self.nearest_subject(verb, lo)
            skip = {subj.i} if subj is not None else set()

            def clip(found: set[int], lo: int = lo, hi: int = hi) -> set[int]:
                # The parser may run a sentence over a paragraph break: content stays in the cue's.
                return {i for i in found if lo <= doc[i].idx < hi}

            toks = clip(clause_tokens(verb, skip))
            conf = CONF_CLAUSE
            if not toks and lemma in INTENTION_VERBS:
                xcomp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
                if xcomp is not None and xcomp.i > verb.i:
                    toks = {t.i for t in xcomp.subtree}
                    if lemma in ADDRESSEE_VERBS:
                        for c in verb.children:
                            if c.dep_ == "dobj" and verb.i < c.i < xcomp.i:
                                toks.update(t.i for t in c.subtree)
                    toks = clip(toks)
                    conf = CONF_OBJECT
            cue_prep: Token | None = None
            if not toks:
                cue_prep = next((c for c in verb.children if c.dep_ in ("prep", "prt")
                                 and (lemma, c.lower_) in PREPOSITION_CUES and c.i > verb.i), None)
                pobj = next((c for c in cue_prep.children if c.dep_ in ("pobj", "pcomp")),
                            None) if cue_prep is not None else None
                if pobj is not None:
                    toks = clip({t.i for t in pobj.subtree})
                    conf = CONF_OBJECT
                else:
                    cue_prep = None
            naming = lemma == "call" and any(c.dep_ in ("oprd", "xcomp") for c in verb.children)
            if not toks and (naming or lemma in _OBJECT_VERBS and lemma not in COGNITION_VERBS - {
                    "support", "back", "oppose", "endorse", "favor", "favour"}):
                objs = [c for c in verb.children if c.dep_ in _OBJECTS]
                for c in objs:
                    toks.update(t.i for t in c.subtree)
                toks = clip(toks)
                conf = CONF_OBJECT
            if not toks and subj is not None:
                toks = clip(self.adjacent_quote(verb, subj))
                conf = CONF_ADJACENT
            if not toks:
                toks = clip(self.colon_content(verb))
                conf = CONF_COLON
            if not toks:
                toks = clip(self.parenthetical_content(verb))
                conf = CONF_AS
            if not toks or subj is None:
                continue
            if self.quotes.map.inside[verb.idx]:
                continue  # "I have to say that …" within a quotation: the quote is the attribution
            if lemma in COGNITION_VERBS and lemma not in SPEECH_VERBS and subj.lower_ in _FIRST_SECOND:
                continue  # "I think", "you know": rarely an attribution
            if lemma in COGNITION_VERBS and not _holds_views(subj):
                continue  # "the inability to back Israel", "the policy backs farmers"
            source = source_pieces(subj)
            toks = {i for i in toks if not any(a <= doc[i].idx < b for a, b in source)}
            toks.discard(verb.i)
            _quote_marks(doc, toks, verb)
            content = token_pieces(doc, toks)
            if not content:
                continue
            cue = cue_pieces(verb)
            if cue_prep is not None and cue_prep.i - verb.i <= 3:
                cue = [(cue[0][0], cue_prep.idx + len(cue_prep))]
            self.cue_tokens.update(range(verb.i, verb.i + 1))
            self.add(content, cue, source, conf)

    def paragraph(self, at: int) -> tuple[int, int]:
        """Character bounds of the paragraph (blank-line separated) around offset ``at``."""
        k = bisect.bisect_right(self.breaks, at)
        return (self.breaks[k - 1] if k else 0), (self.breaks[k] if k < len(self.breaks) else len(self.text))

    def adjacent_quote(self, verb: Token, subj: Token) -> set[int]:
        """``“…,” he said`` / ``X said, “…”`` when the parse leaves the quote unattached."""
        doc, text = self.doc, self.text
        # The speaker's own words: a misparse may hang the whole quote under the subject.
        i = subj.i
        while i > 0 and not (doc[i - 1].is_punct or doc[i - 1].is_space) \
                and subj.left_edge.i <= i - 1:
            i -= 1
        lo = doc[i].idx
        hi = max(verb.idx + len(verb), subj.idx + len(subj)) if verb.i > subj.i else \
            doc[max(t.i for t in subj.subtree)].idx + len(doc[max(t.i for t in subj.subtree)])
        segs = self.quotes.segments
        k = bisect.bisect_left(self.quotes.starts, lo)
        if k > 0:  # the quotation just before the speaker
            s, e = segs[k - 1]
            if e <= lo and not text[e:lo].strip(" ,\u00a0—–-"):
                return token_set(doc, s, e)
        k = bisect.bisect_left(self.quotes.starts, hi)
        if k < len(segs):  # the quotation just after the cue
            s, e = segs[k]
            if not text[hi:s].strip(" ,:\u00a0—–-"):
                return token_set(doc, s, e)
        return set()

    def nearest_subject(self, verb: Token, para_start: int) -> Token | None:
        """When the parse takes a subject from another paragraph (a dateline, a headline),
        the head of the last noun phrase between the paragraph start and the verb."""
        if self.chunks is None:
            self.chunks = [(c.start, c.end, c.root) for c in self.doc.noun_chunks]
            self.chunk_ends = [end for _, end, _ in self.chunks]
        k = bisect.bisect_right(self.chunk_ends, verb.i)
        for start, end, root in reversed(self.chunks[max(0, k - 3):k]):
            if end <= verb.i and self.doc[start].idx >= para_start:
                return root
        return None

    def colon_quote(self, verb: Token) -> None:
        """Any verb introducing a quotation with a colon: ``Trump boomed: “…”``."""
        subj = subject_of(verb)
        if subj is None or subj.dep_ == "nsubjpass":
            return
        toks = self.colon_content(verb)
        if not toks:
            return
        first = min(toks)
        while first in toks and self.doc[first].is_space:
            first += 1
        if first not in toks or not self.doc[first].is_quote:
            return
        lo, hi = self.paragraph(verb.idx)
        content = token_pieces(self.doc, {i for i in toks if lo <= self.doc[i].idx < hi})
        if content:
            self.add(content, cue_pieces(verb), source_pieces(subj), CONF_COLON)

    def colon_paragraph_quotes(self) -> None:
        """``He listed the qualities he wants:`` + a paragraph opening with a quotation."""
        doc, text = self.doc, self.text
        covered = {(s, e) for c in self.cands for s, e in c.content}
        for s, e in self.quotes.segments:
            j = s
            while j > 0 and text[j - 1].isspace():
                j -= 1
            if j == 0 or text[j - 1] != ":" or "\n" not in text[j:s] or (s, e) in covered:
                continue
            colon = doc.char_span(j - 1, j, alignment_mode="expand")
            if colon is None:
                continue
            # The speaker is the subject of the paragraph's first clause ("Blackwell listed …:").
            lo, _ = self.paragraph(colon.start_char)
            first = doc.char_span(lo, colon.start_char, alignment_mode="expand")
            subj = None
            for tok in first if first is not None else ():
                if tok.pos_ == "VERB" and not self.quotes.map.inside[tok.idx]:
                    subj = subject_of(tok)
                    if subj is not None and subj.dep_ != "nsubjpass" and subj.idx >= lo:
                        break
                    subj = None
            if subj is not None:
                self.add([(s, e)], [(j - 1, j)], source_pieces(subj), CONF_COLON)

    def colon_content(self, verb: Token) -> set[int]:
        """``X said: …`` — the rest of the sentence after a colon right of the verb."""
        sent = verb.sent
        for t in doc_range(verb, sent.end, 4):
            if t.text == ":":
                return {i for i in range(t.i + 1, sent.end)}
        return set()

    def parenthetical_content(self, verb: Token) -> set[int]:
        """``…, as he claimed, “…”`` — the clause the parenthetical interrupts."""
        if not (verb.dep_ == "parataxis" or any(c.dep_ == "mark" and c.lower_ == "as"
                                                for c in verb.children)):
            return set()
        head = verb.head
        if head.i == verb.i:
            return set()
        own = {t.i for t in verb.subtree}
        toks = {t.i for t in head.subtree} - own
        # Keep the side of the head the parenthetical introduces, not "because," etc.
        return {i for i in toks if not (self.doc[i].dep_ == "mark" and self.doc[i].head.i == head.i)}

    def noun_rules(self) -> None:
        """``his claim that …``, ``Obama’s warning that …``: a cue noun with a content clause."""
        doc = self.doc
        for noun in doc:
            if noun.pos_ != "NOUN" or noun.lemma_.lower() not in CUE_NOUNS:
                continue
            clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp")
                           and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
            owner = next((c for c in noun.children if c.dep_ == "poss"), None)
            if clause is None or owner is None:
                continue
            lo, hi = self.paragraph(noun.idx)
            toks = {t.i for t in clause.subtree if lo <= t.idx < hi}
            content = token_pieces(doc, toks)
            if content:
                self.add(content, [(noun.idx, noun.idx + len(noun))], source_pieces(owner), CONF_OBJECT)

    def according_rules(self) -> None:
        doc = self.doc
        for tok in doc:
            if tok.lower_ != "according":
                continue
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            if to is None and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                to = doc[tok.i + 1]
            if to is None:
                continue
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            phrase = {t.i for t in tok.subtree} | {t.i for t in to.subtree} | {tok.i, to.i}
            head = tok.head if tok.head.i != tok.i else None
            while head is not None and head.dep_ == "conj" and head.head.i != head.i:
                head = head.head  # "A, B and C, according to X": X reports all three
            sent = tok.sent
            if head is not None and head.i not in phrase and head.pos_ in ("VERB", "AUX") \
                    and head.dep_ not in ("amod", "acl", "compound", "nmod"):
                scope = {t.i for t in head.subtree}
                # Never let the content run past a sentence boundary.
                scope = {i for i in scope if sent.start <= i < sent.end}
            else:
                scope = set(range(sent.start, sent.end))
            content = token_pieces(doc, scope - phrase)
            if not content:
                continue
            src_toks = sorted(t.i for t in pobj.subtree)
            r = _trim(doc, src_toks[0], src_toks[-1] + 1)
            source = [r] if r else None
            self.cue_tokens.update((tok.i, to.i))
            self.add(content, [(tok.idx, to.idx + len(to))], source, CONF_ACCORDING)

    def continued_quotes(self) -> None:
        """Quotations with no cue of their own continue the speaker's quote just before them.

        ``“A,” she said. “B.”``, ``“A,” I said, “B.”`` and a quote running over paragraphs
        (each reopening with a new mark) are one attribution with several content pieces.
        """
        if not self.cands:
            return
        text = self.text
        segs = self.quotes.segments
        seg_starts = self.quotes.starts
        inside = self.quotes.map.inside
        # Segments that another attribution, cued outside them, already takes as its content.
        claimed: set[tuple[int, int]] = set()
        for c in self.cands:
            cue_at = c.cue[0][0] if c.cue else -1
            for cs, ce in c.content:
                k = bisect.bisect_right(seg_starts, ce) - 1
                while k >= 0 and segs[k][1] > cs:
                    s, e = segs[k]
                    if min(e, ce) - max(s, cs) >= 0.5 * (e - s) and not (cue_at >= 0 and inside[cue_at]
                                                                         and s <= cue_at < e):
                        claimed.add((s, e))
                    k -= 1

        for cand in sorted(self.cands, key=lambda c: c.content[-1][1]):
            if cand.source is None or not self._quoted(cand):
                continue
            own = sorted((cand.cue or []) + (cand.source or []))
            end = cand.content[-1][1]
            added = False
            k = bisect.bisect_left(seg_starts, end)
            while k < len(segs):
                s, e = segs[k]
                gap = text[end:s]
                # Blank out this attribution's own cue and source inside the gap.
                for os_, oe in own:
                    if end <= os_ and oe <= s:
                        gap = gap.replace(text[os_:oe], "", 1)
                rest = gap.strip(_GAP_CHARS)
                if gap.count("\n\n") > 1 or (s, e) in claimed:
                    break
                # "“A,” I said, attempting to regroup. “B.”": the rest of the cue sentence.
                if rest and (len(rest) > 250 or "\n" in gap or any(q in rest for q in "\"“”‘")
                             or any(p in rest[:-1] for p in ".!?") or added or not own):
                    break
                if "\n" in gap and not text[s - 1:s].isspace():
                    break
                cand.content = cand.content + [(s, e)]
                added = True
                end = e
                k += 1
            if added:
                cand.confidence = min(cand.confidence, CONF_CONTINUED)

    def headline_colon(self) -> None:
        """``John McCain: Populist Anger Appeals …`` — a short name, a colon, a statement."""
        doc, text = self.doc, self.text
        line_start = 0
        for line in text.split("\n"):
            colon = line.find(": ")
            if 0 < colon <= 40 and len(line) - colon > 12:
                a, c = line_start, line_start + colon
                span = doc.char_span(a, c, alignment_mode="contract")
                named = [t for t in span if t.ent_type_ in _NAMED] if span is not None else []
                if span is not None and len(span) <= 5 and span[-1].pos_ in ("PROPN", "NOUN") \
                        and (named or len(span) == 1) and span[0].is_title \
                        and not any(t.pos_ in ("VERB", "AUX") for t in span):
                    content = _trim_chars(text, c + 2, line_start + len(line))
                    if content:
                        self.add([content], [(c, c + 1)], [(a, c)], CONF_COLON)
            line_start += len(line) + 1

    def _quoted(self, cand: Candidate) -> bool:
        q, n = self.quotes.map.quoted(tuple(cand.content))
        return q >= 3

    def run(self) -> list[Candidate]:
        self.verb_rules()
        self.according_rules()
        self.noun_rules()
        self.headline_colon()
        self.colon_paragraph_quotes()
        self.continued_quotes()
        return _dedupe(self.cands)


def doc_range(tok: Token, end: int, width: int) -> list[Token]:
    """Up to ``width`` tokens right of ``tok``, stopping at ``end``."""
    doc = tok.doc
    return [doc[i] for i in range(tok.i + 1, min(end, tok.i + 1 + width))]


def _paragraph_breaks(text: str) -> list[int]:
    """Offsets where paragraphs start: after a blank line, or after a line break that ends a
    sentence or a short title line (a hard-wrapped line is neither)."""
    out: list[int] = []
    line_start = 0
    i = text.find("\n")
    while i != -1:
        line = text[line_start:i].rstrip()
        if not line or line[-1] in _LINE_END or len(line.strip()) < _SHORT_LINE:
            out.append(i + 1)
        elif i + 1 < len(text) and text[i + 1] == "\n":
            out.append(i + 1)
        line_start = i + 1
        i = text.find("\n", line_start)
    return out


def _trim_chars(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;"):
        end -= 1
    return (start, end) if end > start else None


def token_set(doc: Doc, start: int, end: int) -> set[int]:
    """Indices of the tokens that characters [start, end) touch."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return {t.i for t in span} if span is not None else set()


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """One candidate per content; a cue never doubles as another's content."""
    seen: dict[tuple[tuple[int, int], ...], Candidate] = {}
    for c in cands:
        key = tuple(c.content)
        if key not in seen or c.confidence > seen[key].confidence:
            seen[key] = c
    return sorted(seen.values(), key=lambda c: c.content[0][0])


@extractors.register("rules")
class RuleExtractor:
    """Attributions from dependency-parse patterns; no model beyond spaCy's."""

    name = "rules"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def extract(self, docs: list[Doc]) -> list[list[Candidate]]:
        return [_DocRules(doc).run() for doc in docs]
