"""What the example corpus must show across articles (issues 5 and 6), end to end through the CLI.

These are acceptance checks on the user's own articles; every mechanism they rest on is also
tested on text written for the tests (tests/unit/link, tests/integration/test_linking.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.model


def _doc_id(export: dict, prefix: str) -> str:
    return next(d["id"] for d in export["documents"] if Path(d["source"]).name.startswith(prefix))


def test_seeds_madrid_summit_reports_form_one_event_cluster_and_one_story(seed_export):
    events = {e["id"]: e for e in seed_export["events"]}
    summit = [
        c for c in seed_export["event_clusters"]
        if c["category"] == "CONSULT" and (c["date"] or "").startswith("2022-06") and "igo:NATO" in c["actor_ids"]
    ]  # fmt: skip
    assert len(summit) == 1
    docs = {events[e]["document_id"] for e in summit[0]["event_ids"]}
    assert {_doc_id(seed_export, p) for p in ("000", "002", "003")} <= docs
    stories = {k["cluster_id"] for k in seed_export["links"] if k["kind"] == "story" and k["member_id"] in docs}
    assert len(stories) == 1


@pytest.mark.parametrize("prefix", ["000", "003"])
def test_seeds_undated_reports_of_the_summit_get_a_date_in_june_july_2022(seed_export, prefix):
    inferred = {r["document_id"]: r for r in seed_export["inferred_dates"]}
    guess = inferred[_doc_id(seed_export, prefix)]
    assert "2022-06-01" <= guess["earliest"] <= guess["value"] <= "2022-07-31"


def test_seeds_relative_days_of_the_undated_commentary_land_on_summit_days(seed_export):
    doc = _doc_id(seed_export, "003")
    values = {(t["text"], t["value_inferred"]) for t in seed_export["timexes"] if t["document_id"] == doc}
    assert ("the 28th", "2022-06-28") in values and ("the 29th", "2022-06-29") in values
    trilateral = [
        e for e in seed_export["events"]
        if e["document_id"] == doc and {"state:USA", "state:JPN", "state:KOR"} <= set(e["source_ids"])
        and e["date_inferred"] == "2022-06-29"
    ]  # fmt: skip
    assert trilateral


def test_seeds_july_1_press_conference_and_stoltenberg_visit_dates(seed_export):
    epoch = _doc_id(seed_export, "000")
    assert ("July 1", "2022-07-01") in {
        (t["text"], t["value_inferred"]) for t in seed_export["timexes"] if t["document_id"] == epoch
    }
    visit = [
        e for e in seed_export["events"] if "person:jens-stoltenberg" in e["source_ids"] and e["date"] == "2023-01-30"
    ]
    assert visit and not any(e["date_approximate"] for e in visit)


def test_seeds_outlet_stance_chinese_commentary_negative_epoch_times_positive_on_nato(seed_export):
    stance = {(s["document_id"], s["actor_id"]): s["label"] for s in seed_export["stances"]}
    assert stance[(_doc_id(seed_export, "002"), "igo:NATO")] == "negative"
    assert stance[(_doc_id(seed_export, "000"), "igo:NATO")] == "positive"


def test_seeds_japanese_and_korean_accounts_of_the_yoon_kishida_exchange_are_a_dispute(seed_export):
    doc = _doc_id(seed_export, "003")
    [dispute] = [d for d in seed_export["disputes"] if d["document_id"] == doc]
    assert (dispute["disputer_id"], dispute["disputed_id"]) == ("state:JPN", "state:KOR")
    event = next(e for e in seed_export["events"] if e["id"] == dispute["event_id"])
    assert {"state:JPN", "state:KOR"} <= set(event["source_ids"]) | set(event["target_ids"])
    clustered = {k["member_id"] for k in seed_export["links"] if k["kind"] == "event_cluster"}
    assert dispute["event_id"] in clustered
