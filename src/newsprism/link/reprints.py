"""Reprints: near-duplicate articles (wire copy republished by several outlets).

Each text becomes the set of its word 4-shingles (lower-cased ``\\w+`` words); a MinHash
signature of 120 values (multiply-shift hashes with fixed seeds, numpy) estimates the
Jaccard similarity of two such sets. LSH banding (40 bands of 3 rows) proposes candidate
pairs, articles that agree on every row of at least one band; a pair is accepted when
its estimated Jaccard is at least :data:`JACCARD_THRESHOLD` (0.5).

Why 0.5 on 4-shingles: a 400-word wire story republished with ten words edited and a
new standfirst keeps about 0.8 of its shingles; a truncated reprint (the first half)
still has 0.5; two different articles on the same event rarely share more than 0.1,
because independent writers do not produce the same four-word runs. With 40 bands of 3
rows a pair at Jaccard 0.5 becomes a candidate with probability 0.995, one at 0.1 with
probability 0.04, so few pairs are ever verified.

Accepted pairs are joined transitively (union-find): a chain of reprints edited in turn
is one group, and its ``similarity`` (the lowest estimate between the original and
another member) may then fall below the threshold. The original is the member published
first, ties and undated articles broken by id (undated ones sort after dated ones).

Never all pairs: work is one signature per article plus the pairs that share a band
bucket. Identical signatures (exact copies) are merged before banding, and a bucket
larger than :data:`MAX_BUCKET` is compared as a star (first member against the rest),
so a flood of copies of one text stays linear.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

SHINGLE = 4  # words per shingle
BANDS = 40
ROWS = 3  # BANDS * ROWS = signature length
JACCARD_THRESHOLD = 0.5
MAX_BUCKET = 50  # buckets up to this size are compared all-pairs, larger ones as a star
MAX_WORDS = 5000  # longer texts are sketched from their first MAX_WORDS words
SEED = 20240601

_WORD = re.compile(r"\w+")
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd constant folding word hashes into a shingle hash


@dataclass(frozen=True, slots=True)
class ArticleSketch:
    """What reprint detection needs of an article (picklable, cheap to send to a worker)."""

    id: str
    outlet: str | None
    published: str | None  # ISO date or None
    text: str


@dataclass(frozen=True, slots=True)
class ReprintGroup:
    """Articles carrying the same text; ``member_ids`` starts with ``original_id``.

    ``similarity`` is the lowest estimated Jaccard between the original and another member.
    """

    original_id: str
    member_ids: tuple[str, ...]
    similarity: float


@dataclass(frozen=True, slots=True)
class ReprintOptions:
    """Thresholds and sizes of reprint detection (defaults: the module constants)."""

    threshold: float = JACCARD_THRESHOLD
    shingle: int = SHINGLE
    bands: int = BANDS
    rows: int = ROWS
    max_bucket: int = MAX_BUCKET
    max_words: int = MAX_WORDS
    seed: int = SEED


@dataclass(frozen=True, slots=True)
class ReprintStats:
    """Work done by one call: articles sketched, candidate pairs verified, groups found."""

    articles: int
    comparisons: int
    groups: int


def find_reprints(sketches: Sequence[ArticleSketch], *, options: ReprintOptions | None = None) -> list[ReprintGroup]:
    """Groups of near-duplicate articles, ordered by original id.

    Args:
        sketches: the articles; ids must be unique. Texts without a word are ignored.
        options: thresholds and sizes; the defaults are documented in this module.

    Returns:
        One :class:`ReprintGroup` per set of two or more near-duplicates.
    """
    return find_reprints_with_stats(sketches, options=options)[0]


def find_reprints_with_stats(
    sketches: Sequence[ArticleSketch], *, options: ReprintOptions | None = None
) -> tuple[list[ReprintGroup], ReprintStats]:
    """:func:`find_reprints`, plus the number of signature comparisons it made."""
    options = options or ReprintOptions()
    signatures = {s.id: sig for s in sketches if (sig := minhash(s.text, options=options)) is not None}
    return group_signatures(signatures, sketches, options=options)


def group_signatures(
    signatures: dict[str, np.ndarray], sketches: Sequence[ArticleSketch], *, options: ReprintOptions | None = None
) -> tuple[list[ReprintGroup], ReprintStats]:
    """:func:`find_reprints_with_stats` on signatures computed earlier (by :func:`minhash`, same
    options); ``sketches`` give outlet and date (their text is not read)."""
    options = options or ReprintOptions()
    parent = {key: key for key in signatures}
    comparisons = 0
    for a, b in _candidate_pairs(signatures, options):
        comparisons += 1
        if estimate_jaccard(signatures[a], signatures[b]) >= options.threshold:
            _union(parent, a, b)
    groups = _groups(parent, {s.id: s for s in sketches}, signatures)
    comparisons += sum(len(g.member_ids) - 1 for g in groups)
    return groups, ReprintStats(len(signatures), comparisons, len(groups))


def minhash(text: str, *, options: ReprintOptions | None = None) -> np.ndarray | None:
    """The MinHash signature (uint32, ``bands * rows`` values) of a text, None if it has no word."""
    options = options or ReprintOptions()
    shingles = _shingle_hashes(text, options.shingle, options.max_words)
    if shingles.size == 0:
        return None
    a, b = _permutations(options.bands * options.rows, options.seed)
    with np.errstate(over="ignore"):
        hashed = (a[:, None] * shingles[None, :] + b[:, None]) >> np.uint64(32)
    return hashed.min(axis=1).astype(np.uint32)


def estimate_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.count_nonzero(a == b)) / a.size


def _shingle_hashes(text: str, k: int, max_words: int) -> np.ndarray:
    words = _WORD.findall(text.lower())[:max_words]
    if not words:
        return np.empty(0, dtype=np.uint64)
    k = min(k, len(words))
    ids = np.fromiter((_word_hash(w) for w in words), dtype=np.uint64, count=len(words))
    n = len(words) - k + 1
    hashes = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            hashes = hashes * _MIX + ids[j : j + n]
    return np.unique(hashes >> np.uint64(32))  # 32-bit shingle ids


@lru_cache(maxsize=262144)
def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8")) + 1


@lru_cache(maxsize=8)
def _permutations(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 2**63, size=n, dtype=np.uint64) * np.uint64(2) + np.uint64(1)  # odd multipliers
    b = rng.integers(0, 2**63, size=n, dtype=np.uint64)
    return a, b


def _candidate_pairs(signatures: dict[str, np.ndarray], options: ReprintOptions) -> Iterable[tuple[str, str]]:
    """Pairs that share a band bucket, each once; exact copies are paired with their first copy."""
    exact: dict[bytes, list[str]] = defaultdict(list)
    for key, sig in signatures.items():
        exact[sig.tobytes()].append(key)
    seen: set[tuple[str, str]] = set()
    for copies in exact.values():
        seen.update((copies[0], other) for other in copies[1:])
    yield from sorted(seen)
    buckets: dict[tuple[int, bytes], list[str]] = defaultdict(list)
    for copies in exact.values():
        sig = signatures[copies[0]]
        for band in range(options.bands):
            buckets[band, sig[band * options.rows : (band + 1) * options.rows].tobytes()].append(copies[0])
    for members in buckets.values():
        for pair in _bucket_pairs(members, options.max_bucket):
            if pair not in seen:
                seen.add(pair)
                yield pair


def _bucket_pairs(members: list[str], max_bucket: int) -> Iterable[tuple[str, str]]:
    if len(members) > max_bucket:
        pairs: Iterable[tuple[str, str]] = ((members[0], other) for other in members[1:])
    else:
        pairs = ((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
    return ((min(a, b), max(a, b)) for a, b in pairs)


def _find(parent: dict[str, str], key: str) -> str:
    while parent[key] != key:
        parent[key] = parent[parent[key]]
        key = parent[key]
    return key


def _union(parent: dict[str, str], a: str, b: str) -> None:
    ra, rb = _find(parent, a), _find(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)


def _groups(
    parent: dict[str, str], by_id: dict[str, ArticleSketch], signatures: dict[str, np.ndarray]
) -> list[ReprintGroup]:
    members: dict[str, list[str]] = defaultdict(list)
    for key in parent:
        members[_find(parent, key)].append(key)
    groups = []
    for ids in members.values():
        if len(ids) < 2:
            continue
        ordered = sorted(ids, key=lambda i: _first_published(by_id[i]))
        original = signatures[ordered[0]]
        similarity = min(estimate_jaccard(original, signatures[i]) for i in ordered[1:])
        groups.append(ReprintGroup(ordered[0], tuple(ordered), similarity))
    return sorted(groups, key=lambda g: g.original_id)


def _first_published(sketch: ArticleSketch) -> tuple[int, str, str]:
    """Sort key: dated before undated, then by date, then by id."""
    return (0, sketch.published, sketch.id) if sketch.published else (1, "", sketch.id)


def reprint_links(groups: Iterable[ReprintGroup]) -> list[tuple[str, str, str, str, float]]:
    """Rows for the store's ``links`` table: (kind, cluster_id, member_id, role, score)."""
    return [
        ("reprint", g.original_id, member, "original" if member == g.original_id else "reprint", g.similarity)
        for g in groups
        for member in g.member_ids
    ]
