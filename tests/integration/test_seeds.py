"""What the example corpus must show, end to end through the CLI (issues 2, 3 and 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.model


def _doc(export: dict, prefix: str) -> dict:
    return next(d for d in export["documents"] if Path(d["source"]).name.startswith(prefix))


def _actor_of(export: dict, doc_prefix: str, text: str) -> set[str | None]:
    doc_id = _doc(export, doc_prefix)["id"]
    return {m["actor_id"] for m in export["mentions"] if m["document_id"] == doc_id and m["text"] == text}


@pytest.mark.parametrize(
    ("prefix", "boilerplate"),
    [
        ("001", ["Mondo Education Updated on 2024-01-29", "Related Pages"]),
        ("002", ["User Login", "Register Account"]),
        ("003", ["Spread the love", "Leave a Reply", "Your email address will not be published. Required fields are marked *"]),
        ("004", ["image", "6091", "By IANS Updated: Nov 12, 2024 6:57 pm", "Website Design and Website Development by TIS"]),
    ],
)
def test_seeds_boilerplate_removed_and_kept_as_evidence(seed_export, prefix, boilerplate):
    doc = _doc(seed_export, prefix)
    for line in boilerplate:
        assert line not in doc["text"].splitlines()
        assert line in doc["removed_lines"]


def test_seeds_metadata_found_where_stated(seed_export):
    assert (_doc(seed_export, "004")["author"], _doc(seed_export, "004")["outlet"]) == ("IANS", "Eastern Mirror")
    assert (_doc(seed_export, "000")["author"], _doc(seed_export, "000")["outlet"]) == ("Lisabian", "The Epoch Times")
    assert _doc(seed_export, "002")["published"] is None and _doc(seed_export, "002")["author"] is None


@pytest.mark.parametrize(
    ("prefix", "spelling"),
    [("000", "Yoon Sin Shu"), ("000", "Yoon Seok-yul"), ("000", "Yun"), ("001", "Yoon Suk-yeol"),
     ("002", "Yoon Seok-yoon"), ("003", "Yin Xiyue"), ("004", "Yoon")],
)  # fmt: skip
def test_seeds_every_spelling_of_yoon_is_one_actor(seed_export, prefix, spelling):
    assert _actor_of(seed_export, prefix, spelling) == {"person:yoon-suk-yeol"}


@pytest.mark.parametrize(
    ("prefix", "text", "actor"),
    [("003", "Kishida Wenxiong", "person:fumio-kishida"), ("003", "Kishida", "person:fumio-kishida"),
     ("000", "Fumio Kishida", "person:fumio-kishida"), ("001", "Stoltenberg", "person:jens-stoltenberg"),
     ("000", "Stoltenberg", "person:jens-stoltenberg"), ("003", "Biden", "person:joe-biden"),
     ("001", "Austin", "person:lloyd-austin"), ("004", "Shin", "person:shin-won-sik"),
     ("004", "Cho", "person:cho-tae-yul"), ("003", "RADF", "person:rumen-radev"),
     ("003", "radph", "person:rumen-radev"), ("003", "the Bulgarian President", "person:rumen-radev")],
)  # fmt: skip
def test_seeds_named_people_resolve(seed_export, prefix, text, actor):
    assert _actor_of(seed_export, prefix, text) == {actor}


@pytest.mark.parametrize(
    ("opening", "speaker"),
    [("“Freedom and peace are guaranteed", "person:yoon-suk-yeol"),
     ("“As new structures of competition", "person:yoon-suk-yeol"),
     ("“When it comes to trilateral", "person:yoon-suk-yeol"),
     ("“I know you are working hard", "person:fumio-kishida"),
     ("“The war between Russia and Ukraine", "person:shin-won-sik"),
     ("“I am confident that the South Korea-US", "person:cho-tae-yul"),
     ("“The vision of a free and open", "person:cho-tae-yul")],
)  # fmt: skip
def test_seeds_direct_quotes_have_their_speakers(seed_export, opening, speaker):
    found = [q for q in seed_export["quotes"] if q["kind"] == "direct" and q["text"].startswith(opening)]
    assert [q["speaker_id"] for q in found] == [speaker]


@pytest.mark.parametrize("term", ["“value-based”", "“new strategic cooperation partnership”"])
def test_seeds_scare_quotes_are_phrases_not_quotes(seed_export, term):
    kinds = {q["kind"] for q in seed_export["quotes"] if q["text"] == term}
    assert kinds == {"phrase"}


def test_seeds_relative_dates_resolve_against_article_date(seed_export):
    doc_id = _doc(seed_export, "001")["id"]
    values = {t["text"]: t["value"] for t in seed_export["timexes"] if t["document_id"] == doc_id}
    assert values["January 30"] == "2023-01-30"
    undated = _doc(seed_export, "003")["id"]
    assert {t["value"] for t in seed_export["timexes"] if t["document_id"] == undated and t["text"] == "the 28th"} == {None}


def test_seeds_relayed_account_keeps_speaker_and_relayer(seed_export):
    relayed = [q for q in seed_export["quotes"] if q["text"].startswith("“I know you are working hard")]
    assert [(q["speaker_id"], q["relayed_by_id"]) for q in relayed] == [("person:fumio-kishida", "state:KOR")]
