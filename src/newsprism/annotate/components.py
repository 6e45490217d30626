"""newsprism's spaCy pipeline components, registered explicitly by :func:`register`."""

from __future__ import annotations

import re
import time
from datetime import date
from typing import TYPE_CHECKING

from newsprism.annotate.extensions import doc_text

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

ACTORS = "newsprism_actors"
ACTORS_KEY = "newsprism.actors"  # doc.user_data: the resolver's output as plain lists
TIMING_KEY = "newsprism.timing"  # doc.user_data: seconds spent in our components
DATE_KEY = "newsprism.date"  # doc.user_data: the article's publication date, ISO, or absent
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def register() -> None:
    """Register the factories with spaCy (idempotent); call before ``nlp.add_pipe``."""
    from spacy.language import Language

    if not Language.has_factory(ACTORS):
        Language.factory(ACTORS)(make_actor_resolver)


def make_actor_resolver(nlp: Language, name: str) -> ActorResolver:
    return ActorResolver(known_words(nlp))


def known_words(nlp: Language) -> frozenset[str]:
    """English word forms from the pipeline lemmatizer's index (empty when it has none)."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    return frozenset(word for words in lookups.get_table("lemma_index").values() for word in words)


def reference_date(doc: Doc) -> tuple[str | None, bool]:
    """The date offices are looked up on: the publication date, else one inferred from the text.

    Without a publication date, the latest year the text mentions that is not in the future
    stands in (mid-year), marked approximate; with no year at all there is no date.
    """
    published = doc.user_data.get(DATE_KEY)
    if published:
        return published, False
    years = [int(y) for y in _YEAR.findall(doc_text(doc)) if int(y) <= date.today().year]
    return (f"{max(years)}-07-01", True) if years else (None, True)


class ActorResolver:
    """Resolves actor mentions after NER; results go to ``doc.spans["actors"]`` and user data."""

    def __init__(self, words: frozenset[str] = frozenset()) -> None:
        self.words = words

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Span

        from newsprism.extract.actor_index import load_index
        from newsprism.extract.actors import resolve_actors

        started = time.perf_counter()
        when, approximate = reference_date(doc)
        mentions, new = resolve_actors(doc, load_index(), date=when, known_words=self.words)
        # plain lists only: user_data crosses process boundaries as msgpack with n_process > 1
        doc.user_data[ACTORS_KEY] = {
            "mentions": [(m.start, m.end, m.text, m.label, m.actor_id, m.method, m.confidence) for m in mentions],
            "new": [(a.id, a.name, a.kind, a.country) for a in new],
            "date": when,
            "inferred": approximate,
        }
        spans = [doc.char_span(m.start, m.end, label=m.label, kb_id=m.actor_id or "") for m in mentions]
        doc.spans["actors"] = [s for s in spans if isinstance(s, Span)]
        doc.user_data[TIMING_KEY] = {"actors": time.perf_counter() - started}
        return doc
