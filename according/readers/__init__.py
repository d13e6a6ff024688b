"""Readers: files and stdin (text, HTML, JSONL) → Articles, bad input → InputErrors.

Each reader is registered in ``according.registry.readers`` under its format name;
``read_inputs`` picks one per input and never raises for bad input.
"""

from according.readers import html, jsonl, text  # noqa: F401  (register the readers)
from according.readers.article import Article
from according.readers.inputs import INPUT_FORMATS, read_inputs

__all__ = ["INPUT_FORMATS", "Article", "read_inputs"]
