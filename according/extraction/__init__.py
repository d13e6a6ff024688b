"""Extraction: parse, find attributions, resolve speakers, tie figures to sources."""
