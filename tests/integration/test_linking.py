"""The link stage end to end on articles written for these tests (tests/fixtures/linking):
two dated reports and one undated report of the same meeting, with different durations."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from newsprism.cli import cli

pytestmark = pytest.mark.model

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "linking"


def _invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def linked(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("linking") / "l.duckdb"
    result = _invoke("analyze", str(FIXTURE), "--db", str(db), "--no-progress")
    assert result.exit_code == 0, result.output
    return db


def _rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def _doc(db: Path, outlet: str) -> str:
    return _rows(db, f"SELECT id FROM documents WHERE outlet = '{outlet}'")[0][0]


def test_the_three_reports_of_the_meeting_form_one_cluster_with_the_stated_date(linked):
    clusters = _rows(linked, "SELECT category, date, date_support, documents FROM event_clusters")
    assert ("CONSULT", "2023-07-14", 2, 3) in clusters
    members = _rows(linked, "SELECT count(DISTINCT member_id) FROM links WHERE kind = 'event_cluster'")[0][0]
    assert members >= 3


def test_the_undated_report_gets_an_inferred_date_and_its_28th_style_dates_resolve(linked):
    undated = _doc(linked, "Region Wire")
    assert _rows(linked, f"SELECT value, earliest, latest FROM inferred_dates WHERE document_id = '{undated}'") == [
        ("2023-07-14", "2023-07-14", "2023-08-13")
    ]
    assert _rows(linked, f"SELECT value, value_inferred FROM timexes WHERE document_id = '{undated}'") == [
        (None, "2023-07-14")
    ]
    dated = _rows(linked, "SELECT count(*) FROM inferred_dates WHERE document_id <> '" + undated + "'")[0][0]
    assert dated == 0


def test_different_durations_of_the_same_talks_are_a_conflict(linked):
    conflicts = _rows(linked, "SELECT facet, value FROM conflicts ORDER BY value")
    assert conflicts == [("duration", "PT45M"), ("duration", "PT90M")]


def test_accounts_say_what_each_report_includes_and_omits(linked):
    rows = {
        outlet: (includes, omits)
        for outlet, includes, omits in _rows(linked, "SELECT outlet, includes, omits FROM accounts")
    }
    assert set(rows) == {"Delhi Daily", "Paris Observer", "Region Wire"}
    assert "duration:PT90M" in rows["Delhi Daily"][0] and "duration:PT90M" in rows["Paris Observer"][1]


def test_one_story_and_stances_per_article(linked):
    assert _rows(linked, "SELECT documents, outlets FROM stories") == [(3, 3)]
    actors = {a for (a,) in _rows(linked, "SELECT DISTINCT actor_id FROM stances")}
    assert {"person:narendra-modi", "person:emmanuel-macron-fra"} <= actors
    assert all(-1 <= s <= 1 for (s,) in _rows(linked, "SELECT score FROM stances"))


def test_compare_shows_every_outlets_account_and_the_conflict(linked):
    result = _invoke("compare", "ec:", "--db", str(linked))
    assert result.exit_code == 0, result.output
    for outlet in ("Delhi Daily", "Paris Observer", "Region Wire"):
        assert f"== {outlet}" in result.output
    assert "inferred 2023-07-14" in result.output
    assert "duration: PT45M (1 articles) vs PT90M (1 articles)" in result.output
    story = _invoke("compare", "story:", "--db", str(linked))
    assert story.exit_code == 0 and "Delhi Daily 2023-07-15" in story.output


def test_compare_of_an_unknown_id_is_one_clear_error(linked):
    result = CliRunner().invoke(cli, ["compare", "ec:nothing", "--db", str(linked)])
    assert result.exit_code != 0
    assert "[E330]" in result.output and "ec:nothing" in result.output


def test_outlets_matrix_has_a_row_per_outlet(linked):
    result = _invoke("outlets", "--db", str(linked), "--actor", "Macron", "--min-evidence", "1")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Emmanuel Macron" in lines[0]
    assert sum(1 for line in lines if line.startswith(("Delhi Daily", "Paris Observer", "Region Wire"))) == 3


def test_relinking_is_idempotent_and_rebuild_gives_the_same_clusters(linked, tmp_path):
    before = _rows(linked, "SELECT * FROM event_clusters ORDER BY id")
    stories = _rows(linked, "SELECT kind, cluster_id, member_id FROM links WHERE kind = 'story' ORDER BY ALL")
    assert _invoke("link", "--db", str(linked)).exit_code == 0
    assert _rows(linked, "SELECT * FROM event_clusters ORDER BY id") == before
    assert _invoke("link", "--db", str(linked), "--rebuild").exit_code == 0
    assert _rows(linked, "SELECT * FROM event_clusters ORDER BY id") == before
    assert _rows(linked, "SELECT kind, cluster_id, member_id FROM links WHERE kind = 'story' ORDER BY ALL") == stories


def test_export_carries_the_cross_article_tables(linked, tmp_path):
    out = tmp_path / "e.json"
    assert _invoke("export", "--db", str(linked), "--format", "json", "--out", str(out)).exit_code == 0
    data = json.loads(out.read_text("utf-8"))
    [cluster] = [c for c in data["event_clusters"] if c["documents"] == 3]
    assert cluster["date"] == "2023-07-14" and len(cluster["event_ids"]) == cluster["events"]
    assert {s["label"] for s in data["stances"]} <= {"negative", "neutral", "positive"}
    assert data["inferred_dates"][0]["value"] == "2023-07-14"


def test_labels_show_the_words_an_outlet_uses_of_an_actor(linked):
    result = _invoke("labels", "India", "--db", str(linked))
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.output.splitlines() if "Delhi Daily" in line]
    assert "friend + x1" in line


def test_a_contested_account_is_a_dispute_attached_to_the_happening(linked):
    rows = _rows(
        linked,
        "SELECT p.kind, p.disputer_id, p.disputed_id, l.cluster_id FROM disputes p "
        "JOIN links l ON l.member_id = p.event_id AND l.kind = 'event_cluster'",
    )
    assert [r[:3] for r in rows] == [("contradiction", "state:FRA", "state:IND")]
    result = _invoke("compare", rows[0][3], "--db", str(linked))
    assert "France disputes India" in result.output
    assert 'contested: "the meeting was warm and productive"' in result.output
