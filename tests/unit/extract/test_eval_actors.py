"""The actor evaluation harness, and a floor on its development figures (docs/evaluation.md)."""

from __future__ import annotations

import pytest

from newsprism.errors import ParseError
from newsprism.evaluate.actors import evaluate_actors, query_date, read_gold

pytestmark = pytest.mark.model


@pytest.mark.parametrize(("raw", "iso"), [("today", "2023-06-01"), ("", "2023-06-01"), ("10 May 2015", "2015-05-10"),
                                          ("2022-03-01", "2022-03-01")])  # fmt: skip
def test_eval_actors_query_dates(raw, iso):
    assert query_date(raw) == iso


def test_eval_actors_bad_gold_is_a_clear_error(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"function": "search_nat"}\n{oops\n', "utf-8")
    with pytest.raises(ParseError, match=r"gold.jsonl:1 lacks .input."):
        read_gold(path)


def test_eval_actors_dev_figures_hold(shared_dir):
    result = evaluate_actors(shared_dir / "eval" / "actor-resolution" / "dev.jsonl")
    accuracy = {name: ok / n for name, (ok, n) in result.fields.items()}
    assert accuracy["country"] >= 0.6
    assert accuracy["code_1"] >= 0.5
    ok, n = result.by_kind["person"]
    assert ok / n >= 0.8
