"""Load the pinned spaCy model and turn parsed docs into plain records."""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING

from newsprism.annotate import components, extensions
from newsprism.errors import MODEL_MISSING, AnnotationError
from newsprism.extract.actors import RESOLVER, ActorMention, NewActor, speaker_pronouns
from newsprism.extract.disputes import extract_disputes
from newsprism.extract.events import extract_events
from newsprism.extract.quotes import attribute_quotes, extract_quotes
from newsprism.extract.time import extract_timexes
from newsprism.extract.stance import actor_labels_from_doc, actor_stances, article_tone
from newsprism.model import ActorRecord, Annotated, Document, Event, Label, Mention, Quote, Sentence, Stance
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
    components.register()
    nlp.add_pipe(components.ACTORS, after="ner")
    return nlp


def warm_up(settings: AnnotateSettings) -> None:
    """Load the model and build the actor and reading indexes now (once per process or worker)."""
    from newsprism.extract.actor_index import load_index
    from newsprism.kb.variants import reading_index

    load_nlp(settings.model, settings.model_version)
    load_index()
    reading_index()


def annotate_stream(documents: Iterable[Document], settings: AnnotateSettings) -> Iterator[Annotated]:
    """Parse documents with ``nlp.pipe`` (batched, optionally multi-process), in input order."""
    nlp = load_nlp(settings.model, settings.model_version)
    annotator = annotator_name(settings)
    pairs = ((_make_doc(nlp, article), article) for article in documents)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=settings.batch_size, n_process=settings.workers):
        yield to_annotated(doc, article, annotator=annotator)


def _make_doc(nlp: Language, article: Document) -> Doc:
    doc = nlp.make_doc(article.text)
    doc.user_data[extensions.TEXT_KEY] = article.text
    if article.published:
        doc.user_data[components.DATE_KEY] = article.published
    return doc


def annotate_batch(documents: list[Document], settings: AnnotateSettings) -> list[Annotated]:
    """Annotate one batch: the unit a Dask worker runs."""
    return list(annotate_stream(documents, settings))


def annotator_name(settings: AnnotateSettings) -> str:
    """The versioned name stored as provenance on every annotated document: the annotator, every
    extractor's rules version and the model. A stored document whose name differs was annotated by
    other rules (``newsprism reannotate`` brings it up to date)."""
    from newsprism.extract import disputes, events, quotes, stance, time

    stages = (RESOLVER, quotes.EXTRACTOR, time.EXTRACTOR, events.EXTRACTOR, disputes.EXTRACTOR, stance.EXTRACTOR)
    rules = "+".join(stages)
    return f"{ANNOTATOR}+{rules}:{settings.model}=={settings.model_version}"


def to_annotated(doc: Doc, article: Document, *, annotator: str) -> Annotated:
    """Convert a parsed spaCy ``Doc`` into sentence, mention and actor records."""
    sentences = tuple(Sentence(article.id, i, sent.start_char, sent.end_char) for i, sent in enumerate(doc.sents))
    sentence_starts = [s.start for s in sentences]
    resolved = doc.user_data.get(components.ACTORS_KEY, {})
    timings = dict(doc.user_data.get(components.TIMING_KEY, {}))
    with timed(timings, "quotes"):
        quotes, rows = quotes_and_mentions(doc, article.id, resolved.get("mentions", ()), resolved.get("new", ()))
    actor_mentions = [ActorMention(*row) for row in rows]
    mentions = _mentions(doc, article.id, actor_mentions, sentence_starts)
    actors = _actor_records(actor_mentions, [NewActor(*row) for row in resolved.get("new", ())])
    with timed(timings, "time"):
        timexes = tuple(extract_timexes(doc, doc_id=article.id, dct=article.published))
    with timed(timings, "events"):
        events = tuple(
            extract_events(
                doc, doc_id=article.id, actor_mentions=rows, timexes=list(timexes),
                article_date=article.published, new_actors=resolved.get("new", ()),
            )
        )  # fmt: skip
    with timed(timings, "disputes"):
        disputes = tuple(extract_disputes(doc, doc_id=article.id, mentions=actor_mentions, quotes=quotes))
    with timed(timings, "stance"):
        stances, labels, tone = _stance_layer(doc, article.id, sentences, actor_mentions, quotes, events)
    return Annotated(
        document=article,
        sentences=sentences,
        mentions=mentions,
        actors=actors,
        quotes=quotes,
        timexes=timexes,
        events=events,
        tokens=len(doc),
        annotator=annotator,
        reference_date=resolved.get("date"),
        reference_date_inferred=bool(resolved.get("inferred")),
        timings=tuple(sorted(timings.items())),
        stances=stances,
        labels=labels,
        disputes=disputes,
        tone=tone,
    )


def quotes_and_mentions(
    doc: Doc, doc_id: str, rows: Iterable[tuple], new_actors: Iterable[tuple]
) -> tuple[tuple[Quote, ...], list[tuple]]:
    """The document's quotes, attributed to the resolver's mentions ``rows``, and those mentions with the
    first-person pronouns of each direct quote added as its speaker ("'I blame Congress,' Trump said")."""
    rows = list(rows)
    quotes = tuple(attribute_quotes(extract_quotes(doc, doc_id=doc_id), [ActorMention(*r) for r in rows]))
    return quotes, sorted([*rows, *speaker_pronouns(doc, quotes, new_actors)], key=lambda r: (r[0], r[1]))


def _stance_layer(
    doc: Doc,
    doc_id: str,
    sentences: tuple[Sentence, ...],
    actor_mentions: list[ActorMention],
    quotes: tuple[Quote, ...],
    events: tuple[Event, ...],
) -> tuple[tuple[Stance, ...], tuple[Label, ...], float]:
    """Word choice, per-actor stance and article tone for one parsed article."""
    text = extensions.doc_text(doc)
    spans = [(s.start, s.end) for s in sentences]
    # a speaker's "I" in his own quote says nothing of how the article treats him
    mentions = [(m.start, m.end, m.actor_id) for m in actor_mentions if m.actor_id and m.method != "quote_speaker"]
    labels = tuple(Label(doc_id, a, w, n) for a, w, n in actor_labels_from_doc(doc, mentions))
    speakers = [{"speaker_start": q.speaker_start, "speaker_end": q.speaker_end} for q in quotes]
    stances = tuple(
        actor_stances(doc_id, text, spans, mentions, quotes=speakers, events=events, labels=labels)
    )
    return stances, labels, article_tone(text, spans)


@contextmanager
def timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    """Add the seconds spent in the block to ``timings[stage]`` (reported per stage by the benchmark)."""
    started = time.perf_counter()
    yield
    timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - started


def _mentions(doc: Doc, doc_id: str, resolved: list[ActorMention], starts: list[int]) -> tuple[Mention, ...]:
    """Resolved actor mentions, plus every other named entity (dates, numbers, places) unresolved."""
    seen = {(m.start, m.end) for m in resolved}
    rows = [Mention(doc_id, m.start, m.end, m.text, m.label, _sentence(starts, m.start), m.actor_id, m.method,
                    m.confidence) for m in resolved]  # fmt: skip
    rows += [
        Mention(doc_id, ent.start_char, ent.end_char, ent.text, ent.label_, _sentence(starts, ent.start_char))
        for ent in doc.ents
        if (ent.start_char, ent.end_char) not in seen
    ]
    return tuple(sorted(rows, key=lambda m: (m.start, m.end, m.label)))


def _sentence(starts: list[int], offset: int) -> int:
    return max(bisect_right(starts, offset) - 1, 0)


def _actor_records(mentions: list[ActorMention], new: list[NewActor]) -> tuple[ActorRecord, ...]:
    from newsprism.extract.actor_index import load_index

    surfaces: dict[str, set[str]] = {}
    for m in mentions:
        if m.actor_id and m.method not in ("pronoun", "role"):
            surfaces.setdefault(m.actor_id, set()).add(m.text)
        elif m.actor_id:
            surfaces.setdefault(m.actor_id, set())
    new_by_id = {a.id: a for a in new}
    kb = load_index().kb
    records = []
    for actor_id, seen in sorted(surfaces.items()):
        if actor_id in kb.actors:
            actor = kb.actors[actor_id]
            records.append(ActorRecord(actor.id, actor.name, actor.kind, actor.country, actor.sectors, "kb", tuple(sorted(seen))))
        elif actor_id in new_by_id:
            a = new_by_id[actor_id]
            records.append(ActorRecord(a.id, a.name, a.kind, a.country, (), "new", tuple(sorted(seen))))
    return tuple(records)
