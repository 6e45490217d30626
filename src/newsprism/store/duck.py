"""The :class:`Store`: one DuckDB file, schema migrations, batched transactional writes."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from newsprism import __version__
from newsprism.errors import STORE_LOCKED, STORE_NEWER, STORE_OLDER, SchemaVersionError, StoreError, first_line
from newsprism.model import ActorRecord, Annotated, Dispute, Document, Quote, Skip

SCHEMA_VERSION = 3
MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("0001_initial", "schema.sql"),
    ("0002_accounts", "0002_accounts.sql"),
    ("0003_event_timex", "0003_event_timex.sql"),
)

_DOCUMENT_COLUMNS = (
    "id", "source", "url", "title", "outlet", "author", "published_raw", "text",
    "fingerprint", "input_format", "cleaner", "annotator", "run_id",
)  # fmt: skip


class Store:
    """A newsprism store in a DuckDB file.

    One writer process at a time; readers (``export``, ``serve``) open it read-only.
    Each :meth:`write_batch` is one transaction, so a killed run leaves whole documents
    with all their layers, or nothing of them.
    """

    def __init__(self, path: Path | str, *, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise StoreError(STORE_LOCKED.format(path=self.path, reason="no such file"))
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as e:
            raise StoreError(STORE_LOCKED.format(path=self.path, reason=first_line(e))) from e
        if read_only:
            self._check_version(read_only=True)
        else:
            self._migrate()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # -- schema ---------------------------------------------------------------------
    def _migrate(self) -> None:
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS _migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)"
        )
        self.con.execute("CREATE TABLE IF NOT EXISTS _meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)")
        self._check_version()
        done = {row[0] for row in self.con.execute("SELECT name FROM _migrations").fetchall()}
        for name, script in MIGRATIONS:
            if name not in done:
                self._apply(name, resources.files("newsprism.store").joinpath(script).read_text("utf-8"))
        self.con.execute(
            "INSERT OR REPLACE INTO _meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
        )

    def _apply(self, name: str, sql: str) -> None:
        self.con.execute("BEGIN TRANSACTION")
        self.con.execute(sql)
        self.con.execute("INSERT INTO _migrations VALUES (?, ?)", [name, _now()])
        self.con.execute("COMMIT")

    def _check_version(self, *, read_only: bool = False) -> None:
        tables = {row[0] for row in self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "_meta" not in tables:
            return
        rows = self.con.execute("SELECT value FROM _meta WHERE key = 'schema_version'").fetchall()
        row = rows[0] if rows else None
        if row and int(row[0]) > SCHEMA_VERSION:
            raise SchemaVersionError(STORE_NEWER.format(path=self.path, found=row[0], ours=SCHEMA_VERSION))
        if row and read_only and int(row[0]) < SCHEMA_VERSION:
            self.con.close()
            raise SchemaVersionError(STORE_OLDER.format(path=self.path, found=row[0], ours=SCHEMA_VERSION))

    # -- runs -----------------------------------------------------------------------
    def start_run(self, command: str, model: str | None) -> str:
        """Record the start of a run and return its id."""
        run_id = uuid.uuid4().hex[:16]
        self.con.execute(
            "INSERT INTO runs (id, command, version, model, started_at, status) VALUES (?, ?, ?, ?, ?, 'running')",
            [run_id, command, __version__, model, _now()],
        )
        return run_id

    def finish_run(self, run_id: str, *, status: str, documents: int, skips: int) -> None:
        self.con.execute(
            "UPDATE runs SET finished_at = ?, status = ?, documents = ?, skips = ? WHERE id = ?",
            [_now(), status, documents, skips, run_id],
        )

    # -- writes ---------------------------------------------------------------------
    def existing_ids(self, ids: Sequence[str]) -> set[str]:
        """Which of these document ids are already stored."""
        if not ids:
            return set()
        table = pa.table({"id": pa.array(list(ids), pa.string())})
        self.con.register("_probe_ids", table)
        try:
            rows = self.con.execute("SELECT d.id FROM documents d JOIN _probe_ids p USING (id)").fetchall()
        finally:
            self.con.unregister("_probe_ids")
        return {row[0] for row in rows}

    def write_batch(self, batch: Sequence[Annotated], run_id: str, *, replace: bool = False) -> int:
        """Write documents with all their layers in one transaction; returns documents added.

        With ``replace``, the batch's documents already stored lose every per-document row first
        (their earlier annotation), in the same transaction: re-annotation never leaves a document
        half old, half new, nor doubles a row.
        """
        if not batch:
            return 0
        tables = _batch_tables(batch, run_id)
        self.con.execute("BEGIN TRANSACTION")
        try:
            if replace:
                self._delete_documents([a.document.id for a in batch])
            before = self._count("documents")
            for name, table in tables.items():
                self._insert(name, table)
            added = self._count("documents") - before
            self.con.execute("COMMIT")
        except duckdb.Error as e:
            self.con.execute("ROLLBACK")
            raise StoreError(f"[E303] write to {self.path} failed: {first_line(e)}") from e
        return added

    def _delete_documents(self, ids: Sequence[str]) -> None:
        """Delete the documents and every per-document row of theirs (call inside a transaction)."""
        self.con.register("_delete_ids", pa.table({"id": pa.array(list(ids), pa.string())}))
        try:
            for table in _PER_DOCUMENT_TABLES:  # literal table names
                self.con.execute(f"DELETE FROM {table} WHERE document_id IN (SELECT id FROM _delete_ids)")
            self.con.execute("DELETE FROM documents WHERE id IN (SELECT id FROM _delete_ids)")
        finally:
            self.con.unregister("_delete_ids")

    def stale_documents(self, annotator: str | None) -> list[str]:
        """Ids of the stored documents annotated by another annotator (other rules or model), in id order;
        with ``None``, every stored document."""
        sql = "SELECT id FROM documents" + (" WHERE annotator <> ?" if annotator is not None else "") + " ORDER BY id"
        rows = self.con.execute(sql, [annotator] if annotator is not None else []).fetchall()
        return [row[0] for row in rows]

    def read_documents(self, ids: Sequence[str]) -> list[Document]:
        """The stored (cleaned) documents with these ids, in the order given."""
        self.con.register("_read_ids", pa.table({"id": pa.array(list(ids), pa.string())}))
        try:
            rows = self.con.execute(
                "SELECT id, source, url, title, outlet, author, CAST(published AS VARCHAR), published_raw, text, "
                "removed_lines, fingerprint, input_format, cleaner FROM documents "
                "WHERE id IN (SELECT id FROM _read_ids)"
            ).fetchall()
        finally:
            self.con.unregister("_read_ids")
        found = {row[0]: Document(*row[:9], tuple(row[9] or ()), *row[10:]) for row in rows}
        return [found[i] for i in ids if i in found]

    def _insert(self, name: str, table: pa.Table) -> None:
        view = f"_batch_{name}"
        self.con.register(view, table)
        try:
            self.con.execute(_INSERTS[name].format(view=view))
        finally:
            self.con.unregister(view)

    def write_skips(self, skips: Iterable[Skip], run_id: str) -> None:
        """Record skipped inputs; the same problem seen again updates ``last_seen`` only."""
        rows = [(s.source, s.stage, s.reason) for s in skips]
        if not rows:
            return
        now = _now()
        table = pa.table(
            {
                "source": [r[0] for r in rows],
                "stage": [r[1] for r in rows],
                "reason": [r[2] for r in rows],
            }
        )
        self.con.register("_batch_skips", table)
        try:
            self.con.execute(
                """INSERT INTO skips SELECT DISTINCT source, stage, reason, ?::TIMESTAMPTZ, ?::TIMESTAMPTZ, ?
                   FROM _batch_skips
                   ON CONFLICT (source, stage, reason) DO UPDATE SET last_seen = excluded.last_seen,
                   run_id = excluded.run_id""",
                [now, now, run_id],
            )
        finally:
            self.con.unregister("_batch_skips")

    def reset_links(self) -> None:
        """Forget every cross-article result (the link stage rebuilds them from the documents)."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            for table in ("links", "link_state", "sketches", "stories", "event_clusters", "accounts", "conflicts",
                          "inferred_dates"):  # fmt: skip
                self.con.execute(f"DELETE FROM {table}")  # literal table names
            self.con.execute("UPDATE timexes SET value_inferred = NULL WHERE value_inferred IS NOT NULL")
            self.con.execute("UPDATE events SET date_inferred = NULL WHERE date_inferred IS NOT NULL")
            self.con.execute("COMMIT")
        except duckdb.Error as e:
            self.con.execute("ROLLBACK")
            raise StoreError(f"[E303] reset of links in {self.path} failed: {first_line(e)}") from e

    # -- reads ----------------------------------------------------------------------
    def _count(self, table: str) -> int:
        row = self.con.execute(f"SELECT count(*) FROM {_table_name(table)}").fetchall()[0]
        return int(row[0]) if row else 0

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables."""
        return {name: self._count(name) for name in TABLES}

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Run a read query and return rows as dicts (parameters are bound, never formatted in)."""
        try:
            cursor = self.con.execute(sql, list(params))
        except duckdb.Error as e:
            raise StoreError(f"[E305] query on {self.path} failed: {first_line(e)}") from e
        names = [d[0] for d in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


TABLES = (
    "documents", "sentences", "mentions", "actors", "quotes", "timexes", "events", "stances", "labels", "disputes",
    "stories", "event_clusters", "accounts", "conflicts", "inferred_dates", "links", "skips", "runs",
)  # fmt: skip

# Tables whose rows belong to one document (``document_id``); links and other cross-article tables are
# rebuilt by the link stage (``reset_links``).
_PER_DOCUMENT_TABLES = ("sentences", "mentions", "quotes", "timexes", "events", "stances", "labels", "disputes")

_INSERTS = {
    "documents": (
        f"INSERT OR IGNORE INTO documents SELECT {', '.join(_DOCUMENT_COLUMNS[:6])}, "
        "TRY_CAST(published AS DATE), published_raw, text, removed_lines, fingerprint, input_format, "
        "cleaner, annotator, tokens, reference_date, reference_date_inferred, run_id, ingested_at, tone FROM {view}"
    ),
    "stances": (
        "INSERT OR IGNORE INTO stances SELECT document_id, actor_id, score, label, evidence, model_score FROM {view}"
    ),
    "labels": "INSERT OR IGNORE INTO labels SELECT document_id, actor_id, word, count FROM {view}",
    "disputes": (
        'INSERT OR IGNORE INTO disputes SELECT id, document_id, start, "end", cue, cue_start, cue_end, kind, '
        "disputer_id, disputer_text, disputed_id, disputed_text, claim_start, claim_end, event_id, confidence, "
        "extractor FROM {view}"
    ),
    "quotes": (
        'INSERT OR IGNORE INTO quotes SELECT id, document_id, speaker_id, relayed_by_id, cue, kind, text, start, "end", '
        "confidence, extractor FROM {view}"
    ),
    "events": (
        "INSERT OR IGNORE INTO events BY NAME SELECT id, document_id, category, mode, source_ids, target_ids, date, "
        'date_approximate, location, cameo_root, cameo_code, quad_class, intensity, context, trigger, start, "end", '
        "sentence_start, sentence_end, source_mentions, target_mentions, confidence, extractor, timex_start FROM {view}"
    ),
    "timexes": (
        'INSERT OR IGNORE INTO timexes BY NAME SELECT document_id, start, "end", text, type, value, anchor FROM {view}'
    ),
    # a knowledge-base actor takes the current knowledge base's name, kind, country and sectors (a store
    # re-annotated after an upgrade gets the corrected facts); a new actor keeps what was first stored
    # but gains a country when a later article gives it one ("Sen. X, R-Ariz.")
    "actors": (
        "INSERT INTO actors SELECT id, name, kind, country, sectors, aliases_seen, origin FROM {view} "
        "ON CONFLICT (id) DO UPDATE SET aliases_seen = "
        "list_sort(list_distinct(list_concat(actors.aliases_seen, excluded.aliases_seen))), "
        "name = CASE WHEN excluded.origin = 'kb' THEN excluded.name ELSE actors.name END, "
        "kind = CASE WHEN excluded.origin = 'kb' THEN excluded.kind ELSE actors.kind END, "
        "sectors = CASE WHEN excluded.origin = 'kb' THEN excluded.sectors ELSE actors.sectors END, "
        "country = CASE WHEN excluded.origin = 'kb' THEN excluded.country "
        "ELSE coalesce(actors.country, excluded.country) END, "
        "origin = excluded.origin"
    ),
    "sentences": 'INSERT OR IGNORE INTO sentences SELECT document_id, idx, start, "end" FROM {view}',
    "mentions": (
        'INSERT OR IGNORE INTO mentions SELECT document_id, start, "end", text, label, sentence, '
        "actor_id, method, confidence FROM {view}"
    ),
}


def _table_name(name: str) -> str:
    if name not in TABLES:
        raise StoreError(f"[E304] unknown table {name!r}")
    return name


def _batch_tables(batch: Sequence[Annotated], run_id: str) -> dict[str, pa.Table]:
    docs = [a.document for a in batch]
    documents = {col: pa.array([getattr(d, col) for d in docs], pa.string()) for col in _DOCUMENT_COLUMNS[:-2]}
    documents |= {
        "published": pa.array([d.published for d in docs], pa.string()),
        "removed_lines": pa.array([list(d.removed_lines) for d in docs], pa.list_(pa.string())),
        "annotator": pa.array([a.annotator for a in batch], pa.string()),
        "tokens": pa.array([a.tokens for a in batch], pa.int32()),
        "reference_date": pa.array([a.reference_date for a in batch], pa.string()),
        "reference_date_inferred": pa.array([a.reference_date_inferred for a in batch], pa.bool_()),
        "run_id": pa.array([run_id] * len(batch), pa.string()),
        "ingested_at": pa.array([_now()] * len(batch), pa.timestamp("us", tz="UTC")),
        "tone": pa.array([a.tone for a in batch], pa.float64()),
    }
    sentences = [s for a in batch for s in a.sentences]
    mentions = [m for a in batch for m in a.mentions]
    return {
        "documents": pa.table(documents),
        "sentences": _records(sentences, {"document_id": "doc_id", "idx": "index", "start": "start", "end": "end"}),
        "mentions": _records(mentions, _MENTION_COLUMNS),
        "actors": _actor_table(batch),
        "quotes": _quote_table(batch),
        "events": _event_table(batch),
        "timexes": _records(
            [t for a in batch for t in a.timexes],
            {"document_id": "doc_id"} | {name: name for name in ("start", "end", "text", "type", "value", "anchor")},
        ),
        "stances": _records(
            [x for a in batch for x in a.stances],
            {"document_id": "doc_id"} | {n: n for n in ("actor_id", "score", "label", "evidence", "model_score")},
        ),
        "labels": _records(
            [x for a in batch for x in a.labels], {"document_id": "doc_id", "actor_id": "actor_id", "word": "word", "count": "count"}
        ),
        "disputes": _dispute_table(batch),
    }


def dispute_id(dispute: Dispute) -> str:
    """Deterministic: the same dispute found again is the same row."""
    key = f"{dispute.doc_id}:{dispute.start}:{dispute.cue_start}:{dispute.kind}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _dispute_table(batch: Sequence[Annotated]) -> pa.Table:
    rows = [(d, dispute_events(a).get(dispute_id(d))) for a in batch for d in a.disputes]
    ints = ("start", "end", "cue_start", "cue_end", "claim_start", "claim_end")
    strings = ("cue", "kind", "disputer_id", "disputer_text", "disputed_id", "disputed_text", "extractor")
    table = {
        "id": pa.array([dispute_id(d) for d, _ in rows], pa.string()),
        "document_id": pa.array([d.doc_id for d, _ in rows], pa.string()),
    }
    table |= {name: pa.array([getattr(d, name) for d, _ in rows], pa.int32()) for name in ints}
    table |= {name: pa.array([getattr(d, name) for d, _ in rows], pa.string()) for name in strings}
    table["event_id"] = pa.array([e for _, e in rows], pa.string())
    table["confidence"] = pa.array([d.confidence for d, _ in rows], pa.float64())
    return pa.table(table)


def dispute_events(annotated: Annotated) -> dict[str, str | None]:
    """Dispute id -> the event of the same article it is about.

    That is the last event at or before the contested claim (else before the disputing
    statement) whose participants include the disputer's or the disputed party's actor or
    share a country code with them; None when no event qualifies.
    """
    out: dict[str, str | None] = {}
    events = sorted(annotated.events, key=lambda e: e.start)
    country = {a.id: a.country for a in annotated.actors if a.country}
    for dispute in annotated.disputes:
        parties = {p for p in (dispute.disputer_id, dispute.disputed_id) if p}
        countries = {country[p] for p in parties if p in country}
        anchor = dispute.claim_end if dispute.claim_end is not None else dispute.start
        chosen = None
        for event in events:
            if event.start > anchor:
                break
            actors = set(event.source_ids) | set(event.target_ids)
            if actors & parties or {country.get(a) for a in actors} & countries:
                chosen = event.id
        out[dispute_id(dispute)] = chosen
    return out


def _quote_table(batch: Sequence[Annotated]) -> pa.Table:
    quotes = [q for a in batch for q in a.quotes]
    columns = {
        "id": [quote_id(q) for q in quotes],
        "document_id": [q.doc_id for q in quotes],
        "speaker_id": [q.speaker_id for q in quotes],
        "relayed_by_id": [q.relayed_by_id for q in quotes],
        "cue": [q.cue for q in quotes],
        "kind": [q.kind for q in quotes],
        "text": [q.text for q in quotes],
    }
    table = {name: pa.array(values, pa.string()) for name, values in columns.items()}
    table["start"] = pa.array([q.start for q in quotes], pa.int32())
    table["end"] = pa.array([q.end for q in quotes], pa.int32())
    table["confidence"] = pa.array([q.confidence for q in quotes], pa.float64())
    table["extractor"] = pa.array([q.extractor for q in quotes], pa.string())
    return pa.table(table)


def _event_table(batch: Sequence[Annotated]) -> pa.Table:
    events = [e for a in batch for e in a.events]
    strings, spans = pa.list_(pa.string()), pa.list_(pa.list_(pa.int32()))

    def column(name: str, kind: pa.DataType, convert: Any = None) -> pa.Array:
        return pa.array([convert(getattr(e, name)) if convert else getattr(e, name) for e in events], kind)

    names = {"id": "id", "document_id": "doc_id"}
    table = {col: column(attr, pa.string()) for col, attr in names.items()}
    for name in ("category", "mode", "date", "location", "cameo_root", "cameo_code", "trigger", "extractor"):
        table[name] = column(name, pa.string())
    for name in ("source_ids", "target_ids", "context"):
        table[name] = column(name, strings, list)
    for name in ("source_mentions", "target_mentions"):
        table[name] = column(name, spans, lambda pairs: [list(p) for p in pairs])
    for name in ("quad_class", "start", "end", "sentence_start", "sentence_end", "timex_start"):
        table[name] = column(name, pa.int32())
    table["date_approximate"] = column("date_approximate", pa.bool_())
    table["intensity"] = column("intensity", pa.float64())
    table["confidence"] = column("confidence", pa.float64())
    return pa.table(table)


def quote_id(quote: Quote) -> str:
    """Deterministic: the same quote found again is the same row."""
    key = f"{quote.doc_id}:{quote.start}:{quote.end}:{quote.kind}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _actor_table(batch: Sequence[Annotated]) -> pa.Table:
    """One row per actor in the batch, its surface forms merged (an upsert may not see an id twice)."""
    merged: dict[str, tuple[ActorRecord, set[str]]] = {}
    for annotated in batch:
        for actor in annotated.actors:
            first, seen = merged.setdefault(actor.id, (actor, set()))
            seen.update(actor.aliases_seen)
            if first.country is None and actor.country is not None:  # the first record that places it
                merged[actor.id] = (actor, seen)
    rows = [(actor, sorted(seen)) for actor, seen in merged.values()]
    strings = pa.list_(pa.string())
    return pa.table(
        {
            "id": pa.array([a.id for a, _ in rows], pa.string()),
            "name": pa.array([a.name for a, _ in rows], pa.string()),
            "kind": pa.array([a.kind for a, _ in rows], pa.string()),
            "country": pa.array([a.country for a, _ in rows], pa.string()),
            "sectors": pa.array([list(a.sectors) for a, _ in rows], strings),
            "aliases_seen": pa.array([seen for _, seen in rows], strings),
            "origin": pa.array([a.origin for a, _ in rows], pa.string()),
        }
    )


_MENTION_COLUMNS = {"document_id": "doc_id"} | {
    name: name for name in ("start", "end", "text", "label", "sentence", "actor_id", "method", "confidence")
}
_TYPES = {
    "document_id": pa.string(), "idx": pa.int32(), "start": pa.int32(), "end": pa.int32(), "text": pa.string(),
    "label": pa.string(), "sentence": pa.int32(), "actor_id": pa.string(), "method": pa.string(),
    "confidence": pa.float64(), "type": pa.string(), "value": pa.string(), "anchor": pa.string(),
    "score": pa.float64(), "evidence": pa.int32(), "model_score": pa.float64(),
    "word": pa.string(), "count": pa.int32(),
}  # fmt: skip


def _records(items: Sequence[Any], columns: dict[str, str]) -> pa.Table:
    return pa.table(
        {col: pa.array([getattr(item, attr) for item in items], _TYPES[col]) for col, attr in columns.items()}
    )


def _now() -> datetime:
    return datetime.now(UTC)

