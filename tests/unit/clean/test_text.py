# ruff: noqa: RUF001  (real news text: curly quotes and dashes are data)
"""Tests for newsprism.clean.text on the seed scrapes, on hand-written scrapes, and as properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.clean.text import clean_text, filter_boilerplate
from newsprism.model import Cleaned

SEEDS = Path(__file__).resolve().parents[3] / "examples" / "korea-nato"


def _seed(prefix: str) -> tuple[str, Cleaned]:
    raw = next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    return raw, clean_text(raw, source=prefix)


def _paragraphs(cleaned: Cleaned) -> list[str]:
    return cleaned.text.split("\n\n")


# ---------------------------------------------------------------- the seed scrapes

SEED_META = [
    (
        "000",
        "South Korea cooperates and protects “universal value” with NATO: Yoon Sin Shu",
        None,
        None,
        "Lisabian",
        "The Epoch Times",
    ),
    (
        "001",
        "South Korea is faced with a dilemma of NATO co opting the United States and the Asia Pacific region",
        "2024-01-29",
        "Updated on 2024-01-29",
        None,
        None,
    ),
    ("002", "The closer we get to NATO, the further away South Korea is from security", None, None, None, None),
    ("003", "Korea, why so!", None, None, "Sword smile & Dao Dao sister", None),
    (
        "004",
        "No Longer One-sided Beneficiary Of Alliance With US: South Korean National Security Advisor",
        "2024-11-12",
        "Tuesday, November 12, 2024",
        "IANS",
        "Eastern Mirror",
    ),
]

SEED_BOILERPLATE = [
    (
        "000",
        "Lisabian is a Korean-based writer of The Epoch Times, focusing on Korean society, "
        "its culture and international affairs.",
    ),
    ("001", "Mondo Education Updated on 2024-01-29"),
    ("001", "Related Pages"),
    ("002", "User Login"),
    ("002", "Register Account"),
    ("003", "Spread the love"),
    ("003", "Source: wechat official account: Bu Yidao has been authorized to reprint"),
    ("003", "Pen / Sword smile & Dao Dao sister"),
    ("003", "Leave a Reply"),
    ("003", "Your email address will not be published. Required fields are marked *"),
    ("004", "Tuesday, November 12, 2024"),
    ("004", "image"),
    ("004", "World"),
    ("004", "6091"),
    ("004", "By IANS Updated: Nov 12, 2024 6:57 pm"),
    ("004", "By IANS Updated: Nov 12, 2024 6:57:52 pm"),
    ("004", "No longer one-sided beneficiary of alliance with US: South Korean National Security Advisor"),
    ("004", "Trump’s focus on allies’ security aligns with our foreign policy vision: South Korean FM"),
    ("004", "Website Design and Website Development by TIS"),
]

SEED_DISCLAIMERS = [
    ("001", "Disclaimer: The above content information is"),
    ("001", "please contact us to delete it"),
]

SEED_SENTENCES = [
    ("000", "To promote a new global partnership, South Korean President Yoon Seok-yul attended the NATO Summit"),
    ("000", "“Freedom and peace are guaranteed by solidarity with the international community,” Yun said."),
    ("000", "Europe as an alternative to China"),
    ("000", "“Pursuing common values”: Yoon Sin Shu"),
    ("000", "we should pursue common values and follow the rules that everyone should follow.”"),
    ("001", "Recently, South Korea has attracted much attention on the international stage"),
    ("001", "On January 30, NATO Secretary-General Jens Stoltenberg visited Seoul"),
    ("001", "South Korea is expected to play a more important role in the Asia-Pacific region and contribute more"),
    ("002", 'South Korea\'s foreign ministry recently vowed to strengthen "substantive cooperation" with NATO.'),
    ("002", "In June 2022, as the first South Korean president to attend the NATO summit"),
    ("002", "The ROK should stand with the overwhelming majority of countries in the Asia-Pacific region"),
    ("003", "Biden “shook hands without looking at each other”, and there was only 34 minutes"),
    ("003", "Unexpectedly, the Japanese retaliation came on the same day."),
    ("003", "can’t actually talk about anything specific"),
    ("003", "Yin Xiyue’s trip to Madrid is rich in content:"),
    ("003", "Is the so-called “values” a little familiar and harsh."),
    ("003", "Of course, Seoul itself does not think so."),
    ("003", "This is a rather dangerous tendency."),
    ("003", "What will Seoul lose? It is not a difficult account."),
    ("003", "In particular, don’t forget that this year marks the 30th anniversary"),
    ("004", "SEOUL — South Korean National Security Advisor Shin Won-sik said on Tuesday"),
    (
        "004",
        "“The war between Russia and Ukraine is not a distant conflict but a critical issue for South Korea,” he said.",
    ),
    (
        "004",
        "The foreign policy focus of the incoming US administration of President-elect Donald Trump “aligns closely”",
    ),
    ("004", "“Our ministry intends to build on these shared policies to enhance cooperation"),
]


@pytest.mark.parametrize(("prefix", "title", "published", "published_raw", "author", "outlet"), SEED_META)
def test_text_seed_metadata(
    prefix: str, title: str, published: str | None, published_raw: str | None, author: str | None, outlet: str | None
) -> None:
    _, cleaned = _seed(prefix)
    assert (cleaned.title, cleaned.published, cleaned.published_raw) == (title, published, published_raw)
    assert (cleaned.author, cleaned.outlet) == (author, outlet)


@pytest.mark.parametrize(("prefix", "line"), SEED_BOILERPLATE)
def test_text_seed_boilerplate_line_is_removed_and_kept_as_evidence(prefix: str, line: str) -> None:
    _, cleaned = _seed(prefix)
    assert line in cleaned.removed_lines
    assert line not in _paragraphs(cleaned)


@pytest.mark.parametrize(("prefix", "fragment"), SEED_DISCLAIMERS)
def test_text_seed_disclaimer_paragraph_is_removed(prefix: str, fragment: str) -> None:
    _, cleaned = _seed(prefix)
    assert fragment not in cleaned.text
    assert any(fragment in line for line in cleaned.removed_lines)


@pytest.mark.parametrize(("prefix", "sentence"), SEED_SENTENCES)
def test_text_seed_article_sentence_is_kept(prefix: str, sentence: str) -> None:
    _, cleaned = _seed(prefix)
    assert sentence in cleaned.text


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_text_seed_every_line_is_kept_or_recorded(prefix: str) -> None:
    raw, cleaned = _seed(prefix)
    lines = [line for line in raw.splitlines() if line.strip()]
    assert len(_paragraphs(cleaned)) + len(cleaned.removed_lines) == len(lines)
    assert [line for line in lines if line in cleaned.removed_lines] == list(cleaned.removed_lines)


def test_text_seed_second_article_is_kept_without_its_repeated_headlines() -> None:
    _, cleaned = _seed("004")
    paragraphs = _paragraphs(cleaned)
    assert len(paragraphs) == 18
    assert not any(p.startswith(("Trump’s focus", "No longer one-sided")) for p in paragraphs)
    assert (
        cleaned.removed_lines.count(
            "No longer one-sided beneficiary of alliance with US: South Korean National Security Advisor"
        )
        == 3
    )


# ---------------------------------------------------------------- hand-written scrapes

TITLE = "Council votes to expand the northern bus network"
BODY = [
    "The city council voted on Monday to expand the bus network across the northern districts.",
    "“We have waited years for this,” said Maria Lopez, who runs a bakery near the old depot.",
    "What happens next",
    "Officials expect the first new routes to open next spring, pending a final budget review.",
    "Not everyone agrees.",
    "Opponents say the money would be better spent on repairing roads that flood every winter.",
]


def _scrape(header: list[str] | None = None, middle: list[str] | None = None, footer: list[str] | None = None) -> str:
    lines = [TITLE, *(header or []), *BODY[:3], *(middle or []), *BODY[3:], *(footer or [])]
    return "\n\n".join(lines)


def test_text_clean_scrape_keeps_every_paragraph() -> None:
    cleaned = clean_text(_scrape())
    assert _paragraphs(cleaned) == BODY
    assert cleaned.title == TITLE
    assert cleaned.removed_lines == (TITLE,)
    assert (cleaned.published, cleaned.published_raw, cleaned.author, cleaned.outlet) == (None, None, None, None)


def test_text_body_without_title_is_left_alone() -> None:
    cleaned = clean_text("\n".join(BODY))
    assert _paragraphs(cleaned) == BODY
    assert cleaned.title is None
    assert cleaned.removed_lines == ()


FURNITURE = {
    "share bar": ["Share", "Share this article", "Tweet 12", "Facebook Twitter WhatsApp Email"],
    "login": ["Sign in", "User Login", "Create an account to keep reading", "Forgot your password?"],
    "comment prompt": ["Leave a comment", "3 Comments", "Join the conversation", "Log in to comment"],
    "site credit": ["Powered by WordPress", "Designed by Acme Studio", "Photo by Jan Novak/Getty Images"],
    "counter": ["1,204", "12 / 40", "***"],
    "advert": ["Advertisement", "ADVERTISEMENT"],
    "newsletter": ["Sign up for our newsletter", "Subscribe to our newsletter for daily updates"],
    "cookie banner": ["We use cookies to improve your experience on our site"],
    "related link": ["Related: Council delays vote on tram extension", "READ MORE: Bus fares to rise in April"],
    "menu": ["Home | News | Sport | Weather | Culture"],
    "bare link": ["https://example.com/news/buses-123", "#buses #transport"],
    "disclaimer": [
        "Disclaimer: The views expressed in this article are the author's own and not those of this site.",
        "Copyright © 2023 Daily Planet. All rights reserved.",
    ],
    "contact line": ["Follow Jane Doe on Twitter @janedoe", "Write to Jane Doe at jane.doe@example.com"],
}
FURNITURE_CASES = [(kind, line) for kind, lines in FURNITURE.items() for line in lines]


@pytest.mark.parametrize(("kind", "line"), FURNITURE_CASES)
@pytest.mark.parametrize("where", ["header", "middle", "footer"])
def test_text_furniture_is_removed_anywhere(kind: str, line: str, where: str) -> None:
    cleaned = clean_text(_scrape(**{where: [line]}))
    assert line in cleaned.removed_lines, kind
    assert _paragraphs(cleaned) == BODY


def test_text_repeated_headline_inside_body_is_removed() -> None:
    related = "Mayor promises cheaper fares for students and pensioners"
    cleaned = clean_text(_scrape(header=[related], middle=[TITLE.upper(), related]))
    assert _paragraphs(cleaned) == BODY
    assert cleaned.removed_lines.count(related) == 2


def test_text_repeated_sentence_keeps_its_first_copy() -> None:
    cleaned = clean_text(_scrape(middle=[BODY[0]]))
    assert _paragraphs(cleaned) == BODY
    assert cleaned.removed_lines == (TITLE, BODY[0])


def test_text_related_headline_list_at_the_end_is_removed() -> None:
    related = ["You might also like", "Tram extension delayed again", "Why the depot closed in 1998"]
    cleaned = clean_text(_scrape(footer=related))
    assert _paragraphs(cleaned) == BODY
    assert list(cleaned.removed_lines[-3:]) == related


def test_text_short_sentence_at_the_end_is_kept() -> None:
    cleaned = clean_text(_scrape(footer=["Nobody knows.", "Share"]))
    assert _paragraphs(cleaned) == [*BODY, "Nobody knows."]


def test_text_long_sentence_mentioning_a_cue_is_kept() -> None:
    sentence = (
        "The council said residents could click here to comment on the plan, but critics noted that the "
        "online form had been broken for most of the consultation period and that few people had used it."
    )
    cleaned = clean_text(_scrape(middle=[sentence]))
    assert sentence in _paragraphs(cleaned)


@pytest.mark.parametrize(
    ("header", "published", "published_raw"),
    [
        ("Updated on 2024-01-29", "2024-01-29", "Updated on 2024-01-29"),
        ("Tuesday, November 12, 2024", "2024-11-12", "Tuesday, November 12, 2024"),
        ("Published Nov 12, 2024 6:57 pm", "2024-11-12", "Published Nov 12, 2024 6:57 pm"),
        ("12 November 2024", "2024-11-12", "12 November 2024"),
        ("2024/11/12", "2024-11-12", "2024/11/12"),
        ("2019-11-19T08:00:00Z", "2019-11-19", "2019-11-19T08:00:00Z"),
        ("Daily Planet | November 12th, 2024", "2024-11-12", "November 12th, 2024"),
    ],
)
def test_text_date_line_in_header_gives_the_date(header: str, published: str, published_raw: str) -> None:
    cleaned = clean_text(_scrape(header=[header]))
    assert (cleaned.published, cleaned.published_raw) == (published, published_raw)
    assert header in cleaned.removed_lines
    assert _paragraphs(cleaned) == BODY


def test_text_date_in_footer_byline_gives_the_date() -> None:
    cleaned = clean_text(_scrape(footer=["By Jane Doe | Posted 3 March 2021"]))
    assert (cleaned.published, cleaned.author) == ("2021-03-03", "Jane Doe")


@pytest.mark.parametrize(
    "sentence",
    [
        "In June 2022, the council first discussed the plan with residents of the northern districts.",
        "The council will meet again on July 1 to discuss the timetable.",
        "On 12 March 2024, the council approved an earlier version of the same plan.",
    ],
)
def test_text_date_inside_an_article_sentence_is_not_the_publication_date(sentence: str) -> None:
    cleaned = clean_text(_scrape(middle=[sentence]))
    assert cleaned.published is None
    assert sentence in _paragraphs(cleaned)


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("By Jane Doe and John Roe | Daily Planet", "Jane Doe and John Roe"),
        ("Written by Li Wei", "Li Wei"),
        ("Author: Amara Okafor", "Amara Okafor"),
        ("Text / Morning Breeze", "Morning Breeze"),
        ("By REUTERS Updated: March 3, 2021 9:15 am", "REUTERS"),
    ],
)
def test_text_byline_gives_the_author(byline: str, author: str) -> None:
    cleaned = clean_text(_scrape(header=[byline]))
    assert cleaned.author == author
    assert byline in cleaned.removed_lines


def test_text_author_bio_in_footer_gives_author_and_outlet() -> None:
    bio = "Jane Doe is a Nairobi-based reporter for The Daily Planet, covering transport and cities."
    cleaned = clean_text(_scrape(footer=[bio]))
    assert (cleaned.author, cleaned.outlet) == ("Jane Doe", "The Daily Planet")
    assert bio in cleaned.removed_lines


def test_text_bio_like_sentence_inside_body_is_kept() -> None:
    sentence = "Maria Lopez is a baker who has sold bread near the depot for twenty years."
    cleaned = clean_text(_scrape(middle=[sentence]))
    assert sentence in _paragraphs(cleaned)
    assert cleaned.author is None


@pytest.mark.parametrize(
    ("title_line", "title", "outlet"),
    [
        (f"{TITLE} - Daily Planet", TITLE, "Daily Planet"),
        (f"{TITLE} | Northern Courier", TITLE, "Northern Courier"),
        ("Syria talks to resume next week - Pompeo", "Syria talks to resume next week - Pompeo", None),
    ],
)
def test_text_title_suffix_names_the_outlet_only_with_evidence(title_line: str, title: str, outlet: str | None) -> None:
    cleaned = clean_text("\n\n".join([title_line, *BODY]))
    assert (cleaned.title, cleaned.outlet) == (title, outlet)


def test_filter_boilerplate_uses_the_given_title() -> None:
    lines = [BODY[0], TITLE, BODY[1], "Share", BODY[3]]
    kept, removed = filter_boilerplate(lines, title=TITLE)
    assert kept == [BODY[0], BODY[1], BODY[3]]
    assert removed == [TITLE, "Share"]


# ---------------------------------------------------------------- properties

_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9)
_SENTENCE = st.lists(_WORD, min_size=4, max_size=18).map(lambda ws: " ".join(ws).capitalize() + ".")
_PARAGRAPH = st.lists(_SENTENCE, min_size=1, max_size=3).map(" ".join)
_HEADLINE = st.lists(_WORD, min_size=3, max_size=10).map(lambda ws: " ".join(w.capitalize() for w in ws))
_FURNITURE = st.sampled_from([line for lines in FURNITURE.values() for line in lines] + ["World", "image", "6091"])
_SCRAPE = st.tuples(
    _HEADLINE,
    st.lists(_FURNITURE, max_size=3),
    st.lists(st.one_of(_PARAGRAPH, _PARAGRAPH, _FURNITURE, _HEADLINE), min_size=1, max_size=8),
    st.lists(_FURNITURE, max_size=3),
).map(lambda parts: "\n".join([parts[0], *parts[1], *parts[2], *parts[3]]))


@settings(max_examples=100, deadline=None)
@given(_SCRAPE)
def test_text_is_idempotent_on_its_own_output(raw: str) -> None:
    once = clean_text(raw)
    twice = clean_text(once.text)
    assert twice.text == once.text
    assert twice.removed_lines == ()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60), max_size=12))
def test_text_is_idempotent_on_arbitrary_text(lines: list[str]) -> None:
    once = clean_text("\n".join(lines))
    assert clean_text(once.text).text == once.text


@settings(max_examples=100, deadline=None)
@given(_SCRAPE, st.sampled_from(["In June 2022, ", "On July 1 ", "Since March, ", ""]))
def test_text_never_invents_a_date(raw: str, partial: str) -> None:
    cleaned = clean_text(partial + raw)
    assert cleaned.published is None
    assert cleaned.published_raw is None


@pytest.mark.parametrize(
    "headline",
    ["Will the Council Finally Fix the Buses?", "Is the northern bus plan worth its price?"],
)
def test_text_question_headline_is_the_title(headline: str) -> None:
    cleaned = clean_text("\n\n".join([headline, "Share", *BODY]))
    assert cleaned.title == headline
    assert _paragraphs(cleaned) == BODY


def test_text_opening_question_paragraph_is_kept() -> None:
    opening = "Why did the council change its mind after ten years?"
    cleaned = clean_text("\n\n".join([opening, *BODY]))
    assert cleaned.title is None
    assert _paragraphs(cleaned) == [opening, *BODY]
