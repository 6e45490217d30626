"""Event clusters: events from different articles that are the same real-world happening.

Two events can be the same happening when they have

- the same PLOVER **category** (CONSULT with CONSULT; a summit attended and a partnership
  signed at it are two happenings);
- **overlapping participants**: sources and targets together, compared by actor id, or, at
  half weight, by the actor's country ("Yoon Suk Yeol" and "South Korea" both give KOR);
  the overlap is ``shared / smaller set`` and must reach :data:`MIN_ACTOR_OVERLAP`;
- **compatible dates**: exact dates (the sentence's own time expression) as intervals
  ("2022-06" is the whole month; a year alone counts like a prior, below) must overlap,
  widened by :data:`DATE_SLACK_DAYS`; an
  approximate date (the article's date, used when the sentence has none) means "on or a
  little before publication" and must fall within :data:`REPORT_WINDOW_DAYS` after the
  cluster's dates (or, for a cluster with no exact date yet, within
  :data:`APPROXIMATE_WINDOW_DAYS` of its members' article dates); an event with no date at all (undated article) is compatible with any
  date but then needs word evidence; when its article names years, the latest of them (the
  actor layer's reference year, :attr:`EventItem.prior`) must overlap the cluster's dates
  widened by :data:`PRIOR_SLACK_DAYS`, and less word evidence is needed;
- **shared words** between the sentences (place names, "dinner", "treaty", ...), each word
  weighted by its rarity among all event sentences (``idf = log(N / df)``): the similarity is
  the idf mass of the event's words that the cluster's sentences share, over the idf mass of
  the event's words. It is added to the score, and an event without an exact date needs at
  least :data:`MIN_WORDS_UNDATED` shared words and a similarity of
  :data:`MIN_WORD_SIMILARITY_UNDATED` (common words such as the corpus's main actors weigh
  little, so "NATO summit" alone does not tie an undated report to every summit); an event
  dated only by its article that names two or more participants of an exactly dated cluster,
  and no others, needs no shared words;
- and neither is negated, hypothetical or future (those have not happened).

Events are clustered greedily, in a fixed order: exactly dated events by date first, then
approximately dated ones, then undated ones, so undated reports attach to clusters that
dated reports have formed. Candidates come from an inverted index keyed by
``(category, participant key, 30-day bucket)`` (blocking): a dated event reads the buckets
its date allows, an event with only a year the buckets of that year and those of clusters
that undated events started, and an event with no date at all a global bucket; each posting list is capped at :data:`MAX_POSTING` clusters, so
the cost per event does not grow with the corpus: no all-pairs comparison.

A cluster's **merged date** is the most specific date supported by the most articles: each
article's exact dates vote once for every date value they contain (a report of "June 2022"
supports "2022-06" and every day in it that another report names), the value with most
supporting articles wins, a day beats a month on a tie, the earlier day on a further tie.
Exact day-level dates from different articles that do not overlap are a **date conflict**.

Everything here works on small picklable records (:class:`EventItem`), so a Dask worker
can run it on a partition of events, blocked by category.
"""

from __future__ import annotations

import calendar
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

MIN_ACTOR_OVERLAP = 0.5
DATE_SLACK_DAYS = 1
REPORT_WINDOW_DAYS = 31
MIN_WORDS_UNDATED = 2
MIN_WORD_SIMILARITY_UNDATED = 0.2
MIN_WORD_SIMILARITY_PRIOR = 0.1  # an undated event whose article's year overlaps the cluster's dates
MIN_SCORE = 0.6  # actor overlap + word similarity
MAX_POSTING = 200
COUNTRY_WEIGHT = 0.5
PRIOR_SLACK_DAYS = 183
APPROXIMATE_WINDOW_DAYS = 7
BUCKET_DAYS = 30  # time buckets of the candidate index
LEAD_CHARS = 1000
NOT_HAPPENED = frozenset({"negated", "hypothetical", "future"})

_WORD = re.compile(r"[^\W\d_]{3,}")
_STOP = frozenset(
    """the and for with that this from have has had was were will would been being are its their his her they
    them said says also which who whom what when where while into onto about after before over under than then
    there here such other more most some many much very only just even still not but nor yet all any each both
    few own same too can could should may might must shall our your you she him one two three first last new
    year years month months week weeks day days today yesterday tomorrow time times according reported report
    reports state states country countries government president minister leader leaders official officials""".split()
)


@dataclass(frozen=True, slots=True)
class EventItem:
    """What clustering needs of one stored event (picklable)."""

    id: str
    doc_id: str
    category: str
    actors: tuple[str, ...]  # source and target actor ids
    countries: tuple[str, ...]  # their countries (ISO alpha-3 or IGO code)
    date: str | None  # ISO, partial allowed
    date_approximate: bool
    context: tuple[str, ...]
    sentence: str
    position: int = 0  # trigger offset, for a stable order within an article
    prior: str | None = None  # undated article: the year it most likely dates from (latest year it names)


@dataclass(frozen=True, slots=True)
class EventCluster:
    """One real-world happening seen in one or more articles."""

    id: str
    category: str
    event_ids: tuple[str, ...]
    doc_ids: tuple[str, ...]
    actor_ids: tuple[str, ...]  # by how many member events name them, then id
    date: str | None  # merged, best-supported date
    date_earliest: str | None
    date_latest: str | None
    date_support: int  # articles whose exact dates support ``date``
    date_conflicts: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (day, doc ids) when days disagree
    scores: tuple[float, ...] = ()  # per member, the score at which it joined (0 for the first)

    doc_ids_by_event: tuple[str, ...] = ()  # each member event's article, in event order
    positions_by_event: tuple[int, ...] = ()  # each member event's offset in its article

    def weight_in(self, doc_id: str) -> float:
        """How central this happening is to one article: its member events there, each weighing
        ``1 / (1 + offset / LEAD_CHARS)`` (news puts the main happening first)."""
        return sum(
            1.0 / (1.0 + position / LEAD_CHARS)
            for d, position in zip(self.doc_ids_by_event, self.positions_by_event, strict=True)
            if d == doc_id
        )


@dataclass(slots=True)
class _Cluster:
    id: str
    category: str
    members: list[EventItem] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    actors: Counter[str] = field(default_factory=Counter)
    countries: Counter[str] = field(default_factory=Counter)
    words: Counter[str] = field(default_factory=Counter)
    first: int | None = None  # ordinal range of exact member dates
    last: int | None = None
    reported_first: int | None = None  # ordinal range of approximate (article) dates of members
    reported_last: int | None = None


def interval(value: str | None) -> tuple[date, date] | None:
    """The days an ISO (partial) date covers: "2022-06" -> (2022-06-01, 2022-06-30), "2022-W25" -> its
    Monday to Sunday; None if not a date."""
    if not value:
        return None
    try:
        if len(value) >= 10:
            day = date.fromisoformat(value[:10])
            return day, day
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:7])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if len(value) == 4 and value.isdigit():
            return date(int(value), 1, 1), date(int(value), 12, 31)
        week = re.fullmatch(r"(\d{4})-W(\d\d)", value)
        if week:
            monday = date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
            return monday, monday + timedelta(days=6)
    except ValueError:
        return None
    return None


STEM_CHARS = 6


def sentence_words(text: str) -> frozenset[str]:
    """Content words of a sentence, lower-cased, common words dropped, cut to their first
    :data:`STEM_CHARS` letters (truncation stemming: attend, attended, attendance -> attend)."""
    return frozenset(w[:STEM_CHARS] for w in _WORD.findall(text.lower()) if w not in _STOP)


@dataclass(slots=True)
class ClusterStats:
    """Work done by one :func:`cluster_events` call (for the scale benchmark)."""

    events: int = 0
    postings_read: int = 0
    scored: int = 0  # event-cluster comparisons
    folded: int = 0


def cluster_events(items: Iterable[EventItem], stats: ClusterStats | None = None) -> list[EventCluster]:
    """Group events into happenings (see the module docstring). Deterministic for a given input set."""
    stats = stats if stats is not None else ClusterStats()
    ordered = sorted((e for e in items if not NOT_HAPPENED & set(e.context)), key=_order)
    word_sets = {e.id: sentence_words(e.sentence) for e in ordered}
    df: Counter[str] = Counter(w for words in word_sets.values() for w in words)
    n = max(1, len(word_sets))
    idf = {w: math.log(n / c) + 0.1 for w, c in df.items()}
    clusters: list[_Cluster] = []
    postings: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    for item in ordered:
        keys = _keys(item)
        words = word_sets[item.id]
        span = _exact_span(item)
        best, best_score = None, 0.0
        seen: set[int] = set()
        stats.events += 1
        for key in keys:
            for position in _read(postings, item.category, key, _read_buckets(item, span)):
                stats.postings_read += 1
                if position in seen:
                    continue
                seen.add(position)
                stats.scored += 1
                score = _score(clusters[position], item, words, span, idf)
                if score > best_score or (score == best_score and best is not None and position < best):
                    best, best_score = position, score
        if best is None or best_score < MIN_SCORE:
            best = len(clusters)
            clusters.append(_Cluster(id=_cluster_id(item), category=item.category))
            best_score = 0.0
        cluster = clusters[best]
        _join(cluster, item, words, span, best_score)
        for key in keys:
            for bucket in _write_buckets(span):
                posting = postings[(item.category, key, bucket)]
                if best not in posting:
                    posting.append(best)
                    if len(posting) > MAX_POSTING:
                        del posting[0]
    merged = _merge_undated(clusters, postings, idf)
    stats.folded = len(merged)
    return [_finish(c) for i, c in enumerate(clusters) if i not in merged]


_ANY = -1  # the bucket every cluster is also listed under: read by events with no date and no year
_UNDATED = -2  # the bucket of clusters started by an event with no date: read by events with only a year


def _bucket(day: date) -> int:
    return day.toordinal() // BUCKET_DAYS


def _write_buckets(span: tuple[date, date] | None) -> list[int]:
    """A cluster is listed under the time buckets of its members' dates, and under :data:`_ANY`."""
    if span is None:
        return [_UNDATED, _ANY]
    return [*range(_bucket(span[0]), _bucket(span[1]) + 1), _ANY]


def _read_buckets(item: EventItem, span: tuple[date, date] | None) -> list[int]:
    """The buckets an event reads: around its date (an approximate date looks back a report window),
    across its year (own or its article's, widened by the prior slack), else the global bucket."""
    if span is not None:
        back = REPORT_WINDOW_DAYS if item.date_approximate else DATE_SLACK_DAYS
        return list(
            range(_bucket(span[0] - timedelta(days=back)), _bucket(span[1] + timedelta(days=DATE_SLACK_DAYS)) + 1)
        )
    year = interval(_year(item) or item.prior)
    if year is None:
        return [_ANY]
    slack = timedelta(days=0 if _year(item) else PRIOR_SLACK_DAYS)
    return [*range(_bucket(year[0] - slack), _bucket(year[1] + slack) + 1), _UNDATED]


def _read(
    postings: dict[tuple[str, str, int], list[int]], category: str, key: str, buckets: list[int]
) -> Iterator[int]:
    for bucket in buckets:
        yield from postings.get((category, key, bucket), ())


def _merge_undated(
    clusters: list[_Cluster], postings: dict[tuple[str, str, int], list[int]], idf: dict[str, float]
) -> set[int]:
    """Fold each cluster with no exact date into the best dated cluster it matches as a whole.

    One undated report's sentences rarely share enough words with one dated sentence, but the
    cluster its sentences form ("summit", "Madrid", "dinner", names) does. Compared as clusters:
    actor overlap, idf-weighted word similarity over the smaller word set, and the undated
    members' years (:attr:`EventItem.prior`) against the dated cluster's dates.
    Returns the positions folded away.
    """
    folded: set[int] = set()
    for position, undated in enumerate(clusters):
        if undated.first is not None or any(m.date and len(m.date) >= 7 for m in undated.members):
            continue  # dated, or reported with an (approximate) article date that already failed to fit
        keys = {k for m in undated.members for k in _keys(m)}
        priors = {p for m in undated.members if (p := _year(m) or m.prior)}
        buckets = sorted({b for m in undated.members for b in _read_buckets(m, None)})
        candidates = sorted({p for k in keys for p in _read(postings, undated.category, k, buckets) if p != position})
        best, best_score = None, 0.0
        for other in candidates:
            dated = clusters[other]
            if dated.first is None or other in folded:
                continue
            if priors and not any(_prior_compatible(dated, prior) for prior in priors):
                continue
            score = _cluster_similarity(undated, dated, idf)
            if score > best_score:
                best, best_score = other, score
        if best is not None and best_score >= MIN_SCORE:
            target = clusters[best]
            for member in undated.members:
                _join(target, member, sentence_words(member.sentence), None, best_score)
            folded.add(position)
    return folded


def _cluster_similarity(a: _Cluster, b: _Cluster, idf: dict[str, float]) -> float:
    actors_a, actors_b = set(a.actors), set(b.actors)
    smaller = max(1, min(len(actors_a), len(actors_b)))
    overlap = len(actors_a & actors_b) / smaller
    if overlap < MIN_ACTOR_OVERLAP:
        countries = len(set(a.countries) & set(b.countries)) / max(1, min(len(a.countries), len(b.countries)))
        overlap = max(overlap, COUNTRY_WEIGHT * countries)
    if overlap < MIN_ACTOR_OVERLAP:
        return 0.0
    words_a, words_b = set(a.words), set(b.words)
    mass_a = sum(idf.get(w, 0.0) for w in words_a)
    mass_b = sum(idf.get(w, 0.0) for w in words_b)
    shared = words_a & words_b
    if len(shared) < MIN_WORDS_UNDATED or not mass_a or not mass_b:
        return 0.0
    similarity = sum(idf.get(w, 0.0) for w in shared) / min(mass_a, mass_b)
    return overlap + similarity if similarity >= MIN_WORD_SIMILARITY_PRIOR else 0.0


def _exact_span(item: EventItem) -> tuple[date, date] | None:
    """The days an event's own date covers, when precise to the month or day. A year alone
    ("in 2023") is too wide to tie reports together; it only bounds them, like a prior."""
    return interval(item.date) if item.date and len(item.date) >= 7 else None


def _year(item: EventItem) -> str | None:
    return item.date if item.date and len(item.date) == 4 and not item.date_approximate else None


def _order(item: EventItem) -> tuple:
    span = _exact_span(item)
    rank = 2 if span is None else (1 if item.date_approximate else 0)
    return (rank, span[0] if span else date.min, item.doc_id, item.position, item.id)


def _keys(item: EventItem) -> list[str]:
    return sorted({f"a:{a}" for a in item.actors} | {f"c:{c}" for c in item.countries if c})


def _score(
    cluster: _Cluster, item: EventItem, words: frozenset[str], span: tuple[date, date] | None, idf: dict[str, float]
) -> float:
    overlap = _actor_overlap(cluster, item)
    if overlap < MIN_ACTOR_OVERLAP:
        return 0.0
    exact = span is not None and not item.date_approximate
    if not _dates_compatible(cluster, span, exact):
        return 0.0
    needed = MIN_WORD_SIMILARITY_UNDATED
    own_year = _year(item)
    prior = own_year or item.prior
    if span is None and prior is not None:
        if not _prior_compatible(cluster, prior, slack=0 if own_year else PRIOR_SLACK_DAYS):
            return 0.0
        needed = MIN_WORD_SIMILARITY_PRIOR
    shared = [w for w in words if w in cluster.words]
    total = sum(idf[w] for w in words)
    similarity = sum(idf[w] for w in shared) / total if total else 0.0
    if not exact and (len(shared) < MIN_WORDS_UNDATED or similarity < needed):
        # a report dated by its article that names two or more of an exactly dated cluster's
        # participants, all of its own, fits the window alone
        named = sum(1 for a in item.actors if a in cluster.actors)
        if not (span is not None and cluster.first is not None and overlap >= 1.0 and named >= 2):
            return 0.0
    return overlap + similarity


def _prior_compatible(cluster: _Cluster, prior: str, slack: int = PRIOR_SLACK_DAYS) -> bool:
    """A year (the event's own, or its article's likely year, widened by ``slack`` days) against
    the cluster's exact dates, else against the window its members' article dates allow."""
    span = interval(prior)
    if span is None:
        return True
    if cluster.first is not None and cluster.last is not None:
        first, last = cluster.first, cluster.last
    elif cluster.reported_first is not None and cluster.reported_last is not None:
        first, last = cluster.reported_first - REPORT_WINDOW_DAYS, cluster.reported_last
    else:
        return True
    return span[0].toordinal() - slack <= last and first <= span[1].toordinal() + slack


def _actor_overlap(cluster: _Cluster, item: EventItem) -> float:
    if not item.actors and not item.countries:
        return 0.0
    ids = set(item.actors)
    countries = {c for c in item.countries if c}
    shared = sum(1.0 for a in ids if a in cluster.actors)
    shared += COUNTRY_WEIGHT * sum(
        1 for c in countries if c in cluster.countries and not _country_counted(c, ids, cluster)
    )
    smaller = max(1, min(len(ids) or len(countries), len(cluster.actors) or len(cluster.countries)))
    return min(1.0, shared / smaller)


def _country_counted(country: str, ids: set[str], cluster: _Cluster) -> bool:
    """A state actor shared by id already counted its country ("state:KOR" and "KOR")."""
    return any(a.endswith(":" + country) and a in cluster.actors for a in ids)


def _dates_compatible(cluster: _Cluster, span: tuple[date, date] | None, exact: bool) -> bool:
    if span is not None and not exact and cluster.first is None and cluster.reported_first is not None:
        # two reports dated only by their articles: published within days of each other
        reported = span[1].toordinal()
        return (
            cluster.reported_first - APPROXIMATE_WINDOW_DAYS
            <= reported
            <= cluster.reported_last + APPROXIMATE_WINDOW_DAYS
        )
    if span is None or cluster.first is None or cluster.last is None:
        return True
    first, last = cluster.first, cluster.last
    if exact:
        return span[0].toordinal() <= last + DATE_SLACK_DAYS and span[1].toordinal() >= first - DATE_SLACK_DAYS
    # approximate: the article's date; the happening was on or a little before it
    reported = span[1].toordinal()
    return first - DATE_SLACK_DAYS <= reported <= last + REPORT_WINDOW_DAYS


def _join(
    cluster: _Cluster, item: EventItem, words: frozenset[str], span: tuple[date, date] | None, score: float
) -> None:
    cluster.members.append(item)
    cluster.scores.append(round(score, 4))
    cluster.actors.update(set(item.actors))
    cluster.countries.update({c for c in item.countries if c})
    cluster.words.update(words)
    if span is not None and not item.date_approximate:
        lo, hi = span[0].toordinal(), span[1].toordinal()
        cluster.first = lo if cluster.first is None else min(cluster.first, lo)
        cluster.last = hi if cluster.last is None else max(cluster.last, hi)
    elif span is not None:
        day = span[1].toordinal()
        cluster.reported_first = day if cluster.reported_first is None else min(cluster.reported_first, day)
        cluster.reported_last = day if cluster.reported_last is None else max(cluster.reported_last, day)


def _cluster_id(first: EventItem) -> str:
    return "ec:" + hashlib.sha256(first.id.encode("utf-8")).hexdigest()[:16]


def _finish(cluster: _Cluster) -> EventCluster:
    merged, support, conflicts = merge_dates(
        [(m.doc_id, m.date) for m in cluster.members if _exact_span(m) is not None and not m.date_approximate]
    )
    docs = tuple(dict.fromkeys(m.doc_id for m in cluster.members))
    actors = tuple(a for a, _ in sorted(cluster.actors.items(), key=lambda kv: (-kv[1], kv[0])))
    first = date.fromordinal(cluster.first).isoformat() if cluster.first is not None else None
    last = date.fromordinal(cluster.last).isoformat() if cluster.last is not None else None
    return EventCluster(
        id=cluster.id,
        category=cluster.category,
        event_ids=tuple(m.id for m in cluster.members),
        doc_ids=docs,
        actor_ids=actors,
        date=merged,
        date_earliest=first,
        date_latest=last,
        date_support=support,
        date_conflicts=conflicts,
        scores=tuple(cluster.scores),
        doc_ids_by_event=tuple(m.doc_id for m in cluster.members),
        positions_by_event=tuple(m.position for m in cluster.members),
    )


def merge_dates(dated: Sequence[tuple[str, str]]) -> tuple[str | None, int, tuple[tuple[str, tuple[str, ...]], ...]]:
    """The best-supported date of ``(doc_id, iso_date)`` reports, its support, and day conflicts.

    Returns:
        ``(value, supporting articles, conflicts)``; conflicts list each disagreeing day
        with the articles that give it, when articles name different days.
    """
    values: dict[str, set[str]] = defaultdict(set)  # value -> docs that reported exactly it
    spans: dict[str, tuple[date, date]] = {}
    for doc_id, value in dated:
        span = interval(value)
        if span is not None:
            values[value].add(doc_id)
            spans[value] = span
    if not values:
        return None, 0, ()
    support: dict[str, set[str]] = {}
    for candidate, (lo, hi) in spans.items():
        support[candidate] = {
            d for value, docs in values.items() for d in docs if spans[value][0] <= lo and hi <= spans[value][1]
        }
    best = min(support, key=lambda v: (-len(support[v]), -_precision(v), spans[v][0], v))
    return best, len(support[best]), _day_conflicts(values)


def _day_conflicts(values: dict[str, set[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Days given by articles that disagree: two articles whose day sets are more than
    :data:`DATE_SLACK_DAYS` apart everywhere (one says the 28th, another the 30th)."""
    per_doc: dict[str, set[int]] = defaultdict(set)
    for value, docs in values.items():
        if len(value) == 10:
            for doc_id in docs:
                per_doc[doc_id].add(date.fromisoformat(value).toordinal())
    docs = sorted(per_doc)
    disagree = any(
        min(abs(x - y) for x in per_doc[a] for y in per_doc[b]) > DATE_SLACK_DAYS
        for i, a in enumerate(docs)
        for b in docs[i + 1 :]
    )
    if not disagree:
        return ()
    days = {v: docs for v, docs in values.items() if len(v) == 10}
    return tuple((v, tuple(sorted(days[v]))) for v in sorted(days))


def _precision(value: str) -> int:
    return len(value)


def shift(value: str, days: int) -> str:
    """``value``'s last day moved by ``days`` (ISO day)."""
    span = interval(value)
    if span is None:
        raise ValueError(f"not a date: {value!r}")
    return (span[1] + timedelta(days=days)).isoformat()
