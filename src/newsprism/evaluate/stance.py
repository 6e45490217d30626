"""Score target-dependent stance on NewsMTSC-format gold, beside a lexicon baseline.

Gold is any JSON Lines file in the format of ``../shared/eval/newsmtsc/``: one sentence a
line with ``sentence`` and ``targets[{start, end, polarity}]``; each target is one instance.
The metric is NewsMTSC's: macro-F1 over the three classes (F1m); accuracy and per-class
precision, recall and F1 come beside it.

Baseline: the polar-word lexicon derived from the training data (shipped inside the model),
summed over the whole sentence with a negator flipping the next words; ``negative`` below
-:data:`BASELINE_MARGIN`, ``positive`` above it, else ``neutral``.  It ignores the target,
so it shows what the target-dependent features add.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsprism.evaluate.gold import read_gold_jsonl
from newsprism.extract.stance import (
    EXTRACTOR,
    LABELS,
    StanceModel,
    _negation_marks,
    _score_tokens,
    load_stance_model,
    tokenize,
)

PUBLISHED = {"dev_rw": 83.1, "dev_mt": 82.5}  # GRU-TSC + RoBERTa, Hamborg & Donnay 2021, F1m on test-rw / test-mt
PUBLISHED_SYSTEM = "GRU-TSC (RoBERTa), published"
BASELINE = "derived lexicon, whole sentence"
BASELINE_MARGIN = 0.25


@dataclass(frozen=True, slots=True)
class ClassScores:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True, slots=True)
class Scores:
    """One system on one gold file (percentages)."""

    system: str
    macro_f1: float
    accuracy: float
    classes: tuple[ClassScores, ...]


@dataclass(frozen=True, slots=True)
class StanceEvalResult:
    gold_file: str
    targets: int
    model: Scores
    baseline: Scores
    published: float | None
    versions: dict[str, str]


def read_gold(path: Path, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Sentences of a NewsMTSC-format JSON Lines file (``limit`` first ones)."""
    return read_gold_jsonl(path, required=("sentence", "targets"), limit=limit, readme="../shared/eval/newsmtsc/README.md")


def class_scores(gold: Sequence[int], predicted: Sequence[int]) -> tuple[ClassScores, ...]:
    """Precision, recall, F1 and support per class (label indexes into :data:`LABELS`)."""
    out = []
    for c, label in enumerate(LABELS):
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == c and p == c)
        n_pred = sum(1 for p in predicted if p == c)
        n_gold = sum(1 for g in gold if g == c)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out.append(ClassScores(label, precision, recall, f1, n_gold))
    return tuple(out)


def macro_f1(gold: Sequence[int], predicted: Sequence[int]) -> float:
    """Mean F1 over the three classes (a fraction)."""
    return sum(c.f1 for c in class_scores(gold, predicted)) / len(LABELS)


def baseline_label(model: StanceModel, sentence: str) -> int:
    """The lexicon baseline: sign of the sentence's summed polarity, target ignored."""
    words = [w for w, _, _ in tokenize(sentence)]
    negated = _negation_marks(words)
    total = sum(-model.lexicon.get(w, 0.0) if neg else model.lexicon.get(w, 0.0) for w, neg in zip(words, negated, strict=True))
    if total < -BASELINE_MARGIN:
        return 0
    return 2 if total > BASELINE_MARGIN else 1


def _scores(system: str, gold: list[int], predicted: list[int]) -> Scores:
    classes = class_scores(gold, predicted)
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold) if gold else 0.0
    return Scores(system, 100 * sum(c.f1 for c in classes) / len(LABELS), 100 * accuracy, classes)


def evaluate_stance(
    records: Sequence[dict[str, Any]],
    *,
    gold_file: str = "",
    progress: Callable[[Iterable[dict[str, Any]]], Iterable[dict[str, Any]]] | None = None,
) -> StanceEvalResult:
    """The packaged model and the lexicon baseline on every target of ``records``."""
    model = load_stance_model()
    gold: list[int] = []
    ours: list[int] = []
    base: list[int] = []
    for record in progress(records) if progress else records:
        tokens = tokenize(record["sentence"])
        baseline = baseline_label(model, record["sentence"])
        for target in record["targets"]:
            gold.append(LABELS.index(target["polarity"]))
            ours.append(LABELS.index(_score_tokens(model, tokens, target["start"], target["end"]).label))
            base.append(baseline)
    stem = Path(gold_file).stem
    return StanceEvalResult(
        gold_file=gold_file,
        targets=len(gold),
        model=_scores(EXTRACTOR, gold, ours),
        baseline=_scores(BASELINE, gold, base),
        published=PUBLISHED.get(stem),
        versions=_versions(model),
    )


def _versions(model: StanceModel) -> dict[str, str]:
    from newsprism import __version__

    return {
        "newsprism": __version__,
        "model trained": str(model.meta.get("trained", "?")),
        "train sha256": str(model.meta.get("train_sha256", "?"))[:12],
    }


def format_table(result: StanceEvalResult) -> str:
    """A Markdown table: macro-F1, accuracy and per-class P/R/F1 of each system."""
    head = [
        f"gold: {result.gold_file} ({result.targets} targets); "
        + ", ".join(f"{k} {v}" for k, v in result.versions.items()),
        "",
        "| system | macro-F1 | accuracy | " + " | ".join(f"{c} P / R / F1" for c in LABELS) + " |",
        "|---|---:|---:|" + "---:|" * len(LABELS),
    ]
    rows = [_row(s) for s in (result.model, result.baseline)]
    if result.published is not None:
        rows.append(f"| {PUBLISHED_SYSTEM} | {result.published:.1f} | | " + " | ".join("" for _ in LABELS) + " |")
    return "\n".join(head + rows)


def _row(scores: Scores) -> str:
    cells = " | ".join(f"{100 * c.precision:.1f} / {100 * c.recall:.1f} / {100 * c.f1:.1f}" for c in scores.classes)
    return f"| {scores.system} | {scores.macro_f1:.1f} | {scores.accuracy:.1f} | {cells} |"
