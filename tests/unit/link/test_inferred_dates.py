"""Inferred publication dates of undated articles (newsprism.link.run.infer_dates)."""

from __future__ import annotations

from newsprism.link.events import EventCluster
from newsprism.link.run import infer_dates


def cluster(cid: str, date: str, members: list[tuple[str, int]], support: int = 1) -> EventCluster:
    docs = tuple(dict.fromkeys(d for d, _ in members))
    return EventCluster(
        id=cid, category="CONSULT", event_ids=tuple(f"{cid}-{i}" for i in range(len(members))), doc_ids=docs,
        actor_ids=(), date=date, date_earliest=None, date_latest=None, date_support=support,
        doc_ids_by_event=tuple(d for d, _ in members), positions_by_event=tuple(p for _, p in members),
    )  # fmt: skip


PUBLISHED = {"dated": "2022-07-02", "other": "2023-02-01", "undated": None}


def test_the_lead_happening_dates_the_article_with_a_window_after_it():
    found = infer_dates([cluster("summit", "2022-06", [("dated", 10), ("undated", 50)])], PUBLISHED)
    guess = found["undated"]
    assert (guess.value, guess.earliest, guess.latest, guess.clusters) == (
        "2022-06-30",
        "2022-06-01",
        "2022-07-30",
        ("summit",),
    )


def test_a_stray_old_match_late_in_the_article_does_not_win_over_the_lead():
    clusters = [
        cluster("summit", "2022-06-29", [("dated", 10), ("undated", 40)]),
        cluster("talks", "2022-06-28", [("dated", 200), ("undated", 900)]),
        cluster("visit", "2023-01-30", [("other", 10), ("undated", 700), ("undated", 800)]),
    ]
    assert infer_dates(clusters, PUBLISHED)["undated"].value == "2022-06-29"


def test_own_later_month_dates_win_and_years_alone_do_not_count():
    clusters = [
        cluster("summit", "2022-06", [("dated", 10), ("undated", 50)]),
        cluster("year", "2023", [("other", 1), ("undated", 2)]),
    ]
    assert infer_dates(clusters, PUBLISHED)["undated"].value == "2022-06-30"
    assert infer_dates(clusters, PUBLISHED, {"undated": "2023-07"})["undated"].value == "2023-07-31"


def test_the_year_the_article_suggests_picks_among_its_happenings():
    clusters = [
        cluster("madrid", "2022-06", [("dated", 10), ("undated", 300)]),
        cluster("vilnius", "2023-07", [("other", 10), ("undated", 20), ("undated", 40)]),
    ]
    assert infer_dates(clusters, PUBLISHED)["undated"].value == "2023-07-31"
    assert infer_dates(clusters, PUBLISHED, priors={"undated": "2022"})["undated"].value == "2022-06-30"
    # a year none of its happenings falls in leaves the choice to their support
    assert infer_dates(clusters, PUBLISHED, priors={"undated": "2019"})["undated"].value == "2023-07-31"


def test_dated_articles_and_unsupported_clusters_get_nothing():
    clusters = [cluster("summit", "2022-06", [("dated", 10), ("undated", 50)], support=0)]
    assert infer_dates(clusters, PUBLISHED) == {}
    assert infer_dates([cluster("alone", "2022-06", [("undated", 5), ("undated", 9)])], PUBLISHED) == {}


def test_reanchored_half_of_the_year_dates_the_event_of_its_sentence(tmp_path):
    from newsprism.link.run import InferredDate, _reanchor
    from newsprism.store.duck import Store

    text = "Chile and Peru will sign a fishing pact in the second half of this year."
    with Store(tmp_path / "s.duckdb") as store:
        store.con.execute(
            "INSERT INTO timexes (document_id, start, \"end\", text, type) VALUES ('u', 40, 71, 'the second half of this year', 'DATE')"
        )
        store.con.execute(
            'INSERT INTO events (id, document_id, category, date, date_approximate, start, "end", sentence_start, '
            "sentence_end) VALUES ('e', 'u', 'AGREE', NULL, TRUE, 20, 24, 0, ?)",
            [len(text)],
        )
        guess = InferredDate("u", "2022-06-30", "2022-06-01", "2022-07-30", ("c",))
        assert _reanchor(store, {"u": guess}) == 1
        assert store.con.execute("SELECT value_inferred FROM timexes").fetchall() == [("2022-H2",)]
        assert store.con.execute("SELECT date_inferred FROM events").fetchall() == [("2022",)]


def test_reanchoring_prefers_the_expression_attached_to_the_trigger(tmp_path):
    from newsprism.link.run import InferredDate, _reanchor
    from newsprism.store.duck import Store

    # the trigger "sign" is nearer to "May" than to the expression attached to it
    with Store(tmp_path / "s.duckdb") as store:
        store.con.execute(
            'INSERT INTO timexes (document_id, start, "end", text, type) VALUES '
            "('u', 22, 25, 'May', 'DATE'), ('u', 62, 90, 'the second half of this year', 'DATE')"
        )
        store.con.execute(
            'INSERT INTO events (id, document_id, category, date, date_approximate, start, "end", sentence_start, '
            "sentence_end, timex_start) VALUES ('sign', 'u', 'AGREE', NULL, TRUE, 30, 34, 0, 91, 62), "
            "('joined', 'u', 'COOPERATE', NULL, TRUE, 12, 18, 0, 91, 22)"
        )
        guess = InferredDate("u", "2022-06-30", "2022-06-01", "2022-07-30", ("c",))
        _reanchor(store, {"u": guess})
        dates = dict(store.con.execute("SELECT id, date_inferred FROM events").fetchall())
        assert dates == {"sign": "2022", "joined": "2022-05"}
