"""The link stage: cross-article results computed over the store after documents are written.

:func:`link_store` runs, in order:

1. **reprints**: a MinHash signature per new document (kept in ``sketches``), then LSH over
   all signatures; ``links`` rows of kind ``reprint`` are rebuilt;
2. **stories**: new documents (those without a ``story`` link) are added, in date order, to
   the story index kept in ``link_state`` (incremental: earlier assignments never move);
   ``stories`` is rebuilt from the links;
3. **event clusters** over all stored events (:mod:`newsprism.link.events`, blocked, no
   all-pairs comparison); ``event_clusters``, ``links`` of kind ``event_cluster`` and date
   ``conflicts`` are rebuilt; only clusters reported by two or more articles are kept;
4. **inferred dates** for undated articles that share clusters with dated reports, and their
   unresolved time expressions re-anchored on that date (``timexes.value_inferred``,
   ``events.date_inferred``);
5. **accounts**: each cluster's accounts with what each includes and omits, and conflicting
   values (:mod:`newsprism.link.accounts`).

Steps 1 and 3-5 are rebuilt in one transaction each; a killed run leaves the previous
results. The pure functions behind every step take picklable records, so a Dask
deployment can run them per partition; this module is the single-process store adapter.
"""

from __future__ import annotations

import io
import pickle
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pyarrow as pa

from newsprism.errors import StoreError
from newsprism.extract.time import resolve
from newsprism.link.accounts import Conflict, EventContext, build_accounts
from newsprism.link.events import EventCluster, EventItem, cluster_events, interval
from newsprism.link.reprints import ArticleSketch, group_signatures, minhash, reprint_links
from newsprism.link.stories import StoryIndex, StoryInput, story_links
from newsprism.store.duck import Store

INFERRED_WINDOW_DAYS = 30  # an undated report is taken to be published within this many days after what it reports
MIN_CLUSTER_DOCUMENTS = 2
SUPPORT_WINDOW_DAYS = 45
STATE_STORIES = "stories"
_MONTH_NAME = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b", re.IGNORECASE)


@dataclass(slots=True)
class LinkReport:
    """What one link run did."""

    sketched: int = 0
    reprint_groups: int = 0
    stories_new_documents: int = 0
    stories: int = 0
    events: int = 0
    clusters: int = 0
    inferred_dates: int = 0
    reanchored_timexes: int = 0
    accounts: int = 0
    conflicts: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def link_store(store: Store, *, step: Callable[[str], None] | None = None) -> LinkReport:
    """Run every link step over the store (see the module docstring)."""
    report = LinkReport()
    for name, function in (
        ("reprints", _reprints),
        ("stories", _stories),
        ("event clusters", _event_clusters),
    ):
        if step:
            step(name)
        started = time.perf_counter()
        function(store, report)
        report.seconds[name] = round(time.perf_counter() - started, 3)
    return report


# -- reprints ----------------------------------------------------------------------------


def _reprints(store: Store, report: LinkReport) -> None:
    con = store.con
    missing = [r[0] for r in con.execute(
        "SELECT id FROM documents WHERE id NOT IN (SELECT document_id FROM sketches) ORDER BY id"
    ).fetchall()]  # fmt: skip
    for chunk_start in range(0, len(missing), 500):
        chunk = missing[chunk_start : chunk_start + 500]
        rows = con.execute(
            "SELECT id, text FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[])) ORDER BY id", [chunk]
        ).fetchall()
        ids, signatures = [], []
        for doc_id, text in rows:
            signature = minhash(text)
            if signature is not None:
                ids.append(doc_id)
                signatures.append(signature.tolist())
        report.sketched += len(ids)
        if ids:
            sketch_table = pa.table({"document_id": ids, "signature": pa.array(signatures, pa.list_(pa.uint32()))})
            _insert(store, "sketches", sketch_table)
    table = con.sql(
        "SELECT s.document_id, s.signature, d.outlet, strftime(d.published, '%Y-%m-%d') AS published "
        "FROM sketches s JOIN documents d ON d.id = s.document_id ORDER BY s.document_id"
    ).to_arrow_table()
    ids = table.column("document_id").to_pylist()
    signatures = {
        i: np.asarray(sig, dtype=np.uint32) for i, sig in zip(ids, table.column("signature").to_pylist(), strict=True)
    }
    sketches = [
        ArticleSketch(i, o, p, "")
        for i, o, p in zip(ids, table.column("outlet").to_pylist(), table.column("published").to_pylist(), strict=True)
    ]
    groups, _ = group_signatures(signatures, sketches)
    report.reprint_groups = len(groups)
    _replace_links(store, "reprint", reprint_links(groups))


# -- stories -----------------------------------------------------------------------------


class _StateUnpickler(pickle.Unpickler):
    """Loads only the story index's own classes, numpy arrays and builtins: a store file is data."""

    _ALLOWED = frozenset({
        ("newsprism.link.stories", "StoryIndex"), ("newsprism.link.stories", "_Story"),
        ("newsprism.link.stories", "StoryOptions"), ("collections", "Counter"), ("collections", "defaultdict"),
        ("builtins", "set"), ("builtins", "list"), ("builtins", "dict"), ("builtins", "int"),
        ("numpy", "ndarray"), ("numpy", "dtype"), ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"), ("numpy._core.numeric", "_frombuffer"),
        ("numpy.core.numeric", "_frombuffer"),
    })  # fmt: skip

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self._ALLOWED:
            raise StoreError(f"[E320] link state refers to {module}.{name}, which a story index never holds")
        return super().find_class(module, name)


def _load_index(store: Store) -> StoryIndex:
    rows = store.con.execute("SELECT state FROM link_state WHERE name = ?", [STATE_STORIES]).fetchall()
    if not rows:
        return StoryIndex()
    try:
        return _StateUnpickler(io.BytesIO(rows[0][0])).load()
    except (pickle.UnpicklingError, EOFError, AttributeError) as e:
        raise StoreError(
            f"[E320] story index in {store.path} is unreadable ({e}); run: newsprism link --rebuild"
        ) from e


def _stories(store: Store, report: LinkReport) -> None:
    index = _load_index(store)
    table = store.con.sql(
        """
        SELECT d.id, strftime(d.published, '%Y-%m-%d') AS published, d.title, substr(d.text, 1, 3000) AS text,
               list(DISTINCT m.actor_id ORDER BY m.actor_id) FILTER (WHERE m.actor_id IS NOT NULL) AS actors
        FROM documents d LEFT JOIN mentions m ON m.document_id = d.id
        WHERE d.id NOT IN (SELECT member_id FROM links WHERE kind = 'story')
        GROUP BY d.id, d.published, d.title, d.text
        """
    ).to_arrow_table()
    rows = table.to_pylist()
    inputs = sorted(
        (StoryInput(r["id"], r["published"], r["title"], r["text"], tuple(r["actors"] or ())) for r in rows),
        key=lambda a: (a.published is None, a.published or "", a.id),
    )
    report.stories_new_documents = len(inputs)
    assignments = index.add(inputs) if inputs else []
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        if assignments:
            _insert_links(store, story_links(assignments))
            state = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
            con.execute(
                "INSERT OR REPLACE INTO link_state VALUES (?, ?, ?, ?)",
                [STATE_STORIES, state, len(index), datetime.now(UTC)],
            )
        con.execute("DELETE FROM stories")
        con.execute(
            """
            INSERT INTO stories
            SELECT l.cluster_id, arg_min(d.title, coalesce(d.published, DATE '9999-12-31')),
                   arg_min(d.id, coalesce(d.published, DATE '9999-12-31')), min(d.published), max(d.published),
                   count(*), count(DISTINCT coalesce(d.outlet, d.id))
            FROM links l JOIN documents d ON d.id = l.member_id
            WHERE l.kind = 'story' GROUP BY l.cluster_id
            """
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    report.stories = int(con.execute("SELECT count(*) FROM stories").fetchall()[0][0])


# -- event clusters, inferred dates, accounts ---------------------------------------------


def _event_rows(store: Store) -> list[dict[str, Any]]:
    return (
        store.con.sql(
            """
        SELECT e.id, e.document_id, e.category, e.source_ids, e.target_ids, e.date, e.date_approximate, e.context,
               e.start, e.sentence_start, e.sentence_end,
               substr(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) AS sentence,
               substr(d.text, n.next_start + 1, least(n.next_end - n.next_start, 600)) AS following,
               coalesce(n.next_end, e.sentence_end) AS following_end,
               d.outlet, strftime(d.published, '%Y-%m-%d') AS published,
               CASE WHEN d.published IS NULL AND d.reference_date_inferred THEN substr(d.reference_date, 1, 4) END AS prior
        FROM events e JOIN documents d ON d.id = e.document_id
        LEFT JOIN (
            SELECT document_id, "end", lead(start) OVER w AS next_start, lead("end") OVER w AS next_end
            FROM sentences WINDOW w AS (PARTITION BY document_id ORDER BY idx)
        ) n ON n.document_id = e.document_id AND n."end" = e.sentence_end
        ORDER BY e.document_id, e.start, e.id
        """
        )
        .to_arrow_table()
        .to_pylist()
    )


def _event_clusters(store: Store, report: LinkReport) -> None:
    con = store.con
    countries = dict(con.execute("SELECT id, country FROM actors WHERE country IS NOT NULL").fetchall())
    rows = _event_rows(store)
    report.events = len(rows)
    items = [
        EventItem(
            id=r["id"],
            doc_id=r["document_id"],
            category=r["category"],
            actors=tuple(dict.fromkeys([*(r["source_ids"] or ()), *(r["target_ids"] or ())])),
            countries=tuple(
                dict.fromkeys(
                    countries.get(a) for a in [*(r["source_ids"] or ()), *(r["target_ids"] or ())] if countries.get(a)
                )
            ),
            date=r["date"],
            date_approximate=bool(r["date_approximate"]),
            context=tuple(r["context"] or ()),
            sentence=r["sentence"] or "",
            position=r["start"] or 0,
            prior=r["prior"],
        )
        for r in rows
    ]
    clusters = [c for c in cluster_events(items) if len(c.doc_ids) >= MIN_CLUSTER_DOCUMENTS]
    report.clusters = len(clusters)
    documents = {r["document_id"]: (r["outlet"], r["published"]) for r in rows}
    priors = {r["document_id"]: r["prior"] for r in rows}
    inferred = infer_dates(clusters, {d: p for d, (_, p) in documents.items()}, _own_dates(items), priors)
    report.inferred_dates = len(inferred)
    members = {e for c in clusters for e in c.event_ids}
    contexts = _contexts(store, [r for r in rows if r["id"] in members], inferred)
    accounts, value_conflicts = build_accounts(((c.id, c.event_ids) for c in clusters), contexts)
    report.accounts = len(accounts)
    stories = dict(con.execute("SELECT member_id, cluster_id FROM links WHERE kind = 'story'").fetchall())
    conflicts = [*_date_conflicts(clusters), *value_conflicts]
    report.conflicts = len(conflicts)
    con.execute("BEGIN TRANSACTION")
    try:
        for name in ("event_clusters", "accounts", "conflicts", "inferred_dates"):
            con.execute(f"DELETE FROM {name}")  # names are literals of this function
        con.execute("DELETE FROM links WHERE kind = 'event_cluster'")
        _insert(store, "event_clusters", _cluster_table(clusters, documents, stories))
        _insert_links(
            store,
            [
                ("event_cluster", c.id, event_id, "first" if i == 0 else "member", score)
                for c in clusters
                for i, (event_id, score) in enumerate(zip(c.event_ids, c.scores, strict=True))
            ],
        )
        _insert(store, "accounts", _account_table(accounts, inferred))
        _insert(store, "conflicts", _conflict_table(conflicts))
        _insert(store, "inferred_dates", _inferred_table(inferred))
        report.reanchored_timexes = _reanchor(store, inferred)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _own_dates(items: Iterable[EventItem]) -> dict[str, str]:
    """Per article, the latest exact date of its own factual events (a lower bound on its date)."""
    latest: dict[str, tuple[date, str]] = {}
    for item in items:
        span = interval(item.date)
        if span is None or item.date_approximate or {"negated", "hypothetical", "future"} & set(item.context):
            continue
        if len(item.date or "") < 7:  # a bare year in the sentence is often not the event's ("Expo 2030")
            continue
        if item.doc_id not in latest or span[1] > latest[item.doc_id][0]:
            latest[item.doc_id] = (span[1], item.date or "")
    return {doc_id: value for doc_id, (_, value) in latest.items()}


@dataclass(frozen=True, slots=True)
class InferredDate:
    """An undated article's date range, from the happenings it shares with dated reports."""

    doc_id: str
    value: str
    earliest: str
    latest: str
    clusters: tuple[str, ...]


def infer_dates(
    clusters: Iterable[EventCluster],
    published: dict[str, str | None],
    own_dates: dict[str, str] | None = None,
    priors: dict[str, str | None] | None = None,
) -> dict[str, InferredDate]:
    """For each undated article in a cluster dated by other reports: when it was published.

    The article's **main happening** is the dated cluster with the most support: its weight in
    the article (:meth:`EventCluster.weight_in`: its events there, earlier ones weighing more)
    plus the weight of the article's other happenings dated in the :data:`SUPPORT_WINDOW_DAYS`
    before it (ties: more weight of its own, then the later cluster). Articles are published soon
    after what they lead with, and the happenings one report links usually lie weeks apart,
    so one stray match to an old happening does not date the article. A report also
    comes after every past happening it dates itself (``own_dates``: the latest exact date of
    its own factual events, "in July 2023"). So ``value`` is the later of the main happening's
    last day and that own date; ``earliest`` the start of the main happening (or the own date);
    ``latest`` is ``value`` plus :data:`INFERRED_WINDOW_DAYS`. A cluster counts only when its
    date is supported by another article, so an article cannot date itself by events alone,
    and only when that date is precise to the month or day. When the article's own text suggests a
    year (``priors``: the resolver's reference year of an undated article) and some of its happenings
    fall in that year, only those are candidates: the clusters may admit a happening months off it.
    """
    own_dates, priors = own_dates or {}, priors or {}
    shared: dict[str, list[tuple[float, date, date, str]]] = defaultdict(list)
    for cluster in clusters:
        span = interval(cluster.date)
        if span is None or len(cluster.date or "") < 7:  # a year alone says little about a report's date
            continue
        for doc_id in set(cluster.doc_ids):
            if published.get(doc_id) is not None:
                continue
            if cluster.date_support < 1 or all(d == doc_id for d in cluster.doc_ids):
                continue
            shared[doc_id].append((cluster.weight_in(doc_id), span[0], span[1], cluster.id))
    out = {}
    for doc_id, found in shared.items():
        year = interval(priors.get(doc_id))
        in_year = [f for f in found if year is not None and f[1] <= year[1] and f[2] >= year[0]]
        found = in_year or found
        # support: the weight of all the article's happenings dated in the weeks up to this one
        window = timedelta(days=SUPPORT_WINDOW_DAYS)
        support = {f[3]: sum(g[0] for g in found if f[1] - window <= g[2] <= f[2]) for f in found}
        _, start, end, cluster_id = max(found, key=lambda f: (support[f[3]], f[0], f[2], f[3]))
        own = interval(own_dates.get(doc_id))
        if own is not None and own[1] > end:
            start, end = max(start, own[0]), own[1]
        out[doc_id] = InferredDate(
            doc_id=doc_id,
            value=end.isoformat(),
            earliest=start.isoformat(),
            latest=(end + timedelta(days=INFERRED_WINDOW_DAYS)).isoformat(),
            clusters=(cluster_id,),
        )
    return out


def _contexts(
    store: Store, rows: Sequence[dict[str, Any]], inferred: dict[str, InferredDate]
) -> dict[str, EventContext]:
    """The given events' sentence details: actors named in it; durations, numbers and quotes in it or
    in the sentence right after it (where a report usually elaborates: "The talks lasted 45 minutes.").
    Only those events' sentences are read from the store (joined in DuckDB, not loaded whole)."""
    con = store.con
    spans = pa.table(
        {
            "id": pa.array([r["id"] for r in rows], pa.string()),
            "document_id": pa.array([r["document_id"] for r in rows], pa.string()),
            "s_start": pa.array([r["sentence_start"] for r in rows], pa.int32()),
            "s_end": pa.array([r["sentence_end"] for r in rows], pa.int32()),
            "after": pa.array([r["following_end"] for r in rows], pa.int32()),
        }
    )
    con.register("_ctx", spans)
    try:
        actors = dict(con.execute(
            """SELECT c.id, list(DISTINCT m.actor_id ORDER BY m.actor_id) FROM _ctx c JOIN mentions m
               ON m.document_id = c.document_id AND m.start >= c.s_start AND m.start < c.s_end
               WHERE m.actor_id IS NOT NULL GROUP BY c.id"""
        ).fetchall())  # fmt: skip
        durations = dict(con.execute(
            """SELECT c.id, list(DISTINCT t.value ORDER BY t.value) FROM _ctx c JOIN timexes t
               ON t.document_id = c.document_id AND t.start >= c.s_start AND t.start < c.after
               WHERE t.type = 'DURATION' AND t.value IS NOT NULL GROUP BY c.id"""
        ).fetchall())  # fmt: skip
        quotes = dict(con.execute(
            """SELECT c.id, list([q.id, q.speaker_id] ORDER BY q.start, q.id) FROM _ctx c JOIN quotes q
               ON q.document_id = c.document_id AND q.start >= c.s_start AND q.start < c.after
               WHERE q.kind <> 'phrase' GROUP BY c.id"""
        ).fetchall())  # fmt: skip
    finally:
        con.unregister("_ctx")
    out = {}
    for r in rows:
        doc_id = r["document_id"]
        published = r["published"] or (inferred[doc_id].value if doc_id in inferred else None)
        out[r["id"]] = EventContext(
            event_id=r["id"],
            doc_id=doc_id,
            outlet=r["outlet"],
            published=published,
            date=None if r["date_approximate"] else r["date"],
            sentence=r["sentence"] or "",
            actor_ids=tuple(actors.get(r["id"], ())),
            durations=tuple(durations.get(r["id"], ())),
            quotes=tuple((q, sp) for q, sp in quotes.get(r["id"], ())),
            following=r["following"] or "",
        )
    return out


def _reanchor(store: Store, inferred: dict[str, InferredDate]) -> int:
    """Resolve each undated article's unresolved time expressions on its inferred date (the best
    guess; for an expression naming a month, the latest plausible day, which only picks the year).

    Values go to ``timexes.value_inferred`` (``value`` stays NULL: the text gave no anchor);
    events in the same sentence that had no exact date get ``date_inferred`` from them.
    """
    con = store.con
    con.execute("UPDATE timexes SET value_inferred = NULL WHERE value_inferred IS NOT NULL")
    con.execute("UPDATE events SET date_inferred = NULL WHERE date_inferred IS NOT NULL")
    if not inferred:
        return 0
    rows = con.execute(
        "SELECT document_id, start, \"end\", text FROM timexes WHERE value IS NULL AND type = 'DATE' "
        "AND document_id IN (SELECT unnest(?::VARCHAR[]))",
        [sorted(inferred)],
    ).fetchall()
    updates = []
    for doc_id, start, end, text in rows:
        guess = inferred[doc_id]
        # a named month fixes all but the year: the latest plausible publication day picks it
        # ("July 1" in a report of late June is this July 1); other expressions count from the best guess
        anchor = guess.latest if _MONTH_NAME.search(text) else guess.value
        _, value = resolve(text, anchor=anchor, tense="past")
        if value and value[:1].isdigit():  # a date, week, season, quarter ...: not PAST_REF and the like
            updates.append((doc_id, start, end, value))
    if not updates:
        return 0
    table = pa.table(
        {
            "document_id": [u[0] for u in updates],
            "start": pa.array([u[1] for u in updates], pa.int32()),
            "end": pa.array([u[2] for u in updates], pa.int32()),
            "value": [u[3] for u in updates],
            "event_date": [_event_date(u[3]) for u in updates],
        }
    )
    con.register("_reanchored", table)
    try:
        con.execute(
            "UPDATE timexes SET value_inferred = r.value FROM _reanchored r "
            'WHERE timexes.document_id = r.document_id AND timexes.start = r.start AND timexes."end" = r."end"'
        )
        con.execute(
            """
            UPDATE events SET date_inferred = t.value FROM (
                -- the expression attached to the trigger at extraction (timex_start), else the sentence's nearest
                SELECT e.id, arg_min(r.event_date,
                                     CASE WHEN r.start = e.timex_start THEN -1 ELSE abs(r.start - e.start) END) AS value
                FROM events e JOIN _reanchored r ON r.document_id = e.document_id
                 AND r.start >= e.sentence_start AND r."end" <= e.sentence_end AND r.event_date IS NOT NULL
                WHERE e.date_approximate OR e.date IS NULL
                GROUP BY e.id
            ) t WHERE events.id = t.id
            """
        )
    finally:
        con.unregister("_reanchored")
    return len(updates)


_EVENT_DATE = re.compile(r"\d{4}(-\d\d(-\d\d)?)?|\d{4}-W\d\d")
_PERIOD = re.compile(r"(\d{4})-(?:H\d|Q\d|SP|SU|FA|WI)")


def _event_date(value: str) -> str | None:
    """An event date from a re-anchored TIMEX3 value: a (partial) date or week as it is, a half, quarter or
    season as its year; None for other values (times, weekends, ...)."""
    if _EVENT_DATE.fullmatch(value):
        return value
    period = _PERIOD.fullmatch(value)
    return period.group(1) if period else None


def _date_conflicts(clusters: Iterable[EventCluster]) -> list[Conflict]:
    return [Conflict(c.id, "date", c.date_conflicts) for c in clusters if c.date_conflicts]


# -- tables ------------------------------------------------------------------------------

_STRINGS = pa.list_(pa.string())


def _cluster_table(
    clusters: Sequence[EventCluster], documents: dict[str, tuple[str | None, str | None]], stories: dict[str, str]
) -> pa.Table:
    def first_document(c: EventCluster) -> str:
        return min(c.doc_ids, key=lambda d: (documents[d][1] is None, documents[d][1] or "", d))

    def story(c: EventCluster) -> str | None:
        found = Counter(stories[d] for d in c.doc_ids if d in stories).most_common(1)
        return found[0][0] if found else None

    return pa.table(
        {
            "id": [c.id for c in clusters],
            "category": [c.category for c in clusters],
            "date": pa.array([c.date for c in clusters], pa.string()),
            "date_earliest": pa.array([c.date_earliest for c in clusters], pa.string()),
            "date_latest": pa.array([c.date_latest for c in clusters], pa.string()),
            "date_support": pa.array([c.date_support for c in clusters], pa.int32()),
            "actor_ids": pa.array([list(c.actor_ids) for c in clusters], _STRINGS),
            "event_ids": pa.array([list(c.event_ids) for c in clusters], _STRINGS),
            "events": pa.array([len(c.event_ids) for c in clusters], pa.int32()),
            "documents": pa.array([len(c.doc_ids) for c in clusters], pa.int32()),
            "outlets": pa.array([len({documents[d][0] or d for d in c.doc_ids}) for c in clusters], pa.int32()),
            "first_document_id": pa.array([first_document(c) for c in clusters], pa.string()),
            "story_id": pa.array([story(c) for c in clusters], pa.string()),
        }
    )


def _account_table(accounts: Sequence[Any], inferred: dict[str, InferredDate]) -> pa.Table:
    return pa.table(
        {
            "cluster_id": [a.cluster_id for a in accounts],
            "document_id": [a.doc_id for a in accounts],
            "outlet": pa.array([a.outlet for a in accounts], pa.string()),
            "published": pa.array([a.published for a in accounts], pa.string()),
            "event_ids": pa.array([list(a.event_ids) for a in accounts], _STRINGS),
            "details": pa.array([list(a.details) for a in accounts], _STRINGS),
            "includes": pa.array([list(a.includes) for a in accounts], _STRINGS),
            "omits": pa.array([list(a.omits) for a in accounts], _STRINGS),
            "quote_ids": pa.array([list(a.quote_ids) for a in accounts], _STRINGS),
        }
    )


def _conflict_table(conflicts: Sequence[Conflict]) -> pa.Table:
    rows = [(c.cluster_id, c.facet, value, list(docs)) for c in conflicts for value, docs in c.values]
    return pa.table(
        {
            "cluster_id": pa.array([r[0] for r in rows], pa.string()),
            "facet": pa.array([r[1] for r in rows], pa.string()),
            "value": pa.array([r[2] for r in rows], pa.string()),
            "document_ids": pa.array([r[3] for r in rows], _STRINGS),
        }
    )


def _inferred_table(inferred: dict[str, InferredDate]) -> pa.Table:
    rows = [inferred[k] for k in sorted(inferred)]
    return pa.table(
        {
            "document_id": pa.array([r.doc_id for r in rows], pa.string()),
            "value": pa.array([r.value for r in rows], pa.string()),
            "earliest": pa.array([r.earliest for r in rows], pa.string()),
            "latest": pa.array([r.latest for r in rows], pa.string()),
            "clusters": pa.array([list(r.clusters) for r in rows], _STRINGS),
            "method": pa.array(["events"] * len(rows), pa.string()),
        }
    )


def _replace_links(store: Store, kind: str, rows: list[tuple[str, str, str, str, float]]) -> None:
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM links WHERE kind = ?", [kind])
        _insert_links(store, rows)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _insert_links(store: Store, rows: Sequence[tuple[str, str, str, str, float]]) -> None:
    if not rows:
        return
    table = pa.table(
        {
            "kind": [r[0] for r in rows],
            "cluster_id": [r[1] for r in rows],
            "member_id": [r[2] for r in rows],
            "role": [r[3] for r in rows],
            "score": pa.array([float(r[4]) for r in rows], pa.float64()),
        }
    )
    _insert(store, "links", table)


def _insert(store: Store, name: str, table: pa.Table) -> None:
    """Append an arrow table to one of the link tables (columns in table order)."""
    if name not in _LINK_TABLES:
        raise StoreError(f"[E304] unknown link table {name!r}")
    if table.num_rows == 0:
        return
    store.con.register("_link_rows", table)
    try:
        store.con.execute(f"INSERT OR IGNORE INTO {name} SELECT * FROM _link_rows")  # name checked above
    finally:
        store.con.unregister("_link_rows")


_LINK_TABLES = frozenset({"sketches", "links", "event_clusters", "accounts", "conflicts", "inferred_dates"})
