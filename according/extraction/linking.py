"""Grouping tagged SOURCE/CUE/CONTENT spans into attributions, each anchored on its cue.

Each cue span anchors one attribution. A content span joins the cue that governs it in the
dependency tree (``said`` → ``ccomp``), else the nearest cue in reading order; several content
spans that join one cue form one discontinuous content (``"A," he said, "B."``), except a piece
drawn across a sentence break from a statement of its own (``_move_strays``). A source span
joins the cue it depends on (``nsubj`` of ``said``, object of ``according to``), else the nearest
cue of its sentence that has no source yet. A content and a source that no cue takes form an
attribution without a cue when they sit side by side (``Name: “quote”``, ``_cueless``). A cue
does not end in a preposition whose object is neither its content nor its source (``_trim_cue``),
and a content takes the relative pronoun that opens it before its source (``_relative_pronoun``).
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field

import numpy as np
from spacy.tokens import Doc

from according.extraction.base import Candidate
from according.extraction.nlp import tokens_where
from according.extraction.quotes import QUOTE_CHARS

#: A content span farther than this many tokens from every cue is dropped.
MAX_CONTENT_GAP = 40
#: A source span farther than this many tokens from every cue is dropped.
MAX_SOURCE_GAP = 12
#: A cue left without a tagged source takes its verb's subject.
SUBJECT_FALLBACK = True
SUBJECT_HOPS = 3
#: Conjunctions a content does not end with: of 21,204 content pieces in PolNeAR train, 2 end
#: in "and", 7 in "but", 2 in "because" and none in "or" or "if". (Adding "the" and "an" cost
#: 0.001 of source exact on dev.)
DANGLING = frozenset({"and", "but", "or", "because", "if"})
_STOPS = frozenset({".", "?", "!"})
#: Verbs of choosing that take an object and a clause without reporting it ("picked Jensen to
#: start"). Not verbs of perceiving: GUM's gold counts "we notice it deviating" as attribution.
CHOICE_VERBS = frozenset({"pick", "choose", "select", "hire", "appoint", "draft", "recruit"})
#: Confidence of a choice or a speaker's own subject read as a report: under the default cut.
NO_REPORT_CONFIDENCE = 0.2
#: Dependents by which a verb says what was reported: a verb without any has no content of its own.
VERB_COMPLEMENTS = frozenset({"ccomp", "xcomp", "dobj", "attr", "oprd", "parataxis", "advcl", "prep",
                              "dative", "acomp"})
#: Cue words that need their preposition whatever its object ("according to an interview").
BOUND_PREPOSITION = frozenset({"according"})
#: Penn tags of the relative pronouns a content may open with before its source (``_relative_pronoun``).
RELATIVE_TAGS = frozenset({"WDT", "WP"})
#: A content piece whose mean tag probability is under this share of its attribution's strongest
#: piece's is dropped (``_drop_weak_pieces``); chosen on PolNeAR train (0.7 to 0.8 score alike).
WEAK_PIECE_RATIO = 0.75
#: Cue verbs whose object is the addressee, not the content ("told reporters", "assured them").
ADDRESSEES = frozenset({"tell", "inform", "assure", "reassure", "remind", "notify", "brief",
                        "advise", "warn"})
_TAG_ROLE = {1: "source", 2: "source", 3: "cue", 4: "cue", 5: "content", 6: "content"}


@dataclass
class Segment:
    """A maximal run of tokens tagged with one role: tokens [start, end) and mean tag probability."""

    role: str
    start: int
    end: int
    prob: float
    sent: int = 0


@dataclass
class _Group:
    cue: Segment
    contents: list[Segment] = field(default_factory=list)
    sources: list[Segment] = field(default_factory=list)


def segments(doc: Doc, probs: np.ndarray, tags: np.ndarray) -> list[Segment]:
    """Role spans of a decoded tag sequence (B starts a span; whitespace tokens are trimmed, and
    a conjunction left dangling at the end of a content, "… 120 million lira and")."""
    out: list[Segment] = []
    n = len(tags)
    i = 0
    tags_l = tags.tolist()
    while i < n:
        t = tags_l[i]
        if t == 0:
            i += 1
            continue
        role = _TAG_ROLE[t]
        j = i + 1
        while j < n and tags_l[j] == t + (1 if t % 2 else 0):
            j += 1
        s, e = i, j
        while s < e and doc[s].is_space:
            s += 1
        while e > s and (doc[e - 1].is_space or (role == "content" and doc[e - 1].lower_ in DANGLING)):
            e -= 1
        if e > s and any(not doc[k].is_punct for k in range(s, e)):
            p = float(probs[np.arange(i, j), tags[i:j]].mean())
            if role == "content":
                e = _complete_phrase(doc, tags_l, s, e)
            out.append(Segment(role, s, e, p))
        i = j
    return out


def _drop_relative_tails(doc: Doc, segs: list[Segment]) -> list[Segment]:
    """Drop a source span that is only the relative clause of the source span it touches: the
    tagger sometimes restarts a source there ("[The Sunday Times,] [which obtained the
    messages,] reported"), and the clause, left without a cue, went to a cue of the sentence
    before. A lone relative pronoun stays: it is the source of a cue in its clause ("Mr. Kamin,
    [who] said …"), as PolNeAR marks it."""
    out: list[Segment] = []
    for seg in segs:
        last = out[-1] if out else None
        if (last is not None and seg.role == last.role == "source" and seg.start == last.end
                and seg.end - seg.start > 1 and doc[seg.start].tag_ in RELATIVE_TAGS):
            continue
        out.append(seg)
    return out


def _complete_phrase(doc: Doc, tags: list[int], start: int, end: int) -> int:
    """The end of a content [start, end) that stops on a word whose head comes after it.

    A content piece ends in a determiner, possessive, modifier or preposition whose noun or
    object lies beyond it (``laughed off the | attack ad``) in 132 of 21,199 gold pieces of
    PolNeAR train, where the tagger's pieces did so 2.4 times as often. The piece runs on to the
    end of that noun's phrase, or to the noun alone, over untagged tokens of the same sentence;
    else it stays. On train this raised content exact F1 from 0.684 to 0.688, on dev from
    0.646 to 0.650.
    """
    last = end - 1
    while last > start and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    tok = doc[last]
    if tok.dep_ in ("det", "poss", "amod", "compound", "nummod") and tok.head.i > last:
        target = tok.head
    elif tok.pos_ == "ADP" and tok.dep_ == "prep":
        target = next((c for c in tok.children if c.i > last), None)
        if target is None:
            return end
    else:
        return end
    for stop in (target.right_edge.i, target.i):
        if all(tags[k] == 0 and not doc[k].is_sent_start for k in range(end, stop + 1)):
            return max(end, stop + 1)
    return end


def _sentence_ids(doc: Doc) -> np.ndarray:
    """Each token's sentence number, an opening quotation mark moved to the sentence it opens.

    The parser ends a sentence after the mark that opens the next one (``… the rich. ''|There's
    …``), which would put the quote's first token in the sentence before it."""
    starts = doc.to_array("SENT_START").astype(np.int64) == 1
    for i in np.flatnonzero(starts[1:]).tolist():
        tok = doc[i]  # the token before a sentence start
        if not tok.whitespace_ and tok.text and all(c in QUOTE_CHARS for c in tok.text) \
                and i > 0 and doc[i - 1].whitespace_:
            starts[i], starts[i + 1] = True, False
    return np.maximum(np.cumsum(starts) - 1, 0)


def _gap(a: Segment, b: Segment) -> int:
    """Tokens between two non-overlapping segments."""
    return b.start - a.end if a.end <= b.start else a.start - b.end


class _Tree:
    """Token heads as plain ints (spaCy builds a Token object on every ``doc[i]``) and the cue
    group at each cue token: which cues a segment is syntactically tied to, in one pass."""

    def __init__(self, doc: Doc, groups: list[_Group]) -> None:
        self.heads = (np.arange(len(doc)) + doc.to_array("HEAD").astype(np.int64)).tolist()
        self.cue_at = {k: gi for gi, g in enumerate(groups) for k in range(g.cue.start, g.cue.end)}
        self.stops = tokens_where(doc, "ORTH", _STOPS)
        self.quotes = {t.i for t in doc if t.text and all(c in QUOTE_CHARS for c in t.text)}
        self.relative = {g.cue.start for g in groups
                         if doc[g.cue.start:g.cue.end].root.dep_ in ("relcl", "acl")}

    def quoted(self, seg: Segment) -> bool:
        """Whether a segment opens with a quotation mark."""
        return seg.start in self.quotes

    def stop_between(self, lo: int, hi: int) -> bool:
        """Whether a full stop, question or exclamation mark lies in tokens [lo, hi)."""
        k = bisect.bisect_left(self.stops, lo)
        return k < len(self.stops) and self.stops[k] < hi

    def governed(self, seg: Segment) -> set[int]:
        """Groups whose cue a token of ``seg`` hangs from, or that hang from ``seg``."""
        h, cue_at = self.heads, self.cue_at
        out = {cue_at[h[k]] for k in range(seg.start, seg.end) if h[k] != k and h[k] in cue_at}
        out.update(gi for k, gi in cue_at.items() if h[k] != k and seg.start <= h[k] < seg.end)
        return out


def _pieces(doc: Doc, segs: list[Segment]) -> list[tuple[int, int]]:
    out = []
    for s in sorted(segs, key=lambda x: x.start):
        first, last = doc[s.start], doc[s.end - 1]
        out.append((first.idx, last.idx + len(last)))
    return out


def _calibrate(p: float, calibration: tuple[float, float]) -> float:
    a, b = calibration
    p = min(max(p, 1e-6), 1 - 1e-6)
    z = a * math.log(p / (1 - p)) + b
    return 1.0 / (1.0 + math.exp(-z))


def link(doc: Doc, probs: np.ndarray, tags: np.ndarray,
         calibration: tuple[float, float] = (1.0, 0.0)) -> list[Candidate]:
    """Candidates from one document's tag probabilities and decoded tags."""
    segs = _drop_relative_tails(doc, segments(doc, probs, tags))
    if not segs:
        return []
    sent_of = _sentence_ids(doc)
    for s in segs:
        s.sent = int(sent_of[s.start])
    groups = [_Group(s) for s in segs if s.role == "cue"]
    tree = _Tree(doc, groups)
    loose: list[Segment] = []  # content no cue takes
    for seg in segs:
        if seg.role == "content":
            g = _best_group(tree, seg, groups, MAX_CONTENT_GAP, prefer_free=False)
            if g is not None:
                g.contents.append(seg)
            else:
                loose.append(seg)
    loose += _move_strays(tree, groups)
    _citations(doc, tree, groups)
    free: list[Segment] = []  # sources no cue takes
    for seg in segs:
        if seg.role == "source":
            g = _best_group(tree, seg, groups, MAX_SOURCE_GAP, prefer_free=True)
            if g is not None:
                g.sources.append(seg)
            else:
                free.append(seg)
    for gi, g in enumerate(groups):
        if len(g.sources) > 1:
            g.sources = [_main_source(doc, tree, gi, g)]
    _share_sources(doc, groups, segs)
    _outer_according(doc, groups)
    for g in groups:
        _trim_cue(doc, g)
        _drop_recipient(doc, g)
        _drop_dateline(doc, g)
        _drop_comment(doc, g)
        _drop_weak_pieces(g)
        _relative_pronoun(doc, tags, g)
    out = [_candidate(doc, g.contents, g.cue, g.sources, calibration) for g in groups if g.contents]
    out += [_candidate(doc, [c], None, [src], calibration) for c, src in _cueless(loose, free)]
    return out


def _candidate(doc: Doc, contents: list[Segment], cue: Segment | None, sources: list[Segment],
               calibration: tuple[float, float]) -> Candidate:
    """An attribution from its pieces; confidence is the calibrated mean of their tag probabilities."""
    parts = [*contents, *sources] if cue is None else [cue, *contents, *sources]
    conf = _calibrate(sum(p.prob for p in parts) / len(parts), calibration)
    if cue is not None and (_no_report(doc, cue, contents)
                            or _subject_as_content(doc, cue, contents, sources)):
        conf = min(conf, NO_REPORT_CONFIDENCE)
    return Candidate(content=_pieces(doc, contents), cue=_pieces(doc, [cue]) if cue else None,
                     source=_pieces(doc, sources) or None, confidence=conf)


def _no_report(doc: Doc, cue: Segment, contents: list[Segment]) -> bool:
    """A choice, not a report: "picked Jensen to start the final". The cue is a verb of
    choosing (``CHOICE_VERBS``) whose content is its object with an infinitive or participle
    clause: no "that", no "as", no quotation."""
    verb = doc[cue.start:cue.end].root
    if verb.lemma_.lower() not in CHOICE_VERBS or len(contents) != 1:
        return False
    content = doc[contents[0].start:contents[0].end]
    words = {t.lower_ for t in content}
    if words & {"that", "as", "if", "whether"} or any(t.text in QUOTE_CHARS for t in content):
        return False
    objects = [t for t in content if t.head.i == verb.i and t.dep_ in ("dobj", "nsubj", "ccomp")]
    clause = [t for t in content if t.tag_ in ("VB", "VBG") and t.dep_ in ("xcomp", "acl", "advcl",
                                                                            "ccomp", "relcl")]
    return bool(objects) and bool(clause)


def _subject_as_content(doc: Doc, cue: Segment, contents: list[Segment],
                        sources: list[Segment]) -> bool:
    """The speaker taken for what was said: the content is a noun phrase inside the subject
    that also holds the source, of a verb with no complement ("[the head of the union], IG
    Metall, disagreed"). What the verb reports is then nowhere in the text, so there is no
    attribution. A fragment with a subject of its own stays ("People like Scott, he said")."""
    verb = doc[cue.start:cue.end].root
    content = {k for s in contents for k in range(s.start, s.end) if not doc[k].is_punct}
    if not content or any(doc[k].pos_ in ("VERB", "AUX") for k in content) \
            or any(t.dep_ in VERB_COMPLEMENTS for t in verb.children):
        return False
    source = {k for s in sources for k in range(s.start, s.end)}
    for subject in (t for t in verb.children if t.dep_ == "nsubj" and t.i < verb.i):
        phrase = {t.i for t in subject.subtree}
        if content <= phrase and source <= phrase:
            return True
    return False


def _citations(doc: Doc, tree: _Tree, groups: list[_Group]) -> None:
    """"Reuters reported, citing three sources, that the deal had collapsed": what a report
    cites (the participle's object) is its own attribution, and the clause after it is what the
    cue the participle hangs from reports."""
    for g in groups:
        verb = doc[g.cue.start:g.cue.end].root
        if verb.lemma_.lower() != "cite" or verb.tag_ != "VBG":
            continue
        # the parser hangs the participle on the cue or on the clause the cue reports
        heads = [tree.cue_at[t.i] for t in (verb.head, verb.head.head) if t.i in tree.cue_at]
        head = next((groups[h] for h in heads if groups[h] is not g), None)
        if head is None:
            continue
        cited = max((t.right_edge.i + 1 for t in verb.children if t.dep_ == "dobj"), default=-1)
        kept = []
        for c in g.contents:
            if c.start < cited < c.end:  # "citing two people …, that the company was"
                kept.append(Segment(c.role, c.start, cited, c.prob, c.sent))
                c.start = cited
                while c.start < c.end and doc[c.start].is_punct:
                    c.start += 1
            root = doc[c.start:c.end].root if c.start < c.end else None
            if root is not None and c.start >= cited and root.pos_ in ("VERB", "AUX"):
                head.contents.append(c)  # a clause, not what is cited
            else:
                kept.append(c)
        g.contents = kept


def _outer_according(doc: Doc, groups: list[_Group]) -> None:
    """"UN peacekeepers reported heavy shelling near Khiam, according to a spokesperson": an
    "according to" that ends a sentence reports the whole clause before it, the report inside
    included. Where the tagger gave that clause to the inner cue and left "according to"
    without a content, the clause becomes the outer one's content and the inner report goes
    (a parse of the content finds it again with ``--nested``). PolNeAR train marks the outer
    attribution over the inner cue in 23 of 28 such sentences, and the inner report alone in 5."""
    for g in groups:
        cue = doc[g.cue.start:g.cue.end]
        if g.contents or cue[0].lower_ != "according" or g.cue.start < 2 \
                or doc[g.cue.start - 1].text != ",":
            continue
        first = cue.sent.start
        inner = [h for h in groups if h is not g and h.contents and all(
            first <= x.start and x.end <= g.cue.start for x in (h.cue, *h.contents, *h.sources))]
        if len(inner) != 1:
            continue
        h = inner[0]
        parts = [h.cue, *h.contents, *h.sources]
        start = min(x.start for x in parts)
        prob = sum(x.prob for x in parts) / len(parts)
        g.contents = [Segment("content", start, g.cue.start - 1, prob, g.cue.sent)]
        h.contents = []


def _trim_cue(doc: Doc, g: _Group) -> None:
    """Cut a cue before a preposition whose phrase runs past the cue and holds none of its roles.

    The tagger sometimes runs a cue on into the phrase after it (``said to [reporters]``,
    ``said during [the debate]``, ``said on the other [hand]``). Of the 18,362 gold cues in PolNeAR
    train, 2,740 end in a preposition whose object is the content or source (``called on Trump
    to …``, ``according to officials``) and 18 in one whose object is neither. On dev this cut 24
    cues and raised cue exact F1 from 0.757 to 0.764, with every other metric unchanged.
    """
    cue = g.cue
    roles = [*g.contents, *g.sources]
    for k in range(cue.start + 1, cue.end):
        tok = doc[k]
        if tok.pos_ != "ADP" or tok.dep_ != "prep" or tok.right_edge.i < cue.end \
                or doc[cue.start:k].text.lower() in BOUND_PREPOSITION:
            continue
        lo, hi = tok.left_edge.i, tok.right_edge.i + 1
        if any(r.start < hi and r.end > lo for r in roles):
            continue
        end = k
        while end > cue.start and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        if end > cue.start:
            cue.end = end
        return


def _drop_recipient(doc: Doc, g: _Group) -> None:
    """Drop the cue verb's addressee from the content ("told [the Financial Times] the plant
    would close", "told [him] the government would pay"): whom a statement was made to is not
    what was said."""
    verbs = [t for t in doc[g.cue.start:g.cue.end] if t.pos_ in ("VERB", "AUX")]
    if not verbs or verbs[-1].lemma_.lower() not in ADDRESSEES:
        return
    heads = [c for c in verbs[-1].children if c.dep_ in ("dobj", "dative", "iobj")]
    for c in heads:
        lo, hi = c.left_edge.i, c.right_edge.i + 1
        if len(g.contents) > 1:
            g.contents = [s for s in g.contents if not (lo <= s.start and s.end <= hi)] or g.contents
        for s in g.contents:
            if s.start == lo and hi < s.end and any(t.dep_ == "ccomp" and t.head == verbs[-1]
                                                    for t in doc[hi:s.end]):
                s.start = hi  # the addressee opens the piece; the reported clause follows


def _line_start(doc: Doc, i: int) -> bool:
    """Whether token ``i`` opens a line."""
    return i == 0 or "\n" in doc[i - 1].text or doc[i - 1].is_space


def _is_dateline(doc: Doc, s: Segment) -> bool:
    """Whether a span is only a dateline's place in capitals, at the start of a line ("DUBAI",
    "SAN FRANCISCO"): where the story was filed, not who or what is reported."""
    return (_line_start(doc, s.start) and all(t.is_upper or t.is_punct for t in doc[s.start:s.end])
            and any(t.is_alpha and len(t) > 1 for t in doc[s.start:s.end]))


def _drop_dateline(doc: Doc, g: _Group) -> None:
    """Drop a content piece that is only a dateline's place ("[DUBAI], April 2 (Reuters) -
    Iran's Revolutionary Guards seized …, state media reported"), and cut a dateline that opens
    a piece ("[BARCELONA, Spain —] Catalonia declared …, the government said")."""
    if len(g.contents) > 1:
        g.contents = [s for s in g.contents if not _is_dateline(doc, s)]
    for s in g.contents:
        end = _dateline_end(doc, s)
        if end is not None:
            s.start = end


#: Dashes that close a dateline ("BARCELONA, Spain —", "LONDON (Reuters) -").
DATELINE_DASHES = frozenset({"—", "–", "-", "--"})


def _dateline_end(doc: Doc, s: Segment) -> int | None:
    """Where the text after a dateline opening a piece begins: a place in capitals at the start
    of a line, then only names, a date, an agency in brackets and punctuation up to a dash; None
    when the piece does not open so or would be left empty."""
    first = doc[s.start]
    if not (_line_start(doc, s.start) and first.is_alpha and first.is_upper and len(first) > 1):
        return None
    for k in range(s.start + 1, min(s.end, s.start + 12)):
        tok = doc[k]
        if tok.text in DATELINE_DASHES and doc[k - 1].whitespace_:  # not "US-China talks"
            rest = k + 1
            while rest < s.end and (doc[rest].is_space or doc[rest].is_punct):
                rest += 1
            return rest if rest < s.end else None
        if not (tok.is_punct or tok.is_upper or tok.like_num or tok.text[:1].isupper()):
            return None
    return None


def _drop_comment(doc: Doc, g: _Group) -> None:
    """Drop a participle clause the writer adds after an inverted report ("Gunmen released
    137 schoolchildren, the governor said, [ending a 40-day ordeal]"), when a content piece
    precedes the source: the comment is the article's, and what was said is the clause before.
    Only a participle that heads its piece: a gerund subject ("…, he said, [replacing Clinton]
    would be …") is content, and so is a list ("including …"); participles that report
    ("adding", "citing") are cues of their own. PolNeAR train has six "…, X said, V-ing"
    sentences: four "adding", one "including", one "wiping sweat off his face"."""
    if len(g.contents) < 2 or not g.sources:
        return
    source = min(s.start for s in g.sources)
    if source > g.cue.start or not any(s.end <= source for s in g.contents):
        return
    kept = []
    for s in g.contents:
        between = doc[g.cue.end:s.start]
        first = doc[s.start]
        if (len(between) and all(t.is_punct for t in between)
                and between[-1].text == "," and first.tag_ == "VBG"
                and doc[s.start:s.end].root.i == first.i and first.lemma_.lower() != "include"):
            continue
        kept.append(s)
    g.contents = kept


def _drop_weak_pieces(g: _Group) -> None:
    """Drop the content pieces the tagger is much less sure of than the attribution's best one.

    Of PolNeAR train's content pieces that are not their attribution's most probable, those under
    0.6 mean tag probability lie in a gold content only about half the time, against 96% of those
    over 0.9; one wrong piece is enough to make a content inexact. On train content exact F1 rose
    from 0.6894 to 0.6956 and linked F1 from 0.8156 to 0.8160; the confidence is then the mean of
    the pieces kept.
    """
    if len(g.contents) > 1:
        floor = WEAK_PIECE_RATIO * max(s.prob for s in g.contents)
        g.contents = [s for s in g.contents if s.prob >= floor]


def _relative_pronoun(doc: Doc, tags: np.ndarray, g: _Group) -> None:
    """Give a content the relative pronoun just before its source: ``a plan [which] he said [was …]``.

    PolNeAR annotates the pronoun as a content piece of its own; the tagger often leaves it out.
    An untagged ``which``/``that``/``who``/``whom``/``what`` right before the attribution's source
    (or cue) joins the content when its head is in the content (``which`` → ``was``), or when it
    is a wh-word and its head is the cue (``who he dubbed “the little senator”``, ``what he calls
    …``); ``that`` as the cue's object is in gold mostly out. On PolNeAR train content exact F1
    rose from 0.6874 to 0.6894, on dev from 0.6492 to 0.6507. Confidence is unchanged.
    """
    if not g.contents:
        return
    i = min([g.cue.start, *(s.start for s in g.sources)]) - 1
    if i < 0 or tags[i] != 0 or doc[i].tag_ not in RELATIVE_TAGS:
        return
    tok, head = doc[i], doc[i].head.i
    if not (any(s.start <= head < s.end for s in g.contents)
            or (tok.lower_ != "that" and g.cue.start <= head < g.cue.end)):
        return
    parts = [g.cue, *g.contents, *g.sources]
    g.contents.append(Segment("content", i, i + 1, sum(p.prob for p in parts) / len(parts), g.cue.sent))


def _cueless(contents: list[Segment], sources: list[Segment]) -> list[tuple[Segment, Segment]]:
    """Attributions without a cue: a content no cue took, with a source no cue took beside it.

    Vox-pop lines (``Esther Tapia: “He can’t even answer a question …”``), transcripts and
    headlines (``Politifact: Donald Trump Is Right …``) attribute without a verb. A content
    takes a free source within ``MAX_SOURCE_GAP`` tokens, of its own sentence first, then one
    before it, then the nearest; each source serves one content. A content with no source nearby
    is dropped (as a sourceless attribution it cost 0.014 of linked F1 on dev).
    On PolNeAR dev this raised linked F1 from 0.762 to 0.769 and source exact from 0.777 to
    0.782 (train: 0.802 to 0.806, 0.806 to 0.810).
    """
    out = []
    used: set[int] = set()
    for c in sorted(contents, key=lambda x: x.start):
        near = [((x.sent != c.sent, x.start > c.start, _gap(c, x)), k) for k, x in enumerate(sources)
                if k not in used and _gap(c, x) <= MAX_SOURCE_GAP]
        if near:
            k = min(near)[1]
            used.add(k)
            out.append((c, sources[k]))
    return out


def _move_strays(tree: _Tree, groups: list[_Group]) -> list[Segment]:
    """Give content pieces a cue drew from another sentence by proximity alone to a cue before them.

    ``"A." Mr. Clarke says B.`` joins A to ``says`` (the nearest cue) although A is the end of
    an earlier quote: annotators join a piece across a sentence break only in ``"A," he said.
    "B."`` and its like, where the pieces sit on both sides of the cue and the earlier one shares
    its sentence. A piece is a stray when it comes from an earlier sentence while the cue has
    content after it, or lies beyond a sentence break from the piece nearer the cue (a full stop
    between them counts even where the parser ran the sentences together, as it does before
    ``''quotes''``). Strays go to the best cue preceding them unless they would be strays there
    too; the others are returned (see ``_cueless``). With the ``accurate`` tagger this raised
    content exact F1 from 0.579 to 0.616 and linked F1 from 0.743 to 0.761 on PolNeAR dev (0.627
    to 0.665 and 0.782 to 0.799 on train).
    """
    moved: list[tuple[_Group, Segment]] = []
    for gi, g in enumerate(groups):
        if len(g.contents) < 2:
            continue
        left = sorted((c for c in g.contents if c.end <= g.cue.start), key=lambda c: -c.start)
        right = sorted((c for c in g.contents if c.start >= g.cue.end), key=lambda c: c.start)
        stray = {id(c): c for side in (left, right) for c in _beyond_break(tree, gi, g, side)}
        if right:
            stray.update((id(c), c) for c in left
                         if c.sent < g.cue.sent and gi not in tree.governed(c))
        for c in stray.values():
            g.contents.remove(c)
            moved.append((g, c))
    left_over = []
    for g, c in moved:
        before = [o for o in groups if o is not g and o.cue.end <= c.start]
        o = _best_group(tree, c, before, MAX_CONTENT_GAP, prefer_free=False)
        right = [] if o is None else sorted([x for x in o.contents if x.start >= o.cue.end] + [c],
                                            key=lambda x: x.start)
        if o is None or c in _beyond_break(tree, groups.index(o), o, right):
            left_over.append(c)
        else:
            o.contents.append(c)
    return left_over


def _beyond_break(tree: _Tree, gi: int, g: _Group, side: list[Segment]) -> list[Segment]:
    """The pieces of one side of a cue (nearest first) from the first that a full stop parts
    from its inner neighbour, or that starts a sentence neither the cue's nor its neighbour's
    and that the cue does not govern."""
    for k in range(1, len(side)):
        far, near = side[k], side[k - 1]
        lo, hi = (near.end, far.start) if near.end <= far.start else (far.end, near.start)
        if tree.stop_between(lo, hi) or (far.sent not in (g.cue.sent, near.sent)
                                         and gi not in tree.governed(far)):
            return side[k:]
    return []


def _best_group(tree: _Tree, seg: Segment, groups: list[_Group], max_gap: int,
                prefer_free: bool) -> _Group | None:
    """The cue group ``seg`` belongs to: governing cue first, then same sentence, then (for a
    quotation) one outside a relative clause, then nearest."""
    best, best_key = None, None
    governed = tree.governed(seg)
    quote = not prefer_free and tree.quoted(seg)
    for gi, g in enumerate(groups):
        gap = _gap(seg, g.cue)
        governs = gi in governed
        if not governs and gap > max_gap:
            continue
        same_sent = g.cue.sent == seg.sent
        taken = prefer_free and bool(g.sources)
        # a quotation in a later sentence does not go to a cue in a relative clause ("…," Obama
        # said, where Clinton also spoke. "…"); in dialogue the nearer cue is the right one
        aside = quote and not same_sent and g.cue.start in tree.relative
        key = (not governs, taken, not same_sent, aside, gap)
        if best_key is None or key < best_key:
            best, best_key = g, key
    return best


def _main_source(doc: Doc, tree: _Tree, gi: int, g: _Group) -> Segment:
    """The one source of a cue that drew several source spans.

    Sources are single spans (every PolNeAR source is), and the output span of several would
    be their hull (``most Republicans … Foreign policy analysts``, or a dateline swallowed with
    ``BRUSSELS — European leaders``). A dateline's place never wins ("GENEVA (AP) — The World
    Health Organization said", where the parser makes the place the subject); then the cue's
    syntactic partner, then the same sentence, then the nearest, then the surer. (Preferring a
    named antecedent to the relative pronoun standing for it, ``Trump … who``, did worse on
    dev: annotators mostly mark "who".)"""
    return min(g.sources, key=lambda x: (_is_dateline(doc, x), gi not in tree.governed(x),
                                         x.sent != g.cue.sent, _gap(x, g.cue), -x.prob))


def _share_sources(doc: Doc, groups: list[_Group], segs: list[Segment]) -> None:
    """Give a sourceless cue the source of the clause it hangs from.

    Annotators label each token once, so in ``Trump said X, adding Y`` only ``said`` owns the
    tagged source; ``adding`` (an ``advcl`` of ``said``) shares it. Walk up from the cue: a cue
    found on the way lends its sources, a subject that overlaps a tagged source is taken.
    """
    cue_group = {}
    for g in groups:
        for k in range(g.cue.start, g.cue.end):
            cue_group[k] = g
    sources = [s for s in segs if s.role == "source"]
    for g in groups:
        if g.sources or not g.contents:
            continue
        tok = doc[g.cue.start:g.cue.end].root
        # its own subject first, when a tagged source holds it (the small parser makes
        # "…, saying" the root of "Cooper, …, called for …, saying …")
        g.sources = [s for s in sources for c in tok.children
                     if c.dep_ in ("nsubj", "nsubjpass") and s.start <= c.i < s.end][:1]
        for _ in range(4):
            if g.sources or tok.head.i == tok.i:
                break
            tok = tok.head
            other = cue_group.get(tok.i)
            if other is not None and other is not g and other.sources:
                g.sources = list(other.sources)
                break
            subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            found = [s for s in sources for c in subj
                     if s.start <= c.i < s.end or (s.start < c.right_edge.i + 1 and s.end > c.left_edge.i)]
            if found:
                g.sources = found[:1]
                break
        if not g.sources:
            g.sources = _participle_source(doc, groups, g)
        if not g.sources and SUBJECT_FALLBACK:
            g.sources = _subject_of(doc, g)


def _participle_source(doc: Doc, groups: list[_Group], g: _Group) -> list[Segment]:
    """The source of a participle cue set off by a comma (``X called for …, saying …``,
    ``…, and, when questioned, asserting …``), where the parse does not hang it from the cue
    before it: that nearest earlier cue of the sentence with a source, whose subject it shares."""
    root = doc[g.cue.start:g.cue.end].root
    if root.tag_ != "VBG" or g.cue.start == 0 or doc[g.cue.start - 1].text != "," \
            or any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children):
        return []
    sent = doc[g.cue.start].sent
    before = [o for o in groups if o is not g and o.sources and sent.start <= o.cue.start
              and o.cue.end <= g.cue.start]
    return list(max(before, key=lambda o: o.cue.start).sources) if before else []


def _subject_of(doc: Doc, g: _Group) -> list[Segment]:
    """The grammatical subject of the cue verb (untagged by the model), outside the content.

    A subject the tagger read as a separate piece of the content (``Clinton … told police …
    that she …``) is taken back from the content: a content piece is never the cue's subject.
    """
    tok = doc[g.cue.start:g.cue.end].root
    for _ in range(SUBJECT_HOPS):
        for c in tok.children:
            if c.dep_ not in ("nsubj", "nsubjpass"):
                continue
            s, e = c.left_edge.i, c.right_edge.i + 1
            if e - s > 12:
                continue
            if not any(x.start <= c.i < x.end for x in g.contents):
                return [Segment("source", s, e, 0.5)]
            inside = [x for x in g.contents if x.start < e and x.end > s]
            if len(inside) < len(g.contents) and all(s <= x.start and x.end <= e for x in inside):
                for x in inside:
                    g.contents.remove(x)
                return [Segment("source", s, e, sum(x.prob for x in inside) / len(inside))]
        if tok.head.i == tok.i or tok.dep_ not in ("advcl", "conj", "xcomp", "ccomp", "relcl"):
            break
        tok = tok.head
    return []
