"""Accounts of one happening across articles (newsprism.link.accounts), on sentences written for these tests."""

from __future__ import annotations

from newsprism.link.accounts import EventContext, build_accounts, numbers


def ctx(event_id, doc_id, sentence, *, actors=(), durations=(), quotes=(), date=None, outlet=None):
    return EventContext(event_id, doc_id, outlet or doc_id, "2023-07-15", date, sentence, tuple(actors), tuple(durations),
                        tuple(quotes))  # fmt: skip


def test_numbers_keep_the_counted_noun_and_skip_years():
    found = numbers("In 2023, 3,000 troops and five tanks crossed; $2 billion in aid and 12 percent more.")
    assert ("troop", "3000") in found and ("tank", "5") in found and ("usd", "2000000000") in found
    assert not any(unit == "2023" or value == "2023" for unit, value in found)
    assert not any(unit == "percent" for unit, _ in found)


def test_includes_and_omits_compare_each_account_with_the_others():
    contexts = {
        "e1": ctx("e1", "d1", "Modi met Macron; the talks lasted 40 minutes.", actors=("p:modi", "p:macron"),
                  durations=("PT40M",), quotes=(("q1", "p:macron"),)),
        "e2": ctx("e2", "d2", "Modi met Macron and Scholz.", actors=("p:modi", "p:macron", "p:scholz")),
    }  # fmt: skip
    accounts, conflicts = build_accounts([("c1", ["e1", "e2"])], contexts)
    by_doc = {a.doc_id: a for a in accounts}
    assert set(by_doc["d1"].includes) == {"duration:PT40M", "quote:p:macron"}
    assert set(by_doc["d1"].omits) == {"actor:p:scholz"}
    assert set(by_doc["d2"].includes) == {"actor:p:scholz"}
    assert set(by_doc["d2"].omits) == {"duration:PT40M", "quote:p:macron"}
    assert by_doc["d1"].quote_ids == ("q1",)
    assert conflicts == []


def test_different_durations_and_counts_are_conflicts():
    contexts = {
        "e1": ctx("e1", "d1", "The meeting lasted two minutes and 40 soldiers stood guard.", durations=("PT2M",)),
        "e2": ctx("e2", "d2", "The meeting lasted four minutes and 60 soldiers stood guard.", durations=("PT4M",)),
        "e3": ctx("e3", "d3", "The meeting lasted two minutes.", durations=("PT2M",)),
    }
    _, conflicts = build_accounts([("c1", ["e1", "e2", "e3"])], contexts)
    facets = {c.facet: dict(c.values) for c in conflicts}
    assert facets["duration"] == {"PT2M": ("d1", "d3"), "PT4M": ("d2",)}
    assert facets["number:soldier"] == {"40": ("d1",), "60": ("d2",)}


def test_a_single_report_has_nothing_to_include_or_omit():
    accounts, conflicts = build_accounts(
        [("c1", ["e1"])], {"e1": ctx("e1", "d1", "Modi met Macron.", actors=("p:modi",))}
    )
    assert accounts[0].includes == () and accounts[0].omits == () and conflicts == []
