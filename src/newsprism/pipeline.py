"""The analyze pipeline: inputs → raw articles → documents → annotations → store.

Every stage is a function over batches of picklable records (``read_input``,
``clean_batch``, ``annotate_batch``, ``Store.write_batch``), so the same stages can be
mapped over a Dask bag; this module chains them in one process, streaming.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from newsprism.annotate.nlp import annotate_stream, annotator_name, timed
from newsprism.clean.article import clean_article
from newsprism.ingest.files import expand_inputs, read_input
from newsprism.link.run import LinkReport, link_store
from newsprism.model import Annotated, Document, RawArticle, Skip
from newsprism.settings import Settings
from newsprism.store.duck import Store


@dataclass(slots=True)
class RunReport:
    """What one run did; printed as the final summary."""

    inputs: int = 0
    documents_new: int = 0
    documents_existing: int = 0
    documents_reannotated: int = 0  # ``run_reannotate``: stored documents annotated again
    sentences: int = 0
    mentions: int = 0
    resolved: int = 0  # mentions linked to an actor
    quotes: int = 0
    timexes: int = 0
    tokens: int = 0
    skips: list[Skip] = field(default_factory=list)
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)  # per stage (cleaning, extractors, store writes)
    status: str = "running"
    link: LinkReport | None = None  # the link stage's report, when it ran

    @property
    def documents(self) -> int:
        return self.documents_new + self.documents_existing + self.documents_reannotated


class Progress:
    """Receives counts as the run goes; the CLI subclasses it to draw a bar."""

    def advance(self, documents: int, report: RunReport) -> None:  # noqa: B027 - optional hook
        """Called after each written batch with the number of documents it covered."""

    def skipped(self, skip: Skip) -> None:  # noqa: B027 - optional hook
        """Called once per skipped input or record."""

    def linking(self, step: str) -> None:  # noqa: B027 - optional hook
        """Called as each link step starts."""


def run_analyze(
    patterns: Sequence[str], *, store: Store, settings: Settings, progress: Progress | None = None
) -> RunReport:
    """Run the whole pipeline over the inputs and write the results to the store.

    Re-running on the same inputs adds nothing: documents whose id is already stored are
    counted as existing and not parsed again. A run interrupted mid-way leaves only whole
    batches in the store; re-running completes it.
    """
    progress = progress or Progress()
    report = RunReport()
    with _recorded_run(store, "analyze " + " ".join(patterns), annotator_name(settings.annotate), report) as run_id:
        _run(patterns, store=store, settings=settings, progress=progress, report=report, run_id=run_id)
        _link(store, settings, progress, report, changed=report.documents_new)
    return report


@contextmanager
def _recorded_run(store: Store, command: str, annotator: str, report: RunReport) -> Iterator[str]:
    """Record a run in the store's ``runs`` table: started now, finished with its status
    (done, interrupted or failed), duration and counts, however the body ends. Yields the run id."""
    started = time.perf_counter()
    run_id = store.start_run(command, annotator)
    try:
        yield run_id
        report.status = "done"
    except KeyboardInterrupt:
        report.status = "interrupted"
        raise
    finally:
        report.seconds = time.perf_counter() - started
        status = report.status if report.status != "running" else "failed"
        store.finish_run(run_id, status=status, documents=report.documents, skips=len(report.skips))


def _link(store: Store, settings: Settings, progress: Progress, report: RunReport, *, changed: int) -> None:
    """Run the link stage when documents changed, or when an earlier run stopped before linking."""
    if settings.link.enabled and (changed or not _linked(store)):
        report.link = link_store(store, step=progress.linking)


def run_reannotate(
    *, store: Store, settings: Settings, progress: Progress | None = None, everything: bool = False
) -> RunReport:
    """Annotate again the stored documents that older rules or another model annotated.

    A document's ``annotator`` names the annotator, every extractor's rules version and the model;
    documents whose name differs from the current one (all of them with ``everything``) are read
    back from the store (their cleaned text: the inputs are not needed), annotated, and written in
    batches that replace each document's rows in one transaction. The links between articles are
    dropped before the first batch and rebuilt after the last. An interrupted run leaves whole
    documents, old or new, and no links; running it again finishes the rest and links.
    """
    progress = progress or Progress()
    report = RunReport()
    annotator = annotator_name(settings.annotate)
    with _recorded_run(store, "reannotate" + (" --all" if everything else ""), annotator, report) as run_id:
        ids = store.stale_documents(None if everything else annotator)
        report.inputs = len(ids)
        if ids:
            store.reset_links()  # they point at rows about to be replaced
        for chunk in _batched(ids, settings.store.batch_docs):
            annotated = annotate_stream(store.read_documents(chunk), settings.annotate)
            for batch in _batched(annotated, settings.store.batch_docs):
                with timed(report.stage_seconds, "store"):
                    store.write_batch(batch, run_id, replace=True)
                report.documents_reannotated += len(batch)
                _count(report, batch)
                progress.advance(len(batch), report)
        _link(store, settings, progress, report, changed=report.documents_reannotated)
    return report


def _count(report: RunReport, batch: list[Annotated]) -> None:
    """Add a written batch's layers and stage timings to the report."""
    report.sentences += sum(len(a.sentences) for a in batch)
    report.mentions += sum(len(a.mentions) for a in batch)
    report.resolved += sum(1 for a in batch for m in a.mentions if m.actor_id)
    report.quotes += sum(len(a.quotes) for a in batch)
    report.timexes += sum(len(a.timexes) for a in batch)
    report.tokens += sum(a.tokens for a in batch)
    for annotated in batch:
        for stage, seconds in annotated.timings:
            report.stage_seconds[stage] = report.stage_seconds.get(stage, 0.0) + seconds


def _run(
    patterns: Sequence[str], *, store: Store, settings: Settings, progress: Progress, report: RunReport, run_id: str
) -> None:
    files, skips = expand_inputs(patterns)
    report.inputs = len(files)
    pending_skips: list[Skip] = []

    def skip(item: Skip) -> None:
        report.skips.append(item)
        pending_skips.append(item)
        progress.skipped(item)

    for item in skips:
        skip(item)
    raws = _raw_articles(files, settings, skip)
    documents = _new_documents(_cleaned(raws, settings, skip, report.stage_seconds), store, settings, report, progress)
    annotated = annotate_stream(documents, settings.annotate)
    for batch in _batched(annotated, settings.store.batch_docs):
        with timed(report.stage_seconds, "store"):
            report.documents_new += store.write_batch(batch, run_id)
        _count(report, batch)
        store.write_skips(pending_skips, run_id)
        pending_skips.clear()
        progress.advance(len(batch), report)
    store.write_skips(pending_skips, run_id)


def _linked(store: Store) -> bool:
    """Whether every stored document has been through the link stage (has its story)."""
    rows = store.con.execute(
        "SELECT count(*) FROM documents WHERE id NOT IN (SELECT member_id FROM links WHERE kind = 'story')"
    ).fetchall()
    return int(rows[0][0]) == 0


def _raw_articles(files: Iterable[Path], settings: Settings, skip: Callable[[Skip], None]) -> Iterator[RawArticle]:
    for path in files:
        for item in read_input(path, settings.ingest):
            if isinstance(item, Skip):
                skip(item)
            else:
                yield item


def _cleaned(
    raws: Iterable[RawArticle], settings: Settings, skip: Callable[[Skip], None], seconds: dict[str, float]
) -> Iterator[Document]:
    for raw in raws:
        with timed(seconds, "clean"):
            item = clean_article(raw, settings)
        if isinstance(item, Skip):
            skip(item)
        else:
            yield item


def _new_documents(
    documents: Iterable[Document], store: Store, settings: Settings, report: RunReport, progress: Progress
) -> Iterator[Document]:
    """Drop documents already stored or already seen in this run (checked per chunk)."""
    seen: set[str] = set()
    for chunk in _batched(documents, settings.store.batch_docs):
        stored = store.existing_ids([d.id for d in chunk])
        repeats = 0
        for article in chunk:
            if article.id in stored or article.id in seen:
                repeats += 1
                continue
            seen.add(article.id)
            yield article
        if repeats:
            report.documents_existing += repeats
            progress.advance(repeats, report)


def _batched(items: Iterable[Annotated] | Iterable[Document] | Iterable[str], size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
