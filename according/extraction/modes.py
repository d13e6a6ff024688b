"""Imports every extractor module so that its ``@extractors.register`` runs."""

from according.extraction import rules, tagger  # noqa: F401
