"""spaCy component: ``nlp.add_pipe("according")`` puts attributions on ``doc._.attributions``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc

from according.config import DEFAULT_SETTINGS
from according.schema import Document

if TYPE_CHECKING:
    from according.extraction.pipeline import Pipeline

for _name in ("attributions", "according_entities", "according_figures", "according"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class AccordingComponent:
    """Runs an extractor mode on parsed docs; needs a parser and NER before it in the pipeline."""

    def __init__(self, nlp: Language, name: str, mode: str, model: str | None, min_confidence: float):
        self.name = name
        self.nlp = nlp
        self.settings = DEFAULT_SETTINGS.with_(mode=mode, model_path=model, min_confidence=min_confidence)
        self._pipeline: Pipeline | None = None

    @property
    def pipeline(self) -> Pipeline:
        """The extraction pipeline on this component's spaCy pipeline (its model loads on first use)."""
        if self._pipeline is None:
            from according.extraction.pipeline import Pipeline

            self._pipeline = Pipeline(self.settings, nlp=self.nlp)
        return self._pipeline

    def _set(self, doc: Doc, result: Document) -> Doc:
        doc._.according = result
        doc._.attributions = result.attributions
        doc._.according_entities = result.entities
        doc._.according_figures = result.figures
        return doc

    def __call__(self, doc: Doc) -> Doc:
        result = self.pipeline.process_docs([doc], [{"id": "doc"}])[0]
        return self._set(doc, result)

    def pipe(self, stream: Iterable[Doc], batch_size: int = 16) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in stream:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._flush(batch)
                batch = []
        if batch:
            yield from self._flush(batch)

    def _flush(self, batch: list[Doc]) -> Iterator[Doc]:
        results = self.pipeline.process_docs(batch, [{"id": "doc"} for _ in batch])
        for doc, result in zip(batch, results, strict=True):
            yield self._set(doc, result)


@Language.factory(
    "according",
    default_config={"mode": "default", "model": None,
                    "min_confidence": DEFAULT_SETTINGS.min_confidence},
    requires=["token.dep", "token.pos", "doc.ents"],
    assigns=["doc._.attributions", "doc._.according_entities", "doc._.according_figures"],
)
def make_component(nlp: Language, name: str, mode: str, model: str | None, min_confidence: float
                   ) -> AccordingComponent:
    return AccordingComponent(nlp, name, mode, model, min_confidence)
