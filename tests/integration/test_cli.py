"""The real CLI end to end on real text: analyze, re-run, export, exit codes, interruption."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from newsprism.cli import cli

pytestmark = pytest.mark.model


def _invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _export(db: Path, tmp_path: Path) -> dict:
    out = tmp_path / "export.json"
    result = _invoke("export", "--db", str(db), "--format", "json", "--out", str(out))
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text("utf-8"))


def test_cli_analyze_examples_stores_five_documents(seed_store, tmp_path):
    db, result = seed_store
    assert "5 new" in result.output
    data = _export(db, tmp_path)
    titles = {Path(d["source"]).name: d["title"] for d in data["documents"]}
    assert titles == {
        "000_dba79bf9b7fa43af.txt": "South Korea cooperates and protects “universal value” with NATO: Yoon Sin Shu",
        "001_54be32d82c67160f.txt": "South Korea is faced with a dilemma of NATO co opting the United States and the Asia Pacific region",
        "002_6ece9fc21d5d5619.txt": "The closer we get to NATO, the further away South Korea is from security",
        "003_17491c600666659a.txt": "Korea, why so!",
        "004_8756dc140bfff21d.txt": "No Longer One-sided Beneficiary Of Alliance With US: South Korean National Security Advisor",
    }
    dates = {Path(d["source"]).name: d["published"] for d in data["documents"]}
    assert dates["001_54be32d82c67160f.txt"] == "2024-01-29"
    assert dates["004_8756dc140bfff21d.txt"] == "2024-11-12"
    assert dates["000_dba79bf9b7fa43af.txt"] is None and dates["003_17491c600666659a.txt"] is None


def test_cli_mentions_point_into_clean_text(seed_store, tmp_path):
    data = _export(seed_store[0], tmp_path)
    texts = {d["id"]: d["text"] for d in data["documents"]}
    assert len(data["mentions"]) > 100
    for mention in data["mentions"]:
        assert texts[mention["document_id"]][mention["start"] : mention["end"]] == mention["text"]
    labels = {m["text"]: m["label"] for m in data["mentions"]}
    assert labels.get("NATO") == "ORG"


def test_cli_rerun_stores_nothing_twice(seed_store, examples_dir, tmp_path):
    db, _ = seed_store
    before = _export(db, tmp_path)
    result = _invoke("analyze", str(examples_dir), "--db", str(db), "--no-progress")
    assert result.exit_code == 0
    assert "0 new, 5 already stored" in result.output
    after = _export(db, tmp_path)
    for table in ("documents", "mentions", "skips"):
        assert after[table] == before[table], table


def test_cli_bad_inputs_reported_and_run_goes_on(tmp_path, examples_dir):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    empty = tmp_path / "empty.txt"
    empty.write_text("", "utf-8")
    db = tmp_path / "s.duckdb"
    good = examples_dir / "004_8756dc140bfff21d.txt"
    result = _invoke("analyze", str(bad), str(empty), str(good), str(tmp_path / "missing.html"), "--db", str(db), "--no-progress")
    assert result.exit_code == 0
    lines = [line for line in result.stderr.splitlines() if line.startswith("newsprism: skipped")]
    assert len(lines) == 3
    assert any(str(bad) in line and "binary" in line for line in lines)
    data = _export(db, tmp_path)
    assert len(data["documents"]) == 1
    assert {(Path(s["source"]).name, s["reason"]) for s in data["skips"]} == {
        ("bad.txt", "binary file, not text"), ("empty.txt", "empty file"), ("missing.html", "no such file")
    }  # fmt: skip


def test_cli_nothing_processed_exits_1(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json}\n", "utf-8")
    result = _invoke("analyze", str(bad), "--db", str(tmp_path / "s.duckdb"), "--no-progress")
    assert result.exit_code == 1
    assert f"skipped {bad}#L1: malformed JSON" in result.stderr


@pytest.mark.parametrize("args", [["analyze"], ["analyze", "x.txt", "--workers", "0"], ["export", "--format", "xml", "--out", "x"], ["nope"]])
def test_cli_bad_usage_exits_2(args):
    assert _invoke(*args).exit_code == 2


@pytest.mark.parametrize(
    "command",
    [["analyze"], ["reannotate"], ["export"], ["info"], ["bench"], ["actors"], ["quotes"], ["eval"], ["eval", "quotes"],
     ["eval", "time"], ["eval", "actors"]],
)  # fmt: skip
def test_cli_every_command_has_help_with_example(command):
    result = _invoke(*command, "--help")
    assert result.exit_code == 0 and "Example:" in result.output and f"newsprism {' '.join(command)}" in result.output


def test_cli_actors_lists_surface_forms_and_counts(seed_store):
    result = _invoke("actors", "--db", str(seed_store[0]), "--kind", "person", "--name", "yoon")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("person:yoon-suk-yeol") and "Yoon Suk Yeol" in lines[0]
    assert "Yin Xiyue (" in lines[1] and "Yun (" in lines[1]


def test_cli_quotes_filtered_by_speaker(seed_store):
    result = _invoke("quotes", "--db", str(seed_store[0]), "--speaker", "Kishida", "--kind", "direct")
    assert result.exit_code == 0
    assert result.output.count("[direct] Fumio Kishida") == 2
    assert "I know you are working hard" in result.output


def test_cli_read_commands_on_missing_store_fail_cleanly(tmp_path):
    result = _invoke("actors", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 1 and "[E301]" in result.output


def _many_articles(seed_texts: dict[str, str], path: Path) -> int:
    """Distinct articles made of windows of three seed paragraphs, as JSON Lines."""
    lines = []
    for name, text in seed_texts.items():
        paragraphs = [p for p in text.split("\n\n") if len(p) > 80]
        for i in range(len(paragraphs) - 2):
            lines.append(json.dumps({"text": "\n\n".join(paragraphs[i : i + 3]), "url": f"https://example.org/{name}/{i}"}))
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return len(lines)


def test_cli_killed_run_leaves_consistent_store_and_rerun_completes(tmp_path, seed_texts):
    feed = tmp_path / "feed.jsonl"
    total = _many_articles(seed_texts, feed)
    db = tmp_path / "s.duckdb"
    cmd = [sys.executable, "-m", "newsprism", "analyze", str(feed), "--db", str(db), "--set", "store.batch_docs=4",
           "--batch-size", "4"]  # fmt: skip
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=os.environ | {"COLUMNS": "200"})
    seen = b""
    deadline = time.monotonic() + 120
    while not re.search(rb"new=[1-9]", seen) and time.monotonic() < deadline and proc.poll() is None:
        seen += os.read(proc.stderr.fileno(), 4096)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    con = duckdb.connect(str(db), read_only=True)
    stored = con.execute("SELECT count(*) FROM documents").fetchall()[0][0]
    orphans = con.execute("SELECT count(*) FROM mentions WHERE document_id NOT IN (SELECT id FROM documents)").fetchall()
    no_sentences = con.execute("SELECT count(*) FROM documents WHERE id NOT IN (SELECT document_id FROM sentences)").fetchall()
    con.close()
    assert 4 <= stored < total
    assert orphans[0][0] == 0 and no_sentences[0][0] == 0
    result = _invoke("analyze", str(feed), "--db", str(db), "--no-progress")
    assert result.exit_code == 0
    assert f"{total - stored} new, {stored} already stored" in result.output
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*), count(DISTINCT id) FROM documents").fetchall() == [(total, total)]
    con.close()


def test_cli_two_workers_give_identical_results(seed_export, examples_dir, tmp_path):
    db = tmp_path / "w2.duckdb"
    result = _invoke("analyze", str(examples_dir), "--db", str(db), "--workers", "2", "--no-progress")
    assert result.exit_code == 0
    data = _export(db, tmp_path)

    def key(rows):
        return sorted((m["document_id"], m["start"], m["end"], m["label"], m["actor_id"] or "") for m in rows)

    assert key(data["mentions"]) == key(seed_export["mentions"])
    assert len(data["quotes"]) == len(seed_export["quotes"])


def test_cli_events_filtered_by_actor_and_dates(seed_store):
    result = _invoke("events", "--db", str(seed_store[0]), "--actor", "Stoltenberg", "--from", "2023-01", "--to", "2023-01")
    assert result.exit_code == 0
    assert re.search(r"^2023-01-30 +CONSULT +Jens Stoltenberg -> South Korea", result.output, re.M)


def test_cli_events_of_an_undated_article_on_their_inferred_dates(seed_store):
    # seed 003 has no publication date; the link stage places it in the Madrid summit days
    result = _invoke("events", "--db", str(seed_store[0]), "--from", "2022-06-28", "--to", "2022-06-29")
    assert result.exit_code == 0
    assert re.search(r"^2022-06-29 \(inferred\) +CONSULT +United States, Japan, South Korea -> -", result.output, re.M)
    # a week ("last week" in seed 000, re-anchored) filters as its Monday: 2022-W25 is in June
    june = _invoke("events", "--db", str(seed_store[0]), "--from", "2022-06", "--to", "2022-06")
    assert re.search(r"^2022-W25 \(inferred\) +CONSULT +Yoon Suk Yeol -> North Atlantic Treaty Organization", june.output, re.M)


def test_cli_gdelt_export_has_61_columns(seed_store, tmp_path):
    out = tmp_path / "events.tsv"
    result = _invoke("export", "--db", str(seed_store[0]), "--format", "gdelt", "--out", str(out))
    assert result.exit_code == 0
    rows = [line.split("\t") for line in out.read_text("utf-8").splitlines()]
    assert rows and all(len(row) == 61 for row in rows)
    visits = [r for r in rows if r[1] == "20230130" and r[26] == "042"]
    # Stoltenberg, NATO's Secretary General at the time, is coded by that office (Actor1Code, CountryCode,
    # KnownGroupCode), as CAMEO coders do; Actor2CountryCode is South Korea
    assert visits and visits[0][5] == "IGONAT" and visits[0][7] == "" and visits[0][8] == "NAT"
    assert visits[0][17] == "KOR"


@pytest.mark.issue(5)
def test_cli_reannotate_brings_stale_documents_up_to_date(seed_store, tmp_path):
    import shutil

    db = tmp_path / "upgrade.duckdb"
    shutil.copy(seed_store[0], db)
    before = _export(db, tmp_path)
    con = duckdb.connect(str(db))
    stale = [row[0] for row in con.execute("SELECT id FROM documents ORDER BY id LIMIT 2").fetchall()]
    # as if two documents were annotated by older rules, one of which found no events
    con.execute("UPDATE documents SET annotator = 'newsprism.annotate.spacy.v1+newsprism.actors.rules.v1:old' "
                "WHERE id IN (?, ?)", stale)  # fmt: skip
    con.execute("DELETE FROM events WHERE document_id = ?", [stale[0]])
    con.close()
    result = _invoke("reannotate", "--db", str(db), "--no-progress")
    assert result.exit_code == 0, result.output
    assert "2 annotated again (of 2 stale)" in result.output
    after = _export(db, tmp_path)
    # the stale documents' rows are back as the current rules make them: none lost, none doubled
    for table in ("mentions", "quotes", "timexes", "events", "stances", "disputes"):
        assert sorted(map(json.dumps, after[table])) == sorted(map(json.dumps, before[table])), table
    assert [d["annotator"] for d in after["documents"]] == [d["annotator"] for d in before["documents"]]
    again = _invoke("reannotate", "--db", str(db), "--no-progress")
    assert again.exit_code == 0 and "annotated by the current rules" in again.output and "linked" not in again.output
