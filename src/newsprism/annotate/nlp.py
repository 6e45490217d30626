"""Load the pinned spaCy model and turn parsed docs into plain records."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from newsprism.errors import AnnotationError, MODEL_MISSING
from newsprism.model import Annotated, Document, Mention, Sentence
from newsprism.settings import AnnotateSettings

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

ANNOTATOR = "newsprism.annotate.spacy.v1"


@lru_cache(maxsize=4)
def load_nlp(name: str, version: str) -> Language:
    """Load a spaCy pipeline once per process and check its version.

    Raises:
        AnnotationError: the package is missing or has another version.
    """
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as e:
        raise AnnotationError(MODEL_MISSING.format(name=name)) from e
    found = nlp.meta.get("version", "?")
    if found != version:
        raise AnnotationError(
            f"[E202] spaCy model '{name}' is version {found}, settings require {version} (annotate.model_version)"
        )
    return nlp


def annotate_stream(documents: Iterable[Document], settings: AnnotateSettings) -> Iterator[Annotated]:
    """Parse documents with ``nlp.pipe`` (batched, optionally multi-process), in input order."""
    nlp = load_nlp(settings.model, settings.model_version)
    pairs = ((article.text, article) for article in documents)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=settings.batch_size, n_process=settings.workers):
        yield to_annotated(doc, article, annotator=annotator_name(settings))


def annotate_batch(documents: list[Document], settings: AnnotateSettings) -> list[Annotated]:
    """Annotate one batch: the unit a Dask worker runs."""
    return list(annotate_stream(documents, settings))


def annotator_name(settings: AnnotateSettings) -> str:
    """The versioned name stored as provenance on every annotated document."""
    return f"{ANNOTATOR}:{settings.model}=={settings.model_version}"


def to_annotated(doc: Doc, article: Document, *, annotator: str) -> Annotated:
    """Convert a parsed spaCy ``Doc`` into sentence and mention records."""
    sentences = tuple(
        Sentence(article.id, i, sent.start_char, sent.end_char) for i, sent in enumerate(doc.sents)
    )
    sent_of = {sent.start: i for i, sent in enumerate(doc.sents)}
    mentions = tuple(
        Mention(article.id, ent.start_char, ent.end_char, ent.text, ent.label_, sent_of[ent.sent.start])
        for ent in doc.ents
    )
    return Annotated(document=article, sentences=sentences, mentions=mentions, tokens=len(doc), annotator=annotator)
