"""Score story clustering against gold same-story clusters, beside trivial baselines.

Gold is any JSON Lines file in the format of ``../shared/eval/stories/dev.jsonl``: one
article a line with ``id``, ``cluster_id`` (the gold story), ``date``, ``title`` and ``text``.
Articles are clustered as a stream, in date order (undated last, ties by id), as the
pipeline would see them. Scores: B-cubed precision, recall and F1 (Bagga and Baldwin 1998;
averaged over articles) and the adjusted Rand index (Hubert and Arabie 1985), computed
here with numpy from the contingency table.

Baselines: every article in one story; every article its own story; and title overlap,
which joins (transitively) any two articles whose titles share
:data:`TITLE_OVERLAP` or more content words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.evaluate.gold import read_gold_jsonl
from newsprism.link.stories import StoryIndex, StoryInput, StoryOptions, content_words

SYSTEM = "newsprism.stories.tfidf.v1"
TITLE_OVERLAP = 2


@dataclass(frozen=True, slots=True)
class ClusterScores:
    """Scores of one labelling against gold (fractions in [0, 1]; ARI may be negative)."""

    system: str
    bcubed_p: float
    bcubed_r: float
    bcubed_f1: float
    ari: float
    clusters: int


@dataclass(frozen=True, slots=True)
class StoryEvalResult:
    """Our clusterer and the baselines on the same gold articles."""

    gold_file: str
    articles: int
    gold_clusters: int
    systems: tuple[ClusterScores, ...]
    comparisons: int
    versions: dict[str, str]


def read_gold(path: Path, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Articles of a stories gold file (the first ``limit`` ones)."""
    return read_gold_jsonl(
        path, required=("id", "cluster_id", "text"), limit=limit, readme="../shared/eval/stories/README.md"
    )


def to_story_input(record: dict[str, Any]) -> StoryInput:
    """A gold record as clusterer input (no actor ids: the evaluation runs without spaCy)."""
    published = record.get("date") or None
    return StoryInput(str(record["id"]), published, record.get("title"), record["text"])


def evaluate_stories(
    records: Sequence[dict[str, Any]],
    *,
    gold_file: str = "",
    options: StoryOptions | None = None,
    progress: Callable[[Iterable[StoryInput]], Iterable[StoryInput]] | None = None,
) -> StoryEvalResult:
    """Cluster the gold articles and score the result beside the baselines."""
    inputs = sorted((to_story_input(r) for r in records), key=lambda a: (a.published is None, a.published or "", a.id))
    index = StoryIndex(options)
    predicted = {a.article_id: a.story_id for a in index.add(progress(inputs) if progress else inputs)}
    gold = [str(r["cluster_id"]) for r in records]
    ids = [str(r["id"]) for r in records]
    systems = (
        score_clusters(SYSTEM, gold, [predicted[i] for i in ids]),
        score_clusters("all in one story", gold, ["all"] * len(ids)),
        score_clusters("every article alone", gold, ids),
        score_clusters(f"title overlap >= {TITLE_OVERLAP} words", gold, title_overlap_clusters(records)),
    )
    clusters = len(set(gold))
    return StoryEvalResult(gold_file, len(records), clusters, systems, index.comparisons, _versions())


def score_clusters(system: str, gold: Sequence[str], predicted: Sequence[str]) -> ClusterScores:
    """B-cubed P/R/F1 and ARI of one labelling (labels aligned with ``gold``)."""
    p, r, f1 = bcubed(gold, predicted)
    return ClusterScores(system, p, r, f1, adjusted_rand_index(gold, predicted), len(set(predicted)))


def bcubed(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1, averaged over items (1.0 each for no items)."""
    table = _contingency(gold, predicted)
    if table.sum() == 0:
        return 1.0, 1.0, 1.0
    n = table.sum()
    squares = table.astype(np.float64) ** 2
    precision = float((squares.sum(axis=0) / np.maximum(table.sum(axis=0), 1)).sum() / n)
    recall = float((squares.sum(axis=1) / np.maximum(table.sum(axis=1), 1)).sum() / n)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def adjusted_rand_index(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Adjusted Rand index; 1.0 when the expected index equals the maximum (e.g. both all singletons)."""
    table = _contingency(gold, predicted).astype(np.float64)
    n = table.sum()
    pairs = (table * (table - 1) / 2).sum()
    gold_pairs = (s := table.sum(axis=1)) @ (s - 1) / 2
    predicted_pairs = (t := table.sum(axis=0)) @ (t - 1) / 2
    expected = gold_pairs * predicted_pairs / (n * (n - 1) / 2) if n > 1 else 0.0
    maximum = (gold_pairs + predicted_pairs) / 2
    if maximum == expected:
        return 1.0
    return float((pairs - expected) / (maximum - expected))


def title_overlap_clusters(records: Sequence[dict[str, Any]]) -> list[str]:
    """Baseline labels: articles whose titles share TITLE_OVERLAP content words, joined transitively."""
    words = [set(content_words(r.get("title") or "")) for r in records]
    by_word: dict[str, list[int]] = defaultdict(list)
    for i, title_words in enumerate(words):
        for word in sorted(title_words):
            by_word[word].append(i)
    parent = list(range(len(records)))
    for i, title_words in enumerate(words):
        shared: dict[int, int] = defaultdict(int)
        for word in title_words:
            for j in by_word[word]:
                if j < i:
                    shared[j] += 1
        for j, count in shared.items():
            if count >= TITLE_OVERLAP:
                parent[_root(parent, i)] = _root(parent, j)
    return [str(_root(parent, i)) for i in range(len(records))]


def format_table(result: StoryEvalResult) -> str:
    """The result as a Markdown table."""
    head = "| system | B³ P | B³ R | B³ F1 | ARI | clusters |\n|---|---:|---:|---:|---:|---:|\n"
    rows = "\n".join(
        f"| {s.system} | {s.bcubed_p:.3f} | {s.bcubed_r:.3f} | {s.bcubed_f1:.3f} | {s.ari:.3f} | {s.clusters} |"
        for s in result.systems
    )
    versions = ", ".join(f"{k} {v}" for k, v in result.versions.items())
    return (
        f"{head}{rows}\n\n{result.articles} articles, {result.gold_clusters} gold stories ({result.gold_file}); "
        f"{result.comparisons} article-story cosines; {versions}.\n"
    )


def _contingency(gold: Sequence[str], predicted: Sequence[str]) -> np.ndarray:
    if len(gold) != len(predicted):
        raise ValueError(f"gold has {len(gold)} labels, predicted {len(predicted)}")
    _, gold_ids = np.unique(np.asarray(gold, dtype=object).astype(str), return_inverse=True)
    _, predicted_ids = np.unique(np.asarray(predicted, dtype=object).astype(str), return_inverse=True)
    table = np.zeros((gold_ids.max(initial=-1) + 1, predicted_ids.max(initial=-1) + 1), dtype=np.int64)
    np.add.at(table, (gold_ids, predicted_ids), 1)
    return table


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _versions() -> dict[str, str]:
    from newsprism import __version__

    return {"newsprism": __version__, "numpy": np.__version__}
