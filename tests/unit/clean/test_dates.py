"""Tests for newsprism.clean.dates: full dates only, datelines only, never a guess."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsprism.clean.dates import find_date, normalize_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Updated on 2024-01-29", "2024-01-29"),
        ("Tuesday, November 12, 2024", "2024-11-12"),
        ("Nov 12, 2024 6:57 pm", "2024-11-12"),
        ("Nov. 12, 2024, 6:57:52 p.m. EST", "2024-11-12"),
        ("12 November 2024", "2024-11-12"),
        ("the 3rd of March, 2021", "2021-03-03"),
        ("2024/11/12", "2024-11-12"),
        ("2024.11.12", "2024-11-12"),
        ("2019-11-19T08:00:00Z", "2019-11-19"),
        ("2019-11-19T23:30:00-05:00", "2019-11-19"),
        ("November 12th, 2024", "2024-11-12"),
        ("Sept. 3, 2019", "2019-09-03"),
        ("Tue, 12 Nov 2024 18:57:00 +0000", "2024-11-12"),
        ("2024年11月12日", "2024-11-12"),
        ("20241112", "2024-11-12"),
        ("13/04/2024", "2024-04-13"),
        ("04/13/2024", "2024-04-13"),
        ("05.05.2024", "2024-05-05"),
    ],
)
def test_normalize_date_reads_full_dates(value: str, expected: str) -> None:
    assert normalize_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "June 2022",
        "on July 1",
        "2024-11",
        "03/04/2024",  # day and month cannot be told apart
        "Feb 30, 2024",  # no such day
        "2024-13-01",
        "yesterday",
        "2 hours ago",
        "",
        "In 2023 the two sides signed the plan",
        "1.2.3.2024",
    ],
)
def test_normalize_date_gives_none_without_a_full_date(value: str) -> None:
    assert normalize_date(value) is None


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Mondo Education Updated on 2024-01-29"], ("2024-01-29", "Updated on 2024-01-29")),
        (["By IANS Updated: Nov 12, 2024 6:57 pm"], ("2024-11-12", "Updated: Nov 12, 2024 6:57 pm")),
        (["Tuesday, November 12, 2024"], ("2024-11-12", "Tuesday, November 12, 2024")),
        (["Posted by Jane Doe on March 3, 2021"], ("2021-03-03", "March 3, 2021")),
        (["Published: 12 November 2024 | Updated: 13 November 2024"], ("2024-11-12", "Published: 12 November 2024")),
        (["SEOUL, Nov. 12, 2024 (Reuters) - South Korea said it would act."], ("2024-11-12", "Nov. 12, 2024")),
    ],
)
def test_find_date_reads_dateline_lines(lines: list[str], expected: tuple[str, str]) -> None:
    assert find_date(lines) == expected


def test_find_date_prefers_published_over_updated() -> None:
    lines = ["Updated 13 Nov 2024", "Published 12 Nov 2024"]
    assert find_date(lines) == ("2024-11-12", "Published 12 Nov 2024")


@pytest.mark.parametrize(
    "line",
    [
        "On January 30, 2024, NATO Secretary-General Jens Stoltenberg visited Seoul and held talks.",
        "In June 2022, as the first South Korean president to attend the NATO summit, he proposed a plan.",
        "At a press conference on July 1, Yun reiterated the importance of the approach.",
        "The treaty, signed on 12 November 2024 in Moscow, includes a mutual assistance clause.",
        "June 2022",
    ],
)
def test_find_date_ignores_dates_inside_sentences(line: str) -> None:
    assert find_date([line]) is None


@given(st.text(alphabet=st.characters(exclude_categories=("Nd", "No", "Nl", "Cs"))))
def test_normalize_date_never_invents_a_date_from_text_without_digits(value: str) -> None:
    assert normalize_date(value) is None
    assert find_date([value]) is None
