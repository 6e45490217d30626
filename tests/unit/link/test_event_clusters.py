"""Event clusters across articles (newsprism.link.events), on sentences written for these tests."""

from __future__ import annotations

from newsprism.link.events import EventItem, cluster_events, interval, merge_dates, sentence_words


def item(i: str, doc: str, sentence: str, *, category: str = "CONSULT", actors=("person:a", "state:FRA"),
         countries=("IND", "FRA"), date: str | None = None, approximate: bool = False, context=(), prior=None):  # fmt: skip
    return EventItem(
        i, doc, category, tuple(actors), tuple(countries), date, approximate, tuple(context), sentence, 0, prior
    )


PARIS = "Modi met Macron in Paris on Tuesday for talks on the Rafale fighter deal and the Indian Ocean."


def members(clusters):
    return sorted(sorted(c.event_ids) for c in clusters)


def test_two_dated_reports_of_one_meeting_form_one_cluster_with_their_date():
    clusters = cluster_events([
        item("e1", "d1", PARIS, date="2023-07-14"),
        item("e2", "d2", "Indian Prime Minister Modi held talks with Macron at the Elysee.", date="2023-07-14"),
    ])  # fmt: skip
    assert members(clusters) == [["e1", "e2"]]
    assert clusters[0].date == "2023-07-14" and clusters[0].date_support == 2


def test_reports_months_apart_are_different_happenings():
    clusters = cluster_events([item("e1", "d1", PARIS, date="2023-07-14"), item("e2", "d2", PARIS, date="2023-11-02")])
    assert members(clusters) == [["e1"], ["e2"]]


def test_a_different_category_is_a_different_happening():
    clusters = cluster_events([
        item("e1", "d1", PARIS, date="2023-07-14"),
        item("e2", "d2", "Modi and Macron signed the Rafale deal in Paris.", category="AGREE", date="2023-07-14"),
    ])  # fmt: skip
    assert members(clusters) == [["e1"], ["e2"]]


def test_different_participants_are_different_happenings():
    clusters = cluster_events([
        item("e1", "d1", PARIS, date="2023-07-14"),
        item("e2", "d2", "Scholz met Sunak in Berlin.", actors=("person:b", "state:GBR"), countries=("DEU", "GBR"),
             date="2023-07-14"),
    ])  # fmt: skip
    assert members(clusters) == [["e1"], ["e2"]]


def test_a_person_matches_their_state_at_half_weight():
    clusters = cluster_events([
        item("e1", "d1", PARIS, actors=("person:modi", "person:macron"), date="2023-07-14"),
        item("e2", "d2", "India and France held talks in Paris on the Rafale deal.", actors=("state:IND", "state:FRA"),
             date="2023-07-14"),
    ])  # fmt: skip
    assert members(clusters) == [["e1", "e2"]]


def test_an_undated_report_joins_by_shared_rare_words_but_not_by_actors_alone():
    dated = item("e1", "d1", PARIS, date="2023-07-14")
    same = item("e2", "d3", "The Paris talks between Modi and Macron on the Rafale deal ran late.")
    other = item("e3", "d4", "Macron spoke with Modi by telephone about climate finance.")
    clusters = cluster_events([dated, same, other])
    assert members(clusters) == [["e1", "e2"], ["e3"]]


def test_an_undated_report_outside_its_articles_year_does_not_join():
    dated = item("e1", "d1", PARIS, date="2023-07-14")
    late = item("e2", "d3", "The Paris talks between Modi and Macron on the Rafale deal ran late.", prior="2026")
    assert members(cluster_events([dated, late])) == [["e1"], ["e2"]]


def test_an_approximate_date_must_come_after_the_happening_within_weeks():
    dated = item("e1", "d1", PARIS, date="2023-07-14")
    soon = item("e2", "d2", PARIS, date="2023-07-20", approximate=True)
    long_after = item("e3", "d3", PARIS, date="2023-12-20", approximate=True)
    assert members(cluster_events([dated, soon, long_after])) == [["e1", "e2"], ["e3"]]


def test_negated_hypothetical_and_future_events_are_not_clustered():
    clusters = cluster_events([
        item("e1", "d1", PARIS, date="2023-07-14"),
        item("e2", "d2", PARIS, date="2023-07-14", context=("negated",)),
        item("e3", "d3", PARIS, date="2023-07-14", context=("future",)),
    ])  # fmt: skip
    assert members(clusters) == [["e1"]]


def test_a_year_alone_does_not_set_the_clusters_date():
    clusters = cluster_events([
        item("e1", "d1", PARIS, date="2023-07-14"),
        item("e2", "d2", "Modi and Macron held talks in Paris in 2023 on the Rafale fighter deal.", date="2023"),
    ])  # fmt: skip
    assert members(clusters) == [["e1", "e2"]]
    assert clusters[0].date == "2023-07-14" and clusters[0].date_earliest == "2023-07-14"


def test_merged_date_prefers_the_day_most_reports_support():
    value, support, conflicts = merge_dates([("d1", "2022-06"), ("d2", "2022-06-29"), ("d3", "2022-06-29")])
    assert (value, support, conflicts) == ("2022-06-29", 3, ())


def test_days_far_apart_from_different_reports_are_a_conflict():
    value, support, conflicts = merge_dates([("d1", "2022-06-26"), ("d2", "2022-06-29")])
    assert value == "2022-06-26" and support == 1
    assert conflicts == (("2022-06-26", ("d1",)), ("2022-06-29", ("d2",)))


def test_adjacent_days_are_not_a_conflict():
    assert merge_dates([("d1", "2022-06-28"), ("d2", "2022-06-29")])[2] == ()


def test_intervals_and_words():
    assert interval("2022-06") == (interval("2022-06-01")[0], interval("2022-06-30")[0])
    assert interval("2024") is not None and interval("soon") is None and interval("2022-13") is None
    assert sentence_words("They attended; the attendance was high") >= {"attend", "high"}


def test_the_result_does_not_depend_on_input_order():
    items = [
        item("e1", "d1", PARIS, date="2023-07-14"),
        item("e2", "d2", "Modi held talks with Macron in Paris.", date="2023-07-14"),
        item("e3", "d3", "The Paris talks between Modi and Macron on the Rafale deal ran late."),
    ]
    assert members(cluster_events(items)) == members(cluster_events(list(reversed(items))))


def test_reports_dated_only_by_their_articles_must_be_published_within_days():
    near = [
        item("e1", "d1", PARIS, date="2023-07-15", approximate=True),
        item("e2", "d2", PARIS, date="2023-07-18", approximate=True),
        item("e3", "d3", PARIS, date="2023-08-20", approximate=True),
    ]
    assert members(cluster_events(near)) == [["e1", "e2"], ["e3"]]


def test_an_event_in_another_year_does_not_join_a_cluster_of_later_reports():
    reports = [
        item("e1", "d1", PARIS, date="2023-07-15", approximate=True),
        item("e2", "d2", "Modi met Macron in Paris in 2019 for talks on the Rafale fighter deal.", date="2019"),
    ]
    assert members(cluster_events(reports)) == [["e1"], ["e2"]]


def test_a_single_shared_actor_is_not_enough_without_words():
    clusters = cluster_events([
        item("e1", "d1", "Congress passed the budget.", actors=("org:congress",), countries=(), date="2023-07-14"),
        item("e2", "d2", "Congress debated immigration rules.", actors=("org:congress",), countries=(),
             date="2023-07-16", approximate=True),
    ])  # fmt: skip
    assert members(clusters) == [["e1"], ["e2"]]
