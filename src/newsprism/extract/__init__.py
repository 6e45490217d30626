"""Extractors over parsed spaCy docs: quotes, time expressions, events."""
