"""Reprint detection: MinHash + LSH near-duplicates, earliest-published as the original."""

from __future__ import annotations

import pickle

import pytest

from newsprism.link.reprints import (
    ArticleSketch,
    ReprintOptions,
    estimate_jaccard,
    find_reprints,
    find_reprints_with_stats,
    minhash,
    reprint_links,
)

WIRE = (
    "GENEVA, March 3 - Delegations from the two governments agreed on Tuesday to extend the ceasefire along the "
    "northern border for another ninety days, a spokesperson for the mediation team said after talks that ran late "
    "into the night. The agreement covers the withdrawal of heavy artillery to positions at least twenty kilometres "
    "from the line of contact, the exchange of prisoners held since the autumn and the reopening of two crossing "
    "points for humanitarian convoys. Observers from the regional security organisation will verify the withdrawal, "
    "and a joint commission is due to meet every two weeks to hear complaints of violations. Neither delegation "
    "answered questions from reporters as they left the building, but the chief mediator told a briefing that the "
    "atmosphere had been constructive and that both sides had made concessions on the sequencing of the pullback. "
    "Aid agencies welcomed the deal, saying that more than forty thousand people in the border villages had been "
    "without regular deliveries of food and medicine since the crossings were closed in the summer."
)

UNRELATED = (
    "The city council approved a new budget for public libraries on Monday evening, adding late opening hours on "
    "weekdays and a mobile lending van that will visit outlying neighbourhoods twice a month. Librarians had asked "
    "for the extra funding for three years, pointing to long queues for computer terminals and a growing waiting "
    "list for language classes. The plan also pays for roof repairs at the central branch, which closed for a week "
    "last winter after heavy rain damaged part of the children's collection."
)


def _edited(text: str) -> str:
    return text.replace("Tuesday", "Wednesday").replace("ninety", "90").replace("said after", "said following")


@pytest.fixture
def wire_reprints() -> list[ArticleSketch]:
    return [
        ArticleSketch("b-daily", "Daily Tribune", "2023-03-04", "By Staff Writers\n" + _edited(WIRE)),
        ArticleSketch("a-wire", "Newswire", "2023-03-03", WIRE),
        ArticleSketch("c-post", "Evening Post", "2023-03-05", WIRE[: int(len(WIRE) * 0.8)] + " Copyright 2023."),
        ArticleSketch("d-herald", "City Herald", "2023-03-03", UNRELATED),
    ]


def test_reprints_wire_story_is_one_group_with_earliest_original(wire_reprints: list[ArticleSketch]) -> None:
    groups = find_reprints(wire_reprints)
    assert len(groups) == 1
    assert groups[0].original_id == "a-wire"
    assert groups[0].member_ids == ("a-wire", "b-daily", "c-post")
    assert groups[0].similarity >= 0.5


def test_reprints_unrelated_texts_are_not_grouped() -> None:
    sketches = [ArticleSketch("x", None, None, WIRE), ArticleSketch("y", None, None, UNRELATED)]
    assert find_reprints(sketches) == []


def test_reprints_same_date_tie_broken_by_id() -> None:
    sketches = [ArticleSketch("zz", "B", "2023-03-03", WIRE), ArticleSketch("aa", "A", "2023-03-03", _edited(WIRE))]
    assert find_reprints(sketches)[0].original_id == "aa"


def test_reprints_undated_copy_is_never_the_original() -> None:
    sketches = [ArticleSketch("aa", "A", None, WIRE), ArticleSketch("zz", "B", "2024-01-01", _edited(WIRE))]
    assert find_reprints(sketches)[0].original_id == "zz"


def test_reprints_input_order_does_not_matter(wire_reprints: list[ArticleSketch]) -> None:
    assert find_reprints(wire_reprints) == find_reprints(list(reversed(wire_reprints)))


def test_reprints_minhash_is_deterministic_and_estimates_jaccard() -> None:
    first, second = minhash(WIRE), minhash(WIRE)
    assert first is not None and second is not None
    assert (first == second).all()
    other = minhash(UNRELATED)
    assert other is not None
    assert estimate_jaccard(first, other) < 0.1


def test_reprints_empty_text_is_ignored() -> None:
    assert minhash("  ... ") is None
    assert find_reprints([ArticleSketch("a", None, None, ""), ArticleSketch("b", None, None, "")]) == []


def test_reprints_exact_copies_flood_is_linear() -> None:
    sketches = [ArticleSketch(f"id{i:03d}", None, None, WIRE) for i in range(200)]
    groups, stats = find_reprints_with_stats(sketches, options=ReprintOptions())
    assert len(groups) == 1 and len(groups[0].member_ids) == 200
    assert stats.comparisons < 2 * 200


def test_reprints_groups_pickle(wire_reprints: list[ArticleSketch]) -> None:
    groups = find_reprints(wire_reprints)
    assert pickle.loads(pickle.dumps(groups)) == groups


def test_reprints_links_rows_mark_the_original(wire_reprints: list[ArticleSketch]) -> None:
    rows = reprint_links(find_reprints(wire_reprints))
    assert [row[:4] for row in rows] == [
        ("reprint", "a-wire", "a-wire", "original"),
        ("reprint", "a-wire", "b-daily", "reprint"),
        ("reprint", "a-wire", "c-post", "reprint"),
    ]
