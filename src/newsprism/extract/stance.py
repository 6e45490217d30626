"""Stance toward actors: how each sentence, and each article, treats the people and bodies it names.

The model is target-dependent: for one target span in a sentence it reads the words around
the target (left and right windows by distance, the same clause, negation scope, whether the
target stands inside a quotation or is the one speaking) and a lexicon of polar words derived
from the NewsMTSC training sentences, and a multinomial logistic regression gives
``negative / neutral / positive`` probabilities.  The model ships as
``extract/data/stance_model.npz`` (hashed feature weights) and is built by
``scripts/train_stance.py`` from ``../shared/eval/newsmtsc/train.jsonl``; nothing is
downloaded at run time.

Scores: ``score = P(positive) - P(negative)`` in ``[-1, 1]``.  An actor's score in an article
is the mean of its mentions' scores weighted by each mention's confidence (the top class
probability); its label is ``negative`` below :data:`NEGATIVE_BELOW`, ``positive`` above
:data:`POSITIVE_ABOVE`, else ``neutral``.

Word choice (:func:`actor_labels_from_doc`) needs the parse: the nouns and adjectives that
name or describe an actor (``the Yoon regime``, ``NATO, a US tool``, ``X is a puppet``).
"""

from __future__ import annotations

import json
import re
import threading
import zlib
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from typing import TYPE_CHECKING, Any

import numpy as np

from newsprism.errors import ExtractionError
from newsprism.model import Event, Label, Stance

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

EXTRACTOR = "newsprism.stance.linear.v1"
LABELS = ("negative", "neutral", "positive")
MODEL_FILE = "stance_model.npz"
NEGATIVE_BELOW = -0.15
POSITIVE_ABOVE = 0.15
TARGET = "<t>"

_TOKEN_RE = re.compile(r"[a-z]+(?=n't\b)|n't\b|\w+(?:[-']\w+)*|[^\w\s]", re.UNICODE)
_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})
_NEGATORS = frozenset({"not", "n't", "no", "never", "nor", "without", "neither", "nobody", "nothing", "hardly", "lack"})
_CLAUSE_BREAKS = frozenset(
    {",", ";", ":", "(", ")", "-", "—", "–", '"', "but", "while", "although", "though", "whereas"}
)
_SCOPE_END = frozenset({".", ",", ";", ":", "!", "?", "but", '"', "(", ")"})
_PRONOUNS = frozenset(
    {"he", "she", "him", "her", "his", "hers", "they", "them", "their", "it", "its", "i", "we", "you"}
)
_SPEECH = frozenset({"said", "says", "say", "told", "tells", "added", "wrote", "writes", "stated", "asked", "noted"})


@dataclass(frozen=True, slots=True)
class StanceScore:
    """Stance toward one target span: ``score`` in [-1, 1], ``label``, class probabilities."""

    score: float
    label: str
    probabilities: tuple[float, float, float]  # negative, neutral, positive

    @property
    def confidence(self) -> float:
        return max(self.probabilities)


@dataclass(frozen=True, slots=True)
class ActorStance:
    """An article's stance toward one actor, over ``evidence`` mentions."""

    actor_id: str
    score: float
    label: str
    evidence: int


# --- tokens and features ---------------------------------------------------------------


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Lower-cased word and punctuation tokens with character offsets (``n't`` split off)."""
    norm = text.translate(_QUOTE_MARKS).lower()
    return [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(norm)]


_BUCKETS = ("0:", "1:", "2:", "3:", "3:", "5:", "5:", "5:", "5:", "9:")  # by distance, 9 = 9 or more


def _negation_scan(words: Sequence[str], start: int = 0, left: int = 0) -> Iterator[tuple[bool, int]]:
    """Per word from ``start``: whether it is in a negator's scope, and the scope left after it.

    The scope is the rest of the clause, at most 4 words; ``left`` is the scope left before ``start``.
    """
    for j in range(start, len(words)):
        word = words[j]
        mark = False
        if word in _SCOPE_END:
            left = 0
        elif left:
            mark = True
            left -= 1
        if word in _NEGATORS:
            left = 4
        yield mark, left


def _negation_marks(words: Sequence[str]) -> list[bool]:
    """True for words in a negator's scope (the rest of the clause, at most 4 words)."""
    return [mark for mark, _ in _negation_scan(words)]


def _clause_ids(words: Sequence[str]) -> list[int]:
    clause, ids = 0, []
    for word in words:
        if word in _CLAUSE_BREAKS:
            clause += 1
        ids.append(clause)
    return ids


def _inside_quotes(words: Sequence[str], index: int) -> bool:
    return words[:index].count('"') % 2 == 1


def target_features(tokens: Sequence[tuple[str, int, int]], start: int, end: int) -> list[tuple[str, float]]:
    """Features of the target ``[start, end)`` in a tokenized sentence: (name, value) pairs.

    The target's tokens collapse into one ``<t>`` token; every other word yields a sentence
    feature, a distance-bucketed window feature on its side, and a same-clause feature.
    """
    return [(name, 1.0) for name in _target_names(tokens, start, end)]


def _target_names(tokens: Sequence[tuple[str, int, int]], start: int, end: int) -> list[str]:
    """The names of :func:`target_features` (all binary; a name listed twice counts twice)."""
    inside = [i for i, (_, s, e) in enumerate(tokens) if s < end and e > start]
    if not inside:
        inside = [min(range(len(tokens)), key=lambda i: abs(tokens[i][1] - start))] if tokens else []
    if not inside:
        return ["bias"]
    first, last = inside[0], inside[-1]
    target_words = [tokens[i][0] for i in inside]
    words = [w for w, _, _ in tokens[:first]] + [TARGET] + [w for w, _, _ in tokens[last + 1 :]]
    t = first
    negated = _negation_marks(words)
    clauses = _clause_ids(words)
    names = ["bias"]
    if len(target_words) == 1 and target_words[0] in _PRONOUNS:
        names.append("t:pron")
    if t == 0:
        names.append("t:first")
    if _inside_quotes(words, t):
        names.append("t:quoted")
    if '"' in words:
        names.append("s:quote")
    if any(w in _SPEECH for w in words[t + 1 : t + 3]) or any(w in _SPEECH for w in words[max(0, t - 2) : t]):
        names.append("t:speaker")
    here = clauses[t]
    append = names.append
    for i, word in enumerate(words):
        if i == t:
            continue
        w = "not_" + word if negated[i] else word
        append("w:" + w)
        append(("L" if i < t else "R") + _BUCKETS[min(abs(i - t), 9)] + w)
        if clauses[i] == here:
            append("c:" + w)
        if i + 1 < len(words):
            append("b:" + word + "_" + words[i + 1])
    if t > 0:
        append("b:" + words[t - 1] + "_" + TARGET)
    return names


def lexicon_features(
    tokens: Sequence[tuple[str, int, int]], start: int, end: int, lexicon: dict[str, float]
) -> list[tuple[str, float]]:
    """Derived-lexicon evidence: polarity sums over the sentence, the target's clause and near window.

    A word in a negator's scope counts with the opposite sign.
    """
    words = [w for w, s, e in tokens if not (s < end and e > start)]
    t = next((i for i, (_, s, e) in enumerate(tokens) if s < end and e > start), len(words))
    negated = _negation_marks(words)
    clauses = _clause_ids(words)
    here = clauses[min(t, len(words) - 1)] if words else 0
    sums = {"all": 0.0, "clause": 0.0, "near": 0.0}
    for i, word in enumerate(words):
        polarity = lexicon.get(word)
        if polarity is None:
            continue
        polarity = -polarity if negated[i] else polarity
        sums["all"] += polarity
        if clauses[i] == here:
            sums["clause"] += polarity
        if abs(i - t) <= 4:
            sums["near"] += polarity
    feats = []
    for name, value in sums.items():
        feats.append(("lex:" + name, value))
        feats.append((f"lexbin:{name}:{_polarity_bin(value)}", 1.0))
    return feats


def _polarity_bin(value: float) -> str:
    for bound, name in ((-0.6, "--"), (-0.2, "-"), (0.2, "0"), (0.6, "+")):
        if value < bound:
            return name
    return "++"


FEATURE_DOC = (
    "regex tokens, target collapsed to <t>; sentence unigrams and bigrams; left/right words by distance bucket "
    "(1,2,3-4,5-8,9+); same-clause words; negation scope (4 words, to punctuation); target is pronoun / first / "
    "quoted / speaker; derived lexicon sums (sentence, clause, +-4 words) raw and binned; crc32 hashing"
)


_HASHES: dict[str, int] = {}  # crc32 of feature names seen so far (bounded below)


def _crc(name: str) -> int:
    value = _HASHES.get(name)
    if value is None:
        if len(_HASHES) > 2_000_000:
            _HASHES.clear()
        value = _HASHES[name] = zlib.crc32(name.encode())
    return value


def hash_features(feats: Sequence[tuple[str, float]], dim: int) -> tuple[np.ndarray, np.ndarray]:
    """Feature names to row indexes (crc32 modulo ``dim``, a power of two) and values."""
    idx = np.array([_crc(name) for name, _ in feats], dtype=np.int64) & (dim - 1)
    return idx, np.array([value for _, value in feats], dtype=np.float64)


# --- the model --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StanceModel:
    """Hashed weights (``dim`` x 3), the derived lexicon and the training metadata."""

    weights: np.ndarray
    lexicon: dict[str, float]
    meta: dict[str, Any]

    @property
    def dim(self) -> int:
        return int(self.weights.shape[0])


def save_model(path: Any, weights: np.ndarray, lexicon: dict[str, float], meta: dict[str, Any]) -> None:
    """Write weights (float16), lexicon and metadata to ``path`` (.npz) and ``path`` .json beside it."""
    np.savez_compressed(
        path,
        weights=weights.astype(np.float16),
        lexicon=np.frombuffer(json.dumps(lexicon, sort_keys=True).encode(), dtype=np.uint8),
        meta=np.frombuffer(json.dumps(meta, sort_keys=True).encode(), dtype=np.uint8),
    )
    path.with_suffix(".json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", "utf-8")


@lru_cache(maxsize=1)
def load_stance_model() -> StanceModel:
    """The packaged model (loaded once per process).

    Raises:
        ExtractionError: the model file is missing (run ``scripts/train_stance.py``).
    """
    resource = resources.files("newsprism.extract").joinpath("data", MODEL_FILE)
    if not resource.is_file():
        raise ExtractionError(f"[E520] stance model {MODEL_FILE} is missing; run: python scripts/train_stance.py")
    with resource.open("rb") as handle, np.load(handle) as data:
        return StanceModel(
            weights=data["weights"].astype(np.float32),
            lexicon=json.loads(data["lexicon"].tobytes()),
            meta=json.loads(data["meta"].tobytes()),
        )


def _probabilities(model: StanceModel, names: list[str], dense: list[tuple[str, float]]) -> tuple[float, float, float]:
    """Class probabilities from feature names: the reference for :class:`_Batch` (which must match it)."""
    mask = model.dim - 1
    binary = [_crc(name) & mask for name in names]
    idx, val = hash_features(dense, model.dim)
    z = model.weights[binary].sum(axis=0) + val @ model.weights[idx]
    z = np.exp(z - z.max())
    p = z / z.sum()
    return float(p[0]), float(p[1]), float(p[2])


# --- fast scoring -------------------------------------------------------------------------
#
# _Batch scores many targets (an article's mentions) at once and gives, bit for bit, what
# _probabilities(model, _target_names(...), lexicon_features(...)) gives for each: the same feature
# hashes, their weights summed in the same order in float32. The work is arranged differently:
# - each sentence is tokenized once, with its negation scope and clause numbers (_Sentence);
# - each word's crc32 is computed once per process (_Vocabulary), and the hashes of its features
#   follow from it arithmetically (below), for all targets together with numpy.

# --- crc32 of joined strings ----------------------------------------------------------------
#
# Feature names are hashed with crc32, and zlib's CRC-32 of a concatenation follows from its parts'
# (zlib's crc32_combine): for byte strings, crc32(a + b) == _after_zeros(crc32(a), len(b)) ^ crc32(b), where
# _after_zeros(c, n) is the CRC register run over n zero bytes from c (no inversions), a linear map
# of c tabulated below per byte of c. With each word's crc32 known, the hashes of its features
# ("w:" + word, "b:" + word + "_" + next, ...) come out of numpy without building the names.

_ZERO_RUN = 64  # runs of zero bytes tabulated; longer ones are taken in steps


def _zero_tables() -> np.ndarray:
    """``tables[n, i, v]``: the register after ``n`` zero bytes from ``v << 8 * i``."""
    one_byte = np.arange(256, dtype=np.uint32)  # zlib's table: the register after a byte, from that byte
    for _ in range(8):
        one_byte = np.where(one_byte & 1, (one_byte >> 1) ^ np.uint32(0xEDB88320), one_byte >> 1)
    register = np.arange(256, dtype=np.uint32)[None, :] << (8 * np.arange(4, dtype=np.uint32))[:, None]
    tables = [register]
    for _ in range(_ZERO_RUN):
        register = one_byte[register & 0xFF] ^ (register >> 8)
        tables.append(register)
    return np.stack(tables)


_ZERO_TABLES = _zero_tables()


def _after_zeros(crc: np.ndarray, n: np.ndarray) -> np.ndarray:
    """``crc32(a)`` and ``len(b)`` (arrays) to ``crc32(a + b) ^ crc32(b)``."""
    crc, n = crc.astype(np.uint32), n.astype(np.intp)
    while (longer := n > _ZERO_RUN).any():
        crc[longer] = _after_zeros(crc[longer], np.full(int(longer.sum()), _ZERO_RUN))
        n[longer] -= _ZERO_RUN
    t = _ZERO_TABLES
    return t[n, 0, crc & 0xFF] ^ t[n, 1, (crc >> 8) & 0xFF] ^ t[n, 2, (crc >> 16) & 0xFF] ^ t[n, 3, crc >> 24]


# Feature columns of a word: crc32(_SLOT_PREFIXES[k] + word): 0-1 "w:" (plain, negated), 2-3 "c:", then
# the window left of the target (4 + 2 * distance + negated, distance 0..9 where 9 is 9 or more) and right
# of it (24 + ...). _BUCKETS repeats prefixes ("3:" is distance 3 and 4), so some columns agree.
_SLOT_PREFIXES = (
    "w:", "w:not_", "c:", "c:not_",
    *(side + bucket + neg for side in "LR" for bucket in _BUCKETS for neg in ("", "not_")),
)  # fmt: skip
_LEFT, _RIGHT = 4, 24
_PREFIX_CRCS = np.array([zlib.crc32(prefix.encode()) for prefix in _SLOT_PREFIXES], dtype=np.uint32)
# _PREFIX_ZEROS[n, k] = _after_zeros(crc32(prefix k), n): crc32(prefix k + word) = that ^ crc32(word)
_PREFIX_ZEROS = _after_zeros(
    np.tile(_PREFIX_CRCS, _ZERO_RUN + 1), np.repeat(np.arange(_ZERO_RUN + 1), len(_SLOT_PREFIXES))
).reshape(_ZERO_RUN + 1, len(_SLOT_PREFIXES))
_BIAS, _T_PRON, _T_FIRST, _T_QUOTED, _S_QUOTE, _T_SPEAKER = (
    zlib.crc32(name.encode()) for name in ("bias", "t:pron", "t:first", "t:quoted", "s:quote", "t:speaker")
)
# lexicon_features' names: "lex:" + part, then "lexbin:" + part + ":" + bin, for each part
_LEXICON_CRCS = {
    part: (
        zlib.crc32(f"lex:{part}".encode()),
        {b: zlib.crc32(f"lexbin:{part}:{b}".encode()) for b in ("--", "-", "0", "+", "++")},
    )
    for part in ("all", "clause", "near")
}


_BIGRAM_START = zlib.crc32(b"b:")


class _Vocabulary:
    """Word ids, and per id the word's crc32, that of ``"b:" + word + "_"`` and its length in bytes.

    Shared by the process; use it under :data:`_VOCABULARY_LOCK` (:meth:`trim` renumbers the words).
    """

    max_words = 200_000  # past this, trim() starts afresh

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.ids: dict[str, int] = {}
        self.crc = np.zeros(4096, dtype=np.uint32)
        self.bigram_crc = np.zeros(4096, dtype=np.uint32)
        self.length = np.zeros(4096, dtype=np.intp)
        self.target = self.lookup([TARGET])[0]

    def trim(self) -> None:
        if len(self.ids) > self.max_words:
            self.reset()

    def lookup(self, words: Sequence[str]) -> list[int]:
        """The words' ids (new words are added)."""
        ids = list(map(self.ids.get, words))
        if None in ids:
            ids = self._add(words, ids)
        return ids

    def _add(self, words: Sequence[str], ids: list[int | None]) -> list[int]:
        start = len(self.ids)
        new = []
        for k, word in enumerate(words):
            if ids[k] is None:
                i = self.ids.get(word)  # it may have come earlier in the list
                if i is None:
                    i = self.ids[word] = start + len(new)
                    new.append(word.encode())
                ids[k] = i
        end = start + len(new)
        while end > len(self.crc):
            self.crc, self.bigram_crc, self.length = (
                np.concatenate([a, np.zeros_like(a)]) for a in (self.crc, self.bigram_crc, self.length)
            )
        self.crc[start:end] = [zlib.crc32(data) for data in new]
        self.bigram_crc[start:end] = [zlib.crc32(b"_", zlib.crc32(data, _BIGRAM_START)) for data in new]
        self.length[start:end] = [len(data) for data in new]
        return ids  # type: ignore[return-value]  # no None left

    def columns(self, ids: np.ndarray, slots: np.ndarray) -> np.ndarray:
        """crc32(_SLOT_PREFIXES[slot] + word) for arrays of word ids and slots."""
        n = self.length[ids]
        out = _PREFIX_ZEROS[np.minimum(n, _ZERO_RUN), slots]
        longer = n > _ZERO_RUN
        if longer.any():
            out[longer] = _after_zeros(_PREFIX_CRCS[slots[longer]], n[longer])
        return out ^ self.crc[ids]

    def bigrams(self, ids: np.ndarray, next_ids: np.ndarray) -> np.ndarray:
        """crc32("b:" + word + "_" + next word) for arrays of word ids."""
        return _after_zeros(self.bigram_crc[ids], self.length[next_ids]) ^ self.crc[next_ids]


_VOCABULARY = _Vocabulary()
_VOCABULARY_LOCK = threading.Lock()


class _Sentence:
    """A tokenized sentence and what every target in it shares.

    ``negated`` and ``left`` (the negation scope left after each word) are the sentence's own, with no
    target collapsed; ``clause[j]`` counts clause breaks up to word ``j``; ``quotes[j]`` the ``"`` before it.
    """

    __slots__ = ("_hits", "clause", "ends", "left", "negated", "quotes", "starts", "words")

    def __init__(self, tokens: Sequence[tuple[str, int, int]]) -> None:
        self.words = words = [t[0] for t in tokens]
        self.starts = [t[1] for t in tokens]
        self.ends = [t[2] for t in tokens]
        scan = list(_negation_scan(words))  # as _negation_marks, keeping the state
        self.negated = [mark for mark, _ in scan]
        self.left = [left for _, left in scan]
        self.clause = list(accumulate(map(_CLAUSE_BREAKS.__contains__, words), initial=0))[1:]
        self.quotes = list(accumulate(map('"'.__eq__, words), initial=0))
        self._hits: tuple[dict[str, float], list[tuple[int, float]]] | None = None

    def hits(self, lexicon: dict[str, float]) -> list[tuple[int, float]]:
        """The words in ``lexicon``: ``(index, polarity)``."""
        if self._hits is None or self._hits[0] is not lexicon:
            self._hits = lexicon, [(j, lexicon[w]) for j, w in enumerate(self.words) if w in lexicon]
        return self._hits[1]

    def target(self, start: int, end: int) -> tuple[int, int, bool]:
        """The tokens ``first..last`` overlapping characters ``[start, end)``, and whether any does.

        If none does, the nearest token stands in (as in :func:`_target_names`). Needs a token.
        """
        first = bisect_right(self.ends, start)
        last = bisect_left(self.starts, end) - 1
        if first <= last:
            return first, last, True
        nearest = min(range(len(self.starts)), key=lambda i: abs(self.starts[i] - start))
        return nearest, nearest, False

    def suffix_marks(self, j0: int, left: int) -> list[bool]:
        """Negation marks of words ``j0, j0 + 1, ...`` when the scope left before ``j0`` is ``left``.

        Collapsing a target changes the scope only until the state meets the sentence's own (at most
        a few words); the list stops there and later words keep :attr:`negated`.
        """
        marks = []
        for j, (mark, after) in enumerate(_negation_scan(self.words, j0, left), start=j0):
            marks.append(mark)
            if after == self.left[j]:
                break
        return marks

    def head(self, first: int, last: int) -> list[int]:
        """The hashes of the features :func:`_target_names` lists before the words' ones."""
        words, quotes, n = self.words, self.quotes, len(self.words)
        head = [_BIAS]
        if first == last and words[first] in _PRONOUNS:
            head.append(_T_PRON)
        if first == 0:
            head.append(_T_FIRST)
        if quotes[first] % 2 == 1:
            head.append(_T_QUOTED)
        if quotes[first] + quotes[n] - quotes[last + 1]:
            head.append(_S_QUOTE)
        after, before = words[last + 1 : last + 3], words[max(0, first - 2) : first]
        if any(w in _SPEECH for w in after) or any(w in _SPEECH for w in before):
            head.append(_T_SPEAKER)
        return head


def _lexicon_sums(
    sent: _Sentence, hits: Sequence[tuple[int, float]], cut: tuple[int, int] | None
) -> tuple[float, float, float]:
    """The ``all / clause / near`` sums of :func:`lexicon_features` with the target tokens ``cut`` left out.

    ``hits`` are the sentence's lexicon words ``(index, polarity)``. With ``cut`` None (no token overlaps
    the target) nothing is left out and the target stands past the last word.
    """
    negated, clause = sent.negated, sent.clause
    n = len(sent.words)
    total = in_clause = near = 0.0
    if cut is None:
        here = clause[n - 1] if n else 0
        for j, polarity in hits:
            if negated[j]:
                polarity = -polarity
            total += polarity
            if clause[j] == here:
                in_clause += polarity
            if n - j <= 4:
                near += polarity
        return total, in_clause, near
    first, last = cut
    # Clause numbers after the cut continue from the one before it; the target's clause is that of
    # the first word after the cut (or the last word before it when nothing follows).
    before = clause[first - 1] if first else 0
    marks = sent.suffix_marks(last + 1, sent.left[first - 1] if first else 0)
    here = before + clause[last + 1] - clause[last] if last + 1 < n else before
    for j, polarity in hits:
        if j < first:
            neg, number, distance = negated[j], clause[j], first - j
        elif j > last:
            k = j - last - 1
            neg = marks[k] if k < len(marks) else negated[j]
            number, distance = before + clause[j] - clause[last], k
        else:
            continue
        if neg:
            polarity = -polarity
        total += polarity
        if number == here:
            in_clause += polarity
        if distance <= 4:
            near += polarity
    return total, in_clause, near


class _Batch:
    """Targets to score together (under :data:`_VOCABULARY_LOCK`); :meth:`probabilities` scores them all.

    The words of the targets' sentences are laid end to end (``ids``, ``negated``, ``clause`` and ``last``
    hold one value per word). A target's words are two runs of them, those before it and
    those after it; each word of a run is an *entry* and gives up to four features, in this order:
    ``w:``, the window feature, ``c:`` (same clause only) and the bigram with the next word.
    """

    def __init__(self, lexicon: dict[str, float]) -> None:
        self.lexicon = lexicon
        _VOCABULARY.trim()
        self.offsets: dict[_Sentence, int] = {}  # sentence -> index of its first word
        self.ids: list[int] = []
        self.negated: list[bool] = []
        self.clause: list[int] = []
        self.last: list[bool] = []  # a sentence's last word
        # per target: token range in the word lists, head features, lexicon sums
        self.spans: list[tuple[int, int, int, int]] = []  # sentence offset, first, last, sentence length
        self.heads: list[list[int]] = []
        self.dense_values: list[float] = []  # six per target
        self.dense_crcs: list[int] = []
        # per entry: the runs' entries, one target after another
        self.entries = 0
        self.flipped: list[int] = []  # entries whose negation mark differs from the sentence's own
        self.before_target: list[tuple[int, int]] = []  # (entry, word id): the bigram "b:word_<t>" (also last)

    def _offset(self, sent: _Sentence) -> int:
        offset = self.offsets.get(sent)
        if offset is None:
            offset = self.offsets[sent] = len(self.ids)
            self.ids += _VOCABULARY.lookup(sent.words)
            self.negated += sent.negated
            self.clause += sent.clause
            self.last += [False] * (len(sent.words) - 1)
            self.last.append(True)
        return offset

    def add(self, sent: _Sentence, start: int, end: int) -> None:
        """Add the target at characters ``[start, end)`` of ``sent``."""
        if not sent.words:
            self.spans.append((0, 0, -1, 0))
            self.heads.append([_BIAS])
            sums = (0.0, 0.0, 0.0)
        else:
            offset = self._offset(sent)
            first, last, overlaps = sent.target(start, end)
            n = len(sent.words)
            self.spans.append((offset, first, last, n))
            self.heads.append(sent.head(first, last))
            if first:
                self.before_target.append((self.entries + first - 1, self.ids[offset + first - 1]))
            # "<t>" counts as one word in the negation scope: a few words after it may differ
            state = sent.left[first - 1] if first else 0
            marks = sent.suffix_marks(last + 1, state - 1 if state else 0)
            after = self.entries + first  # the entry of word last + 1
            self.flipped += [after + k for k, mark in enumerate(marks) if mark != sent.negated[last + 1 + k]]
            self.entries += first + n - last - 1
            sums = _lexicon_sums(sent, sent.hits(self.lexicon), (first, last) if overlaps else None)
        for (raw, binned), value in zip(_LEXICON_CRCS.values(), sums, strict=True):
            self.dense_values += (value, 1.0)
            self.dense_crcs += (raw, binned[_polarity_bin(value)])

    def probabilities(self, model: StanceModel) -> list[tuple[float, float, float]]:
        """Each target's class probabilities, in the order added."""
        count = len(self.spans)
        if not count:
            return []
        features, target, position, length = self._features()
        # Sum each target's binary weights: a matrix per group of targets of similar length, one column
        # per target, its feature indexes down the column and then the zero row (index dim) below; the
        # sum over axis 0 adds a target's weights one by one in float32, in feature order, exactly as
        # weights[idx].sum(axis=0) does (a pairwise sum, as np.add.reduceat's, would differ).
        mask = model.dim - 1
        padded = _padded(model.weights)
        z32 = np.empty((count, 3), dtype=np.float32)
        group_of = np.empty(count, dtype=np.intp)
        column = np.empty(count, dtype=np.intp)
        groups = _similar_lengths(length.tolist())
        for g, members in enumerate(groups):
            group_of[members] = g
            column[members] = np.arange(len(members))
        for g, members in enumerate(groups):
            chosen = group_of[target] == g if len(groups) > 1 else slice(None)
            index = np.full((length[members[-1]], len(members)), model.dim, dtype=np.intp)
            index[position[chosen], column[target[chosen]]] = features[chosen] & mask
            z32[members] = np.take(padded, index, axis=0).sum(axis=0)
        values = np.array(self.dense_values, dtype=np.float64).reshape(count, 1, 6)
        dense = np.take(model.weights, (np.array(self.dense_crcs, dtype=np.int64) & mask).reshape(count, 6), axis=0)
        z = z32 + np.matmul(values, dense)[:, 0, :]  # per target: (6,) @ (6, 3), as val @ weights[idx]
        z = np.exp(z - z.max(axis=1, keepdims=True))
        p = z / z.sum(axis=1, keepdims=True)
        return [(a, b, c) for a, b, c in p.tolist()]

    def _features(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """All targets' binary feature hashes with their target and position, and each target's count."""
        count = len(self.spans)
        offset, first, last, n = np.array(self.spans, dtype=np.intp).reshape(count, 4).T
        # the runs, two per target: words before it, words after it
        run_start = np.column_stack([offset, offset + last + 1]).ravel()
        run_length = np.column_stack([first, n - last - 1]).ravel()
        anchor = np.column_stack([offset + first, offset + last]).ravel()  # window distance = |word - anchor|
        same_as = np.column_stack([offset + first - 1, offset + last]).ravel()  # "c:" = in this word's clause
        run = np.repeat(np.arange(2 * count), run_length)
        word = np.arange(len(run)) - np.repeat(np.cumsum(run_length) - run_length - run_start, run_length)
        doc_ids = np.array(self.ids, dtype=np.intp)
        ids = doc_ids[word]
        negated = np.array(self.negated, dtype=np.intp)[word]
        negated[self.flipped] ^= 1
        right = run % 2 == 1
        window = np.where(right, _RIGHT, _LEFT) + 2 * np.minimum(np.abs(word - anchor[run]), 9) + negated
        bigram = _VOCABULARY.bigrams(doc_ids[:-1], doc_ids[1:])  # of each word with the next in the list
        columns = np.column_stack([
            _VOCABULARY.columns(ids, negated), _VOCABULARY.columns(ids, window),
            _VOCABULARY.columns(ids, 2 + negated), np.append(bigram, 0)[word],
        ])  # fmt: skip
        present = np.ones(columns.shape, dtype=bool)
        clause = np.array(self.clause, dtype=np.intp)
        present[:, 2] = clause[word] == clause[same_as[run]]
        present[:, 3] = ~np.array(self.last, dtype=bool)[word]  # a sentence's last word has no bigram
        before_target = np.zeros(0, dtype=np.uint32)
        if self.before_target:
            entries, previous = (np.array(x, dtype=np.intp) for x in zip(*self.before_target, strict=True))
            before_target = _VOCABULARY.bigrams(previous, np.full(len(previous), _VOCABULARY.target))
            columns[entries, 3] = before_target
        body = columns[present]
        body_target = np.broadcast_to((run // 2)[:, None], columns.shape)[present]
        body_length = np.bincount(body_target, minlength=count)
        head_length = np.array([len(h) for h in self.heads], dtype=np.intp)
        has_tail = first > 0  # the bigram before the target, once more at the end
        tail_target = np.flatnonzero(has_tail)
        body_position = (
            head_length[body_target] + np.arange(len(body)) - (np.cumsum(body_length) - body_length)[body_target]
        )
        heads = [crc for head in self.heads for crc in head]
        features = np.concatenate([np.array(heads, dtype=np.uint32), body, before_target])
        target = np.concatenate([np.repeat(np.arange(count), head_length), body_target, tail_target])
        position = np.concatenate([
            np.arange(len(heads)) - np.repeat(np.cumsum(head_length) - head_length, head_length), body_position,
            (head_length + body_length)[tail_target],
        ])  # fmt: skip
        return features, target, position, head_length + body_length + has_tail


def _similar_lengths(lengths: Sequence[int]) -> list[list[int]]:
    """Target indexes by length, in groups whose padding to the group's longest stays small."""
    groups: list[list[int]] = []
    total = 0
    for i in sorted(range(len(lengths)), key=lengths.__getitem__):
        n = lengths[i]
        if groups and (len(groups[-1]) + 1) * n <= 2 * (total + n) + 4096:
            groups[-1].append(i)
            total += n
        else:
            groups.append([i])
            total = n
    return groups


_PADDED: list[tuple[np.ndarray, np.ndarray]] = []  # (weights, weights with a zero row appended)


def _padded(weights: np.ndarray) -> np.ndarray:
    if not _PADDED or _PADDED[0][0] is not weights:
        _PADDED[:] = [(weights, np.vstack([weights, np.zeros((1, weights.shape[1]), dtype=weights.dtype)]))]
    return _PADDED[0][1]


def _score_tokens(model: StanceModel, tokens: Sequence[tuple[str, int, int]], start: int, end: int) -> StanceScore:
    with _VOCABULARY_LOCK:
        batch = _Batch(model.lexicon)
        batch.add(_Sentence(tokens), start, end)
        return _stance_score(batch.probabilities(model)[0])


def _stance_score(probs: tuple[float, float, float]) -> StanceScore:
    return StanceScore(score=probs[2] - probs[0], label=LABELS[probs.index(max(probs))], probabilities=probs)


def target_stance(text: str, start: int, end: int) -> StanceScore:
    """Stance of the sentence ``text`` toward the target at characters ``[start, end)``.

    Args:
        text: one sentence (or a short passage) containing the target.
        start: the target's first character.
        end: one past its last character.
    """
    return _score_tokens(load_stance_model(), tokenize(text), start, end)


# --- articles ---------------------------------------------------------------------------

SPEAKER_WEIGHT = 0.5  # a mention that is a quote's speaker: the sentence mostly says what it thinks of others


def _label(score: float) -> str:
    if score < NEGATIVE_BELOW:
        return "negative"
    return "positive" if score > POSITIVE_ABOVE else "neutral"


def _speaker_spans(quotes: Sequence[dict[str, Any]] | None) -> list[tuple[int, int]]:
    spans = []
    for quote in quotes or ():
        start, end = quote.get("speaker_start"), quote.get("speaker_end")
        if start is not None and end is not None:
            spans.append((int(start), int(end)))
    return spans


def document_stances(
    doc_text: str,
    sentences: Sequence[tuple[int, int]],
    mentions: Sequence[tuple[int, int, str | None]],
    quotes: Sequence[dict[str, Any]] | None = None,
) -> list[ActorStance]:
    """Each actor's stance in one article, from the sentences that mention it.

    Every mention is scored on its own sentence; an actor's score is the mean of its mentions'
    scores weighted by confidence (times :data:`SPEAKER_WEIGHT` where the mention is a quote's
    speaker); its label follows :data:`NEGATIVE_BELOW` / :data:`POSITIVE_ABOVE`.

    Args:
        doc_text: the article's cleaned text.
        sentences: sentence ``(start, end)`` character spans, in order.
        mentions: ``(start, end, actor_id)`` of each actor mention (``None`` ids are skipped).
        quotes: quote records as dicts (``model.Quote`` fields); only ``speaker_start/_end`` are read.

    Returns:
        One :class:`ActorStance` per actor, in order of first mention.
    """
    model = load_stance_model()
    speakers = _speaker_spans(quotes)
    starts = [s for s, _ in sentences]
    parsed: dict[int, _Sentence] = {}
    scored: list[tuple[int, int, str]] = []
    with _VOCABULARY_LOCK:
        batch = _Batch(model.lexicon)
        for start, end, actor_id in mentions:
            if actor_id is None:
                continue
            index = bisect_right(starts, start) - 1
            if index < 0 or start >= sentences[index][1]:
                continue
            s_start, s_end = sentences[index]
            if index not in parsed:
                parsed[index] = _parsed_sentence(doc_text[s_start:s_end])
            batch.add(parsed[index], start - s_start, min(end, s_end) - s_start)
            scored.append((start, end, actor_id))
        probabilities = batch.probabilities(model)
    totals: dict[str, list[float]] = {}
    for (start, end, actor_id), probs in zip(scored, probabilities, strict=True):
        weight = max(probs)  # StanceScore.confidence; probs[2] - probs[0] is its score
        if any(a <= start and end <= b for a, b in speakers):
            weight *= SPEAKER_WEIGHT
        total = totals.setdefault(actor_id, [0.0, 0.0, 0.0])
        total[0] += weight * (probs[2] - probs[0])
        total[1] += weight
        total[2] += 1
    return [
        ActorStance(actor_id, round(t[0] / t[1], 4), _label(t[0] / t[1]), int(t[2]))
        for actor_id, t in totals.items()
        if t[1] > 0
    ]


# Sentences document_stances has tokenized, by text: article_tone, called next on the same article,
# reads their words and negation marks instead of tokenizing them again.
_PARSED: dict[str, _Sentence] = {}


def _parsed_sentence(text: str) -> _Sentence:
    sent = _PARSED.get(text)
    if sent is None:
        if len(_PARSED) > 4096:
            _PARSED.clear()
        sent = _PARSED[text] = _Sentence(tokenize(text))
    return sent


def article_tone(doc_text: str, sentences: Sequence[tuple[int, int]] | None = None) -> float:
    """The article's overall tone in [-1, 1], target-independent.

    Each sentence's derived-lexicon sum (negators flip the next words) is squashed with
    ``tanh``; the tone is their mean.  Without ``sentences`` the text is split at ``.!?``.
    """
    lexicon = load_stance_model().lexicon
    if sentences is None:
        sentences = [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]*", doc_text)]
    values = []
    for start, end in sentences:
        text = doc_text[start:end]
        sent = _PARSED.get(text)
        if sent is not None:
            if not sent.words:
                continue
            negated = sent.negated
            # Only lexicon words: the other words add 0.0 (or -0.0), which leaves a float sum unchanged.
            total = sum(-p if negated[j] else p for j, p in sent.hits(lexicon))
        else:
            words = _TOKEN_RE.findall(text.translate(_QUOTE_MARKS).lower())  # the words of tokenize()
            if not words:
                continue
            marks = _negation_marks(words)
            total = sum(-lexicon.get(w, 0.0) if n else lexicon.get(w, 0.0) for w, n in zip(words, marks, strict=True))
        values.append(float(np.tanh(total)))
    return round(sum(values) / len(values), 4) if values else 0.0


# --- word choice ------------------------------------------------------------------------

# Nouns that, heading a phrase around an actor's name, name or frame the actor itself
# ("the Yoon regime", "US hegemony", "Beijing's puppet"), as opposed to events or places.
NAMING_NOUNS = frozenset(
    """regime government administration authorities authority leadership puppet puppets ally allies partner
    partners hegemony hegemon dictatorship dictator junta clique bloc alliance camp forces military army
    aggression aggressor aggressors expansion expansionism imperialism propaganda threat tool lackey proxy
    proxies friend friends enemy enemies adversary adversaries rival rivals foe foes terrorists militants
    rebels separatists extremists hardliners hawks warmongers elite elites cabal establishment machine
    empire superpower power powers leader leaders strongman tyrant despot""".split()
)
_LABEL_POS = frozenset({"NOUN", "ADJ"})
_NAMING_VERBS = frozenset({"call", "label", "brand", "dub", "name", "term", "consider", "deem"})


_NAME_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})


def _is_label_word(t: Token) -> bool:
    """A common noun or adjective, not part of a name ("mok" in "Choi Sang-mok" is not a label)."""
    return (
        t.pos_ in _LABEL_POS and t.text.isalpha() and not t.is_stop and not t.text[:1].isupper()
        and not (t.ent_type_ in _NAME_ENTITIES and t.ent_iob_ == "I")
    )  # fmt: skip


def _label_words(token: Token, inside: range) -> list[str]:
    """``token`` itself (a noun or adjective) and its adjective modifiers, lower-cased lemmas."""
    out = []
    for t in (token, *(c for c in token.children if c.dep_ in ("amod", "compound") and c.i not in inside)):
        if _is_label_word(t):
            out.append(t.lemma_.lower())
    return out


def _mention_labels(doc: Doc, start: int, end: int) -> list[str]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return []
    inside = range(span.start, span.end)
    head = span.root
    words = [t.lemma_.lower() for t in span if _is_label_word(t)]
    words += [w for c in head.children if c.i not in inside and c.dep_ == "amod" for w in _label_words(c, inside)]
    phrase = head
    if head.dep_ in ("compound", "poss", "nmod", "amod") and head.head.pos_ == "NOUN" and head.head.i not in inside:
        if head.head.lemma_.lower() in NAMING_NOUNS or head.head.lower_ in NAMING_NOUNS:
            phrase = head.head
            words += _label_words(phrase, inside)
    return words + _described_as(phrase, inside)


def _described_as(phrase: Token, inside: range) -> list[str]:
    """Appositions, predicate nominals and ``called X a Y`` objects of the actor's phrase."""
    words = []
    for child in phrase.children:
        if child.dep_ == "appos" and child.i not in inside:
            words += _label_words(child, inside)
    if phrase.dep_ == "appos" and phrase.head.i not in inside:
        words += _label_words(phrase.head, inside)
    verb = phrase.head
    if (phrase.dep_ in ("nsubj", "nsubjpass") and verb.lemma_ == "be") or (
        phrase.dep_ == "dobj" and verb.lemma_ in _NAMING_VERBS
    ):
        for child in verb.children:
            if child.dep_ in ("attr", "acomp", "oprd") and child.i not in inside:
                words += _label_words(child, inside)
    return words


def actor_labels_from_doc(doc: Doc, mentions: Sequence[tuple[int, int, str | None]]) -> list[tuple[str, str, int]]:
    """The nouns and adjectives an article uses to name or describe each actor, with counts.

    Read from the parse around each mention: common nouns and adjectives inside the mention
    ("the Yoon *government*"), adjectives on its head ("the *aggressive* NATO"), appositions
    ("NATO, a US *tool*"), predicate nominals and adjectives ("X is a *puppet*"), and a
    naming noun (:data:`NAMING_NOUNS`) that the mention modifies ("the Yoon *regime*",
    "US *hegemony*").

    Returns:
        ``(actor_id, word, count)`` sorted by actor, then count (descending), then word.
    """
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for start, end, actor_id in mentions:
        if actor_id is not None:
            counts[actor_id].update(_mention_labels(doc, start, end))
    return [(a, w, n) for a in sorted(counts) for w, n in sorted(counts[a].items(), key=lambda x: (-x[1], x[0]))]


def actor_labels(
    doc_text: str, mentions: Sequence[tuple[int, int, str | None]], *, nlp: Any = None
) -> list[tuple[str, str, int]]:
    """:func:`actor_labels_from_doc` on ``doc_text`` parsed by ``nlp`` (default: the pinned model)."""
    if nlp is None:
        from newsprism.annotate.nlp import load_nlp
        from newsprism.settings import load_settings

        settings = load_settings().annotate
        nlp = load_nlp(settings.model, settings.model_version)
    return actor_labels_from_doc(nlp(doc_text), mentions)


# --- combined actor stance ----------------------------------------------------------------

MENTION_WEIGHT = 0.6  # one scored mention (about the model's mean top-class probability on news)
EVENT_WEIGHT = 0.5  # one event the actor takes part in, against at most 1 per scored mention
LABEL_WEIGHT = 1.0  # one framing word used of the actor
DERIVED_LABEL_MIN = 0.3  # a label word not in _framing.toml counts when the derived lexicon is this strong
# What an event says about its source's portrayal: conflict done (QuadClass 3, 4) is negative, cooperation
# offered (1, 2) mildly positive. Targets are not scored: being accused or aided says more about the source.
_EVENT_SOURCE_SCORE = {1: 0.3, 2: 0.4, 3: -0.5, 4: -0.7}
_NOT_FACTUAL = frozenset({"negated", "hypothetical"})


@lru_cache(maxsize=1)
def framing_lexicon() -> dict[str, float]:
    """Framing word -> value in [-1, 1], from ``extract/_framing.toml``."""
    import tomllib

    data = tomllib.loads(resources.files("newsprism.extract").joinpath("_framing.toml").read_text("utf-8"))
    return {str(k): float(v) for k, v in data["words"].items()}


def label_value(word: str) -> float | None:
    """How a label word used of an actor colours the stance toward it, or None when it does not."""
    curated = framing_lexicon().get(word)
    if curated is not None:
        return curated
    derived = load_stance_model().lexicon.get(word)
    return derived if derived is not None and abs(derived) >= DERIVED_LABEL_MIN else None


def actor_stances(
    doc_id: str,
    doc_text: str,
    sentences: Sequence[tuple[int, int]],
    mentions: Sequence[tuple[int, int, str | None]],
    *,
    quotes: Sequence[dict[str, Any]] | None = None,
    events: Sequence[Event] = (),
    labels: Sequence[Label] = (),
) -> list[Stance]:
    """Each actor's stance in one article from three kinds of evidence.

    1. the stance model over the sentences that mention the actor (:func:`document_stances`),
       its mean weighing :data:`MENTION_WEIGHT` per mention;
    2. the events the actor is a source of, each weighing :data:`EVENT_WEIGHT`: conflict it does
       scores negative, cooperation it offers positive (negated and hypothetical events skipped);
    3. the words the article uses to name or describe it (:func:`actor_labels_from_doc`), each
       occurrence weighing :data:`LABEL_WEIGHT` with its value from ``_framing.toml``, or from the
       derived lexicon when strong.

    The score is the weighted mean, labelled with the same thresholds as the model alone.
    ``evidence`` counts mentions, events and label words; ``model_score`` keeps part 1 alone.
    """
    parts: dict[str, list[float]] = {}  # actor -> [weighted sum, weight, evidence]
    model_scores: dict[str, float] = {}
    order: list[str] = []

    def add(actor_id: str, value: float, weight: float, evidence: int) -> None:
        if actor_id not in parts:
            parts[actor_id] = [0.0, 0.0, 0]
            order.append(actor_id)
        total = parts[actor_id]
        total[0] += weight * value
        total[1] += weight
        total[2] += evidence

    for stance in document_stances(doc_text, sentences, mentions, quotes):
        add(stance.actor_id, stance.score, MENTION_WEIGHT * stance.evidence, stance.evidence)
        model_scores[stance.actor_id] = stance.score
    for event in events:
        if _NOT_FACTUAL & set(event.context):
            continue
        value = _EVENT_SOURCE_SCORE.get(event.quad_class)
        if value is None:
            continue
        for actor_id in event.source_ids:
            if actor_id in parts:
                add(actor_id, value, EVENT_WEIGHT, 1)
    for label in labels:
        value = label_value(label.word)
        if value is not None and label.actor_id in parts:
            add(label.actor_id, value, LABEL_WEIGHT * label.count, label.count)
    out = []
    for actor_id in order:
        total, weight, evidence = parts[actor_id]
        if weight <= 0:
            continue
        score = max(-1.0, min(1.0, total / weight))
        out.append(Stance(doc_id, actor_id, round(score, 4), _label(score), int(evidence), model_scores.get(actor_id)))
    return out
