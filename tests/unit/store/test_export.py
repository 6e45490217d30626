"""The export contract: same tables and columns in every format, versioned."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest

from newsprism.model import Skip
from newsprism.store.duck import Store
from newsprism.store.export import EXPORT_SCHEMA_VERSION, EXPORT_TABLES, export_store

REQUIRED = {
    "documents": {"id", "source", "title", "outlet", "author", "published", "text", "removed_lines"},
    "mentions": {"document_id", "start", "end", "text", "label", "actor_id", "method", "confidence"},
    "actors": {"id", "name", "kind", "country", "aliases_seen"},
    "quotes": {"document_id", "speaker_id", "relayed_by_id", "cue", "kind", "text", "start", "end"},
    "events": {"id", "document_id", "category", "source_ids", "target_ids", "date", "date_approximate",
               "cameo_root", "quad_class", "intensity", "context", "trigger", "start", "end"},
    "stances": {"document_id", "actor_id", "score", "label"},
    "skips": {"source", "reason"},
}  # fmt: skip


@pytest.fixture
def store(tmp_path, make_annotated):
    with Store(tmp_path / "s.duckdb") as store:
        store.write_batch([make_annotated("d1"), make_annotated("d2", "Another article about Seoul and Tokyo.")], "r1")
        store.write_skips([Skip("bad.bin", "ingest", "binary file, not text")], "r1")
        yield store


def test_export_json_has_every_table_as_a_list(store, tmp_path):
    out = tmp_path / "e.json"
    export_store(store, "json", out)
    data = json.loads(out.read_text("utf-8"))
    assert all(isinstance(v, list) for v in data.values())
    assert data["export_info"][0]["schema_version"] == EXPORT_SCHEMA_VERSION
    for table, fields in REQUIRED.items():
        columns = {c.strip('"') for c in EXPORT_TABLES[table][0]}
        assert fields <= columns, table
    [doc] = [d for d in data["documents"] if d["id"] == "d1"]
    assert doc["published"] == "2022-06-28" and doc["removed_lines"] == ["Share this"]
    assert data["skips"] == [
        {"source": "bad.bin", "stage": "ingest", "reason": "binary file, not text", "first_seen": data["skips"][0]["first_seen"],
         "last_seen": data["skips"][0]["last_seen"], "run_id": "r1"}
    ]  # fmt: skip


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_folder_formats_match_json_columns(store, tmp_path, fmt):
    out = tmp_path / fmt
    counts = export_store(store, fmt, out)
    assert counts["documents"] == 2 and counts["skips"] == 1
    for table, (columns, _) in EXPORT_TABLES.items():
        path = out / f"{table}.{fmt}"
        assert path.exists(), path
        if fmt == "parquet":
            names = pq.read_schema(path).names
        elif fmt == "csv":
            names = path.read_text("utf-8").splitlines()[0].replace('"', "").split(",")
        else:
            lines = path.read_text("utf-8").splitlines()
            names = list(json.loads(lines[0])) if lines else [c.strip('"') for c in columns]
        assert names == [c.strip('"') for c in columns], table
    info = json.loads((out / "export_info.json").read_text("utf-8"))
    assert info["schema_version"] == EXPORT_SCHEMA_VERSION


def test_export_csv_lists_are_json(store, tmp_path):
    export_store(store, "csv", tmp_path / "c")
    rows = list(csv.DictReader((tmp_path / "c" / "documents.csv").read_text("utf-8").splitlines()))
    assert json.loads(rows[0]["removed_lines"]) == ["Share this"]
