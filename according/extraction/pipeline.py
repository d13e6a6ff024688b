"""Text → spaCy parse → attributions (extractor mode) → speakers → figures → Document."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from according.config import DEFAULT_SETTINGS, Settings
from according.errors import AccordingError
from according.extraction.adjuncts import with_adjuncts
from according.extraction.base import Candidate, Extractor
from according.extraction.nested import nested
from according.extraction.nlp import doc_text, load_nlp
from according.extraction.notes import with_notes
from according.extraction.quotes import QuoteMap, one_speaker_per_quotation
from according.extraction.transcripts import with_turns
from according.registry import extractors
from according.schema import Attribution, Document, Entity, Figure, Span

#: The best mode that keeps CPU throughput ≥ 0.5× a bare parse (bench/bench_extract.py).
DEFAULT_MODE = "accurate"

#: A short article that takes every stage through its first-use costs (see Pipeline.warm_up):
#: a quote, a gendered pronoun resolved through a given name, and a figure on a past-tense verb.
WARM_UP_TEXT = ("Mary Jones, the mayor, said the flood killed 14 people on Monday. "
                "\u201cWe will rebuild,\u201d she said.")


#: Texts longer than this many characters are parsed and tagged in windows of about this size
#: (whole paragraphs, else whole lines or sentences): peak memory stays that of one window.
WINDOW_CHARS = 40_000


def windows(text: str, size: int) -> list[tuple[int, int]]:
    """(start, end) cuts of ``text`` into consecutive pieces of at most about ``size``
    characters, each ending after a paragraph break where there is one, else a line break or a
    sentence end (". "), else at ``size``; the pieces cover the text exactly."""
    cuts: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = -1
        for mark in ("\n\n", "\n", ". "):
            cut = text.rfind(mark, start + size // 2, end)
            if cut >= 0:
                cut += len(mark)
                break
        cut = cut if cut > start else end
        cuts.append((start, cut))
        start = cut
    cuts.append((start, len(text)))
    return cuts


def _shifted(c: Candidate, by: int) -> Candidate:
    """``c`` with every piece moved ``by`` characters (a window's offsets → the article's)."""
    def move(pieces: Any) -> Any:
        return None if pieces is None else [(s + by, e + by) for s, e in pieces]

    return Candidate(content=move(c.content), cue=move(c.cue), source=move(c.source),
                     confidence=c.confidence)


class ExtractionError(AccordingError):
    """The pipeline failed on an article (reported with its id)."""


def load_extractor(settings: Settings) -> Extractor:
    """Instantiate the extractor mode named in ``settings`` ("default" → the shipped best)."""
    import according.extraction.modes  # noqa: F401  (registers the modes)

    mode = DEFAULT_MODE if settings.mode == "default" else settings.mode
    return extractors.get(mode)(settings)


def build_document(doc: Doc, candidates: list[Candidate], doc_id: str, meta: dict[str, Any],
                   settings: Settings) -> Document:
    """Turn an extractor's candidates on a parsed text into a full Document."""
    from according.extraction.figures import extract_figures
    from according.extraction.speakers import resolve_entities

    text = doc_text(doc)
    quotes = QuoteMap(text)
    kept = [c for c in with_turns(text, candidates) if c.confidence >= settings.min_confidence]
    kept = one_speaker_per_quotation(text, kept, quotes)
    kept = with_adjuncts(doc, with_notes(text, kept))
    inner = [(c, outer) for c, outer in nested(doc, kept)
             if c.confidence >= settings.min_confidence] if settings.nested else []
    kept += [c for c, _ in inner]
    attributions: list[Attribution] = []
    ids: dict[int, str] = {}
    for cand in sorted(kept, key=lambda c: min(s for s, _ in c.content)):
        try:
            content = Span.from_pieces(text, cand.content)
        except ValueError:
            continue
        cue = Span.from_pieces(text, cand.cue) if cand.cue else None
        source = Span.from_pieces(text, cand.source) if cand.source else None
        kind = quotes.attribution_type(content.pieces, cue.text if cue else None)
        ids[id(cand)] = f"a{len(attributions) + 1}"
        attributions.append(Attribution(
            id=ids[id(cand)], type=kind, source=source, cue=cue,
            content=content, confidence=cand.confidence))
    by_id = {a.id: a for a in attributions}
    for cand, outer in inner:
        if id(cand) in ids:
            by_id[ids[id(cand)]].parent = ids.get(id(outer))
    entities, others = resolve_entities(doc, attributions, quotes)
    figures = extract_figures(doc, attributions, entities + others, quotes)
    entities += _figure_sources(figures, others, len(entities))
    return Document(id=doc_id, text=text, attributions=attributions, entities=entities,
                    figures=figures, meta=dict(meta))


def _figure_sources(figures: list[Figure], others: list[Entity], after: int) -> list[Entity]:
    """The entities among ``others`` that some figure is sourced to, numbered on from the
    speakers' ids; the figures are pointed at the new ids."""
    ids: dict[str, str] = {}
    for f in figures:
        if f.source_entity in ids or not (f.source_entity or "").startswith("x"):
            continue
        ids[f.source_entity] = f"e{after + len(ids) + 1}"  # type: ignore[index]
    for f in figures:
        if f.source_entity in ids:
            f.source_entity = ids[f.source_entity]
    return [replace(e, id=ids[e.id]) for e in others if e.id in ids]


class Pipeline:
    """A loaded spaCy pipeline plus an extractor mode; call it on text or iterate with ``pipe``."""

    def __init__(self, settings: Settings = DEFAULT_SETTINGS, nlp: Language | None = None) -> None:
        """``nlp`` parses the texts (default: ``settings.spacy_model``, loaded); the spaCy
        component passes the pipeline it belongs to, whose docs arrive parsed (``process_docs``)."""
        self.settings = settings
        self.nlp = nlp if nlp is not None else load_nlp(settings.spacy_model)
        self.extractor = load_extractor(settings)

    def __call__(self, text: str, id: str = "doc", **meta: Any) -> Document:
        return next(self.pipe([(text, {"id": id, **meta})]))

    def warm_up(self) -> Document:
        """Run one short article (and return its Document), so that a server's first request
        does not pay for what each process does once: tracing the int8 encoder, loading
        gender-guesser's name list and lemminflect's tables (about 1.1 s on the project's
        2-core machine)."""
        return self(WARM_UP_TEXT, id="warm-up")

    def pipe(self, items: Iterable[tuple[str, dict[str, Any]]], batch_size: int | None = None
             ) -> Iterator[Document]:
        """Extract from (text, meta) pairs, meta holding ``id`` and pass-through fields."""
        size = batch_size or self.settings.batch_size
        batch: list[tuple[str, dict[str, Any]]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= size:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    def _run(self, batch: list[tuple[str, dict[str, Any]]]) -> list[Document]:
        short = [i for i, (t, _) in enumerate(batch) if len(t) <= WINDOW_CHARS]
        docs = iter(self.process_docs(list(self.nlp.pipe([batch[i][0] for i in short])),
                                      [batch[i][1] for i in short]))
        return [next(docs) if len(t) <= WINDOW_CHARS else self._run_long(t, m) for t, m in batch]

    def _run_long(self, text: str, meta: dict[str, Any]) -> Document:
        """A long text window by window: each window of whole paragraphs is parsed and tagged
        on its own, so the parser's and the encoder's memory stay bounded whatever the length;
        speakers and figures are then resolved over the whole article."""
        parts: list[Doc] = []
        candidates: list[Candidate] = []
        for start, end in windows(text, WINDOW_CHARS):
            part = self.nlp(text[start:end])  # one at a time: nlp.pipe holds more in memory
            parts.append(part)
            candidates.extend(_shifted(c, start) for c in self.extractor.extract([part])[0])
        for part in parts:
            part.user_data.clear()  # the windows' cached texts are not the whole's
        whole = Doc.from_docs(parts, ensure_whitespace=False)
        meta = dict(meta)
        return build_document(whole, candidates, str(meta.pop("id", "doc")), meta, self.settings)

    def process_docs(self, docs: list[Doc], metas: list[dict[str, Any]]) -> list[Document]:
        """Extraction on already-parsed docs (used by the spaCy component)."""
        results = self.extractor.extract(docs)
        out = []
        for doc, cands, meta in zip(docs, results, metas, strict=True):
            meta = dict(meta)
            doc_id = str(meta.pop("id", "doc"))
            out.append(build_document(doc, cands, doc_id, meta, self.settings))
        return out


_PIPELINES: dict[Settings, Pipeline] = {}


def get_pipeline(settings: Settings = DEFAULT_SETTINGS) -> Pipeline:
    """A Pipeline per settings, built once per process (the model loads once)."""
    if settings not in _PIPELINES:
        _PIPELINES[settings] = Pipeline(settings)
    return _PIPELINES[settings]
