"""Stories: incremental clustering of articles about the same developing story.

An article is represented by a weighted, L2-normalised term vector (hashing trick into
``2**20`` dimensions, numpy) built from

- the words of its title (each occurrence counted :data:`TITLE_WEIGHT` times) and of its
  lead (the first :data:`LEAD_CHARS` characters of the text), lower-cased, stop words and
  words under three letters dropped;
- its names: runs of capitalised words in the title and the first
  :data:`NAME_CHARS` characters (``"Kim Jong Un"`` -> one feature), a cheap stand-in for
  entities that needs no parser;
- its actor ids from the actor layer, when the caller has them (may be empty).

Weights are ``(1 + log tf) * idf`` with the document frequencies counted incrementally over
the articles added so far (``idf = log((1 + N) / (1 + df)) + 1``).

A story keeps a centroid (the sum of its members' unit vectors, pruned to its
:data:`CENTROID_FEATURES` heaviest features), its first and last publication dates and its
size. A new article is compared only with candidate stories found by blocking:

1. its :data:`BLOCK_FEATURES` heaviest features are looked up in an inverted index keyed by
   ``(feature, time bucket)``; buckets are :data:`WINDOW_DAYS` wide and a dated article reads
   its own bucket, its two neighbours and the bucket of stories with undated members; an
   undated article reads a bucket that lists every story. Each posting list keeps at most
   :data:`MAX_POSTING` stories (the most recent);
2. stories are ranked by the summed weight of the features they share with the article and
   the best :data:`MAX_CANDIDATES` are kept, dropping those whose date range, widened by
   ``WINDOW_DAYS`` on both sides, does not contain the article's date (undated articles and
   stories pass);
3. the article joins the candidate with the highest cosine to its centroid if that cosine
   is at least :data:`THRESHOLD`, or starts a new story.

So each article costs at most ``BLOCK_FEATURES * 4 * MAX_POSTING`` posting reads and
``MAX_CANDIDATES`` cosines, whatever the size of the index: linear in the number of articles.
Everything is deterministic: the result depends only on the order in which articles are
added (:func:`cluster_stories` sorts them by date, then id). ``StoryIndex`` pickles.

Thresholds were chosen on ``../shared/eval/stories/dev.jsonl`` (see ``docs/stories.md``).
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np

THRESHOLD = 0.15  # cosine to a story centroid needed to join it
WINDOW_DAYS = 14  # an article may join a story whose dates, widened by this, contain its date
TITLE_WEIGHT = 3.0
NAME_WEIGHT = 1.0
ACTOR_WEIGHT = 1.5
LEAD_CHARS = 1500
NAME_CHARS = 3000
DIM = 2**20
BLOCK_FEATURES = 20
MAX_CANDIDATES = 30
MAX_POSTING = 200
CENTROID_FEATURES = 300

_UNDATED = -1  # the bucket of stories with an undated member: read by dated articles
_ANY = -2  # the bucket every story is also indexed under: read by undated articles
_WORD = re.compile(r"[^\W\d_]{3,}")
_NAME = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|de|al|bin|von|van|der|la))*(?<!\s)")
_STOP = frozenset(
    """a about above after again against all also am an and any are around as at back be because been before
    being below between both but by can could did do does doing down during each even few for from further get got
    had has have having he her here hers herself him himself his how however i if in into is it its itself just
    last like made make many may me might more most much must my myself new next no nor not now of off on once one
    only or other our ours ourselves out over own people said same say says she should since so some still such
    than that the their theirs them themselves then there these they this those through thursday time to told too
    tuesday two under until up very via was we were what when where which while who whom why will with would
    year years yet you your yours yourself monday wednesday friday saturday sunday week day days according also
    image images photo copyright getty caption reuters associated press afp mr mrs ms read more first
    well told""".split()
)


@dataclass(frozen=True, slots=True)
class StoryInput:
    """What story clustering needs of an article (picklable)."""

    id: str
    published: str | None  # ISO date or None
    title: str | None
    text: str
    actor_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one article went: ``score`` is its cosine to the story joined (0.0 when ``created``)."""

    article_id: str
    story_id: str
    score: float
    created: bool


@dataclass(frozen=True, slots=True)
class StoryOptions:
    """Thresholds and sizes of story clustering (defaults: the module constants)."""

    threshold: float = THRESHOLD
    window_days: int = WINDOW_DAYS
    title_weight: float = TITLE_WEIGHT
    name_weight: float = NAME_WEIGHT
    actor_weight: float = ACTOR_WEIGHT
    lead_chars: int = LEAD_CHARS
    name_chars: int = NAME_CHARS
    dim: int = DIM
    block_features: int = BLOCK_FEATURES
    max_candidates: int = MAX_CANDIDATES
    max_posting: int = MAX_POSTING
    centroid_features: int = CENTROID_FEATURES


@dataclass(slots=True)
class _Story:
    id: str
    index: np.ndarray  # sorted feature ids (int64)
    weights: np.ndarray  # float64, same length
    norm: float
    first: int | None  # date ordinals
    last: int | None
    size: int
    keys: set[int] = field(default_factory=set)  # posting keys this story is listed under


class StoryIndex:
    """Incremental story clusterer; add articles in publication order for the best results.

    Example:
        >>> index = StoryIndex()
        >>> assignments = index.add(articles)  # later: index.add(more_articles)
    """

    def __init__(self, options: StoryOptions | None = None) -> None:
        self.options = options or StoryOptions()
        self.documents = 0
        self.comparisons = 0  # cosines computed so far
        self.postings_read = 0  # posting entries scanned so far
        self._df = np.zeros(self.options.dim, dtype=np.int32)
        self._stories: list[_Story] = []
        self._postings: dict[int, list[int]] = {}

    def __len__(self) -> int:
        return len(self._stories)

    def add(self, articles: Iterable[StoryInput]) -> list[Assignment]:
        """Assign each article, in the given order, to an existing story or a new one.

        Args:
            articles: the new articles; ids should be unique across calls.

        Returns:
            One :class:`Assignment` per article, in input order.
        """
        scratch = np.zeros(self.options.dim, dtype=np.float64)
        return [self._add_one(article, scratch) for article in articles]

    def stories(self) -> dict[str, int]:
        """Story id -> number of member articles."""
        return {story.id: story.size for story in self._stories}

    def _add_one(self, article: StoryInput, scratch: np.ndarray) -> Assignment:
        index, weights = self._vector(article)
        day = _ordinal(article.published)
        best, score = self._best_story(index, weights, day, scratch)
        if best is None or score < self.options.threshold:
            story = _Story(f"story:{article.id}", index, weights.copy(), 1.0, day, day, 1)
            self._stories.append(story)
            self._register(len(self._stories) - 1, index, weights, day)
            return Assignment(article.id, story.id, 0.0, True)
        self._join(best, index, weights, day)
        return Assignment(article.id, self._stories[best].id, round(score, 6), False)

    def _vector(self, article: StoryInput) -> tuple[np.ndarray, np.ndarray]:
        counts = article_features(article, self.options)
        index = np.fromiter(counts, dtype=np.int64, count=len(counts))
        order = np.argsort(index)
        index = index[order]
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))[order]
        self.documents += 1
        self._df[index] += 1
        idf = np.log((1 + self.documents) / (1 + self._df[index])) + 1.0
        weights = (1.0 + np.log(np.maximum(tf, 1.0))) * idf
        norm = float(np.linalg.norm(weights))
        return index, (weights / norm if norm else weights)

    def _best_story(
        self, index: np.ndarray, weights: np.ndarray, day: int | None, scratch: np.ndarray
    ) -> tuple[int | None, float]:
        candidates = self._candidates(index, weights, day)
        if not candidates:
            return None, 0.0
        scratch[index] = weights
        scores = [self._cosine(self._stories[s], scratch) for s in candidates]
        scratch[index] = 0.0
        self.comparisons += len(candidates)
        best = max(range(len(candidates)), key=lambda i: (scores[i], -candidates[i]))
        return candidates[best], scores[best]

    def _candidates(self, index: np.ndarray, weights: np.ndarray, day: int | None) -> list[int]:
        hits: dict[int, float] = {}
        for feature, weight in _top(index, weights, self.options.block_features):
            for bucket in self._buckets(day):
                posting = self._postings.get(_key(feature, bucket), ())
                self.postings_read += len(posting)
                for story in posting:
                    hits[story] = hits.get(story, 0.0) + weight
        ranked = sorted(hits, key=lambda s: (-hits[s], s))
        return [s for s in ranked if self._in_window(self._stories[s], day)][: self.options.max_candidates]

    def _buckets(self, day: int | None) -> tuple[int, ...]:
        if day is None:
            return (_ANY,)
        bucket = day // self.options.window_days
        return (bucket - 1, bucket, bucket + 1, _UNDATED)

    def _in_window(self, story: _Story, day: int | None) -> bool:
        if day is None or story.first is None or story.last is None:
            return True
        window = self.options.window_days
        return story.first - window <= day <= story.last + window

    @staticmethod
    def _cosine(story: _Story, scratch: np.ndarray) -> float:
        return float(scratch[story.index] @ story.weights) / story.norm if story.norm else 0.0

    def _join(self, position: int, index: np.ndarray, weights: np.ndarray, day: int | None) -> None:
        story = self._stories[position]
        merged, inverse = np.unique(np.concatenate([story.index, index]), return_inverse=True)
        summed = np.bincount(inverse, weights=np.concatenate([story.weights, weights]), minlength=merged.size)
        if merged.size > self.options.centroid_features:
            keep = np.sort(np.argsort(-summed, kind="stable")[: self.options.centroid_features])
            merged, summed = merged[keep], summed[keep]
        story.index, story.weights = merged, summed
        story.norm = float(np.linalg.norm(summed))
        story.size += 1
        if day is not None:
            story.first = day if story.first is None else min(story.first, day)
            story.last = day if story.last is None else max(story.last, day)
        self._register(position, index, weights, day)

    def _register(self, position: int, index: np.ndarray, weights: np.ndarray, day: int | None) -> None:
        story = self._stories[position]
        buckets = (_UNDATED, _ANY) if day is None else (day // self.options.window_days, _ANY)
        for feature, _ in _top(index, weights, self.options.block_features):
            for bucket in buckets:
                key = _key(feature, bucket)
                if key in story.keys:
                    continue
                story.keys.add(key)
                posting = self._postings.setdefault(key, [])
                posting.append(position)
                if len(posting) > self.options.max_posting:
                    del posting[0]


def cluster_stories(articles: Sequence[StoryInput], *, options: StoryOptions | None = None) -> list[Assignment]:
    """Cluster a batch: a fresh :class:`StoryIndex` fed the articles by date (undated last), then id.

    Returns:
        One :class:`Assignment` per article, in the order they were added.
    """
    ordered = sorted(articles, key=lambda a: (a.published is None, a.published or "", a.id))
    return StoryIndex(options).add(ordered)


def article_features(article: StoryInput, options: StoryOptions | None = None) -> Counter[int]:
    """Hashed feature id -> weighted count for one article (title, lead words, names, actors)."""
    options = options or StoryOptions()
    counts: Counter[int] = Counter()
    title = article.title or ""
    _count(counts, content_words(title), "w:", options.title_weight, options.dim)
    _count(counts, content_words(article.text[: options.lead_chars]), "w:", 1.0, options.dim)
    _count(counts, name_keys(f"{title}\n{article.text[: options.name_chars]}"), "n:", options.name_weight, options.dim)
    _count(counts, article.actor_ids, "a:", options.actor_weight, options.dim)
    return counts


def name_keys(text: str) -> list[str]:
    """Lower-cased runs of capitalised words ("Kim Jong Un" -> "kim jong un"), stop words alone dropped."""
    keys = []
    for match in _NAME.finditer(text):
        key = " ".join(match.group().lower().split())
        if key not in _STOP and len(key) > 2:
            keys.append(key)
    return keys


def content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP]


def _count(counts: Counter[int], terms: Iterable[str], prefix: str, weight: float, dim: int) -> None:
    for term in terms:
        counts[_feature(prefix + term, dim)] += weight


@lru_cache(maxsize=262144)
def _feature(term: str, dim: int) -> int:
    return zlib.crc32(term.encode("utf-8")) % dim


def _key(feature: int, bucket: int) -> int:
    """One int for (feature, time bucket): cheaper to hold than a tuple, for millions of postings."""
    return (feature << 24) | (bucket + 2)


def _top(index: np.ndarray, weights: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The k heaviest features (ties by feature id), as Python ints and floats."""
    order = np.lexsort((index, -weights))[:k]
    return [(int(index[i]), float(weights[i])) for i in order]


def _ordinal(published: str | None) -> int | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def story_sizes(assignments: Sequence[Assignment]) -> dict[str, int]:
    """Story id -> number of articles assigned to it."""
    return dict(Counter(a.story_id for a in assignments))



def story_links(assignments: Iterable[Assignment]) -> list[tuple[str, str, str, str, float]]:
    """Rows for the store's ``links`` table: (kind, cluster_id, member_id, role, score)."""
    return [("story", a.story_id, a.article_id, "first" if a.created else "member", a.score) for a in assignments]
