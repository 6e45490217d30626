"""Export the store in one documented, versioned schema (docs/export-schema.md).

The export is the contract other tools read. Every format carries the same tables and
columns; a change to them bumps :data:`EXPORT_SCHEMA_VERSION`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from newsprism import __version__
from newsprism.errors import StoreError
from newsprism.store.duck import Store

EXPORT_SCHEMA_VERSION = "1.2"
FORMATS = ("json", "jsonl", "csv", "parquet", "gdelt")

# table -> (columns in export order, ORDER BY). Columns are SQL expressions over the table.
EXPORT_TABLES: dict[str, tuple[tuple[str, ...], str]] = {
    "documents": (
        ("id", "source", "url", "title", "outlet", "author", "published", "published_raw", "text",
         "removed_lines", "fingerprint", "input_format", "cleaner", "annotator", "tokens", "reference_date",
         "reference_date_inferred", "run_id", "ingested_at", "tone"),
        "id",
    ),
    "sentences": (("document_id", "idx", "start", '"end"'), "document_id, idx"),
    "mentions": (
        ("document_id", "start", '"end"', "text", "label", "sentence", "actor_id", "method", "confidence"),
        'document_id, start, "end", label',
    ),
    "actors": (("id", "name", "kind", "country", "sectors", "aliases_seen", "origin"), "id"),
    "quotes": (
        ("id", "document_id", "speaker_id", "relayed_by_id", "cue", "kind", "text", "start", '"end"',
         "confidence", "extractor"),
        "document_id, start, id",
    ),
    "timexes": (
        ("document_id", "start", '"end"', "text", "type", "value", "anchor", "value_inferred"), "document_id, start"
    ),
    "events": (
        ("id", "document_id", "category", "mode", "source_ids", "target_ids", "date", "date_approximate",
         "location", "cameo_root", "cameo_code", "quad_class", "intensity", "context", "trigger", "start", '"end"',
         "sentence_start", "sentence_end", "source_mentions", "target_mentions", "confidence", "extractor",
         "date_inferred", "timex_start"),
        "document_id, start, id",
    ),
    "stances": (("document_id", "actor_id", "score", "label", "evidence", "model_score"), "document_id, actor_id"),
    "labels": (("document_id", "actor_id", "word", "count"), "document_id, actor_id, word"),
    "disputes": (
        ("id", "document_id", "start", '"end"', "cue", "cue_start", "cue_end", "kind", "disputer_id", "disputer_text",
         "disputed_id", "disputed_text", "claim_start", "claim_end", "event_id", "confidence", "extractor"),
        "document_id, start, id",
    ),
    "stories": (
        ("id", "title", "first_document_id", "first_published", "last_published", "documents", "outlets"), "id"
    ),
    "event_clusters": (
        ("id", "category", "date", "date_earliest", "date_latest", "date_support", "actor_ids", "event_ids", "events",
         "documents", "outlets", "first_document_id", "story_id"),
        "id",
    ),
    "accounts": (
        ("cluster_id", "document_id", "outlet", "published", "event_ids", "details", "includes", "omits", "quote_ids"),
        "cluster_id, document_id",
    ),
    "conflicts": (("cluster_id", "facet", "value", "document_ids"), "cluster_id, facet, value"),
    "inferred_dates": (("document_id", "value", "earliest", "latest", "clusters", "method"), "document_id"),
    "links": (("kind", "cluster_id", "member_id", "role", "score"), "kind, cluster_id, member_id"),
    "skips": (("source", "stage", "reason", "first_seen", "last_seen", "run_id"), "source, stage, reason"),
}  # fmt: skip
_TIMESTAMPS = {"ingested_at", "first_seen", "last_seen"}
_DATES = {"published", "first_published", "last_published"}
_LISTS = {"removed_lines", "sectors", "aliases_seen", "source_ids", "target_ids", "context", "source_mentions",
          "target_mentions", "actor_ids", "event_ids", "details", "includes", "omits", "quote_ids", "document_ids",
          "clusters"}


def export_store(store: Store, fmt: str, out: Path) -> dict[str, int]:
    """Write every export table to ``out`` (a file for json, a folder otherwise).

    Returns:
        Rows written per table.
    """
    if fmt not in FORMATS:
        raise StoreError(f"[E310] unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    store.con.execute("SET TimeZone = 'UTC'")
    if fmt == "json":
        return _write_json(store, out)
    if fmt == "gdelt":
        return {"events": _write_gdelt(store, out)}
    out.mkdir(parents=True, exist_ok=True)
    counts = {name: _write_table(store, name, fmt, out / f"{name}.{fmt}") for name in EXPORT_TABLES}
    (out / "export_info.json").write_text(json.dumps(export_info(store), indent=2) + "\n", "utf-8")
    return counts


def export_info(store: Store) -> dict[str, Any]:
    """The export's own metadata record."""
    return {
        "schema_version": EXPORT_SCHEMA_VERSION,
        "newsprism_version": __version__,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tables": list(EXPORT_TABLES),
    }


def _select(name: str, *, flat_lists: bool = False) -> str:
    columns, order = EXPORT_TABLES[name]
    exprs = []
    for col in columns:
        bare = col.strip('"')
        if bare in _TIMESTAMPS:
            exprs.append(f"strftime({col}, '%Y-%m-%dT%H:%M:%SZ') AS {col}")
        elif bare in _DATES and name != "accounts":
            exprs.append(f"strftime({col}, '%Y-%m-%d') AS {col}")
        elif flat_lists and bare in _LISTS:
            exprs.append(f"CAST(to_json({col}) AS VARCHAR) AS {col}")
        else:
            exprs.append(col)
    return f"SELECT {', '.join(exprs)} FROM {name} ORDER BY {order}"


def iter_records(store: Store, name: str) -> Iterator[dict[str, Any]]:
    """Yield one export table's records as plain dicts, in a stable order."""
    cursor = store.con.execute(_select(name))
    names = [d[0] for d in cursor.description or ()]
    while rows := cursor.fetchmany(1000):
        for row in rows:
            yield {k: _plain(v) for k, v in zip(names, row, strict=True)}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _write_json(store: Store, out: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        fh.write("{")
        fh.write(f'"export_info": [{json.dumps(export_info(store), ensure_ascii=False)}]')
        for name in EXPORT_TABLES:
            fh.write(f',\n"{name}": [')
            counts[name] = 0
            for record in iter_records(store, name):
                fh.write(("," if counts[name] else "") + "\n" + json.dumps(record, ensure_ascii=False))
                counts[name] += 1
            fh.write("]")
        fh.write("}\n")
    return counts


def _write_gdelt(store: Store, out: Path) -> int:
    """The events as a GDELT 2.0 event table (tab-separated, no header; docs/gdelt-export.md)."""
    from types import SimpleNamespace

    from newsprism.store.gdelt import write_gdelt

    documents = {r["id"]: SimpleNamespace(**r) for r in iter_records(store, "documents")}
    actors = {r["id"]: SimpleNamespace(**r) for r in iter_records(store, "actors")}
    events = [SimpleNamespace(**r, doc_id=r["document_id"]) for r in iter_records(store, "events")]
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        return write_gdelt(fh, events, documents, actors)


def _write_table(store: Store, name: str, fmt: str, path: Path) -> int:
    if fmt == "jsonl":
        count = 0
        with path.open("w", encoding="utf-8") as fh:
            for count, record in enumerate(iter_records(store, name), start=1):
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        return count
    table = store.con.sql(_select(name, flat_lists=fmt == "csv")).to_arrow_table()
    if fmt == "csv":
        import pyarrow.csv as pacsv

        pacsv.write_csv(table, path)
    else:
        import pyarrow.parquet as pq

        pq.write_table(table, path)
    return table.num_rows
