"""Learned sequence-tagging extractor (mode "tagger"). PLACEHOLDER: being written."""

from __future__ import annotations

from according.config import Settings
from according.extraction.rules import RuleExtractor
from according.registry import extractors


@extractors.register("tagger")
class TaggerExtractor(RuleExtractor):
    name = "tagger"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
