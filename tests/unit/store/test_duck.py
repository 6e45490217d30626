"""The DuckDB store: migrations, batched idempotent writes, skips, read-only access."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given, settings as hsettings, strategies as st

from newsprism.errors import SchemaVersionError, StoreError
from newsprism.model import Skip
from newsprism.store.duck import SCHEMA_VERSION, TABLES, Store

def test_duck_creates_every_table_and_records_migration(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        assert set(store.counts()) == set(TABLES)
        assert store.query("SELECT name FROM _migrations ORDER BY name") == [
            {"name": "0001_initial"}, {"name": "0002_accounts"}, {"name": "0003_event_timex"}
        ]
        assert store.query("SELECT value FROM _meta WHERE key='schema_version'") == [{"value": str(SCHEMA_VERSION)}]


def test_duck_write_batch_round_trips_document_and_layers(tmp_path, make_annotated):
    with Store(tmp_path / "s.duckdb") as store:
        run = store.start_run("test", None)
        assert store.write_batch([make_annotated()], run) == 1
        [row] = store.query("SELECT text, removed_lines, CAST(published AS VARCHAR) AS published FROM documents")
        [mention] = store.query('SELECT start, "end", text FROM mentions')
    text = "Seoul said on Tuesday that Yoon Suk Yeol would attend the NATO summit in Madrid."
    assert row == {"text": text, "removed_lines": ["Share this"], "published": "2022-06-28"}
    assert text[mention["start"] : mention["end"]] == mention["text"] == "Yoon Suk Yeol"


def test_duck_rewriting_same_batch_adds_nothing(tmp_path, make_annotated):
    with Store(tmp_path / "s.duckdb") as store:
        run = store.start_run("test", None)
        store.write_batch([make_annotated("d1"), make_annotated("d2")], run)
        assert store.write_batch([make_annotated("d1"), make_annotated("d3")], run) == 1
        counts = store.counts()
        assert store.existing_ids(["d1", "d2", "d9"]) == {"d1", "d2"}
    assert (counts["documents"], counts["mentions"], counts["sentences"]) == (3, 3, 3)


def test_duck_skips_are_upserted_not_duplicated(tmp_path):
    skip = Skip("bad.txt", "ingest", "binary file, not text")
    with Store(tmp_path / "s.duckdb") as store:
        store.write_skips([skip, skip], "r1")
        store.write_skips([skip], "r2")
        rows = store.query("SELECT source, run_id FROM skips")
    assert rows == [{"source": "bad.txt", "run_id": "r2"}]


def test_duck_store_survives_reopen(tmp_path, make_annotated):
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.write_batch([make_annotated()], store.start_run("test", None))
    with Store(path, read_only=True) as store:
        assert store.counts()["documents"] == 1


def test_duck_read_only_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match=r"\[E301\].*no such file"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_duck_refuses_newer_schema(tmp_path):
    path = tmp_path / "s.duckdb"
    Store(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE _meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(SchemaVersionError, match="E302"):
        Store(path)


@hsettings(max_examples=25, deadline=None)
@given(text=st.text(min_size=1, max_size=200), removed=st.lists(st.text(max_size=50), max_size=5))
def test_duck_round_trip_preserves_any_text(tmp_path_factory, text, removed, make_annotated):
    path = tmp_path_factory.mktemp("rt") / "s.duckdb"
    with Store(path) as store:
        store.write_batch([make_annotated("x", text, tuple(removed))], "r")
        [row] = store.query("SELECT text, removed_lines FROM documents")
    assert row == {"text": text, "removed_lines": removed}


def test_duck_migrates_a_version_1_store_keeping_its_rows(tmp_path, make_annotated):
    from importlib import resources

    path = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE _migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)")
    con.execute("CREATE TABLE _meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)")
    con.execute(resources.files("newsprism.store").joinpath("schema.sql").read_text("utf-8"))
    con.execute("INSERT INTO _migrations VALUES ('0001_initial', now())")
    con.execute("INSERT INTO _meta VALUES ('schema_version', '1')")
    con.execute(
        "INSERT INTO timexes VALUES ('d0', 0, 5, 'today', 'DATE', '2020-01-01', '2020-01-01')"
    )
    con.close()
    with pytest.raises(SchemaVersionError, match=r"\[E306\].*schema version 1.*newsprism link --db"):
        Store(path, read_only=True)
    with Store(path) as store:
        assert store.query("SELECT value FROM _meta WHERE key='schema_version'") == [{"value": str(SCHEMA_VERSION)}]
        assert [r["name"] for r in store.query("SELECT name FROM _migrations ORDER BY name")][-1] == "0003_event_timex"
        assert store.query("SELECT text, value, value_inferred FROM timexes") == [
            {"text": "today", "value": "2020-01-01", "value_inferred": None}
        ]
        run = store.start_run("test", None)
        assert store.write_batch([make_annotated()], run) == 1
        assert store.counts()["timexes"] >= 1


def test_duck_actor_rows_take_current_facts(tmp_path, make_annotated):
    import dataclasses

    from newsprism.model import ActorRecord

    def with_actors(doc_id, *actors):
        return dataclasses.replace(make_annotated(doc_id), actors=actors)

    old_kb = ActorRecord("person:hirofumi-nakasone", "Hirofumi Nakasone", "person", "JON", ("GOV",), "kb",
                         ("Nakasone",))
    new_kb = dataclasses.replace(old_kb, country="JPN", aliases_seen=("Hirofumi Nakasone",))
    unplaced = ActorRecord("new:dana-whitcombe", "Dana Whitcombe", "person", None, (), "new", ("Dana Whitcombe",))
    placed = dataclasses.replace(unplaced, name="Sen. Dana Whitcombe", country="USA")
    with Store(tmp_path / "s.duckdb") as store:
        run = store.start_run("test", None)
        store.write_batch([with_actors("d1", old_kb, unplaced)], run)
        # a later batch: the knowledge base's corrected country, and a country for the new actor
        store.write_batch([with_actors("d2", new_kb, placed)], run)
        store.write_batch([with_actors("d3", dataclasses.replace(placed, country="CAN"))], run)
        rows = {r["id"]: r for r in store.query("SELECT id, name, country, aliases_seen FROM actors")}
    assert rows["person:hirofumi-nakasone"]["country"] == "JPN"
    assert set(rows["person:hirofumi-nakasone"]["aliases_seen"]) == {"Nakasone", "Hirofumi Nakasone"}
    # a new actor keeps its first name and the first country it was given
    assert rows["new:dana-whitcombe"]["name"] == "Dana Whitcombe" and rows["new:dana-whitcombe"]["country"] == "USA"
